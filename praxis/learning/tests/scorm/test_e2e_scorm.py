"""SCORM 1.2 and 2004 runtimes driven from a real headless Chromium, against packages built by the test.

The platform is live_server's http://localhost:<port>; the SCORM content origin is http://127.0.0.1:<port> (the same
server, another host: another site, another cookie jar). The SCO is the builder's page: the test calls its `window.sco`
helpers inside the SCO's own frame, i.e. a SCO calling the real runtime (scorm-again) in the player frame, whose
commits cross to the lesson page by postMessage and reach the server with the member's session.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from praxis.learning.models import Enrolment, LessonProgress
from praxis.learning.scorm.builder import Sco, Spec
from praxis.learning.scorm.models import ScormAttempt
from praxis.learning.scorm.package import SCORM_12, SCORM_2004
from praxis.learning.tests.factories import make_course, make_enrolment
from praxis.testing import make_member
from praxis.testing.browser import wait_until_true

from .factories import make_scorm_lesson
from .urls_probe import PROBES

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

@pytest.fixture
def origins(live_server, settings) -> dict[str, str]:
    platform = live_server.url.replace("127.0.0.1", "localhost")
    port = platform.rsplit(":", 1)[1]
    settings.SCORM_CONTENT_ORIGIN = f"http://127.0.0.1:{port}"
    return {"platform": platform, "content": settings.SCORM_CONTENT_ORIGIN}


def signed_in_context(browser: Any, user: Any, platform: str) -> Any:
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="fr-BE")
    context.add_cookies([
        {"name": django_settings.SESSION_COOKIE_NAME,
         "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
         "url": platform, "httpOnly": True, "sameSite": "Lax"},
        # A cookie scripts on the platform could read: a package's script must not.
        {"name": "platform_visible", "value": "secret-of-the-platform", "url": platform, "sameSite": "Lax"},
    ])
    return context


def wait_for(page: Any, predicate: Callable[[], Any], timeout: float = 15) -> Any:
    """Poll `predicate` while the browser runs (Playwright's events are processed during wait_for_timeout)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        page.wait_for_timeout(50)
    raise AssertionError("condition not met in time")


def sco_frame(page: Any, name: str) -> Any:
    """The SCO's frame (content origin), once its script has initialised the runtime."""
    frame = wait_for(page, lambda: next((f for f in page.frames if f"/f/{name}" in f.url), None))
    # Right after the frame's address changes its new document may not exist yet (`documentElement` null): wait on.
    wait_until_true(frame, "document.documentElement?.dataset.ready === '1'")
    return frame


def open_lesson(context: Any, platform: str, lesson: Any) -> Any:
    page = context.new_page()
    page.goto(platform + reverse("learning:lesson", args=[lesson.course.slug, lesson.pk]))
    return page


def attempt_of(user: Any) -> ScormAttempt:
    return ScormAttempt.objects.select_related("progress").get(progress__enrolment__user=user)


def test_scorm_12_resumes_where_the_learner_stopped_with_long_suspend_data_and_score(browser, origins) -> None:
    learner = make_member("apprenante@example.test")
    lesson = make_scorm_lesson(make_course(None),
                               Spec(version=SCORM_12, scos=[Sco("sco1", "Hygiène", mastery_score=80)]))
    make_enrolment(lesson.course, learner)
    context = signed_in_context(browser, learner, origins["platform"])
    page = open_lesson(context, origins["platform"], lesson)
    sco = sco_frame(page, "sco1.html")
    assert sco.evaluate("sco.get('entry')") == "ab-initio"
    suspend = "".join(f"{i:05d};" for i in range(1200))  # 7 200 characters: above SCORM 1.2's 4 096
    assert sco.evaluate("s => sco.set('suspend', s)", suspend) == "true"
    assert sco.evaluate("sco.error()") == "0"
    sco.evaluate("sco.set('location', 'page-7'); sco.score(85); sco.suspend(); sco.commit()")
    wait_for(page, lambda: attempt_of(learner).location == "page-7")
    attempt = attempt_of(learner)
    assert attempt.suspend_data_length == len(suspend)
    assert attempt.score == 85 and attempt.status == "passed"  # the manifest's mastery score decides
    page.close()

    page = open_lesson(context, origins["platform"], lesson)
    sco = sco_frame(page, "sco1.html")
    assert sco.evaluate("sco.get('entry')") == "resume"
    assert sco.evaluate("sco.get('location')") == "page-7"
    assert sco.evaluate("sco.get('suspend')") == suspend
    assert sco.locator("#sco-status").text_content() == "Reprise : page-7"
    assert sco.evaluate("sco.get('total')") != "0000:00:00.00"  # the server's accumulated total time
    progress = LessonProgress.objects.get(pk=attempt.progress_id)
    assert progress.status == LessonProgress.Status.COMPLETED and progress.score == 85
    assert Enrolment.objects.get(user=learner).status == Enrolment.Status.COMPLETED
    context.close()


def test_scorm_2004_completion_set_without_commit_survives_closing_the_window(browser, origins) -> None:
    learner = make_member("fermeture@example.test")
    lesson = make_scorm_lesson(make_course(None), Spec(version=SCORM_2004, scos=[Sco("sco1", "Douleur")]))
    make_enrolment(lesson.course, learner)
    context = signed_in_context(browser, learner, origins["platform"])
    page = open_lesson(context, origins["platform"], lesson)
    sco = sco_frame(page, "sco1.html")
    assert sco.evaluate("sco.get('entry')") == "ab-initio"
    sco.evaluate("sco.set('location', 'slide-3'); sco.set('cmi.progress_measure', '1');"
                 "sco.set('status', 'completed'); sco.set('cmi.success_status', 'passed');"
                 "sco.set('cmi.score.scaled', '0.9'); sco.set('cmi.session_time', 'PT45.5S')")
    # The lesson page holds the SCO's latest state (it was posted to it), nothing was sent to the server yet...
    wait_until_true(page, "Number(document.getElementById('scorm-player').dataset.stateSeq) >= 2")
    assert not ScormAttempt.objects.filter(progress__enrolment__user=learner, status="passed").exists()
    page.close(run_before_unload=True)  # ...and the window is closed: no Commit, no Terminate
    waiter = context.new_page()  # the closed page cannot wait: another tab of the same browser does
    attempt = wait_for(waiter, lambda: ScormAttempt.objects.filter(progress__enrolment__user=learner,
                                                                    status="passed").first())
    assert (attempt.location, float(attempt.score), attempt.total_seconds) == ("slide-3", 90.0, 45)
    assert LessonProgress.objects.get(pk=attempt.progress_id).status == LessonProgress.Status.COMPLETED
    context.close()


def test_a_multi_sco_package_shows_its_table_of_contents_and_keeps_each_sco(browser, origins) -> None:
    learner = make_member("plusieurs@example.test")
    lesson = make_scorm_lesson(make_course(None), Spec(version=SCORM_12, scos=[Sco("a", "Partie A"),
                                                                                Sco("b", "Partie B")]))
    make_enrolment(lesson.course, learner)
    context = signed_in_context(browser, learner, origins["platform"])
    page = open_lesson(context, origins["platform"], lesson)
    sco = sco_frame(page, "a.html")
    sco.evaluate("sco.set('status', 'completed'); sco.finish()")
    wait_for(page, lambda: ScormAttempt.objects.filter(item_identifier="item-a", status="completed").exists())
    page.get_by_role("button", name="Partie B").click()
    sco = sco_frame(page, "b.html")
    sco.evaluate("sco.set('status', 'completed'); sco.finish()")
    wait_for(page, lambda: LessonProgress.objects.filter(enrolment__user=learner, status="completed").exists())
    playwright = pytest.importorskip("playwright.sync_api")
    playwright.expect(page.locator('[data-scorm-item="item-b"] [data-scorm-state]')).to_have_text("terminé")
    playwright.expect(page.locator('[data-scorm-item="item-a"] [data-scorm-state]')).to_have_text("terminé")
    context.close()


ISOLATION_PAGE = """<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Module</title></head>
<body><h1>Module</h1><script>
window.attack = async function (platform, commitUrl) {
  var out = {cookies: document.cookie};
  try { out.parentCookies = window.top.document.cookie; } catch (e) { out.parentCookies = "blocked: " + e.name; }
  try { out.parentApi = typeof window.top.API; } catch (e) { out.parentApi = "blocked: " + e.name; }
  try { await fetch(platform + "/probe/read/", {credentials: "include"}); out.read = "read"; }
  catch (e) { out.read = "blocked: " + e.name; }
  await fetch(platform + "/probe/blind/", {credentials: "include", mode: "no-cors"}).catch(function () {});
  await fetch(platform + commitUrl, {method: "POST", credentials: "include", mode: "no-cors",
    headers: {"Content-Type": "text/plain"},
    body: JSON.stringify({launch: "attack-launch", seq: 99, cmi: {core: {lesson_status: "passed"}}})})
    .catch(function () {});
  await new Promise(function (done) { var img = new Image(); img.onload = img.onerror = done;
    img.src = platform + "/probe/image/"; });
  return out;
};
document.documentElement.dataset.ready = "1";
</script></body></html>"""

@pytest.mark.urls("praxis.learning.tests.scorm.urls_probe")
def test_a_package_script_can_neither_read_the_platform_cookies_nor_call_its_pages_as_the_member(
        browser, origins) -> None:
    learner = make_member("isolation@example.test")
    lesson = make_scorm_lesson(make_course(None), Spec(scos=[Sco("evil", "Module", html=ISOLATION_PAGE)]))
    make_enrolment(lesson.course, learner)
    context = signed_in_context(browser, learner, origins["platform"])
    page = open_lesson(context, origins["platform"], lesson)
    assert page.evaluate("document.cookie").find("platform_visible=secret-of-the-platform") >= 0  # the control
    package = sco_frame(page, "evil.html")
    assert package.evaluate("location.origin") == origins["content"]
    attempt = wait_for(page, lambda: ScormAttempt.objects.filter(progress__enrolment__user=learner).first())
    commit_url = reverse("learning:scorm_commit", args=[lesson.course.slug, lesson.pk, attempt.pk])
    PROBES.clear()
    result = package.evaluate("([p, c]) => attack(p, c)", [origins["platform"], commit_url])
    assert result["cookies"] == ""  # the content origin has no cookie of the platform's
    assert result["parentCookies"].startswith("blocked: SecurityError")
    assert result["parentApi"].startswith("blocked: SecurityError")
    assert result["read"].startswith("blocked: TypeError")  # no CORS: the response cannot be read
    wait_for(page, lambda: len(PROBES) >= 3)
    assert {hit["name"] for hit in PROBES} == {"read", "blind", "image"}
    assert not any(hit["member"] for hit in PROBES)  # every request arrived without the member's session
    assert not any(django_settings.SESSION_COOKIE_NAME in hit["cookies"] for hit in PROBES)
    attempt.refresh_from_db()
    assert "attack-launch" not in attempt.launches and attempt.status != "passed"
    context.close()
