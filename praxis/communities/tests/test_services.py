"""Services of communities: joining, requests, invitations, roles, leaving — and their bad inputs."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from praxis.communities import services
from praxis.communities.models import Community, CommunityInvitation, CommunityMembership, JoinRequest
from praxis.core.actor import Actor
from praxis.core.models import AuditEntry
from praxis.institutions.models import Follow
from praxis.testing import make_community_member, make_member

from .factories import make_community_invitation, make_join_request, make_local_community

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Messages are matched in English here (the French catalogue is checked by the view tests)."""
    with translation.override("en"):
        yield


@pytest.fixture
def facilitator():
    return make_member(email="anim@example.test")


@pytest.fixture
def community(facilitator):
    return make_local_community(facilitator=facilitator)


def test_a_verified_professional_creates_a_function_community_and_facilitates_it() -> None:
    founder = Actor(make_member())
    community = services.community_create(actor=founder, data={
        "name": "Référents de proximité", "purpose": "Partager nos outils de coordination.", "scope": "function",
        "function": "référents de proximité", "languages": ["fr"], "join_policy": "open", "visibility": "public"},
        places=[], themes=[])
    assert community.slug == "referents-de-proximite"
    assert founder.is_facilitator(community.pk)
    assert AuditEntry.objects.filter(action="communities.community.created", target_id=str(community.pk)).exists()


def test_a_territorial_community_needs_a_place() -> None:
    with pytest.raises(ValidationError) as error:
        services.community_create(actor=Actor(make_member()), data={
            "name": "CdP sans lieu", "purpose": "Se coordonner.", "scope": "territory", "languages": ["fr"],
            "join_policy": "open", "visibility": "public"}, places=[], themes=[])
    assert "places" in error.value.message_dict


def test_a_purpose_with_a_patient_identifier_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        services.community_create(actor=Actor(make_member()), data={
            "name": "CdP", "purpose": "Suivi de Mme Dupont née le 12/03/1941", "scope": "function",
            "function": "x", "languages": ["fr"], "join_policy": "open", "visibility": "public"},
            places=[], themes=[])
    assert "purpose" in error.value.message_dict


def test_joining_an_open_community_makes_a_member_at_once(community) -> None:
    community.join_policy = Community.JoinPolicy.OPEN
    community.save()
    actor = Actor(make_member())
    services.community_join(actor=actor, community=community)
    assert actor.is_community_member(community.pk)


@pytest.mark.parametrize("policy", [Community.JoinPolicy.REQUEST, Community.JoinPolicy.INVITATION])
def test_joining_a_closed_community_is_refused_with_a_reason(community, policy) -> None:
    community.join_policy = policy
    community.save()
    with pytest.raises(ValidationError, match="not open"):
        services.community_join(actor=Actor(make_member()), community=community)
    assert community.memberships.count() == 1


def test_a_request_accepted_by_a_facilitator_makes_a_member(community, facilitator) -> None:
    requester = Actor(make_member())
    request = services.join_request_submit(actor=requester, community=community, message="Infirmière à Evere.")
    with pytest.raises(ValidationError, match="already"):
        services.join_request_submit(actor=requester, community=community)
    services.join_request_decide(actor=Actor(facilitator), request=request, accept=True)
    request.refresh_from_db()
    assert request.status == JoinRequest.Status.ACCEPTED
    assert community.memberships.filter(user=requester.user, role="member").exists()
    with pytest.raises(ValidationError, match="already been answered"):
        services.join_request_decide(actor=Actor(facilitator), request=request, accept=False)


def test_a_member_cannot_decide_on_requests(community) -> None:
    member = make_member()
    make_community_member(community, member)
    with pytest.raises(PermissionDenied):
        services.join_request_decide(actor=Actor(member), request=make_join_request(community), accept=True)


