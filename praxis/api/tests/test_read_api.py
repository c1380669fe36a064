"""The read resources over HTTP: what each persona gets, pagination, ETags, bad input, problem details."""

from __future__ import annotations

import pytest

from praxis.content.models import Content
from praxis.content.selectors import contents_for_list
from praxis.core.actor import Actor
from praxis.events.selectors import upcoming_events
from praxis.institutions.selectors import directory_search
from praxis.jobs.selectors import search_offers
from praxis.testing import PERSONA_NAMES

from .conftest import ApiClient, ids, make_token


def test_anonymous_reads_public_contents_only(world, caller):
    found = ids(caller("anonymous").get("/contents"))
    assert world.public.pk in found
    assert not {world.verified_only.pk, world.institution_only.pk, world.community_only.pk, world.draft.pk} & set(found)


def test_verified_member_reads_verified_contents_and_staff_their_institutions(world, caller):
    assert world.verified_only.pk in ids(caller("verified_gp").get("/contents"))
    staff = ids(caller("institution_staff").get("/contents"))
    assert world.institution_only.pk in staff and world.community_only.pk not in staff
    assert world.community_only.pk in ids(caller("facilitator").get("/contents"))
    assert world.institution_only.pk not in ids(caller("outsider").get("/contents"))


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_each_list_returns_what_the_page_selector_shows(world, caller, persona):
    """Browser/API parity: for every persona, the ids of each list equal those of the page's own selector."""
    user = world.personas.users[persona]
    actor = Actor(user)
    client = caller(persona)
    limit = {"limit": 100}
    assert ids(client.get("/contents", limit)) == [c.pk for c in contents_for_list(actor)]
    assert ids(client.get("/events", limit)) == [e.pk for e in upcoming_events(actor)]
    assert ids(client.get("/job-offers", limit)) == [o.pk for o in search_offers(actor)]
    assert ids(client.get("/institutions", limit)) == [i.pk for i in directory_search(actor)]


def test_content_detail_is_a_404_for_what_the_page_hides(world, caller):
    assert caller("anonymous").get(f"/contents/{world.verified_only.pk}").status_code == 404
    assert caller("verified_gp").get(f"/contents/{world.verified_only.pk}").json()["title"] == world.verified_only.title
    assert caller("outsider").get(f"/contents/{world.draft.pk}").status_code == 404
    response = caller("verified_gp").get("/contents/999999")
    assert response.status_code == 404 and response["Content-Type"] == "application/problem+json"


def test_events_offers_institutions_and_themes_answer_with_their_fields(world, caller):
    client = caller("verified_gp")
    event = client.get(f"/events/{world.event.pk}").json()
    assert event["institution"]["id"] == world.personas.institution.pk and event["url"].endswith(f"/{world.event.pk}/")
    offer = client.get(f"/job-offers/{world.offer.pk}").json()
    assert offer["institution"]["slug"] == world.personas.institution.slug
    institution = client.get(f"/institutions/{world.personas.institution.slug}").json()
    assert institution["name"] == "Clinique des Personas"
    assert client.get("/themes").json() and client.get("/services").status_code == 200


def test_notifications_are_the_members_own_and_need_a_token(world, caller):
    assert ids(caller("verified_gp").get("/notifications")) == [world.notification.pk]
    assert ids(caller("outsider").get("/notifications")) == [world.others_notification.pk]
    response = caller("anonymous").get("/notifications")
    assert response.status_code == 401 and response.json()["type"].endswith("/unauthenticated")


def test_a_list_is_paginated_by_cursor_with_a_link_header(world, caller):
    client = caller("moderator")
    everything = ids(client.get("/contents", {"limit": 100}))
    first = client.get("/contents", {"limit": 1})
    assert ids(first) == everything[:1]
    link = first["Link"]
    assert link.endswith('>; rel="next"') and "cursor=" in link
    next_url = link[1:link.index(">")].removeprefix("http://testserver/api/v1")
    second = client.client.get("/api/v1" + next_url, headers=client.headers)
    assert ids(second) == everything[1:2]
    last = client.get("/contents", {"limit": len(everything)})
    assert "Link" not in last


@pytest.mark.parametrize("limit", ["0", "-1", "101", "1000000", "abc"])
def test_limits_out_of_bounds_are_refused_with_problem_details(world, caller, limit):
    response = caller("verified_gp").get("/contents", {"limit": limit})
    assert response.status_code == 422
    body = response.json()
    assert response["Content-Type"] == "application/problem+json"
    assert body["status"] == 422 and body["errors"][0]["location"] == "query.limit"


