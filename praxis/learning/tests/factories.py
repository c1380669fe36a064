"""Factories of the learning tests (plain typed functions)."""

from __future__ import annotations

import itertools
from typing import Any

from django.utils import timezone

from praxis.accounts.models import User
from praxis.content.models import Content, VideoAsset
from praxis.content.tests.pages_factories import make_content
from praxis.institutions.models import Institution
from praxis.learning.models import (
    Choice,
    Course,
    Enrolment,
    Lesson,
    PublicationStatus,
    Question,
    QuestionPool,
    Quiz,
    Visibility,
)

_sequence = itertools.count(1)


def make_course(institution: Institution | None = None, *, visibility: str = Visibility.OPEN,
                status: str = PublicationStatus.PUBLISHED, shared_with: list[Institution] = (),  # type: ignore[assignment]
                lessons: int = 0, **fields: Any) -> Course:
    n = next(_sequence)
    course = Course.objects.create(
        title=fields.pop("title", f"Cours de test {n}"), slug=fields.pop("slug", f"cours-de-test-{n}"),
        summary=fields.pop("summary", "Ce que chaque soignant doit savoir."), owner_institution=institution,
        visibility=visibility, status=status,
        published_at=timezone.now() if status == PublicationStatus.PUBLISHED else None, **fields,
    )
    course.shared_with.set(shared_with)
    for i in range(lessons):
        make_text_lesson(course, title=f"Leçon {i + 1}")
    return course


def make_text_lesson(course: Course, **fields: Any) -> Lesson:
    position = fields.pop("position", course.lessons.count() + 1)
    return Lesson.objects.create(course=course, kind=Lesson.Kind.TEXT, position=position,
                                 title=fields.pop("title", "Lecture"), body="Se laver les mains.",
                                 body_html="<p>Se laver les mains.</p>", **fields)


def make_document_lesson(course: Course, author: User, **fields: Any) -> Lesson:
    document = make_content(author, kind=Content.Kind.DOCUMENT, title="Protocole d'hygiène")
    return Lesson.objects.create(course=course, kind=Lesson.Kind.DOCUMENT, content=document,
                                 position=course.lessons.count() + 1, title=fields.pop("title", "Protocole"),
                                 **fields)


def make_capsule_lesson(course: Course, author: User, *, duration: float = 100.0, **fields: Any) -> Lesson:
    capsule = make_content(author, kind=Content.Kind.CAPSULE, title="Friction hydro-alcoolique", body="")
    VideoAsset.objects.create(content=capsule, status=VideoAsset.Status.READY, duration=duration,
                              hls_master="media/test/master.m3u8", mp4="media/test/video.mp4",
                              published_prefix="media/test/")
    return Lesson.objects.create(course=course, kind=Lesson.Kind.CAPSULE, content=capsule,
                                 position=course.lessons.count() + 1, title=fields.pop("title", "La friction"),
                                 **fields)


def make_quiz_lesson(course: Course, *, questions: int = 2, pass_mark: int = 50, **quiz_fields: Any) -> Lesson:
    lesson = Lesson.objects.create(course=course, kind=Lesson.Kind.QUIZ, position=course.lessons.count() + 1,
                                   title=quiz_fields.pop("title", "Vérifiez vos connaissances"))
    quiz = Quiz.objects.create(lesson=lesson, pass_mark=pass_mark, **quiz_fields)
    for i in range(questions):
        make_question(quiz, text=f"Question {i + 1} ?")
    return lesson


def make_question(quiz: Quiz, *, text: str = "Combien de temps dure une friction ?", kind: str = Question.Kind.SINGLE,
                  pool: QuestionPool | None = None, right: str = "30 secondes",
                  wrong: tuple[str, ...] = ("5 secondes",)) -> Question:
    question = Question.objects.create(quiz=quiz, kind=kind, text=text, pool=pool,
                                       explanation="Il faut 20 à 30 secondes.")
    Choice.objects.create(question=question, text=right, is_correct=True, position=0)
    for i, label in enumerate(wrong, start=1):
        Choice.objects.create(question=question, text=label, is_correct=False, position=i)
    return question


def make_enrolment(course: Course, user: User, **fields: Any) -> Enrolment:
    return Enrolment.objects.create(course=course, user=user, **fields)


def right_answers(question_ids: list[int]) -> dict[str, list[int]]:
    return {str(q.pk): [c.pk for c in q.choices.all() if c.is_correct]
            for q in Question.objects.filter(pk__in=question_ids).prefetch_related("choices")}
