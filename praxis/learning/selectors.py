"""Reads of the learning app. Every course goes through `rules.courses_visible_to`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from praxis.core.actor import Actor
from praxis.core.compiled import ShapedQuery

from . import rules
from .models import (
    Course,
    CourseReview,
    Enrolment,
    Lesson,
    LessonProgress,
    PublicationStatus,
    Question,
    Quiz,
    QuizAttempt,
)

EXPIRING_DAYS = 30


def catalogue(actor: Actor, *, query: str = "", theme: int | None = None, language: str = "") -> QuerySet[Course]:
    """Published courses the actor may follow, with their lesson count, title order."""
    if not actor.is_authenticated:
        return Course.objects.none()
    # Within reach as a learner (authors find their drafts in the authoring pages, not here).
    courses = Course.objects.filter(rules.reach_q(actor, Course))
    if query:
        courses = courses.filter(Q(title__icontains=query) | Q(summary__icontains=query))
    if theme:
        courses = courses.filter(themes=theme)
    if language:
        courses = courses.filter(language=language)
    return courses.select_related("owner_institution").prefetch_related("themes").annotate(
        lesson_count=Count("lessons", distinct=True)).order_by("title")


def open_enrolments_by_slug(actor: Actor) -> dict[str, Enrolment]:
    """The actor's enrolments in progress, by course slug (one query)."""
    if not actor.is_authenticated:
        return {}
    enrolments = Enrolment.objects.filter(user_id=actor.id or 0, status=Enrolment.Status.IN_PROGRESS).select_related(
        "course")
    return {e.course.slug: e for e in enrolments}


def course_for_learner(actor: Actor, slug: str, version: int | None = None) -> tuple[Course, Enrolment | None]:
    """The version of a course the actor follows: the one of their enrolment in progress, else the published one,
    else their latest completed one; authors may ask for a given version (to preview a draft). Raises Http404 when
    the actor may see none."""
    visible = rules.courses_visible_to(actor).select_related("owner_institution")
    if version is not None:
        course = visible.filter(slug=slug, version=version).first()
        if course is None:
            raise Http404
        return course, Enrolment.objects.filter(user_id=actor.id or 0, course=course).order_by("-status").first()
    enrolments = list(Enrolment.objects.filter(user_id=actor.id or 0, course__slug=slug).select_related(
        "course__owner_institution", "certificate").order_by("-status", "-enrolled_at")[:1]
    ) if actor.is_authenticated else []
    enrolment = enrolments[0] if enrolments else None  # the open one first ("in_progress" > "completed")
    if enrolment is not None and enrolment.status == Enrolment.Status.IN_PROGRESS:
        return enrolment.course, enrolment
    course = visible.filter(slug=slug, status=PublicationStatus.PUBLISHED).first()
    if course is None and enrolment is not None:
        return enrolment.course, enrolment
    if course is None and rules.can_author_courses(actor):
        course = visible.filter(slug=slug).order_by("-version").first()
    if course is None:
        raise Http404
    return course, enrolment if enrolment and enrolment.course_id == course.pk else None


@dataclass
class LessonRow:
    lesson: Lesson
    progress: LessonProgress | None
    locked: bool

    @property
    def status(self) -> str:
        return self.progress.status if self.progress else LessonProgress.Status.NOT_STARTED


@dataclass
class CourseProgress:
    rows: list[LessonRow] = field(default_factory=list)

    @property
    def completed_ids(self) -> set[int]:
        return {row.lesson.pk for row in self.rows if row.status == LessonProgress.Status.COMPLETED}

    @property
    def percent(self) -> int:
        return round(100 * len(self.completed_ids) / len(self.rows)) if self.rows else 0

    @property
    def next_row(self) -> LessonRow | None:
        return next((row for row in self.rows if row.status != LessonProgress.Status.COMPLETED and not row.locked),
                    None)


def course_progress(course: Course, enrolment: Enrolment | None) -> CourseProgress:
    """Each lesson of the version with the learner's progress and whether its prerequisite blocks it (two
    queries)."""
    lessons = list(course.lessons.select_related("content"))
    by_lesson = {}
    if enrolment is not None:
        by_lesson = {p.lesson_id: p for p in LessonProgress.objects.filter(enrolment=enrolment)}
    done = {pk for pk, p in by_lesson.items() if p.status == LessonProgress.Status.COMPLETED}
    return CourseProgress(rows=[
        LessonRow(lesson=lesson, progress=by_lesson.get(lesson.pk),
                  locked=lesson.prerequisite_id is not None and lesson.prerequisite_id not in done)
        for lesson in lessons
    ])


