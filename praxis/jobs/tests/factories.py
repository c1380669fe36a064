"""Factories for the jobs app's tests."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from praxis.accounts.models import User
from praxis.institutions.models import Institution
from praxis.jobs.models import JobOffer, SavedSearch


def make_offer(institution: Institution, posted_by: User, **fields: Any) -> JobOffer:
    defaults: dict[str, Any] = {
        "title": "Infirmier·ère de nuit", "professions": ["nurse"], "contract": JobOffer.Contract.PERMANENT,
        "working_time": JobOffer.WorkingTime.FULL_TIME, "postal_code": "4000", "city": "Liège", "country": "BE",
        "region": "be-wal", "latitude": 50.6326, "longitude": 5.5797, "description": "Équipe stable.",
        "closing_date": timezone.localdate() + timedelta(days=30),
    }
    defaults.update(fields)
    return JobOffer.objects.create(institution=institution, posted_by=posted_by, **defaults)


def make_saved_search(user: User, **filters: Any) -> SavedSearch:
    return SavedSearch.objects.create(user=user, name="Mon alerte", filters=filters)
