"""Rate limits of the API: per token for calls with one, per client IP for anonymous calls, in fixed windows counted
by `praxis.core.ratelimit.count_in_window` (Redis, or one table of the database: shared by every process).

Every answer says where the caller stands (`X-RateLimit-Limit`, `-Remaining`, `-Reset` in epoch seconds); a refused
call is a 429 problem with `Retry-After`. The limits are settings (docs/api.md)."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.http import HttpRequest

from praxis.core.ratelimit import count_in_window

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
    used, reset_at = count_in_window(f"api:{name}", WINDOW_SECONDS)
    return Standing(limit=limit, remaining=limit - used, reset_at=reset_at)
