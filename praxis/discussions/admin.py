
from typing import Any

from django.contrib import admin

from .models import Answer, Bookmark, Playlist, PlaylistItem, Question


class AnswerInline(admin.TabularInline[Answer, Any]):
    model = Answer
    extra = 0
    raw_id_fields = ["author"]
    fields = ["author", "body", "useful_count", "created_at"]
    readonly_fields = ["created_at"]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin[Question]):
    list_display = ["__str__", "content", "author", "is_anonymous", "answer_count", "created_at"]
    list_filter = ["is_anonymous"]
    search_fields = ["body", "content__title"]
    raw_id_fields = ["content", "author", "accepted_answer"]
    inlines = [AnswerInline]


@admin.register(Bookmark)
class BookmarkAdmin(admin.ModelAdmin[Bookmark]):
    list_display = ["user", "content", "created_at"]
    raw_id_fields = ["user", "content"]


class PlaylistItemInline(admin.TabularInline[PlaylistItem, Any]):
    model = PlaylistItem
    extra = 0
    raw_id_fields = ["content"]


@admin.register(Playlist)
class PlaylistAdmin(admin.ModelAdmin[Playlist]):
    list_display = ["name", "owner", "updated_at"]
    raw_id_fields = ["owner"]
    inlines = [PlaylistItemInline]
