"""The issue's bad input, through the pages: a meeting in the past, an action owner who is not a member, acting in a
community one left, a network coordinator asking for a community's private pages (404, never the content)."""

from __future__ import annotations

import html
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from praxis.communities import services
from praxis.communities.models import Action, Case, Meeting, Network, Thread
from praxis.core.actor import Actor
from praxis.testing import make_community_member, make_institution, make_institution_member, make_member

from .factories import make_case, make_local_community, make_meeting, make_thread, make_tool

pytestmark = pytest.mark.django_db


@pytest.fixture
def facilitator():
    return make_member(first_name="Inès", last_name="Haddad")


@pytest.fixture
def community(facilitator):
    return make_local_community(facilitator=facilitator)


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_a_meeting_in_the_past_is_refused_with_the_form_kept(client, community, facilitator) -> None:
    client.force_login(facilitator)
    starts = timezone.now() - timedelta(days=1)
    response = client.post(reverse("communities:meeting_create", args=[community.slug]), {
        "title": "Réunion d'hier", "starts_at": _local(starts), "ends_at": _local(starts + timedelta(hours=2)),
        "mode": "in_person", "place": "Maison de quartier"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Une réunion se programme dans le futur." in page
    assert "Réunion d'hier" in html.unescape(page)  # what was typed is kept
    assert not Meeting.objects.filter(community=community).exists()


def test_an_action_owner_who_is_not_a_member_is_refused(client, community, facilitator) -> None:
    meeting = make_meeting(community, facilitator, days=0)
    stranger = make_member(first_name="Hors", last_name="Groupe")
    client.force_login(facilitator)
    response = client.post(reverse("communities:action_add", args=[community.slug, meeting.pk]), {
        "text": "Appeler le CPAS", "owner": stranger.pk, "due_on": timezone.localdate().isoformat()})
    assert response.status_code == 400
    assert not Action.objects.filter(community=community).exists()
    # A member is accepted (the same form, the owner changed).
    member = make_member()
    make_community_member(community, member)
    response = client.post(reverse("communities:action_add", args=[community.slug, meeting.pk]), {
        "text": "Appeler le CPAS", "owner": member.pk, "due_on": timezone.localdate().isoformat()})
    assert response.status_code in (200, 302)
    assert Action.objects.get(community=community).owner == member


def test_a_member_who_left_can_no_longer_act_in_the_community(client, community) -> None:
    member = make_member()
    make_community_member(community, member)
    case = make_case(community, member)
    thread = make_thread(community, member)
    services.community_leave(actor=Actor(member), community=community)
    client.force_login(member)
    slug = community.slug
    assert client.post(reverse("communities:case_create", args=[slug]), {
        "title": "Encore un cas", "context": "Un service", "problem": "Un problème"}).status_code == 403
    assert client.post(reverse("communities:thread_create", args=[slug]), {
        "title": "Encore", "body": "Une question"}).status_code == 403
    assert client.post(reverse("communities:case_comment", args=[slug, case.pk]),
                       {"text": "Un dernier mot"}).status_code == 404
    assert client.post(reverse("communities:thread", args=[slug, thread.pk]),
                       {"body": "Une réponse"}).status_code == 404
    assert client.get(reverse("communities:cases", args=[slug])).status_code == 403
    assert Case.objects.filter(community=community).count() == 1
    assert Thread.objects.get(pk=thread.pk).reply_count == 0


def test_a_network_coordinator_gets_a_404_for_every_private_page(client, community, facilitator) -> None:
    coordinator = make_institution("Coordination bruxelloise")
    organiser = make_member()
    make_institution_member(coordinator, organiser, "staff")
    community.network = Network.objects.create(name="Réseau", coordinator=coordinator)
    community.save(update_fields=["network"])
    case = make_case(community, facilitator)
    meeting = make_meeting(community, facilitator)
    tool = make_tool(community, facilitator)
    thread = make_thread(community, facilitator)
    client.force_login(organiser)
    slug = community.slug
    # The figures, yes; the content, never — not even to learn that it exists.
    assert client.get(reverse("communities:network_indicators", args=[community.network.pk])).status_code == 200
    for url in (reverse("communities:case", args=[slug, case.pk]),
                reverse("communities:case_edit", args=[slug, case.pk]),
                reverse("communities:meeting", args=[slug, meeting.pk]),
                reverse("communities:tool", args=[slug, tool.pk]),
                reverse("communities:thread", args=[slug, thread.pk])):
        response = client.get(url)
        assert response.status_code == 404, url
        assert case.title not in response.content.decode()
