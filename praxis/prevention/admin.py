from django.contrib import admin

from .models import DomainService, Screening, Toolbox, ToolboxSection


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


class ToolboxSectionInline(admin.TabularInline):
    model = ToolboxSection
    extra = 0
    fields = ["position", "title"]


@admin.register(Toolbox)
class ToolboxAdmin(admin.ModelAdmin):
    """For platform admins: see every toolbox and who maintains it. Curating is done on the toolbox's own pages,
    where every change goes through the version check and the audit log."""

    list_display = ["title", "institution", "audience", "visibility", "status", "version", "updated_at"]
    list_filter = ["status", "visibility", "audience"]
    search_fields = ["title"]
    readonly_fields = ["version", "created_by", "created_at", "updated_at", "published_at"]
    autocomplete_fields = ["institution"]
    inlines = [ToolboxSectionInline]

    def has_change_permission(self, request, obj=None) -> bool:
        return False
