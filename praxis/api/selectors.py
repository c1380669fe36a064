"""Reads of personal access tokens."""

from __future__ import annotations

import hashlib
from typing import Any

from django.db.models import QuerySet
from oauth2_provider.models import get_access_token_model, get_application_model

from praxis.core.actor import Actor

from . import rules
from .models import AccessToken


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def token_by_secret(raw: str) -> AccessToken | None:
    """The token a request presents, with its member (one query); whether it may still be used is the rule's call."""
    return AccessToken.objects.select_related("user").filter(token_hash=hash_token(raw)).first()


def tokens_of(actor: Actor) -> QuerySet[AccessToken]:
    """The member's tokens, newest first, revoked ones too (their page shows when each was revoked)."""
    return rules.tokens_visible_to(actor).order_by("-created_at", "-pk")


def token_for(actor: Actor, token_id: int) -> AccessToken | None:
    return rules.tokens_visible_to(actor).filter(pk=token_id).first()


def authorised_applications(actor: Actor) -> list[dict[str, Any]]:
    """The applications that can act for the member now (an unexpired access token, or a refresh token that can get
    one): name, scopes granted, first authorised, last authorised. One query."""
    from django.db.models import Max, Min, Q
    from django.utils import timezone

    live = Q(expires__gt=timezone.now()) | Q(refresh_token__isnull=False, refresh_token__revoked__isnull=True)
    rows = (rules.oauth_tokens_visible_to(actor).filter(live).values("application_id", "application__name")
            .annotate(first=Min("created"), last=Max("created"), scopes=Max("scope")).order_by("application__name"))
    return [{"id": row["application_id"], "name": row["application__name"], "since": row["first"],
             "last": row["last"], "scopes": row["scopes"].split()} for row in rows]


def institution_clients(actor: Actor, institution: Any) -> QuerySet[Any]:
    """An institution's registered systems, with who registered them, oldest first."""
    return (rules.clients_visible_to(actor, institution).select_related("application__user")
            .order_by("created_at", "pk"))


def institution_client_for(actor: Actor, institution: Any, client_id: int) -> Any:
    return rules.clients_visible_to(actor, institution).select_related("application", "institution").filter(
        pk=client_id).first()


def institutions_administered(actor: Actor) -> list[Any]:
    """The verified institutions whose systems the member may register (their admin), by name."""
    from praxis.institutions.selectors import my_institutions

    return [membership.institution for membership in my_institutions(actor)
            if rules.can_register_institution_client(actor, membership.institution)]


def oauth_token_by_secret(raw: str) -> Any:
    """An OAuth2 access token (django-oauth-toolkit's, looked up by its checksum as the toolkit does), with its member
    and application, and the institution its application is bound to, if any."""
    checksum = hashlib.sha256(raw.encode()).hexdigest()
    return (get_access_token_model().objects.select_related("user", "application__institution_binding")
            .filter(token_checksum=checksum).first())


def application_redirect_origins(client_id: str) -> list[str]:
    """The origins an OAuth2 application's registered redirect addresses point to (`https://host:port`, or `scheme:`
    for an app's own scheme): the only places the consent form may send the browser on to."""
    from urllib.parse import urlsplit

    uris = get_application_model().objects.filter(client_id=client_id).values_list("redirect_uris", flat=True).first()
    origins: list[str] = []
    for uri in (uris or "").split():
        parts = urlsplit(uri)
        origin = f"{parts.scheme}://{parts.netloc}" if parts.scheme in {"http", "https"} and parts.netloc else (
            f"{parts.scheme}:" if parts.scheme else "")
        if origin and origin not in origins:
            origins.append(origin)
    return origins
