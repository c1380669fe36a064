"""OAuth2 end to end over HTTP (django-oauth-toolkit): authorization code with PKCE for an app acting for a member,
client credentials for an institution's system bound to that institution."""

from __future__ import annotations

import base64
import hashlib
import secrets
from urllib.parse import parse_qs, urlparse

import pytest
from django.core.exceptions import PermissionDenied
from oauth2_provider.models import get_application_model

from praxis.api import services
from praxis.core.actor import Actor
from praxis.core.models import AuditEntry
from praxis.testing import make_institution

from .conftest import ApiClient, ids
from .test_write_api import _event_body

REDIRECT = "https://intranet.example.org/praxis/callback"


def _app(user, **fields):
    return get_application_model().objects.create(
        name="Intranet de la clinique", user=user, client_type="public", authorization_grant_type="authorization-code",
        redirect_uris=REDIRECT, **fields)


def _pkce():
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge


def _authorize(browser, app, scope, challenge=None):
    params = {"response_type": "code", "client_id": app.client_id, "redirect_uri": REDIRECT, "scope": scope,
              "state": "xyz"}
    if challenge:
        params |= {"code_challenge": challenge, "code_challenge_method": "S256"}
    page = browser.get("/o/authorize/", params)
    return page, browser.post("/o/authorize/", {**params, "allow": "Authorize"})


def test_an_app_acts_for_a_member_with_the_scopes_the_member_allowed(world):
    app = _app(world.personas.platform_admin)
    browser = world.personas.client("verified_gp")
    verifier, challenge = _pkce()
    page, answer = _authorize(browser, app, "events:read notifications:read", challenge)
    assert page.status_code == 200 and b"Intranet de la clinique" in page.content
    assert b"Lire vos notifications" in page.content  # the scopes, in the member's language
    assert answer.status_code == 302 and answer["Location"].startswith(REDIRECT)
    query = parse_qs(urlparse(answer["Location"]).query)
    assert query["state"] == ["xyz"]
    token = ApiClient().client.post("/o/token/", {
        "grant_type": "authorization_code", "code": query["code"][0], "redirect_uri": REDIRECT,
        "client_id": app.client_id, "code_verifier": verifier})
    assert token.status_code == 200, token.content
    access = token.json()["access_token"]
    client = ApiClient(access)
    assert ids(client.get("/notifications")) == [world.notification.pk]
    assert client.get("/events").status_code == 200
    refused = client.get("/contents")
    assert refused.status_code == 403 and refused.json()["type"].endswith("/insufficient-scope")
    # The code was used once: a replay gets nothing.
    replay = ApiClient().client.post("/o/token/", {
        "grant_type": "authorization_code", "code": query["code"][0], "redirect_uri": REDIRECT,
        "client_id": app.client_id, "code_verifier": verifier})
    assert replay.status_code == 400


def test_pkce_is_required_and_the_verifier_checked(world):
    app = _app(world.personas.platform_admin)
    browser = world.personas.client("verified_gp")
    _page, answer = _authorize(browser, app, "read")
    assert "code=" not in answer.get("Location", "") and "error" in answer.get("Location", "error")
    _verifier, challenge = _pkce()
    _page, answer = _authorize(browser, app, "read", challenge)
    code = parse_qs(urlparse(answer["Location"]).query)["code"][0]
    wrong = ApiClient().client.post("/o/token/", {
        "grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT, "client_id": app.client_id,
        "code_verifier": secrets.token_urlsafe(48)})
    assert wrong.status_code == 400


def test_an_anonymous_visitor_is_sent_to_sign_in_before_authorising(world):
    app = _app(world.personas.platform_admin)
    _verifier, challenge = _pkce()
    page, _answer = _authorize(ApiClient().client, app, "read", challenge)
    assert page.status_code == 302 and "/compte/" in page["Location"]


def _client_credentials(world, institution=None):
    new = services.institution_client_register(actor=Actor(world.personas.institution_admin),
                                               institution=institution or world.personas.institution,
                                               name="SIRH de la clinique")
    answer = ApiClient().client.post("/o/token/", {"grant_type": "client_credentials", "scope": "read write"},
                                     headers={"Authorization": "Basic " + base64.b64encode(
                                         f"{new.client_id}:{new.client_secret}".encode()).decode()})
    assert answer.status_code == 200, answer.content
    return new, ApiClient(answer.json()["access_token"])


def test_an_institutions_system_acts_for_that_institution_only(world):
    _new, system = _client_credentials(world)
    assert AuditEntry.objects.filter(action="api.client.registered").exists()
    institution = world.personas.institution.pk
    created = system.send("post", "/events", _event_body(institution=institution))
    assert created.status_code == 201, created.content
    found = ids(system.get("/contents", {"limit": 100}))
    assert world.institution_only.pk in found and world.public.pk in found
    assert world.verified_only.pk not in found  # the system is not a verified professional
    assert world.community_only.pk not in found
    # A client credential used for another institution: refused as the pages refuse it.
    other = make_institution("Autre hôpital", city="Mons", country="BE")
    assert system.send("post", "/events", _event_body(institution=other.pk)).status_code == 422
    own_name = system.send("post", "/events", _event_body())  # a system has no name of its own to organise in
    assert own_name.status_code == 422 and own_name.json()["errors"][0]["location"] == "body.institution"
    # Its registering admin's notifications are theirs, not the system's.
    assert system.get("/notifications").status_code == 403


def test_only_an_institutions_admin_registers_its_system_and_unbound_clients_are_refused(world):
    for persona in ("institution_staff", "outsider"):
        with pytest.raises(PermissionDenied):
            services.institution_client_register(actor=Actor(world.personas.users[persona]),
                                                 institution=world.personas.institution, name="Pirate")
    secret = "s3cret-" + secrets.token_urlsafe(16)
    app = get_application_model().objects.create(
        name="Sans institution", user=world.personas.outsider, client_type="confidential",
        authorization_grant_type="client-credentials", client_secret=secret)
    answer = ApiClient().client.post("/o/token/", {"grant_type": "client_credentials", "scope": "read"},
                                     headers={"Authorization": "Basic " + base64.b64encode(
                                         f"{app.client_id}:{secret}".encode()).decode()})
    assert answer.status_code == 200
    refused = ApiClient(answer.json()["access_token"]).get("/contents")
    assert refused.status_code == 401 and refused.json()["type"].endswith("/invalid-token")
