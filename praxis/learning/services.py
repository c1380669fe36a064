"""Every write of the learning app. Keyword-only, atomic, validated, one audit entry per state change.

Progress reports (heartbeats) are not audited one by one: only what they change in state (a lesson or a course
completed) is.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from praxis.content.markup import render_article
from praxis.core import audit
from praxis.core.actor import Actor
from praxis.core.audit import Action
from praxis.core.concurrency import lock_unchanged
from praxis.core.privacy import check_no_patient_identifiers
from praxis.review.models import CHECKLIST_FIELDS

from . import progress as coverage
from . import rules
from .models import (
    Choice,
    Course,
    CourseReview,
    Enrolment,
    Lesson,
    LessonProgress,
    PublicationStatus,
    Question,
    QuestionPool,
    Quiz,
    QuizAttempt,
    Visibility,
)

COURSE_FIELDS = [
    "title", "summary", "target_professions", "language", "estimated_minutes", "cpd_points", "cpd_rubric",
    "certificate_validity_months", "owner_institution", "visibility",
]
LESSON_FIELDS = ["kind", "title", "prerequisite", "content", "body", "estimated_minutes"]


# --- authoring ---------------------------------------------------------------------------------------------------

def _unique_slug(title: str) -> str:
    base = slugify(title)[:200] or "cours"
    slug, n = base, 1
    while Course.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _check_owner(actor: Actor, institution: Any) -> None:
    if not rules.can_write_for(actor, institution):
        if institution is None:
            raise ValidationError({"owner_institution": _("Only platform administrators write platform courses.")})
        raise ValidationError({"owner_institution": _("You cannot write courses for this institution.")})


@transaction.atomic
def course_create(*, actor: Actor, data: dict[str, Any], themes: Any = (), shared_with: Any = ()) -> Course:
    """A new draft course owned by one of the actor's institutions (or by the platform)."""
    rules.check_author_courses(actor)
    _check_owner(actor, data.get("owner_institution"))
    course = Course(created_by=actor.user, **{k: v for k, v in data.items() if k in COURSE_FIELDS})
    course.slug = _unique_slug(course.title)
    course.full_clean()
    course.save()
    course.themes.set(themes)
    course.shared_with.set(shared_with if course.visibility == Visibility.SHARED else [])
    audit.log(actor, Action.LEARNING_COURSE_CREATED, course, {"owner_institution_id": course.owner_institution_id})
    return course


def _check_editable(actor: Actor, course: Course) -> None:
    rules.check_edit_course(actor, course)
    if course.status != PublicationStatus.DRAFT:
        raise ValidationError(_("Only a draft can be changed: start a new version of this course first."))


@transaction.atomic
def course_update(*, actor: Actor, course: Course, data: dict[str, Any], themes: Any = (),
                  shared_with: Any = (), seen: str | None = None) -> Course:
    """`seen`: the change the editor's page showed (see core.concurrency); a course changed since is not overwritten."""
    _check_editable(actor, course)
    lock_unchanged(course, seen)
    if "owner_institution" in data and data["owner_institution"] != course.owner_institution:
        _check_owner(actor, data["owner_institution"])
    for key, value in data.items():
        if key in COURSE_FIELDS:
            setattr(course, key, value)
    course.full_clean()
    course.save()
    course.themes.set(themes)
    course.shared_with.set(shared_with if course.visibility == Visibility.SHARED else [])
    audit.log(actor, Action.LEARNING_COURSE_UPDATED, course, {"fields": sorted(k for k in data if k in COURSE_FIELDS)})
    return course


@transaction.atomic
def course_publish(*, actor: Actor, course: Course) -> Course:
    """Publish a draft of an institution's course; the version it replaces is archived (its learners keep following
    it). A platform course is published by the reviewer's approval (`course_review_approve`)."""
    rules.check_publish_course(actor, course)
    course = Course.objects.select_for_update().get(pk=course.pk)
    if course.status == PublicationStatus.PUBLISHED:
        return course
    return _publish(actor, course)


