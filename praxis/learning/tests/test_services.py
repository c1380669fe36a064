"""The learning services: enrolment, progress of each kind of lesson, quizzes, completion, versions."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from praxis.core.actor import Actor
from praxis.core.models import AuditEntry
from praxis.learning import services
from praxis.learning.models import (
    Course,
    Enrolment,
    Lesson,
    LessonProgress,
    PublicationStatus,
    QuestionPool,
    QuizAttempt,
    Visibility,
)
from praxis.testing import make_institution_member, make_member

from .factories import (
    make_capsule_lesson,
    make_course,
    make_document_lesson,
    make_question,
    make_quiz_lesson,
    make_text_lesson,
    right_answers,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def gp(personas):
    return Actor(personas.verified_gp)


def _age_progress(enrolment, lesson, seconds):
    """Pretend the previous report was sent `seconds` ago."""
    LessonProgress.objects.filter(enrolment=enrolment, lesson=lesson).update(
        last_heartbeat_at=timezone.now() - timedelta(seconds=seconds))


# --- enrolment ---------------------------------------------------------------------------------------------------

def test_enrolling_twice_returns_the_same_enrolment_and_is_audited_once(gp):
    course = make_course(None, lessons=1)
    first = services.enrolment_create(actor=gp, course=course)
    assert services.enrolment_create(actor=gp, course=course) == first
    assert AuditEntry.objects.filter(action="learning.enrolment.created").count() == 1


def test_an_outsider_cannot_enrol_in_an_internal_course(personas):
    course = make_course(personas.institution, visibility=Visibility.INTERNAL, lessons=1)
    with pytest.raises(PermissionDenied):
        services.enrolment_create(actor=Actor(personas.outsider), course=course)
    assert services.enrolment_create(actor=Actor(personas.institution_staff), course=course)


# --- capsules ----------------------------------------------------------------------------------------------------

def test_a_capsule_is_done_once_ninety_percent_of_its_distinct_seconds_were_played(personas, gp):
    course = make_course(None)
    lesson = make_capsule_lesson(course, personas.moderator, duration=100)
    enrolment = services.enrolment_create(actor=gp, course=course)
    services.lesson_open(actor=gp, enrolment=enrolment, lesson=lesson)
    _age_progress(enrolment, lesson, 30)
    progress = services.capsule_heartbeat(actor=gp, enrolment=enrolment, lesson=lesson, played=[[0, 30]],
                                          position=30)
    assert (progress.seconds_watched, progress.status) == (30, LessonProgress.Status.IN_PROGRESS)
    _age_progress(enrolment, lesson, 30)  # the same half minute again: nothing new
    progress = services.capsule_heartbeat(actor=gp, enrolment=enrolment, lesson=lesson, played=[[0, 30]],
                                          position=30)
    assert progress.seconds_watched == 30
    for start in (30, 60):
        _age_progress(enrolment, lesson, 30)
        progress = services.capsule_heartbeat(actor=gp, enrolment=enrolment, lesson=lesson,
                                              played=[[start, start + 30]], position=start + 30)
    assert (progress.seconds_watched, progress.status) == (90, LessonProgress.Status.COMPLETED)
    assert progress.position_seconds == 90
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.COMPLETED and enrolment.last_lesson == lesson


def test_a_heartbeat_claiming_more_seconds_than_elapsed_is_refused_and_changes_nothing(personas, gp):
    course = make_course(None)
    lesson = make_capsule_lesson(course, personas.moderator, duration=600)
    enrolment = services.enrolment_create(actor=gp, course=course)
    services.lesson_open(actor=gp, enrolment=enrolment, lesson=lesson)
    _age_progress(enrolment, lesson, 10)
    with pytest.raises(services.ProgressRefused):
        services.capsule_heartbeat(actor=gp, enrolment=enrolment, lesson=lesson, played=[[0, 540]], position=540)
    progress = LessonProgress.objects.get(enrolment=enrolment, lesson=lesson)
    assert (progress.seconds_watched, progress.watched_intervals, progress.status) == (
        0, [], LessonProgress.Status.IN_PROGRESS)


def test_coming_back_later_does_not_allow_reporting_the_whole_video_at_once(personas, gp):
    course = make_course(None)
    lesson = make_capsule_lesson(course, personas.moderator, duration=600)
    enrolment = services.enrolment_create(actor=gp, course=course)
    services.lesson_open(actor=gp, enrolment=enrolment, lesson=lesson)
    _age_progress(enrolment, lesson, 3 * 24 * 3600)  # opened three days ago...
    services.lesson_open(actor=gp, enrolment=enrolment, lesson=lesson)  # ...and again now
    with pytest.raises(services.ProgressRefused):
        services.capsule_heartbeat(actor=gp, enrolment=enrolment, lesson=lesson, played=[[0, 600]], position=600)


def test_seeking_to_the_end_does_not_complete_a_capsule(personas, gp):
    course = make_course(None)
    lesson = make_capsule_lesson(course, personas.moderator, duration=100)
    enrolment = services.enrolment_create(actor=gp, course=course)
    services.lesson_open(actor=gp, enrolment=enrolment, lesson=lesson)
    _age_progress(enrolment, lesson, 15)
    # The player reports only what it played: the first ten seconds, then the last five after the jump.
    progress = services.capsule_heartbeat(actor=gp, enrolment=enrolment, lesson=lesson, played=[[0, 10], [95, 100]],
                                          position=100)
    assert progress.seconds_watched == 15 and progress.status == LessonProgress.Status.IN_PROGRESS


def test_only_the_learner_reports_their_progress(personas, gp):
    course = make_course(None)
    lesson = make_capsule_lesson(course, personas.moderator)
    enrolment = services.enrolment_create(actor=gp, course=course)
    with pytest.raises(PermissionDenied):
        services.capsule_heartbeat(actor=Actor(personas.outsider), enrolment=enrolment, lesson=lesson,
                                   played=[[0, 1]], position=1)


def test_an_unreadable_heartbeat_is_a_validation_error(personas, gp):
    course = make_course(None)
    lesson = make_capsule_lesson(course, personas.moderator)
    enrolment = services.enrolment_create(actor=gp, course=course)
    with pytest.raises(ValidationError):
        services.capsule_heartbeat(actor=gp, enrolment=enrolment, lesson=lesson, played=[["a", "b"]], position=0)


# --- documents and text ------------------------------------------------------------------------------------------

def test_a_document_must_be_opened_before_it_is_acknowledged(personas, gp):
    course = make_course(None)
    lesson = make_document_lesson(course, personas.moderator)
    enrolment = services.enrolment_create(actor=gp, course=course)
    with pytest.raises(ValidationError):
        services.lesson_acknowledge(actor=gp, enrolment=enrolment, lesson=lesson)
    services.document_opened(actor=gp, enrolment=enrolment, lesson=lesson)
    progress = services.lesson_acknowledge(actor=gp, enrolment=enrolment, lesson=lesson)
    assert progress.status == LessonProgress.Status.COMPLETED and progress.acknowledged_at


def test_completing_every_lesson_completes_the_course_with_its_validity(gp):
    course = make_course(None, certificate_validity_months=12)
    lessons = [make_text_lesson(course), make_text_lesson(course)]
    enrolment = services.enrolment_create(actor=gp, course=course)
    services.lesson_acknowledge(actor=gp, enrolment=enrolment, lesson=lessons[0])
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.IN_PROGRESS
    services.lesson_acknowledge(actor=gp, enrolment=enrolment, lesson=lessons[1])
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.COMPLETED
    today = timezone.localdate()
    assert enrolment.valid_until and (enrolment.valid_until - today).days in range(365, 367)
    assert AuditEntry.objects.filter(action="learning.enrolment.completed").count() == 1


def test_validity_months_land_on_the_last_day_of_a_shorter_month():
    from datetime import date

    assert services._add_months(date(2027, 1, 31), 1) == date(2027, 2, 28)
    assert services._add_months(date(2027, 11, 30), 3) == date(2028, 2, 29)
    assert services._add_months(date(2026, 12, 1), 12) == date(2027, 12, 1)


# --- quizzes -----------------------------------------------------------------------------------------------------

def test_a_quiz_is_scored_on_exact_answers_and_passes_at_its_pass_mark(gp):
    course = make_course(None)
    lesson = make_quiz_lesson(course, questions=2, pass_mark=100)
    enrolment = services.enrolment_create(actor=gp, course=course)
    attempt = services.quiz_attempt_start(actor=gp, enrolment=enrolment, lesson=lesson)
    answers = right_answers(attempt.question_ids)
    first = str(attempt.question_ids[0])
    wrong = {**answers, first: answers[first] + [answers[first][0] + 1]}  # the right one plus a wrong one
    attempt = services.quiz_attempt_submit(actor=gp, attempt=attempt, answers=wrong)
    assert (attempt.score, attempt.passed) == (Decimal("50.00"), False)
    attempt = services.quiz_attempt_start(actor=gp, enrolment=enrolment, lesson=lesson)
    attempt = services.quiz_attempt_submit(actor=gp, attempt=attempt, answers=answers)
    assert (attempt.score, attempt.passed, attempt.number) == (Decimal("100.00"), True, 2)
    progress = LessonProgress.objects.get(enrolment=enrolment, lesson=lesson)
    assert progress.status == LessonProgress.Status.COMPLETED and progress.score == Decimal("100.00")
    assert QuizAttempt.objects.filter(progress=progress).count() == 2  # each attempt kept


def test_a_quiz_submitted_twice_keeps_the_first_submission(gp):
    course = make_course(None)
    lesson = make_quiz_lesson(course, questions=1)
    enrolment = services.enrolment_create(actor=gp, course=course)
    attempt = services.quiz_attempt_start(actor=gp, enrolment=enrolment, lesson=lesson)
    services.quiz_attempt_submit(actor=gp, attempt=attempt, answers={})
    with pytest.raises(ValidationError) as error:
        services.quiz_attempt_submit(actor=gp, attempt=attempt, answers=right_answers(attempt.question_ids))
    assert error.value.code == "already_submitted"
    attempt.refresh_from_db()
    assert attempt.score == 0


def test_no_attempt_beyond_the_limit_and_the_lesson_is_failed(gp):
    course = make_course(None)
    lesson = make_quiz_lesson(course, questions=1, max_attempts=2)
    enrolment = services.enrolment_create(actor=gp, course=course)
    for _ in range(2):
        attempt = services.quiz_attempt_start(actor=gp, enrolment=enrolment, lesson=lesson)
        services.quiz_attempt_submit(actor=gp, attempt=attempt, answers={})
    with pytest.raises(ValidationError) as error:
        services.quiz_attempt_start(actor=gp, enrolment=enrolment, lesson=lesson)
    assert error.value.code == "no_attempts_left"
    assert LessonProgress.objects.get(enrolment=enrolment, lesson=lesson).status == LessonProgress.Status.FAILED


def test_a_submission_after_the_time_limit_is_refused_and_the_attempt_counts(gp):
    course = make_course(None)
    lesson = make_quiz_lesson(course, questions=1, time_limit_minutes=5)
    enrolment = services.enrolment_create(actor=gp, course=course)
    attempt = services.quiz_attempt_start(actor=gp, enrolment=enrolment, lesson=lesson)
    QuizAttempt.objects.filter(pk=attempt.pk).update(deadline_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(ValidationError) as error:
        services.quiz_attempt_submit(actor=gp, attempt=attempt, answers=right_answers(attempt.question_ids))
    assert error.value.code == "time_over"
    attempt.refresh_from_db()
    assert attempt.submitted_at and attempt.passed is False


def test_pools_draw_their_count_at_random_besides_the_fixed_questions(gp):
    course = make_course(None)
    lesson = make_quiz_lesson(course, questions=1)
    pool = QuestionPool.objects.create(quiz=lesson.quiz, title="Hygiène", draw_count=2)
    pooled = {make_question(lesson.quiz, text=f"Variante {i}", pool=pool).pk for i in range(5)}
    drawn_sets = set()
    for _ in range(15):
        drawn = services.draw_questions(lesson.quiz)
        assert len(drawn) == 3 and len(set(drawn[1:]) & pooled) == 2
        drawn_sets.add(frozenset(drawn))
    assert len(drawn_sets) > 1


def test_answers_for_questions_not_drawn_or_choices_of_other_questions_are_ignored(gp):
    course = make_course(None)
    lesson = make_quiz_lesson(course, questions=1, pass_mark=100)
    other = make_question(lesson.quiz, text="Pas tirée ?")
    other.pool = QuestionPool.objects.create(quiz=lesson.quiz, title="vide", draw_count=0)
    other.save()
    enrolment = services.enrolment_create(actor=gp, course=course)
    attempt = services.quiz_attempt_start(actor=gp, enrolment=enrolment, lesson=lesson)
    qid = str(attempt.question_ids[0])
    foreign = other.choices.all()[0].pk
    attempt = services.quiz_attempt_submit(actor=gp, attempt=attempt, answers={qid: [foreign], str(other.pk): [1]})
    assert attempt.answers == {qid: []} and attempt.score == 0


# --- authoring and versions --------------------------------------------------------------------------------------

def test_a_trainer_writes_and_publishes_a_course_for_their_institution(personas):
    trainer = make_member("trainer@example.test")
    make_institution_member(personas.institution, trainer, "trainer")
    actor = Actor(trainer)
    course = services.course_create(actor=actor, data={
        "title": "Hygiène des mains", "summary": "Les cinq moments.", "owner_institution": personas.institution,
        "visibility": Visibility.INTERNAL, "language": "fr", "estimated_minutes": 20, "cpd_rubric": "general"})
    with pytest.raises(ValidationError):
        services.course_publish(actor=actor, course=course)  # no lesson yet
    quiz_lesson = services.lesson_add(actor=actor, course=course, data={"kind": Lesson.Kind.QUIZ, "title": "Quiz"})
    with pytest.raises(ValidationError):
        services.course_publish(actor=actor, course=course)  # the quiz has no question
    services.question_add(actor=actor, quiz=quiz_lesson.quiz, kind="true_false", text="L'alcool suffit ?",
                          choices=[("", True)])
    text = services.lesson_add(actor=actor, course=course, data={"kind": Lesson.Kind.TEXT, "title": "Lire",
                                                                  "body": "<script>x</script>**Important**"})
    assert "<script>" not in text.body_html and "<strong>Important</strong>" in text.body_html
    services.lesson_move(actor=actor, lesson=text, offset=-1)
    assert list(course.lessons.values_list("title", flat=True)) == ["Lire", "Quiz"]
    services.course_publish(actor=actor, course=course)
    course.refresh_from_db()
    assert course.status == PublicationStatus.PUBLISHED


def test_a_trainer_cannot_write_for_another_institution(personas):
    trainer = make_member("trainer@example.test")
    make_institution_member(personas.institution, trainer, "trainer")
    from praxis.testing import make_institution

    with pytest.raises(ValidationError):
        services.course_create(actor=Actor(trainer), data={
            "title": "X", "summary": "Y", "owner_institution": make_institution(), "visibility": "open"})


def test_editing_a_published_course_makes_a_new_version_and_learners_in_progress_keep_theirs(personas, gp):
    admin = Actor(personas.institution_admin)
    course = make_course(personas.institution, slug="hygiene")
    first = make_text_lesson(course, title="Un")
    make_quiz_lesson(course, questions=2)
    make_text_lesson(course, title="Trois", prerequisite=first)
    enrolment = services.enrolment_create(actor=gp, course=course)
    with pytest.raises(ValidationError):
        services.lesson_add(actor=admin, course=course, data={"kind": "text", "title": "Quatre"})
    draft = services.course_new_version(actor=admin, course=course)
    assert services.course_new_version(actor=admin, course=course) == draft
    assert (draft.slug, draft.version, draft.status) == ("hygiene", 2, PublicationStatus.DRAFT)
    copies = list(draft.lessons.all())
    assert [lesson.title for lesson in copies] == ["Un", "Vérifiez vos connaissances", "Trois"]
    assert copies[2].prerequisite == copies[0] and copies[1].quiz.questions.count() == 2
    services.lesson_add(actor=admin, course=draft, data={"kind": "text", "title": "Quatre"})
    services.course_publish(actor=admin, course=draft)
    course.refresh_from_db()
    assert course.status == PublicationStatus.ARCHIVED
    enrolment.refresh_from_db()
    assert enrolment.course == course and course.lessons.count() == 3
    newcomer = services.enrolment_create(actor=Actor(personas.outsider), course=Course.objects.get(
        slug="hygiene", status=PublicationStatus.PUBLISHED))
    assert newcomer.course == draft


def test_completing_a_course_issues_one_certificate_and_one_record_line(personas, gp):
    from praxis.cpd.models import Attestation, Entry

    course = make_course(personas.institution, certificate_validity_months=12, cpd_points=Decimal("1.5"),
                         cpd_rubric="ethics_economics", estimated_minutes=90, title="Éthique du soin")
    lesson = make_text_lesson(course)
    enrolment = services.enrolment_create(actor=gp, course=course)
    services.lesson_acknowledge(actor=gp, enrolment=enrolment, lesson=lesson)
    services.lesson_acknowledge(actor=gp, enrolment=enrolment, lesson=lesson)  # again: nothing new
    enrolment.refresh_from_db()
    attestation = Attestation.objects.get()
    assert enrolment.certificate == attestation
    assert (attestation.kind, attestation.title, attestation.issuer_institution, attestation.points,
            attestation.rubric, attestation.hours, attestation.valid_until, attestation.state) == (
        "course_certificate", "Éthique du soin", personas.institution, Decimal("1.5"), "ethics_economics",
        Decimal("1.5"), enrolment.valid_until, "valid")
    entry = Entry.objects.get(member=personas.verified_gp)
    assert (entry.activity_type, entry.origin, entry.attestation, entry.source_key) == (
        "course", "issued", attestation, f"learning.completion:{enrolment.pk}")
