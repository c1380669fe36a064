"""The member's own resources over HTTP — the CPD record, event registrations — and the directory's near-me: each
persona gets what the page shows them, bad input and missing scopes are refused with problem details."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from praxis.core.actor import Actor
from praxis.cpd import services as cpd_services
from praxis.cpd.models import Scheme
from praxis.cpd.tests.factories import make_attestation, make_entry
from praxis.events.models import Registration
from praxis.events.tests.factories import make_event
from praxis.institutions.tests.factories import LIEGE, load_test_places, make_listed_institution
from praxis.testing import PERSONA_NAMES

from .conftest import ApiClient, ids, make_token
from .test_oauth import _client_credentials

MEMBERS = [name for name in PERSONA_NAMES if name != "anonymous"]


@pytest.fixture
def records(world):
    """Every member has two activities in their record (one with an attestation) and a seat at an event."""
    p = world.personas
    for name in MEMBERS:
        user = p.users[name]
        attestation = make_attestation(user, source_key=f"test:{name}")
        make_entry(user, source_key=f"test:{name}", attestation=attestation, days_ago=3)
        make_entry(user, source_key=f"older:{name}", title="Groupe de pairs", days_ago=40)
        Registration.objects.create(event=world.event, user=user, status=Registration.Status.CONFIRMED)
    return world


# --- CPD record ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", MEMBERS)
def test_the_cpd_record_is_what_the_record_page_shows(records, caller, persona):
    """Browser/API parity: the entries of this year on the record page are the API's entries of this year."""
    year = timezone.localdate().year
    page = records.personas.client(persona).get(reverse("cpd:record"), {"annee": year})
    assert page.status_code == 200
    shown = [row.pk for row, _card in page.context["entries"]]
    assert ids(caller(persona).get("/cpd/entries", {"year": year, "limit": 100})) == shown
    assert len(shown) >= 1


def test_entries_carry_their_attestation_and_are_paginated(records, caller):
    client = caller("verified_gp")
    first = client.get("/cpd/entries", {"limit": 1})
    row = first.json()[0]
    assert row["attestation"]["state"] == "valid" and row["attestation"]["verify_url"].startswith("/verifier/")
    link = first["Link"]
    second = client.client.get(link[1:link.index(">")], headers=client.headers)
    assert second.json()[0]["title"] == "Groupe de pairs" and "Link" not in second


def test_the_scheme_summary_is_the_record_pages(records, caller):
    gp = records.personas.verified_gp
    cpd_services.scheme_choose(actor=Actor(gp), scheme=Scheme.BE_ACCREDITATION, anchor=date(2026, 1, 1))
    answer = caller("verified_gp").get("/cpd/schemes").json()
    statuses = records.personas.client("verified_gp").get(reverse("cpd:record")).context["statuses"]
    assert [(s["scheme"], s["period_start"], s["met"]) for s in answer] == [
        (s.choice.scheme, s.period.start.isoformat(), s.met) for s in statuses]
    points = answer[0]["requirements"][0]
    assert points["key"] == "points" and float(points["achieved"]) == float(statuses[0].progress[0].achieved)
    assert caller("outsider").get("/cpd/schemes").json() == []


def test_the_cpd_record_needs_a_members_token_with_its_scope(records, caller, world):
    assert caller("anonymous").get("/cpd/entries").status_code == 401
    narrow = ApiClient(make_token(world.personas.verified_gp, ["events:read"]))
    refused = narrow.get("/cpd/entries")
    assert refused.status_code == 403 and refused.json()["type"].endswith("/insufficient-scope")
    assert ApiClient(make_token(world.personas.verified_gp, ["cpd:read"])).get("/cpd/entries").status_code == 200
    # An institution's system acts for the institution: it has no personal record, nor notifications.
    _new, system = _client_credentials(world)
    for path in ("/cpd/entries", "/cpd/schemes", "/registrations", "/notifications"):
        answer = system.get(path)
        assert answer.status_code == 403 and answer.json()["type"].endswith("/forbidden"), path


@pytest.mark.parametrize("query", [{"year": "deux-mille"}, {"year": "99999"}, {"yeer": "2026"}, {"limit": "0"}])
def test_bad_cpd_queries_are_refused(records, caller, query):
    answer = caller("verified_gp", "nl").get("/cpd/entries", query)
    assert answer.status_code == 422 and answer["Content-Type"] == "application/problem+json"
    assert answer.json()["title"] == "Ongeldige invoer"


# --- registrations ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", MEMBERS)
def test_registrations_are_what_my_registrations_page_shows(records, caller, persona):
    page = records.personas.client(persona).get(reverse("events:mine"))
    assert page.status_code == 200
    assert ids(caller(persona).get("/registrations", {"limit": 100})) == [r.pk for r in page.context["upcoming"]]


def test_a_member_registers_and_cancels_through_the_api(world, caller):
    token = make_token(world.personas.outsider, ["registrations:read", "registrations:write"])
    client = ApiClient(token)
    event = world.other_event
    created = client.send("post", f"/events/{event.pk}/registration", {})
    assert created.status_code == 201, created.content
    assert created.json()["status"] == "confirmed" and created.json()["event"]["id"] == event.pk
    assert ids(client.get("/registrations")) == [created.json()["id"]]
    again = client.send("post", f"/events/{event.pk}/registration", {})
    assert again.status_code == 422 and "déjà inscrit" in again.json()["errors"][0]["message"]
    cancelled = client.send("delete", f"/events/{event.pk}/registration", {})
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert client.send("delete", f"/events/{event.pk}/registration", {}).status_code == 404
    assert ids(client.get("/registrations")) == []


