from django.contrib import admin

from .models import AlertDelivery, JobMessage, JobOffer, SavedSearch


@admin.register(JobOffer)
class JobOfferAdmin(admin.ModelAdmin[JobOffer]):
    list_display = ["title", "institution", "contract", "city", "region", "closing_date", "status"]
    list_filter = ["status", "contract", "region"]
    search_fields = ["title", "city", "institution__name"]
    raw_id_fields = ["institution", "posted_by"]


admin.site.register(JobMessage, raw_id_fields=["offer", "sender"])
admin.site.register(SavedSearch, list_display=["name", "user", "created_at", "last_alert_at"], raw_id_fields=["user"])
admin.site.register(AlertDelivery, raw_id_fields=["saved_search", "offer"])