def _check_publishable(course: Course) -> None:
    if not course.lessons.exists():
        raise ValidationError(_("Add at least one lesson before publishing."))
    for quiz in Quiz.objects.filter(lesson__course=course):
        if not quiz.questions.exists():
            raise ValidationError(_("The quiz “%(title)s” has no question yet.") % {"title": quiz.lesson.title})


def _publish(actor: Actor, course: Course) -> Course:
    """Publish a locked version, archiving the one it replaces."""
    _check_publishable(course)
    replaced = list(Course.objects.select_for_update().filter(slug=course.slug, status=PublicationStatus.PUBLISHED))
    for old in replaced:
        old.status = PublicationStatus.ARCHIVED
        old.save(update_fields=["status", "updated_at"])
        audit.log(actor, Action.LEARNING_COURSE_ARCHIVED, old, {"replaced_by": course.pk})
    course.status = PublicationStatus.PUBLISHED
    course.published_at = timezone.now()
    course.save(update_fields=["status", "published_at", "updated_at"])
    audit.log(actor, Action.LEARNING_COURSE_PUBLISHED, course, {"version": course.version})
    return course


# --- review of the platform's courses -----------------------------------------------------------------------------

@transaction.atomic
def course_submit(*, actor: Actor, course: Course) -> CourseReview:
    """A platform admin sends a draft platform course (or a new version) to the reviewers of its themes."""
    course = Course.objects.select_for_update().get(pk=course.pk)
    if course.status == PublicationStatus.IN_REVIEW:
        raise ValidationError(_("This course is already waiting for review."))
    rules.check_submit_course(actor, course)
    _check_publishable(course)
    if not course.themes.exists():
        raise ValidationError(_("Choose at least one theme: reviewers are chosen by theme."))
    check_no_patient_identifiers(title=course.title, summary=course.summary)
    course.status = PublicationStatus.IN_REVIEW
    course.save(update_fields=["status", "updated_at"])
    review = CourseReview(course=course, submitted_by=actor.user)
    review.full_clean(exclude=["course"])
    review.save()
    audit.log(actor, Action.LEARNING_COURSE_SUBMITTED, course, {"review": review.pk, "version": course.version})
    return review


def _lock_review(review: CourseReview) -> CourseReview:
    course = Course.objects.select_for_update().get(pk=review.course_id)
    locked = CourseReview.objects.select_for_update().get(pk=review.pk)
    locked.course = course
    return locked


def _record(actor: Actor, review: CourseReview, decision: str, checklist: dict[str, bool], comments: str) -> None:
    review.decision = decision
    review.reviewer = actor.user
    review.checklist = {name: bool(checklist.get(name)) for name in CHECKLIST_FIELDS}
    review.comments = comments.strip()
    review.decided_at = timezone.now()
    review.full_clean(exclude=["course"])
    review.save()


@transaction.atomic
def course_review_approve(*, actor: Actor, review: CourseReview, checklist: dict[str, bool],
                          comments: str = "") -> Course:
    """The reviewer ticks every check and approves: the version is published (the one it replaces archived)."""
    review = _lock_review(review)
    rules.check_decide_course_review(actor, review)
    missing = [name for name in CHECKLIST_FIELDS if not checklist.get(name)]
    if missing:
        raise ValidationError({name: _("Tick this check before approving.") for name in missing})
    _record(actor, review, CourseReview.Decision.APPROVED, checklist, comments)
    course = _publish(actor, review.course)
    audit.log(actor, Action.LEARNING_COURSE_REVIEW_APPROVED, course, {
        "review": review.pk, "checklist": review.checklist, "comments": review.comments, "version": course.version,
        "title": course.title})
    return course


