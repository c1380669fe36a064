"""Real OpenID Connect providers for the e-ID tests (oidc-provider-mock in a thread), one per national preset, with
users whose claims are shaped like each provider's, and helpers that walk the whole sign-in over HTTP."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
import requests
from django.test import Client
from django.urls import reverse

try:
    from oidc_provider_mock import User, run_server_in_thread
except ImportError:  # a venv from before the dev dependency: the tests that need a provider skip (CI installs it)
    run_server_in_thread = None

    @dataclass
    class User:  # type: ignore[no-redef]
        sub: str
        claims: dict[str, Any]

from praxis.accounts.eid.presets import apps_from_env

RPPS = "10003456786"  # passes the Luhn check
RPPS_FAILING_LUHN = "10003456787"
INAMI = "12345625004"
GLN = "7601000000125"

# Pro Santé Connect: the national id is "8" + RPPS; professions and savoir-faire in SubjectRefPro.exercices.
PSC_USERS = [
    User(sub="psc-claire", claims={
        "given_name": "Claire", "family_name": "Martin", "email": "claire.martin@example.fr", "email_verified": True,
        "SubjectNameID": f"8{RPPS}", "preferred_username": f"8{RPPS}",
        "SubjectRefPro": {"codeCivilite": "DR", "exercices": [
            {"codeProfession": "10", "codeCategorieProfessionnelle": "C", "codeSavoirFaire": "SM54",
             "activities": [{"raisonSocialeSite": "Cabinet du Dr Martin", "codePostalStructure": "75011"}]},
        ]},
        "acr": "eidas1",
    }),
    User(sub="psc-luhn", claims={
        "given_name": "Paul", "family_name": "Durand", "email": "paul.durand@example.fr", "email_verified": True,
        "SubjectNameID": f"8{RPPS_FAILING_LUHN}",
        "SubjectRefPro": {"exercices": [{"codeProfession": "60"}]}, "acr": "eidas1",
    }),
    User(sub="psc-nonumber", claims={
        "given_name": "Inès", "family_name": "Roux", "email": "ines.roux@example.fr", "email_verified": True,
        "acr": "eidas1",
    }),
    # An address that a Praxis member already uses (the personas' GP).
    User(sub="psc-gp", claims={
        "given_name": "Alex", "family_name": "Membre", "email": "gp@example.test", "email_verified": True,
        "SubjectNameID": "81000000000", "acr": "eidas1",
    }),
    User(sub="psc-unverified-address", claims={
        "given_name": "Alex", "family_name": "Membre", "email": "gp@example.test", "email_verified": False,
        "acr": "eidas1",
    }),
]
# eHealth I.AM Connect: NIHII (INAMI) number, CoBRHA professions, the federal authentication level in `acr`.
IAM_USERS = [
    User(sub="iam-lotte", claims={
        "given_name": "Lotte", "family_name": "Peeters", "email": "lotte.peeters@example.be", "email_verified": True,
        "nihii": INAMI, "professions": [{"code": "GENERAL_PRACTITIONER", "nihii": INAMI}],
        "acr": "urn:be:fedict:iam:fas:Level450",
    }),
    User(sub="iam-moderator", claims={
        "given_name": "Mod", "family_name": "Erator", "email": "moderator@example.test", "email_verified": True,
        "acr": "urn:be:fedict:iam:fas:Level450",
    }),
]
# HIN: OAuth2 and a user-info endpoint (no ID token); the GLN, camelCase names, no address.
HIN_USERS = [
    User(sub="hin-anna", claims={"firstName": "Anna", "lastName": "Keller", "gln": GLN, "profession": "nurse"}),
]


class TokenTamper:
    """WSGI middleware around a mock provider: rewrites the ID token its token endpoint sends, for the bad-input
    tests (`mode`: None, "unsigned")."""

    def __init__(self, app: Callable[..., Any]) -> None:
        self.app = app
        self.mode: str | None = None

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        if self.mode is None or environ.get("PATH_INFO") != "/oauth2/token":
            return self.app(environ, start_response)
        captured: dict[str, Any] = {}

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            captured.update(status=status, headers=headers)
            return lambda data: None

        body = json.loads(b"".join(self.app(environ, capture)))
        if "id_token" in body:
            _header, payload, _signature = body["id_token"].split(".")
            none_header = base64.urlsafe_b64encode(b'{"alg":"none","typ":"JWT"}').rstrip(b"=").decode()
            body["id_token"] = f"{none_header}.{payload}."
        data = json.dumps(body).encode()
        headers = [(k, v) for k, v in captured["headers"] if k.lower() != "content-length"]
        start_response(captured["status"], [*headers, ("Content-Length", str(len(data)))])
        return [data]


@dataclass
class MockProvider:
    url: str
    tamper: TokenTamper
    environ: dict[str, str] = field(default_factory=dict)


@contextmanager
def mock_provider(users: list[User], **options: Any) -> Iterator[MockProvider]:
    if run_server_in_thread is None:
        pytest.skip("oidc-provider-mock is not installed: make venv")
    with run_server_in_thread(user_claims=users, require_nonce=True, **options) as server:
        tamper = TokenTamper(server.app)
        server.app = tamper  # werkzeug reads `server.app` for each request
        yield MockProvider(url=f"http://localhost:{server.server_port}", tamper=tamper)


def eid_environ(provider_id: str, mock: MockProvider, **extra: str) -> dict[str, str]:
    prefix = f"EID_{provider_id.upper()}_"
    environ = {prefix + "CLIENT_ID": f"praxis-{provider_id}", prefix + "SECRET": "s3cret"}
    if provider_id == "hin":
        environ |= {prefix + "AUTHORIZE_URL": f"{mock.url}/oauth2/authorize",
                    prefix + "TOKEN_URL": f"{mock.url}/oauth2/token", prefix + "USERINFO_URL": f"{mock.url}/userinfo"}
    else:
        environ[prefix + "ISSUER"] = mock.url
    environ |= {prefix + key.upper(): value for key, value in extra.items()}
    return environ


def providers_setting(*environs: dict[str, str], ids: str) -> dict[str, Any]:
    environ: dict[str, str] = {"EID_PROVIDERS": ids}
    for extra in environs:
        environ |= extra
    return {"eid": {"APPS": apps_from_env(environ)}}


def start(client: Client, provider_id: str, process: str = "login", next_url: str = "") -> str:
    """Press the provider's button: Praxis answers with a redirect to the provider's authorization endpoint."""
    data = {"process": process} | ({"next": next_url} if next_url else {})
    response = client.post(reverse("eid_login", kwargs={"provider_id": provider_id}), data)
    assert response.status_code == 302, response.content[:500]
    return str(response["Location"])


def consent(authorize_url: str, sub: str) -> str:
    """The member signs in at the provider, which sends the browser back to Praxis with a code: the callback path."""
    response = requests.post(authorize_url, data={"sub": sub}, allow_redirects=False, timeout=10)
    assert response.status_code == 302, response.text[:500]
    location = urlparse(response.headers["Location"])
    assert location.netloc == "testserver"
    return f"{location.path}?{location.query}"


def query(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlparse(url).query).items()}


def sign_in(client: Client, provider_id: str, sub: str, process: str = "login") -> Any:
    """The whole round trip: redirect, sign-in at the provider, callback (token and user info fetched by Praxis)."""
    return client.get(consent(start(client, provider_id, process), sub))


SIGNUP_FIELDS = {"postal_code": "75011", "city": "Paris", "languages": ["fr"], "individual": "on",
                 "accept_terms": "on"}


def complete_signup(client: Client, **overrides: Any) -> Any:
    """Accept the sign-up form as pre-filled from the claims, adding what no claim carries."""
    page = client.get(reverse("socialaccount_signup"))
    assert page.status_code == 200
    form = page.context["form"]
    data = {name: form.initial.get(name, field.initial) for name, field in form.fields.items()}
    data = {k: v for k, v in data.items() if v not in (None, "")}
    data.update(SIGNUP_FIELDS)
    data.update(overrides)
    return client.post(reverse("socialaccount_signup"), data)
