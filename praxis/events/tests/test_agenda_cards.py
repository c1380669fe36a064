"""The agenda's cards are kept rendered (`praxis.core.cards`, issue 22) under the event's version, the seats taken,
the distance and the language: an edit, a seat taken or given back, a cancellation and another place show at once,
and each card is the one the template renders for the event (as the institution's page includes it)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from praxis.core.actor import Actor
from praxis.events import selectors, services
from praxis.events.models import Event

from .factories import make_event, make_registration
from .test_views import _form

pytestmark = pytest.mark.django_db


def _card(page: str, title: str) -> str:
    found = [card for card in re.findall(r"<article class=\"card event-card\">.*?</article>", page, re.S)
             if title in card]
    assert len(found) <= 1
    return found[0] if found else ""


def test_a_card_is_the_one_the_template_renders(personas):
    event = make_event(personas.institution_admin, institution=personas.institution, title="Carte", capacity=12,
                       price_eur=15, sponsors="Labo", coi_none=False, coi_statement="Financé par Labo",
                       timezone="Europe/Paris")
    make_registration(event, personas.verified_gp)
    for language in ("fr", "nl", "en"):
        client = personas.client("anonymous")
        client.cookies["django_language"] = language
        for _ in range(2):  # rendered, then kept
            page = client.get("/agenda/", headers={"Accept-Language": language}).content.decode()
            with translation.override(language):
                loaded = selectors.agenda_events(Actor(None), selectors.AgendaFilters(), [event.pk]).get()
                assert _card(page, "Carte") == _card(render_to_string("events/_event_card.html", {"event": loaded}),
                                                     "Carte")
        assert _card(page, "Carte")


def test_an_edited_event_shows_at_once(personas):
    event = make_event(personas.institution_admin, institution=personas.institution, title="Avant")
    client = personas.client("anonymous")
    assert "Avant" in client.get("/agenda/").content.decode()
    admin = personas.client("institution_admin")
    response = admin.post(f"/agenda/{event.pk}/modifier/", _form(title="Après", institution=personas.institution.pk))
    assert response.status_code == 302
    page = client.get("/agenda/").content.decode()
    assert "Après" in page and "Avant" not in page


def test_a_cancelled_event_leaves_the_agenda(personas):
    event = make_event(personas.institution_admin, institution=personas.institution, title="Bientôt annulé")
    client = personas.client("verified_gp")
    assert "Bientôt annulé" in client.get("/agenda/").content.decode()
    services.event_cancel(actor=Actor(personas.institution_admin), event=event, reason="Formateur malade")
    assert "Bientôt annulé" not in client.get("/agenda/").content.decode()
    assert Event.objects.get(pk=event.pk).status == Event.Status.CANCELLED


def test_seats_taken_and_given_back_show_at_once(personas):
    event = make_event(personas.institution_admin, title="Places", capacity=2)
    anonymous = personas.client("anonymous")
    assert "2 places restantes" in _card(anonymous.get("/agenda/").content.decode(), "Places")
    assert personas.client("verified_gp").post(f"/agenda/{event.pk}/inscription/").status_code == 302
    assert "1 place restante" in _card(anonymous.get("/agenda/").content.decode(), "Places")
    assert personas.client("outsider").post(f"/agenda/{event.pk}/inscription/").status_code == 302
    assert "Complet" in _card(anonymous.get("/agenda/").content.decode(), "Places")
    # Given back: the count is the one of two reads ago, and so is the card shown (never the full one kept since).
    assert personas.client("outsider").post(f"/agenda/{event.pk}/desinscription/").status_code == 302
    card = _card(personas.client("verified_gp").get("/agenda/").content.decode(), "Places")
    assert "1 place restante" in card and "Complet" not in card


def test_each_place_gets_its_own_distance(personas):
    from praxis.institutions.models import PostalCode

    PostalCode.objects.create(country="BE", postal_code="4000", name="Liège", search_name="liege",
                              latitude=50.6326, longitude=5.5797)
    PostalCode.objects.create(country="BE", postal_code="1000", name="Bruxelles", search_name="bruxelles",
                              latitude=50.8467, longitude=4.3525)
    make_event(personas.institution_admin, title="À Liège", latitude=50.64, longitude=5.57)
    near_liege = _card(personas.client("anonymous").get("/agenda/?near=4000&country=BE&radius=100").content.decode(),
                       "À Liège")
    near_brussels = _card(personas.client("anonymous").get("/agenda/?near=1000&country=BE&radius=100")
                          .content.decode(), "À Liège")
    assert "km" in near_liege and "km" in near_brussels and near_liege != near_brussels


def test_the_next_page_starts_after_the_last_card(personas):
    for day in range(selectors.AGENDA_PAGE_SIZE + 3):
        make_event(personas.institution_admin, title=f"Séance {day:02d}", starts_in=timedelta(days=day + 1))
    client = personas.client("anonymous")
    first = client.get("/agenda/").content.decode()
    later = re.search(r'href="\?(apres=[^"]+)"', first)
    assert later and "Séance 19" in first and "Séance 20" not in first
    second = client.get(f"/agenda/?{later.group(1).replace('&amp;', '&')}").content.decode()
    assert "Séance 20" in second and "Séance 22" in second and "Séance 19" not in second
