"""Abuse limits on every state-changing route (and on search): per account and per client IP, shared counters.

Every POST, PUT, PATCH or DELETE — and the GETs of the rules that name them (search) — counts against the first rule
whose URL-name pattern matches the route: once per signed-in account, once per client IP (allauth's `get_ip`, which
trusts `X-Forwarded-For` only for `TRUSTED_PROXY_COUNT` proxies). Over either limit the answer is HTTP 429 with
`Retry-After` (the seconds until the window ends). The limits are documented in docs/operations.md ("Abuse limits"),
a test checks that each rule is, and walks the URLconf checking 429 at exactly limit + 1 on every route.

Windows are fixed (the counter's key holds the window's number): a client may send up to twice a limit across a window
boundary, which is fine for abuse limits. Counters live in Redis when there is one, else in a table of the database
(`RateCounter`, one upsert per count), so every web process and machine shares them. They add to allauth's own
(sign-in, sign-up, password reset per IP and per address) and to the sign-in slow-down of
`praxis/accounts/throttle.py`, which stay as they are.
"""

from __future__ import annotations

import fnmatch
import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse

from .models import RateCounter
from .throttling import too_many_requests

UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})


@dataclass(frozen=True)
class Rule:
    name: str
    patterns: tuple[str, ...]  # URL names (namespace:name), shell-style wildcards
    per_account: int
    per_ip: int  # sized for a hospital: hundreds of staff behind one address
    window: int  # seconds
    methods: frozenset[str] = UNSAFE
    # Routes that count their own calls and answer 429 with Retry-After themselves (the API: per token, per anonymous
    # IP, in praxis/api/ratelimit.py): matched here so that no later rule counts them a second time, never counted.
    self_limited: bool = False

    @property
    def key(self) -> str:
        return self.name.replace(" ", "-")

    def matches(self, route: str) -> bool:
        return any(fnmatch.fnmatchcase(route, pattern) for pattern in self.patterns)


RULES: tuple[Rule, ...] = (
    # Pings and chunks a page sends on its own while one person works: generous, they are small.
    Rule("background", ("content:capsule_tus", "content:capsule_tus_upload", "content:playback_position",
                        "learning:heartbeat", "learning:scorm_commit", "notifications:mark_read",
                        "prevention:*_step", "prevention:*_start"), 600, 6000, 60),
    Rule("sign-in and account security", ("account_*", "mfa_*", "socialaccount_*", "eid_*", "usersessions_*",
                                          "accounts:delete", "accounts:eid_link", "accounts:identity_unlink",
                                          "admin:login"), 20, 300, 60),
    Rule("uploads", ("*upload*", "*import*", "content:capsule_captions", "communities:library*", "events:material_add",
                     "cpd:proof", "learning:document", "communities:case_document"), 30, 300, 3600),
    Rule("messages and invitations", ("*:invite", "*:message", "jobs:contact", "communities:thread_create",
                                      "communities:minutes_send", "events:piece_add", "accounts:export"),
         20, 200, 3600),
    Rule("posting", ("discussions:ask", "discussions:answer", "communities:case_comment", "communities:thread",
                     "review:flag", "*:create", "*:case_create", "*:tool_create", "*:template_create",
                     "*:meeting_create", "*:white_paper_new"), 60, 600, 3600),
    Rule("search", ("search:*",), 120, 1200, 60, frozenset({"GET", *UNSAFE})),
    Rule("API", ("api:*", "api-v1:api-root", "api-v1:openapi-*"), 600, 6000, 60, frozenset({"GET", *UNSAFE})),
    # The API's operations: its own limits (the defaults of API_RATE_LIMIT_PER_TOKEN and _PER_IP) answer for them.
    Rule("API calls", ("api-v1:*",), 300, 60, 60, frozenset({"GET", *UNSAFE}), self_limited=True),
    Rule("any other change", ("*",), 120, 1200, 60),
)


def rule_for(route: str, method: str) -> Rule | None:
    """The rule that counts this route and method (remembered per route: every request asks, most match `*` last)."""
    if _matched[0] is not RULES:  # the rules were replaced (the tests scale them down)
        _matched[:] = [RULES, {}]
    found: dict[str, Rule | None] = _matched[1]
    if route not in found:
        found[route] = next((rule for rule in RULES if rule.matches(route)), None)
    rule = found[route]
    return rule if rule is not None and method in rule.methods else None


_matched: list[Any] = [None, {}]  # [the RULES the routes were matched against, route -> its first matching rule]


def count_in_window(key: str, window: int) -> tuple[int, int]:
    """Count one request under `key` in the current fixed window of `window` seconds: the count so far (this one
    included) and the epoch second at which the window ends. Shared by the API's own limits (praxis/api/ratelimit.py).

    With Redis (`REDIS_URL`), the counter is a cache key (one atomic increment). Otherwise it is a row of
    `RateCounter`, counted by one upsert: the database cache would take five statements and two transactions per
    count, and cull counters away once it holds 300 entries."""
    number = int(time.time() // window)
    ends = (number + 1) * window
    name = f"ratelimit:{key}:{window}:{number}"
    if len(name) > 200:  # a long route name and an IPv6 address: still one counter each, within the column
        name = f"ratelimit:{hashlib.sha256(name.encode()).hexdigest()}"
    if _counts_in_cache():
        try:
            return cache.incr(name), ends
        except ValueError:  # the window's first count (or two at once: one adds, the other increments)
            return (1 if cache.add(name, 1, timeout=window + 5) else cache.incr(name)), ends
    table = connection.ops.quote_name(RateCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} (name, count, expires) VALUES (%s, 1, %s) "  # noqa: S608 (a model's table)
                       f"ON CONFLICT (name) DO UPDATE SET count = {table}.count + 1 RETURNING count", [name, ends])
        count = int(cursor.fetchone()[0])
        if count == 1:  # a window starts: the ended ones go (one DELETE per key and window, on an index)
            cursor.execute(f"DELETE FROM {table} WHERE expires < %s", [int(time.time())])  # noqa: S608
    return count, ends


def _counts_in_cache() -> bool:
    return "redis" in settings.CACHES["default"]["BACKEND"].lower()


def _hit(key: str, window: int) -> tuple[int, int]:
    """Count one request in the current window; returns the count and the seconds left in the window."""
    count, ends = count_in_window(key, window)
    return count, max(1, int(ends - time.time() + 0.999))


def client_ip(request: HttpRequest) -> str:
    from allauth.core.internal.ratelimit import get_ip

    return str(get_ip(request))


class RateLimitMiddleware:
    """After authentication: knows the account and the route before the view runs."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view: object, args: object, kwargs: object) -> HttpResponse | None:
        if not settings.RATE_LIMITS_ENABLED or request.resolver_match is None:
            return None
        route = request.resolver_match.view_name
        rule = rule_for(route, request.method or "GET")
        if rule is None or rule.self_limited:
            return None
        retry_after = 0
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            count, seconds = _hit(f"{rule.key}:{route}:user:{user.pk}", rule.window)
            if count > rule.per_account:
                retry_after = seconds
        count, seconds = _hit(f"{rule.key}:{route}:ip:{client_ip(request)}", rule.window)
        if count > rule.per_ip:
            retry_after = max(retry_after, seconds)
        return too_many_requests(request, retry_after) if retry_after else None
