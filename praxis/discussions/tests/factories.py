"""Factories of the discussions tests."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from praxis.accounts.models import User
from praxis.content.models import Content
from praxis.content.tests.pages_factories import make_content

from ..models import Answer, Playlist, PlaylistItem, Question

__all__ = ["make_answers", "make_content", "make_playlist", "make_question"]


def make_question(content: Content, author: User, body: str = "Quelle aiguille utilisez-vous ?",
                  anonymous: bool = False) -> Question:
    return Question.objects.create(content=content, author=author, body=body, is_anonymous=anonymous)


def make_answers(question: Question, authors: list[User], count: int, *, same_time: bool = False) -> list[Answer]:
    """`count` answers in bulk; with `same_time` several share a timestamp, to test the (created_at, id) key."""
    start = timezone.now() - timedelta(days=1)
    Answer.objects.bulk_create(
        [Answer(question=question, author=authors[n % len(authors)], body=f"Réponse {n}") for n in range(count)]
    )
    # auto_now_add ignores a given value: set the timestamps afterwards.
    answers = list(Answer.objects.filter(question=question).order_by("id"))
    for n, answer in enumerate(answers):
        answer.created_at = start + timedelta(seconds=(n // 3) if same_time else n)
    Answer.objects.bulk_update(answers, ["created_at"])
    Question.objects.filter(pk=question.pk).update(answer_count=len(answers))
    return answers


def make_playlist(owner: User, name: str = "À revoir", contents: list[Content] | None = None) -> Playlist:
    playlist = Playlist.objects.create(owner=owner, name=name)
    for position, content in enumerate(contents or [], start=1):
        PlaylistItem.objects.create(playlist=playlist, content=content, position=position)
    return playlist
