"""Package upload and publication, attempts and commits through the services and the pages."""

from __future__ import annotations

import io
import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone, translation

from praxis.core.models import AuditEntry
from praxis.learning.models import Enrolment, Lesson, LessonProgress, PublicationStatus
from praxis.learning.scorm import origin, services
from praxis.learning.scorm.builder import Sco, Spec, build_package, build_zip
from praxis.learning.scorm.models import ScormAttempt, ScormPackage
from praxis.learning.scorm.package import SCORM_2004, PackageError
from praxis.learning.tests.factories import make_course, make_enrolment

from .factories import make_scorm_lesson

pytestmark = pytest.mark.django_db


def open_attempts(user, lesson: Lesson) -> list[ScormAttempt]:
    from praxis.core.actor import Actor
    from praxis.learning.services import lesson_open

    enrolment = Enrolment.objects.filter(user=user, course=lesson.course).first() or make_enrolment(lesson.course,
                                                                                                   user)
    actor = Actor(user)
    progress = lesson_open(actor=actor, enrolment=enrolment, lesson=lesson)
    attempts = services.scorm_attempts_open(actor=actor, progress=progress, package=lesson.scorm_package)
    # Opened an hour ago: session times up to an hour are plausible (the server bounds them by what it saw).
    ScormAttempt.objects.filter(pk__in=[a.pk for a in attempts]).update(created_at=timezone.now() - timedelta(hours=1))
    return [ScormAttempt.objects.get(pk=a.pk) for a in attempts]


def commit_url(attempt: ScormAttempt) -> str:
    lesson = attempt.progress.lesson
    return reverse("learning:scorm_commit", args=[lesson.course.slug, lesson.pk, attempt.pk])


def post_commit(client, attempt: ScormAttempt, **data: object):
    body = {"launch": "launch-one", "seq": 1, "cmi": {}, **data}
    return client.post(commit_url(attempt), json.dumps(body), content_type="application/json")


def test_an_uploaded_package_is_unpacked_and_published_by_one_switch(personas) -> None:
    lesson = make_scorm_lesson(make_course(personas.institution),
                               Spec(scos=[Sco("a", "Chapitre 1"), Sco("b", "Chapitre 2")]))
    package = lesson.scorm_package
    assert package.status == ScormPackage.Status.READY and package.version == "1.2"
    assert [item.title for item in package.launchable()] == ["Chapitre 1", "Chapitre 2"]
    assert default_storage.exists(package.content_prefix + "a.html")
    # Publishing the same upload again is a no-op; the files stay where they are.
    assert services.scorm_package_publish(package.pk, package.source_key) == "nothing to do"
    assert AuditEntry.objects.filter(action="learning.scorm.published").count() == 1


def test_a_replaced_package_supersedes_a_pending_unpack_and_the_old_files_go(
        personas, django_capture_on_commit_callbacks) -> None:
    lesson = make_scorm_lesson(make_course(personas.institution))
    first = ScormPackage.objects.get(lesson=lesson)
    old_prefix, old_key = first.content_prefix, first.source_key
    services.scorm_package_upload(actor=None, lesson=lesson, file=io.BytesIO(build_package(Spec(title="v2"))),
                                  original_name="v2.zip", check=False)
    assert services.scorm_package_publish(first.pk, old_key) == "nothing to do"  # an outdated job changes nothing
    package = ScormPackage.objects.get(pk=first.pk)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.scorm_package_publish(package.pk, package.source_key) == "published"
    package.refresh_from_db()
    assert package.title == "v2" and package.content_prefix != old_prefix
    assert not default_storage.exists(old_prefix + "sco1.html")