def test_a_full_event_is_a_409_unless_the_member_joins_the_waiting_list(world, caller):
    event = make_event(world.personas.verified_gp, capacity=1, starts_in=timedelta(days=5))
    Registration.objects.create(event=event, user=world.personas.facilitator, status=Registration.Status.CONFIRMED)
    client = ApiClient(make_token(world.personas.outsider, ["write"]), language="nl")
    full = client.send("post", f"/events/{event.pk}/registration", {})
    assert full.status_code == 409 and full.json()["type"].endswith("/event-full")
    assert full.json()["title"] == "Evenement volzet"
    waiting = client.send("post", f"/events/{event.pk}/registration", {"join_waitlist": True})
    assert waiting.status_code == 201 and waiting.json()["status"] == "waitlisted"


def test_registration_bad_input_and_missing_scope(world, caller):
    event = world.other_event
    client = ApiClient(make_token(world.personas.outsider, ["write"]))
    unknown = client.send("post", f"/events/{event.pk}/registration", {"join_waitlist": True, "seat": 3})
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["code"] == "extra_forbidden"
    wrong = client.send("post", f"/events/{event.pk}/registration", {"join_waitlist": "bientôt"})
    assert wrong.status_code == 422 and wrong.json()["errors"][0]["location"] == "body.join_waitlist"
    assert client.send("post", "/events/999999/registration", {}).status_code == 404
    read_only = ApiClient(make_token(world.personas.outsider, ["read"]))
    refused = read_only.send("post", f"/events/{event.pk}/registration", {})
    assert refused.status_code == 403 and refused.json()["type"].endswith("/insufficient-scope")
    assert ApiClient().send("post", f"/events/{event.pk}/registration", {}).status_code == 401
    assert not Registration.objects.filter(event=event, user=world.personas.outsider).exists()


# --- the directory near me -------------------------------------------------------------------------------------------


@pytest.fixture
def places(world):
    load_test_places()
    near = make_listed_institution("Maison médicale d'Ans", lat=50.6606, lon=5.5183, city="Ans")
    far = make_listed_institution("Centre de Mons", lat=50.4542, lon=3.9523, city="Mons")
    hidden = make_listed_institution("Pas encore vérifiée", lat=LIEGE[0], lon=LIEGE[1], verified=False)
    return {"near": near, "far": far, "hidden": hidden}


@pytest.mark.parametrize("persona", ["anonymous", "verified_gp", "institution_admin"])
def test_near_me_is_what_the_directory_page_shows(places, caller, world, persona):
    page = world.personas.client(persona).get(reverse("institutions:directory"), {"place": "4000", "radius": "25"})
    assert page.status_code == 200 and page.context["place"] is not None
    shown = [institution.pk for institution in page.context["page"].object_list]
    answer = caller(persona).get("/directory/near", {"place": "4000", "radius": "25", "limit": 100})
    assert ids(answer) == shown and places["near"].pk in shown and places["far"].pk not in shown
    assert answer.json()[0]["distance_km"] < 25 and answer["X-Praxis-Place"] == "BE 4000"


def test_near_a_point_and_bad_places(places, caller):
    client = caller("anonymous")
    found = ids(client.get("/directory/near", {"lat": LIEGE[0], "lon": LIEGE[1], "radius": 100}))
    assert found == [places["near"].pk]  # Mons is 115 km away; the unverified one is not listed
    unknown = client.get("/directory/near", {"place": "Atlantide"})
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["location"] == "query.place"
    assert client.get("/directory/near", {"lat": 50.6}).json()["errors"][0]["location"] == "query.lon"
    assert client.get("/directory/near", {"lat": 91, "lon": 5}).status_code == 422
    assert client.get("/directory/near", {"place": "4000", "radius": 101}).status_code == 422
    assert client.get("/directory/near").status_code == 422


def test_nul_characters_are_refused_in_queries_and_bodies(world):
    """PostgreSQL can neither store nor compare text holding NUL: every field is refused up front (422), never a 500."""
    client = ApiClient(make_token(world.personas.institution_admin, ["read", "write"]), language="nl")
    staff = f"/institutions/{world.personas.institution.slug}/staff"
    for path, query in [("/institutions", {"q": "a\x00b"}), ("/contents", {"theme": "\x00"}),
                        ("/directory/near", {"place": "40\x0000"}), (staff, {"q": "\x00"})]:
        answer = client.get(path, query)
        assert answer.status_code == 422, path
        assert answer.json()["errors"][0]["location"] == f"query.{next(iter(query))}"
        assert answer.json()["errors"][0]["code"] == "nul_character"
    refused = client.send("post", f"/events/{world.other_event.pk}/registration", {"join_waitlist": False, "x": "\x00"})
    assert refused.status_code == 422 and refused.json()["errors"][0]["location"] == "body"
    imported = client.send("post", staff, {"people": [{"email": "a@b.test", "first_name": "A\x00", "last_name": "B"}]})
    assert imported.status_code == 422 and not Registration.objects.filter(user=world.personas.institution_admin,
                                                                            event=world.other_event).exists()
    # An escaped backslash before "u0000" is text, not a NUL.
    assert client.send("post", f"/events/{world.other_event.pk}/registration",
                       {"join_waitlist": False, "note": "\\u0000"}).json()["errors"][0]["code"] == "extra_forbidden"
