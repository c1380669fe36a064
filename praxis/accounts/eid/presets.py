"""Sign-in with national professional e-IDs: providers configured from the environment (no Django import here, the
settings module reads it).

    EID_PROVIDERS=psc,iam,hin          # ids of the providers to show, in this order; unset: none is shown
    EID_PSC_ISSUER=https://auth.esw.esante.gouv.fr/auth/realms/esante-wallet
    EID_PSC_CLIENT_ID=...  EID_PSC_SECRET=...

An id that names a preset (`psc`, `iam`, `hin`) takes its defaults; any other id is a generic OpenID Connect provider
(`EID_<ID>_PRESET=psc` borrows a preset under another id). Every default can be overridden, see `OPTIONS` and
docs/eid-sign-in.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# What each national provider sends, from its public documentation; see docs/eid-sign-in.md for the sources and for
# which `acr` values count as eIDAS "substantial" (they decide whether a privileged member still needs a second factor).
PRESETS: dict[str, dict[str, Any]] = {
    "psc": {
        "name": "Pro Santé Connect",
        "country": "FR",
        "oidc": True,
        "scope": ["openid", "scope_all"],
        "auth_params": {"acr_values": "eidas1"},
        "pkce": True,
        # The national id of a professional with an RPPS number is "8" followed by the 11-digit RPPS.
        "number_claim": "SubjectNameID",
        "number_prefix": "8",
        "profession_claim": "SubjectRefPro.exercices.codeProfession",
        "specialty_claim": "SubjectRefPro.exercices.codeSavoirFaire",
        "first_name_claim": "given_name",
        "last_name_claim": "family_name",
        # Nomenclature TRE_G15 (profession) and TRE_R38 (savoir-faire: SM54 is general medicine).
        "professions": {
            "10": "specialist", "21": "pharmacist", "40": "dentist", "50": "midwife", "60": "nurse", "69": "nurse",
            "70": "physiotherapist", "91": "speech_therapist", "93": "psychologist", "94": "occupational_therapist",
            "95": "dietitian",
        },
        "specialties": {"SM54": "gp"},
        "acr_substantial": [],
        "acr_high": [],
    },
    "iam": {
        "name": "eHealth I.AM Connect",
        "country": "BE",
        "oidc": True,
        "scope": ["openid", "profile", "email"],
        "auth_params": {},
        "pkce": True,
        "number_claim": "nihii",
        "number_prefix": "",
        "profession_claim": "professions.code",
        "specialty_claim": "",
        "first_name_claim": "given_name",
        "last_name_claim": "family_name",
        # CoBRHA professions.
        "professions": {
            "PHYSICIAN": "specialist", "GENERAL_PRACTITIONER": "gp", "NURSE": "nurse", "PHARMACIST": "pharmacist",
            "DENTIST": "dentist", "MIDWIFE": "midwife", "PHYSIOTHERAPIST": "physiotherapist",
            "DIETITIAN": "dietitian", "CLINICAL_PSYCHOLOGIST": "psychologist", "SPEECH_THERAPIST": "speech_therapist",
            "OCCUPATIONAL_THERAPIST": "occupational_therapist",
        },
        "specialties": {},
        # The federal authentication service: level 450 is itsme, level 500 the eID card with its PIN.
        "acr_substantial": ["urn:be:fedict:iam:fas:Level450"],
        "acr_high": ["urn:be:fedict:iam:fas:Level500"],
    },
    "hin": {
        "name": "HIN",
        "country": "CH",
        "oidc": False,  # OAuth2 with a user-info endpoint, no ID token
        "scope": [],
        "auth_params": {},
        "pkce": False,
        "number_claim": "gln",
        "number_prefix": "",
        "profession_claim": "profession",
        "specialty_claim": "",
        "first_name_claim": "firstName",
        "last_name_claim": "lastName",
        "professions": {
            "physician": "specialist", "general_practitioner": "gp", "nurse": "nurse", "pharmacist": "pharmacist",
            "dentist": "dentist", "midwife": "midwife", "physiotherapist": "physiotherapist",
        },
        "specialties": {},
        "acr_substantial": [],
        "acr_high": [],
    },
}
GENERIC: dict[str, Any] = {
    "name": "",
    "country": "",
    "oidc": True,
    "scope": ["openid", "profile", "email"],
    "auth_params": {},
    "pkce": True,
    "number_claim": "",
    "number_prefix": "",
    "profession_claim": "",
    "specialty_claim": "",
    "first_name_claim": "given_name",
    "last_name_claim": "family_name",
    "professions": {},
    "specialties": {},
    "acr_substantial": [],
    "acr_high": [],
}
# eIDAS levels of assurance as OpenID Connect providers in the EU announce them; any provider may send them.
EIDAS_SUBSTANTIAL = ["http://eidas.europa.eu/LoA/substantial", "eidas2"]
EIDAS_HIGH = ["http://eidas.europa.eu/LoA/high", "eidas3"]

# EID_<ID>_<OPTION>: the options that plain text or a comma-separated list configures.
TEXT_OPTIONS = ["name", "subject_claim", "country", "number_claim", "number_prefix", "profession_claim",
                "specialty_claim", "first_name_claim", "last_name_claim"]
LIST_OPTIONS = ["acr_substantial", "acr_high"]


class EidConfigurationError(ValueError):
    """A provider is listed but a variable it needs is missing or malformed (the start-up stops, naming it)."""


def _list(value: str) -> list[str]:
    return [item.strip() for item in value.replace(" ", ",").split(",") if item.strip()]


def provider_settings(provider_id: str, environ: Mapping[str, str]) -> dict[str, Any]:
    """The options of one provider: its preset, then the environment's overrides."""
    prefix = f"EID_{provider_id.upper()}_"

    def get(option: str) -> str:
        return environ.get(prefix + option.upper(), "").strip()

    preset_name = get("preset") or (provider_id if provider_id in PRESETS else "generic")
    if preset_name != "generic" and preset_name not in PRESETS:
        raise EidConfigurationError(f"{prefix}PRESET={preset_name!r}: use one of {sorted(PRESETS)} or 'generic'")
    options = dict(PRESETS.get(preset_name, GENERIC))
    options["preset"] = preset_name
    for option in TEXT_OPTIONS:
        if get(option):
            options[option] = get(option)
    for option in LIST_OPTIONS:
        if get(option):
            options[option] = _list(get(option))
    if get("scopes"):
        options["scope"] = _list(get("scopes"))
    if get("pkce"):
        options["pkce"] = get("pkce").lower() in {"1", "true", "yes", "on"}
    if get("acr_values"):
        options["auth_params"] = {**options["auth_params"], "acr_values": get("acr_values")}
    options["name"] = options["name"] or provider_id
    options["country"] = options["country"].upper()
    return options