@transaction.atomic
def course_review_request_changes(*, actor: Actor, review: CourseReview, checklist: dict[str, bool],
                                  comments: str) -> CourseReview:
    """The reviewer sends the version back to draft with comments, shown to its authors on its edit page."""
    review = _lock_review(review)
    rules.check_decide_course_review(actor, review)
    if not comments.strip():
        raise ValidationError({"comments": _("Tell the authors what to change.")})
    _record(actor, review, CourseReview.Decision.CHANGES_REQUESTED, checklist, comments)
    course = review.course
    course.status = PublicationStatus.DRAFT
    course.save(update_fields=["status", "updated_at"])
    audit.log(actor, Action.LEARNING_COURSE_REVIEW_CHANGES_REQUESTED, course, {
        "review": review.pk, "checklist": review.checklist, "comments": review.comments, "title": course.title})
    return review


@transaction.atomic
def course_new_version(*, actor: Actor, course: Course) -> Course:
    """A draft copy of a published course (lessons, quizzes, questions), to edit without disturbing its learners."""
    rules.check_edit_course(actor, course)
    existing = Course.objects.filter(slug=course.slug, status=PublicationStatus.DRAFT).first()
    if existing:
        return existing
    last = Course.objects.filter(slug=course.slug).aggregate(n=Max("version"))["n"] or course.version
    themes, shared = list(course.themes.all()), list(course.shared_with.all())
    lessons = list(course.lessons.all())
    draft = Course.objects.get(pk=course.pk)
    draft.pk = None
    draft.version = last + 1
    draft.status = PublicationStatus.DRAFT
    draft.previous_version = course
    draft.published_at = None
    draft.created_by = actor.user
    draft.full_clean()
    draft.save()
    draft.themes.set(themes)
    draft.shared_with.set(shared)
    copies: dict[int, Lesson] = {}
    for lesson in lessons:
        old_id = lesson.pk
        lesson.pk = None
        lesson.course = draft
        prerequisite_id = lesson.prerequisite_id
        lesson.prerequisite = None
        lesson.save()
        lesson._old_prerequisite_id = prerequisite_id  # type: ignore[attr-defined]
        copies[old_id] = lesson
        quiz = Quiz.objects.filter(lesson_id=old_id).first()
        if quiz:
            _copy_quiz(quiz, lesson)
        if lesson.kind == Lesson.Kind.SCORM:
            from .scorm.services import scorm_package_copy

            scorm_package_copy(source_lesson_id=old_id, target=lesson)
    for lesson in copies.values():
        old = lesson._old_prerequisite_id  # type: ignore[attr-defined]
        if old in copies:
            lesson.prerequisite = copies[old]
            lesson.save(update_fields=["prerequisite"])
    audit.log(actor, Action.LEARNING_COURSE_VERSION_STARTED, draft, {"from": course.pk, "version": draft.version})
    return draft


def _copy_quiz(quiz: Quiz, lesson: Lesson) -> None:
    pools = {pool.pk: pool for pool in quiz.pools.all()}
    questions = list(quiz.questions.prefetch_related("choices"))
    quiz.pk = None
    quiz.lesson = lesson
    quiz.save()
    new_pools = {}
    for old_id, pool in pools.items():
        pool.pk = None
        pool.quiz = quiz
        pool.save()
        new_pools[old_id] = pool
    for question in questions:
        choices = list(question.choices.all())
        question.pk = None
        question.quiz = quiz
        question.pool = new_pools.get(question.pool_id) if question.pool_id else None
        question.save()
        for choice in choices:
            choice.pk = None
            choice.question = question
        Choice.objects.bulk_create(choices)


def _check_lesson(lesson: Lesson) -> None:
    from praxis.content.models import Content

    if lesson.kind in {Lesson.Kind.CAPSULE, Lesson.Kind.DOCUMENT}:
        expected = Content.Kind.CAPSULE if lesson.kind == Lesson.Kind.CAPSULE else Content.Kind.DOCUMENT
        if lesson.content is None or lesson.content.kind != expected:
            raise ValidationError({"content": _("Choose a published piece of the right kind.")})
        if not lesson.content.is_published:
            raise ValidationError({"content": _("This piece is not published.")})
    if lesson.prerequisite is not None and lesson.prerequisite.course_id != lesson.course_id:
        raise ValidationError({"prerequisite": _("The prerequisite must be a lesson of the same course.")})
    lesson.body_html = render_article(lesson.body) if lesson.body else ""


