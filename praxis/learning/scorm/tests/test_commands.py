"""`manage.py import_scorm`: a course with one SCORM lesson from a zip, its URL on the last line."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from praxis.core.testing import make_institution_member, make_member
from praxis.learning.models import Course, Lesson, PublicationStatus
from praxis.learning.scorm.builder import Sco, Spec, build_package, build_zip
from praxis.learning.scorm.package import SCORM_2004

pytestmark = pytest.mark.django_db


def run(*args: str) -> list[str]:
    out = io.StringIO()
    call_command("import_scorm", *args, stdout=out)
    return out.getvalue().strip().splitlines()


def test_import_creates_a_published_course_with_one_scorm_lesson_and_prints_its_url(tmp_path, personas) -> None:  # noqa: ANN001
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


def test_import_refuses_a_bad_package_and_an_owner_who_may_not_write(tmp_path, personas) -> None:  # noqa: ANN001
    bad = tmp_path / "bad.zip"
    bad.write_bytes(build_zip({"index.html": "x"}))
    admin = personas.platform_admin
    with translation.override("fr"), pytest.raises(CommandError, match="imsmanifest.xml"):
        run(str(bad), "--title", "T", "--owner", admin.email)
    good = tmp_path / "good.zip"
    good.write_bytes(build_package())
    with pytest.raises(CommandError):
        run(str(good), "--title", "T", "--owner", personas.verified_gp.email)
    with pytest.raises(CommandError, match="No institution"):
        run(str(good), "--title", "T", "--owner", admin.email, "--institution", "nope")
    assert not Course.objects.exists()
