"""Trainer authoring: create, add lessons, reorder by buttons, quiz questions, preview, publish, new version."""

import pytest
from django.test import Client
from django.urls import reverse

from praxis.learning.models import Course, Lesson, PublicationStatus, Question
from praxis.testing import make_institution, make_institution_member, make_member

from .factories import make_course, make_enrolment, make_text_lesson

pytestmark = pytest.mark.django_db


@pytest.fixture
def trainer(personas):
    user = make_member("trainer@example.test")
    make_institution_member(personas.institution, user, "trainer")
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = "fr"
    return client


def test_a_trainer_creates_a_course_adds_lessons_reorders_them_and_publishes(personas, trainer):
    response = trainer.post(reverse("learning:course_new"), {
        "title": "Prévention des chutes", "summary": "Repérer et prévenir.", "owner_institution":
            personas.institution.pk, "visibility": "internal", "language": "fr", "estimated_minutes": 20,
        "cpd_rubric": "general"})
    course = Course.objects.get(title="Prévention des chutes")
    assert response.status_code == 302 and course.status == PublicationStatus.DRAFT
    edit = reverse("learning:edit", args=[course.pk])
    trainer.post(reverse("learning:lesson_new", args=[course.pk]),
                 {"kind": "text", "title": "Les facteurs de risque", "body": "La **vue**, les médicaments.",
                  "estimated_minutes": 5})
    response = trainer.post(reverse("learning:lesson_new", args=[course.pk]),
                            {"kind": "quiz", "title": "Quiz", "estimated_minutes": 5})
    quiz_lesson = Lesson.objects.get(course=course, kind="quiz")
    assert response.url == reverse("learning:quiz_edit", args=[quiz_lesson.pk])
    trainer.post(reverse("learning:quiz_edit", args=[quiz_lesson.pk]), {
        "add_question": "1", "kind": "single", "text": "Premier facteur ?", "choice_1": "L'âge", "correct_1": "on",
        "choice_2": "La couleur des yeux"})
    trainer.post(reverse("learning:quiz_edit", args=[quiz_lesson.pk]), {
        "add_question": "1", "kind": "true_false", "text": "Les somnifères augmentent le risque.",
        "correct_1": "on", "pool": "Médicaments", "pool_draw": 1})
    assert Question.objects.filter(quiz__lesson=quiz_lesson).count() == 2
    assert getattr(Question.objects.get(kind="true_false").pool, "title", None) == "Médicaments"
    response = trainer.post(reverse("learning:lesson_move", args=[quiz_lesson.pk]), {"direction": "up"})
    assert response.status_code == 302
    assert list(course.lessons.values_list("kind", flat=True)) == ["quiz", "text"]
    page = trainer.get(edit).content.decode()
    assert "Monter « Quiz »" in page or "monter" in page.lower()
    htmx = trainer.post(reverse("learning:lesson_move", args=[quiz_lesson.pk]), {"direction": "down"},
                        headers={"HX-Request": "true"})
    assert htmx.status_code == 200 and "<html" not in htmx.content.decode()
    assert list(course.lessons.values_list("kind", flat=True)) == ["text", "quiz"]
    preview = trainer.get(reverse("learning:course", args=[course.slug]) + f"?version={course.version}")
    assert preview.status_code == 200
    assert trainer.post(reverse("learning:publish", args=[course.pk])).status_code == 302
    course.refresh_from_db()
    assert course.status == PublicationStatus.PUBLISHED


def test_a_lesson_form_with_errors_keeps_what_was_typed(personas, trainer):
    course = make_course(personas.institution, status="draft")
    response = trainer.post(reverse("learning:lesson_new", args=[course.pk]),
                            {"kind": "capsule", "title": "Ma vidéo", "estimated_minutes": 5})
    page = response.content.decode()
    assert response.status_code == 400 and 'value="Ma vidéo"' in page and "Choisissez la capsule" in page


def test_publishing_an_empty_course_says_why(personas, trainer):
    course = make_course(personas.institution, status="draft")
    response = trainer.post(reverse("learning:publish", args=[course.pk]), follow=True)
    assert "au moins une leçon" in response.content.decode()


