"""Requests forged from elsewhere, walked over the whole URLconf: every state-changing route refuses a POST without
the CSRF token (cookies alone do not act for a member); no `next=` sends a member off the site, in any spelling; a
forged Host header never reaches an e-mail; the server fetches addresses from its settings only (no SSRF surface)."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from praxis.testing import PASSWORD, PERSONA_NAMES, make_member, make_personas
from praxis.testing.tests.test_permission_matrix import MODULES, ROUTES

pytestmark = pytest.mark.django_db

# Routes a POST reaches without the session's CSRF token, on purpose, each with its own proof of who is asking.
CSRF_EXEMPT = {
    "notifications:unsubscribe": "RFC 8058 one-click unsubscribe: mail clients post without a session; the signed "
                                 "token in the address is the authority, the session is never read",
}


@pytest.fixture
def world(db) -> SimpleNamespace:
    world = SimpleNamespace(personas=make_personas())
    for module in MODULES:
        if hasattr(module, "setup"):
            module.setup(world)
    return world


def _acting_persona(route) -> str | None:
    """A signed-in persona the route lets act (anything but a refusal), so a 403 can only come from the CSRF check."""
    for persona in reversed(PERSONA_NAMES):
        if persona != "anonymous" and route.expected(persona) not in {401, 403, 404, 405}:
            return persona
    return None


def test_every_state_changing_route_refuses_a_post_without_the_csrf_token(world: SimpleNamespace) -> None:
    checked, failures = 0, []
    for route in ROUTES:
        persona = _acting_persona(route)
        if route.method in {"get", "head", "options"} or route.name in CSRF_EXEMPT or persona is None:
            continue
        client = Client(enforce_csrf_checks=True)
        client.force_login(world.personas.users[persona])
        url = reverse(route.name, kwargs=route.resolve_kwargs(world))
        response = getattr(client, route.method)(url, route.resolve_data(world))
        checked += 1
        if response.status_code != 403 or (b"CSRF" not in response.content and b"csrf" not in response.content):
            failures.append(f"{route.method.upper()} {url} as {persona}: {response.status_code}")
    assert not failures, f"{len(failures)} of {checked} routes acted without the token:\n" + "\n".join(failures)
    assert checked > 150


@pytest.mark.parametrize("name", ["account_login", "account_signup", "account_reset_password", "account_logout",
                                  "set_language"])
def test_the_account_forms_refuse_a_post_without_the_csrf_token(name: str) -> None:
    member = make_member("forge@example.test")
    client = Client(enforce_csrf_checks=True)
    if name == "account_logout":
        client.force_login(member)
    response = client.post(reverse(name), {"login": member.email, "password": PASSWORD, "email": member.email,
                                            "language": "nl"})
    assert response.status_code == 403
    assert b"CSRF" in response.content or b"csrf" in response.content


def test_the_exemptions_do_not_act_on_a_session_alone(world: SimpleNamespace) -> None:
    """The exempt routes answer a member's cookies without their token as they answer a stranger."""
    for route in ROUTES:
        if route.name in CSRF_EXEMPT and route.method != "get":
            kwargs = route.resolve_kwargs(world)
            forged = {**kwargs, **{key: "forged" for key in kwargs if "token" in key}}
            client = world.personas.client("verified_gp")
            response = client.post(reverse(route.name, kwargs=forged), route.resolve_data(world))
            assert response.status_code in {400, 403, 404}, route.name


# Spellings of "elsewhere" that browsers follow (backslashes become slashes, tabs and line breaks are dropped).
ELSEWHERE = [
    "//evil.example", "/\\evil.example", "\\\\evil.example", "https://evil.example", "http:evil.example",
    "///evil.example", "////evil.example/", "/%2F%2Fevil.example", "%2F%2Fevil.example", "/%5Cevil.example",
    "https:/\\evil.example", "javascript:alert(1)", " //evil.example", "\t//evil.example", "/\t/evil.example",
    "//testserver@evil.example", "https://testserver.evil.example", "https://evil.example#testserver",
    "data:text/html,<script>alert(1)</script>", "//evil%E3%80%82example", "/.//evil.example",
    "https://evil.example/%2e%2e/", "\x00//evil.example", "//evil.example\\@testserver", "https:evil.example",
]


def _stays_home(location: str) -> bool:
    browser_reads = location.replace("\\", "/").translate({9: None, 10: None, 13: None}).lstrip("\x00 ")
    parts = urlsplit(browser_reads)
    return parts.scheme in {"", "http", "https"} and parts.netloc in {"", "testserver"} and not (
        browser_reads.startswith("//") or (parts.scheme and not parts.netloc))


def test_the_check_itself_tells_home_from_elsewhere() -> None:
    assert all(_stays_home(path) for path in ["/", "/agenda/?q=1", "http://testserver/annuaire/"])
    assert not any(_stays_home(place) for place in ["//evil.example", "/\\evil.example", "https://evil.example",
                                                    "javascript:alert(1)", "http:evil.example"])


@pytest.mark.parametrize("place", ELSEWHERE)
def test_no_next_address_sends_a_member_off_the_site(place: str) -> None:
    member = make_member("next@example.test")
    signed_in = Client().post(f"{reverse('account_login')}?next={place}", {"login": member.email,
                                                                          "password": PASSWORD, "next": place})
    language = Client().post(reverse("set_language"), {"language": "nl", "next": place})
    client = Client()
    client.force_login(member)
    signed_out = client.post(reverse("account_logout"), {"next": place})
    for response in (signed_in, language, signed_out):
        assert response.status_code in {200, 302, 303}, response.status_code
        if response.status_code in {302, 303}:
            assert _stays_home(response["Location"]), f"{place!r} → {response['Location']!r}"


def test_a_forged_host_never_reaches_an_email() -> None:
    member = make_member("host@example.test")
    refused = Client().post(reverse("account_reset_password"), {"email": member.email}, HTTP_HOST="evil.example")
    assert refused.status_code == 400
    forwarded = Client().post(reverse("account_reset_password"), {"email": member.email},
                              HTTP_X_FORWARDED_HOST="evil.example")
    assert forwarded.status_code in {200, 302}
    assert len(mail.outbox) == 1
    assert "evil.example" not in mail.outbox[0].body
    assert "http://testserver/" in mail.outbox[0].body or settings.SITE_URL in mail.outbox[0].body


def test_the_server_fetches_addresses_from_its_settings_only() -> None:
    """SSRF: the only code that opens a connection is the geocoder, whose base address is a setting (the member's
    words only fill its query string). A new place that fetches a URL fails here and must refuse loopback, private
    and link-local addresses in all spellings before it is allowed."""
    opens = re.compile(r"(^|\.)(urlopen|urlretrieve|create_connection|HTTPConnection|HTTPSConnection)$"
                       r"|^(requests|httpx|aiohttp|urllib3)\.(get|post|put|request|head|stream|Session|Client)$"
                       r"|^socket\.socket$")
    found = set()
    testing = Path(settings.BASE_DIR, "praxis", "testing")
    for path in Path(settings.BASE_DIR, "praxis").rglob("*.py"):
        # Tests and the test support of praxis/testing (an import contract keeps it out of the server: only tests
        # import it — e.g. its S3 endpoint for the multi-process tests) are not the server.
        if "tests" in path.parts or path.is_relative_to(testing):
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and opens.search(ast.unparse(node.func)):
                found.add(str(path.relative_to(settings.BASE_DIR)))
    assert found == {"praxis/institutions/geo.py"}
