"""Community actions notify the right members (requests, new cases, mentions, replies, follow-ups), never someone who
left; the rules are found in the app's own notifications.py."""

from __future__ import annotations

import pytest

from praxis.communities import services
from praxis.core.actor import Actor
from praxis.notifications.models import Notification
from praxis.notifications.registry import RULES
from praxis.testing import make_community_member, make_member

from .factories import make_case, make_local_community

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    facilitator = make_member(first_name="Inès", last_name="Haddad")
    community = make_local_community(facilitator=facilitator)
    member = make_member(first_name="Pieter", last_name="Janssens")
    make_community_member(community, member)
    return community, facilitator, member


def _notified(action: str) -> set[int]:
    return set(Notification.objects.filter(action=action).values_list("recipient_id", flat=True))


def test_the_rules_are_found_in_the_apps_module() -> None:
    assert {"communities.request.submitted", "communities.reply.created", "communities.case.created"} <= set(RULES)


def test_facilitators_hear_of_a_request_and_the_requester_of_the_answer(
    cast, django_capture_on_commit_callbacks,
) -> None:
    community, facilitator, _member = cast
    requester = make_member()
    with django_capture_on_commit_callbacks(execute=True):
        request = services.join_request_submit(actor=Actor(requester), community=community)
    assert _notified("communities.request.submitted") == {facilitator.pk}
    with django_capture_on_commit_callbacks(execute=True):
        services.join_request_decide(actor=Actor(facilitator), request=request, accept=True)
    assert _notified("communities.request.accepted") == {requester.pk}


def test_a_new_case_reaches_the_other_members_only(cast, django_capture_on_commit_callbacks) -> None:
    community, facilitator, member = cast
    with django_capture_on_commit_callbacks(execute=True):
        services.case_create(actor=Actor(member), community=community, themes=[], data={
            "title": "Liaison", "context": "Nord.", "problem": "Pas de plan de soins à la sortie."})
    assert _notified("communities.case.created") == {facilitator.pk}


def test_mentions_and_replies_notify_members_but_not_someone_who_left(
    cast, django_capture_on_commit_callbacks,
) -> None:
    community, facilitator, member = cast
    gone = make_member(first_name="Ana", last_name="Parti")
    make_community_member(community, gone)
    with django_capture_on_commit_callbacks(execute=True):
        thread = services.thread_create(actor=Actor(facilitator), community=community, title="Outils",
                                        body="@Pieter Janssens et @Ana Parti, vos outils ?")
    assert _notified("communities.thread.created") == {member.pk, gone.pk}
    services.community_leave(actor=Actor(gone), community=community)
    with django_capture_on_commit_callbacks(execute=True):
        services.reply_create(actor=Actor(member), thread=thread, body="Un cahier partagé, @Ana Parti ?")
    assert _notified("communities.reply.created") == {facilitator.pk}


def test_a_comment_notifies_the_presenter(cast, django_capture_on_commit_callbacks) -> None:
    community, facilitator, member = cast
    case = make_case(community, member)
    with django_capture_on_commit_callbacks(execute=True):
        services.case_comment(actor=Actor(facilitator), case=case, text="Avez-vous essayé un appel la veille ?")
    assert _notified("communities.case.commented") == {member.pk}
