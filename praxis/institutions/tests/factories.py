"""Factories for the directory's tests (plain typed functions)."""

from __future__ import annotations

import itertools
import json
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.utils import timezone

from praxis.accounts.models import User
from praxis.institutions import places
from praxis.institutions.models import DirectoryProfile, Institution, Invitation, Service

FIXTURE = Path(__file__).parent / "fixtures" / "places.json"
_sequence = itertools.count(1)

# Coordinates used across tests (from the fixture): the centres of these places.
LIEGE = (50.63373, 5.56749)
NAMUR = (50.4669, 4.86746)


def load_test_places() -> int:
    """A few dozen real places (Liège, Namur, Ans, Mons, Lille, an ambiguous "Neufchâteau"...), not the 28 000."""
    rows = [places.Row(country=c, postal_code=code, name=name, latitude=lat, longitude=lon, is_city=is_city)
            for c, code, name, lat, lon, is_city in json.loads(FIXTURE.read_text())]
    return places.load(countries=places.COUNTRIES, rows=rows)


def service(slug: str) -> Service:
    return Service.objects.get(slug=slug)


def make_listed_institution(name: str | None = None, *, lat: float | None = None, lon: float | None = None,
                            services: list[str] = (), verified: bool = True, **fields: Any) -> Institution:
    n = next(_sequence)
    fields.setdefault("country", "BE")
    fields.setdefault("kind", Institution.Kind.ASSOCIATION)
    institution = Institution.objects.create(
        name=name or f"Institution {n}", slug=f"inst-{n}-{timezone.now().timestamp():.0f}", latitude=lat,
        longitude=lon, is_verified=verified, **fields,
    )
    if services:
        institution.services.set(Service.objects.filter(slug__in=services))
    return institution


def make_invitation(institution: Institution, email: str, *, invited_by: User | None = None, role: str = "staff",
                    expired: bool = False) -> Invitation:
    expires = timezone.now() + (timedelta(days=-1) if expired else timedelta(days=14))
    return Invitation.objects.create(institution=institution, email=email, role=role, invited_by=invited_by,
                                     expires_at=expires)


def make_directory_profile(user: User, *, listed: bool = True, **fields: Any) -> DirectoryProfile:
    fields.setdefault("latitude", LIEGE[0])
    fields.setdefault("longitude", LIEGE[1])
    profile, _created = DirectoryProfile.objects.update_or_create(user=user, defaults={"is_listed": listed, **fields})
    return profile


def make_colleague(email: str, *, languages: list[str] | None = None, **fields: Any) -> User:
    """A member whose languages can be chosen (the core factory fixes them to French)."""
    from praxis.testing import make_member

    user = make_member(email, **fields)
    if languages is not None:
        user.languages = languages
        user.save(update_fields=["languages"])
    return user
