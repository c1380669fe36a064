"""No lost update: two people edit the same content, institution page, event, job offer, course or community tool. The
second to save, from the page they opened before the first saved, gets 409 with what they typed kept and nothing
overwritten; sending again from that page is a deliberate overwrite. Forms are submitted as a browser would submit the
page it got. (A community tool has its own mechanism, older than core.concurrency: numbered versions, `based_on`, the
conflicting text kept as an unnumbered version; the same tests hold it to the same promise.)"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from typing import Any

import pytest
import tinyhtml5  # type: ignore[import-untyped]
from django.db import close_old_connections, connection
from django.test import Client
from django.urls import reverse

from praxis.communities import services as communities
from praxis.communities.models import Tool, ToolVersion
from praxis.content.models import Content
from praxis.content.tests.pages_factories import make_content
from praxis.core.actor import Actor
from praxis.events.models import Event
from praxis.events.tests.factories import make_event
from praxis.institutions.models import Institution
from praxis.jobs.tests.factories import make_offer
from praxis.learning.models import PublicationStatus
from praxis.learning.tests.factories import make_course
from praxis.testing import Personas, make_institution_member, make_member, make_personas, make_totp

CONFLICT = "Someone else saved a change to this page"


def browser_values(html: str, marker: str = "seen") -> dict[str, Any]:
    """What a browser sends for the page's form that holds the input `marker`: text inputs, checked boxes, selected
    options, text areas."""
    values: dict[str, list[str]] = {}
    document = tinyhtml5.parse(html)
    namespace = "{http://www.w3.org/1999/xhtml}"
    form = next(found for found in document.iter(f"{namespace}form")
                if found.find(f".//{namespace}input[@name='{marker}']") is not None)
    for element in form.iter():
        tag = element.tag.replace(namespace, "") if isinstance(element.tag, str) else ""
        name = element.get("name")
        if not name or element.get("disabled") is not None:
            continue
        if tag == "input":
            kind = element.get("type", "text")
            if kind in {"checkbox", "radio"}:
                if element.get("checked") is not None:
                    values.setdefault(name, []).append(element.get("value", "on"))
            elif kind not in {"submit", "button", "file", "reset"}:
                values.setdefault(name, []).append(element.get("value", ""))
        elif tag == "textarea":
            values.setdefault(name, []).append((element.text or "").removeprefix("\n"))
        elif tag == "select":
            for option in element.iter(f"{namespace}option"):
                if option.get("selected") is not None:
                    values.setdefault(name, []).append(option.get("value", option.text or ""))
    values.pop("csrfmiddlewaretoken", None)
    return {name: found if len(found) > 1 else found[0] for name, found in values.items()}


def _content(personas: Personas) -> tuple[Any, str, str]:
    content = make_content(personas.verified_gp, status=Content.Status.DRAFT, kind=Content.Kind.ARTICLE)
    return content, "verified_gp", reverse("content:edit", args=[content.pk])


def _institution(personas: Personas) -> tuple[Any, str, str]:
    Institution.objects.filter(pk=personas.institution.pk).update(postal_code="5000")
    return personas.institution, "institution_admin", reverse("institutions:edit", args=[personas.institution.slug])


def _event(personas: Personas) -> tuple[Any, str, str]:
    event = make_event(personas.institution_admin, institution=personas.institution)
    return event, "institution_admin", reverse("events:edit", args=[event.pk])


def _offer(personas: Personas) -> tuple[Any, str, str]:
    offer = make_offer(personas.institution, personas.institution_admin)
    return offer, "institution_admin", reverse("jobs:edit", args=[offer.pk])


def _course(personas: Personas) -> tuple[Any, str, str]:
    trainer = make_member("trainer@example.test", profession="nurse")
    make_institution_member(personas.institution, trainer, "trainer")
    make_totp(trainer)
    personas.users["trainer"] = trainer
    course = make_course(personas.institution, status=PublicationStatus.DRAFT)
    return course, "trainer", reverse("learning:edit", args=[course.pk])


class _ToolText:
    """A community tool seen through its current version's text (what its edit form changes)."""

    def __init__(self, tool: Tool) -> None:
        self.tool = tool

    def refresh_from_db(self) -> None:
        self.tool.refresh_from_db()

    @property
    def text(self) -> str:
        return ToolVersion.objects.get(tool=self.tool, number=self.tool.version).text


