"""The personal data the directory holds, and what it keeps when a member deletes their account (called by
`accounts.services.member_erase`).

Memberships, the directory profile, their follows and claims go with the account (cascade), and so do the follows
that other members had of them and the invitations sent to their address. Institutions they registered stay
(`created_by` is emptied). The last administrator of an institution that has other staff cannot leave: they name
another administrator first (the rule of `services.membership_remove`), so no institution is left without one.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from praxis.accounts.models import User
from praxis.core.personal_data import Holding, OnErasure

from . import selectors
from .models import ClaimRequest, DirectoryProfile, Follow, Institution, Invitation

PERSONAL_DATA = [
    Holding("institutions.Institution", ("created_by",), purpose=gettext_lazy("who registered an institution"),
            on_erasure=OnErasure.ANONYMISED),
    Holding("institutions.InstitutionMembership", ("user", "role", "status"),
            purpose=gettext_lazy("your place on an institution's staff, seen by its administrators and trainers"),
            on_erasure=OnErasure.DELETED),
    Holding("institutions.Invitation", ("email", "invited_by", "accepted_by"),
            purpose=gettext_lazy("invitations to join an institution's staff"), on_erasure=OnErasure.DELETED),
    Holding("institutions.ClaimRequest", ("requester", "resolved_by", "message"),
            purpose=gettext_lazy("your requests to manage an institution"), on_erasure=OnErasure.DELETED),
    Holding("institutions.DirectoryProfile", ("user", "bio", "show_email", "latitude", "longitude"),
            purpose=gettext_lazy("your directory profile, shown to colleagues only as far as you opted in"),
            on_erasure=OnErasure.DELETED),
    Holding("institutions.Follow", ("follower", "target_id"),
            purpose=gettext_lazy("the people, institutions and themes you follow"), on_erasure=OnErasure.DELETED),
]
NOT_PERSONAL = {
    "Institution.address": "the institution's public address", "Institution.phone": "the institution's number",
    "Institution.email": "the institution's contact address",
}


def export_member(*, member: User) -> dict[str, Any]:
    profile = DirectoryProfile.objects.filter(user=member).values(
        "is_listed", "show_specialty", "show_city", "show_languages", "show_institutions", "show_email", "bio",
        "updated_at").first()
    return {
        "memberships": list(selectors.memberships_of(member).values(
            "institution__name", "role", "status", "created_at")),
        "directory_profile": profile,
        "follows": list(Follow.objects.filter(follower=member).values("target_kind", "target_id", "created_at")),
        "claims": list(ClaimRequest.objects.filter(requester=member).values(
            "institution__name", "kind", "message", "status", "created_at")),
        "invitations_received": list(Invitation.objects.filter(email__iexact=member.email).values(
            "institution__name", "role", "status", "created_at")),
        "institutions_registered": list(Institution.objects.filter(created_by=member).values("name", "created_at")),
    }


def check_erasure(*, member: User) -> None:
    """Asked when the member requests the erasure (answered at once) and again by the job itself."""
    for membership in selectors.active_staff_of(member).select_related("institution"):
        staff = selectors.active_memberships_of_institution(membership.institution_id).exclude(user=member)
        if selectors.is_last_admin(membership) and staff.exists():
            raise ValidationError(_(
                "You are the last administrator of %(institution)s: name another administrator of its staff "
                "first, then delete your account.") % {"institution": membership.institution.name})


def erase_member(*, member: User, former_member: User) -> None:
    check_erasure(member=member)
    Follow.objects.filter(target_kind=Follow.Kind.MEMBER, target_id=member.pk).delete()
    Invitation.objects.filter(email__iexact=member.email).delete()
