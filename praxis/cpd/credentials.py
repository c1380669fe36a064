"""Open Badges 3.0 credentials: each attestation as a W3C Verifiable Credential, signed as a JWT (ES256).

Anyone verifies one offline with the platform's published key (`cpd:jwks`); revocation is published as a
Bitstring Status List (`cpd:status_list`, itself a signed credential). Signing and verifying go through `joserfc`;
the tests verify with `cryptography` alone, an independent path."""

from __future__ import annotations

import base64
import gzip
import os
import threading
from datetime import UTC, datetime, time
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from joserfc import jwt
from joserfc.jwk import ECKey

from .models import Attestation

OB_CONTEXT = ["https://www.w3.org/ns/credentials/v2",
              "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]
STATUS_LIST_BITS = 131072  # the minimum size the specification asks for (16 KB), for herd privacy
_lock = threading.Lock()


def _site(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def signing_key() -> ECKey:
    """The key from settings (PEM), or from its file, created once when none exists (development, tests)."""
    if settings.CPD_SIGNING_KEY:
        return ECKey.import_key(settings.CPD_SIGNING_KEY)
    path = settings.CPD_SIGNING_KEY_FILE
    with _lock:
        if not os.path.exists(path):
            key = ECKey.generate_key("P-256")
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as out:
                out.write(key.as_pem(private=True))
        with open(path, "rb") as source:
            return ECKey.import_key(source.read())


def public_jwks() -> dict[str, Any]:
    key = signing_key()
    public = key.as_dict(private=False)
    return {"keys": [{**public, "kid": key.thumbprint(), "use": "sig", "alg": "ES256"}]}


def issuer_profile() -> dict[str, Any]:
    return {"id": _site(reverse("cpd:issuer")), "type": ["Profile"], "name": "Praxis",
            "url": settings.SITE_URL}


def _timestamp(day: Any, end: bool = False) -> datetime:
    """The start (or the last second) of a day in the platform's time zone, in UTC: a certificate valid until
    1 December stops at midnight in Brussels, not one hour later."""
    local = datetime.combine(day, time(23, 59, 59) if end else time(0, 0), tzinfo=timezone.get_default_timezone())
    return local.astimezone(UTC)


def _sign(claims: dict[str, Any]) -> str:
    key = signing_key()
    return jwt.encode({"alg": "ES256", "typ": "vc+jwt", "kid": key.thumbprint()}, claims, key)


def credential_for(attestation: Attestation) -> str:
    """The attestation as an OpenBadgeCredential in a JWT; points as the achievement's `creditsAvailable`."""
    verify_url = _site(reverse("cpd:verify", kwargs={"code": attestation.code}))
    valid_from = _timestamp(attestation.issued_on)
    achievement: dict[str, Any] = {
        "id": verify_url + "#achievement", "type": ["Achievement"], "name": attestation.title,
        "description": str(attestation.get_kind_display()),
        "criteria": {"narrative": str(attestation.get_kind_display())},
        "achievementType": "Certificate" if attestation.kind == Attestation.Kind.COURSE_CERTIFICATE else "Award",
    }
    if attestation.points is not None:
        achievement["creditsAvailable"] = float(attestation.points)
    vc: dict[str, Any] = {
        "@context": OB_CONTEXT, "id": verify_url, "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": attestation.title,
        "issuer": {**issuer_profile(), "name": attestation.issuer_name},
        "validFrom": valid_from.isoformat().replace("+00:00", "Z"),
        "credentialSubject": {"type": ["AchievementSubject"], "name": attestation.recipient_name,
                              "achievement": achievement},
        "credentialStatus": {
            "id": f"{_site(reverse('cpd:status_list'))}#{attestation.pk}", "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation", "statusListIndex": str(attestation.pk),
            "statusListCredential": _site(reverse("cpd:status_list")),
        },
    }
    claims: dict[str, Any] = {"iss": vc["issuer"]["id"], "jti": verify_url, "sub": verify_url + "#subject",
                              "nbf": int(valid_from.timestamp()), "iat": int(valid_from.timestamp()), "vc": vc}
    if attestation.valid_until:
        valid_until = _timestamp(attestation.valid_until, end=True)
        vc["validUntil"] = valid_until.isoformat().replace("+00:00", "Z")
        claims["exp"] = int(valid_until.timestamp())
    return _sign(claims)


def encoded_status_list(revoked_indexes: list[int]) -> str:
    """Multibase ("u" + base64url, no padding) of the GZIP-compressed bitstring; bit i (left to right, most
    significant first) set = revoked."""
    size = max(STATUS_LIST_BITS, ((max(revoked_indexes, default=0) // 8) + 1) * 8)
    bits = bytearray(size // 8)
    for index in revoked_indexes:
        bits[index // 8] |= 0x80 >> (index % 8)
    return "u" + base64.urlsafe_b64encode(gzip.compress(bytes(bits), mtime=0)).decode().rstrip("=")


def status_list_credential() -> str:
    """The revocation list of every attestation, signed: verifiers fetch it and read their credential's bit."""
    revoked = list(Attestation.objects.filter(revoked_at__isnull=False).values_list("pk", flat=True))
    url = _site(reverse("cpd:status_list"))
    now = datetime.now(UTC).replace(microsecond=0)
    vc: dict[str, Any] = {"@context": ["https://www.w3.org/ns/credentials/v2"], "id": url,
          "type": ["VerifiableCredential", "BitstringStatusListCredential"], "issuer": issuer_profile(),
          "validFrom": now.isoformat().replace("+00:00", "Z"),
          "credentialSubject": {"id": url + "#list", "type": "BitstringStatusList", "statusPurpose": "revocation",
                                "encodedList": encoded_status_list(revoked)}}
    return _sign({"iss": vc["issuer"]["id"], "jti": url, "iat": int(now.timestamp()), "vc": vc})
