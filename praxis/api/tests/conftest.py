"""A small world for the API's tests: the personas, content of every visibility, events, job offers, notifications,
and a token per persona."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client

from praxis.api import services
from praxis.content.models import Content
from praxis.content.tests.pages_factories import make_content
from praxis.core.actor import Actor
from praxis.events.tests.factories import make_event
from praxis.jobs.tests.factories import make_offer
from praxis.notifications.models import Notification
from praxis.testing import PERSONA_NAMES, make_institution, make_personas


def make_token(user: Any, scopes: list[str] | None = None, *, days: int | None = None) -> str:
    return services.token_create(actor=Actor(user), name="Intranet", scopes=scopes or ["read"],
                                 expires_in_days=days).secret


class ApiClient:
    """Calls `/api/v1/` as one caller: a bearer token, or nobody."""

    def __init__(self, token: str | None = None, language: str = "fr") -> None:
        self.client = Client()
        self.headers = {"Accept-Language": language}
        if token:
            self.headers["Authorization"] = f"Bearer {token}"

    def get(self, path: str, data: dict[str, Any] | None = None, **headers: str) -> Any:
        return self.client.get(f"/api/v1{path}", data or {}, headers={**self.headers, **headers})

    def send(self, method: str, path: str, body: dict[str, Any], **headers: str) -> Any:
        return getattr(self.client, method)(f"/api/v1{path}", body, content_type="application/json",
                                            headers={**self.headers, **headers})


def ids(response: Any) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()]


@pytest.fixture
def world(db) -> SimpleNamespace:
    p = make_personas()
    author = p.verified_gp
    w = SimpleNamespace(personas=p)
    w.public = make_content(author, visibility=Content.Visibility.PUBLIC)
    w.verified_only = make_content(author, visibility=Content.Visibility.VERIFIED)
    w.institution_only = make_content(p.institution_admin, visibility=Content.Visibility.INSTITUTION,
                                      institution=p.institution)
    w.community_only = make_content(p.facilitator, visibility=Content.Visibility.COMMUNITY, community=p.community)
    w.draft = make_content(author, status=Content.Status.DRAFT)
    w.event = make_event(p.institution_admin, institution=p.institution)
    w.other_event = make_event(author, starts_in=timedelta(days=3))
    w.offer = make_offer(p.institution, p.institution_admin)
    other = make_institution("Maison médicale du Nord", city="Liège", country="BE")
    w.other_offer = make_offer(other, p.institution_admin, title="Médecin généraliste")
    w.notification = Notification.objects.create(recipient=author, kind="system", action="system.test", url="/")
    w.others_notification = Notification.objects.create(recipient=p.outsider, kind="system", action="system.test")
    w.tokens = {name: make_token(p.users[name]) for name in PERSONA_NAMES if name != "anonymous"}
    return w


@pytest.fixture
def caller(world):
    """`caller("verified_gp")`: an API client with that persona's token (`read` scope); "anonymous" has none."""

    def make(persona: str, language: str = "fr") -> ApiClient:
        return ApiClient(world.tokens.get(persona), language=language)

    return make