def lesson_for_learner(actor: Actor, slug: str, lesson_id: int) -> tuple[Course, Enrolment | None, Lesson]:
    """A lesson of a course version the actor may see (its id names the version), with the actor's enrolment in
    that version (the open one first). Raises Http404 otherwise."""
    lesson = Lesson.objects.filter(pk=lesson_id, course__slug=slug,
                                   course__in=rules.courses_visible_to(actor)).select_related(
        "content", "course__owner_institution").first()
    if lesson is None:
        raise Http404
    enrolment = Enrolment.objects.filter(user_id=actor.id or 0, course_id=lesson.course_id).order_by(
        "-status", "-enrolled_at").first()  # "in_progress" sorts after "completed": first when descending
    return lesson.course, enrolment, lesson


def completed_lesson_ids(enrolment: Enrolment | None) -> set[int]:
    if enrolment is None:
        return set()
    return set(enrolment.progress.filter(status=LessonProgress.Status.COMPLETED).values_list("lesson_id", flat=True))


@dataclass
class MyTraining:
    in_progress: list[Any]  # enrolments annotated with lesson_count and done_count
    done: list[Any]
    expiring: list[Any]
    expired: list[Any]


def _my_enrolments(user: int) -> QuerySet[Enrolment]:
    # What "My training" shows of each enrolment, and its two counts as subqueries: counted over a join of lessons and
    # progress rows grouped by every column, PostgreSQL spent longer planning the query than the page's own CPU
    # (issue 22, twelfth session).
    lessons = Lesson.objects.filter(course_id=OuterRef("course_id")).values("course_id").annotate(n=Count("pk"))
    done = LessonProgress.objects.filter(enrolment_id=OuterRef("pk"), status=LessonProgress.Status.COMPLETED).values(
        "enrolment_id").annotate(n=Count("pk"))
    return Enrolment.objects.filter(user_id=user).select_related("course", "last_lesson", "certificate").only(
        "status", "completed_at", "valid_until", "course__slug", "course__title", "last_lesson__title",
        "certificate__code",
    ).annotate(
        lesson_count=Coalesce(Subquery(lessons.values("n")), 0),
        done_count=Coalesce(Subquery(done.values("n")), 0),
    ).order_by("-last_activity_at", "-enrolled_at")


# Compiled once per process: building it with the ORM was most of the page's CPU.
_MY_ENROLMENTS = ShapedQuery(_my_enrolments)


def my_training(actor: Actor) -> MyTraining:
    """The actor's enrolments, sorted into what they follow, what they completed and what expires (one query).
    Each enrolment holds what the page shows (its course's slug and title, the last lesson's title, the certificate's
    code) and `lesson_count`, `done_count`; its other fields are deferred."""
    enrolments: list[Enrolment] = _MY_ENROLMENTS.objects(actor.id or 0)
    today = timezone.localdate()
    soon = today + timedelta(days=EXPIRING_DAYS)
    done = [e for e in enrolments if e.status == Enrolment.Status.COMPLETED]
    return MyTraining(
        in_progress=[e for e in enrolments if e.status == Enrolment.Status.IN_PROGRESS],
        done=done,
        expiring=[e for e in done if e.valid_until and today <= e.valid_until <= soon],
        expired=[e for e in done if e.valid_until and e.valid_until < today],
    )


def authored_courses(actor: Actor) -> QuerySet[Course]:
    """Courses the actor may edit, every version, newest first."""
    courses = Course.objects.all() if actor.is_platform_admin else Course.objects.filter(
        owner_institution_id__in=rules.author_institution_ids(actor))
    return courses.select_related("owner_institution").annotate(
        lesson_count=Count("lessons", distinct=True),
        learner_count=Count("enrolments", distinct=True),
    ).order_by("slug", "-version")


def lessons_with_quiz(course: Course) -> QuerySet[Lesson]:
    return course.lessons.select_related("content", "quiz", "prerequisite").prefetch_related(
        Prefetch("quiz__questions"))


def lesson_neighbours(course: Course, lesson: Lesson) -> dict[str, Lesson | None]:
    ordered = list(course.lessons.only("pk", "title", "position", "course_id"))
    index = next(i for i, item in enumerate(ordered) if item.pk == lesson.pk)
    return {"previous_lesson": ordered[index - 1] if index > 0 else None,
            "next_lesson": ordered[index + 1] if index + 1 < len(ordered) else None}


