"""Who may hold, see and revoke personal access tokens, and which tokens open the API."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from praxis.core.actor import Actor

from .models import AccessToken


def tokens_visible_to(actor: Actor) -> QuerySet[AccessToken]:
    """A member sees their own tokens only — not even moderators see another member's."""
    if actor.id is None:
        return AccessToken.objects.none()
    return AccessToken.objects.filter(user_id=actor.id)


def oauth_tokens_visible_to(actor: Actor) -> QuerySet[Any]:
    """The OAuth2 access tokens applications hold for the member (django-oauth-toolkit's): theirs only."""
    from oauth2_provider.models import get_access_token_model

    if not actor.is_authenticated:
        return get_access_token_model().objects.none()
    return get_access_token_model().objects.filter(user_id=actor.id)


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


def oauth_token_opens_api(token: Any) -> bool:
    """An OAuth2 token opens the API while valid; one for a member while the member is active; one without a member
    (client credentials) only when its application is bound to an institution."""
    if token is None or not token.is_valid():
        return False
    if token.user is not None:
        return bool(token.user.is_active)
    binding = getattr(token.application, "institution_binding", None) if token.application else None
    return binding is not None and binding.application.user is not None and binding.application.user.is_active


class InstitutionSystemActor(Actor):
    """An institution's own system (OAuth2 client credentials): the standing its registering admin has in that one
    institution — no other institution, no community, no personal verification or platform role."""

    def __init__(self, user: Any, institution_id: int) -> None:
        super().__init__(user)
        self.bound_institution_id = institution_id

    def __repr__(self) -> str:
        return f"<InstitutionSystemActor institution={self.bound_institution_id}>"

    @property
    def is_verified(self) -> bool:
        return False

    @property
    def is_platform_admin(self) -> bool:
        return False

    @property
    def is_moderator(self) -> bool:
        return False

    @property
    def is_reviewer(self) -> bool:
        return False

    @property
    def institution_roles(self) -> dict[int, str]:
        roles = super().institution_roles
        return {pk: role for pk, role in roles.items() if pk == self.bound_institution_id}

    @property
    def community_roles(self) -> dict[int, str]:
        return {}


def actor_for_oauth_token(token: Any) -> Actor:
    """Who an OAuth2 token acts as: its member, or (client credentials) its institution's system."""
    if token.user is not None:
        return Actor(token.user)
    binding = token.application.institution_binding
    return InstitutionSystemActor(binding.application.user, binding.institution_id)


def can_register_institution_client(actor: Actor, institution: Any) -> bool:
    """An institution's admins register its systems, once it is verified."""
    return bool(getattr(institution, "is_verified", False)) and actor.is_institution_admin(institution.pk)


def check_register_institution_client(actor: Actor, institution: Any) -> None:
    if not can_register_institution_client(actor, institution):
        raise PermissionDenied


def clients_visible_to(actor: Actor, institution: Any) -> QuerySet[Any]:
    """The OAuth2 clients of an institution's systems: for its admins only."""
    from .models import InstitutionClient

    if not can_register_institution_client(actor, institution):
        return InstitutionClient.objects.none()
    return InstitutionClient.objects.filter(institution_id=institution.pk)


def check_remove_institution_client(actor: Actor, client: Any) -> None:
    if not can_register_institution_client(actor, client.institution):
        raise PermissionDenied
