"""Benchmark data of the SCORM part: the bench reader's attempt in a SCORM lesson, and a realistic commit body."""

from __future__ import annotations

import io
import json
from typing import Any

from praxis.learning.models import Course, Enrolment, Lesson, LessonProgress, PublicationStatus, Visibility

from .builder import Spec, build_package
from .models import ScormAttempt

SLUG = "bench-scorm"


def bench_attempt(reader: Any) -> ScormAttempt:
    """The reader's attempt in the bench SCORM course (created on first use; idempotent)."""
    from . import services

    course = Course.objects.filter(slug=SLUG).first()
    if course is None:
        course = Course.objects.create(slug=SLUG, title="Module SCORM (bench)", summary="Bench.",
                                       visibility=Visibility.OPEN, status=PublicationStatus.PUBLISHED)
    lesson = Lesson.objects.filter(course=course, kind=Lesson.Kind.SCORM).first()
    if lesson is None:
        lesson = Lesson.objects.create(course=course, kind=Lesson.Kind.SCORM, position=1, title="Module")
        package = services.scorm_package_upload(actor=None, lesson=lesson, file=io.BytesIO(build_package(Spec())),
                                                original_name="bench.zip", check=False)
        services.scorm_package_publish(package.pk, package.source_key)
    enrolment, _ = Enrolment.objects.get_or_create(user=reader, course=course)
    progress, _ = LessonProgress.objects.get_or_create(enrolment=enrolment, lesson=lesson)
    attempt, _ = ScormAttempt.objects.get_or_create(progress=progress, package=lesson.scorm_package,
                                                    item_identifier="item-sco1")
    return attempt


def commit_body() -> str:
    """A SCORM 1.2 commit as scorm-again renders it: 2 KB of suspend data, 5 interactions. `{i}` is the sequence."""
    interactions = {str(n): {"id": f"q{n}", "type": "choice", "student_response": "a", "result": "correct",
                             "time": "", "weighting": "", "latency": "", "objectives": {}, "correct_responses": {}}
                    for n in range(5)}
    cmi = {"cmi": {"suspend_data": "x" * 2048, "launch_data": "", "comments": "", "core": {
        "student_id": "1", "student_name": "Bench", "lesson_location": "page-3", "credit": "credit",
        "lesson_status": "incomplete", "entry": "", "lesson_mode": "normal", "exit": "suspend",
        "session_time": "00:00:30", "score": {"raw": "70", "min": "0", "max": "100"}},
        "objectives": {}, "interactions": interactions}}
    return json.dumps({"launch": "bench-launch-{t}", "seq": "{i}", "terminated": False, "status_set_by_sco": True,
                       "elapsed": 30, "cmi": cmi}).replace('"{i}"', "{i}")