def player_for(lesson: Lesson, progress: LessonProgress | None) -> dict[str, Any]:
    """What the lesson's video player needs: the content app's renditions, and where this learner stands."""
    from praxis.content.media import media_url
    from praxis.content.models import VideoAsset
    from praxis.content.selectors import caption_tracks_for_player

    try:
        asset = lesson.content.video if lesson.content else None
    except VideoAsset.DoesNotExist:
        asset = None
    if asset is None or not asset.is_playable:
        return {"playable": False}
    duration = asset.duration or 0
    watched = progress.seconds_watched if progress else 0
    return {
        "playable": True, "asset": asset, "hls_url": media_url(asset.hls_master), "mp4_url": media_url(asset.mp4),
        "poster_url": media_url(asset.poster) if asset.poster else "",
        "tracks": caption_tracks_for_player(lesson.content) if lesson.content else [],
        "duration": duration, "resume": f"{progress.position_seconds if progress else 0:.1f}",
        "percent": min(100, round(100 * watched / duration)) if duration else 0,
    }


@dataclass
class QuestionReview:
    question: Question
    chosen: set[int]
    correct: set[int]

    @property
    def is_right(self) -> bool:
        return self.chosen == self.correct


@dataclass
class QuizState:
    quiz: Quiz
    attempts: list[QuizAttempt]
    open_attempt: QuizAttempt | None
    questions: list[Question]  # of the open attempt, in the order drawn (the template never shows is_correct)
    review: list[QuestionReview]  # of the last submitted attempt
    show_correct: bool
    can_start: bool

    @property
    def attempts_left(self) -> int | None:
        if self.quiz.max_attempts is None:
            return None
        return max(0, self.quiz.max_attempts - len(self.attempts))


def quiz_state(lesson: Lesson, progress: LessonProgress | None) -> QuizState:
    """The quiz as this learner sees it now: the open attempt's questions (without the answers), or the review of
    the last attempt. Correct answers are shown once the quiz is passed or no attempt is left."""
    quiz = Quiz.objects.get(lesson=lesson)
    attempts = list(progress.attempts.order_by("number")) if progress else []
    now = timezone.now()
    open_attempt = next((a for a in attempts if a.is_open and (a.deadline_at is None or a.deadline_at > now)), None)
    submitted = [a for a in attempts if not a.is_open]
    wanted = set(open_attempt.question_ids if open_attempt else submitted[-1].question_ids if submitted else [])
    by_id = {q.pk: q for q in Question.objects.filter(pk__in=wanted).prefetch_related("choices")}
    questions = [by_id[pk] for pk in (open_attempt.question_ids if open_attempt else []) if pk in by_id]
    review = []
    if submitted and not open_attempt:
        last = submitted[-1]
        review = [QuestionReview(question=by_id[pk], chosen=set(last.answers.get(str(pk), [])),
                                 correct={c.pk for c in by_id[pk].choices.all() if c.is_correct})
                  for pk in last.question_ids if pk in by_id]
    passed = progress is not None and progress.status == LessonProgress.Status.COMPLETED
    exhausted = quiz.max_attempts is not None and len(attempts) >= quiz.max_attempts
    return QuizState(quiz=quiz, attempts=submitted, open_attempt=open_attempt, questions=questions, review=review,
                     show_correct=quiz.show_explanations and (passed or exhausted),
                     can_start=progress is not None and open_attempt is None and not passed and not exhausted)


