"""Open Badges 3.0 credentials, verified by an independent path: `cryptography` and the public endpoints only
(the published key, the status list), never the code that signed them."""

import base64
import gzip
import json
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from django.test import Client
from django.utils import timezone

from praxis.core.actor import Actor
from praxis.cpd import services

from .factories import make_attestation

pytestmark = pytest.mark.django_db


def b64(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


class Verifier:
    """What a third party does with a credential file and the two public URLs."""

    def __init__(self, client: Client) -> None:
        keys = client.get("/verifier/cles.json").json()["keys"]
        self.keys = {k["kid"]: ec.EllipticCurvePublicNumbers(
            int.from_bytes(b64(k["x"]), "big"), int.from_bytes(b64(k["y"]), "big"), ec.SECP256R1()).public_key()
            for k in keys}
        self.client = client

    def payload(self, token: str) -> dict[str, Any]:
        header_b64, payload_b64, signature_b64 = token.split(".")
        header = json.loads(b64(header_b64))
        assert header["alg"] == "ES256"
        raw = b64(signature_b64)
        signature = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
        self.keys[header["kid"]].verify(signature, f"{header_b64}.{payload_b64}".encode(),
                                        ec.ECDSA(hashes.SHA256()))  # raises InvalidSignature
        return json.loads(b64(payload_b64))

    def check(self, token: str) -> str:
        try:
            claims = self.payload(token)
        except InvalidSignature:
            return "forged"
        if claims["iss"] != _site() + "/verifier/emetteur/":
            return "unknown issuer"
        if "exp" in claims and claims["exp"] < timezone.now().timestamp():
            return "expired"
        status = claims["vc"]["credentialStatus"]
        status_claims = self.payload(self.client.get("/verifier/statut/").content.decode())
        encoded = status_claims["vc"]["credentialSubject"]["encodedList"]
        assert encoded.startswith("u")
        bits = gzip.decompress(b64(encoded[1:]))
        index = int(status["statusListIndex"])
        return "revoked" if bits[index // 8] & (0x80 >> (index % 8)) else "valid"


def _site() -> str:
    from django.conf import settings

    return settings.SITE_URL.rstrip("/")


@pytest.fixture
def signing(settings, tmp_path):
    settings.CPD_SIGNING_KEY = ""
    settings.CPD_SIGNING_KEY_FILE = str(tmp_path / "key.pem")
    settings.SITE_URL = "https://praxis.example"


def _download(personas, attestation) -> str:
    response = personas.client("verified_gp").get(
        f"/formation-continue/attestations/{attestation.code}/open-badge.jwt")
    assert response.status_code == 200 and response["Content-Type"] == "application/vc+jwt"
    return response.content.decode()


def test_a_credential_verifies_offline_with_the_published_key(personas, signing):
    attestation = make_attestation(personas.verified_gp, title="Soirée BPCO", points=Decimal("2"),
                                   issuer_institution=personas.institution)
    token = _download(personas, attestation)
    verifier = Verifier(Client())
    assert verifier.check(token) == "valid"
    vc = verifier.payload(token)["vc"]
    assert "OpenBadgeCredential" in vc["type"] and vc["issuer"]["name"] == personas.institution.name
    assert vc["credentialSubject"]["achievement"]["creditsAvailable"] == 2.0
    assert vc["credentialSubject"]["name"] == personas.verified_gp.get_full_name()
    assert vc["id"] == f"https://praxis.example/verifier/{attestation.code}/"


def test_a_tampered_credential_is_forged(personas, signing):
    token = _download(personas, make_attestation(personas.verified_gp, points=Decimal("2")))
    header, payload, signature = token.split(".")
    claims = json.loads(b64(payload))
    claims["vc"]["credentialSubject"]["achievement"]["creditsAvailable"] = 20.0
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
    assert Verifier(Client()).check(f"{header}.{forged}.{signature}") == "forged"


def test_a_revoked_credential_is_reported_by_the_status_list(personas, signing):
    attestation = make_attestation(personas.verified_gp, source_key="r")
    other = make_attestation(personas.verified_gp, source_key="still-valid")
    token, other_token = _download(personas, attestation), _download(personas, other)
    services.attestation_revoke(actor=Actor(personas.moderator), attestation=attestation, reason="Erreur")
    verifier = Verifier(Client())
    assert verifier.check(token) == "revoked" and verifier.check(other_token) == "valid"


def test_an_expired_credential_is_reported_as_such(personas, signing):
    today = timezone.localdate()
    attestation = make_attestation(personas.verified_gp, issued_on=today - timedelta(days=400),
                                   valid_until=today - timedelta(days=1), kind="course_certificate")
    assert Verifier(Client()).check(_download(personas, attestation)) == "expired"


def test_validity_ends_at_midnight_where_the_platform_is_not_in_utc(personas, signing):
    """Valid until 1 December: expired from 2 December 00:00 in Brussels (23:00 UTC), not an hour later (CI saw a
    certificate valid until yesterday still valid at 00:40 in Brussels)."""
    from datetime import date, datetime, time
    from zoneinfo import ZoneInfo

    attestation = make_attestation(personas.verified_gp, issued_on=date(2026, 1, 1), valid_until=date(2026, 12, 1),
                                   kind="course_certificate")
    claims = json.loads(b64(_download(personas, attestation).split(".")[1]))
    brussels = ZoneInfo("Europe/Brussels")
    assert claims["exp"] == int(datetime.combine(date(2026, 12, 1), time(23, 59, 59), tzinfo=brussels).timestamp())
    assert claims["nbf"] == int(datetime.combine(date(2026, 1, 1), time(0, 0), tzinfo=brussels).timestamp())


def test_a_credential_signed_by_another_key_is_forged(personas, signing, settings, tmp_path):
    token = _download(personas, make_attestation(personas.verified_gp))
    settings.CPD_SIGNING_KEY_FILE = str(tmp_path / "another.pem")  # the platform's key as published now
    verifier = Verifier(Client())
    header = json.loads(b64(token.split(".")[0]))
    verifier.keys[header["kid"]] = next(iter(verifier.keys.values()))
    assert verifier.check(token) == "forged"
