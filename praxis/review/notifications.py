"""The notifications review declares: decisions on a member's submitted content."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from praxis.content.models import Content
from praxis.core.audit import Action
from praxis.core.models import AuditEntry
from praxis.notifications.registry import Recipient, kind, rule, target, url

REVIEW = kind("review", gettext_lazy("Review decisions on my content"), order=30)


def _author(entry: AuditEntry) -> list[Recipient]:
    content = target(entry, Content, select=["author"])
    if content is None or content.author_id == entry.actor_id:
        return []
    return [Recipient(content.author, url("content:detail", pk=content.pk, slug=content.slug or "contenu"),
                      {"title": content.title})]


rule(Action.REVIEW_SUBMISSION_APPROVED, REVIEW, lambda d: _("“%(title)s” was approved and published") % d,
     owner_emails=True)(_author)
rule(Action.REVIEW_SUBMISSION_CHANGES_REQUESTED, REVIEW,
     lambda d: _("The reviewer asks for changes to “%(title)s”") % d, owner_emails=True)(_author)
rule(Action.REVIEW_SUBMISSION_REJECTED, REVIEW, lambda d: _("“%(title)s” was not accepted for publication") % d,
     owner_emails=True)(_author)