def progress_report(user: Any, slug: str) -> dict[str, Any] | None:
    """Where a learner stands in a course (their open enrolment, else the latest), per lesson: status, score, quiz
    or SCORM attempts, total time, whether a resume location / suspend data is stored. For `learning_progress`."""
    enrolment = Enrolment.objects.filter(user=user, course__slug=slug).select_related("course").order_by(
        "-status", "-enrolled_at").first()
    if enrolment is None:
        return None
    course = enrolment.course
    progress = {p.lesson_id: p for p in LessonProgress.objects.filter(enrolment=enrolment).annotate(
        quiz_attempts=Count("attempts"))}
    scorm: dict[int, list[Any]] = {}
    from .scorm.models import ScormAttempt  # the SCORM part of the app: one runtime attempt per SCO

    for attempt in ScormAttempt.objects.filter(progress__enrolment=enrolment).select_related("progress").defer("cmi"):
        scorm.setdefault(attempt.progress.lesson_id, []).append(attempt)
    rows = []
    for lesson in course.lessons.order_by("position", "pk"):
        p = progress.get(lesson.pk)
        sco = scorm.get(lesson.pk, [])
        rows.append({
            "position": lesson.position, "lesson_id": lesson.pk, "title": lesson.title, "kind": lesson.kind,
            "status": p.status if p else LessonProgress.Status.NOT_STARTED,
            "score": float(p.score) if p and p.score is not None else None,
            "attempts": (p.quiz_attempts if p else 0) if lesson.kind != Lesson.Kind.SCORM else len(sco),
            # SCORM: the SCOs' total times, accumulated on the server (the progress row follows them by 30 s).
            "total_time_seconds": sum(a.total_seconds for a in sco) if lesson.kind == Lesson.Kind.SCORM
            else (p.time_spent_seconds if p else 0),
            "location_stored": bool(sco and any(getattr(a, "location", "") for a in sco))
            or bool(p and lesson.kind == Lesson.Kind.CAPSULE and p.position_seconds > 0),
            "suspend_data_stored": any((getattr(a, "suspend_data_length", 0) or 0) > 0 for a in sco),
            **({"scos": [{"item": a.item_identifier, "status": a.status,
                          "score": float(a.score) if a.score is not None else None,
                          "total_time_seconds": a.total_seconds, "location": a.location,
                          "suspend_data_length": a.suspend_data_length} for a in sco]}
               if lesson.kind == Lesson.Kind.SCORM else {}),
        })
    return {
        "user": user.email,
        "course": {"slug": course.slug, "title": course.title, "version": course.version},
        "enrolment": {"status": enrolment.status, "enrolled_at": enrolment.enrolled_at.isoformat(),
                      "completed_at": enrolment.completed_at.isoformat() if enrolment.completed_at else None,
                      "valid_until": enrolment.valid_until.isoformat() if enrolment.valid_until else None},
        "lessons": rows,
    }


def newer_draft(course: Course) -> Course | None:
    """The draft of a later version of this course, if one was started."""
    return Course.objects.filter(slug=course.slug, status=PublicationStatus.DRAFT, version__gt=course.version).first()


def attempt_of(enrolment: Enrolment | None, lesson: Lesson, attempt_id: int) -> QuizAttempt:
    """One of this enrolment's attempts at this quiz lesson (404 otherwise: another learner's attempt is not found)."""
    attempt = QuizAttempt.objects.filter(pk=attempt_id, progress__enrolment=enrolment,
                                         progress__lesson=lesson).first() if enrolment else None
    if attempt is None:
        raise Http404
    return attempt


def lesson_for_author(actor: Actor, lesson_id: int) -> Lesson:
    lesson = Lesson.objects.select_related("course", "content").filter(
        course__in=rules.courses_visible_to(actor), pk=lesson_id).first()
    if lesson is None:
        raise Http404
    return lesson


def author_institutions(actor: Actor) -> QuerySet[Any]:
    """The institutions the actor may write courses for (the course form's choices)."""
    from praxis.institutions.models import Institution

    return Institution.objects.filter(pk__in=rules.author_institution_ids(actor)).order_by("name")


def question_or_404(question_id: int) -> Question:
    """A quiz question with its lesson and pool (whether it may be edited is asked of the lesson next)."""
    question = Question.objects.select_related("quiz__lesson", "pool").filter(pk=question_id).first()
    if question is None:
        raise Http404
    return question


def course_reviews_waiting(actor: Actor) -> QuerySet[CourseReview]:
    """Open reviews of platform courses the actor may decide: of their themes, not submitted or written by them,
    oldest first."""
    themes = rules.reviewer_theme_ids(actor)
    if not themes:
        return CourseReview.objects.none()
    courses = Course.objects.filter(status=PublicationStatus.IN_REVIEW, owner_institution__isnull=True,
                                    themes__in=themes).exclude(created_by_id=actor.id).values("pk")
    return CourseReview.objects.filter(decision=CourseReview.Decision.PENDING, course__in=courses).exclude(
        submitted_by_id=actor.id).select_related("course", "submitted_by").prefetch_related(
        "course__themes").order_by("submitted_at", "pk")


def last_review(course: Course) -> CourseReview | None:
    """The latest review round of a course version (its comments are shown to the authors on the edit page)."""
    return CourseReview.objects.filter(course=course).select_related("reviewer").order_by("-submitted_at",
                                                                                          "-pk").first()
