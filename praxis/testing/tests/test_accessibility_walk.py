"""The accessibility walk: every GET page of the permission matrix, in real Chromium, checked by axe-core (WCAG 2.0,
2.1 and 2.2, A and AA) and by Praxis's own checks (praxis/testing/a11y_checks.js). See docs/accessibility.md.

One test per app (`-k prevention`), or `PRAXIS_A11Y_APPS=prevention,learning` (`none`: no walk, as CI's second run
on PostgreSQL: the walk reads rendered pages, which the database does not change, and the route matrix already opens
every page on both databases). Each page is opened as the persona who
sees the most of it, in French, Dutch and English at phone width (390 px, menu opened, then 320 px for reflow) and in
French at desktop width (1280 px, where text is also enlarged to 200 %). States (form errors, empty lists, htmx
partials) come from each app's `tests/a11y.py`. `PRAXIS_A11Y_REPORT=file.json` writes every finding to a file.

An axe finding counts when axe finds it again on the same page two frames later: once in ~1 000 runs axe's
color-contrast rule read a label's background from the button above it (CI, December 2026: a label on the
brand colour that is on white in every run and in `elementsFromPoint`), its element grid taken while the page
was still settling. A real finding is found on every run, so it is still reported.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections import Counter
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import reverse

from praxis.testing import make_personas
from praxis.testing.a11y import AXE_TAGS, OWN_CHECKS, PERSONA_PREFERENCE, VENDOR, State
from praxis.testing.matrix import Route

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LANGUAGES = ["fr", "nl", "en"]  # the interface languages; desktop width in French only
PHONE, NARROW, DESKTOP = 390, 320, 1280


def _optional_module(app: str, name: str) -> Any:
    try:
        return import_module(f"praxis.{app}.tests.{name}")
    except ModuleNotFoundError as error:
        if error.name not in {f"praxis.{app}.tests", f"praxis.{app}.tests.{name}"}:
            raise
        return None


def _apps() -> list[str]:
    labels = [config.name.split(".", 1)[1] for config in apps.get_app_configs() if config.name.startswith("praxis.")]
    wanted = {label.strip() for label in os.environ.get("PRAXIS_A11Y_APPS", "").split(",") if label.strip()}
    if wanted == {"none"}:
        return []
    return [label for label in labels if (_optional_module(label, "matrix") or _optional_module(label, "a11y"))
            and (not wanted or label in wanted)]


@dataclass(frozen=True)
class Visit:
    path: str
    persona: str
    label: str = ""
    state: State | None = None


def _persona_for(route: Route) -> str | None:
    for persona in PERSONA_PREFERENCE:
        if route.expected(persona) == 200:
            return persona
    return None


def _visits(app: str, world: SimpleNamespace) -> list[Visit]:
    visits: list[Visit] = []
    seen: set[str] = set()
    matrix = _optional_module(app, "matrix")
    for route in matrix.ROUTES if matrix else []:
        persona = _persona_for(route)
        if route.method != "get" or route.htmx or persona is None:
            continue
        path = reverse(route.name, kwargs=route.resolve_kwargs(world))
        data = route.resolve_data(world)
        if data:
            from urllib.parse import urlencode

            path += "?" + urlencode(data, doseq=True)
        if path not in seen:
            seen.add(path)
            visits.append(Visit(path, persona))
    a11y = _optional_module(app, "a11y")
    for state in getattr(a11y, "STATES", []):
        path = reverse(state.name, kwargs=state.resolve_kwargs(world)) + (f"?{state.query}" if state.query else "")
        visits.append(Visit(path, state.persona, state.label, state))
    return visits


class Walker:
    """One browser context per persona (cookies from Django's test client), one reused page each."""

    def __init__(self, browser: Any, base: str, world: SimpleNamespace) -> None:
        self.browser, self.base, self.world = browser, base, world
        self.pages: dict[str, Any] = {}
        self.findings: list[dict[str, str]] = []
        self.current = ""
        self.seconds: dict[str, float] = {}  # where the time goes (PRAXIS_A11Y_REPORT)

    def page(self, persona: str) -> Any:
        if persona not in self.pages:
            context = self.browser.new_context(viewport={"width": PHONE, "height": 844}, bypass_csp=True,
                                               locale="fr-BE", reduced_motion="reduce")
            context.route(re.compile(r"^https?://(?!127\.0\.0\.1|localhost).*"), lambda route: route.abort())
            context.add_init_script(path=str(VENDOR))
            context.add_init_script(path=str(OWN_CHECKS))
            client = self.world.personas.client(persona)
            cookies = [{"name": name, "value": morsel.value, "url": self.base}
                       for name, morsel in client.cookies.items()]
            if cookies:
                context.add_cookies(cookies)
            self.pages[persona] = context.new_page()
        return self.pages[persona]

    def close(self) -> None:
        for page in self.pages.values():
            page.context.close()

    def set_language(self, page: Any, language: str) -> None:
        page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": self.base}])

    def open(self, page: Any, visit: Visit) -> bool:
        started = time.perf_counter()
        try:
            response = page.goto(self.base + visit.path, wait_until="load")
        except Exception as error:  # a file (CSV, ICS, PDF, export): not a page
            if "Download is starting" in str(error):
                return False
            raise
        if response is None or response.status != 200 or "text/html" not in response.headers.get("content-type", ""):
            return False
        state = visit.state
        if state:
            for selector, value in state.fill.items():
                page.locator(selector).first.fill(value)
            if state.submit:
                # Sent without the browser's validation; answered by a new page or by an htmx swap.
                page.locator(state.submit).first.evaluate("""form => {
                    window.__praxisPending = true;
                    document.body.addEventListener('htmx:afterSettle', () => { window.__praxisPending = false; },
                                                   {once: true});
                    form.noValidate = true;
                    form.requestSubmit();
                }""")
                page.wait_for_function("() => window.__praxisPending !== true")
                page.wait_for_load_state("load")
            if state.click:
                # Activated with the keyboard, as the focus checks that follow expect (no mouse click).
                with page.expect_response(lambda r: r.request.headers.get("hx-request") == "true"):
                    page.locator(state.click).first.press("Enter")
                page.wait_for_function("() => !document.querySelector('.htmx-request, .htmx-settling, .htmx-swapping')")
        self.seconds["open"] = self.seconds.get("open", 0.0) + time.perf_counter() - started
        return True

    def audit(self, page: Any, visit: Visit, language: str, width: int, checks: list[str], axe: bool) -> None:
        self.current = f"{visit.path} {language} {width}px"
        started = time.perf_counter()
        results = page.evaluate(
            """async ({tags, checks, axe, phone}) => {
                if (phone) { document.querySelectorAll('details.menu').forEach(d => { d.open = true; }); }
                let found = [];
                if (axe) {
                    const late = new Promise((_, reject) => setTimeout(
                        () => reject(new Error('axe timed out')), 20000));
                    const r = await Promise.race([late, window.axe.run(document, {
                        runOnly: {type: 'tag', values: tags}, resultTypes: ['violations'], iframes: false})]);
                    // A finding must hold on a settled page: the rules that failed run again after two frames and
                    // only the nodes they find again count (see the module's docstring).
                    let again = new Set();
                    if (r.violations.length) {
                        await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
                        const r2 = await Promise.race([late, window.axe.run(document, {
                            runOnly: {type: 'rule', values: r.violations.map(v => v.id)},
                            resultTypes: ['violations'], iframes: false})]);
                        for (const v of r2.violations) {
                            for (const n of v.nodes) { again.add(v.id + ' ' + n.target.join(' ')); }
                        }
                    }
                    for (const v of r.violations) {
                        for (const n of v.nodes) {
                            if (!again.has(v.id + ' ' + n.target.join(' '))) { continue; }
                            found.push({rule: v.id, target: n.target.join(' '), html: n.html.slice(0, 160),
                                        help: v.help + ': ' + (n.failureSummary || '').slice(0, 300)});
                        }
                    }
                }
                return found.concat(window.__praxisA11y.run(checks));
            }""",
            {"tags": AXE_TAGS, "checks": checks, "axe": axe, "phone": width < DESKTOP},
        )
        phase = f"audit {width}" + (" axe" if axe else "")
        self.seconds[phase] = self.seconds.get(phase, 0.0) + time.perf_counter() - started
        for result in results:
            self.findings.append({"page": visit.path, "state": visit.label, "persona": visit.persona,
                                  "language": language, "width": str(width), **result})


def _world(app: str) -> SimpleNamespace:
    world = SimpleNamespace(personas=make_personas())
    for module in (_optional_module(app, "matrix"), _optional_module(app, "a11y")):
        if module is not None and hasattr(module, "setup"):
            module.setup(world)
    return world


def _report(findings: list[dict[str, str]]) -> str:
    rules = Counter(finding["rule"] for finding in findings)
    lines = [f"{len(findings)} accessibility findings: " + ", ".join(f"{r} {n}" for r, n in rules.most_common())]
    for finding in findings[:80]:
        state = f" [{finding['state']}]" if finding["state"] else ""
        lines.append(f"{finding['page']}{state} {finding['language']} {finding['width']}px: {finding['rule']}: "
                     f"{finding['target']} — {finding['help']}")
    if len(findings) > 80:
        lines.append(f"… and {len(findings) - 80} more (PRAXIS_A11Y_REPORT=file.json writes them all)")
    return "\n".join(lines)


@pytest.mark.parametrize("app", _apps())
def test_every_page_of_the_app_is_accessible(app: str, live_server, browser) -> None:
    world = _world(app)
    visits = _visits(app, world)
    walker = Walker(browser, live_server.url, world)
    try:
        by_persona: dict[str, list[Visit]] = {}
        for visit in visits:
            by_persona.setdefault(visit.persona, []).append(visit)
        for persona, persona_visits in by_persona.items():
            page = walker.page(persona)
            for language in LANGUAGES:
                walker.set_language(page, language)
                for visit in persona_visits:
                    page.set_viewport_size({"width": PHONE, "height": 844})
                    if not walker.open(page, visit):
                        continue
                    # Phone: axe and the own checks with the menu opened, then reflow at 320 px; in French, the
                    # same page at desktop width too (no second navigation).
                    walker.audit(page, visit, language, PHONE, ["idrefs", "targets"] + (
                        ["focus"] if language == "fr" else []), axe=True)
                    page.set_viewport_size({"width": NARROW, "height": 844})
                    walker.audit(page, visit, language, NARROW, ["reflow"], axe=False)
                    if language == "fr":
                        page.set_viewport_size({"width": DESKTOP, "height": 900})
                        walker.audit(page, visit, "fr", DESKTOP, ["targets", "focus", "text200"], axe=True)
    except Exception as error:
        raise AssertionError(f"while checking {walker.current}: {error}") from error
    finally:
        walker.close()
    if os.environ.get("PRAXIS_A11Y_REPORT"):
        path = os.environ["PRAXIS_A11Y_REPORT"]
        existing = json.loads(Path(path).read_text()) if os.path.exists(path) else {}
        existing[app] = {"pages": len(visits), "seconds": walker.seconds, "findings": walker.findings}
        with open(path, "w") as out:
            json.dump(existing, out, indent=1, ensure_ascii=False)
    assert not walker.findings, _report(walker.findings)


def test_the_walk_reports_a_contrast_finding_that_holds(live_server, browser) -> None:
    """The second axe run keeps what is still there: light grey text on white is reported, once, on every run."""
    world = SimpleNamespace(personas=make_personas())
    walker = Walker(browser, live_server.url, world)
    try:
        page = walker.page("anonymous")
        page.route(live_server.url + "/__low-contrast__/", lambda route: route.fulfill(
            status=200, content_type="text/html; charset=utf-8",
            body='<!doctype html><html lang="en"><head><title>Low contrast</title></head><body><main>'
                 '<h1>Title</h1><p style="color:#bbb;background:#fff">Hard to read</p></main></body></html>'))
        visit = Visit("/__low-contrast__/", "anonymous")
        assert walker.open(page, visit)
        walker.audit(page, visit, "en", PHONE, [], axe=True)
    finally:
        walker.close()
    assert [(finding["rule"], finding["target"]) for finding in walker.findings] == [("color-contrast", "p")]
