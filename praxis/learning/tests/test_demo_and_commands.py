"""Demo data and the `learning_progress` command."""

import json
from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from praxis.accounts import demo as accounts_demo
from praxis.content import demo as content_demo
from praxis.core.actor import Actor
from praxis.institutions import demo as institutions_demo
from praxis.learning import demo, services
from praxis.learning.models import Course, Enrolment, Lesson, LessonProgress

from .factories import make_capsule_lesson, make_course, make_quiz_lesson, make_text_lesson, right_answers

pytestmark = pytest.mark.django_db


def test_the_demo_hospital_has_courses_including_a_quiz_and_a_scorm_package_and_is_idempotent(monkeypatch):
    monkeypatch.setattr(content_demo, "VIDEOS_AT_MOST", 0)
    accounts_demo.seed()
    institutions_demo.seed()
    content_demo.seed()
    assert demo.seed() == "5 courses; 45 staff, 112 assigned; programme shared with 2 institutions"
    # the platform's course waiting for review (the reviewer's list)
    waiting = Course.objects.get(slug="antibiotiques-bon-usage")
    assert waiting.status == "in_review" and waiting.owner_institution is None and waiting.reviews.get().is_open
    courses = Course.objects.filter(owner_institution__slug="chu-de-liege")
    assert courses.count() == 5 and all(c.is_published for c in courses)
    # the cross-border programme: two courses in order, followed by the staff of two partner institutions
    from praxis.learning.models import Programme

    programme = Programme.objects.get(slug="parcours-transfrontalier-prevention")
    assert programme.status == "published" and programme.shared_with.count() == 2
    assert list(programme.items.values_list("course__slug", flat=True)) == [
        "precautions-standard-transfrontalier", "securite-incendie"]
    scorm = Lesson.objects.get(course__in=courses, kind="scorm")
    assert scorm.scorm_package.is_ready and len(scorm.scorm_package.launchable()) == 2
    assert Lesson.objects.filter(course__in=courses, kind="quiz", quiz__questions__isnull=False).exists()
    assert Lesson.objects.filter(course__in=courses, kind="document").exists()
    assert Enrolment.objects.filter(user__email="claire.renard@praxis.local", status="in_progress").exists()
    assert Enrolment.objects.filter(user__email="dr.martin@praxis.local", status="completed").exists()
    counts = (Course.objects.count(), Lesson.objects.count(), Enrolment.objects.count())
    assert demo.seed() == "0 courses; staff already there; programme shared with 2 institutions"
    assert (Course.objects.count(), Lesson.objects.count(), Enrolment.objects.count()) == counts
    # the CHU's staff: departments, a manager, assignments, some overdue and some done
    from praxis.learning.mandatory.models import Department, StaffAssignment

    assert Department.objects.filter(institution__slug="chu-de-liege", managers__isnull=False).exists()
    today = timezone.localdate()
    rounds = StaffAssignment.objects.filter(assignment__institution__slug="chu-de-liege")
    assert rounds.filter(completed_at__isnull=True, due_on__lt=today).exists()
    assert rounds.filter(completed_at__isnull=False).exists()


def test_learning_progress_prints_each_lesson_as_json(personas):
    gp = Actor(personas.verified_gp)
    course = make_course(None, slug="suivi")
    text = make_text_lesson(course, title="Lire")
    capsule = make_capsule_lesson(course, personas.moderator, duration=100)
    quiz = make_quiz_lesson(course, questions=1, pass_mark=100)
    enrolment = services.enrolment_create(actor=gp, course=course)
    services.lesson_acknowledge(actor=gp, enrolment=enrolment, lesson=text)
    services.lesson_open(actor=gp, enrolment=enrolment, lesson=capsule)
    LessonProgress.objects.filter(lesson=capsule).update(last_heartbeat_at=timezone.now() - timedelta(seconds=30))
    services.capsule_heartbeat(actor=gp, enrolment=enrolment, lesson=capsule, played=[[0, 30]], position=30)
    answers: Any
    for answers in ({}, None):
        attempt = services.quiz_attempt_start(actor=gp, enrolment=enrolment, lesson=quiz)
        services.quiz_attempt_submit(actor=gp, attempt=attempt,
                                     answers=answers if answers is not None else right_answers(attempt.question_ids))
    out = StringIO()
    call_command("learning_progress", "--user", "gp@example.test", "--course", "suivi", "--json", stdout=out)
    report = json.loads(out.getvalue())
    assert report["enrolment"]["status"] == "completed" or report["enrolment"]["status"] == "in_progress"
    rows = {row["kind"]: row for row in report["lessons"]}
    assert rows["text"]["status"] == "completed"
    assert rows["capsule"]["status"] == "in_progress" and rows["capsule"]["location_stored"] is True
    assert rows["capsule"]["total_time_seconds"] >= 30
    assert rows["quiz"] == {**rows["quiz"], "status": "completed", "score": 100.0, "attempts": 2,
                            "suspend_data_stored": False}
    table = StringIO()
    call_command("learning_progress", "--user", "gp@example.test", "--course", "suivi", stdout=table)
    assert "attempts=2" in table.getvalue()
    with pytest.raises(CommandError):
        call_command("learning_progress", "--user", "outsider@example.test", "--course", "suivi")
