"""Learner pages: the catalogue, a course with the learner's progress, its lessons, "my training"."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from praxis.core.concurrency import EditConflict, after_conflict, seen_value
from praxis.core.htmx import render_page
from praxis.core.http import PraxisRequest

from . import rules, selectors, services
from .forms import CatalogueFilterForm, CourseForm, CourseReviewForm, LessonForm, QuestionForm, QuizSettingsForm
from .models import Course, CourseReview, Enrolment, Lesson, PublicationStatus, Question
from .scorm import views as scorm_views


def _form_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_required
@require_GET
def catalogue(request: PraxisRequest) -> HttpResponse:
    from .programmes.selectors import published_programmes

    form = CatalogueFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    courses = selectors.catalogue(request.actor, query=filters.get("q", ""),
                                  theme=filters["theme"].pk if filters.get("theme") else None,
                                  language=filters.get("language", ""))[:100]
    return render_page(request, "learning/catalogue.html", {
        "form": form, "courses": courses, "enrolled": selectors.open_enrolments_by_slug(request.actor),
        "can_author": rules.can_author_courses(request.actor),
        "programmes": [] if getattr(request, "htmx", False) else published_programmes(request.actor)[:20],
    }, partial="results")


@login_required
@require_GET
def my_training(request: PraxisRequest) -> HttpResponse:
    from .mandatory import selectors as mandatory_selectors

    return render_page(request, "learning/mine.html", {
        "training": selectors.my_training(request.actor),
        "assigned": mandatory_selectors.my_assignments(request.actor),
        "manages": mandatory_selectors.institutions_managed(request.actor),
        "today": timezone.localdate(),
    }, partial="rows")


@login_required
@require_GET
def course_detail(request: PraxisRequest, slug: str) -> HttpResponse:
    version = request.GET.get("version", "")
    course, enrolment = selectors.course_for_learner(request.actor, slug, int(version) if version.isdigit() else None)
    progress = selectors.course_progress(course, enrolment)
    return render_page(request, "learning/course.html", {
        "course": course, "enrolment": enrolment, "progress": progress,
        # a completed course can be taken again (a recurring assignment's next round)
        "can_enrol": (enrolment is None or enrolment.is_completed) and rules.can_enrol(request.actor, course),
        "can_edit": rules.can_edit_course(request.actor, course),
    }, partial="lessons")


@login_required
@require_POST
def enrol(request: PraxisRequest, slug: str) -> HttpResponse:
    course, _enrolment = selectors.course_for_learner(request.actor, slug)
    rules.check_enrol(request.actor, course)
    try:
        services.enrolment_create(actor=request.actor, course=course)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("learning:course", slug=course.slug)
    messages.success(request, _("You are enrolled. Good learning!"))
    return redirect("learning:course", slug=course.slug)


# --- lessons -----------------------------------------------------------------------------------------------------

def _lesson_or_404(request: PraxisRequest, slug: str, lesson_id: int) -> tuple[Course, Enrolment | None, Lesson]:
    return selectors.lesson_for_learner(request.actor, slug, lesson_id)


def _check_follow(request: PraxisRequest, enrolment: Enrolment | None, lesson: Lesson) -> Enrolment:
    """The learner's enrolment, once the rule allowed them to follow the lesson (it refuses a missing one)."""
    done = selectors.completed_lesson_ids(enrolment)
    rules.check_follow_lesson(request.actor, enrolment, lesson, done)
    assert enrolment is not None
    return enrolment


@login_required
@require_GET
def lesson_detail(request: PraxisRequest, slug: str, lesson_id: int) -> HttpResponse:
    course, enrolment, lesson = _lesson_or_404(request, slug, lesson_id)
    preview = enrolment is None and rules.can_preview_course(request.actor, course)
    progress = None
    if not preview:
        followed = _check_follow(request, enrolment, lesson)
        progress = services.lesson_open(actor=request.actor, enrolment=followed, lesson=lesson)
    context: dict[str, Any] = {"course": course, "enrolment": enrolment, "lesson": lesson, "progress": progress,
                               "preview": preview, **selectors.lesson_neighbours(course, lesson)}
    if lesson.kind == Lesson.Kind.CAPSULE:
        context["player"] = selectors.player_for(lesson, progress)
    elif lesson.kind == Lesson.Kind.QUIZ:
        context["quiz"] = selectors.quiz_state(lesson, progress)
    elif lesson.kind == Lesson.Kind.SCORM:
        context.update(scorm_views.lesson_context(request, lesson, progress))
    response = render_page(request, "learning/lesson.html", context, partial="body")
    if context.get("scorm"):
        scorm_views.allow_content_frames(response, context["scorm"].content_origin)
    return response


