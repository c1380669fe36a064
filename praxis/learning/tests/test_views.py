"""Learner pages: catalogue, course, lessons, quiz, heartbeats, my training."""

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from praxis.learning.models import Enrolment, LessonProgress, QuizAttempt, Visibility
from praxis.testing import make_institution, make_member

from .factories import make_capsule_lesson, make_course, make_enrolment, make_quiz_lesson, make_text_lesson

pytestmark = pytest.mark.django_db


def _french(client):
    client.cookies["django_language"] = "fr"
    return client


def test_the_catalogue_lists_courses_within_reach_and_not_another_institutions_internal_ones(personas):
    make_course(None, title="Hygiène des mains", lessons=1)
    make_course(make_institution(), title="Accueil interne du CHU", visibility=Visibility.INTERNAL, lessons=1)
    make_course(personas.institution, title="Accueil de la clinique", visibility=Visibility.INTERNAL, lessons=1)
    outsider = personas.client("outsider").get(reverse("learning:catalogue")).content.decode()
    staff = personas.client("institution_staff").get(reverse("learning:catalogue")).content.decode()
    assert "Hygiène des mains" in outsider and "Accueil" not in outsider
    assert "Accueil de la clinique" in staff and "Accueil interne du CHU" not in staff


def test_the_catalogue_query_count_does_not_grow_with_courses(personas, django_assert_max_num_queries):
    client = personas.client("verified_gp")
    for i in range(3):
        make_course(None, title=f"Cours {i}", lessons=2)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("learning:catalogue"))
    for i in range(10):
        make_course(None, title=f"Autre cours {i}", lessons=2)
    with CaptureQueriesContext(connection) as many:
        assert client.get(reverse("learning:catalogue")).content.decode().count("<li class=\"card\">") == 13
    assert len(many) == len(few)


def test_my_training_query_count_does_not_grow_with_enrolments(personas):
    client = personas.client("verified_gp")
    make_enrolment(make_course(None, lessons=2), personas.verified_gp)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("learning:mine"))
    for _ in range(6):
        course = make_course(None, lessons=2)
        make_enrolment(course, personas.verified_gp, last_lesson=course.lessons.first())
    make_enrolment(make_course(None, lessons=1), personas.verified_gp, status=Enrolment.Status.COMPLETED,
                   completed_at=timezone.now(), valid_until=timezone.localdate() + timedelta(days=10))
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("learning:mine")).content.decode()
    assert len(many) == len(few)
    assert "expires on" in page or "expire le" in page


def test_the_course_page_shows_progress_and_resumes_at_the_next_lesson(personas):
    course = make_course(None, slug="hygiene")
    first, second = make_text_lesson(course, title="Premier"), make_text_lesson(course, title="Second")
    client = _french(personas.client("verified_gp"))
    assert "inscrire" in client.get(reverse("learning:course", args=["hygiene"])).content.decode()
    assert client.post(reverse("learning:enrol", args=["hygiene"])).status_code == 302
    client.post(reverse("learning:acknowledge", args=["hygiene", first.pk]))
    page = client.get(reverse("learning:course", args=["hygiene"])).content.decode()
    assert "50" in page and reverse("learning:lesson", args=["hygiene", second.pk]) in page


def test_a_course_page_with_many_lessons_uses_a_bounded_number_of_queries(personas):
    course = make_course(None, slug="long")
    client = personas.client("verified_gp")
    make_enrolment(course, personas.verified_gp)
    make_text_lesson(course)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("learning:course", args=["long"]))
    for _ in range(15):
        make_text_lesson(course)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("learning:course", args=["long"]))
    assert len(many) == len(few)


def test_a_locked_lesson_is_refused_until_its_prerequisite_is_done(personas):
    course = make_course(None, slug="ordre")
    first = make_text_lesson(course)
    second = make_text_lesson(course, prerequisite=first)
    make_enrolment(course, personas.verified_gp)
    client = personas.client("verified_gp")
    assert client.get(reverse("learning:lesson", args=["ordre", second.pk])).status_code == 403
    client.post(reverse("learning:acknowledge", args=["ordre", first.pk]))
    assert client.get(reverse("learning:lesson", args=["ordre", second.pk])).status_code == 200


def test_the_quiz_page_never_sends_the_answers_before_submission(personas):
    course = make_course(None, slug="quiz")
    lesson = make_quiz_lesson(course, questions=2, max_attempts=3)
    make_enrolment(course, personas.verified_gp)
    client = personas.client("verified_gp")
    client.post(reverse("learning:quiz_start", args=["quiz", lesson.pk]))
    page = client.get(reverse("learning:lesson", args=["quiz", lesson.pk])).content.decode()
    assert "30 secondes" in page and "5 secondes" in page  # both choices shown...
    assert "Il faut 20" not in page and "correct" not in page.lower()  # ...nothing says which one is right
    attempt = QuizAttempt.objects.get()
    choice = attempt.quiz.questions.all()[0].choices.get(is_correct=False)
    response = client.post(reverse("learning:quiz_submit", args=["quiz", lesson.pk, attempt.pk]),
                           {f"q{attempt.question_ids[0]}": [choice.pk]})
    assert response.status_code == 302
    again = client.post(reverse("learning:quiz_submit", args=["quiz", lesson.pk, attempt.pk]), {}, follow=True)
    assert "already been submitted" in again.content.decode() or "déjà été envoyée" in again.content.decode()
    attempt.refresh_from_db()
    assert attempt.score == 0


def test_a_heartbeat_is_answered_with_the_coverage_and_an_implausible_one_with_a_message(personas):
    course = make_course(None, slug="video")
    lesson = make_capsule_lesson(course, personas.moderator, duration=100)
    make_enrolment(course, personas.verified_gp)
    client = _french(personas.client("verified_gp"))
    assert client.get(reverse("learning:lesson", args=["video", lesson.pk])).status_code == 200
    LessonProgress.objects.update(last_heartbeat_at=timezone.now() - timedelta(seconds=20))
    url = reverse("learning:heartbeat", args=["video", lesson.pk])
    response = client.post(url, json.dumps({"played": [[0, 20]], "position": 20}), content_type="application/json")
    assert response.json() == {"seconds_watched": 20, "percent": 20, "completed": False}
    response = client.post(url, json.dumps({"played": [[20, 100]], "position": 100}),
                           content_type="application/json")
    assert response.status_code == 400 and "temps" in response.json()["error"]
    assert client.post(url, "not json", content_type="application/json").status_code == 400


def test_the_capsule_page_resumes_at_the_last_position(personas):
    course = make_course(None, slug="reprise")
    lesson = make_capsule_lesson(course, personas.moderator, duration=100)
    enrolment = make_enrolment(course, personas.verified_gp)
    LessonProgress.objects.create(enrolment=enrolment, lesson=lesson, position_seconds=42.5,
                                  status=LessonProgress.Status.IN_PROGRESS)
    page = personas.client("verified_gp").get(reverse("learning:lesson", args=["reprise", lesson.pk])).content
    assert b'data-resume="42.5"' in page


def test_a_trainer_previews_a_draft_without_recording_anything(personas):
    trainer = make_member("trainer@example.test")
    from praxis.testing import make_institution_member

    make_institution_member(personas.institution, trainer, "trainer")
    course = make_course(personas.institution, slug="brouillon", status="draft")
    lesson = make_text_lesson(course)
    from django.test import Client

    client = Client()
    client.force_login(trainer)
    page = client.get(reverse("learning:lesson", args=["brouillon", lesson.pk]))
    assert page.status_code == 200 and not LessonProgress.objects.exists()
