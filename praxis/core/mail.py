"""Email in the recipient's language, as HTML with a plain-text part."""

from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def send_templated(
    *, to: str, template: str, context: dict[str, Any], language: str = "fr", headers: dict | None = None
) -> None:
    """Render `<template>_subject.txt`, `<template>.txt` and `<template>.html` in `language` and send them."""
    context = {"site_url": settings.SITE_URL, **context}
    with translation.override(language):
        subject = render_to_string(f"{template}_subject.txt", context).strip().replace("\n", " ")
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    message = EmailMultiAlternatives(
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}", body=text, to=[to], headers=headers or {}
    )
    message.attach_alternative(html, "text/html")
    message.send()
