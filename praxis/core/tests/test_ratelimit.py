"""Abuse limits: every route of the URLconf answers 429 with Retry-After at exactly limit + 1, per account and per IP,
and every limit is documented."""

from __future__ import annotations

import dataclasses
import itertools
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.test import Client, override_settings
from django.urls import NoReverseMatch, Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse

from praxis.core import ratelimit
from praxis.core.models import RateCounter
from praxis.testing import make_member

CANDIDATES = ["1", "x", "accounts", "00000000-0000-0000-0000-000000000001", "x/y"]
SMALL = {"per_account": 2, "per_ip": 4}  # the walk's limits: the rules' own, scaled down (same patterns, methods)


def _walk(patterns: list[Any], namespace: str = "", groups: tuple[tuple[str, str], ...] = ()
          ) -> list[tuple[str, tuple[tuple[str, str], ...]]]:
    """Every named route with its arguments (those of the includes above it too): (name, the pattern's text)."""
    found = []
    for pattern in patterns:
        regex = pattern.pattern.regex
        own = tuple((group, regex.pattern) for group in regex.groupindex)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            found += _walk(pattern.url_patterns, inner, groups + own)
        elif isinstance(pattern, URLPattern) and pattern.name:
            found.append((f"{namespace}{pattern.name}", groups + own))
    return found


def _candidates(group: str, regex: str) -> list[str]:
    """Placeholders for one argument: the words a `(?P<group>word|word)` pattern lists, then the usual ones."""
    listed = re.search(rf"\(\?P<{group}>([\w|-]+)\)", regex)
    return (listed.group(1).split("|") if listed else []) + CANDIDATES


def _path_for(name: str, groups: tuple[tuple[str, str], ...]) -> str | None:
    """A path of this route with placeholder arguments (the limit applies before the view loads anything). Its
    request may be answered under another name: one path for several methods (the API's list and create), or a
    Praxis page over allauth's (`/compte/3rdparty/`); the limit is the one of the name that answers."""
    for values in itertools.product(*(_candidates(group, regex) for group, regex in groups)):
        try:
            path = reverse(name, kwargs=dict(zip((group for group, _ in groups), values, strict=True)))
        except NoReverseMatch:
            continue
        try:
            resolve(path)
        except Resolver404:
            continue
        return path
    return None


ROUTES = sorted(set(_walk(get_resolver().url_patterns)))
PATHS = {name: _path_for(name, groups) for name, groups in ROUTES}


def test_the_walk_reaches_every_route() -> None:
    unreachable = sorted(name for name, path in PATHS.items() if path is None)
    assert not unreachable, f"no path found for: {unreachable}"
    assert len(PATHS) > 300


def test_every_limit_is_documented() -> None:
    doc = (Path(settings.BASE_DIR) / "docs" / "operations.md").read_text()
    section = doc.split("## Abuse limits", 1)[1]
    for rule in ratelimit.RULES:
        row = f"| {rule.name} | {rule.per_account} | {rule.per_ip} | {rule.window} s |"
        assert row in section, f"docs/operations.md, Abuse limits: no row {row!r}"


@pytest.fixture
def small_limits(monkeypatch):
    """The rules scaled down, and the clock stopped: a window that ends between two requests would start the count
    again."""
    scaled = tuple(dataclasses.replace(rule, per_account=SMALL["per_account"], per_ip=SMALL["per_ip"])
                   for rule in ratelimit.RULES)
    monkeypatch.setattr(ratelimit, "RULES", scaled)
    with time_machine.travel(datetime(2026, 3, 2, 8, 0, 30, tzinfo=UTC), tick=False):
        yield


def _assert_limited(response: Any, rule: ratelimit.Rule) -> None:
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= rule.window


