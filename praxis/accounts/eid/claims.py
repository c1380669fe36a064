"""What an e-ID provider says about a member, read from its claims by the options of its preset (presets.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .presets import EIDAS_HIGH, EIDAS_SUBSTANTIAL

LOW, SUBSTANTIAL, HIGH = "low", "substantial", "high"


@dataclass(frozen=True)
class Identity:
    provider_id: str
    provider_name: str
    subject: str
    email: str = ""
    email_verified: bool = False
    first_name: str = ""
    last_name: str = ""
    country: str = ""
    number: str = ""  # the professional number the provider vouches for, as sent (prefix removed)
    profession: str = ""  # a Praxis Profession value, or "" when no claim maps to one
    profession_codes: list[str] = field(default_factory=list)
    acr: str = ""  # from the signed ID token only
    assurance: str = LOW

    @property
    def is_strong(self) -> bool:
        """eIDAS "substantial" or "high": strong enough to stand for the second factor (docs/eid-sign-in.md)."""
        return self.assurance in {SUBSTANTIAL, HIGH}


def claim_values(data: Any, path: str) -> list[Any]:
    """Values at a dotted path; lists on the way are walked (`SubjectRefPro.exercices.codeProfession`)."""
    if not path:
        return []
    values = [data]
    for part in path.split("."):
        found: list[Any] = []
        for value in values:
            items = value if isinstance(value, list) else [value]
            for item in items:
                if isinstance(item, dict) and part in item:
                    found.append(item[part])
        values = found
    flat: list[Any] = []
    for value in values:
        flat.extend(value if isinstance(value, list) else [value])
    return [value for value in flat if value not in (None, "")]


def _first(data: dict[str, Any], path: str) -> str:
    values = claim_values(data, path)
    return str(values[0]).strip() if values else ""


def assurance_of(acr: str, options: dict[str, Any]) -> str:
    if acr and acr in [*options.get("acr_high", []), *EIDAS_HIGH]:
        return HIGH
    if acr and acr in [*options.get("acr_substantial", []), *EIDAS_SUBSTANTIAL]:
        return SUBSTANTIAL
    return LOW


def identity_from(provider_id: str, options: dict[str, Any], extra_data: dict[str, Any]) -> Identity:
    """`extra_data` as allauth stores it: {"userinfo": {...}, "id_token": {...}} (either may be missing)."""
    id_token = extra_data.get("id_token") or {}
    claims = {**id_token, **(extra_data.get("userinfo") or {})}
    number = _first(claims, options.get("number_claim", ""))
    prefix = options.get("number_prefix", "")
    if prefix and number.startswith(prefix):
        number = number[len(prefix):]
    codes = [str(code) for code in claim_values(claims, options.get("profession_claim", ""))]
    specialties = [str(code) for code in claim_values(claims, options.get("specialty_claim", ""))]
    profession = next((options["specialties"][code] for code in specialties if code in options.get("specialties", {})),
                      "")
    profession = profession or next(
        (options["professions"][code] for code in codes if code in options.get("professions", {})), ""
    )
    # Only the ID token says how this sign-in happened: user info describes the person, not the authentication.
    acr = str(id_token.get("acr") or "")
    verified = claims.get("email_verified")
    return Identity(
        provider_id=provider_id,
        provider_name=options.get("name", provider_id),
        subject=_first(claims, options.get("subject_claim") or "sub"),
        email=str(claims.get("email") or "").strip().lower(),
        email_verified=verified is True or str(verified).lower() == "true",
        first_name=_first(claims, options.get("first_name_claim", "given_name")),
        last_name=_first(claims, options.get("last_name_claim", "family_name")),
        country=options.get("country", ""),
        number=number,
        profession=profession,
        profession_codes=codes,
        acr=acr,
        assurance=assurance_of(acr, options),
    )


def identity_of_account(account: Any) -> Identity:
    """What a linked e-ID says, read with its provider's options; a provider no longer configured keeps its preset's
    (or the generic) reading, so that its member can still see and unlink it."""
    from allauth.socialaccount.models import SocialApp

    from .presets import GENERIC, PRESETS

    try:
        provider = account.get_provider()
        options = dict(provider.app.settings.get("eid") or {})
    except SocialApp.DoesNotExist:
        options = dict(PRESETS.get(account.provider, GENERIC))
        options["name"] = options.get("name") or account.provider
    return identity_from(account.provider, options, account.extra_data or {})
