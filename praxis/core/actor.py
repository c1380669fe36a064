"""The per-request actor: who is asking, with what standing. Every rule in every `rules.py` takes one.

Memberships are loaded lazily, once per request, so pages that never ask cost no query.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from praxis.accounts.models import User


class Actor:
    def __init__(self, user: User | Any | None) -> None:
        authenticated = bool(user is not None and user.is_authenticated and user.is_active)
        self.user: User | None = user if authenticated else None
        self.is_authenticated = authenticated

    def __repr__(self) -> str:
        return f"<Actor {self.user.email if self.user else 'anonymous'}>"

    @property
    def id(self) -> int | None:
        return self.user.pk if self.user else None

    # --- standing -------------------------------------------------------------------------------------------
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
    def _memberships(self) -> tuple[dict[int, str], dict[int, str]]:
        """Institution and community memberships in one query (UNION ALL): most pages need both."""
        if not self.user:
            return {}, {}
        from django.db.models import CharField, Value

        from praxis.communities.models import CommunityMembership
        from praxis.institutions.models import InstitutionMembership

        institutions = InstitutionMembership.objects.filter(
            user=self.user, status=InstitutionMembership.Status.ACTIVE
        ).annotate(group=Value("institution", output_field=CharField())).values_list("group", "institution_id", "role")
        communities = CommunityMembership.objects.filter(user=self.user).annotate(
            group=Value("community", output_field=CharField())).values_list("group", "community_id", "role")
        roles: dict[str, dict[int, str]] = {"institution": {}, "community": {}}
        for group, pk, role in institutions.union(communities, all=True):
            roles[group][pk] = role
        return roles["institution"], roles["community"]

    def forget_memberships(self) -> None:
        """After this request changed the actor's memberships: the next question reads them again."""
        for name in ("_memberships", "requires_mfa"):
            self.__dict__.pop(name, None)

    @property
    def institution_roles(self) -> dict[int, str]:
        """Institution id -> role ("admin", "staff", "trainer") for active memberships."""
        return self._memberships[0]

    @property
    def community_roles(self) -> dict[int, str]:
        """Community id -> role ("facilitator", "member")."""
        return self._memberships[1]

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

    # --- permissions templates read (the decisions live in the apps' rules.py) ---------------------------------
    @property
    def can_verify_members(self) -> bool:
        from praxis.accounts import rules

        return rules.can_verify_members(self)

    @property
    def can_review(self) -> bool:
        from praxis.review import rules

        return rules.can_view_queue(self)

    @property
    def can_moderate_content(self) -> bool:
        from praxis.review import rules

        return rules.can_moderate(self)

    @property
    def can_use_admin(self) -> bool:
        from praxis.core import rules

        return rules.can_use_admin(self)


def actor_for(user: Any) -> Actor:
    return Actor(user)