def test_editing_a_published_course_starts_a_version_and_its_learners_keep_theirs(personas, trainer):
    course = make_course(personas.institution, slug="chutes")
    make_text_lesson(course, title="Ancienne leçon")
    make_enrolment(course, personas.institution_staff)
    assert trainer.post(reverse("learning:lesson_new", args=[course.pk]),
                        {"kind": "text", "title": "X", "body": "y", "estimated_minutes": 5}).status_code == 400
    response = trainer.post(reverse("learning:new_version", args=[course.pk]))
    draft = Course.objects.get(slug="chutes", version=2)
    assert response.url == reverse("learning:edit", args=[draft.pk])
    trainer.post(reverse("learning:lesson_new", args=[draft.pk]),
                 {"kind": "text", "title": "Nouvelle leçon", "body": "Texte.", "estimated_minutes": 5})
    trainer.post(reverse("learning:publish", args=[draft.pk]))
    staff = personas.client("institution_staff").get(reverse("learning:course", args=["chutes"])).content.decode()
    assert "Ancienne leçon" in staff and "Nouvelle leçon" not in staff
    newcomer = personas.client("institution_admin").get(reverse("learning:course", args=["chutes"])).content.decode()
    assert "Nouvelle leçon" in newcomer


def test_a_trainer_of_another_institution_gets_404_on_an_internal_course(personas):
    other = make_member("other-trainer@example.test")
    make_institution_member(make_institution(), other, "trainer")
    course = make_course(personas.institution, visibility="internal", status="draft")
    client = Client()
    client.force_login(other)
    assert client.get(reverse("learning:edit", args=[course.pk])).status_code == 404
    assert client.get(reverse("learning:authoring")).status_code == 200


def test_the_authoring_list_and_the_edit_page_use_a_bounded_number_of_queries(personas, trainer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from .factories import make_quiz_lesson

    course = make_course(personas.institution, status="draft")
    make_text_lesson(course)
    make_quiz_lesson(course, questions=1)
    make_course(personas.institution, lessons=2)
    with CaptureQueriesContext(connection) as few_list:
        trainer.get(reverse("learning:authoring"))
    with CaptureQueriesContext(connection) as few_edit:
        trainer.get(reverse("learning:edit", args=[course.pk]))
    for _ in range(8):
        make_course(personas.institution, lessons=2)
        make_text_lesson(course)
        make_quiz_lesson(course, questions=2)
    with CaptureQueriesContext(connection) as many_list:
        page = trainer.get(reverse("learning:authoring")).content.decode()
    with CaptureQueriesContext(connection) as many_edit:
        trainer.get(reverse("learning:edit", args=[course.pk]))
    assert page.count("<tr><th scope=\"row\">") == 10
    assert len(many_list) == len(few_list)
    assert len(many_edit) == len(few_edit)


def test_a_trainer_edits_a_question_of_a_draft_and_a_published_one_stays_frozen(personas, trainer):
    from .factories import make_quiz_lesson

    draft = make_course(personas.institution, status=PublicationStatus.DRAFT)
    question = make_quiz_lesson(draft, questions=1).quiz.questions.get()
    page = trainer.get(reverse("learning:question_edit", args=[question.pk])).content.decode()
    assert "Combien" in page or "Question 1" in page
    response = trainer.post(reverse("learning:question_edit", args=[question.pk]), {
        "kind": "multiple", "text": "Quels gestes ?", "explanation": "Les deux.", "pool": "Gestes", "pool_draw": 1,
        "choice_1": "Friction", "correct_1": "on", "choice_2": "Lavage", "correct_2": "on", "choice_3": "Rien"})
    assert response.status_code == 302
    question.refresh_from_db()
    assert (question.kind, question.text, getattr(question.pool, "title", "")) == ("multiple", "Quels gestes ?",
                                                                                  "Gestes")
    assert [(c.text, c.is_correct) for c in question.choices.all()] == [
        ("Friction", True), ("Lavage", True), ("Rien", False)]
    refused = trainer.post(reverse("learning:question_edit", args=[question.pk]), {
        "kind": "single", "text": "Un seul ?", "choice_1": "A", "correct_1": "on", "choice_2": "B", "correct_2": "on"})
    assert refused.status_code == 400 and "Un seul ?" in refused.content.decode()
    published = make_course(personas.institution)
    frozen = make_quiz_lesson(published, questions=1).quiz.questions.get()
    assert trainer.get(reverse("learning:question_edit", args=[frozen.pk])).status_code == 404
