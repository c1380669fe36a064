"""Error pages: Django's debug pages only for the developer's own machine, the ordinary pages with the CSP for anyone
else, in development (DEBUG on) as in production."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from django.test import Client
from django.urls import clear_url_caches, path

pytestmark = pytest.mark.django_db
OUTSIDE = "203.0.113.5"


def boom(request):
    raise RuntimeError("secret detail of the failure")


urlpatterns: list[Any] = [path("boom/", boom)]


@pytest.fixture
def site(settings, request):
    """The URLconf as a server with the given DEBUG builds it (config.urls is imported again), plus a failing view."""
    import config.urls

    settings.DEBUG = request.param == "development"
    importlib.reload(config.urls)
    urlpatterns[1:] = config.urls.urlpatterns
    settings.ROOT_URLCONF = __name__
    clear_url_caches()
    yield request.param
    settings.DEBUG = False
    importlib.reload(config.urls)
    del urlpatterns[1:]
    clear_url_caches()


def _client(address: str) -> Client:
    return Client(REMOTE_ADDR=address, raise_request_exception=False)


@pytest.mark.parametrize("site", ["development", "production"], indirect=True)
def test_other_machines_get_the_ordinary_404_and_500_pages_with_the_csp(site: str) -> None:
    missing = _client(OUTSIDE).get("/nulle-part/")
    assert missing.status_code == 404
    assert "Page introuvable" in missing.content.decode() or "Page not found" in missing.content.decode()
    assert "DEBUG = True" not in missing.content.decode() and "urlpatterns" not in missing.content.decode()
    assert "script-src" in missing["Content-Security-Policy"]

    failed = _client(OUTSIDE).get("/boom/", headers={"Accept": "text/html"})
    assert failed.status_code == 500
    body = failed.content.decode()
    assert "Une erreur est survenue" in body
    assert "secret detail" not in body and "Traceback" not in body and "SECRET_KEY" not in body
    assert "script-src" in failed["Content-Security-Policy"]
    plain = _client(OUTSIDE).get("/boom/", headers={"Accept": "text/plain"})
    assert "secret detail" not in plain.content.decode()


@pytest.mark.parametrize("site", ["development"], indirect=True)
def test_the_developers_own_machine_still_gets_the_debug_pages(site: str) -> None:
    assert "DEBUG = True" in _client("127.0.0.1").get("/nulle-part/").content.decode()
    assert "secret detail" in _client("::1").get("/boom/", headers={"Accept": "text/html"}).content.decode()
