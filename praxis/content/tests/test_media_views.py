"""Upload page, captions, processing status (htmx polling), player tag and playback positions."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from praxis.content import media
from praxis.content import services as content_services
from praxis.content.models import Content, PlaybackPosition, VideoAsset
from praxis.core.actor import Actor

from .media_factories import clip, make_capsule

VTT = b"WEBVTT\n\n00:00.000 --> 00:01.000\nDesinfecter la peau.\n"

pytestmark = pytest.mark.usefixtures("media_dirs")


@pytest.fixture
def ready_capsule(verified_gp):
    content = make_capsule(verified_gp, status=Content.Status.PUBLISHED)
    asset = content_services.attach_source(actor=None, content=content, path=clip("tiny"), enqueue=False)
    media.process_video(asset.pk, asset.source_key)
    return Content.objects.get(pk=content.pk)


def _url(name: str, content) -> str:
    return reverse(f"content:{name}", kwargs={"content_id": content.pk})


def _render(template: str, content, user) -> str:
    request = RequestFactory().get("/")
    request.user = user
    request.actor = Actor(user if user and user.is_authenticated else None)
    return Template("{% load content_media %}" + template).render(Context({"request": request, "content": content}))


# --- Upload page -------------------------------------------------------------------------------------------------


def test_the_author_gets_the_upload_page_with_the_tus_endpoint(personas, capsule) -> None:
    response = personas.client("verified_gp").get(_url("capsule_upload", capsule))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'data-endpoint="{_url("capsule_tus", capsule)}"' in html
    assert "<progress" in html and 'role="status"' in html
    assert "tus.min.js" in html and "<script>" not in html  # external scripts only (strict CSP)


def test_the_upload_page_answers_htmx_too(personas, capsule) -> None:
    response = personas.client("verified_gp").get(_url("capsule_upload", capsule), headers={"HX-Request": "true"})
    assert response.status_code == 200


def test_the_upload_page_is_get_only(personas, capsule) -> None:
    assert personas.client("verified_gp").post(_url("capsule_upload", capsule)).status_code == 405


def test_the_upload_page_is_not_for_others(personas, capsule) -> None:
    assert personas.client("anonymous").get(_url("capsule_upload", capsule)).status_code == 302
    assert personas.client("outsider").get(_url("capsule_upload", capsule)).status_code == 404
    assert personas.client("moderator").get(_url("capsule_upload", capsule)).status_code == 403


def test_an_article_has_no_upload_page(personas, verified_gp) -> None:
    article = make_capsule(verified_gp)
    Content.objects.filter(pk=article.pk).update(kind=Content.Kind.ARTICLE)
    assert personas.client("verified_gp").get(_url("capsule_upload", article)).status_code == 404


# --- Captions ----------------------------------------------------------------------------------------------------


def test_webvtt_captions_are_stored_and_offered_to_the_player(personas, ready_capsule) -> None:
    client = personas.client("verified_gp")
    response = client.post(_url("capsule_captions", ready_capsule),
                           {"file": SimpleUploadedFile("sous-titres.vtt", VTT, "text/vtt"), "language": "fr"})
    assert response.status_code == 302
    asset = VideoAsset.objects.get(content=ready_capsule)
    assert asset.captions.endswith(".vtt") and asset.captions_language == "fr"
    html = _render("{% capsule_player content %}", ready_capsule, personas.verified_gp)
    assert '<track kind="captions"' in html and 'srclang="fr"' in html


@pytest.mark.parametrize("data", [b"1\n00:00:00,000 --> 00:00:01,000\nSRT\n", b"", b"WEBVTT\n\nno cues", b"\xff\xfe"])
def test_files_that_are_not_webvtt_are_refused_and_the_form_kept(personas, ready_capsule, data: bytes) -> None:
    response = personas.client("verified_gp").post(
        _url("capsule_captions", ready_capsule), {"file": SimpleUploadedFile("x.vtt", data), "language": "nl"}
    )
    assert response.status_code == 400
    assert not VideoAsset.objects.get(content=ready_capsule).captions
    assert 'value="nl" selected' in response.content.decode()


def test_captions_are_for_the_author_only(personas, ready_capsule) -> None:
    data = {"file": SimpleUploadedFile("a.vtt", VTT), "language": "fr"}
    assert personas.client("anonymous").post(_url("capsule_captions", ready_capsule), data).status_code == 302
    assert personas.client("outsider").post(_url("capsule_captions", ready_capsule), data).status_code == 403
    assert personas.client("verified_gp").get(_url("capsule_captions", ready_capsule)).status_code == 405


# --- Status ------------------------------------------------------------------------------------------------------


def test_the_status_polls_while_processing_and_stops_when_final(personas, capsule) -> None:
    client = personas.client("verified_gp")
    asset = content_services.attach_source(actor=None, content=capsule, path=clip("tiny"), enqueue=False)
    response = client.get(_url("capsule_status", capsule), headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert 'hx-trigger="every 4s"' in response.content.decode()
    media.process_video(asset.pk, asset.source_key)
    html = client.get(_url("capsule_status", capsule), headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in html and "video-ready" in html


def test_a_failure_shows_its_reason_to_the_author(personas, capsule) -> None:
    data = clip("tiny").read_bytes()
    from .media_factories import write_file

    asset = content_services.attach_source(actor=None, content=capsule, path=write_file(data[:1500]), enqueue=False)
    media.process_video(asset.pk, asset.source_key)
    html = personas.client("verified_gp").get(_url("capsule_status", capsule)).content.decode()
    assert "video-failed" in html and "damaged or incomplete" in html and "hx-trigger" not in html


def test_the_status_is_not_for_others(personas, capsule) -> None:
    assert personas.client("outsider").get(_url("capsule_status", capsule)).status_code == 404
    assert personas.client("verified_gp").post(_url("capsule_status", capsule)).status_code == 405


def test_the_status_tag_invites_the_author_to_send_the_video(personas, capsule) -> None:
    html = _render("{% capsule_status content %}", capsule, personas.verified_gp)
    assert _url("capsule_upload", capsule) in html and "No video yet" in html


# --- Player ------------------------------------------------------------------------------------------------------


def test_members_get_the_player_with_hls_mp4_and_poster(personas, ready_capsule) -> None:
    asset = ready_capsule.video
    html = _render("{% capsule_player content %}", ready_capsule, personas.outsider)
    assert "<video" in html and f'data-hls="{media.media_url(asset.hls_master)}"' in html
    assert f'src="{media.media_url(asset.mp4)}" type="video/mp4"' in html
    assert f'poster="{media.media_url(asset.poster)}"' in html
    assert "hls.min.js" in html and "capsule_player.js" in html and "controls" in html


def test_visitors_see_the_poster_and_an_invitation_to_sign_in(ready_capsule) -> None:
    from django.contrib.auth.models import AnonymousUser

    html = _render("{% capsule_player content %}", ready_capsule, AnonymousUser())
    assert "<video" not in html and "capsule-poster" in html and "Sign in to watch" in html


def test_the_player_resumes_at_the_saved_position(personas, ready_capsule) -> None:
    client = personas.client("outsider")
    response = client.post(_url("playback_position", ready_capsule), {"seconds": "42.7"})
    assert response.status_code == 204
    client.post(_url("playback_position", ready_capsule), {"seconds": "63"})
    assert PlaybackPosition.objects.get(user=personas.outsider, content=ready_capsule).seconds == 63
    html = _render("{% capsule_player content %}", ready_capsule, personas.outsider)
    assert 'data-resume="63.0"' in html


def test_playback_positions_need_a_member_who_may_watch(personas, capsule, ready_capsule) -> None:
    assert personas.client("anonymous").post(_url("playback_position", ready_capsule), {"seconds": 3}).status_code \
        == 403
    assert personas.client("outsider").post(_url("playback_position", capsule), {"seconds": 3}).status_code == 404
    assert personas.client("outsider").get(_url("playback_position", ready_capsule)).status_code == 405
    assert personas.client("outsider").post(_url("playback_position", ready_capsule), {"seconds": "nan"}).status_code \
        == 400
    assert not PlaybackPosition.objects.exists()
