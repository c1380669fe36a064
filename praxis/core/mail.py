"""Email in the recipient's language, as HTML with a plain-text part. Renders and sends, nothing else: emails about a
notification kind (preferences, one-click unsubscribe) go through `praxis.notifications.mail`."""

from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def send_templated(
    *, to: str, template: str, context: dict[str, Any], language: str = "fr", headers: dict[str, str] | None = None,
    attachments: list[tuple[str, bytes, str]] | None = None,
) -> bool:
    """Render `<template>_subject.txt`, `<template>.txt` and `<template>.html` in `language` and send them, with
    `attachments` as (file name, content, MIME type)."""
    if to.rstrip(".").lower().endswith(".invalid"):  # reserved (RFC 2606): the "Former member" placeholder
        return False
    context = {"site_url": settings.SITE_URL, **context}
    with translation.override(language):
        subject = render_to_string(f"{template}_subject.txt", context).strip().replace("\n", " ")
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    message = EmailMultiAlternatives(
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}", body=text, to=[to], headers=dict(headers or {})
    )
    message.attach_alternative(html, "text/html")
    for name, content, mimetype in attachments or []:
        message.attach(name, content, mimetype)
    message.send()
    return True
