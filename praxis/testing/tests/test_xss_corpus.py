"""Script injection, corpus-driven: 1 000+ payloads (praxis/testing/xss.py) through the article renderer and the
sanitiser, then into every text a member can write, of every app, and every page of the permission matrix opened:
nothing active comes out, and every HTML page carries the Content-Security-Policy (with frame-ancestors, against
clickjacking) and every answer `nosniff`. A real Chromium then opens the pages that render member HTML (articles,
lessons, community tools) with a dialog hook: no payload runs."""

from __future__ import annotations

import re
from collections import Counter
from types import SimpleNamespace
from typing import Any

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from praxis.content.markup import render_article, sanitise_html
from praxis.testing import PERSONA_NAMES, make_personas
from praxis.testing.tests.test_permission_matrix import MODULES, ROUTES
from praxis.testing.xss import FAMILIES, active_markup, corpus

PAYLOADS = corpus()

# Text that is not a member's words: codes, identifiers, addresses checked by validators, stored renderings, files.
_NOT_MEMBER_TEXT = re.compile(
    r"(^|_)(slug|code|kind|status|language|languages|lang|locale|token|key|hash|digest|secret|ip|path|mime|"
    r"content_type|type|uuid|uid|provider|scheme|rubric|format|country|timezone|version|method|audience|route|"
    r"number|phone|email|postal|password|checksum|sha256|etag|nonce|niss|inami|registration|profession|role|"
    r"session|host|origin|url|link|file|storage|action|target|event_kind|object_id|label_key|icon|color|currency|"
    r"unit|identifier|external|issuer|subject|jti|html|state|ordering|sort)($|_)")


def _member_text_fields(model: type[models.Model]) -> list[models.CharField[Any, Any] | models.TextField[Any, Any]]:
    fields = []
    for field in model._meta.concrete_fields:
        if not isinstance(field, models.CharField | models.TextField) or field.choices or field.unique:
            continue
        if isinstance(field, models.EmailField | models.URLField | models.SlugField | models.GenericIPAddressField):
            continue
        if not field.editable or _NOT_MEMBER_TEXT.search(field.name):
            continue
        fields.append(field)
    return fields


def _inject(payloads: list[str]) -> Counter[str]:
    """Every member-written text of every row gets payloads (a long text a bundle of them, a short one the next that
    fits); stored renderings are rebuilt as the services build them. Returns how often each payload was placed."""
    placed: Counter[str] = Counter()
    cursor = 0
    for model in apps.get_models():
        if not model.__module__.startswith("praxis."):
            continue
        fields = _member_text_fields(model)
        if not fields:
            continue
        for row in model._default_manager.all():
            changes = {}
            for field in fields:
                room = field.max_length or 4000
                chosen: list[str] = []
                used = 0
                for _ in range(len(payloads)):
                    payload = payloads[cursor % len(payloads)]
                    cursor += 1
                    if used + len(payload) + 1 > room:
                        if not chosen:
                            continue
                        cursor -= 1
                        break
                    chosen.append(payload)
                    used += len(payload) + 1
                if chosen:
                    # Forms refuse NUL characters (and PostgreSQL text cannot hold them): stored without them.
                    changes[field.attname] = "\n".join(chosen).replace("\x00", "")
                    placed.update(chosen)
            if "body" in changes and any(f.name == "body_html" for f in model._meta.concrete_fields):
                changes["body_html"] = render_article(changes["body"])
            model._default_manager.filter(pk=row.pk).update(**changes)
    return placed


def _nonce(response) -> str | None:
    match = re.search(r"'nonce-([^']+)'", response.get("Content-Security-Policy", ""))
    return match.group(1) if match else None


def test_the_corpus_covers_every_family_with_over_a_thousand_distinct_payloads() -> None:
    assert len(PAYLOADS) == len(set(PAYLOADS)) >= 1000
    for family, members in FAMILIES.items():
        assert members, family
    assert sum("alert(1)" in payload for payload in PAYLOADS) > 1000


@pytest.mark.parametrize("render", [render_article, sanitise_html], ids=["article", "sanitiser"])
def test_no_payload_survives_the_article_renderer_or_the_sanitiser(render) -> None:
    survivors = {payload: found for payload in PAYLOADS if (found := active_markup(render(payload)))}
    assert not survivors, f"{len(survivors)} of {len(PAYLOADS)} payloads stay active: {list(survivors.items())[:5]}"


def test_the_sanitiser_is_idempotent_on_the_corpus() -> None:
    changed = [payload for payload in PAYLOADS if sanitise_html(once := sanitise_html(payload)) != once]
    assert not changed, changed[:5]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>/=\"' \n&;#:!-[]()`ajvscriptonerolad1xhf")), max_size=80)
       | st.sampled_from(PAYLOADS) | st.text(max_size=60))
