"""Benchmark data for e-learning (`manage.py seed_scale`, `make bench`).

30 courses of the scale institutions (text lessons, a capsule, a quiz), and enrolments with progress for a share of
the scale members. Then the issue's hospital ("learning-staff"): 5 000 staff (fewer at small scales: one per scale
member), 40 departments, the 30 courses each assigned to everyone (150 000 assigned rounds), about half done, a
share overdue, some expiring soon.
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


# Not "scale-…": the institutions generator counts the institutions with that prefix.
HOSPITAL_SLUG = "hopital-universitaire-echelle"
STAFF = 5000
DEPARTMENTS = 40
UNITS = ["Urgences", "Soins intensifs", "Cardiologie", "Pédiatrie", "Bloc opératoire", "Gériatrie", "Oncologie",
         "Maternité", "Neurologie", "Pneumologie"]
PROFESSIONS = ["nurse", "nurse", "nurse", "physician", "care_assistant", "technician", "administrative", "logistics",
               "physiotherapist", "midwife"]


def _staff_size(ctx: Any) -> int:
    return min(STAFF, len(ctx.member_ids()))


def staff_present(ctx: Any) -> bool:
    m = _models()
    return m.StaffMember.objects.filter(institution__slug=HOSPITAL_SLUG).count() == _staff_size(ctx) and (
        m.StaffAssignment.objects.filter(assignment__institution__slug=HOSPITAL_SLUG).exists())


def staff_delete(ctx: Any) -> None:
    from praxis.institutions.models import Institution

    m = _models()
    hospital = Institution.objects.filter(slug=HOSPITAL_SLUG).first()
    if hospital is None:
        return
    m.StaffAssignment.objects.filter(assignment__institution=hospital).delete()
    m.Assignment.objects.filter(institution=hospital).delete()
    m.StaffMember.objects.filter(institution=hospital).delete()
    m.Department.objects.filter(institution=hospital).delete()
    hospital.delete()


def staff_create(ctx: Any) -> str:
    """The hospital: departments, staff (the first scale members), every scale course assigned to everyone."""
    from django.contrib.auth import get_user_model

    from praxis.core.scale import bulk
    from praxis.institutions.models import Institution

    m = _models()
    rng: random.Random = ctx.rng("learning-staff")
    hospital, _created = Institution.objects.get_or_create(slug=HOSPITAL_SLUG, defaults={
        "name": "Hôpital universitaire (échelle)", "kind": "hospital", "city": "Liège", "country": "BE",
        "is_verified": True})
    departments = m.Department.objects.bulk_create([
        m.Department(institution=hospital, name=f"{UNITS[i % len(UNITS)]} {i // len(UNITS) + 1}")
        for i in range(DEPARTMENTS)])
    users = list(get_user_model()._default_manager.filter(pk__in=ctx.member_ids()[:_staff_size(ctx)])
                 .order_by("pk").values_list("pk", "email", "first_name", "last_name"))
    today = ctx.now.date()
    bulk(m.StaffMember, (m.StaffMember(
        institution=hospital, user_id=pk, email=email, first_name=first or "Prénom", last_name=last or "Nom",
        department=departments[i % DEPARTMENTS], profession=rng.choice(PROFESSIONS),
        joined_on=today - timedelta(days=rng.randint(30, 4000))) for i, (pk, email, first, last) in enumerate(users)))
    staff = list(m.StaffMember.objects.filter(institution=hospital).values_list("pk", flat=True))
    courses = list(m.Course.objects.filter(slug__startswith=SLUG_PREFIX, status="published").order_by("pk"))
    assignments = m.Assignment.objects.bulk_create([
        m.Assignment(institution=hospital, course=course, target="everyone", due_days=rng.choice([30, 60, 90]),
                     recurrence_months=12 if i % 3 == 0 else None, auto_assign=True)
        for i, course in enumerate(courses)])

    def rounds() -> Any:
        for assignment in assignments:
            for person in staff:
                roll = rng.random()
                due = today + timedelta(days=rng.randint(-120, 90))
                if roll < 0.5:  # done
                    done = ctx.now - timedelta(days=rng.randint(1, 330))
                    until = (done.date() + timedelta(days=365)) if assignment.recurrence_months else None
                    yield m.StaffAssignment(assignment=assignment, staff_id=person, due_on=due, completed_at=done,
                                            valid_until=until, score=rng.choice([60, 70, 80, 90, 100]),
                                            time_spent_seconds=rng.randint(300, 3600))
                else:
                    yield m.StaffAssignment(assignment=assignment, staff_id=person, due_on=due)

    count = bulk(m.StaffAssignment, rounds())
    from praxis.learning.mandatory.services import report_figures_changed

    report_figures_changed([hospital.pk])  # a server still running keeps no figures of the previous data
    return f"{len(staff)} staff, {len(departments)} departments, {len(assignments)} assignments, {count} rounds"


GENERATORS = [
    Generator("learning", ["learning.Course"], present, delete, create),
    Generator("learning-staff", ["learning.StaffAssignment"], staff_present, staff_delete, staff_create),
]


def bench_report_path(user: Any, *, course: bool = True) -> str | None:
    """The scale hospital's report (per department for the first scale course, or per course), read by the bench
    member as one of its trainers (idempotent)."""
    from django.urls import reverse

    from praxis.institutions.models import Institution, InstitutionMembership

    hospital = Institution.objects.filter(slug=HOSPITAL_SLUG).first()
    if hospital is None or user is None:
        return None
    InstitutionMembership.objects.get_or_create(institution=hospital, user=user, defaults={"role": "trainer"})
    path = reverse("learning:report", kwargs={"institution": hospital.slug})
    return f"{path}?course={SLUG_PREFIX}cours-1" if course else path


def bench_assignment_path(user: Any) -> str | None:
    """The first page of the people of the scale hospital's first assignment (5 000 people, 50 a page)."""
    from django.urls import reverse

    m = _models()
    if bench_report_path(user) is None:
        return None
    assignment = m.Assignment.objects.filter(institution__slug=HOSPITAL_SLUG).order_by("pk").first()
    if assignment is None:
        return None
    return reverse("learning:assignment", kwargs={"institution": HOSPITAL_SLUG, "assignment_id": assignment.pk})


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