def test_a_refused_package_stores_nothing(personas) -> None:
    course = make_course(personas.institution)
    lesson = Lesson.objects.create(course=course, kind=Lesson.Kind.SCORM, position=1, title="Module")

    def uploads() -> list[str]:
        return default_storage.listdir("scorm/uploads")[1] if default_storage.exists("scorm/uploads") else []

    before = uploads()
    with pytest.raises(PackageError):
        services.scorm_package_upload(actor=None, lesson=lesson, file=io.BytesIO(build_zip({"a.html": "x"})),
                                      original_name="a.zip", check=False)
    assert not ScormPackage.objects.exists()
    assert uploads() == before


def test_the_learner_commits_to_their_own_attempt_and_completes_the_lesson(personas) -> None:
    lesson = make_scorm_lesson(make_course(personas.institution), Spec(scos=[Sco("sco1", "Leçon", mastery_score=80)]))
    [attempt] = open_attempts(personas.verified_gp, lesson)
    client = personas.client("verified_gp")
    suspend = "s" * 6000
    response = post_commit(client, attempt, seq=1, cmi={"cmi": {"suspend_data": suspend, "core": {
        "lesson_location": "page-2", "exit": "suspend", "session_time": "0000:02:00.00", "score": {"raw": "90"}}}})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "passed" and response.json()["done"]
    attempt.refresh_from_db()
    assert (attempt.location, attempt.suspend_data_length, attempt.total_seconds, attempt.score) == (
        "page-2", 6000, 120, Decimal(90))
    assert attempt.cmi["cmi"]["suspend_data"] == suspend
    progress = LessonProgress.objects.get(pk=attempt.progress_id)
    assert progress.status == LessonProgress.Status.COMPLETED and progress.score == 90
    assert progress.time_spent_seconds == 120
    assert progress.enrolment.status == Enrolment.Status.COMPLETED  # its only lesson
    # The same commit again changes nothing (idempotent); its resume data says where to start again.
    again = post_commit(client, attempt, seq=1, cmi={"cmi": {"core": {"session_time": "0000:09:00"}}})
    assert again.status_code == 200
    attempt.refresh_from_db()
    assert attempt.total_seconds == 120 and attempt.location == "page-2"
    assert again.json()["resume"]["core"]["entry"] == "resume"


def test_a_commit_for_someone_elses_attempt_is_refused(personas) -> None:
    lesson = make_scorm_lesson(make_course(personas.institution))
    [attempt] = open_attempts(personas.verified_gp, lesson)
    make_enrolment(lesson.course, personas.outsider)
    assert post_commit(personas.client("outsider"), attempt).status_code == 403
    assert post_commit(personas.client("anonymous"), attempt).status_code == 403
    attempt.refresh_from_db()
    assert attempt.launches == {}