@login_required
@require_GET
def lesson_document(request: PraxisRequest, slug: str, lesson_id: int) -> FileResponse:
    course, enrolment, lesson = _lesson_or_404(request, slug, lesson_id)
    if lesson.kind != Lesson.Kind.DOCUMENT:
        raise Http404
    if not (enrolment is None and rules.can_preview_course(request.actor, course)):
        services.document_opened(actor=request.actor, enrolment=_check_follow(request, enrolment, lesson),
                                 lesson=lesson)
    document = lesson.content
    if document is None or not document.document:
        raise Http404
    extension = (document.document.name or "").rsplit(".", 1)[-1]
    response = FileResponse(document.document.open("rb"),
                            content_type=document.document_mime or "application/octet-stream",
                            as_attachment=document.document_mime != "application/pdf",
                            filename=f"{document.slug}.{extension}")
    response["Cache-Control"] = "private, max-age=0"
    return response


@login_required
@require_POST
def lesson_acknowledge(request: PraxisRequest, slug: str, lesson_id: int) -> HttpResponse:
    course, enrolment, lesson = _lesson_or_404(request, slug, lesson_id)
    followed = _check_follow(request, enrolment, lesson)
    try:
        services.lesson_acknowledge(actor=request.actor, enrolment=followed, lesson=lesson)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("learning:lesson", slug=course.slug, lesson_id=lesson.pk)
    return _after_lesson(request, course, lesson)


def _after_lesson(request: PraxisRequest, course: Course, lesson: Lesson) -> HttpResponse:
    following = selectors.lesson_neighbours(course, lesson)["next_lesson"]
    messages.success(request, _("Lesson done."))
    if following:
        return redirect("learning:lesson", slug=course.slug, lesson_id=following.pk)
    return redirect("learning:course", slug=course.slug)


@login_required
@require_POST
def heartbeat(request: PraxisRequest, slug: str, lesson_id: int) -> JsonResponse:
    """The player's periodic report: `{"played": [[start, end], ...], "position": seconds}`."""
    _course, enrolment, lesson = _lesson_or_404(request, slug, lesson_id)
    followed = _check_follow(request, enrolment, lesson)
    try:
        if request.content_type == "application/json":
            payload = json.loads(request.body or b"{}")
        else:  # a form post (the benchmark's writer): `played` is the same JSON list
            payload = {"played": json.loads(request.POST.get("played", "[]")),
                       "position": request.POST.get("position", 0)}
        progress = services.capsule_heartbeat(actor=request.actor, enrolment=followed, lesson=lesson,
                                              played=list(payload.get("played", [])),
                                              position=payload.get("position", 0))
    except (ValueError, TypeError, AttributeError):
        return JsonResponse({"error": _("This progress report is not readable.")}, status=400)
    except ValidationError as error:
        return JsonResponse({"error": " ".join(error.messages)}, status=400)
    duration = getattr(getattr(lesson.content, "video", None), "duration", None) or 0
    return JsonResponse({
        "seconds_watched": progress.seconds_watched,
        "percent": min(100, round(100 * progress.seconds_watched / duration)) if duration else 0,
        "completed": progress.is_completed,
    })


@login_required
@require_POST
def quiz_start(request: PraxisRequest, slug: str, lesson_id: int) -> HttpResponse:
    course, enrolment, lesson = _lesson_or_404(request, slug, lesson_id)
    followed = _check_follow(request, enrolment, lesson)
    if lesson.kind != Lesson.Kind.QUIZ:
        raise Http404
    try:
        services.quiz_attempt_start(actor=request.actor, enrolment=followed, lesson=lesson)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("learning:lesson", slug=course.slug, lesson_id=lesson.pk)


