"""Which audit-log actions notify whom: the one place mapping action → kind, recipients and message.

A rule's `recipients(entry)` returns `Recipient`s, each already checked against the visibility rules of the object
(a member is never told about something they may not see). `owner_emails=True` marks actions whose own app
already sends the email (discussions, review, invitations): those notify in-app only, to avoid a second email.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from praxis.core.actor import Actor
from praxis.core.models import AuditEntry

from .models import Kind


@dataclass
class Recipient:
    user: Any
    url: str = ""
    data: dict = field(default_factory=dict)


@dataclass
class Rule:
    action: str
    kind: str
    recipients: Callable[[AuditEntry], list[Recipient]]
    message: Callable[[dict], str]
    owner_emails: bool = False


RULES: dict[str, Rule] = {}


def rule(action: str, kind: str, message: Callable[[dict], str], *, owner_emails: bool = False):
    def wrap(func: Callable[[AuditEntry], list[Recipient]]) -> Callable[[AuditEntry], list[Recipient]]:
        RULES[action] = Rule(action, kind, func, message, owner_emails)
        return func

    return wrap


def _target(entry: AuditEntry, model: type, **related: Any) -> Any:
    if not entry.target_id or not str(entry.target_id).isdigit():
        return None
    queryset = model.objects.all()
    if related.get("select"):
        queryset = queryset.select_related(*related["select"])
    return queryset.filter(pk=int(entry.target_id)).first()


def _content_url(content: Any, anchor: str = "") -> str:
    try:
        return reverse("content:detail", kwargs={"pk": content.pk, "slug": content.slug or "contenu"}) + anchor
    except NoReverseMatch:
        return ""


def _sees(user: Any, content: Any) -> bool:
    from praxis.content.rules import can_view_content

    return user is not None and user.is_active and can_view_content(Actor(user), content)


def _name(user: Any) -> str:
    return user.get_full_name() if user is not None else ""


# --- discussions ---------------------------------------------------------------------------------------------------
@rule("discussions.answer.posted", Kind.ANSWERS,
      lambda d: _("%(actor)s answered your question about “%(title)s”") % d, owner_emails=True)
def _answer_posted(entry: AuditEntry) -> list[Recipient]:
    from praxis.discussions.models import Answer

    answer = _target(entry, Answer, select=["question__author", "question__content", "author"])
    if answer is None or answer.question.author_id == entry.actor_id or not _sees(answer.question.author,
                                                                                    answer.question.content):
        return []
    content = answer.question.content
    return [Recipient(answer.question.author, _content_url(content, f"#question-{answer.question_id}"),
                      {"title": content.title, "actor": _name(answer.author)})]


@rule("discussions.question.asked", Kind.QUESTIONS, lambda d: _("New question about “%(title)s”") % d,
      owner_emails=True)
def _question_asked(entry: AuditEntry) -> list[Recipient]:
    from praxis.discussions.models import Question

    question = _target(entry, Question, select=["content__author"])
    if question is None or question.content.author_id == entry.actor_id or not _sees(question.content.author,
                                                                                      question.content):
        return []
    return [Recipient(question.content.author, _content_url(question.content, f"#question-{question.pk}"),
                      {"title": question.content.title})]


@rule("discussions.answer.accepted", Kind.ANSWERS, lambda d: _("Your answer about “%(title)s” was accepted") % d)
def _answer_accepted(entry: AuditEntry) -> list[Recipient]:
    from praxis.discussions.models import Answer

    answer = _target(entry, Answer, select=["author", "question__content"])
    if answer is None or answer.author_id == entry.actor_id or not _sees(answer.author, answer.question.content):
        return []
    return [Recipient(answer.author, _content_url(answer.question.content, f"#question-{answer.question_id}"),
                      {"title": answer.question.content.title})]


# --- review decisions ----------------------------------------------------------------------------------------------
def _review_recipients(entry: AuditEntry) -> list[Recipient]:
    from praxis.content.models import Content

    content = _target(entry, Content, select=["author"])
    if content is None or content.author_id == entry.actor_id:
        return []
    return [Recipient(content.author, _content_url(content), {"title": content.title})]


rule("review.submission.approved", Kind.REVIEW, lambda d: _("“%(title)s” was approved and published") % d,
     owner_emails=True)(_review_recipients)
rule("review.submission.changes_requested", Kind.REVIEW,
     lambda d: _("The reviewer asks for changes to “%(title)s”") % d, owner_emails=True)(_review_recipients)
rule("review.submission.rejected", Kind.REVIEW, lambda d: _("“%(title)s” was not accepted for publication") % d,
     owner_emails=True)(_review_recipients)


# --- invitations ---------------------------------------------------------------------------------------------------
@rule("institutions.invitation.sent", Kind.INVITATIONS, lambda d: _("You are invited to join %(institution)s") % d,
      owner_emails=True)
def _invitation_sent(entry: AuditEntry) -> list[Recipient]:
    from praxis.accounts.models import User
    from praxis.institutions.models import Invitation

    invitation = _target(entry, Invitation, select=["institution"])
    if invitation is None:
        return []
    user = User.objects.filter(email__iexact=invitation.email, is_active=True).first()
    if user is None:
        return []
    try:
        url = reverse("institutions:detail", kwargs={"slug": invitation.institution.slug})
    except NoReverseMatch:
        url = ""
    return [Recipient(user, url, {"institution": invitation.institution.name})]


def get(action: str) -> Rule | None:
    return RULES.get(action)


def message(notification: Any) -> str:
    found = RULES.get(notification.action)
    if found is None:
        return notification.action
    try:
        return found.message(notification.data)
    except (KeyError, TypeError, ValueError):
        return notification.action
