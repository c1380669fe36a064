"""Emails to a member about a notification kind: the member's email preference for that kind is honoured (nothing is
sent if they turned it off) and the message carries a one-click unsubscribe link (RFC 8058 List-Unsubscribe headers
and a footer link). Account emails (verification, password) have no kind and use `praxis.core.mail` directly."""

from __future__ import annotations

from typing import Any

from praxis.core.mail import send_templated

from .selectors import email_allowed
from .unsubscribe import unsubscribe_headers, unsubscribe_url


def send_member_email(
    *, member: Any, kind: str, template: str, context: dict[str, Any], to: str | None = None, language: str = "fr",
) -> bool:
    """Send `template` to the member (at `to`, default their address) unless they turned off emails of `kind`.
    Returns whether a message was sent."""
    if not email_allowed(member, kind):
        return False
    return send_templated(
        to=to or member.email, template=template, language=language,
        context={"unsubscribe_url": unsubscribe_url(member, kind), **context},
        headers=unsubscribe_headers(member, kind),
    )
