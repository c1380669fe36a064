"""The attestation PDF: facts, verification code, URL and QR code (rendered by WeasyPrint in a task)."""

from __future__ import annotations

import base64

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .models import Attestation


def verification_url(attestation: Attestation) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("cpd:verify", kwargs={"code": attestation.code})


def qr_data_uri(text: str) -> str:
    svg = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, border=2).to_string()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def render_attestation_pdf_bytes(attestation: Attestation) -> bytes:
    from weasyprint import HTML

    recipient = attestation.recipient
    language = getattr(recipient, "preferred_language", "fr")
    url = verification_url(attestation)
    with translation.override(language if language in {"fr", "nl", "en"} else "fr"):
        html = render_to_string("cpd/attestation_pdf.html", {
            "attestation": attestation, "verification_url": url, "qr": qr_data_uri(url),
        })
    return HTML(string=html).write_pdf()
