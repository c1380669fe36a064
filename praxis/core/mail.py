"""Email in the recipient's language, as HTML with a plain-text part."""

from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def send_templated(
    *, to: str, template: str, context: dict[str, Any], language: str = "fr", headers: dict | None = None,
    member: Any = None, kind: str | None = None,
) -> bool:
    """Render `<template>_subject.txt`, `<template>.txt` and `<template>.html` in `language` and send them.

    With `member` and a notification `kind` (see praxis.notifications.models.Kind), the member's email preference
    for that kind is honoured (nothing is sent if they turned it off) and the message carries a one-click
    unsubscribe link (RFC 8058 List-Unsubscribe headers). Returns whether a message was sent."""
    headers = dict(headers or {})
    if member is not None and kind:
        from praxis.notifications.services import email_allowed, unsubscribe_headers, unsubscribe_url

        if not email_allowed(member, kind):
            return False
        headers.update(unsubscribe_headers(member, kind))
        context = {"unsubscribe_url": unsubscribe_url(member, kind), **context}
    context = {"site_url": settings.SITE_URL, **context}
    with translation.override(language):
        subject = render_to_string(f"{template}_subject.txt", context).strip().replace("\n", " ")
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    message = EmailMultiAlternatives(
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}", body=text, to=[to], headers=headers
    )
    message.attach_alternative(html, "text/html")
    message.send()
    return True