@pytest.mark.django_db
@override_settings(RATE_LIMITS_ENABLED=True)
@pytest.mark.parametrize("name", sorted(PATHS))
def test_each_route_answers_429_with_retry_after_at_limit_plus_one(name, small_limits):
    path = PATHS[name]
    assert path is not None
    answering = resolve(path).view_name
    rule = next(rule for rule in ratelimit.RULES if rule.matches(answering))
    if rule.self_limited:
        return _assert_the_api_limits_itself(path, rule)
    method = "post" if "POST" in rule.methods else "get"

    anonymous = Client(REMOTE_ADDR="198.51.100.7", raise_request_exception=False)
    for _ in range(SMALL["per_ip"]):
        assert getattr(anonymous, method)(path).status_code != 429
    _assert_limited(getattr(anonymous, method)(path), rule)

    member = Client(REMOTE_ADDR="198.51.100.8", raise_request_exception=False)
    user = make_member(email=f"walk-{re.sub(r'[^a-z0-9]', '-', name.lower())}@example.org")
    for _ in range(SMALL["per_account"]):
        member.force_login(user)  # again: a route may sign out (logout, account deletion)
        assert getattr(member, method)(path).status_code != 429
    member.force_login(user)
    _assert_limited(getattr(member, method)(path), rule)
    # The limit is the account's, not the address's: another member behind the same address is not held back.
    colleague = Client(REMOTE_ADDR="198.51.100.8", raise_request_exception=False)
    colleague.force_login(make_member(email=f"walk2-{re.sub(r'[^a-z0-9]', '-', name.lower())}@example.org"))
    assert getattr(colleague, method)(path).status_code != 429


def _assert_the_api_limits_itself(path: str, rule: ratelimit.Rule) -> None:
    """An API operation is counted once, by the API (per token, per anonymous IP), and never by the middleware: the
    answer after the API's limit is its own 429 with Retry-After (and the middleware's counters stay empty)."""
    with override_settings(API_RATE_LIMIT_PER_IP=SMALL["per_ip"], API_RATE_LIMIT_PER_TOKEN=SMALL["per_account"]):
        anonymous = Client(REMOTE_ADDR="198.51.100.7", raise_request_exception=False)
        method = "get"
        if anonymous.get(path).status_code == 405:  # a route of writes only (ninja refuses the method uncounted)
            method = "post"
            assert anonymous.post(path).status_code != 429
        for _ in range(SMALL["per_ip"] - 1):
            assert getattr(anonymous, method)(path).status_code != 429
        _assert_limited(getattr(anonymous, method)(path), rule)

        # A token is counted apart from its address; another token behind the same address is not held back.
        bearer = {"Authorization": "Bearer walk-token-one"}
        caller = Client(REMOTE_ADDR="198.51.100.8", raise_request_exception=False)
        for _ in range(SMALL["per_account"]):
            assert getattr(caller, method)(path, headers=bearer).status_code != 429
        _assert_limited(getattr(caller, method)(path, headers=bearer), rule)
        colleague = Client(REMOTE_ADDR="198.51.100.8", raise_request_exception=False)
        assert getattr(colleague, method)(path, headers={"Authorization": "Bearer walk-token-two"}).status_code != 429
    counters = set(RateCounter.objects.values_list("name", flat=True))
    assert counters and all(name.startswith("ratelimit:api:") for name in counters)  # the API's own, no others


@pytest.mark.django_db
@override_settings(RATE_LIMITS_ENABLED=True)
def test_reading_pages_is_not_limited(client):
    for _ in range(150):
        assert client.get("/conditions-d-utilisation/").status_code == 200


def _rule_name(route: str, method: str) -> str | None:
    rule = ratelimit.rule_for(route, method)
    return rule.name if rule else None


def test_every_state_changing_method_is_counted_and_search_reads_too() -> None:
    assert _rule_name("discussions:answer", "POST") == "posting"
    assert _rule_name("discussions:answer", "GET") is None
    assert _rule_name("search:results", "GET") == "search"
    assert _rule_name("content:capsule_tus_upload", "PATCH") == "background"
    assert _rule_name("accounts:proof_upload", "POST") == "uploads"
    assert _rule_name("account_login", "POST") == "sign-in and account security"
    assert _rule_name("institutions:invite", "POST") == "messages and invitations"
    assert _rule_name("admin:auth_group_add", "POST") == "any other change"
    assert _rule_name("api:tokens", "POST") == _rule_name("api-v1:openapi-json", "GET") == "API"
    # The API's operations are matched (no later rule may count them) but counted by the API alone.
    rule = ratelimit.rule_for("api-v1:event_create", "POST")
    assert rule is not None and rule.name == "API calls" and rule.self_limited
