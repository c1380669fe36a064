"""Factories of the review tests (plain typed functions); content rows come from the content pages' factory."""

from __future__ import annotations

from typing import Any

from praxis.accounts.models import User
from praxis.content.models import Content, Theme
from praxis.content.tests.pages_factories import make_content
from praxis.core.actor import Actor

from ..models import CHECKLIST_FIELDS, Flag, ReviewerTheme, Submission

__all__ = ["ALL_CHECKED", "make_competence", "make_content", "make_flag", "make_submission", "make_theme"]

ALL_CHECKED = dict.fromkeys(CHECKLIST_FIELDS, True)


def make_theme(name: str = "Rhumatologie", slug: str | None = None) -> Theme:
    slug = slug or f"test-{name.lower().replace(' ', '-')}"
    theme, _created = Theme.objects.get_or_create(slug=slug, defaults={"name": name})
    return theme


def make_competence(reviewer: User, theme: Theme) -> ReviewerTheme:
    return ReviewerTheme.objects.get_or_create(reviewer=reviewer, theme=theme)[0]


def make_submission(
    author: User, theme: Theme, *, reviewer: User | None = None, **fields: Any
) -> Submission:
    """A content item already submitted (or in review when `reviewer` is given), through the services."""
    from .. import services

    content = make_content(author, status=Content.Status.DRAFT, themes=[theme], **fields)
    submission = services.submission_submit(actor=Actor(author), content=content)
    if reviewer is not None:
        submission = services.submission_claim(actor=Actor(reviewer), submission=submission)
    submission.refresh_from_db()
    return submission


def make_flag(content: Content, reporter: User, reason: str = Flag.Reason.INACCURATE, text: str = "") -> Flag:
    return Flag.objects.create(content=content, reporter=reporter, reason=reason, text=text)
