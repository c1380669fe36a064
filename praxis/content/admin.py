"""Admin of knowledge content: the theme taxonomy (admins edit it) and a read-mostly view of the pieces.

Status changes go through the review workflow's services, so the admin shows them without editing them.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .models import Content, Theme


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin[Theme]):
    list_display = ["name", "name_nl", "name_en", "slug", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    list_editable = ["name_nl", "name_en", "is_active"]
    search_fields = ["name", "name_nl", "name_en", "slug"]
    fields = ["name", "name_nl", "name_en", "slug", "kind", "is_active"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Content)
class ContentAdmin(admin.ModelAdmin[Content]):
    list_display = ["title", "kind", "status", "visibility", "author", "version", "published_at", "view_count"]
    list_filter = ["kind", "status", "visibility", "language", "document_text_status", "themes"]
    search_fields = ["title", "summary", "author__email", "author__last_name"]
    list_select_related = ["author"]
    raw_id_fields = ["author", "revision_of", "reviewed_by", "institution", "community"]
    filter_horizontal = ["themes"]
    date_hierarchy = "created_at"
    readonly_fields = ["status", "version", "revision_of", "published_at", "reviewed_by", "reviewed_at", "view_count",
                       "document_mime", "document_size", "document_text_status", "body_html", "created_at",
                       "updated_at"]
    fieldsets = [
        (None, {"fields": ["kind", "title", "slug", "summary", "body", "document", "author", "themes"]}),
        (_("Audience"), {"fields": ["target_professions", "language", "countries", "visibility", "institution",
                                    "community"]}),
        (_("Sources and declarations"), {"fields": ["references", "licence", "coi_none", "coi_statement"]}),
        (_("Workflow"), {"fields": ["status", "version", "revision_of", "published_at", "reviewed_by",
                                    "reviewed_at", "view_count", "document_mime", "document_size",
                                    "document_text_status", "created_at", "updated_at"]}),
    ]


# --- media pipeline ---
from .models import CaptionTrack, Upload, VideoAsset  # noqa: E402


@admin.register(CaptionTrack)
class CaptionTrackAdmin(admin.ModelAdmin[CaptionTrack]):
    """Captions per capsule and language; read-only (authors send them from the capsule's video page, where they are
    checked)."""

    list_display = ["content", "language", "source_format", "updated_at"]
    list_filter = ["language", "source_format"]
    search_fields = ["content__title"]
    list_select_related = ["content"]
    readonly_fields = ["content", "language", "source_format", "cues", "created_at", "updated_at"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(VideoAsset)
class VideoAssetAdmin(admin.ModelAdmin[VideoAsset]):
    """Processing state of each capsule video; read-only (the pipeline writes it)."""

    list_display = ["content", "status", "duration", "width", "height", "processing_seconds", "attempts",
                    "updated_at"]
    list_filter = ["status"]
    search_fields = ["content__title", "source_name"]
    list_select_related = ["content"]
    readonly_fields = [field.name for field in VideoAsset._meta.fields]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Upload)
class UploadAdmin(admin.ModelAdmin[Upload]):
    """Resumable uploads in progress (abandoned ones are purged every hour after they expire)."""

    list_display = ["pk", "content", "owner", "filename", "offset", "length", "expires_at", "completed_at"]
    list_select_related = ["content", "owner"]
    readonly_fields = [field.name for field in Upload._meta.fields]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