def _tool(personas: Personas) -> tuple[Any, str, str]:
    tool = communities.tool_create(actor=Actor(personas.facilitator), community=personas.community,
                                   title="Fiche de liaison", text="# Fiche\n- service")
    return _ToolText(tool), "facilitator", reverse("communities:tool_edit", args=[personas.community.slug, tool.pk])


# kind: (make, the field changed, the hidden input that carries what the editor saw, what the conflict page says)
KINDS: dict[str, tuple[Callable[[Personas], tuple[Any, str, str]], str, str, str]] = {
    "content": (_content, "title", "seen", CONFLICT), "institution": (_institution, "name", "seen", CONFLICT),
    "event": (_event, "title", "seen", CONFLICT), "job offer": (_offer, "title", "seen", CONFLICT),
    "course": (_course, "title", "seen", CONFLICT),
    "community tool": (_tool, "text", "based_on", "while you were editing. Nothing is lost"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("kind", KINDS)
def test_the_second_save_from_an_older_page_is_a_conflict_that_keeps_both(personas: Personas, kind: str) -> None:
    make, field, seen, message = KINDS[kind]
    obj, editor, url = make(personas)
    first, second = personas.client(editor), personas.client(editor)  # two tabs, or two admins
    page_a = browser_values(first.get(url).content.decode(), seen)
    page_b = browser_values(second.get(url).content.decode(), seen)
    assert page_a[seen] and page_a[seen] == page_b[seen]

    saved = second.post(url, {**page_b, field: "Version par Bénédicte"})
    errors = re.findall(r"errorlist[^>]*>(.{0,300})", saved.content.decode())
    assert saved.status_code == 302, (saved.status_code, errors)
    conflict = first.post(url, {**page_a, field: "Version par Antoine"}, headers={"Accept-Language": "en"})
    assert conflict.status_code == 409
    page = conflict.content.decode()
    assert message in page and "Version par Antoine" in page  # what Antoine typed is still in the form
    obj.refresh_from_db()
    assert getattr(obj, field) == "Version par Bénédicte"

    again = browser_values(page, seen)
    assert again[seen] != page_a[seen]
    assert first.post(url, again).status_code == 302  # after a look, Antoine keeps his version on purpose
    obj.refresh_from_db()
    assert getattr(obj, field) == "Version par Antoine"


@pytest.mark.django_db
def test_a_form_sent_without_the_field_is_saved_as_before(personas: Personas) -> None:
    """A page opened before this change (no `seen`) still saves: nothing to compare with."""
    event, editor, url = _event(personas)
    client = personas.client(editor)
    values = browser_values(client.get(url).content.decode())
    values.pop("seen")
    assert client.post(url, {**values, "title": "Sans témoin"}).status_code == 302
    assert Event.objects.get(pk=event.pk).title == "Sans témoin"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("kind", ["event", "institution", "course", "community tool"])
def test_two_saves_at_the_same_moment_never_both_win(kind: str) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises every writer on one lock, so it cannot show the race; CI runs this on "
                    "PostgreSQL, where the row lock (SELECT ... FOR UPDATE) decides.")
    personas = make_personas()
    make, field, seen, _message = KINDS[kind]
    obj, editor, url = make(personas)
    clients = [personas.client(editor) for _ in range(4)]
    pages = [browser_values(client.get(url).content.decode(), seen) for client in clients]
    barrier = threading.Barrier(len(clients))
    statuses: list[int] = []

    def save(client: Client, values: dict[str, Any], n: int) -> None:
        try:
            barrier.wait(timeout=10)
            statuses.append(client.post(url, {**values, field: f"Version {n}"}).status_code)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=save, args=(client, page, n))
               for n, (client, page) in enumerate(zip(clients, pages, strict=True))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [302, 409, 409, 409]
    obj.refresh_from_db()
    assert getattr(obj, field).startswith("Version ")
