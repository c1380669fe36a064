"""End to end in a real headless Chromium on a phone-sized screen: send a capsule video with tus-js-client, lose
the connection half-way, get it back, and see the upload finish from where it stopped."""

import pytest
from django.core.files.storage import default_storage

from praxis.content import media
from praxis.content import services as content_services
from praxis.content.media import make_test_video
from praxis.content.models import Content, Upload, VideoAsset
from praxis.content.selectors import content_url
from praxis.testing import PASSWORD, make_member
from praxis.testing.browser import wait_until_true

from .media_factories import make_capsule

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

def test_a_dropped_connection_resumes_the_upload(live_server, phone, settings, tmp_path) -> None:
    settings.CONTENT_UPLOAD_DIR = str(tmp_path / "uploads")
    author = make_member("auteure@example.test")
    capsule = make_capsule(author)
    # About 12 MB, so that tus-js-client sends several 5 MB chunks.
    source = make_test_video(tmp_path / "geste.mp4", size="640x360", seconds=4,
                             extra=["-b:v", "24M", "-vf", "noise=alls=80:allf=t"])
    assert source.stat().st_size > 6 * 1024 * 1024

    page, context = phone, phone.context
    page.goto(f"{live_server.url}/compte/login/")
    page.fill("input[name=login]", author.email)
    page.fill("input[name=password]", PASSWORD)
    page.press("input[name=password]", "Enter")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/contenus/{capsule.pk}/video/")
    page.set_input_files("#capsule-file", str(source))
    page.click("#capsule-start")
    for _ in range(400):  # wait for the first chunk to be stored
        upload = Upload.objects.first()
        if upload and upload.offset > 0:
            break
        page.wait_for_timeout(25)
    context.set_offline(True)
    page.wait_for_timeout(1500)
    received_before = Upload.objects.get().offset
    assert 0 < received_before < source.stat().st_size
    context.set_offline(False)
    for _ in range(600):
        if VideoAsset.objects.filter(content=capsule, status=VideoAsset.Status.READY).exists():
            break
        page.wait_for_timeout(100)
    asset = VideoAsset.objects.get(content=capsule)
    assert asset.status == VideoAsset.Status.READY, asset.failure_reason
    assert asset.source_size == source.stat().st_size
    with default_storage.open(asset.source_key, "rb") as stored:
        assert stored.read() == source.read_bytes()  # resumed at the right byte: the file is identical
    assert page.locator("#capsule-progress-bar").get_attribute("value") == "100"


@pytest.mark.urls("praxis.content.tests.urls_e2e_media")
def test_a_member_watches_the_capsule_through_hls_under_the_strict_csp(live_server, phone, settings,
                                                                        tmp_path) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path / "media")},
    }}
    author = make_member("auteur-video@example.test")
    viewer = make_member("spectatrice@example.test")
    capsule = make_capsule(author, status=Content.Status.PUBLISHED)
    source = make_test_video(tmp_path / "geste.mp4", size="640x360", seconds=3)
    asset = content_services.attach_source(actor=None, content=capsule, path=source, enqueue=False)
    assert media.process_video(asset.pk, asset.source_key) == "ready"
    content_services.caption_track_save(actor=None, content=capsule, language="fr", data=(
        b"WEBVTT\n\n00:00.000 --> 00:01.500\nDesinfectez.\n\n00:01.500 --> 00:03.000\nPiquez.\n"))

    page = phone
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text) if "Content Security Policy" in message.text
            else None)
    page.goto(f"{live_server.url}/compte/login/")
    page.fill("input[name=login]", viewer.email)
    page.fill("input[name=password]", PASSWORD)
    page.press("input[name=password]", "Enter")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(live_server.url + content_url(capsule))
    video = page.locator("video.capsule-video")
    video.wait_for()
    page.wait_for_timeout(1500)
    played = video.evaluate("""async (v) => { v.muted = true; await v.play();
        await new Promise(r => setTimeout(r, 1500)); v.pause(); return [v.currentTime, v.currentSrc]; }""")
    assert played[0] > 0.3
    assert played[1].startswith("blob:")  # hls.js feeds the element through Media Source Extensions
    # The captions track loads (same origin, under the CSP); a time in the transcript seeks the player by keyboard.
    wait_until_true(page, "document.querySelector('video').textTracks[0].cues?.length === 2")
    page.locator(".transcript-cues a.cue-time").nth(1).focus()
    page.keyboard.press("Enter")
    wait_until_true(page, "document.querySelector('video').currentTime >= 1.4")
    assert page.url.endswith(content_url(capsule))  # the link's fallback (the MP4 at that time) was not followed
    assert not violations
