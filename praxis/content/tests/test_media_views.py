"""Upload page, captions, processing status (htmx polling), player tag and playback positions."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from praxis.content import media
from praxis.content import services as content_services
from praxis.content.models import CaptionTrack, Content, PlaybackPosition
from praxis.content.selectors import content_url
from praxis.core.actor import Actor
from praxis.core.models import AuditEntry

from .media_factories import clip, make_capsule

VTT = b"WEBVTT\n\n00:00.000 --> 00:01.000\nDesinfecter la peau.\n\n00:01.500 --> 00:03.000\nPiquer.\n"
SRT_NL = (b"1\r\n00:00:00,000 --> 00:00:01,500\r\nWas de huid.\r\n\r\n"
          b"2\r\n00:00:01,500 --> 00:00:03,000\r\n<i>Prik</i> en injecteer.\r\n")


def ready_capsule_url(content) -> str:
    return content_url(content)

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
    track = CaptionTrack.objects.get(content=ready_capsule)
    assert (track.language, track.source_format, track.transcript) == ("fr", "vtt", "Desinfecter la peau.\nPiquer.")
    html = _render("{% capsule_player content %}", ready_capsule, personas.verified_gp)
    assert '<track kind="captions"' in html and 'srclang="fr"' in html and 'label="Français" default' in html


def test_srt_captions_are_converted_and_each_language_gets_its_track(personas, ready_capsule) -> None:
    client = personas.client("verified_gp")
    client.post(_url("capsule_captions", ready_capsule), {"file": SimpleUploadedFile("fr.vtt", VTT), "language": "fr"})
    response = client.post(_url("capsule_captions", ready_capsule),
                           {"file": SimpleUploadedFile("nl.srt", SRT_NL), "language": "nl"})
    assert response.status_code == 302
    assert list(CaptionTrack.objects.filter(content=ready_capsule).values_list("language", "source_format")) == [
        ("fr", "vtt"), ("nl", "srt")]
    vtt = client.get(reverse("content:capsule_track", kwargs={"content_id": ready_capsule.pk, "language": "nl"}))
    assert vtt.status_code == 200 and vtt["Content-Type"] == "text/vtt; charset=utf-8"
    assert vtt.content.decode() == ("WEBVTT\n\n1\n00:00:00.000 --> 00:00:01.500\nWas de huid.\n\n"
                                    "2\n00:00:01.500 --> 00:00:03.000\nPrik en injecteer.\n")
    html = _render("{% capsule_player content %}", ready_capsule, personas.verified_gp)
    assert html.count('<track kind="captions"') == 2 and 'srclang="nl" label="Nederlands">' in html


def test_sending_captions_again_in_a_language_replaces_them(personas, ready_capsule) -> None:
    client = personas.client("verified_gp")
    for text in (b"Premier essai.", b"Second essai."):
        data = b"WEBVTT\n\n00:00.000 --> 00:01.000\n" + text + b"\n"
        client.post(_url("capsule_captions", ready_capsule), {"file": SimpleUploadedFile("a.vtt", data),
                                                              "language": "fr"})
    assert [track.transcript for track in CaptionTrack.objects.filter(content=ready_capsule)] == ["Second essai."]


@pytest.mark.parametrize("data, message", [
    (b"", "Le fichier soumis est vide."),  # Django's own check of the form
    (b"Bonjour\nceci est un texte", "Ligne 1 : ce fichier n'est ni du WebVTT"),
    (b"WEBVTT\n\nno cues", "Ligne 3 : un minutage comme"),
    (b"WEBVTT\n\n00:00:05.000 --> 00:00:02.000\nA l'envers\n",
     "Ligne 3 : le sous-titre se termine (00:00:02.000) avant de commencer"),
    (b"1\n00:00:01,000 --> 00:00:02,000\nUn\n\n2\n00:00:61,000 --> 00:01:02,000\nDeux\n",
     "Ligne 6 : « 00:00:61,000 » n'est pas un temps"),
    (b"\x00\x00\x00\x18ftypmp42", "Ce fichier n'est pas un fichier de sous-titres"),
])
def test_broken_caption_files_are_refused_with_their_line_and_the_form_kept(personas, ready_capsule, data: bytes,
                                                                           message: str) -> None:
    response = personas.client("verified_gp").post(
        _url("capsule_captions", ready_capsule), {"file": SimpleUploadedFile("x.vtt", data), "language": "nl"}
    )
    assert response.status_code == 400
    assert not CaptionTrack.objects.filter(content=ready_capsule).exists()
    html = response.content.decode()
    assert 'value="nl" selected' in html
    assert message in html.replace("&#x27;", "'").replace("&quot;", '"')


def test_captions_naming_a_patient_are_refused_with_the_line(personas, ready_capsule) -> None:
    data = "WEBVTT\n\n00:00.000 --> 00:02.000\nBonjour.\n\n00:02.000 --> 00:04.000\nAppelez le 0470 12 34 56.\n"
    response = personas.client("verified_gp").post(
        _url("capsule_captions", ready_capsule), {"file": SimpleUploadedFile("x.vtt", data.encode()), "language": "fr"})
    assert response.status_code == 400
    assert "Ligne 6 : ce texte semble contenir un numéro de téléphone" in response.content.decode()
    assert not CaptionTrack.objects.exists()


def test_the_author_removes_the_captions_of_one_language(personas, ready_capsule) -> None:
    client = personas.client("verified_gp")
    for language in ("fr", "nl"):
        client.post(_url("capsule_captions", ready_capsule), {"file": SimpleUploadedFile("a.vtt", VTT),
                                                              "language": language})
    url = reverse("content:capsule_caption_delete", kwargs={"content_id": ready_capsule.pk, "language": "nl"})
    assert personas.client("outsider").post(url).status_code == 403  # sees the capsule, may not edit it
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    assert list(CaptionTrack.objects.values_list("language", flat=True)) == ["fr"]
    assert client.post(url).status_code == 404
    assert AuditEntry.objects.filter(action="content.video.captions_removed", data__language="nl").count() == 1


def test_the_transcript_under_the_video_links_each_passage_to_its_time(personas, ready_capsule) -> None:
    client = personas.client("verified_gp")
    client.post(_url("capsule_captions", ready_capsule), {"file": SimpleUploadedFile("nl.srt", SRT_NL),
                                                          "language": "nl"})
    client.post(_url("capsule_captions", ready_capsule), {"file": SimpleUploadedFile("fr.vtt", VTT),
                                                          "language": "fr"})
    html = personas.client("outsider").get(ready_capsule_url(ready_capsule)).content.decode()
    assert "Transcription" in html and 'data-seek="1.500"' in html and ">0:01</a>" in html
    french, dutch = '<details class="transcript-track" open lang="fr">', '<details class="transcript-track" lang="nl">'
    assert html.index(french) < html.index(dutch)
    assert "Prik en injecteer." in html and "<script>" not in html
    anonymous = personas.client("anonymous").get(ready_capsule_url(ready_capsule)).content.decode()
    assert "Prik en injecteer." not in anonymous  # the transcript is the video's content: members only


def test_the_captions_track_is_for_those_who_may_watch_the_video(personas, ready_capsule) -> None:
    personas.client("verified_gp").post(_url("capsule_captions", ready_capsule),
                                        {"file": SimpleUploadedFile("a.vtt", VTT), "language": "fr"})
    url = reverse("content:capsule_track", kwargs={"content_id": ready_capsule.pk, "language": "fr"})
    assert personas.client("outsider").get(url).status_code == 200
    assert personas.client("anonymous").get(url).status_code == 404
    assert personas.client("outsider").get(url.replace("fr.vtt", "de.vtt")).status_code == 404


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
