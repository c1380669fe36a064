"""The personal data review holds: reviewers' themes, who reviewed what, the flags members raise. When a member
deletes their account their reviewer themes go; decisions and flags stay (a content's history), without their name."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from praxis.accounts.models import User
from praxis.core.personal_data import Holding, OnErasure

from .models import Flag, ReviewerTheme, Submission

PERSONAL_DATA = [
    Holding("review.ReviewerTheme", ("reviewer", "theme"), purpose=_("the themes you review"),
            on_erasure=OnErasure.DELETED),
    Holding("review.Submission", ("reviewer", "comments"),
            purpose=_("your review decisions, part of each content's history"), on_erasure=OnErasure.ANONYMISED),
    Holding("review.Flag", ("reporter", "handled_by", "text"),
            purpose=_("the contents you flagged to the moderators, and the flags you handled"),
            on_erasure=OnErasure.ANONYMISED),
]


def export_member(*, member: User) -> dict[str, Any]:
    return {
        "reviewer_themes": list(ReviewerTheme.objects.filter(reviewer=member).values_list("theme__name", flat=True)),
        "reviews": list(Submission.objects.filter(reviewer=member).values(
            "content_id", "decision", "comments", "claimed_at", "decided_at")),
        "flags": list(Flag.objects.filter(reporter=member).values("content_id", "reason", "text", "status",
                                                                   "created_at")),
    }


def erase_member(*, member: User, former_member: User) -> None:
    """Reviewer links empty themselves (`SET_NULL`), themes go by cascade."""
