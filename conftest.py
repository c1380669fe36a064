"""Project-wide fixtures: personas for every role (see praxis.testing), one headless Chromium per session."""

import os
import re
import threading
import time
from typing import Any

import pytest

from praxis.testing import Personas, make_personas


@pytest.fixture
def personas(db) -> Personas:
    return make_personas()


@pytest.fixture
def verified_gp(personas: Personas):
    return personas.verified_gp


@pytest.fixture
def unverified_member(personas: Personas):
    return personas.unverified_member


@pytest.fixture
def moderator(personas: Personas):
    return personas.moderator


@pytest.fixture
def platform_admin(personas: Personas):
    return personas.platform_admin


@pytest.fixture
def outsider(personas: Personas):
    return personas.outsider


CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, started once for the whole session; each test opens its own context (`phone`)."""
    playwright = pytest.importorskip("playwright.sync_api")
    # Playwright's sync API runs an event loop in this thread; the tests' own ORM calls are still synchronous.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def open_phone(browser):
    """A new phone-sized page (390 × 844, French, Belgium) in its own context; requests that would leave this
    machine (map tiles) are aborted: pages must work without them."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="fr-BE")
    context.route(re.compile(r"^https?://(?!127\.0\.0\.1|localhost).*"), lambda route: route.abort())
    return context.new_page()


@pytest.fixture
def phone(browser):
    """A fresh phone-sized page for one test (see `open_phone`); a test that needs a second person calls
    `new_phone()`, given by the fixture of that name."""
    page = open_phone(browser)
    yield page
    page.context.close()


@pytest.fixture
def new_phone(browser):
    """A factory of further phone-sized pages (a second member, a moderator), closed after the test."""
    pages = []

    def make():
        page = open_phone(browser)
        pages.append(page)
        return page

    yield make
    for page in pages:
        page.context.close()


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate-limit counters and rendered cards live in caches: every test starts with none. And in the site's language:
    a request in Dutch leaves Dutch active in the thread (LocaleMiddleware activates, nothing deactivates), which the
    next test would inherit."""
    from django.core.cache import caches
    from django.utils import translation

    for alias in caches:
        caches[alias].clear()
    yield
    translation.deactivate()


@pytest.fixture
def task_worker(transactional_db, tmp_path):
    """A real `manage.py run_huey` worker on the test database (see praxis.testing.RunningWorker)."""
    from praxis.testing import task_worker_context

    with task_worker_context(tmp_path) as worker:
        yield worker


class _RequestsInFlight:
    """Requests the live server is handling (Django's request_started/request_finished signals), by the thread that
    handles each. The test client's requests run in the main thread and are left out: a streamed response a test never
    reads to the end never sends request_finished, and a count of every request stayed above zero from then on, so
    each later browser test waited the whole 10 s before its flush. A live-server thread that died without finishing
    (its browser went away) is dropped as well."""

    def __init__(self) -> None:
        self.threads: dict[int, threading.Thread] = {}
        self.lock = threading.Lock()

    def started(self, **kwargs: Any) -> None:
        thread = threading.current_thread()
        if thread is not threading.main_thread():
            with self.lock:
                self.threads[threading.get_ident()] = thread

    def finished(self, **kwargs: Any) -> None:
        with self.lock:
            self.threads.pop(threading.get_ident(), None)

    @property
    def busy(self) -> bool:
        with self.lock:
            for ident, thread in list(self.threads.items()):
                if not thread.is_alive():
                    del self.threads[ident]
            return bool(self.threads)


_in_flight = _RequestsInFlight()


@pytest.fixture
def _content_types_reread():
    """A transactional test starts on a database that an earlier one flushed and refilled: content types may have
    new ids there, while this process still caches the old ones (an audit entry written with a stale id failed its
    foreign key at commit: SCORM commits after the mandatory-training worker test). Forget them."""
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    yield


@pytest.fixture
def _live_server_settled():
    """Before a browser test's database is flushed, let the live server finish the requests still in flight (a
    commit sent as the page closes, the task it runs): PostgreSQL's TRUNCATE would otherwise deadlock with them."""
    from django.core.signals import request_finished, request_started

    request_started.connect(_in_flight.started, dispatch_uid="live-server-started")
    request_finished.connect(_in_flight.finished, dispatch_uid="live-server-finished")
    yield
    deadline = time.monotonic() + 10
    quiet_since = None
    while time.monotonic() < deadline:
        now = time.monotonic()
        if _in_flight.busy:
            quiet_since = None
        elif quiet_since is None:
            quiet_since = now
        elif now - quiet_since >= 0.1:
            return
        time.sleep(0.01)


@pytest.hookimpl(trylast=True)  # after pytest-django has set Django up
def pytest_configure(config: pytest.Config) -> None:
    """With `make test`'s two processes (pytest-xdist), the main one creates what both would otherwise create at the
    same moment on a fresh checkout: the development signing key of CPD credentials (var/cpd-signing-key.pem)."""
    if not hasattr(config, "workerinput"):
        from praxis.cpd.credentials import signing_key

        signing_key()


def pytest_collection_modifyitems(items: list[Any]) -> None:
    """Transactional tests (real browser, real worker, concurrency) end with a flush of the database, which also
    removes the rows data migrations seeded (themes, services...). Restore them after each such test."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        transactional = bool(marker and marker.kwargs.get("transaction")) or bool(
            {"transactional_db", "live_server", "task_worker"} & set(getattr(item, "fixturenames", ()))
        )
        if transactional and "django_db_serialized_rollback" not in item.fixturenames:
            item.fixturenames.append("django_db_serialized_rollback")
        if transactional and "_content_types_reread" not in item.fixturenames:
            item.fixturenames.append("_content_types_reread")
        if "live_server" in getattr(item, "fixturenames", ()) and "_live_server_settled" not in item.fixturenames:
            # Appended last: set up after the database, so torn down before its flush.
            item.fixturenames.append("_live_server_settled")
