"""Writes over HTTP: events and job offers created and updated through the pages' services and rules, with If-Match."""

from __future__ import annotations

from datetime import timedelta

from django.test import override_settings
from django.utils import timezone

from praxis.core.models import AuditEntry
from praxis.events.models import Event
from praxis.jobs.models import JobOffer

from .conftest import ApiClient, make_token


def _event_body(**fields):
    start = timezone.now() + timedelta(days=10)
    return {"kind": "webinar", "title": "Douleur chronique : nouveautés", "description": "Une heure en ligne.",
            "starts_at": start.isoformat(), "ends_at": (start + timedelta(hours=1)).isoformat(),
            "is_online": True, "online_url": "https://visio.example.org/douleur", "coi_none": True, **fields}


def _offer_body(institution_id, **fields):
    return {"institution": institution_id, "title": "Infirmier·ère de jour", "professions": ["nurse"],
            "contract": "permanent", "working_time": "full_time", "postal_code": "5000", "city": "Namur",
            "description": "Équipe stable.", "closing_date": str(timezone.localdate() + timedelta(days=20)), **fields}


def _writer(world, persona, scopes=("read", "write")):
    return ApiClient(make_token(world.personas.users[persona], list(scopes)))


def test_an_institution_admin_creates_an_event_for_the_institution(world):
    client = _writer(world, "institution_admin")
    body = _event_body(institution=world.personas.institution.pk,
                       description="<script>alert(1)</script><b>Une heure</b> en ligne.")
    response = client.send("post", "/events", body)
    assert response.status_code == 201, response.content
    created = response.json()
    event = Event.objects.get(pk=created["id"])
    assert event.institution == world.personas.institution and event.description == "Une heure en ligne."
    assert response["Location"] == f"/api/v1/events/{event.pk}" and response["ETag"]
    assert AuditEntry.objects.filter(action="events.event.created", target_id=str(event.pk)).exists()
    assert client.get(f"/events/{event.pk}")["ETag"] == response["ETag"]


def test_event_writes_follow_the_organiser_rules(world):
    institution = world.personas.institution.pk
    outsider = _writer(world, "outsider").send("post", "/events", _event_body(institution=institution))
    assert outsider.status_code == 422 and outsider.json()["errors"][0]["location"] == "body.institution"
    assert _writer(world, "outsider").send("post", "/events", _event_body()).status_code == 201  # own name, verified
    unverified = _writer(world, "unverified_member").send("post", "/events", _event_body())
    assert unverified.status_code == 403 and unverified.json()["type"].endswith("/forbidden")
    assert ApiClient().send("post", "/events", _event_body()).status_code == 401
    read_only = _writer(world, "institution_admin", ["read"]).send("post", "/events", _event_body())
    assert read_only.status_code == 403 and read_only.json()["type"].endswith("/insufficient-scope")


def test_bad_event_bodies_are_refused_with_the_faulty_fields(world):
    client = _writer(world, "institution_admin")
    unknown = client.send("post", "/events", _event_body(colour="red"))
    assert unknown.status_code == 422, unknown.content
    assert [(e["location"], e["code"]) for e in unknown.json()["errors"]] == [("body.colour", "extra_forbidden")]
    wrong = client.send("post", "/events", _event_body(capacity="lots", starts_at="demain"))
    assert wrong.status_code == 422
    assert {e["location"] for e in wrong.json()["errors"]} >= {"body.capacity", "body.starts_at"}
    naive = client.send("post", "/events", _event_body(starts_at="2030-01-01T10:00:00"))
    assert naive.status_code == 422
    patient = client.send("post", "/events", _event_body(description="Cas de Mme Dupont née le 12/03/1950."))
    assert patient.status_code == 422 and patient.json()["errors"]
    assert client.send("post", "/events", _event_body(themes=["nope"])).status_code == 422
    assert not Event.objects.filter(title="Douleur chronique : nouveautés").exists()


