from django.contrib import admin

from .models import IndexWatermark, SearchEntry


@admin.register(SearchEntry)
class SearchEntryAdmin(admin.ModelAdmin[SearchEntry]):
    list_display = ["title", "kind", "object_id", "language", "is_reviewed", "date", "indexed_at"]
    list_filter = ["kind", "language", "is_reviewed"]
    search_fields = ["title"]
    readonly_fields = [field.name for field in SearchEntry._meta.fields]


@admin.register(IndexWatermark)
class IndexWatermarkAdmin(admin.ModelAdmin[IndexWatermark]):
    list_display = ["kind", "indexed_until"]
