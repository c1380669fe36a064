"""Personal access tokens: created on the member's page (shown once, stored hashed), listed, used, revoked, expired."""

from __future__ import annotations

import re
from datetime import timedelta

import time_machine
from django.utils import timezone

from praxis.api.models import AccessToken
from praxis.core.models import AuditEntry

from .conftest import ApiClient, make_token

URL = "/compte/acces-api/"


def _create(client, **data):
    return client.post(URL, {"name": "Intranet RH", "scopes": ["read", "events:write"], "expires_in_days": "30",
                             **data})


def test_a_member_creates_a_token_that_is_shown_once_and_stored_hashed(personas):
    client = personas.client("verified_gp")
    response = _create(client)
    assert response.status_code == 200
    found = re.search(rb'value="(prx_[\w-]+)"', response.content)
    assert found
    secret = found.group(1).decode()
    token = AccessToken.objects.get(user=personas.verified_gp)
    assert token.scopes == ["events:write", "read"] and secret not in token.token_hash
    assert token.expires_at and timedelta(days=29) < token.expires_at - timezone.now() <= timedelta(days=30)
    assert AuditEntry.objects.filter(action="api.token.created", target_id=str(token.pk)).exists()
    listing = client.get(URL)
    assert secret.encode() not in listing.content and token.hint.encode() in listing.content
    assert ApiClient(secret).get("/notifications").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_a_token_form_with_errors_keeps_what_was_typed(personas):
    response = _create(personas.client("verified_gp"), scopes=["admin"])
    assert response.status_code == 400 and b"Intranet RH" in response.content
    assert not AccessToken.objects.exists()


def test_a_revoked_token_stops_at_once(personas):
    client = personas.client("verified_gp")
    secret = make_token(personas.verified_gp)
    token = AccessToken.objects.get(user=personas.verified_gp)
    assert ApiClient(secret).get("/notifications").status_code == 200
    assert client.post(f"{URL}{token.pk}/revoquer/").status_code == 302
    response = ApiClient(secret).get("/notifications")
    assert response.status_code == 401 and response.json()["detail"] == "Ce jeton est inconnu, expiré ou révoqué."
    assert AuditEntry.objects.filter(action="api.token.revoked", target_id=str(token.pk)).exists()


def test_nobody_else_revokes_or_sees_a_members_token(personas):
    make_token(personas.verified_gp)
    token = AccessToken.objects.get(user=personas.verified_gp)
    for persona in ("outsider", "moderator", "platform_admin"):
        client = personas.client(persona)
        assert client.post(f"{URL}{token.pk}/revoquer/").status_code == 404
        assert token.hint.encode() not in client.get(URL).content
    token.refresh_from_db()
    assert token.revoked_at is None


def test_an_expired_token_is_refused(personas):
    secret = make_token(personas.verified_gp, days=30)
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        assert ApiClient(secret).get("/contents").status_code == 401


def test_a_deactivated_members_token_is_refused(personas):
    secret = make_token(personas.verified_gp)
    personas.verified_gp.is_active = False
    personas.verified_gp.save()
    assert ApiClient(secret).get("/contents").status_code == 401


def test_the_token_page_is_in_dutch_for_a_dutch_reader(personas):
    client = personas.client("verified_gp")
    response = client.get(URL, headers={"Accept-Language": "nl"})
    assert b"Een token aanmaken" in response.content