def test_the_api_requires_the_conflict_of_interest_declaration_as_the_page_does(world):
    client = _writer(world, "institution_admin")
    body = {key: value for key, value in _event_body().items() if key != "coi_none"}
    missing = client.send("post", "/events", body)
    assert missing.status_code == 422, missing.content
    assert [(e["location"], e["message"]) for e in missing.json()["errors"]] == [
        ("body.coi_statement", "Déclarez les conflits d'intérêts, ou cochez qu'il n'y en a pas.")]
    dutch = ApiClient(make_token(world.personas.institution_admin, ["read", "write"]), language="nl")
    assert dutch.send("post", "/events", body).json()["errors"][0]["message"] == (
        "Meld de belangenconflicten, of vink aan dat er geen zijn.")
    sponsored_but_none = client.send("post", "/events", _event_body(sponsors="Laboratoires Algéa"))
    assert [e["location"] for e in sponsored_but_none.json()["errors"]] == ["body.coi_none"]
    assert not Event.objects.filter(title="Douleur chronique : nouveautés").exists()
    declared = client.send("post", "/events", _event_body(
        coi_none=False, sponsors="Laboratoires Algéa", coi_statement="Bourse éducative, sans droit de regard."))
    assert declared.status_code == 201, declared.content
    read = client.get(f"/events/{declared.json()['id']}").json()
    assert (read["sponsors"], read["coi_none"], read["coi_statement"]) == (
        "Laboratoires Algéa", False, "Bourse éducative, sans droit de regard.")


def test_an_update_needs_the_current_etag(world):
    client = _writer(world, "institution_admin")
    url = f"/events/{world.event.pk}"
    etag = client.get(url)["ETag"]
    body = _event_body(institution=world.personas.institution.pk, title="Plaies : atelier avancé")
    missing = client.send("put", url, body)
    assert missing.status_code == 428 and missing.json()["type"].endswith("/precondition-required")
    updated = client.send("put", url, body, **{"If-Match": etag})
    assert updated.status_code == 200, updated.content
    assert updated.json()["title"] == "Plaies : atelier avancé" and updated["ETag"] != etag
    stale = client.send("put", url, {**body, "title": "Autre titre"}, **{"If-Match": etag})
    assert stale.status_code == 412 and stale.json()["title"] == "Modifié depuis votre lecture"
    dutch = ApiClient(make_token(world.personas.institution_admin, ["write", "read"]), language="nl")
    assert dutch.send("put", url, body, **{"If-Match": etag}).json()["title"] == "Gewijzigd sinds u het las"
    world.event.refresh_from_db()
    assert world.event.title == "Plaies : atelier avancé"
    assert client.send("put", url, body, **{"If-Match": updated["ETag"]}).status_code == 200


def test_only_the_events_organisers_update_it(world):
    url = f"/events/{world.event.pk}"
    for persona in ("institution_staff", "outsider", "verified_gp"):
        client = _writer(world, persona)
        etag = client.get(url)["ETag"]
        response = client.send("put", url, _event_body(), **{"If-Match": etag})
        assert response.status_code == 403, persona
    missing = _writer(world, "moderator").send("put", "/events/999999", _event_body(), **{"If-Match": "*"})
    assert missing.status_code == 404


def test_institution_staff_post_and_update_job_offers(world):
    client = _writer(world, "institution_staff")
    institution = world.personas.institution.pk
    created = client.send("post", "/job-offers", _offer_body(institution))
    assert created.status_code == 201, created.content
    offer = JobOffer.objects.get(pk=created.json()["id"])
    assert offer.posted_by == world.personas.institution_staff
    url = f"/job-offers/{offer.pk}"
    etag = client.get(url)["ETag"]
    assert etag == created["ETag"]
    changed = client.send("put", url, _offer_body(institution, title="Infirmier·ère de nuit"), **{"If-Match": etag})
    assert changed.status_code == 200 and changed.json()["title"] == "Infirmier·ère de nuit"
    assert client.send("put", url, _offer_body(institution), **{"If-Match": etag}).status_code == 412


def test_job_offer_writes_follow_the_posting_rules(world):
    institution = world.personas.institution.pk
    assert _writer(world, "outsider").send("post", "/job-offers", _offer_body(institution)).status_code == 403
    other = world.other_offer.institution_id
    refused = _writer(world, "institution_admin").send("post", "/job-offers", _offer_body(other))
    assert refused.status_code == 422 and refused.json()["errors"][0]["location"] == "body.institution"
    url = f"/job-offers/{world.other_offer.pk}"
    outsider = _writer(world, "outsider")
    assert outsider.send("put", url, _offer_body(other), **{"If-Match": outsider.get(url)["ETag"]}).status_code == 403
    jobs_only = _writer(world, "institution_staff", ["events:write"])
    assert jobs_only.send("post", "/job-offers", _offer_body(institution)).status_code == 403


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_a_body_over_the_size_limit_is_refused(world):
    response = _writer(world, "institution_admin").send("post", "/events", _event_body(description="x" * 5000))
    assert response.status_code == 413 and response.json()["type"].endswith("/too-large")
