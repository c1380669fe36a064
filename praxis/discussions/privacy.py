"""What discussions keep when a member deletes their account (called by `accounts.services.member_erase`).

Kept, shown as "Former member": their answers (they answer someone's question) and their questions that others
answered (the answers would go with them). Deleted: their questions nobody else answered, their votes (the counts
shown go down), bookmarks and playlists.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, F, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from praxis.accounts.models import User
from praxis.core.personal_data import Holding, OnErasure

from .models import Answer, AnswerVote, Bookmark, ContentVote, Playlist, PlaylistItem, PostRevision, Question

PERSONAL_DATA = [
    Holding("discussions.Question", ("author", "body"), purpose=_("the questions you ask under contents"),
            on_erasure=OnErasure.DETACHED),
    Holding("discussions.Answer", ("author", "body"), purpose=_("your answers to questions"),
            on_erasure=OnErasure.DETACHED),
    Holding("discussions.PostRevision", ("edited_by", "body"),
            purpose=_("earlier versions of your questions and answers, kept for the moderators"),
            on_erasure=OnErasure.DELETED),
    Holding("discussions.ContentVote", ("user",), purpose=_("your “useful” votes on contents"),
            on_erasure=OnErasure.DELETED),
    Holding("discussions.AnswerVote", ("user",), purpose=_("your “useful” votes on answers"),
            on_erasure=OnErasure.DELETED),
    Holding("discussions.Bookmark", ("user",), purpose=_("the contents you bookmarked"), on_erasure=OnErasure.DELETED),
    Holding("discussions.Playlist", ("owner", "name"), purpose=_("your playlists"), on_erasure=OnErasure.DELETED),
]


def export_member(*, member: User) -> dict[str, Any]:
    return {
        "questions": list(Question.objects.filter(author=member).order_by("created_at").values(
            "id", "content_id", "body", "is_anonymous", "created_at")),
        "answers": list(Answer.objects.filter(author=member).order_by("created_at").values(
            "id", "question_id", "body", "useful_count", "created_at")),
        "earlier_versions": list(PostRevision.objects.filter(
            Q(question__author=member) | Q(answer__author=member)).order_by("replaced_at").values(
            "question_id", "answer_id", "version", "body", "replaced_at")),
        "content_votes": list(ContentVote.objects.filter(user=member).values("content_id", "created_at")),
        "answer_votes": list(AnswerVote.objects.filter(user=member).values("answer_id", "created_at")),
        "bookmarks": list(Bookmark.objects.filter(user=member).values("content_id", "created_at")),
        "playlists": [
            {"name": playlist.name, "created_at": playlist.created_at,
             "contents": list(PlaylistItem.objects.filter(playlist=playlist).order_by("position").values_list(
                 "content_id", flat=True))}
            for playlist in Playlist.objects.filter(owner=member).order_by("created_at")
        ],
    }


def erase_member(*, member: User, former_member: User) -> None:
    # Earlier versions of their own texts go (what stays is detached); revisions they made of others' keep no name.
    PostRevision.objects.filter(Q(question__author=member) | Q(answer__author=member)).delete()
    Answer.objects.filter(pk__in=AnswerVote.objects.filter(user=member).values("answer_id")).update(
        useful_count=F("useful_count") - 1
    )
    answered_by_others = Exists(Answer.objects.filter(question=OuterRef("pk")).exclude(author=member))
    asked = Question.objects.filter(author=member)
    asked.filter(answered_by_others).update(author=former_member)
    asked.exclude(answered_by_others).delete()
    Answer.objects.filter(author=member).update(author=former_member)
