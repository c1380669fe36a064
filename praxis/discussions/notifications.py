"""The notifications discussions declare: answers and questions, built from their audit entries."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from praxis.content.models import Content
from praxis.content.rules import can_view_content
from praxis.core.actor import Actor
from praxis.core.audit import Action
from praxis.core.models import AuditEntry
from praxis.notifications.registry import Recipient, full_name, kind, rule, target, url

from .models import Answer, Question

ANSWERS = kind("answers", gettext_lazy("Answers to my questions and to my answers"), order=10)
QUESTIONS = kind("questions", gettext_lazy("Questions about my content"), order=20)


def _content_url(content: Content, anchor: str = "") -> str:
    found = url("content:detail", pk=content.pk, slug=content.slug or "contenu")
    return found + anchor if found else ""


def _sees(user: Any, content: Content) -> bool:
    return user is not None and user.is_active and can_view_content(Actor(user), content)


@rule(Action.DISCUSSIONS_ANSWER_POSTED, ANSWERS,
      lambda d: _("%(actor)s answered your question about “%(title)s”") % d, owner_emails=True)
def _answer_posted(entry: AuditEntry) -> list[Recipient]:
    answer = target(entry, Answer, select=["question__author", "question__content", "author"])
    if answer is None or answer.question.author_id == entry.actor_id or not _sees(answer.question.author,
                                                                                    answer.question.content):
        return []
    content = answer.question.content
    return [Recipient(answer.question.author, _content_url(content, f"#question-{answer.question_id}"),
                      {"title": content.title, "actor": full_name(answer.author)})]


@rule(Action.DISCUSSIONS_QUESTION_ASKED, QUESTIONS, lambda d: _("New question about “%(title)s”") % d,
      owner_emails=True)
def _question_asked(entry: AuditEntry) -> list[Recipient]:
    question = target(entry, Question, select=["content__author"])
    if question is None or question.content.author_id == entry.actor_id or not _sees(question.content.author,
                                                                                      question.content):
        return []
    return [Recipient(question.content.author, _content_url(question.content, f"#question-{question.pk}"),
                      {"title": question.content.title})]


@rule(Action.DISCUSSIONS_ANSWER_ACCEPTED, ANSWERS, lambda d: _("Your answer about “%(title)s” was accepted") % d)
def _answer_accepted(entry: AuditEntry) -> list[Recipient]:
    answer = target(entry, Answer, select=["author", "question__content"])
    if answer is None or answer.author_id == entry.actor_id or not _sees(answer.author, answer.question.content):
        return []
    return [Recipient(answer.author, _content_url(answer.question.content, f"#question-{answer.question_id}"),
                      {"title": answer.question.content.title})]
