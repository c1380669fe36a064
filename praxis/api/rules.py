"""Who may hold, see and revoke personal access tokens, and which tokens open the API."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from praxis.core.actor import Actor

from .models import AccessToken


def tokens_visible_to(actor: Actor) -> QuerySet[AccessToken]:
    """A member sees their own tokens only — not even moderators see another member's."""
    if actor.id is None:
        return AccessToken.objects.none()
    return AccessToken.objects.filter(user_id=actor.id)


def can_manage_tokens(actor: Actor) -> bool:
    """Every signed-in member may create tokens: a token never reaches more than its member does."""
    return actor.is_authenticated


def check_manage_tokens(actor: Actor) -> None:
    if not can_manage_tokens(actor):
        raise PermissionDenied


def can_revoke_token(actor: Actor, token: AccessToken) -> bool:
    return actor.is_authenticated and token.user_id == actor.id and token.revoked_at is None


def check_revoke_token(actor: Actor, token: AccessToken) -> None:
    if not can_revoke_token(actor, token):
        raise PermissionDenied


def token_opens_api(token: AccessToken) -> bool:
    """Not revoked, not expired, and its member still active (a deactivated or erased account's tokens stop)."""
    return token.is_active() and token.user.is_active
