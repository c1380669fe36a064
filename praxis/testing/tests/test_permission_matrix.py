"""Every Praxis route × every persona: the status each one gets (see praxis/testing/matrix.py), and no signed-in
response that a shared computer's cache may keep."""

from importlib import import_module
from types import SimpleNamespace
from typing import Any

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from praxis.testing import PERSONA_NAMES, make_personas
from praxis.testing.matrix import Route


def _matrix_modules() -> list[Any]:
    modules = []
    for config in apps.get_app_configs():
        if config.name.startswith("praxis."):
            try:
                modules.append(import_module(f"{config.name}.tests.matrix"))
            except ModuleNotFoundError as error:
                if error.name not in {f"{config.name}.tests", f"{config.name}.tests.matrix"}:
                    raise
    return modules


MODULES = _matrix_modules()
ROUTES: list[Route] = [route for module in MODULES for route in module.ROUTES]


def _praxis_route_names(patterns: list[Any], namespace: str = "") -> set[str]:
    names = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _praxis_route_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            module = getattr(pattern.callback, "__module__", "")
            if module.startswith("praxis."):
                names.add(f"{namespace}{pattern.name}")
    return names


def test_every_praxis_route_has_a_row_in_the_matrix() -> None:
    declared = {route.name for route in ROUTES}
    missing = _praxis_route_names(get_resolver().url_patterns) - declared
    assert not missing, f"Routes without a permission-matrix row: {sorted(missing)}"


@pytest.fixture
def world(db) -> SimpleNamespace:
    personas = make_personas()
    world = SimpleNamespace(personas=personas)
    for module in MODULES:
        if hasattr(module, "setup"):
            module.setup(world)
    return world


def _not_kept_in_shared_caches(response) -> bool:
    """Personal responses: private, and stored nowhere (no-store) or revalidated each time (no-cache); or a public
    file, explicitly marked `public` by its view because it is the same for everyone."""
    directives = {part.strip().split("=")[0] for part in response.get("Cache-Control", "").lower().split(",")}
    return ("private" in directives and bool({"no-store", "no-cache"} & directives)) or "public" in directives


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: f"{r.method.upper()} {r.name}")
def test_each_persona_gets_the_expected_status(route: Route, world: SimpleNamespace) -> None:
    url = reverse(route.name, kwargs=route.resolve_kwargs(world))
    failures = []
    for persona in PERSONA_NAMES:
        client = world.personas.client(persona)
        headers = {"HX-Request": "true"} if route.htmx else {}
        response = getattr(client, route.method)(url, route.resolve_data(world), headers=headers)
        if response.status_code != route.expected(persona):
            failures.append(f"{persona}: got {response.status_code}, expected {route.expected(persona)}")
        if persona != "anonymous" and not _not_kept_in_shared_caches(response):
            failures.append(f"{persona}: Cache-Control {response.get('Cache-Control')!r} on a signed-in response")
    assert not failures, f"{route.method.upper()} {url}\n" + "\n".join(failures)