def apps_from_env(environ: Mapping[str, str]) -> list[dict[str, Any]]:
    """allauth's SocialApp definitions (SOCIALACCOUNT_PROVIDERS["eid"]["APPS"]) for the providers in EID_PROVIDERS."""
    apps = []
    for provider_id in _list(environ.get("EID_PROVIDERS", "").lower()):
        if not provider_id.isidentifier():
            raise EidConfigurationError(f"EID_PROVIDERS: {provider_id!r} is not a valid id (letters, digits, _)")
        prefix = f"EID_{provider_id.upper()}_"
        options = provider_settings(provider_id, environ)
        needed = ["CLIENT_ID", "SECRET"]
        needed += ["ISSUER"] if options["oidc"] else ["AUTHORIZE_URL", "TOKEN_URL", "USERINFO_URL"]
        missing = [prefix + name for name in needed if not environ.get(prefix + name, "").strip()]
        if missing:
            raise EidConfigurationError(f"EID_PROVIDERS names {provider_id!r}: set {', '.join(missing)}")
        settings: dict[str, Any] = {
            "scope": options["scope"],
            "auth_params": options["auth_params"],
            "oauth_pkce_enabled": options["pkce"],
            "eid": options,
        }
        if options["oidc"]:
            settings["server_url"] = environ[prefix + "ISSUER"].strip()
        else:
            settings["endpoints"] = {
                "authorization_endpoint": environ[prefix + "AUTHORIZE_URL"].strip(),
                "token_endpoint": environ[prefix + "TOKEN_URL"].strip(),
                "userinfo_endpoint": environ[prefix + "USERINFO_URL"].strip(),
            }
        apps.append({
            "provider_id": provider_id,
            "name": options["name"],
            "client_id": environ[prefix + "CLIENT_ID"].strip(),
            "secret": environ[prefix + "SECRET"].strip(),
            "settings": settings,
        })
    return apps


def form_action_origins(apps: list[dict[str, Any]], extra: list[str]) -> list[str]:
    """Origins the e-ID buttons' form may end on: the sign-in form posts to Praxis, which redirects to the provider's
    authorization endpoint, and browsers apply CSP `form-action` to that redirect too. The issuer's origin and any
    configured authorization URL count; a discovered endpoint on another host is added with EID_FORM_ACTION_ORIGINS."""
    from urllib.parse import urlsplit

    origins: list[str] = []
    for app in apps:
        settings = app["settings"]
        for url in (settings.get("server_url", ""), settings.get("endpoints", {}).get("authorization_endpoint", "")):
            parts = urlsplit(url)
            if parts.scheme and parts.netloc:
                origins.append(f"{parts.scheme}://{parts.netloc}")
    origins.extend(extra)
    return list(dict.fromkeys(origins))