@pytest.mark.parametrize("body", [b"not json", b'{"launch": "x", "seq": 1, "cmi": {}}', b"[]"])
def test_an_unreadable_commit_is_refused_in_the_learners_language(personas, body: bytes) -> None:
    lesson = make_scorm_lesson(make_course(personas.institution))
    [attempt] = open_attempts(personas.verified_gp, lesson)
    client = personas.client("verified_gp")
    response = client.post(commit_url(attempt), body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 400
    assert "lisible" in response.json()["error"]


def test_a_2004_package_that_never_sets_a_status_completes_on_terminate(personas) -> None:
    lesson = make_scorm_lesson(make_course(personas.institution), Spec(version=SCORM_2004))
    [attempt] = open_attempts(personas.verified_gp, lesson)
    client = personas.client("verified_gp")
    assert post_commit(client, attempt, seq=1, cmi={"cmi": {"completion_status": "unknown", "location": "2"}}
                       ).json()["status"] == "incomplete"
    response = post_commit(client, attempt, seq=2, terminated=True,
                           cmi={"cmi": {"completion_status": "unknown", "session_time": "PT1M5S"}})
    assert response.json()["status"] == "completed"
    attempt.refresh_from_db()
    assert attempt.total_seconds == 65


def test_package_files_are_served_only_on_the_content_origin_without_cookies(client, settings, personas) -> None:
    settings.SCORM_CONTENT_ORIGIN = "http://scorm.testserver"
    settings.ALLOWED_HOSTS = ["testserver", "scorm.testserver"]
    package = make_scorm_lesson(make_course(personas.institution)).scorm_package
    token = origin.make_token(content_prefix=package.content_prefix, platform_origin="http://testserver",
                              version=package.version)
    response = client.get(f"/scorm-content/{token}/f/sco1.html", HTTP_HOST="scorm.testserver")
    assert response.status_code == 200 and b"<h1>" in b"".join(response.streaming_content)
    assert response["Content-Type"].startswith("text/html") and not response.cookies
    player = client.get(f"/scorm-content/{token}/player/", HTTP_HOST="scorm.testserver")
    assert player.status_code == 200 and "frame-ancestors http://testserver" in player["Content-Security-Policy"]
    assert client.get(f"/scorm-content/{token}/f/sco1.html").status_code == 404  # not on the platform's host
    for path in ("/", "/compte/login/", f"/scorm-content/{token}/f/../../x", f"/scorm-content/{token}x/f/sco1.html",
                 f"/scorm-content/{token}/f/missing.html"):
        assert client.get(path, HTTP_HOST="scorm.testserver").status_code == 404, path
    assert client.post(f"/scorm-content/{token}/f/sco1.html", HTTP_HOST="scorm.testserver").status_code == 405


def test_the_lesson_page_frames_the_content_origin_with_the_launch_data(personas) -> None:
    lesson = make_scorm_lesson(make_course(personas.institution), Spec(scos=[Sco("a", "Un"), Sco("b", "Deux")]))
    make_enrolment(lesson.course, personas.verified_gp)
    client = personas.client("verified_gp")
    with translation.override("fr"):
        response = client.get(reverse("learning:lesson", args=[lesson.course.slug, lesson.pk]))
    assert response.status_code == 200
    launch = json.loads(response.content.decode().split('id="scorm-launch" type="application/json">')[1]
                        .split("</script>")[0])
    assert launch["contentOrigin"] == "http://localhost:8000"
    assert launch["playerUrl"].startswith("http://localhost:8000/scorm-content/")
    assert [item["identifier"] for item in launch["items"]] == ["item-a", "item-b"]
    assert all(item["commitUrl"] for item in launch["items"])
    assert "frame-src http://localhost:8000" in response["Content-Security-Policy"]
    assert ScormAttempt.objects.filter(progress__enrolment__user=personas.verified_gp).count() == 2


def test_a_trainer_uploads_a_package_and_a_bad_one_gets_a_french_message(personas) -> None:
    course = make_course(personas.institution, status=PublicationStatus.DRAFT)
    lesson = Lesson.objects.create(course=course, kind=Lesson.Kind.SCORM, position=1, title="Module")
    client = personas.client("institution_admin")
    url = reverse("learning:scorm_upload", args=[course.slug, lesson.pk])
    assert client.get(url).status_code == 200
    bad = io.BytesIO(build_zip({"index.html": "x"}))
    bad.name = "cours.zip"
    response = client.post(url, {"package": bad}, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 400
    page = response.content.decode()
    assert "imsmanifest.xml" in page and "n\u2019est pas un paquet SCORM" in page
    assert not ScormPackage.objects.exists()
    good = io.BytesIO(build_package())
    good.name = "cours.zip"
    assert client.post(url, {"package": good}).status_code == 302
    assert ScormPackage.objects.get(lesson=lesson).original_name == "cours.zip"
    assert personas.client("institution_staff").get(url).status_code == 404  # a draft does not exist for them
    # A published version is not changed under its learners.
    published = make_scorm_lesson(make_course(personas.institution))
    again = io.BytesIO(build_package())
    again.name = "cours.zip"
    response = client.post(reverse("learning:scorm_upload", args=[published.course.slug, published.pk]),
                           {"package": again}, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 400 and "nouvelle version" in response.content.decode()


def test_a_new_version_of_the_course_shares_the_package_and_replacing_it_keeps_the_old_files(
        personas, django_capture_on_commit_callbacks) -> None:
    from praxis.core.actor import Actor
    from praxis.learning import services as learning_services

    lesson = make_scorm_lesson(make_course(personas.institution))
    published = lesson.scorm_package
    draft = learning_services.course_new_version(actor=Actor(personas.institution_admin), course=lesson.course)
    copy = ScormPackage.objects.get(lesson__course=draft)
    assert copy.pk != published.pk and copy.content_prefix == published.content_prefix and copy.is_ready
    services.scorm_package_upload(actor=None, lesson=copy.lesson, file=io.BytesIO(build_package(Spec(title="v2"))),
                                  original_name="v2.zip", check=False)
    copy.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.scorm_package_publish(copy.pk, copy.source_key) == "published"
    assert default_storage.exists(published.content_prefix + "sco1.html")  # the published version still plays
    assert default_storage.exists(published.source_key)


def test_a_trainer_adds_a_scorm_lesson_to_a_draft_from_the_course_editor(personas) -> None:
    course = make_course(personas.institution, status=PublicationStatus.DRAFT)
    client = personas.client("institution_admin")
    url = reverse("learning:scorm_lesson_new", args=[course.pk])
    assert 'href="' + url + '"' in client.get(reverse("learning:edit", args=[course.pk])).content.decode()
    bad = io.BytesIO(build_zip({"imsmanifest.xml": "<manifest><organizations>"}))
    bad.name = "module.zip"
    response = client.post(url, {"title": "Module douleur", "package": bad}, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 400 and "XML valide" in response.content.decode()
    assert 'value="Module douleur"' in response.content.decode()  # what was typed is kept
    assert not course.lessons.exists()
    good = io.BytesIO(build_package(Spec(version=SCORM_2004)))
    good.name = "module.zip"
    response = client.post(url, {"title": "Module douleur", "package": good})
    lesson = course.lessons.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/lecons/{lesson.pk}/paquet/")
    assert (lesson.kind, lesson.title, lesson.scorm_package.version) == ("scorm", "Module douleur", "2004")


def test_the_commits_compiled_read_is_the_orms(personas, django_assert_num_queries) -> None:
    """`selectors.attempt_for_commit` runs SQL compiled once: the same attempt, progress, enrolment and package as the
    ORM's query, in one query; a URL that does not hold together (another course's slug, another lesson) is a 404."""
    from django.http import Http404

    from praxis.learning.scorm import selectors

    lesson = make_scorm_lesson(make_course(personas.institution), Spec(scos=[Sco("a", "Un"), Sco("b", "Deux")]))
    other = make_scorm_lesson(make_course(personas.institution))
    attempts = open_attempts(personas.verified_gp, lesson)
    for attempt in attempts:
        expected = (ScormAttempt.objects.filter(pk=attempt.pk).select_related("progress__enrolment", "package")
                    .get())
        with django_assert_num_queries(1):
            found = selectors.attempt_for_commit(lesson.course.slug, lesson.pk, attempt.pk)
            related = (found.progress, found.progress.enrolment, found.package)
        assert related == (expected.progress, expected.progress.enrolment, expected.package)
        for obj, want in zip((found, *related), (expected, expected.progress, expected.progress.enrolment,
                                                  expected.package), strict=True):
            fields = [field.attname for field in type(obj)._meta.concrete_fields]
            assert [getattr(obj, name) for name in fields] == [getattr(want, name) for name in fields]
        for slug, lesson_id in ((other.course.slug, lesson.pk), (lesson.course.slug, other.pk), ("x", lesson.pk)):
            with pytest.raises(Http404):
                selectors.attempt_for_commit(slug, lesson_id, attempt.pk)
