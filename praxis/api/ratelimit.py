"""Rate limits of the API: per token for calls with one, per client IP for anonymous calls, in fixed windows counted
in Django's cache (shared by every process when the cache is Redis or the database, as in production).

Every answer says where the caller stands (`X-RateLimit-Limit`, `-Remaining`, `-Reset` in epoch seconds); a refused
call is a 429 problem with `Retry-After`. The limits are settings (docs/api.md)."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

WINDOW_SECONDS = 60
DEFAULT_TOKEN_LIMIT = 300  # calls per minute and per token
DEFAULT_ANONYMOUS_LIMIT = 60  # calls per minute and per IP, without a token


@dataclass(frozen=True)
class Standing:
    limit: int
    remaining: int
    reset_at: int  # epoch seconds when the window ends

    @property
    def exceeded(self) -> bool:
        return self.remaining < 0

    def headers(self) -> dict[str, str]:
        return {"X-RateLimit-Limit": str(self.limit), "X-RateLimit-Remaining": str(max(self.remaining, 0)),
                "X-RateLimit-Reset": str(self.reset_at)}

    def retry_after(self) -> int:
        return max(1, self.reset_at - int(time.time()))


def _bucket(request: HttpRequest) -> tuple[str, int]:
    header = request.headers.get("Authorization", "")
    scheme, _sep, secret = header.partition(" ")
    if scheme.lower() == "bearer" and secret.strip():
        # The hash, not the secret, names the counter: cache keys end up in logs and in Redis.
        digest = hashlib.sha256(secret.strip().encode()).hexdigest()[:32]
        return f"token:{digest}", getattr(settings, "API_RATE_LIMIT_PER_TOKEN", DEFAULT_TOKEN_LIMIT)
    ip = get_adapter().get_client_ip(request) or "unknown"
    return f"ip:{ip}", getattr(settings, "API_RATE_LIMIT_PER_IP", DEFAULT_ANONYMOUS_LIMIT)


def hit(request: HttpRequest) -> Standing:
    """Count this call in its bucket's current window."""
    name, limit = _bucket(request)
    window = int(time.time()) // WINDOW_SECONDS
    key = f"praxis:api:rate:{name}:{window}"
    # The counter usually exists: one increment, and only the window's first call creates it (a round trip less per
    # call with a database cache). Two first calls at once: one adds, the other increments what it added.
    try:
        used = cache.incr(key)
    except ValueError:
        used = 1 if cache.add(key, 1, timeout=WINDOW_SECONDS * 2) else cache.incr(key)
    return Standing(limit=limit, remaining=limit - used, reset_at=(window + 1) * WINDOW_SECONDS)