@login_required
@require_POST
def quiz_submit(request: PraxisRequest, slug: str, lesson_id: int, attempt_id: int) -> HttpResponse:
    course, enrolment, lesson = _lesson_or_404(request, slug, lesson_id)
    _check_follow(request, enrolment, lesson)
    attempt = selectors.attempt_of(enrolment, lesson, attempt_id)
    given = {qid: request.POST.getlist(f"q{qid}") for qid in map(str, attempt.question_ids)}
    try:
        answers = {qid: [int(c) for c in chosen] for qid, chosen in given.items()}
        attempt = services.quiz_attempt_submit(actor=request.actor, attempt=attempt, answers=answers)
    except ValueError:
        return HttpResponseBadRequest(_("These answers are not readable."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("learning:lesson", slug=course.slug, lesson_id=lesson.pk)
    if attempt.passed:
        messages.success(request, _("Passed with %(score)s %%.") % {"score": f"{attempt.score:g}"})
    else:
        messages.warning(request, _("Not passed: %(score)s %%, the pass mark is %(mark)s %%.") % {
            "score": f"{attempt.score:g}", "mark": attempt.quiz.pass_mark})
    return redirect("learning:lesson", slug=course.slug, lesson_id=lesson.pk)


# --- authoring (trainers, institution admins, platform admins) ---------------------------------------------------

def _editable_course(request: PraxisRequest, course_id: int) -> Course:
    course = get_object_or_404(rules.courses_visible_to(request.actor).select_related("owner_institution"),
                               pk=course_id)
    rules.check_edit_course(request.actor, course)
    return course


def _editable_lesson(request: PraxisRequest, lesson_id: int) -> Lesson:
    lesson = selectors.lesson_for_author(request.actor, lesson_id)
    rules.check_edit_course(request.actor, lesson.course)
    return lesson


def _course_form(request: PraxisRequest, data: Any = None, **kwargs: Any) -> CourseForm:
    return CourseForm(data, institutions=selectors.author_institutions(request.actor),
                      platform=rules.can_write_platform_courses(request.actor), **kwargs)


@login_required
@require_GET
def authoring(request: PraxisRequest) -> HttpResponse:
    rules.check_author_courses(request.actor)
    from .programmes.selectors import authored_programmes

    return render_page(request, "learning/authoring.html", {
        "courses": selectors.authored_courses(request.actor)[:200],
        "programmes": authored_programmes(request.actor)[:100]}, partial="courses")


@login_required
@require_http_methods(["GET", "POST"])
def course_new(request: PraxisRequest) -> HttpResponse:
    rules.check_author_courses(request.actor)
    form = _course_form(request, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        themes, shared = data.pop("themes"), data.pop("shared_with")
        try:
            course = services.course_create(actor=request.actor, data=data, themes=themes, shared_with=shared)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Draft created. Add its lessons."))
            return redirect("learning:edit", course.pk)
    return render_page(request, "learning/course_form.html", {"form": form}, partial="form",
                       status=400 if form.errors else 200)


def _edit_page(request: PraxisRequest, course: Course, *, form: CourseForm | None = None,
               lesson_form: LessonForm | None = None, status: int = 200) -> HttpResponse:
    return render_page(request, "learning/edit.html", {
        "course": course, "form": form or _course_form(request, initial=CourseForm.initial_for(course)),
        "lesson_form": lesson_form or LessonForm(course=course),
        "lessons": selectors.lessons_with_quiz(course), "editable": course.status == PublicationStatus.DRAFT,
        "newer_draft": selectors.newer_draft(course),
        "can_publish": rules.can_publish_course(request.actor, course),
        "can_submit": rules.can_submit_course(request.actor, course),
        "last_review": selectors.last_review(course) if course.is_platform_course else None,
    }, partial="lessons", status=status)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: PraxisRequest, course_id: int) -> HttpResponse:
    course = _editable_course(request, course_id)
    if request.method == "GET":
        return _edit_page(request, course)
    form = _course_form(request, request.POST)
    status = 400
    if form.is_valid():
        data = dict(form.cleaned_data)
        themes, shared = data.pop("themes"), data.pop("shared_with")
        data.pop("seen", None)
        try:
            services.course_update(actor=request.actor, course=course, data=data, themes=themes, shared_with=shared,
                                   seen=seen_value(form))
        except EditConflict as error:
            after_conflict(form, course, error)
            status = 409
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Course saved."))
            return redirect("learning:edit", course.pk)
    return _edit_page(request, course, form=form, status=status)


@login_required
@require_POST
def lesson_new(request: PraxisRequest, course_id: int) -> HttpResponse:
    course = _editable_course(request, course_id)
    form = LessonForm(request.POST, course=course)
    if form.is_valid():
        try:
            lesson = services.lesson_add(actor=request.actor, course=course, data=form.cleaned_data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Lesson added."))
            if lesson.kind == Lesson.Kind.QUIZ:
                return redirect("learning:quiz_edit", lesson.pk)
            return redirect("learning:edit", course.pk)
    return _edit_page(request, course, lesson_form=form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def lesson_edit(request: PraxisRequest, lesson_id: int) -> HttpResponse:
    lesson = _editable_lesson(request, lesson_id)
    initial = {"kind": lesson.kind, "title": lesson.title, "content": lesson.content, "body": lesson.body,
               "prerequisite": lesson.prerequisite, "estimated_minutes": lesson.estimated_minutes}
    form = LessonForm(request.POST if request.method == "POST" else None, course=lesson.course, lesson=lesson,
                      initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.lesson_update(actor=request.actor, lesson=lesson, data=form.cleaned_data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Lesson saved."))
            return redirect("learning:edit", lesson.course_id)
    return render_page(request, "learning/lesson_form.html",
                       {"form": form, "lesson": lesson, "course": lesson.course}, partial="form",
                       status=400 if form.errors else 200)


@login_required
@require_POST
def lesson_move(request: PraxisRequest, lesson_id: int) -> HttpResponse:
    lesson = _editable_lesson(request, lesson_id)
    direction = request.POST.get("direction")
    if direction not in {"up", "down"}:
        return HttpResponseBadRequest(_("Choose up or down."))
    try:
        services.lesson_move(actor=request.actor, lesson=lesson, offset=-1 if direction == "up" else 1)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    if getattr(request, "htmx", False):
        return _edit_page(request, lesson.course)
    return redirect(f"{reverse('learning:edit', args=[lesson.course_id])}#lesson-{lesson.pk}")


@login_required
@require_POST
def lesson_delete(request: PraxisRequest, lesson_id: int) -> HttpResponse:
    lesson = _editable_lesson(request, lesson_id)
    course_id = lesson.course_id
    try:
        services.lesson_delete(actor=request.actor, lesson=lesson)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Lesson deleted."))
    return redirect("learning:edit", course_id)


@login_required
@require_http_methods(["GET", "POST"])
def quiz_edit(request: PraxisRequest, lesson_id: int) -> HttpResponse:
    lesson = _editable_lesson(request, lesson_id)
    if lesson.kind != Lesson.Kind.QUIZ:
        raise Http404
    quiz = lesson.quiz
    settings_form = QuizSettingsForm(initial={"pass_mark": quiz.pass_mark, "max_attempts": quiz.max_attempts,
                                              "time_limit_minutes": quiz.time_limit_minutes,
                                              "show_explanations": quiz.show_explanations})
    question_form = QuestionForm()
    if request.method == "POST":
        try:
            if "add_question" in request.POST:
                question_form = QuestionForm(request.POST)
                if question_form.is_valid():
                    data = question_form.cleaned_data
                    services.question_add(actor=request.actor, quiz=quiz, kind=data["kind"], text=data["text"],
                                          explanation=data["explanation"], choices=question_form.choices(),
                                          pool_title=data["pool"], pool_draw=data["pool_draw"])
                    messages.success(request, _("Question added."))
                    return redirect("learning:quiz_edit", lesson.pk)
            else:
                settings_form = QuizSettingsForm(request.POST)
                if settings_form.is_valid():
                    services.quiz_update(actor=request.actor, quiz=quiz, data=settings_form.cleaned_data)
                    messages.success(request, _("Quiz settings saved."))
                    return redirect("learning:quiz_edit", lesson.pk)
        except ValidationError as error:
            _form_errors(question_form if "add_question" in request.POST else settings_form, error)
    return render_page(request, "learning/quiz_form.html", {
        "lesson": lesson, "course": lesson.course, "quiz": quiz, "settings_form": settings_form,
        "question_form": question_form, "editable": lesson.course.status == PublicationStatus.DRAFT,
        "questions": quiz.questions.select_related("pool").prefetch_related("choices"),
    }, partial="questions", status=400 if request.method == "POST" else 200)


@login_required
@require_http_methods(["GET", "POST"])
def question_edit(request: PraxisRequest, question_id: int) -> HttpResponse:
    """Edit a question of a draft's quiz (a published version is frozen: 404 here, as for its other parts)."""
    question = selectors.question_or_404(question_id)
    lesson = _editable_lesson(request, question.quiz.lesson_id)
    if lesson.course.status != PublicationStatus.DRAFT:
        raise Http404
    choices = list(question.choices.all())
    initial: dict[str, Any] = {"kind": question.kind, "text": question.text, "explanation": question.explanation,
                               "pool": question.pool.title if question.pool else "",
                               "pool_draw": question.pool.draw_count if question.pool else None}
    for i, choice in enumerate(choices[:4], start=1):
        initial[f"choice_{i}"], initial[f"correct_{i}"] = choice.text, choice.is_correct
    if question.kind == Question.Kind.TRUE_FALSE:
        initial.update(choice_1="", choice_2="", correct_1=bool(choices and choices[0].is_correct), correct_2=False)
    form = QuestionForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.question_update(actor=request.actor, question=question, kind=data["kind"], text=data["text"],
                                     explanation=data["explanation"], choices=form.choices(),
                                     pool_title=data["pool"], pool_draw=data["pool_draw"])
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Question saved."))
            return redirect("learning:quiz_edit", lesson.pk)
    return render_page(request, "learning/question_form.html", {
        "lesson": lesson, "course": lesson.course, "question": question, "form": form,
    }, status=400 if form.errors else 200)


@login_required
@require_POST
def publish(request: PraxisRequest, course_id: int) -> HttpResponse:
    course = _editable_course(request, course_id)
    rules.check_publish_course(request.actor, course)
    try:
        services.course_publish(actor=request.actor, course=course)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("learning:edit", course.pk)
    messages.success(request, _("The course is published."))
    return redirect("learning:course", course.slug)


@login_required
@require_POST
def new_version(request: PraxisRequest, course_id: int) -> HttpResponse:
    course = _editable_course(request, course_id)
    draft = services.course_new_version(actor=request.actor, course=course)
    messages.success(request, _("Version %(n)s is a draft: learners keep the published version until you publish "
                                "this one.") % {"n": draft.version})
    return redirect("learning:edit", draft.pk)


# --- review of the platform's courses ----------------------------------------------------------------------------

@login_required
@require_POST
def submit(request: PraxisRequest, course_id: int) -> HttpResponse:
    course = _editable_course(request, course_id)
    if course.status != PublicationStatus.IN_REVIEW:
        rules.check_submit_course(request.actor, course)
    try:
        services.course_submit(actor=request.actor, course=course)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The course is sent to the reviewers. You will be told of their decision."))
    return redirect("learning:edit", course.pk)


@login_required
@require_GET
def course_reviews(request: PraxisRequest) -> HttpResponse:
    rules.check_view_course_reviews(request.actor)
    return render_page(request, "learning/reviews.html", {
        "reviews": selectors.course_reviews_waiting(request.actor)[:200]}, partial="rows")


@login_required
@require_http_methods(["GET", "POST"])
def course_review(request: PraxisRequest, review_id: int) -> HttpResponse:
    rules.check_view_course_reviews(request.actor)
    review = get_object_or_404(selectors.course_reviews_waiting(request.actor), pk=review_id)
    rules.check_decide_course_review(request.actor, review)
    form = CourseReviewForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        decision, comments = form.cleaned_data["decision"], form.cleaned_data["comments"]
        try:
            if decision == CourseReview.Decision.APPROVED:
                services.course_review_approve(actor=request.actor, review=review, checklist=form.checklist(),
                                               comments=comments)
            else:
                services.course_review_request_changes(actor=request.actor, review=review,
                                                       checklist=form.checklist(), comments=comments)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The course is published. Its authors have been told.")
                             if decision == CourseReview.Decision.APPROVED
                             else _("Your comments have been sent to the course's authors."))
            return redirect("learning:course_reviews")
    return render_page(request, "learning/review.html", {
        "review": review, "course": review.course, "form": form,
        "lessons": selectors.lessons_with_quiz(review.course),
    }, partial="decision", status=400 if form.errors else 200)
