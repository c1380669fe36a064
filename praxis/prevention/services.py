"""Every write of the prevention app."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from . import icope
from .models import Screening


@transaction.atomic
def screening_record(*, run_by: str, age_band: str, country: str, area: str, answers: dict[str, Any],
                     screened_on: date | None = None) -> Screening:
    """Store ONE anonymous row for a completed screening: the instrument version, who ran it (a kind, not a
    person), the age band, the country and coarse area, the six flags and the date. The answers themselves are not
    stored, only the flags computed from them.

    No audit entry on purpose: the audit log names the actor, and a professional's screening must not be linkable
    to the professional (nor through them to the person they saw). The row is its own record."""
    flags = icope.flags(answers)
    screening = Screening(
        instrument_version=icope.VERSION, run_by=run_by, age_band=age_band, country=country, area=area or "",
        screened_on=screened_on or timezone.localdate(),
        **{f"flag_{domain}": flagged for domain, flagged in flags.items()},
    )
    screening.full_clean()
    screening.save()
    return screening
