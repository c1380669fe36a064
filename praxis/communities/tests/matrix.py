"""Permission matrix of communities of practice (see praxis/core/matrix.py)."""

from types import SimpleNamespace

from praxis.communities.models import Community
from praxis.communities.services import invitation_token
from praxis.testing.matrix import LOGIN, Route, everyone

from .factories import make_community_invitation, make_join_request


def setup(world: SimpleNamespace) -> None:
    # Names on the shared world start with "community_": other apps' setups write theirs beside them.
    personas = world.personas
    community = personas.community
    community.visibility = Community.Visibility.PUBLIC
    community.join_policy = Community.JoinPolicy.REQUEST
    community.purpose = "Coordonner les soins à domicile."
    community.save()
    world.community_join_request = make_join_request(community, personas.outsider)
    world.community_invitation = make_community_invitation(community, personas.verified_gp.email,
                                                 invited_by=personas.facilitator)
    world.community_token = invitation_token(world.community_invitation)
    world.community_facilitator_membership = community.memberships.get(user=personas.facilitator)


def slug(world: SimpleNamespace) -> dict:
    return {"slug": world.personas.community.slug}


VERIFIED = {"anonymous": LOGIN, "unverified_member": 403, "*": 200}
FACILITATORS = {"anonymous": LOGIN, "facilitator": 200, "platform_admin": 200, "*": 403}
MEMBERS = {"anonymous": LOGIN, "facilitator": 200, "*": 403}


def facilitators(ok: int) -> dict[str, int]:
    return {**FACILITATORS, "facilitator": ok, "platform_admin": ok}


ROUTES = [
    Route("communities:list", everyone()),
    Route("communities:list", everyone(), htmx=True, data={"q": "Personas"}),
    Route("communities:create", VERIFIED),
    Route("communities:create", {**VERIFIED, "*": 400}, method="post", data={}),
    Route("communities:home", everyone(), kwargs=slug),
    Route("communities:edit", FACILITATORS, kwargs=slug),
    Route("communities:edit", facilitators(400), method="post", kwargs=slug),
    Route("communities:members", MEMBERS, kwargs=slug),
    Route("communities:members", MEMBERS, kwargs=slug, htmx=True),
    # A community "on request": verified professionals ask (302); its facilitator is already in (403); the outsider
    # has already asked (400).
    Route("communities:join", {"anonymous": LOGIN, "unverified_member": 403, "facilitator": 403, "outsider": 400,
                               "*": 302},
          method="post", kwargs=slug),
    Route("communities:request_withdraw", {"anonymous": LOGIN, "outsider": 302, "*": 404}, method="post",
          kwargs=slug),
    Route("communities:request_decide", facilitators(302), method="post", data={"decision": "decline"},
          kwargs=lambda w: {**slug(w), "request_id": w.community_join_request.pk}),
    Route("communities:invite", facilitators(400), method="post", kwargs=slug),
    Route("communities:invitation_revoke", facilitators(302), method="post",
          kwargs=lambda w: {**slug(w), "invitation_id": w.community_invitation.pk}),
    Route("communities:member_role", facilitators(400), method="post",
          kwargs=lambda w: {**slug(w), "membership_id": w.community_facilitator_membership.pk}),
    # The only facilitator cannot be removed (400), not even by a platform admin.
    Route("communities:member_remove", facilitators(400), method="post",
          kwargs=lambda w: {**slug(w), "membership_id": w.community_facilitator_membership.pk}),
    Route("communities:leave", MEMBERS, kwargs=slug),
    Route("communities:follow", {"*": 302}, method="post", kwargs=slug),
    Route("communities:invitation", {"anonymous": LOGIN, "verified_gp": 200, "*": 403},
          kwargs=lambda w: {"token": w.community_token}),
    Route("communities:invitation", {"anonymous": LOGIN, "verified_gp": 400, "*": 403}, method="post",
          kwargs=lambda w: {"token": w.community_token}),
]