@transaction.atomic
def lesson_add(*, actor: Actor, course: Course, data: dict[str, Any]) -> Lesson:
    """Add a lesson at the end of a draft course (a quiz lesson gets its quiz settings)."""
    _check_editable(actor, course)
    if data.get("kind") == Lesson.Kind.SCORM:
        raise ValidationError({"kind": _("SCORM lessons are created by uploading a package.")})
    last = course.lessons.aggregate(n=Max("position"))["n"]
    lesson = Lesson(course=course, position=(last or 0) + 1 if last is not None else 1,
                    **{k: v for k, v in data.items() if k in LESSON_FIELDS})
    _check_lesson(lesson)
    lesson.full_clean()
    lesson.save()
    if lesson.kind == Lesson.Kind.QUIZ:
        Quiz.objects.create(lesson=lesson)
    audit.log(actor, Action.LEARNING_LESSON_ADDED, lesson, {"course_id": course.pk, "kind": lesson.kind})
    return lesson


@transaction.atomic
def lesson_update(*, actor: Actor, lesson: Lesson, data: dict[str, Any]) -> Lesson:
    _check_editable(actor, lesson.course)
    for key, value in data.items():
        if key in LESSON_FIELDS and key != "kind":
            setattr(lesson, key, value)
    _check_lesson(lesson)
    lesson.full_clean()
    lesson.save()
    audit.log(actor, Action.LEARNING_LESSON_UPDATED, lesson, {"fields": sorted(k for k in data if k in LESSON_FIELDS)})
    return lesson


@transaction.atomic
def lesson_move(*, actor: Actor, lesson: Lesson, offset: int) -> Lesson:
    """Swap the lesson with its neighbour (offset -1: up, +1: down); positions renumbered 1..n."""
    _check_editable(actor, lesson.course)
    lessons = list(Course.objects.select_for_update().get(pk=lesson.course_id).lessons.order_by("position", "pk"))
    index = next(i for i, item in enumerate(lessons) if item.pk == lesson.pk)
    target = index + offset
    if 0 <= target < len(lessons):
        lessons[index], lessons[target] = lessons[target], lessons[index]
    for position, item in enumerate(lessons, start=1):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])
    audit.log(actor, Action.LEARNING_LESSON_MOVED, lesson, {"offset": offset})
    lesson.refresh_from_db()
    return lesson


@transaction.atomic
def lesson_delete(*, actor: Actor, lesson: Lesson) -> None:
    _check_editable(actor, lesson.course)
    audit.log(actor, Action.LEARNING_LESSON_DELETED, lesson.course, {"lesson_id": lesson.pk, "title": lesson.title})
    lesson.delete()


@transaction.atomic
def quiz_update(*, actor: Actor, quiz: Quiz, data: dict[str, Any]) -> Quiz:
    _check_editable(actor, quiz.lesson.course)
    for key in ("pass_mark", "max_attempts", "time_limit_minutes", "show_explanations"):
        if key in data:
            setattr(quiz, key, data[key])
    quiz.full_clean()
    quiz.save()
    audit.log(actor, Action.LEARNING_QUIZ_UPDATED, quiz, {"fields": sorted(data)})
    return quiz


