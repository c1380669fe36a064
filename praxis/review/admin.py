from django.contrib import admin

from .models import Flag, ReviewerTheme, Submission


@admin.register(ReviewerTheme)
class ReviewerThemeAdmin(admin.ModelAdmin[ReviewerTheme]):
    list_display = ["reviewer", "theme", "created_at"]
    list_filter = ["theme"]
    search_fields = ["reviewer__email", "reviewer__last_name", "theme__name"]
    autocomplete_fields = ["reviewer"]


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin[Submission]):
    list_display = ["content", "submitted_at", "reviewer", "decision", "decided_at"]
    list_filter = ["decision"]
    search_fields = ["content__title"]
    raw_id_fields = ["content", "reviewer"]
    readonly_fields = ["submitted_at"]


@admin.register(Flag)
class FlagAdmin(admin.ModelAdmin[Flag]):
    list_display = ["content", "reason", "status", "created_at", "handled_by"]
    list_filter = ["status", "reason"]
    raw_id_fields = ["content", "reporter", "handled_by"]
