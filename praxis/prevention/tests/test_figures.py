"""The programme's figures: counts per month and area, share flagged per domain, small numbers suppressed."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from praxis.prevention import selectors
from praxis.testing import Personas

from .factories import make_screening

pytestmark = pytest.mark.django_db
SINCE, UNTIL = date(2026, 1, 1), date(2026, 12, 31)


def test_counts_and_shares_are_shown_from_five_screenings() -> None:
    for n in range(6):
        make_screening(on=date(2026, 3, 10), area="be-wht", felt_down=n < 3)
    data = selectors.figures(since=SINCE, until=UNTIL)
    assert data["total"] == 6
    assert dict((key, share) for key, _label, share in data["domains"])["depression"] == 50
    assert dict(data["months"])[date(2026, 3, 1)] == 6
    assert data["areas"] == [{"code": "be-wht", "label": data["areas"][0]["label"], "n": 6,
                              "shares": [0, 0, 0, 0, 0, 50]}]


def test_any_figure_from_fewer_than_five_screenings_is_suppressed() -> None:
    for _n in range(4):
        make_screening(on=date(2026, 3, 10), area="be-wlg", felt_down=True)
    data = selectors.figures(since=SINCE, until=UNTIL)
    assert data["total"] is None
    assert all(share is None for _key, _label, share in data["domains"])
    assert dict(data["months"])[date(2026, 3, 1)] is None
    assert data["areas"][0]["n"] is None and data["areas"][0]["shares"] == [None] * 6


def test_a_small_area_cannot_be_found_by_subtraction_from_the_total() -> None:
    for _n in range(20):
        make_screening(on=date(2026, 3, 10), area="be-wht")
    for _n in range(7):
        make_screening(on=date(2026, 4, 10), area="fr-59")
    for _n in range(2):
        make_screening(on=date(2026, 3, 10), area="fr-08")
    data = selectors.figures(since=SINCE, until=UNTIL)
    counts = {row["code"]: row["n"] for row in data["areas"]}
    assert data["total"] == 29
    assert counts == {"be-wht": 20, "fr-59": None, "fr-08": None}  # the next smallest is hidden as well


def test_suppression_rule_on_lists() -> None:
    assert selectors._suppress([10, 0, 7]) == [10, 0, 7]
    assert selectors._suppress([10, 3, 7, 12]) == [10, None, None, 12]
    assert selectors._suppress([10, 3, 4, 12]) == [10, None, None, 12]


def test_the_figures_page_shows_fewer_than_five_as_text(personas: Personas, django_assert_max_num_queries) -> None:
    for _n in range(8):
        make_screening(on=date.today(), area="be-wht")
    for _n in range(6):
        make_screening(on=date.today(), area="be-wlg")
    make_screening(on=date.today(), area="fr-62")  # hidden, and Liège with it (the next smallest)
    user = personas.users["verified_gp"]
    assert user is not None
    Group.objects.get(name="Programme coordinators").user_set.add(user)
    client = personas.client("verified_gp")
    with django_assert_max_num_queries(12):
        page = client.get(reverse("prevention:figures")).content.decode()
    assert "moins de 5" in page
    assert "Hainaut" in page and ">8<" in page