@transaction.atomic
def _clean_choices(kind: str, choices: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    if kind == Question.Kind.TRUE_FALSE:
        truth = bool(choices and choices[0][1])
        choices = [(_("True"), truth), (_("False"), not truth)]
    choices = [(label.strip(), correct) for label, correct in choices if label.strip()]
    correct = sum(1 for _label, ok in choices if ok)
    if len(choices) < 2:
        raise ValidationError({"choices": _("Give at least two answers.")})
    if correct == 0 or (kind != Question.Kind.MULTIPLE and correct != 1):
        raise ValidationError({"choices": _("Mark one correct answer (several for a multiple-choice question).")})
    return choices


def _pool_for(quiz: Quiz, pool_title: str, pool_draw: int | None) -> QuestionPool | None:
    if not pool_title.strip():
        return None
    pool, created = QuestionPool.objects.get_or_create(quiz=quiz, title=pool_title.strip()[:200],
                                                       defaults={"draw_count": pool_draw or 1})
    if not created and pool_draw and pool.draw_count != pool_draw:
        pool.draw_count = pool_draw
        pool.save(update_fields=["draw_count"])
    return pool


@transaction.atomic
def question_update(*, actor: Actor, question: Question, kind: str, text: str, choices: list[tuple[str, bool]],
                    explanation: str = "", pool_title: str = "", pool_draw: int | None = None) -> Question:
    """Edit a question of a draft: its text, kind, explanation, pool and answer choices (replaced). A published
    version is frozen: start a new version to change its questions."""
    quiz = question.quiz
    _check_editable(actor, quiz.lesson.course)
    choices = _clean_choices(kind, choices)
    question.kind, question.text, question.explanation = kind, text, explanation
    question.pool = _pool_for(quiz, pool_title, pool_draw)
    question.full_clean()
    question.save()
    question.choices.all().delete()
    Choice.objects.bulk_create(
        [Choice(question=question, text=label, is_correct=ok, position=i) for i, (label, ok) in enumerate(choices)])
    audit.log(actor, Action.LEARNING_QUESTION_UPDATED, question, {"quiz_id": quiz.pk})
    return question


def question_add(*, actor: Actor, quiz: Quiz, kind: str, text: str, choices: list[tuple[str, bool]],
                 explanation: str = "", pool: QuestionPool | None = None, pool_title: str = "",
                 pool_draw: int | None = None) -> Question:
    """A question with its answer choices (true/false questions get the two choices themselves). A `pool_title`
    puts it in that pool of the quiz (created when new, drawing `pool_draw` questions per attempt)."""
    _check_editable(actor, quiz.lesson.course)
    if pool is None:
        pool = _pool_for(quiz, pool_title, pool_draw)
    choices = _clean_choices(kind, choices)
    last = quiz.questions.aggregate(n=Max("position"))["n"] or 0
    question = Question(quiz=quiz, kind=kind, text=text, explanation=explanation, pool=pool, position=last + 1)
    question.full_clean()
    question.save()
    Choice.objects.bulk_create(
        [Choice(question=question, text=label, is_correct=ok, position=i) for i, (label, ok) in enumerate(choices)])
    audit.log(actor, Action.LEARNING_QUESTION_ADDED, question, {"quiz_id": quiz.pk})
    return question


# --- learners ----------------------------------------------------------------------------------------------------

@transaction.atomic
def enrolment_create(*, actor: Actor, course: Course) -> Enrolment:
    """Enrol in a course within reach. Already enrolled in this course: the open enrolment is returned."""
    rules.check_enrol(actor, course)
    open_one = Enrolment.objects.filter(user_id=actor.id or 0, course__slug=course.slug,
                                        status=Enrolment.Status.IN_PROGRESS).first()
    if open_one:
        return open_one
    enrolment = Enrolment(user=actor.user, course=course)
    enrolment.full_clean(validate_constraints=False)
    enrolment.save()
    audit.log(actor, Action.LEARNING_ENROLMENT_CREATED, enrolment, {"course_id": course.pk})
    from .mandatory.services import report_figures_changed_for_member

    report_figures_changed_for_member(actor.id)  # "started" in the training reports of their institutions
    return enrolment


def _progress_for_update(enrolment: Enrolment, lesson: Lesson) -> LessonProgress:
    progress, _created = LessonProgress.objects.get_or_create(enrolment=enrolment, lesson=lesson)
    return LessonProgress.objects.select_for_update().get(pk=progress.pk)


@transaction.atomic
def lesson_open(*, actor: Actor, enrolment: Enrolment, lesson: Lesson) -> LessonProgress:
    """The learner opens a lesson: it is started, and it is where they resume next time."""
    rules.check_report_progress(actor, enrolment)
    progress = _progress_for_update(enrolment, lesson)
    now = timezone.now()
    if progress.status == LessonProgress.Status.NOT_STARTED:
        progress.status = LessonProgress.Status.IN_PROGRESS
        progress.started_at = now
    if lesson.kind == Lesson.Kind.CAPSULE:
        # Playing time is counted from this opening: coming back days later does not allow a report of the whole
        # video at once.
        progress.last_heartbeat_at = now
    progress.save()
    Enrolment.objects.filter(pk=enrolment.pk).update(last_lesson=lesson, last_activity_at=now)
    return progress


class ProgressRefused(ValidationError):
    """A progress report that cannot be true (more playing time than elapsed): refused, nothing stored."""


@transaction.atomic
def capsule_heartbeat(*, actor: Actor, enrolment: Enrolment, lesson: Lesson, played: list[Any],
                      position: float) -> LessonProgress:
    """Record the stretches the player played since its last report and where it stands.

    The union of stretches decides completion (90 % of the distinct seconds of the video). A report claiming more
    playing time than the time elapsed since the previous one (at the fastest playback speed) is refused."""
    rules.check_report_progress(actor, enrolment)
    if lesson.kind != Lesson.Kind.CAPSULE or lesson.course_id != enrolment.course_id:
        raise ValidationError(_("This lesson is not a video of your course."))
    video = getattr(lesson.content, "video", None)
    duration = video.duration if video is not None else None
    try:
        added = coverage.clean_intervals(played, duration)
        position = max(0.0, min(float(position), duration or float(position)))
    except (TypeError, ValueError):
        raise ValidationError(_("This progress report is not readable.")) from None
    progress = _progress_for_update(enrolment, lesson)
    now = timezone.now()
    since = progress.last_heartbeat_at or progress.started_at or now
    elapsed = (now - since).total_seconds()
    claimed = coverage.covered(added)
    if not coverage.plausible(claimed, elapsed):
        raise ProgressRefused(_("This progress report claims more viewing time than has elapsed."), code="implausible")
    merged = coverage.merge([*progress.watched_intervals, *added])
    progress.watched_intervals = [[round(a, 2), round(b, 2)] for a, b in merged]
    watched = coverage.covered(merged)
    progress.seconds_watched = int(watched)
    progress.position_seconds = position
    progress.time_spent_seconds += int(min(elapsed, claimed + coverage.SLACK_SECONDS))
    progress.last_heartbeat_at = now
    if progress.started_at is None:
        progress.started_at = now
    if progress.status == LessonProgress.Status.NOT_STARTED:
        progress.status = LessonProgress.Status.IN_PROGRESS
    completed = (progress.status != LessonProgress.Status.COMPLETED
                 and coverage.is_watched(watched, duration))
    if completed:
        _complete_lesson(actor, progress, now)
    progress.save()
    Enrolment.objects.filter(pk=enrolment.pk).update(last_lesson=lesson, last_activity_at=now)
    if completed:
        _check_course_completion(actor, enrolment)
    return progress


@transaction.atomic
def document_opened(*, actor: Actor, enrolment: Enrolment, lesson: Lesson) -> LessonProgress:
    rules.check_report_progress(actor, enrolment)
    progress = _progress_for_update(enrolment, lesson)
    now = timezone.now()
    progress.opened_at = progress.opened_at or now
    progress.started_at = progress.started_at or now
    if progress.status == LessonProgress.Status.NOT_STARTED:
        progress.status = LessonProgress.Status.IN_PROGRESS
    progress.save()
    return progress


@transaction.atomic
def lesson_acknowledge(*, actor: Actor, enrolment: Enrolment, lesson: Lesson) -> LessonProgress:
    """"I have read it": completes a text page, or a document once it has been opened."""
    rules.check_report_progress(actor, enrolment)
    if lesson.kind not in {Lesson.Kind.DOCUMENT, Lesson.Kind.TEXT} or lesson.course_id != enrolment.course_id:
        raise ValidationError(_("This lesson is not completed this way."))
    progress = _progress_for_update(enrolment, lesson)
    if lesson.kind == Lesson.Kind.DOCUMENT and progress.opened_at is None:
        raise ValidationError(_("Open the document before confirming you have read it."), code="not_opened")
    if progress.status == LessonProgress.Status.COMPLETED:
        return progress
    now = timezone.now()
    progress.acknowledged_at = now
    progress.started_at = progress.started_at or now
    _complete_lesson(actor, progress, now)
    progress.save()
    _check_course_completion(actor, enrolment)
    return progress


def _complete_lesson(actor: Actor, progress: LessonProgress, now: Any) -> None:
    progress.status = LessonProgress.Status.COMPLETED
    progress.completed_at = now
    audit.log(actor, Action.LEARNING_LESSON_COMPLETED, progress,
              {"lesson_id": progress.lesson_id, "enrolment_id": progress.enrolment_id,
               "score": str(progress.score) if progress.score is not None else None})


def _add_months(day: date, months: int) -> date:
    import calendar

    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _check_course_completion(actor: Actor, enrolment: Enrolment) -> None:
    """When every lesson of the version is completed, the enrolment is completed (once)."""
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if enrolment.status == Enrolment.Status.COMPLETED:
        return
    lesson_ids = set(Lesson.objects.filter(course_id=enrolment.course_id).values_list("pk", flat=True))
    done = set(enrolment.progress.filter(status=LessonProgress.Status.COMPLETED).values_list("lesson_id", flat=True))
    if not lesson_ids or not lesson_ids <= done:
        return
    course = enrolment.course
    now = timezone.now()
    enrolment.status = Enrolment.Status.COMPLETED
    enrolment.completed_at = now
    if course.certificate_validity_months:
        enrolment.valid_until = _add_months(timezone.localdate(now), course.certificate_validity_months)
    enrolment.save(update_fields=["status", "completed_at", "valid_until"])
    audit.log(actor, Action.LEARNING_ENROLMENT_COMPLETED, enrolment, {"course_id": course.pk})
    from .mandatory.services import record_completion

    record_completion(enrolment)  # the institution's assigned rounds of this course are done
    from . import certificates

    certificates.issue_for(actor=actor, enrolment=enrolment)


# --- quizzes -----------------------------------------------------------------------------------------------------

def draw_questions(quiz: Quiz, rng: random.Random | None = None) -> list[int]:
    """Questions outside any pool, then `draw_count` questions drawn at random from each pool."""
    rng = rng or random.SystemRandom()
    questions = list(quiz.questions.values_list("pk", "pool_id"))
    fixed = [pk for pk, pool in questions if pool is None]
    drawn: list[int] = []
    for pool in quiz.pools.all():
        members = [pk for pk, pool_id in questions if pool_id == pool.pk]
        drawn += rng.sample(members, min(pool.draw_count, len(members)))
    return fixed + drawn


@transaction.atomic
def quiz_attempt_start(*, actor: Actor, enrolment: Enrolment, lesson: Lesson) -> QuizAttempt:
    """Open an attempt (or return the one still open). Refused once the attempts allowed are used or passed."""
    rules.check_report_progress(actor, enrolment)
    quiz = Quiz.objects.get(lesson=lesson)
    progress = _progress_for_update(enrolment, lesson)
    open_attempt = progress.attempts.filter(submitted_at__isnull=True).first()
    now = timezone.now()
    if open_attempt and (open_attempt.deadline_at is None or open_attempt.deadline_at > now):
        return open_attempt
    if open_attempt:  # its time ran out without a submission: it counts, with the answers saved so far
        _score_attempt(actor, open_attempt, open_attempt.answers, now)
        progress.refresh_from_db()
    if progress.status == LessonProgress.Status.COMPLETED:
        raise ValidationError(_("You have already passed this quiz."), code="passed")
    used = progress.attempts.count()
    if quiz.max_attempts is not None and used >= quiz.max_attempts:
        raise ValidationError(_("You have used all the attempts allowed for this quiz."), code="no_attempts_left")
    attempt = QuizAttempt.objects.create(
        progress=progress, quiz=quiz, number=used + 1, question_ids=draw_questions(quiz), started_at=now,
        deadline_at=now + timedelta(minutes=quiz.time_limit_minutes) if quiz.time_limit_minutes else None,
    )
    progress.started_at = progress.started_at or now
    if progress.status == LessonProgress.Status.NOT_STARTED:
        progress.status = LessonProgress.Status.IN_PROGRESS
    progress.save()
    audit.log(actor, Action.LEARNING_QUIZ_ATTEMPT_STARTED, attempt, {"number": attempt.number})
    return attempt


GRACE = timedelta(seconds=30)  # a submission sent just as the time runs out still counts


def score(questions: list[Question], answers: dict[str, list[int]]) -> Decimal:
    """Percentage of questions answered exactly right (all the correct choices and only them)."""
    if not questions:
        return Decimal(0)
    right = 0
    for question in questions:
        correct = {c.pk for c in question.choices.all() if c.is_correct}
        if set(answers.get(str(question.pk), [])) == correct:
            right += 1
    return (Decimal(100) * right / len(questions)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def quiz_attempt_submit(*, actor: Actor, attempt: QuizAttempt, answers: dict[str, list[int]]) -> QuizAttempt:
    """Score an attempt. A second submission, or one after the time limit, is refused (the first one stands).

    A late submission closes the attempt without its answers (it counts as used) and then raises: the closing is
    committed in its own transaction first, so the refusal does not roll it back."""
    attempt, late = _submit(actor, attempt, answers)
    if late:
        raise ValidationError(_("The time allowed for this attempt is over: it was closed without your answers."),
                              code="time_over")
    return attempt


@transaction.atomic
def _submit(actor: Actor, attempt: QuizAttempt, answers: dict[str, list[int]]) -> tuple[QuizAttempt, bool]:
    attempt = QuizAttempt.objects.select_for_update().select_related("progress__enrolment").get(pk=attempt.pk)
    if attempt.progress.enrolment.user_id != actor.id:
        raise PermissionDenied
    if attempt.submitted_at is not None:
        raise ValidationError(_("This attempt has already been submitted."), code="already_submitted")
    now = timezone.now()
    if attempt.deadline_at is not None and now > attempt.deadline_at + GRACE:
        return _score_attempt(actor, attempt, {}, now), True
    return _score_attempt(actor, attempt, answers, now), False


def _score_attempt(actor: Actor, attempt: QuizAttempt, answers: dict[str, list[int]], now: Any) -> QuizAttempt:
    questions = list(Question.objects.filter(pk__in=attempt.question_ids).prefetch_related("choices"))
    allowed = {str(q.pk): {c.pk for c in q.choices.all()} for q in questions}
    kept = {qid: sorted({int(c) for c in chosen if int(c) in allowed[qid]})
            for qid, chosen in answers.items() if qid in allowed}
    attempt.answers = kept
    attempt.submitted_at = now
    attempt.score = score(questions, kept)
    attempt.passed = attempt.score >= attempt.quiz.pass_mark
    attempt.save(update_fields=["answers", "submitted_at", "score", "passed"])
    audit.log(actor, Action.LEARNING_QUIZ_ATTEMPT_SUBMITTED, attempt,
              {"number": attempt.number, "score": str(attempt.score), "passed": attempt.passed})
    progress = LessonProgress.objects.select_for_update().get(pk=attempt.progress_id)
    if progress.status == LessonProgress.Status.COMPLETED:
        return attempt
    progress.score = max(progress.score or Decimal(0), attempt.score)
    progress.time_spent_seconds += int((now - attempt.started_at).total_seconds())
    if attempt.passed:
        _complete_lesson(actor, progress, now)
    else:
        quiz = attempt.quiz
        if quiz.max_attempts is not None and progress.attempts.count() >= quiz.max_attempts:
            progress.status = LessonProgress.Status.FAILED
    progress.save()
    if attempt.passed:
        _check_course_completion(actor, progress.enrolment)
    return attempt
