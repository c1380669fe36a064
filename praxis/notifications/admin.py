from django.contrib import admin

from .models import DigestRun, Notification, Preference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin[Notification]):
    list_display = ["recipient", "kind", "action", "created_at", "read_at", "emailed_at"]
    list_filter = ["kind", "action"]
    raw_id_fields = ["recipient", "actor", "audit_entry"]


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin[Preference]):
    list_display = ["user", "kind", "channel", "enabled", "updated_at"]
    list_filter = ["kind", "channel", "enabled"]
    raw_id_fields = ["user"]


@admin.register(DigestRun)
class DigestRunAdmin(admin.ModelAdmin[DigestRun]):
    list_display = ["user", "week_start", "item_count", "sent_at"]
    raw_id_fields = ["user"]