def test_the_sanitiser_is_idempotent_on_generated_markup(text: str) -> None:
    once = sanitise_html(text)
    assert sanitise_html(once) == once
    assert sanitise_html(render_article(text)) == render_article(text)


@pytest.fixture
def injected_world(db) -> SimpleNamespace:
    world = SimpleNamespace(personas=make_personas())
    for module in MODULES:
        if hasattr(module, "setup"):
            module.setup(world)
    world.placed = _inject(PAYLOADS)
    return world


def _reader(route) -> str | None:
    """The persona who sees the most of the page: the most privileged one the route answers 200."""
    for persona in reversed(PERSONA_NAMES):
        if route.expected(persona) == 200:
            return persona
    return None


def test_every_page_keeps_member_text_inert_and_carries_the_csp(injected_world: SimpleNamespace) -> None:
    assert len(injected_world.placed) == len(PAYLOADS), "every payload is stored somewhere"
    opened, failures = 0, []
    for route in ROUTES:
        persona = _reader(route)
        if route.method != "get" or route.htmx or persona is None:
            continue
        url = reverse(route.name, kwargs=route.resolve_kwargs(injected_world))
        response = injected_world.personas.client(persona).get(url, route.resolve_data(injected_world))
        if response.status_code < 300 and response.get("X-Content-Type-Options") != "nosniff":
            failures.append(f"{url} ({persona}): no X-Content-Type-Options: nosniff")
        if not response.get("Content-Type", "").startswith("text/html") or response.streaming:
            continue
        opened += 1
        if response.status_code >= 500:
            failures.append(f"{url} ({persona}): {response.status_code}")
            continue
        if "Content-Security-Policy" not in response:
            failures.append(f"{url} ({persona}): no Content-Security-Policy")
        elif "frame-ancestors" not in response["Content-Security-Policy"] and response.get("X-Frame-Options") != "DENY":
            failures.append(f"{url} ({persona}): may be framed by another site (clickjacking)")
        found = active_markup(response.content.decode(), _nonce(response))
        if found:
            failures.append(f"{url} ({persona}): {found[:3]}")
    assert not failures, f"{len(failures)} of {opened} pages:\n" + "\n".join(failures[:40])
    assert opened > 150


# The pages that render member HTML (articles, lessons, community tools and templates) or much member text.
BROWSER_ROUTES = {"content:detail", "communities:home", "communities:case", "communities:thread", "communities:tool",
                  "communities:template", "discussions:question", "events:detail", "institutions:detail",
                  "jobs:detail", "learning:lesson", "prevention:toolbox", "search:results", "site:home"}


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_no_payload_runs_in_a_real_browser(live_server, browser) -> None:
    world = SimpleNamespace(personas=make_personas())
    for module in MODULES:
        if hasattr(module, "setup"):
            module.setup(world)
    _inject(PAYLOADS)
    executions: list[str] = []
    blocked: list[str] = []
    opened: set[str] = set()
    for route in ROUTES:
        persona = _reader(route)
        if route.name not in BROWSER_ROUTES or route.name in opened or route.method != "get" or persona is None:
            continue
        opened.add(route.name)
        url = reverse(route.name, kwargs=route.resolve_kwargs(world))
        context = browser.new_context(viewport={"width": 390, "height": 844}, locale="fr-BE")
        client = world.personas.client(persona)
        context.add_cookies([{"name": name, "value": morsel.value, "url": live_server.url}
                             for name, morsel in client.cookies.items()])
        page = context.new_page()

        def on_dialog(dialog: Any, url: str = url) -> None:
            executions.append(f"{url}: {dialog.message}")
            dialog.dismiss()

        def on_console(message: Any, url: str = url) -> None:
            if "Content Security Policy" in message.text:
                blocked.append(f"{url}: {message.text[:120]}")

        page.on("dialog", on_dialog)
        page.on("console", on_console)
        response = page.goto(f"{live_server.url}{url}", wait_until="load")
        assert response is not None and response.status == 200, url
        assert page.url == f"{live_server.url}{url}", f"{url} ended on {page.url}"
        page.keyboard.press("Tab")  # focus handlers (autofocus payloads) get their chance
        page.mouse.move(195, 300)
        page.wait_for_timeout(150)
        context.close()
    assert opened == BROWSER_ROUTES
    assert not executions, executions[:10]
    assert not blocked, f"payloads that reached the page and were stopped only by the CSP: {blocked[:10]}"
