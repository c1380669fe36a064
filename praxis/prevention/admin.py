from django.contrib import admin

from .models import DomainService, Screening


@admin.register(Screening)
class ScreeningAdmin(admin.ModelAdmin):
    """Read-only: a screening is an anonymous fact, never edited by hand."""

    list_display = ["screened_on", "instrument_version", "run_by", "age_band", "country", "area"]
    list_filter = ["instrument_version", "run_by", "country", "area"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(DomainService)
class DomainServiceAdmin(admin.ModelAdmin):
    """Which directory services the result page proposes for each flagged ICOPE domain."""

    list_display = ["domain", "service", "publics", "position"]
    list_filter = ["domain"]
    list_editable = ["position"]
    autocomplete_fields = ["service"]
