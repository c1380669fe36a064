"""Factories for the events app's tests."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from praxis.accounts.models import User
from praxis.core.actor import Actor
from praxis.events import services
from praxis.events.models import Event, Registration, SeminarPiece, WhitePaper
from praxis.institutions.models import Institution


def make_event(
    created_by: User, *, institution: Institution | None = None, starts_in: timedelta = timedelta(days=7),
    hours: int = 3, **fields: Any,
) -> Event:
    """An event written straight to the database (services are tested on their own)."""
    start = timezone.now() + starts_in
    defaults: dict[str, Any] = {
        "kind": Event.Kind.TRAINING, "title": "Plaies chroniques : bilan et pansements",
        "description": "Atelier pratique.", "starts_at": start, "ends_at": start + timedelta(hours=hours),
        "postal_code": "4000", "city": "Liège", "country": "BE", "latitude": 50.6326, "longitude": 5.5797,
        "coi_none": True,
    }
    defaults.update(fields)
    return Event.objects.create(created_by=created_by, institution=institution, **defaults)


def make_registration(event: Event, user: User, status: str = Registration.Status.CONFIRMED,
                      **fields: Any) -> Registration:
    return Registration.objects.create(event=event, user=user, status=status, **fields)


def make_piece(event: Event, user: User, **fields: Any) -> SeminarPiece:
    defaults = {"kind": SeminarPiece.Kind.CONTRIBUTION, "speaker": "Dr Anne Leroy",
                "title": "Soins palliatifs à domicile de part et d'autre de la frontière",
                "summary": "Organisation des équipes de seconde ligne en Wallonie et dans le Nord.", "coi_none": True}
    defaults.update(fields)
    return SeminarPiece.objects.create(event=event, created_by=user, **defaults)


def make_white_paper(event: Event, user: User, status: str = WhitePaper.Status.DRAFT, **fields: Any) -> WhitePaper:
    defaults = {"version": WhitePaper.objects.filter(event=event).count() + 1, "title": "Livre blanc du séminaire",
                "introduction": "Ce livre blanc rassemble les contributions du séminaire.",
                "sections": services._snapshot(event), "coi_none": True}
    defaults.update(fields)
    if status == WhitePaper.Status.PUBLISHED:
        defaults.setdefault("published_at", timezone.now())
    return WhitePaper.objects.create(event=event, created_by=user, status=status, **defaults)


def actor(user: User | None) -> Actor:
    return Actor(user)
