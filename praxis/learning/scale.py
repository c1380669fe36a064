"""Benchmark data for e-learning (`manage.py seed_scale`, `make bench`).

Today: 30 courses of the scale institutions (text lessons, a capsule, a quiz), and enrolments with progress for a
share of the scale members. The issue's hospital of 5 000 staff, 40 departments and 150 000 assignments comes with
the assignments work (the models it needs do not exist yet).
"""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from praxis.core.scale import Generator

SLUG_PREFIX = "scale-"
COURSES = 30
LESSONS_PER_COURSE = 8  # 6 text pages, one capsule, one quiz
VIDEO_SECONDS = 3600.0
TOPICS = ["Hygiène des mains", "Prévention des chutes", "Douleur aiguë", "Sécurité incendie", "Identitovigilance",
          "Accueil des nouveaux", "Gestion des déchets", "Transfusion", "Escarres", "Médicaments à haut risque"]


def _models() -> Any:
    from praxis.learning import models

    return models


def present(ctx: Any) -> bool:
    m = _models()
    return m.Course.objects.filter(slug__startswith=SLUG_PREFIX).count() == COURSES


def delete(ctx: Any) -> None:
    m = _models()
    courses = m.Course.objects.filter(slug__startswith=SLUG_PREFIX)
    m.Enrolment.objects.filter(course__in=courses).delete()
    m.ProgrammeCourse.objects.filter(course__in=courses).delete()
    courses.delete()


def _capsule() -> Any:
    """One scale capsule with a ready video (the player's files are not needed: the bench never plays it)."""
    from praxis.content.models import Content, VideoAsset

    capsule = Content.objects.filter(slug__startswith=SLUG_PREFIX, kind="capsule", status="published").order_by(
        "pk").first()
    if capsule is None:
        return None
    VideoAsset.objects.update_or_create(content=capsule, defaults={
        "status": "ready", "duration": VIDEO_SECONDS, "hls_master": "scale/video/master.m3u8",
        "mp4": "scale/video/video.mp4", "published_prefix": "scale/video/"})
    return capsule


@transaction.atomic
def create(ctx: Any) -> str:
    from praxis.institutions.models import Institution

    m = _models()
    rng: random.Random = ctx.rng("learning")
    institutions = list(Institution.objects.filter(slug__startswith=SLUG_PREFIX).order_by("pk")
                        .values_list("pk", flat=True)[:10])
    capsule = _capsule()
    now = ctx.now
    courses = []
    for i in range(COURSES):
        topic = TOPICS[i % len(TOPICS)]
        courses.append(m.Course(
            title=f"{topic} — module {i + 1}", slug=f"{SLUG_PREFIX}cours-{i + 1}",
            summary="Formation obligatoire du personnel : les repères, une vidéo et un quiz.",
            owner_institution_id=institutions[i % len(institutions)] if institutions else None,
            visibility="open", status="published", published_at=now, estimated_minutes=rng.choice([15, 20, 30, 45]),
            certificate_validity_months=12 if i % 3 == 0 else None))
    m.Course.objects.bulk_create(courses)
    courses = list(m.Course.objects.filter(slug__startswith=SLUG_PREFIX).order_by("pk"))
    lessons = []
    for course in courses:
        for position in range(1, LESSONS_PER_COURSE + 1):
            if position == LESSONS_PER_COURSE - 1 and capsule is not None:
                lessons.append(m.Lesson(course=course, position=position, kind="capsule", content=capsule,
                                        title="La vidéo"))
            elif position == LESSONS_PER_COURSE:
                lessons.append(m.Lesson(course=course, position=position, kind="quiz", title="Quiz"))
            else:
                lessons.append(m.Lesson(course=course, position=position, kind="text", title=f"Partie {position}",
                                        body="Texte de la leçon.", body_html="<p>Texte de la leçon.</p>"))
    m.Lesson.objects.bulk_create(lessons)
    quiz_lessons = list(m.Lesson.objects.filter(course__in=courses, kind="quiz"))
    m.Quiz.objects.bulk_create([m.Quiz(lesson=lesson, pass_mark=60) for lesson in quiz_lessons])
    questions = [m.Question(quiz=quiz, text=f"Question {n} ?", position=n)
                 for quiz in m.Quiz.objects.filter(lesson__in=quiz_lessons) for n in range(1, 6)]
    m.Question.objects.bulk_create(questions)
    m.Choice.objects.bulk_create([
        m.Choice(question=q, text=label, is_correct=k == 0, position=k)
        for q in m.Question.objects.filter(quiz__lesson__in=quiz_lessons) for k, label in enumerate(["Oui", "Non"])])

    members = ctx.member_ids()[:2000]
    by_course = {c.pk: list(m.Lesson.objects.filter(course=c).order_by("position").values_list("pk", flat=True))
                 for c in courses}
    enrolments = []
    for member in members:
        for course in rng.sample(courses, 3):
            done = rng.random() < 0.4
            enrolments.append(m.Enrolment(
                user_id=member, course=course, status="completed" if done else "in_progress",
                enrolled_at=now - timedelta(days=rng.randint(1, 400)),
                completed_at=now - timedelta(days=rng.randint(0, 300)) if done else None,
                last_activity_at=now - timedelta(days=rng.randint(0, 30))))
    m.Enrolment.objects.bulk_create(enrolments, batch_size=2000)
    progress = []
    for enrolment in m.Enrolment.objects.filter(course__in=courses).only("pk", "course_id", "status"):
        ids = by_course[enrolment.course_id]
        count = len(ids) if enrolment.status == "completed" else rng.randint(0, len(ids) - 1)
        progress += [m.LessonProgress(enrolment_id=enrolment.pk, lesson_id=pk, status="completed",
                                      completed_at=now, time_spent_seconds=rng.randint(60, 900))
                     for pk in ids[:count]]
    m.LessonProgress.objects.bulk_create(progress, batch_size=5000)
    return f"{len(courses)} courses, {len(enrolments)} enrolments, {len(progress)} lesson progress rows"


GENERATORS = [Generator("learning", ["learning.Course"], present, delete, create)]


def bench_enrolment(user: Any) -> Any:
    """The bench member's enrolment in the first scale course, half done, with a capsule in progress (idempotent)."""
    m = _models()
    course = m.Course.objects.filter(slug=f"{SLUG_PREFIX}cours-1", status="published").first()
    if course is None:
        return None
    enrolment = m.Enrolment.objects.filter(user=user, course=course).first()
    if enrolment is None:
        enrolment = m.Enrolment.objects.create(user=user, course=course)
        lessons = list(course.lessons.order_by("position"))
        m.LessonProgress.objects.bulk_create([
            m.LessonProgress(enrolment=enrolment, lesson=lesson, status="completed", completed_at=timezone.now())
            for lesson in lessons[: len(lessons) // 2]])
    return enrolment


def bench_capsule_path(user: Any) -> str | None:
    """The heartbeat URL of the bench member's capsule lesson (the progress reports `make bench` posts)."""
    from django.urls import reverse

    enrolment = bench_enrolment(user)
    if enrolment is None:
        return None
    lesson = enrolment.course.lessons.filter(kind="capsule").first()
    if lesson is None:
        return None
    m = _models()
    # Opened long ago: the bench's reports are always plausible (they claim 0.05 s each).
    m.LessonProgress.objects.update_or_create(enrolment=enrolment, lesson=lesson, defaults={
        "status": "in_progress", "started_at": timezone.now() - timedelta(days=1)})
    return reverse("learning:heartbeat", kwargs={"slug": enrolment.course.slug, "lesson_id": lesson.pk})
