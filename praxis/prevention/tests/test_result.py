"""The result page: step 2 per flagged domain, services near a postal code from the directory, the PDF for the GP
and the calendar file to screen again."""

from __future__ import annotations

from datetime import date, timedelta

import icalendar
import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from praxis.core.actor import Actor
from praxis.institutions.tests.factories import LIEGE, load_test_places, make_listed_institution
from praxis.prevention import icope, selectors, wizard
from praxis.prevention.models import DomainService

pytestmark = pytest.mark.django_db
FLAGS = dict.fromkeys(icope.DOMAIN_KEYS, False)
MONS = (50.4542, 3.9567)


def token(flow: wizard.Flow = wizard.SELF, **flags: bool) -> str:
    return wizard.result_token(flow, icope.VERSION, date(2026, 11, 30), FLAGS | flags)


def result_url(value: str, **query: str) -> str:
    url = reverse("prevention:result", args=[value])
    return f"{url}?{'&'.join(f'{k}={v}' for k, v in query.items())}" if query else url


@pytest.fixture
def places() -> None:
    load_test_places()


def test_the_migration_adds_the_missing_services_and_maps_every_domain() -> None:
    mapped = {row.domain for row in DomainService.objects.all()}
    assert mapped == set(icope.DOMAIN_KEYS)
    slugs = set(DomainService.objects.values_list("service__slug", flat=True))
    assert {"nutrition-dietetics", "falls-prevention", "hearing", "vision"} <= slugs


def test_services_near_a_postal_code_follow_the_domain_mapping_nearest_first(places: None) -> None:
    near_falls = make_listed_institution("Prévention des chutes Liège", lat=LIEGE[0] + .01, lon=LIEGE[1],
                                         services=["falls-prevention"], city="Liège", postal_code="4000")
    nearer_physio = make_listed_institution("Kiné seniors Ans", lat=LIEGE[0], lon=LIEGE[1] - .005,
                                            services=["physiotherapy"], publics=["elderly"])
    make_listed_institution("Kiné sportifs", lat=LIEGE[0], lon=LIEGE[1], services=["physiotherapy"],
                            publics=["youth"])  # physiotherapy is mapped for older people and carers only
    make_listed_institution("Chutes Mons", lat=MONS[0], lon=MONS[1], services=["falls-prevention"])  # too far
    make_listed_institution("Chutes non vérifié", lat=LIEGE[0], lon=LIEGE[1], services=["falls-prevention"],
                            verified=False)
    make_listed_institution("Audition Liège", lat=LIEGE[0], lon=LIEGE[1], services=["hearing"])  # not flagged

    response = Client().get(result_url(token(mobility=True), country="BE", postal_code="4000"))
    page = response.content.decode()
    assert response.status_code == 200
    assert page.index(nearer_physio.name) < page.index(near_falls.name)
    for absent in ["Kiné sportifs", "Chutes Mons", "Chutes non vérifié", "Audition Liège"]:
        assert absent not in page


def test_an_admin_edits_the_mapping_and_the_result_follows(places: None) -> None:
    make_listed_institution("Centre de répit", lat=LIEGE[0], lon=LIEGE[1], services=["respite-care"])
    found = selectors.help_near(Actor(None), domains=["vision"], place=_liege())
    assert found[0].institutions == []
    DomainService.objects.create(domain="vision", service_id=_service("respite-care"))
    found = selectors.help_near(Actor(None), domains=["vision"], place=_liege())
    assert [i.name for i in found[0].institutions] == ["Centre de répit"]


def _liege():
    from praxis.institutions import geo

    return geo.locate("BE", "4000")[0]


def _service(slug: str) -> int:
    from praxis.institutions.models import Service

    return Service.objects.get(slug=slug).pk


def test_an_unknown_postal_code_gets_a_clear_message_and_keeps_the_result(places: None) -> None:
    response = Client().get(result_url(token(nutrition=True), country="BE", postal_code="0042"))
    page = response.content.decode()
    assert response.status_code == 400
    assert "Nous ne connaissons pas ce code postal" in page
    assert 'value="0042"' in page  # what was typed stays in the field
    assert "Malnutrition" in page  # the result is still there


def test_help_near_costs_one_query_per_flagged_domain_plus_the_mapping(places: None,
                                                                       django_assert_max_num_queries) -> None:
    for n in range(10):
        make_listed_institution(f"Service {n}", lat=LIEGE[0] + n / 1000, lon=LIEGE[1],
                                services=["falls-prevention", "nutrition-dietetics", "hearing"])
    place = _liege()
    with django_assert_max_num_queries(1 + 6):
        found = selectors.help_near(Actor(None), domains=list(icope.DOMAIN_KEYS), place=place)
        assert sum(len(item.institutions) for item in found) == 9


def test_an_altered_token_is_not_found() -> None:
    value = token(mobility=True)
    data = signing.loads(value, salt=wizard.TOKEN_SALT)
    forged = signing.dumps(data | {"x": "111111"}, salt="other")
    assert Client().get(result_url(forged)).status_code == 404
    assert Client().get(result_url(value[:-2] + "xx")).status_code == 404


def test_the_gp_summary_is_a_pdf_with_the_flags_and_no_identity() -> None:
    response = Client().get(reverse("prevention:result_pdf", args=[token(wizard.PRO, hearing=True)]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert len(response.content) > 1500


def test_the_calendar_file_reminds_to_screen_again_in_about_five_months() -> None:
    response = Client().get(reverse("prevention:result_ics", args=[token(vision=True)]))
    calendar = icalendar.Calendar.from_ical(response.content)
    event = next(iter(calendar.walk("VEVENT")))
    start = event.decoded("dtstart")
    assert date(2026, 11, 30) + timedelta(days=120) <= start <= date(2026, 11, 30) + timedelta(days=183)
    assert "/prevention/auto-evaluation/" in str(event["url"])
    assert response["Content-Type"].startswith("text/calendar")


def test_the_professional_result_shows_the_step_two_tools() -> None:
    page = Client().get(result_url(token(wizard.PRO, depression=True, nutrition=True))).content.decode()
    assert "PHQ-9" in page and "MNA-SF" in page
