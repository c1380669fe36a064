
from typing import Any

from django.contrib import admin

from .models import (
    CalendarFeed,
    Event,
    EventMessage,
    EventSession,
    Material,
    Registration,
    SeminarPiece,
    WhitePaper,
)


class SessionInline(admin.TabularInline[EventSession, Any]):
    model = EventSession
    extra = 0


@admin.register(Event)
class EventAdmin(admin.ModelAdmin[Event]):
    list_display = ["title", "kind", "starts_at", "city", "institution", "status", "capacity"]
    list_filter = ["kind", "status", "country"]
    search_fields = ["title", "city"]
    raw_id_fields = ["created_by", "institution", "replay"]
    inlines = [SessionInline]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin[Registration]):
    list_display = ["event", "user", "status", "queued_at", "attended", "reminder_sent_at"]
    list_filter = ["status"]
    raw_id_fields = ["event", "user"]


@admin.register(WhitePaper)
class WhitePaperAdmin(admin.ModelAdmin[WhitePaper]):
    list_display = ["title", "event", "version", "status", "published_at"]
    list_filter = ["status"]
    raw_id_fields = ["event", "created_by", "reviewed_by"]


admin.site.register(SeminarPiece, raw_id_fields=["event", "created_by"])
admin.site.register(EventMessage, raw_id_fields=["event", "author"])
admin.site.register(Material, raw_id_fields=["event"])
admin.site.register(CalendarFeed, list_display=["user", "created_at", "revoked_at"], raw_id_fields=["user"],
                    exclude=["token"])
