"""Permission matrix of the directory (see praxis/testing/matrix.py)."""

from types import SimpleNamespace
from typing import Any

from praxis.institutions.models import ClaimRequest, InstitutionMembership
from praxis.institutions.services import invitation_token
from praxis.testing import make_member
from praxis.testing.matrix import LOGIN, Route, everyone, members_only, moderators_only

from .factories import make_directory_profile, make_invitation, make_listed_institution


def setup(world: SimpleNamespace) -> None:
    personas = world.personas
    institution = personas.institution
    world.pending = make_listed_institution("Maison médicale en attente", verified=False)
    InstitutionMembership.objects.create(institution=world.pending, user=personas.institution_admin, role="admin")
    world.invitation = make_invitation(institution, personas.verified_gp.email, invited_by=personas.institution_admin)
    world.token = invitation_token(world.invitation)
    world.staff_membership = institution.memberships.get(user=personas.institution_staff)
    world.admin_membership = institution.memberships.get(user=personas.institution_admin)
    world.claim = ClaimRequest.objects.create(institution=institution, requester=personas.outsider,
                                              message="Je travaille ici.")
    world.colleague = make_member("listed@example.test")
    make_directory_profile(world.colleague)


def slug(world: SimpleNamespace) -> dict[str, Any]:
    return {"slug": world.personas.institution.slug}


INSTITUTION_ADMINS = {"anonymous": LOGIN, "institution_admin": 200, "platform_admin": 200, "*": 403}
STAFF_AND_MODERATORS = {"anonymous": LOGIN, "institution_admin": 200, "institution_staff": 200, "moderator": 200,
                        "platform_admin": 200, "*": 403}
VERIFIED = {"anonymous": LOGIN, "unverified_member": 403, "*": 200}
NOT_STAFF = {"anonymous": LOGIN, "institution_admin": 403, "institution_staff": 403, "*": 200}

ROUTES = [
    Route("institutions:directory", everyone()),
    Route("institutions:directory", everyone(), htmx=True),
    Route("institutions:directory", everyone(400), data={"place": "0000"}),
    Route("institutions:create", members_only()),
    Route("institutions:create", members_only(400), method="post", data={}),
    Route("institutions:mine", members_only()),
    Route("institutions:my_profile", members_only()),
    Route("institutions:my_profile", {"*": 302}, method="post", data={}),
    Route("institutions:moderation", moderators_only()),
    Route("institutions:moderation", moderators_only(), htmx=True),
    Route("institutions:claim_decide", {"anonymous": LOGIN, "moderator": 302, "platform_admin": 302, "*": 403},
          method="post", kwargs=lambda w: {"claim_id": w.claim.pk}),
    Route("institutions:invitation", {"anonymous": LOGIN, "verified_gp": 200, "*": 403},
          kwargs=lambda w: {"token": w.token}),
    Route("institutions:invitation", {"anonymous": LOGIN, "verified_gp": 400, "*": 403}, method="post",
          kwargs=lambda w: {"token": w.token}),
    Route("institutions:colleagues", VERIFIED),
    Route("institutions:colleagues", VERIFIED, htmx=True),
    Route("institutions:colleague", {"anonymous": LOGIN, "unverified_member": 403, "*": 200},
          kwargs=lambda w: {"user_id": w.colleague.pk}),
    Route("institutions:follow_colleague", {"unverified_member": 403, "*": 302}, method="post",
          kwargs=lambda w: {"user_id": w.colleague.pk}),
    Route("institutions:detail", everyone(), kwargs=slug),
    Route("institutions:detail", {"institution_admin": 200, "moderator": 200, "platform_admin": 200, "*": 404},
          kwargs=lambda w: {"slug": w.pending.slug}),
    Route("institutions:edit", INSTITUTION_ADMINS, kwargs=slug),
    Route("institutions:edit", {**INSTITUTION_ADMINS, "institution_admin": 400, "platform_admin": 400},
          method="post", kwargs=slug),
    Route("institutions:history", {"anonymous": LOGIN, "institution_admin": 200, "moderator": 200,
                                   "platform_admin": 200, "*": 404}, kwargs=slug),
    Route("institutions:close", {"anonymous": LOGIN, "institution_admin": 200, "moderator": 200,
                                 "platform_admin": 200, "*": 403}, kwargs=slug),
    Route("institutions:close", {"anonymous": LOGIN, "institution_admin": 400, "moderator": 400,
                                 "platform_admin": 400, "*": 403}, method="post", data={}, kwargs=slug),
    Route("institutions:reopen", {"anonymous": LOGIN, "institution_admin": 302, "moderator": 302,
                                  "platform_admin": 302, "*": 403}, method="post", kwargs=slug),
    Route("institutions:members", STAFF_AND_MODERATORS, kwargs=slug),
    Route("institutions:members", STAFF_AND_MODERATORS, kwargs=slug, htmx=True),
    Route("institutions:invite", {**INSTITUTION_ADMINS, "institution_admin": 400, "platform_admin": 400},
          method="post", kwargs=slug),
    Route("institutions:member_role", {**INSTITUTION_ADMINS, "institution_admin": 400, "platform_admin": 400},
          method="post", kwargs=lambda w: {**slug(w), "membership_id": w.staff_membership.pk}),
    # Removing the only administrator is refused (400) even to those who may manage the staff.
    Route("institutions:member_remove", {**INSTITUTION_ADMINS, "institution_admin": 400, "platform_admin": 400},
          method="post", kwargs=lambda w: {**slug(w), "membership_id": w.admin_membership.pk}),
    Route("institutions:invitation_revoke", {**INSTITUTION_ADMINS, "institution_admin": 302, "platform_admin": 302},
          method="post", kwargs=lambda w: {**slug(w), "invitation_id": w.invitation.pk}),
    Route("institutions:leave", {"anonymous": LOGIN, "institution_admin": 302, "institution_staff": 302, "*": 403},
          method="post", kwargs=slug),
    Route("institutions:claim", NOT_STAFF, kwargs=slug),
    Route("institutions:claim", {**NOT_STAFF, "unverified_member": 400, "verified_gp": 400, "outsider": 400,
                                 "reviewer": 400, "moderator": 400, "facilitator": 400, "platform_admin": 400},
          method="post", kwargs=slug),
    Route("institutions:follow", {"*": 302}, method="post", kwargs=slug),
    Route("institutions:moderate", {"anonymous": LOGIN, "moderator": 400, "platform_admin": 400, "*": 403},
          method="post", kwargs=slug),
]
