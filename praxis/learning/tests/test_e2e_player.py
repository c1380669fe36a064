"""The lesson player in a real headless Chromium (390 px, French): it reports the stretches it plays, the server
completes the capsule at 90 % of distinct seconds, and jumping to the end does not count."""

import pytest

from praxis.content.media import make_test_video
from praxis.content.models import Content
from praxis.learning.models import Enrolment, LessonProgress
from praxis.testing import PASSWORD, make_member

from .factories import make_course

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

def _login(browser, live_server, user):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="fr-BE")
    context.add_cookies([{"name": "django_language", "value": "fr", "url": live_server.url}])
    page = context.new_page()
    page.goto(f"{live_server.url}/compte/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.press("input[name=password]", "Enter")
    page.wait_for_url(f"{live_server.url}/")
    return page


def _wait(page, predicate, tries=150):
    for _ in range(tries):
        if predicate():
            return True
        page.wait_for_timeout(100)
    return False


@pytest.mark.urls("praxis.content.tests.urls_e2e_media")
def test_watching_completes_the_capsule_and_jumping_to_the_end_does_not(live_server, browser, settings, tmp_path):
    from praxis.content import media
    from praxis.content import services as content_services
    from praxis.content.tests.media_factories import make_capsule
    from praxis.learning.models import Lesson

    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path / "media")},
    }}
    author = make_member("auteur-video@example.test")
    capsule = make_capsule(author, status=Content.Status.PUBLISHED)
    asset = content_services.attach_source(actor=None, content=capsule,
                                path=make_test_video(tmp_path / "geste.mp4", size="320x180", seconds=4),
                                enqueue=False)
    assert media.process_video(asset.pk, asset.source_key) == "ready"
    course = make_course(None, slug="video")
    lesson = Lesson.objects.create(course=course, kind="capsule", content=capsule, position=1, title="Le geste")
    url = f"{live_server.url}/formation/cours/video/lecons/{lesson.pk}/"

    watcher, skipper = make_member("regarde@example.test"), make_member("saute@example.test")
    for user in (watcher, skipper):
        Enrolment.objects.create(user=user, course=course)

    page = _login(browser, live_server, watcher)
    logs = []
    page.on("console", lambda m: logs.append(m.text))
    page.on("response", lambda r: logs.append(f"{r.status} {r.url}") if "progression" in r.url else None)
    page.goto(url)
    video = page.locator("video.lesson-video")
    video.wait_for()
    video.evaluate("""async (v) => { v.muted = true; v.playbackRate = 2;
        if (v.readyState < 1) { await new Promise(r => v.addEventListener('loadedmetadata', r, {once: true})); }
        await v.play(); await new Promise(r => v.addEventListener('ended', r, {once: true})); }""")
    ok = _wait(page, lambda: LessonProgress.objects.filter(
        enrolment__user=watcher, status=LessonProgress.Status.COMPLETED).exists())
    assert ok, (logs, list(LessonProgress.objects.values("seconds_watched", "watched_intervals")))
    assert _wait(page, lambda: "Leçon terminée" in page.locator("#watch-status").inner_text())
    assert Enrolment.objects.get(user=watcher).status == Enrolment.Status.COMPLETED
    page.context.close()

    page = _login(browser, live_server, skipper)
    page.goto(url)
    video = page.locator("video.lesson-video")
    video.wait_for()
    video.evaluate("""async (v) => { v.muted = true;
        if (v.readyState < 1) { await new Promise(r => v.addEventListener('loadedmetadata', r, {once: true})); }
        v.currentTime = v.duration - 0.6; await new Promise(r => v.addEventListener('seeked', r, {once: true}));
        await v.play(); await new Promise(r => v.addEventListener('ended', r, {once: true})); }""")
    assert _wait(page, lambda: LessonProgress.objects.filter(enrolment__user=skipper,
                                                             last_heartbeat_at__isnull=False).exists())
    progress = LessonProgress.objects.get(enrolment__user=skipper)
    assert progress.status == LessonProgress.Status.IN_PROGRESS and progress.seconds_watched <= 1
    assert "Regardé" in page.locator("#watch-status").inner_text()
    page.context.close()
