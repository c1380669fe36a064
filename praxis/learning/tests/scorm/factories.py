"""Factories of the SCORM tests: a SCORM lesson with a package built by code, unpacked to storage."""

from __future__ import annotations

import io
from typing import Any

from praxis.learning.models import Course, Lesson
from praxis.learning.scorm import services
from praxis.learning.scorm.builder import Spec, build_package
from praxis.learning.scorm.models import ScormPackage


def make_scorm_lesson(course: Course, spec: Spec | None = None, **fields: Any) -> Lesson:
    lesson = Lesson.objects.create(course=course, kind=Lesson.Kind.SCORM, position=course.lessons.count() + 1,
                                   title=fields.pop("title", "Module SCORM"), **fields)
    data = build_package(spec)
    package = services.scorm_package_upload(actor=None, lesson=lesson, file=io.BytesIO(data),
                                            original_name="module.zip", check=False)
    services.scorm_package_publish(package.pk, package.source_key)  # no-op if the task already ran (on commit)
    assert ScormPackage.objects.get(pk=package.pk).is_ready
    return Lesson.objects.select_related("course", "scorm_package").get(pk=lesson.pk)
