"""The community home's reads compiled once per process (issue 22): the community, the resources a reader may see and
the next meeting give what the ORM gives, to each reader their own, and a change shows on the next load."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from praxis.communities import rules, selectors
from praxis.communities.models import Community, Meeting
from praxis.content.models import Content
from praxis.content.rules import contents_visible_to
from praxis.content.tests.pages_factories import make_content
from praxis.core.actor import Actor
from praxis.testing import make_community_member, make_member

from .factories import make_local_community, make_meeting

pytestmark = pytest.mark.django_db


def _fields(obj: object) -> dict[str, object]:
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields  # type: ignore[attr-defined]
            if f.attname in obj.__dict__}


def test_the_community_is_read_as_the_orm_reads_it_and_for_each_reader_their_own(personas) -> None:
    listed = make_local_community("Listée")
    unlisted = make_local_community("Non listée", visibility=Community.Visibility.PRIVATE)
    member, outsider = make_member(), make_member()
    make_community_member(unlisted, member)
    for user in (member, outsider, personas.moderator, None):
        actor = Actor(user)
        for community in (listed, unlisted):
            expected = rules.communities_visible_to(actor).filter(slug=community.slug).select_related(
                "network__coordinator").first()
            read = selectors.community_for(actor, community.slug)
            assert (read is None) == (expected is None)
            if read is not None and expected is not None:
                assert _fields(read) == _fields(expected) and read.network == expected.network
    assert selectors.community_for(Actor(outsider), unlisted.slug) is None
    assert selectors.community_for(Actor(member), unlisted.slug) == unlisted
    assert selectors.community_for(Actor(personas.moderator), unlisted.slug) == unlisted
    assert selectors.community_for(Actor(member), "nulle-part") is None
    # A membership given since the last read counts on the next one (the actor's ids are values, not SQL).
    make_community_member(unlisted, outsider)
    assert selectors.community_for(Actor(outsider), unlisted.slug) == unlisted
    Community.objects.filter(pk=unlisted.pk).update(name="Renommée")
    renamed = selectors.community_for(Actor(member), unlisted.slug)
    assert renamed is not None and renamed.name == "Renommée"


def test_the_resources_are_those_each_member_may_see_and_a_new_one_shows_at_once(personas) -> None:
    community = make_local_community("Avec ressources")
    gp, other = personas.verified_gp, make_member()
    make_community_member(community, gp)
    make_community_member(community, other)
    shared = make_content(gp, visibility=Content.Visibility.COMMUNITY, community=community, title="Pour la CdP")
    public = make_content(gp, community=community, title="Publique",
                          published_at=timezone.now() - timedelta(days=1))
    make_content(gp, visibility=Content.Visibility.COMMUNITY, community=make_local_community("Ailleurs"),
                 title="Pour une autre")
    make_content(gp, status=Content.Status.DRAFT, community=community, title="Brouillon")
    for user in (gp, other, personas.outsider, personas.moderator):
        actor = Actor(user)
        expected = list(contents_visible_to(actor).filter(community=community).select_related("author")
                        .order_by("-published_at")[:6])
        read = selectors.resources(actor, community)
        assert [c.pk for c in read] == [c.pk for c in expected]
        assert [_fields(c) for c in read] == [_fields(c) for c in expected]
        assert [c.author for c in read] == [c.author for c in expected]
    assert [c.pk for c in selectors.resources(Actor(other), community)] == [shared.pk, public.pk]
    assert [c.pk for c in selectors.resources(Actor(personas.outsider), community)] == [public.pk]
    newer = make_content(other, visibility=Content.Visibility.COMMUNITY, community=community, title="Nouvelle")
    assert [c.pk for c in selectors.resources(Actor(gp), community)] == [newer.pk, shared.pk, public.pk]
    assert [c.pk for c in selectors.resources(Actor(gp), community, limit=1)] == [newer.pk]


def test_the_next_meeting_moves_with_the_clock_and_the_meetings(client) -> None:
    facilitator = make_member()
    community = make_local_community(facilitator=facilitator)
    actor = Actor(facilitator)
    assert selectors.next_meeting(actor, community) is None
    later = make_meeting(community, facilitator, days=20, title="Plus tard")
    sooner = make_meeting(community, facilitator, days=3, title="Bientôt")
    make_meeting(community, facilitator, days=-3, title="Passée")
    assert selectors.next_meeting(actor, community) == sooner
    assert selectors.next_meeting(Actor(make_member()), community) is None  # not a member
    Meeting.objects.filter(pk=sooner.pk).update(status=Meeting.Status.CANCELLED)
    assert selectors.next_meeting(actor, community) == later
    client.force_login(facilitator)
    html = client.get(reverse("communities:home", args=[community.slug])).content.decode()
    assert "Plus tard" in html and "Bientôt" not in html and "Passée" not in html
