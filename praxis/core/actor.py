"""The per-request actor: who is asking, with what standing. Every rule in every `rules.py` takes one.

The actor says who the user is — the user, the verification state, the roles, the memberships, the audience keys —
and decides nothing: permissions are the apps' `rules.py` functions, which take an actor.

Memberships are loaded lazily, once per request, so pages that never ask cost no query. The apps that hold
memberships (institutions, communities) register where they are read (`register_memberships`, from their app config):
the ground floor imports no app.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from django.db.models import CharField, QuerySet, Value
from django.utils.functional import LazyObject

from .authentication import kept_with_member, register_member_read
from .compiled import CompiledQuery

if TYPE_CHECKING:  # for the type checker only: at run time the ground floor imports no app
    from praxis.accounts.models import User


@dataclass(frozen=True)
class MembershipSource:
    """Where one kind of membership is read: `rows(user)` is a QuerySet of the user's current memberships, with the
    group's id in the field `key` and the member's role in `role`."""

    rows: Callable[[Any], QuerySet[Any]]
    key: str


_membership_sources: dict[str, MembershipSource] = {}


def register_memberships(group: str, rows: Callable[[Any], QuerySet[Any]], *, key: str) -> None:
    """Declare a kind of membership ("institution", "community"), read with the others in one query."""
    global _memberships_query
    _membership_sources[group] = MembershipSource(rows, key)
    _memberships_query = CompiledQuery(_every_membership)


def _every_membership(user: Any) -> QuerySet[Any]:
    """(group, group id, role) of every kind of membership of a user (or of a user id), as one UNION ALL query."""
    queries = [
        source.rows(user).annotate(group=Value(group, output_field=CharField()))
        .values_list("group", source.key, "role")
        for group, source in _membership_sources.items()
    ]
    return queries[0].union(*queries[1:], all=True) if len(queries) > 1 else queries[0]


# Every member's page asks (the privileged-account check, the navigation): compiled to SQL once per process, and read
# in the same round trip as the member's row (praxis/core/authentication.py).
_memberships_query = CompiledQuery(_every_membership)
register_member_read("memberships", lambda: _memberships_query)


@dataclass(frozen=True)
class Standing:
    """What the audience rules (`content.rules.visible_content_q`, `events.rules.events_visible_to`) read of an actor,
    as plain values: `Actor.standing().values()` gives them to a `praxis.core.compiled.ShapedQuery`, whose build makes
    a `Standing(*values)` of marker values for the rule, so that the rule, not a copy of it, writes the query."""

    id: int | None
    is_authenticated: bool
    is_verified: bool
    is_moderator: bool
    institution_ids: list[int]
    community_ids: list[int]

    @property
    def institution_roles(self) -> dict[int, str]:  # the rules read the keys
        return dict.fromkeys(self.institution_ids, "")

    @property
    def community_roles(self) -> dict[int, str]:
        return dict.fromkeys(self.community_ids, "")

    def values(self) -> tuple[Any, ...]:
        return (self.id, self.is_authenticated, self.is_verified, self.is_moderator, self.institution_ids,
                self.community_ids)


class Actor:
    def __init__(self, user: User | Any | None) -> None:
        authenticated = bool(user is not None and user.is_authenticated and user.is_active)
        if isinstance(user, LazyObject):  # request.user: keep the member itself, not its proxy (each rule reads it)
            user = user._wrapped
        self.user: User | None = user if authenticated else None
        self.is_authenticated = authenticated

    def __repr__(self) -> str:
        return f"<Actor {self.user.email if self.user else 'anonymous'}>"

    @property
    def id(self) -> int | None:
        return self.user.pk if self.user else None

    # --- standing -------------------------------------------------------------------------------------------
    def standing(self) -> Standing:
        return Standing(self.id, self.is_authenticated, self.is_verified, self.is_moderator,
                        sorted(self.institution_roles), sorted(self.community_roles))

    @property
    def is_verified(self) -> bool:
        """A verified health professional (professional number checked by a moderator)."""
        return bool(self.user and self.user.is_verified_professional)

    @property
    def is_platform_admin(self) -> bool:
        return bool(self.user and self.user.is_superuser)

    @property
    def is_moderator(self) -> bool:
        return bool(self.user and (self.user.is_moderator or self.user.is_superuser))

    @property
    def is_reviewer(self) -> bool:
        return bool(self.user and self.user.is_reviewer)

    @cached_property
    def _memberships(self) -> dict[str, dict[int, str]]:
        """Every kind of membership in one query (UNION ALL): most pages need institutions and communities both."""
        roles: dict[str, dict[int, str]] = {group: {} for group in _membership_sources}
        if not self.user or not _membership_sources:
            return roles
        kept = kept_with_member(self.user, "memberships")  # read with the member's own row at the request's start
        for group, pk, role in kept[0] if kept is not None else _memberships_query.rows(self.user.pk):
            roles[group][pk] = role
        return roles

    def forget_memberships(self) -> None:
        """After this request changed the actor's memberships: the next question reads them again."""
        for name in ("_memberships", "requires_mfa"):
            self.__dict__.pop(name, None)

    @property
    def institution_roles(self) -> dict[int, str]:
        """Institution id -> role ("admin", "staff", "trainer") for active memberships."""
        return self._memberships.get("institution", {})

    @property
    def community_roles(self) -> dict[int, str]:
        """Community id -> role ("facilitator", "member")."""
        return self._memberships.get("community", {})

    @property
    def audience_keys(self) -> list[str]:
        """The audiences this actor's standing reaches, as keys stored in the search index: "public", "verified",
        "institution:<id>", "community:<id>" (see `praxis.content.rules.audience_key`)."""
        keys = ["public"]
        if self.is_verified:
            keys.append("verified")
        keys += [f"institution:{pk}" for pk in self.institution_roles]
        keys += [f"community:{pk}" for pk in self.community_roles]
        return keys

    def is_institution_admin(self, institution_id: int | None = None) -> bool:
        if institution_id is None:
            return "admin" in self.institution_roles.values()
        return self.institution_roles.get(institution_id) == "admin"

    def is_institution_member(self, institution_id: int) -> bool:
        return institution_id in self.institution_roles

    def is_community_member(self, community_id: int) -> bool:
        return community_id in self.community_roles

    def is_facilitator(self, community_id: int | None = None) -> bool:
        if community_id is None:
            return "facilitator" in self.community_roles.values()
        return self.community_roles.get(community_id) == "facilitator"

    @cached_property
    def requires_mfa(self) -> bool:
        """Roles whose accounts must use a second factor and short sessions."""
        if not self.user:
            return False
        return self.is_platform_admin or self.is_moderator or self.is_reviewer or self.is_institution_admin()

    @cached_property
    def has_mfa(self) -> bool:
        if not self.user:
            return False
        from allauth.mfa.models import Authenticator

        return Authenticator.objects.filter(
            user=self.user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
        ).exists()


def actor_for(user: Any) -> Actor:
    return Actor(user)
