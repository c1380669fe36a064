"""The directory's list read by SQL compiled once per process and shape (issue 22): the same rows, distances, count
and pages as the ORM's `directory_search`, for each reader their own, and a change shows on the next load."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.paginator import Paginator
from django.urls import reverse
from django.utils import timezone

from praxis.core.actor import Actor
from praxis.institutions import geo, selectors
from praxis.institutions.models import Follow, Institution, InstitutionMembership, Service
from praxis.testing import make_member

from .factories import LIEGE, NAMUR, load_test_places, make_listed_institution

pytestmark = pytest.mark.django_db


def _near(lat: float, lon: float, km: float) -> selectors.Near:
    return selectors.Near(geo.Place(name="Ici", postal_code="4000", country="BE", lat=lat, lon=lon), km)


def _seen(rows: Any) -> list[tuple[Any, ...]]:
    return [(i.pk, i.name, i.updated_at, getattr(i, "distance_km", None)) for i in rows]


def test_the_compiled_list_gives_the_orms_rows_counts_and_pages_to_each_reader(personas) -> None:
    made = [make_listed_institution(f"Service {n:02d}", lat=LIEGE[0] + n / 500, lon=LIEGE[1] - n / 700,
                                    services=["elder-abuse"] if n % 2 else ["home-care"],
                                    kind=Institution.Kind.HOSPITAL if n % 3 else Institution.Kind.ASSOCIATION)
            for n in range(25)]
    make_listed_institution("Namur", lat=NAMUR[0], lon=NAMUR[1], country="LU")
    unverified = make_listed_institution("Pas encore vérifiée", lat=LIEGE[0], lon=LIEGE[1], verified=False)
    staff = make_member()
    InstitutionMembership.objects.create(institution=unverified, user=staff, role="staff", status="active")
    service = Service.objects.get(slug="elder-abuse")
    cases: list[dict[str, Any]] = [
        {"near": _near(*LIEGE, 25)}, {"near": _near(*LIEGE, 200)}, {}, {"near": _near(*LIEGE, 25), "service": service},
        {"near": _near(*LIEGE, 25), "kind": Institution.Kind.HOSPITAL}, {"country": "LU"},
        {"near": _near(*NAMUR, 5)},
    ]
    for user in (None, staff, personas.moderator, personas.verified_gp):
        actor = Actor(user)
        for filters in cases:
            expected = selectors.directory_search(actor, **filters)
            rows = selectors.directory_rows(actor, **filters)
            assert isinstance(rows, selectors.DirectoryRows)
            assert rows.count() == expected.count()
            for number in (1, 2, 9):
                compiled: Paginator[Any] = Paginator(rows, 10)  # type: ignore[arg-type]  # count() and slices
                assert _seen(compiled.get_page(number)) == _seen(Paginator(expected, 10).get_page(number))
    # Only verified institutions are searched, even by their own staff and moderators.
    assert unverified.pk not in {i.pk for i in selectors.directory_rows(Actor(staff))[0:50]}
    # A text filter transforms its value (a pattern): the ORM's query, as before.
    assert not isinstance(selectors.directory_rows(Actor(None), text="Service"), selectors.DirectoryRows)
    # A change shows on the next read: only the SQL is kept.
    Institution.objects.filter(pk=unverified.pk).update(is_verified=True, name="Service 00 bis")
    Institution.objects.filter(pk=made[3].pk).update(closed_at=timezone.now())
    rows = selectors.directory_rows(Actor(None), near=_near(*LIEGE, 25))
    found = [i.pk for i in rows[0:50]]
    assert rows.count() == 25 and unverified.pk in found and made[3].pk not in found
    assert found == [i.pk for i in selectors.directory_search(Actor(None), near=_near(*LIEGE, 25))]


def test_the_directory_page_shows_a_new_institution_and_a_follow_at_once(client) -> None:
    load_test_places()
    member = make_member()
    first = make_listed_institution("Aide à domicile Liège", lat=LIEGE[0], lon=LIEGE[1], services=["home-care"])
    client.force_login(member)
    url, query = reverse("institutions:directory"), {"place": "4000", "radius": 25}

    def page() -> str:
        html = client.get(url, query).content.decode()
        return re.sub(r'("X-CSRFToken": "|nonce="|csrfmiddlewaretoken" value=")[^"]+', "", html)

    before = page()
    assert "1 institution" in before and "Aide à domicile Liège" in before and 'verified">suivi<' not in before
    Follow.objects.create(follower=member, target_kind=Follow.Kind.INSTITUTION, target_id=first.pk)
    followed = page()
    assert 'verified">suivi<' in followed
    make_listed_institution("Maison médicale Liège", lat=LIEGE[0] + 0.01, lon=LIEGE[1])
    after = page()
    assert "2 institutions" in after and "Maison médicale Liège" in after
    client.logout()
    assert 'verified">suivi<' not in page()  # another reader: their own follows
