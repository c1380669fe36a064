"""Truth table of communities' rules: facilitator, member, requester, outsider, moderator, platform admin."""

from __future__ import annotations

import pytest

from praxis.communities import rules
from praxis.communities.models import Community
from praxis.core.actor import Actor
from praxis.testing import make_community_member, make_member

from .factories import make_community_invitation, make_join_request, make_local_community

ROLES = ["facilitator", "member", "requester", "outsider", "moderator", "platform_admin", "unverified", "anonymous"]


@pytest.fixture
def cast(db):
    facilitator = make_member()
    community = make_local_community(facilitator=facilitator)
    member = make_member(profession="nurse")
    make_community_member(community, member)
    requester = make_member()
    make_join_request(community, requester)
    users = {
        "facilitator": facilitator, "member": member, "requester": requester, "outsider": make_member(),
        "moderator": make_member(is_moderator=True), "platform_admin": make_member(is_superuser=True),
        "unverified": make_member(status="pending"), "anonymous": None,
    }
    return community, {name: Actor(user) for name, user in users.items()}


def _table(check, community: Community, actors: dict[str, Actor]) -> dict[str, bool]:
    return {name: check(actor, community) for name, actor in actors.items()}


def test_presentation_of_a_listed_community_is_seen_by_everyone(cast) -> None:
    community, actors = cast
    assert all(_table(rules.can_view_community, community, actors).values())


def test_unlisted_community_is_seen_by_its_members_and_moderators_only(cast) -> None:
    community, actors = cast
    community.visibility = Community.Visibility.PRIVATE
    community.save()
    assert _table(rules.can_view_community, community, actors) == {
        "facilitator": True, "member": True, "requester": False, "outsider": False, "moderator": True,
        "platform_admin": True, "unverified": False, "anonymous": False}
    visible = {name: rules.communities_visible_to(actor).filter(pk=community.pk).exists()
               for name, actor in actors.items()}
    assert visible == _table(rules.can_view_community, community, actors)


def test_private_life_of_the_community_is_for_members_only(cast) -> None:
    community, actors = cast
    assert _table(rules.can_view_private, community, actors) == {
        "facilitator": True, "member": True, "requester": False, "outsider": False, "moderator": False,
        "platform_admin": False, "unverified": False, "anonymous": False}


def test_only_facilitators_and_platform_admins_facilitate(cast) -> None:
    community, actors = cast
    assert _table(rules.can_facilitate, community, actors) == {
        "facilitator": True, "member": False, "requester": False, "outsider": False, "moderator": False,
        "platform_admin": True, "unverified": False, "anonymous": False}


@pytest.mark.parametrize(("policy", "joins", "asks"), [
    (Community.JoinPolicy.OPEN, True, False),
    (Community.JoinPolicy.REQUEST, False, True),
    (Community.JoinPolicy.INVITATION, False, False),
])
def test_verified_non_members_join_or_ask_according_to_the_policy(cast, policy, joins, asks) -> None:
    community, actors = cast
    community.join_policy = policy
    community.save()
    outsiders = {"requester", "outsider", "moderator", "platform_admin"}
    assert _table(rules.can_join, community, actors) == {name: joins and name in outsiders for name in actors}
    assert _table(rules.can_request_to_join, community, actors) == {name: asks and name in outsiders
                                                                   for name in actors}


def test_only_members_leave_and_signed_in_viewers_follow(cast) -> None:
    community, actors = cast
    assert {n for n, ok in _table(rules.can_leave, community, actors).items() if ok} == {"facilitator", "member"}
    assert {n for n, ok in _table(rules.can_follow, community, actors).items() if not ok} == {"anonymous"}


def test_only_the_invited_address_answers_an_invitation(cast) -> None:
    community, actors = cast
    invitation = make_community_invitation(community, actors["outsider"].user.email.upper())
    answers = {name: rules.can_respond_to_invitation(actor, invitation) for name, actor in actors.items()}
    assert {n for n, ok in answers.items() if ok} == {"outsider"}


def test_only_verified_professionals_start_a_community(cast) -> None:
    _community, actors = cast
    assert {n for n, a in actors.items() if not rules.can_create_community(a)} == {"unverified", "anonymous"}