def test_a_tampered_cursor_is_refused(world, caller):
    client = caller("moderator")
    link = client.get("/contents", {"limit": 1})["Link"]
    cursor = link.split("cursor=")[1].split("&")[0].split(">")[0]
    tampered = cursor[:-2] + ("AA" if not cursor.endswith("AA") else "BB")
    for bad in (tampered, "nimporte-quoi", cursor):
        response = client.get("/events" if bad == cursor else "/contents", {"cursor": bad})
        assert response.status_code == 422, bad  # the last one: a cursor of another list
        assert response.json()["type"].endswith("/invalid-cursor")


def test_unknown_query_fields_and_wrong_types_are_refused(world, caller):
    response = caller("verified_gp").get("/events", {"knd": "webinar"})
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"location": "query.knd", "message": "Champ inconnu.", "code": "unknown_field"}]
    response = caller("verified_gp").get("/events", {"kind": "party"})
    assert response.status_code == 422 and response.json()["errors"][0]["location"] == "query.kind"


def test_errors_speak_the_callers_language(world, caller):
    french = caller("anonymous", "fr").get("/notifications").json()
    dutch = caller("anonymous", "nl").get("/notifications").json()
    assert french["title"] == "Authentification requise"
    assert dutch["title"] == "Authenticatie vereist"
    assert caller("anonymous", "nl").get("/contents/999999").json()["title"] == "Niet gevonden"


def test_reads_carry_an_etag_and_answer_304_when_it_is_held(world, caller):
    client = caller("verified_gp")
    response = client.get(f"/events/{world.event.pk}")
    etag = response["ETag"]
    assert etag and response["Cache-Control"] == "private, no-cache"
    assert client.get(f"/events/{world.event.pk}", **{"If-None-Match": etag}).status_code == 304
    world.event.title = "Nouveau titre"
    world.event.save()
    assert client.get(f"/events/{world.event.pk}", **{"If-None-Match": etag}).status_code == 200


def test_a_token_without_the_scope_is_refused(world):
    token = make_token(world.personas.verified_gp, ["jobs:read"])
    client = ApiClient(token)
    assert client.get("/job-offers").status_code == 200
    response = client.get("/contents")
    assert response.status_code == 403 and response.json()["type"].endswith("/insufficient-scope")
    assert ApiClient(make_token(world.personas.verified_gp, ["content:read"])).get("/contents").status_code == 200


def test_an_unknown_or_malformed_token_is_a_401(world):
    for header in ("Bearer prx_nope", "Basic dXNlcjpwYXNz", "Bearer "):
        response = ApiClient().get("/contents", Authorization=header)
        assert response.status_code == 401, header
        assert response.json()["type"].endswith("/invalid-token")
        assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_browser_session_does_not_open_the_api(world):
    """Only tokens speak for a member: a signed-in browser reads as anonymous (no cross-site request rides on it)."""
    browser = world.personas.client("verified_gp")
    found = ids(browser.get("/api/v1/contents"))
    assert world.verified_only.pk not in found and world.public.pk in found
    assert browser.get("/api/v1/notifications").status_code == 401


def test_the_openapi_schema_and_docs_are_served(db):
    schema = ApiClient().get("/openapi.json").json()
    assert schema["openapi"].startswith("3.1")
    assert {"/api/v1/contents", "/api/v1/events", "/api/v1/job-offers", "/api/v1/institutions",
            "/api/v1/notifications"} <= set(schema["paths"])
    docs = ApiClient().get("/docs")
    assert docs.status_code == 200 and b"swagger-ui" in docs.content and b"cdn." not in docs.content


def test_content_kinds_filter(world, caller):
    found = ids(caller("moderator").get("/contents", {"kind": Content.Kind.ARTICLE}))
    assert world.public.pk in found
    assert ids(caller("moderator").get("/contents", {"kind": Content.Kind.CAPSULE})) == []


def test_rate_limits_are_counted_per_token_and_per_ip_and_said_in_headers(world, caller, settings):
    settings.API_RATE_LIMIT_PER_TOKEN = 3
    settings.API_RATE_LIMIT_PER_IP = 2
    client = caller("verified_gp")
    answers = [client.get("/themes") for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert answers[0]["X-RateLimit-Limit"] == "3" and answers[0]["X-RateLimit-Remaining"] == "2"
    assert int(answers[0]["X-RateLimit-Reset"]) > 0
    refused = answers[3]
    assert int(refused["Retry-After"]) >= 1 and refused.json()["type"].endswith("/rate-limited")
    # Another token has its own counter; anonymous callers share their IP's.
    assert caller("outsider").get("/themes").status_code == 200
    anonymous = caller("anonymous")
    assert [anonymous.get("/themes").status_code for _ in range(3)] == [200, 200, 429]
