"""`manage.py import_scorm`: a course with one SCORM lesson from a zip, its URL on the last line."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from praxis.learning.models import Course, Lesson, PublicationStatus
from praxis.learning.scorm.builder import Sco, Spec, build_package, build_zip
from praxis.learning.scorm.package import SCORM_2004
from praxis.testing import make_institution_member, make_member

pytestmark = pytest.mark.django_db


def run(*args: str) -> list[str]:
    out = io.StringIO()
    call_command("import_scorm", *args, stdout=out)
    return out.getvalue().strip().splitlines()


def test_import_creates_a_published_course_with_one_scorm_lesson_and_prints_its_url(tmp_path, personas) -> None:
    trainer = make_member("formatrice@example.test")
    make_institution_member(personas.institution, trainer, "trainer")
    path = tmp_path / "hygiene.zip"
    path.write_bytes(build_package(Spec(version=SCORM_2004, title="Hygiène", scos=[Sco("a", "Un"), Sco("b", "Deux")])))
    lines = run(str(path), "--title", "Hygiène des mains", "--owner", trainer.email,
                "--institution", personas.institution.slug, "--publish")
    course = Course.objects.get()
    lesson = Lesson.objects.get(course=course)
    assert course.status == PublicationStatus.PUBLISHED and course.owner_institution == personas.institution
    assert lesson.kind == Lesson.Kind.SCORM and lesson.scorm_package.is_ready
    assert lines[-1] == f"http://127.0.0.1:8000/formation/cours/{course.slug}/lecons/{lesson.pk}/"
    assert "SCORM 2004" in lines[0] and "2 SCO(s)" in lines[0]


def test_import_refuses_a_bad_package_and_an_owner_who_may_not_write(tmp_path, personas) -> None:
    bad = tmp_path / "bad.zip"
    bad.write_bytes(build_zip({"index.html": "x"}))
    admin = personas.platform_admin
    with translation.override("fr"), pytest.raises(CommandError, match=r"imsmanifest\.xml"):
        run(str(bad), "--title", "T", "--owner", admin.email)
    good = tmp_path / "good.zip"
    good.write_bytes(build_package())
    with pytest.raises(CommandError):
        run(str(good), "--title", "T", "--owner", personas.verified_gp.email)
    with pytest.raises(CommandError, match="No institution"):
        run(str(good), "--title", "T", "--owner", admin.email, "--institution", "nope")
    assert not Course.objects.exists()


def test_learning_progress_reports_the_scorm_fields(personas) -> None:
    import json

    from praxis.learning.tests.factories import make_enrolment

    from .factories import make_scorm_lesson
    from .test_services import open_attempts, post_commit

    lesson = make_scorm_lesson(make_course_for_progress(), Spec(scos=[Sco("sco1", "Un", mastery_score=50)]))
    make_enrolment(lesson.course, personas.verified_gp)
    [attempt] = open_attempts(personas.verified_gp, lesson)
    post_commit(personas.client("verified_gp"), attempt, cmi={"cmi": {"suspend_data": "abc", "core": {
        "lesson_location": "p3", "exit": "suspend", "session_time": "0000:05:00", "score": {"raw": "40"}}}})
    out = io.StringIO()
    call_command("learning_progress", "--user", personas.verified_gp.email, "--course", lesson.course.slug, "--json",
                 stdout=out)
    [row] = json.loads(out.getvalue())["lessons"]
    assert row == {**row, "kind": "scorm", "status": "in_progress", "score": 40.0, "attempts": 1,
                   "total_time_seconds": 300, "location_stored": True, "suspend_data_stored": True}
    assert row["scos"] == [{"item": "item-sco1", "status": "failed", "score": 40.0, "total_time_seconds": 300,
                            "location": "p3", "suspend_data_length": 3}]


def make_course_for_progress():
    from praxis.learning.tests.factories import make_course

    return make_course(None, slug="suivi-scorm")
