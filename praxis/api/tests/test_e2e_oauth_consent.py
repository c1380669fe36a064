"""The OAuth2 consent page in a real Chromium: a member signed in on a phone sees, in French, which application asks
for what, allows it with the keyboard and the application gets a code it exchanges (PKCE) for a token that works; a
refusal sends the application away with nothing."""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
from urllib.parse import parse_qs, urlencode, urlparse

import pytest
from django.test import Client
from oauth2_provider.models import get_application_model
from playwright.sync_api import expect

from praxis.testing import make_member

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]



def _redirect(live_server) -> str:
    """The application's address: another origin than the live server's `localhost` (127.0.0.1, same port), so the
    browser really leaves Praxis for it; its page is a 404 there, what matters is the address it lands on."""
    return live_server.url.replace("localhost", "127.0.0.1") + "/retour-application/"


def _signed_in_phone(browser, base, member):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="fr-BE")
    context.route(re.compile(r"^https?://(?!127\.0\.0\.1|localhost).*"), lambda route: route.abort())
    client = Client()
    client.force_login(member)
    context.add_cookies([{"name": "django_language", "value": "fr", "url": base}]
                        + [{"name": n, "value": m.value, "url": base} for n, m in client.cookies.items()])
    return context.new_page()


def _authorize_url(base, app, challenge, redirect):
    return f"{base}/o/authorize/?" + urlencode({
        "response_type": "code", "client_id": app.client_id, "redirect_uri": redirect,
        "scope": "events:read notifications:read", "state": "st-42", "code_challenge": challenge,
        "code_challenge_method": "S256"})


def test_a_member_allows_an_application_from_the_consent_page_by_keyboard(live_server, browser):
    redirect = _redirect(live_server)
    member = make_member("infirmiere.oauth@example.test")
    app = get_application_model().objects.create(
        name="Intranet de la clinique", user=member, client_type="public",
        authorization_grant_type="authorization-code", redirect_uris=redirect)
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    page = _signed_in_phone(browser, live_server.url, member)
    try:
        page.goto(_authorize_url(live_server.url, app, challenge, redirect))
        expect(page.get_by_role("heading", level=1)).to_contain_text("Intranet de la clinique")
        expect(page.get_by_text("Lire vos notifications")).to_be_visible()  # the scopes, described in French
        allow = page.get_by_role("button", name="Autoriser")
        allow.focus()
        page.keyboard.press("Enter")
        page.wait_for_url(f"{redirect}?*")
        query = parse_qs(urlparse(page.url).query)
        assert query["state"] == ["st-42"]
        token = Client().post("/o/token/", {
            "grant_type": "authorization_code", "code": query["code"][0], "redirect_uri": redirect,
            "client_id": app.client_id, "code_verifier": verifier})
        assert token.status_code == 200, token.content
        access = token.json()["access_token"]
        answer = Client().get("/api/v1/notifications", headers={"Authorization": f"Bearer {access}"})
        assert answer.status_code == 200
        # The member now sees the application among those they authorised, and can withdraw it.
        page.goto(f"{live_server.url}/compte/acces-api/")
        expect(page.get_by_text("Intranet de la clinique", exact=True)).to_be_visible()
        page.get_by_role("button", name=re.compile("Retirer l.accès à « Intranet de la clinique »")).click()
        expect(page.get_by_text("Intranet de la clinique", exact=True)).to_have_count(0)
        assert Client().get("/api/v1/notifications", headers={"Authorization": f"Bearer {access}"}).status_code == 401
    finally:
        page.context.close()


def test_a_refusal_sends_the_application_away_without_a_code(live_server, browser):
    redirect = _redirect(live_server)
    member = make_member("kine.oauth@example.test")
    app = get_application_model().objects.create(
        name="Agenda du cabinet", user=member, client_type="public",
        authorization_grant_type="authorization-code", redirect_uris=redirect)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(b"x" * 64).digest()).rstrip(b"=").decode()
    page = _signed_in_phone(browser, live_server.url, member)
    try:
        page.goto(_authorize_url(live_server.url, app, challenge, redirect))
        page.get_by_role("button", name="Refuser").click()
        page.wait_for_url(f"{redirect}?*")
        query = parse_qs(urlparse(page.url).query)
        assert query.get("error") == ["access_denied"] and "code" not in query
    finally:
        page.context.close()
