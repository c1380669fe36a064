"""The events list's read is compiled once per shape of its values (`events.api._list_page`, issue 22): for every
persona, filter and page it must read what the ORM's query reads, and its "now", the caller and the filters must be
values of each request, never the first request's."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from praxis.core.actor import Actor
from praxis.core.rest import page_of
from praxis.events import api as events_api
from praxis.events import selectors
from praxis.events.models import Event
from praxis.events.tests.factories import make_event, make_registration
from praxis.testing import PERSONA_NAMES

from .conftest import ids

FILTERS: list[dict[str, Any]] = [
    {}, {"kind": Event.Kind.WEBINAR}, {"country": "FR"}, {"online": True}, {"public": True},
    {"kind": Event.Kind.TRAINING, "country": "BE", "online": False},
]


@pytest.fixture
def agenda(world):
    p = world.personas
    make_event(p.verified_gp, kind=Event.Kind.WEBINAR, is_online=True, starts_in=timedelta(days=2), title="Webinaire")
    make_event(p.verified_gp, country="FR", city="Lille", postal_code="59000", starts_in=timedelta(days=4),
               is_open_to_public=True, title="À Lille")
    make_event(p.outsider, status=Event.Status.UNPUBLISHED, starts_in=timedelta(days=5), title="Retiré")
    make_event(p.verified_gp, status=Event.Status.CANCELLED, starts_in=timedelta(days=6), title="Annulé")
    make_event(p.verified_gp, starts_in=-timedelta(days=2), title="Passé")
    make_registration(world.event, p.outsider)
    return world


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_the_compiled_page_reads_what_the_orm_reads(agenda, persona):
    actor = Actor(agenda.personas.users[persona])
    now = timezone.now()
    for values in FILTERS:
        filters = selectors.AgendaFilters(**values)
        expected = list(page_of(events_api._list_rows(actor, filters, now), key="starts_at", limit=2))
        found = events_api._list_pages(2).rows(
            actor.id, actor.is_authenticated, actor.is_moderator, filters.kind or None, filters.theme,
            filters.country or None, filters.online, filters.public, now, None, None)
        assert [dict(zip(events_api.LIST_VALUES, row, strict=True)) for row in found] == expected, values
        if len(expected) > 2:  # the next page, after the last row's key
            last = expected[1]
            after = (last["starts_at"], last["pk"])
            rest = list(page_of(events_api._list_rows(actor, filters, now), key="starts_at", limit=2, after=after))
            found = events_api._list_pages(2).rows(
                actor.id, actor.is_authenticated, actor.is_moderator, filters.kind or None, filters.theme,
                filters.country or None, filters.online, filters.public, now, *after)
            assert [dict(zip(events_api.LIST_VALUES, row, strict=True)) for row in found] == rest


def test_each_request_reads_its_own_caller_and_time(agenda, caller):
    retired = Event.objects.get(title="Retiré")
    soon = make_event(agenda.personas.verified_gp, starts_in=timedelta(minutes=-50), hours=1, title="Bientôt fini")
    for persona in ("anonymous", "verified_gp", "outsider", "moderator", "anonymous"):
        listed = ids(caller(persona).get("/events", {"limit": 50}))
        assert retired.pk not in listed, persona  # the agenda lists published events only, even to its creator
        assert soon.pk in listed
    # Its end passes: the next request leaves it out (the time is a value of each request, not of the compiled SQL).
    Event.objects.filter(pk=soon.pk).update(ends_at=timezone.now() - timedelta(seconds=1))
    assert soon.pk not in ids(caller("verified_gp").get("/events", {"limit": 50}))
    # A seat taken shows at once.
    seats = {row["id"]: row["seats_taken"] for row in caller("anonymous").get("/events", {"limit": 50}).json()}
    make_registration(agenda.event, agenda.personas.verified_gp)
    again = {row["id"]: row["seats_taken"] for row in caller("anonymous").get("/events", {"limit": 50}).json()}
    assert again[agenda.event.pk] == seats[agenda.event.pk] + 1
