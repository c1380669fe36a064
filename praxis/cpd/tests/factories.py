"""Factories for the cpd app's tests (through the services, as the other apps call them)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from praxis.accounts.models import User
from praxis.cpd import services
from praxis.cpd.models import Attestation, Entry


def make_attestation(recipient: User, *, source_key: str = "test:1", kind: str = Attestation.Kind.EVENT_ATTENDANCE,
                     title: str = "Soirée BPCO", issued_on: date | None = None, **fields: Any) -> Attestation:
    return services.attestation_issue(
        actor=None, kind=kind, recipient=recipient, title=title, source_key=source_key,
        issued_on=issued_on or timezone.localdate(), **fields,
    )


def make_entry(member: User, *, source_key: str = "test:1", origin: str = Entry.Origin.ISSUED,
               title: str = "Soirée BPCO", days_ago: int = 10, activity_type: str = Entry.ActivityType.EVENT,
               hours: Decimal | None = Decimal(2), points: Decimal | None = Decimal(2), **fields: Any) -> Entry:
    return services.entry_record(
        member=member, source_key=source_key, origin=origin, title=title, organiser="GLEM Namur",
        date=timezone.localdate() - timedelta(days=days_ago), activity_type=activity_type, hours=hours,
        points=points, **fields,
    )
