"""The contents' and events' lists are built from plain rows (`values()`, issue 22): their bytes must be those the
former representation gave — ninja `Schema`s with `resolve_*` methods validating model instances — for every
persona, in every language, on every page; and their OpenAPI schemas the same. The former schemas are kept here as
the reference."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from ninja import Schema
from ninja.responses import NinjaJSONEncoder
from ninja.schema import NinjaGenerateJsonSchema

from praxis.accounts.models import User
from praxis.content import api as content_api
from praxis.content import selectors as content_selectors
from praxis.content.models import Content, Theme
from praxis.content.tests.pages_factories import make_content
from praxis.core.actor import Actor
from praxis.events import api as events_api
from praxis.events import selectors as events_selectors
from praxis.events.models import Event
from praxis.events.tests.factories import make_event, make_registration
from praxis.testing import PERSONA_NAMES


class Former:
    """The representations as they were (ninja resolvers over instances)."""

    class ThemeOut(Schema):
        id: int

    class ContentOut(Schema):
        id: int
        kind: str
        title: str
        summary: str
        language: str
        visibility: str
        author: str
        themes: list[str]
        target_professions: list[str]
        published_at: datetime | None
        url: str

        @staticmethod
        def resolve_author(content: Content) -> str:
            return str(content.author)

        @staticmethod
        def resolve_themes(content: Content) -> list[str]:
            return [theme.slug for theme in content.themes.all()]

        @staticmethod
        def resolve_url(content: Content) -> str:
            return content_selectors.content_url(content)

    class OrganiserOut(Schema):
        id: int
        name: str
        slug: str

    class EventOut(Schema):
        id: int
        kind: str
        status: str
        title: str
        description: str
        language: str
        timezone: str
        starts_at: datetime
        ends_at: datetime
        registration_deadline: datetime | None
        is_online: bool
        is_open_to_public: bool
        venue: str
        postal_code: str
        city: str
        country: str
        price_eur: Decimal
        capacity: int | None
        seats_taken: int
        institution: Former.OrganiserOut | None
        themes: list[str]
        target_professions: list[str]
        sponsors: str
        coi_none: bool
        coi_statement: str
        url: str

        @staticmethod
        def resolve_seats_taken(event: Event) -> int:
            return int(getattr(event, "confirmed_count", 0) or 0)

        @staticmethod
        def resolve_themes(event: Event) -> list[str]:
            return [theme.slug for theme in event.themes.all()]

        @staticmethod
        def resolve_url(event: Event) -> str:
            return reverse("events:detail", kwargs={"event_id": event.pk})


Former.EventOut.model_rebuild()


def _former(schema: type[Schema], objects: Any) -> bytes:
    return json.dumps([schema.from_orm(obj).model_dump() for obj in objects], cls=NinjaJSONEncoder).encode()


@pytest.fixture
def richer(world):
    """What the small world lacks: several themes per row (their order), a deleted member's piece, an author with no
    name, a priced event with a capacity, seats taken, a deadline, no organiser."""
    themes = [Theme.objects.create(name=name, slug=slug) for name, slug in
              (("Zoologie", "zoo"), ("Anatomie", "ana"), ("Médecine générale", "mg"))]
    world.public.themes.set(themes)
    make_content(User.objects.former_member(), themes=themes[:1], title="Écrit par un ancien membre",
                 target_professions=["nurse", "gp"])
    nameless = User.objects.create_user(email="sans-nom@example.invalid", password="x")
    make_content(nameless, kind=Content.Kind.CAPSULE, summary="« Guillemets » et \u00e9\u2013\U0001f600",
                 published_at=world.public.published_at - timedelta(microseconds=123456))
    world.event.themes.set(themes[1:])
    world.event.price_eur = Decimal("12.50")
    world.event.capacity = 40
    world.event.registration_deadline = world.event.starts_at - timedelta(days=1, microseconds=7)
    world.event.save()
    make_registration(world.event, world.personas.verified_gp)
    make_registration(world.event, world.personas.outsider)
    world.other_event.themes.set(themes[:1])
    return world


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_the_lists_and_details_are_the_former_bytes(richer, caller, persona):
    user = richer.personas.users[persona]
    actor = Actor(user)
    contents = list(content_selectors.contents_for_list(actor).order_by("-published_at", "-pk"))
    events = list(events_selectors.upcoming_events(actor).order_by("starts_at", "pk"))
    assert contents and events
    for language in ("fr", "nl", "en"):
        client = caller(persona, language=language)
        with translation.override(language):
            assert client.get("/contents", {"limit": 100}).content == _former(Former.ContentOut, contents)
            assert client.get("/events", {"limit": 100}).content == _former(Former.EventOut, events)
            for content in contents:
                piece = content_selectors.visible_content_or_404(actor, content.pk, page=True)
                assert client.get(f"/contents/{content.pk}").content == _former(Former.ContentOut, [piece])[1:-1]
            for event in events:
                one = events_selectors.event_for(actor, event.pk)
                assert client.get(f"/events/{event.pk}").content == _former(Former.EventOut, [one])[1:-1]
    # Page by page, the same rows.
    client = caller(persona)
    pages, path = [], "/api/v1/events?limit=1"
    while path:
        response = client.client.get(path, headers=client.headers)
        pages.append(response.json()[0]["id"])
        link = response.get("Link", "")
        path = link[1:link.index(">")].removeprefix("http://testserver") if link else ""
    assert pages == [event.pk for event in events]


def test_the_openapi_schemas_are_the_former_ones():
    for new, old in ((content_api.ContentOut, Former.ContentOut), (events_api.EventOut, Former.EventOut)):
        assert (new.model_json_schema(schema_generator=NinjaGenerateJsonSchema)
                == old.model_json_schema(schema_generator=NinjaGenerateJsonSchema))


def test_a_list_reads_the_same_queries_for_one_row_or_many(richer, caller):
    for extra in range(3):
        make_event(richer.personas.institution_admin, institution=richer.personas.institution,
                   starts_in=timedelta(days=10 + extra)).themes.set(Theme.objects.all())
        make_content(richer.personas.verified_gp, themes=list(Theme.objects.all()))
    client = caller("verified_gp")
    client.get("/themes")  # the token's first use of the minute, and the rate limit's window, written once
    for path in ("/contents", "/events"):
        counts = []
        for limit in (1, 100):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(path, {"limit": limit}).status_code == 200
            counts.append(len(queries))
        assert counts[0] == counts[1], path
