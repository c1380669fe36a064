"""Abuse limits on every state-changing route (and on search): per account and per client IP, in the shared cache.

Every POST, PUT, PATCH or DELETE — and the GETs of the rules that name them (search) — counts against the first rule
whose URL-name pattern matches the route: once per signed-in account, once per client IP (allauth's `get_ip`, which
trusts `X-Forwarded-For` only for `TRUSTED_PROXY_COUNT` proxies). Over either limit the answer is HTTP 429 with
`Retry-After` (the seconds until the window ends). The limits are documented in docs/operations.md ("Abuse limits"),
a test checks that each rule is, and walks the URLconf checking 429 at exactly limit + 1 on every route.

Windows are fixed (the counter's key holds the window's number): a client may send up to twice a limit across a window
boundary, which is fine for abuse limits. Counters live in the default cache: Redis or the database cache in
production, so every web process and machine shares them. They add to allauth's own (sign-in, sign-up, password reset
per IP and per address) and to the sign-in slow-down of `praxis/accounts/throttle.py`, which stay as they are.
"""

from __future__ import annotations

import fnmatch
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

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
    Rule("API", ("api:*", "api-*"), 600, 6000, 60, frozenset({"GET", *UNSAFE})),
    Rule("any other change", ("*",), 120, 1200, 60),
)


def rule_for(route: str, method: str) -> Rule | None:
    for rule in RULES:
        if rule.matches(route):
            return rule if method in rule.methods else None
    return None


def _hit(key: str, window: int) -> tuple[int, int]:
    """Count one request in the current window; returns the count and the seconds left in the window."""
    now = time.time()
    number = int(now // window)
    cache_key = f"ratelimit:{key}:{window}:{number}"
    cache.add(cache_key, 0, timeout=window + 5)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=window + 5)
        count = 1
    return count, max(1, int((number + 1) * window - now + 0.999))


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
        if rule is None:
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