def test_an_invitation_is_emailed_with_a_signed_link_and_accepted_once(
    community, facilitator, django_capture_on_commit_callbacks,
) -> None:
    guest = make_member(email="guest@example.test")
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invitation_send(actor=Actor(facilitator), community=community,
                                              email="Guest@Example.test")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["guest@example.test"]
    found = re.search(r"/communautes/invitation/([^/]+)/", str(mail.outbox[0].body))
    assert found is not None
    token = found.group(1)
    assert services.invitation_id_from_token(token) == invitation.pk
    assert services.invitation_id_from_token(token + "x") is None
    services.invitation_accept(actor=Actor(guest), invitation=invitation)
    assert community.memberships.filter(user=guest).exists()
    with pytest.raises(ValidationError, match="already been answered"):
        services.invitation_accept(actor=Actor(guest), invitation=invitation)


def test_an_expired_invitation_cannot_be_accepted(community, facilitator) -> None:
    guest = make_member()
    invitation = make_community_invitation(community, guest.email, invited_by=facilitator, days=-1)
    with pytest.raises(ValidationError, match="expired"):
        services.invitation_accept(actor=Actor(guest), invitation=invitation)
    assert not community.memberships.filter(user=guest).exists()


def test_an_invitation_is_answered_only_by_its_address(community, facilitator) -> None:
    invitation = make_community_invitation(community, "someone@example.test", invited_by=facilitator)
    with pytest.raises(PermissionDenied):
        services.invitation_accept(actor=Actor(make_member()), invitation=invitation)


def test_sending_again_renews_the_same_invitation(community, facilitator) -> None:
    first = services.invitation_send(actor=Actor(facilitator), community=community, email="a@example.test")
    CommunityInvitation.objects.filter(pk=first.pk).update(expires_at=timezone.now() + timedelta(days=1))
    second = services.invitation_send(actor=Actor(facilitator), community=community, email="a@example.test")
    assert second.pk == first.pk and second.expires_at > timezone.now() + timedelta(days=13)


def test_inviting_a_member_is_refused(community, facilitator) -> None:
    with pytest.raises(ValidationError):
        services.invitation_send(actor=Actor(facilitator), community=community, email=facilitator.email)


def test_the_last_facilitator_cannot_leave_without_naming_another(community, facilitator) -> None:
    member = make_member()
    membership = make_community_member(community, member)
    actor = Actor(facilitator)
    with pytest.raises(ValidationError) as error:
        services.community_leave(actor=actor, community=community)
    assert "successor" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.membership_change_role(actor=actor, membership=community.memberships.get(user=facilitator),
                                        role="member")
    services.community_leave(actor=actor, community=community, successor=membership)
    membership.refresh_from_db()
    assert membership.role == CommunityMembership.Role.FACILITATOR
    assert not community.memberships.filter(user=facilitator).exists()


def test_a_co_facilitator_lets_the_first_one_leave_freely(community, facilitator) -> None:
    co = make_community_member(community, make_member())
    services.membership_change_role(actor=Actor(facilitator), membership=co, role="facilitator")
    services.community_leave(actor=Actor(facilitator), community=community)
    assert list(community.memberships.values_list("role", flat=True)) == ["facilitator"]


def test_a_removed_member_can_no_longer_act_in_the_community(community, facilitator) -> None:
    member = make_member()
    membership = make_community_member(community, member)
    services.membership_change_role(actor=Actor(facilitator), membership=membership, role="facilitator")
    services.membership_remove(actor=Actor(facilitator), membership=membership)
    with pytest.raises(PermissionDenied):
        services.invitation_send(actor=Actor(member), community=community, email="x@example.test")
    with pytest.raises(PermissionDenied):
        services.community_leave(actor=Actor(member), community=community)
    assert AuditEntry.objects.filter(action="communities.member.removed").count() == 1


def test_following_a_community_uses_the_shared_follows(community) -> None:
    actor = Actor(make_member())
    services.community_follow(actor=actor, community=community, follow=True)
    assert Follow.objects.filter(follower=actor.user, target_kind="community", target_id=community.pk).exists()
    services.community_follow(actor=actor, community=community, follow=False)
    assert not Follow.objects.filter(follower=actor.user).exists()
