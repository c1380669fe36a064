"""Files that are not what they say: each polyglot is refused or neutralised, wherever members upload (proofs, logos,
content documents, event materials, seminar slides, captions). Through HTTP, as members would send them."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from praxis.accounts.models import ProofDocument
from praxis.content.models import Content, VideoAsset
from praxis.content.tests.pages_factories import form_data, make_content
from praxis.events.models import Material
from praxis.events.tests.factories import make_event
from praxis.institutions.models import Institution
from praxis.testing.files import (
    bomb_png,
    docx_bytes,
    image_bytes,
    pdf_bytes,
    pdf_html_polyglot,
    pdf_with_page_after_end,
    png_html_polyglot,
    webvtt_with_markup,
)

pytestmark = pytest.mark.django_db
MARKUP = (b"<script", b"<html", b"<img", b"onerror")


def _upload(name: str, data: bytes, mime: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=mime)


def _stored(field) -> bytes:
    with field.open("rb") as handle:
        return handle.read()


def _send_proof(personas, data: bytes, name: str = "carte.pdf"):
    return personas.client("unverified_member").post(reverse("accounts:proof_upload"), {"file": _upload(name, data)})


def _send_material(personas, data: bytes):
    event = make_event(personas.institution_admin, institution=personas.institution)
    return personas.client("institution_admin").post(
        reverse("events:material_add", args=[event.pk]), {"title": "Diapositives", "file": _upload("x.pdf", data)})


def _send_document(personas, data: bytes):
    return personas.client("verified_gp").post(reverse("content:create", kwargs={"kind": "document"}),
                                               form_data(body=None, document=_upload("protocole.pdf", data)))


SENDERS = {"proof": _send_proof, "event material": _send_material, "content document": _send_document}


@pytest.mark.parametrize("where", SENDERS)
@pytest.mark.parametrize("polyglot", [pdf_html_polyglot, pdf_with_page_after_end], ids=["in-comment", "after-end"])
def test_a_pdf_carrying_a_web_page_is_refused_with_a_reason_and_nothing_is_stored(personas, where, polyglot) -> None:
    response = SENDERS[where](personas, polyglot())
    assert response.status_code == 400
    assert "PDF" in response.content.decode() and "endommagé" in response.content.decode()
    assert not ProofDocument.objects.exists() and not Material.objects.exists()
    assert not Content.objects.filter(kind=Content.Kind.DOCUMENT).exists()


@pytest.mark.parametrize("where", SENDERS)
def test_a_pdf_that_does_not_parse_is_refused(personas, where) -> None:
    broken = b"%PDF-1.4\n1 0 obj<< /Type /Catalog >>endobj\ntrailer<< /Root 1 0 R >>\n%%EOF\n"
    assert SENDERS[where](personas, broken).status_code == 400


@pytest.mark.parametrize("where", SENDERS)
def test_a_clean_pdf_is_stored_as_sent(personas, where) -> None:
    assert SENDERS[where](personas, pdf_bytes()).status_code == 302
    stored = (ProofDocument.objects.first() or Material.objects.first() or Content.objects.get(kind="document"))
    field = getattr(stored, "file", None) or getattr(stored, "document")  # noqa: B009
    assert _stored(field) == pdf_bytes()


def test_a_png_with_a_web_page_becomes_a_plain_png_as_a_proof(personas) -> None:
    assert _send_proof(personas, png_html_polyglot(), "carte.png").status_code == 302
    data = _stored(ProofDocument.objects.get().file)
    assert not any(marker in data.lower() for marker in MARKUP)
    assert Image.open(io.BytesIO(data)).size == (16, 16)


def test_a_png_with_a_web_page_becomes_a_plain_png_as_a_logo(personas) -> None:
    form = {"name": "Maison médicale du Laveu", "kind": "medical_house", "postal_code": "4000", "city": "Liège",
            "country": "BE", "services": ["elder-abuse"], "languages": ["fr"], "publics": ["elderly"],
            "logo": _upload("logo.png", png_html_polyglot(), "image/png")}
    assert personas.client("outsider").post(reverse("institutions:create"), form).status_code == 302
    data = _stored(Institution.objects.get(name="Maison médicale du Laveu").logo)
    assert data.startswith(b"\x89PNG") and not any(marker in data.lower() for marker in MARKUP)


def test_a_png_with_a_web_page_becomes_a_plain_png_as_event_material(personas) -> None:
    assert _send_material(personas, png_html_polyglot()).status_code == 302
    data = _stored(Material.objects.get().file)
    assert not any(marker in data.lower() for marker in MARKUP)


def test_a_photo_loses_its_location_and_camera(personas) -> None:
    photo = image_bytes("JPEG", (32, 24), gps=True)
    assert Image.open(io.BytesIO(photo)).getexif().get(0x8825)  # the phone's GPS is there before
    assert _send_proof(personas, photo, "carte.jpg").status_code == 302
    stored = Image.open(io.BytesIO(_stored(ProofDocument.objects.get().file)))
    assert not stored.getexif() and b"Pixel-Test-Model" not in _stored(ProofDocument.objects.get().file)
    assert stored.format == "JPEG" and stored.size == (32, 24)


@pytest.mark.parametrize("side", [7_000, 20_000])  # above our limit; above Pillow's own too
def test_a_decompression_bomb_is_refused_before_it_is_decoded(personas, settings, side: int) -> None:
    settings.UPLOAD_IMAGE_MAX_PIXELS = 40_000_000
    response = _send_proof(personas, bomb_png(side), "carte.png")
    assert response.status_code == 400 and "millions de pixels" in response.content.decode()
    assert not ProofDocument.objects.exists()


@pytest.mark.parametrize("data", [docx_bytes(comment=b"<html><script>alert(1)</script>"),
                                  docx_bytes(appended=b"<html><script>alert(1)</script>")],
                         ids=["zip-comment", "appended"])
def test_an_office_document_carrying_a_web_page_is_refused(personas, data: bytes) -> None:
    response = personas.client("verified_gp").post(
        reverse("content:create", kwargs={"kind": "document"}),
        form_data(body=None, document=_upload("protocole.docx", data)))
    assert response.status_code == 400
    assert not Content.objects.filter(kind=Content.Kind.DOCUMENT).exists()


def test_a_clean_office_document_is_accepted(personas) -> None:
    response = personas.client("verified_gp").post(
        reverse("content:create", kwargs={"kind": "document"}),
        form_data(body=None, document=_upload("protocole.docx", docx_bytes())))
    assert response.status_code == 302
    assert (Content.objects.get(kind=Content.Kind.DOCUMENT).document.name or "").endswith(".docx")


def test_captions_keep_their_timing_and_text_and_lose_every_markup(personas) -> None:
    capsule = make_content(personas.verified_gp, kind=Content.Kind.CAPSULE, body="")
    VideoAsset.objects.create(content=capsule, status=VideoAsset.Status.READY)
    response = personas.client("verified_gp").post(
        reverse("content:capsule_captions", kwargs={"content_id": capsule.pk}),
        {"file": _upload("sous-titres.vtt", webvtt_with_markup(), "text/vtt"), "language": "fr"})
    assert response.status_code == 302
    captions = personas.client("verified_gp").get(reverse(
        "content:capsule_track", kwargs={"content_id": capsule.pk, "language": "fr"})).content.decode()
    assert captions.startswith("WEBVTT\n")
    assert "00:00:00.000 --> 00:00:02.000" in captions and "Désinfectez la peau" in captions
    assert "Piquez &amp; injectez" in captions
    for markup in ["<", "STYLE", "NOTE", "evil.example", "onerror"]:
        assert markup not in captions
