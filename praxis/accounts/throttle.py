"""Failed sign-ins slow guessing down without locking the owner out.

A lock on the account (N failures, then nobody gets in for an hour) hands anyone who knows an address the power to
shut its owner out, and a tight limit per IP shuts out a whole hospital behind one address. Instead:

- **Per account and client, growing delays.** Failures are counted per (account, browser) for a browser the owner
  signed in with before (a signed "known browser" cookie), else per (account, client IP). After `FREE_FAILURES`
  failures, the next try must wait 1 s, then 2, 4, 8... up to `MAX_DELAY_SECONDS`; a try that comes earlier is not
  checked at all and gets HTTP 429 with `Retry-After`. An attacker slows down the attacker, not the owner on another
  network or on their own browser.
- **Per account, a second factor when it is under attack.** After `CHALLENGE_AFTER` failures on an account from
  browsers it never signed in with (any network, within `WINDOW_SECONDS`), the right password from such a browser is
  not enough: a one-time code is emailed to the account's address (allauth's login-by-code stage) — unless the member
  has an authenticator app or key, whose own step follows anyway. Nothing to lock, nothing to race for.
- **Per IP, limits sized for thousands of people behind one address** (settings `ACCOUNT_RATE_LIMITS`), so that one
  machine cannot spray a password over every account quickly, while a hospital's staff all sign in at 7 o'clock.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
import time
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

FREE_FAILURES = 5
MAX_DELAY_SECONDS = 15 * 60
CHALLENGE_AFTER = 10
WINDOW_SECONDS = 24 * 3600
DEVICE_COOKIE = "praxis_known_browser"
DEVICE_COOKIE_AGE = 365 * 24 * 3600
DEVICE_ACCOUNTS = 20  # a ward computer is shared: remember the last accounts signed in on it
_SALT = "praxis.accounts.throttle"


def clock() -> float:
    return time.time()


def _account_key(email: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), email.strip().lower().encode(), hashlib.sha256).hexdigest()[:32]


def _client_ip(request: HttpRequest) -> str:
    from allauth.core.internal.ratelimit import get_ip

    return get_ip(request)


def known_browser(request: HttpRequest) -> dict[str, Any]:
    """The signed cookie of a browser that signed in before: its id and the accounts signed in with it."""
    try:
        data = signing.loads(request.COOKIES.get(DEVICE_COOKIE, ""), salt=_SALT, max_age=DEVICE_COOKIE_AGE)
    except signing.BadSignature:
        return {}
    return data if isinstance(data, dict) and isinstance(data.get("a"), list) else {}


def is_known_browser(request: HttpRequest, email: str) -> bool:
    return _account_key(email) in known_browser(request).get("a", [])


def remember_browser(request: HttpRequest, response: HttpResponse, email: str) -> None:
    """After a successful sign-in: this browser is now known for this account."""
    data = known_browser(request)
    key = _account_key(email)
    accounts = [key, *[other for other in data.get("a", []) if other != key]][:DEVICE_ACCOUNTS]
    device = data.get("d") or secrets.token_urlsafe(12)
    response.set_cookie(
        DEVICE_COOKIE, signing.dumps({"d": device, "a": accounts}, salt=_SALT), max_age=DEVICE_COOKIE_AGE,
        httponly=True, secure=settings.SESSION_COOKIE_SECURE, samesite="Lax",
    )


def _delay(failures: int) -> float:
    return 0.0 if failures < FREE_FAILURES else min(2.0 ** (failures - FREE_FAILURES), MAX_DELAY_SECONDS)


def _client_bucket(request: HttpRequest, email: str) -> str:
    account = _account_key(email)
    device = known_browser(request).get("d") if is_known_browser(request, email) else None
    client = f"browser:{device}" if device else f"ip:{_client_ip(request)}"
    return f"praxis:login:{account}:{client}"


def _account_bucket(email: str) -> str:
    return f"praxis:login:{_account_key(email)}:unknown-browsers"


class SlowDown(Exception):
    def __init__(self, retry_after: int) -> None:
        super().__init__(retry_after)
        self.retry_after = retry_after


def check(request: HttpRequest, email: str) -> None:
    """Before the password is checked: raise SlowDown if this client must wait for this account; otherwise count
    the try as a failure until it succeeds (concurrent tries then wait their turn instead of all going through)."""
    from allauth.core.internal.ratelimit import cache_lock

    key = _client_bucket(request, email)
    with cache_lock(key) as locked:
        if not locked:
            raise SlowDown(1)
        now = clock()
        failures, last = cache.get(key, (0, 0.0))
        wait = last + _delay(failures) - now
        if wait > 0:
            raise SlowDown(max(1, math.ceil(wait)))
        cache.set(key, (failures + 1, now), WINDOW_SECONDS)


def record_failure(request: HttpRequest, email: str) -> None:
    if is_known_browser(request, email):
        return
    from allauth.core.internal.ratelimit import cache_lock

    key = _account_bucket(email)
    with cache_lock(key):
        failures, _last = cache.get(key, (0, 0.0))
        cache.set(key, (failures + 1, clock()), WINDOW_SECONDS)


def record_success(request: HttpRequest, email: str) -> None:
    cache.delete(_client_bucket(request, email))


def under_attack(email: str) -> bool:
    """Enough failures from unknown browsers that a password alone no longer signs in from one."""
    failures, _last = cache.get(_account_bucket(email), (0, 0.0))
    return failures >= CHALLENGE_AFTER
