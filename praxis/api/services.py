"""Writes of personal access tokens: created (the secret is returned once, only its hash is kept), revoked, used."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from oauth2_provider.generators import generate_client_secret
from oauth2_provider.models import get_application_model

from praxis.core import audit
from praxis.core.actor import Actor
from praxis.core.audit import Action

from . import rules
from .models import TOKEN_PREFIX, AccessToken, InstitutionClient
from .scopes import SCOPES
from .selectors import hash_token

MAX_TOKENS = 20
# `last_used_at` is written at most once a minute per token: a busy integration does not write on every call.
LAST_USED_PRECISION = timedelta(minutes=1)


@dataclass
class NewClient:
    client: InstitutionClient
    client_id: str
    client_secret: str  # shown once: the toolkit keeps only its hash


@transaction.atomic
def institution_client_register(*, actor: Actor, institution: Any, name: str) -> NewClient:
    """An OAuth2 client (client credentials) for the institution's own system, registered by one of its admins. It
    acts for that institution only, with its registering admin's standing there."""
    rules.check_register_institution_client(actor, institution)
    secret = generate_client_secret()
    application = get_application_model()(
        name=name.strip(), user=actor.user, client_type="confidential", authorization_grant_type="client-credentials",
        client_secret=secret, hash_client_secret=True)
    application.full_clean()
    application.save()
    client = InstitutionClient.objects.create(application=application, institution=institution)
    audit.log(actor, Action.API_CLIENT_REGISTERED, institution,
              {"application": application.name, "client_id": application.client_id})
    return NewClient(client=client, client_id=application.client_id, client_secret=secret)


@transaction.atomic
def institution_client_remove(*, actor: Actor, client: InstitutionClient) -> int:
    """The system stops acting for the institution at once: its application and every token it holds are deleted.
    Returns how many tokens ended."""
    rules.check_remove_institution_client(actor, client)
    from oauth2_provider.models import get_access_token_model

    application = client.application
    tokens = get_access_token_model().objects.filter(application=application).count()
    details = {"application": application.name, "client_id": application.client_id, "tokens": tokens}
    application.delete()  # cascades to its tokens and to the binding
    audit.log(actor, Action.API_CLIENT_REMOVED, client.institution, details)
    return tokens


@dataclass
class NewToken:
    token: AccessToken
    secret: str  # shown once, on the page that created it


@transaction.atomic
def token_create(*, actor: Actor, name: str, scopes: list[str], expires_in_days: int | None) -> NewToken:
    """A new token for the actor. The secret is returned to be shown once; the database keeps its SHA-256 only."""
    rules.check_manage_tokens(actor)
    unknown = sorted(set(scopes) - set(SCOPES))
    if unknown or not scopes:
        raise ValidationError({"scopes": _("Choose at least one of the listed scopes.")})
    if rules.tokens_visible_to(actor).filter(revoked_at__isnull=True).count() >= MAX_TOKENS:
        raise ValidationError(_("You already have %(count)d active tokens: revoke one first.") % {"count": MAX_TOKENS})
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = AccessToken(
        user=actor.user, name=name.strip(), scopes=sorted(set(scopes)), token_hash=hash_token(secret),
        hint=secret[: len(TOKEN_PREFIX) + 6],
        expires_at=timezone.now() + timedelta(days=expires_in_days) if expires_in_days else None,
    )
    token.full_clean()
    token.save()
    audit.log(actor, Action.API_TOKEN_CREATED, token, {
        "name": token.name, "scopes": token.scopes,
        "expires_at": token.expires_at.isoformat() if token.expires_at else None})
    return NewToken(token=token, secret=secret)


@transaction.atomic
def token_revoke(*, actor: Actor, token: AccessToken) -> AccessToken:
    """The token stops opening the API at once; it stays listed (revoked) for the member's record."""
    rules.check_revoke_token(actor, token)
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit.log(actor, Action.API_TOKEN_REVOKED, token, {"name": token.name})
    return token


@transaction.atomic
def application_revoke(*, actor: Actor, application_id: int) -> int:
    """The member withdraws an application's access: every access and refresh token and pending authorization code
    it holds for them ends now (the application must ask again). Returns how many tokens ended; 0 when it held none."""
    from oauth2_provider.models import get_grant_model, get_refresh_token_model

    tokens = rules.oauth_tokens_visible_to(actor).filter(application_id=application_id).select_related("application")
    ended = list(tokens)
    if not ended:
        return 0
    name = ended[0].application.name if ended[0].application else ""
    get_refresh_token_model().objects.filter(user_id=actor.id, application_id=application_id).delete()
    get_grant_model().objects.filter(user_id=actor.id, application_id=application_id).delete()
    tokens.delete()
    audit.log(actor, Action.API_APPLICATION_REVOKED, None, {"application": name, "tokens": len(ended)})
    return len(ended)


def token_used(token: AccessToken) -> None:
    """Note when the token was last used (not a state change: no audit entry), at most once a minute."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        AccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
