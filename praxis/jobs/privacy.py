"""What jobs keep when a member deletes their account (called by `accounts.services.member_erase`).

Kept, shown as "Former member": the job offers they posted (they belong to the institution). Deleted with the
account: their messages to institutions and their saved searches.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from praxis.accounts.models import User
from praxis.core.personal_data import Holding, OnErasure

from .models import JobMessage, JobOffer, SavedSearch

PERSONAL_DATA = [
    Holding("jobs.JobOffer", ("posted_by",), purpose=_("the job offers you post for an institution"),
            on_erasure=OnErasure.DETACHED),
    Holding("jobs.JobMessage", ("sender", "body"), purpose=_("your messages to institutions about an offer"),
            on_erasure=OnErasure.DELETED),
    Holding("jobs.SavedSearch", ("user", "name", "filters"), purpose=_("your saved searches and their alerts"),
            on_erasure=OnErasure.DELETED),
]
NOT_PERSONAL = {"JobOffer.address": "the workplace's address", "JobOffer.apply_email": "the institution's address"}


def export_member(*, member: User) -> dict[str, Any]:
    return {
        "offers_posted": list(JobOffer.objects.filter(posted_by=member).values(
            "id", "title", "institution__name", "status", "published_at")),
        "messages": list(JobMessage.objects.filter(sender=member).order_by("sent_at").values(
            "offer_id", "offer__title", "body", "sent_at")),
        "saved_searches": list(SavedSearch.objects.filter(user=member).values(
            "name", "filters", "created_at", "last_alert_at")),
    }


def erase_member(*, member: User, former_member: User) -> None:
    JobOffer.objects.filter(posted_by=member).update(posted_by=former_member)
