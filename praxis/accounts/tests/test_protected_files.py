"""Stored files that are not public are one view away, never one URL away: MEDIA_URL serves nothing but the public
prefixes (institution logos), in development (DEBUG on) as in production, and each file's view refuses visitors and
members without access in every serving mode."""

from __future__ import annotations

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models
from django.test import Client
from django.urls import clear_url_caches, reverse

from praxis.accounts.models import ProofDocument
from praxis.content.media import media_url
from praxis.content.models import Content, VideoAsset
from praxis.content.tests.pages_factories import make_content
from praxis.events.models import Material, WhitePaper
from praxis.events.tests.factories import make_event, make_piece, make_white_paper
from praxis.testing import make_institution

pytestmark = pytest.mark.django_db
MEMBERS = {"unverified_member", "verified_gp", "moderator"}
PDF = b"%PDF-1.4\n1 0 obj<< /Type /Catalog >>endobj\ntrailer<< /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def on_disk(settings, tmp_path):
    """Files on disk under MEDIA_ROOT, as `make run` keeps them (what a static /media/ route would have served)."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STORAGES = {**settings.STORAGES,
                         "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}


@pytest.fixture
def stored(on_disk, personas) -> SimpleNamespace:
    """One of each kind of stored file, as the app writes them."""
    gp = personas.verified_gp
    proof = ProofDocument(user=personas.unverified_member, content_type="application/pdf", content_hash="0" * 64)
    proof.file.save("pdf", ContentFile(PDF), save=True)
    document = make_content(gp, kind=Content.Kind.DOCUMENT, visibility=Content.Visibility.VERIFIED)
    capsule = make_content(gp, kind=Content.Kind.CAPSULE, visibility=Content.Visibility.VERIFIED, body="")
    prefix = f"capsules/{capsule.pk}/0123456789abcdef0123"
    keys = {name: default_storage.save(f"{prefix}/{name}", ContentFile(b"data")) for name in
            ["master.m3u8", "video.mp4", "poster.jpg"]}
    asset = VideoAsset.objects.create(
        content=capsule, status=VideoAsset.Status.READY, published_prefix=prefix, hls_master=keys["master.m3u8"],
        mp4=keys["video.mp4"], poster=keys["poster.jpg"],
        source_key=default_storage.save(f"capsules/sources/{capsule.pk}/source.mp4", ContentFile(b"video")),
    )
    event = make_event(gp)
    material = Material(event=event, title="Diapositives")
    material.file.save("slides.pdf", ContentFile(PDF), save=True)
    piece = make_piece(event, gp)
    piece.document.save("contribution.pdf", ContentFile(PDF), save=True)
    paper = make_white_paper(event, gp, status=WhitePaper.Status.PUBLISHED)
    paper.pdf.save("livre-blanc.pdf", ContentFile(PDF), save=True)
    institution = make_institution("Hôpital au logo")
    institution.logo.save("logo.png", ContentFile(b"\x89PNG\r\n\x1a\n"), save=True)
    return SimpleNamespace(proof=proof, document=document, capsule=capsule, asset=asset, material=material,
                           piece=piece, paper=paper, institution=institution)


def _stored_keys() -> set[str]:
    keys = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField):
                keys |= {name for name in model._default_manager.values_list(field.name, flat=True) if name}
    for asset in VideoAsset.objects.all():
        keys |= {key for key in [asset.source_key, asset.hls_master, asset.mp4, asset.poster] if key}
    return keys


@pytest.fixture(params=["development", "production"])
def mode(request, settings):
    """The URLconf as a server builds it with DEBUG on (development) or off, nginx handing files out in production."""
    import config.urls

    settings.DEBUG = request.param == "development"
    settings.PROTECTED_MEDIA_SERVING = "django" if request.param == "development" else "x-accel"
    importlib.reload(config.urls)
    clear_url_caches()
    yield request.param
    settings.DEBUG = False
    importlib.reload(config.urls)
    clear_url_caches()


def test_media_url_serves_no_stored_file_but_public_logos(stored, personas, mode: str) -> None:
    keys = _stored_keys()
    assert len(keys) >= 9
    for persona in ["anonymous", "unverified_member", "verified_gp"]:
        client = personas.client(persona)
        for key in keys:
            response = client.get(f"/media/{key}")
            public = key.startswith("institutions/logos/")
            assert response.status_code == (200 if public else 404), (persona, key, response.status_code)


def _grant(response) -> bytes:
    """What a response hands out: the bytes (Django streams them) or the file nginx is told to send."""
    if "X-Accel-Redirect" in response:
        assert response.content == b""
        return response["X-Accel-Redirect"].encode()
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_each_protected_file_is_refused_to_visitors_and_members_without_access(stored, personas, mode: str) -> None:
    cases = {
        # url: who may have it
        reverse("accounts:proof_download", args=[stored.proof.pk]): {"unverified_member", "moderator"},
        reverse("content:document", args=[stored.document.pk]): {"verified_gp", "moderator"},
        media_url(stored.asset.mp4): {"verified_gp", "moderator"},
        media_url(stored.asset.hls_master): {"verified_gp", "moderator"},
        # Event materials and seminar contributions are for signed-in members.
        reverse("events:material", args=[stored.material.event_id, stored.material.pk]): MEMBERS,
        reverse("events:piece", args=[stored.piece.event_id, stored.piece.pk]): MEMBERS,
    }
    for url, allowed in cases.items():
        for persona in ["anonymous", "unverified_member", "verified_gp", "moderator"]:
            response = personas.client(persona).get(url)
            if persona in allowed:
                assert response.status_code == 200, (url, persona, response.status_code)
                granted = _grant(response)
                assert granted.startswith((b"%PDF-", b"/_protected/")) or granted == b"data", granted[:80]
                assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
            else:
                assert response.status_code in {302, 404}, (url, persona, response.status_code)
                assert "X-Accel-Redirect" not in response
                assert response.status_code == 302 or PDF not in response.content


def test_in_production_nginx_sends_the_file_the_rules_allowed(stored, personas, settings) -> None:
    settings.PROTECTED_MEDIA_SERVING = "x-accel"
    response = personas.client("moderator").get(reverse("accounts:proof_download", args=[stored.proof.pk]))
    assert response["X-Accel-Redirect"] == f"/_protected/{stored.proof.file.name}"
    assert response["Content-Type"] == "application/pdf" and response.content == b""
    # A playlist stays at the view's address (its segments are resolved against it): its bytes come from Django.
    playlist = personas.client("verified_gp").get(media_url(stored.asset.hls_master))
    assert "X-Accel-Redirect" not in playlist and b"".join(playlist.streaming_content) == b"data"
    settings.PROTECTED_MEDIA_SERVING = "x-sendfile"
    response = personas.client("moderator").get(reverse("accounts:proof_download", args=[stored.proof.pk]))
    assert "X-Sendfile" in response


def test_an_unchanged_file_answers_not_modified(stored, personas) -> None:
    client = personas.client("verified_gp")
    url = media_url(stored.asset.poster)
    first = client.get(url)
    again = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    assert Client().get(url).status_code == 404  # a verified-only capsule's poster is not the visitors' teaser
