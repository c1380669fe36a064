"""Learner pages: the catalogue, a course with the learner's progress, its lessons, "my training"."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from praxis.core.htmx import render_page

from . import rules, selectors, services
from .forms import CatalogueFilterForm
from .models import Course, Enrolment, Lesson, QuizAttempt


@login_required
@require_GET
def catalogue(request: HttpRequest) -> HttpResponse:
    form = CatalogueFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    courses = selectors.catalogue(request.actor, query=filters.get("q", ""),
                                  theme=filters["theme"].pk if filters.get("theme") else None,
                                  language=filters.get("language", ""))[:100]
    return render_page(request, "learning/catalogue.html", {
        "form": form, "courses": courses, "enrolled": selectors.open_enrolments_by_slug(request.actor),
        "can_author": rules.can_author_courses(request.actor),
    }, partial="results")


@login_required
@require_GET
def my_training(request: HttpRequest) -> HttpResponse:
    return render_page(request, "learning/mine.html", {"training": selectors.my_training(request.actor)},
                       partial="rows")


@login_required
@require_GET
def course_detail(request: HttpRequest, slug: str) -> HttpResponse:
    version = request.GET.get("version", "")
    course, enrolment = selectors.course_for_learner(request.actor, slug, int(version) if version.isdigit() else None)
    progress = selectors.course_progress(course, enrolment)
    return render_page(request, "learning/course.html", {
        "course": course, "enrolment": enrolment, "progress": progress,
        "can_enrol": enrolment is None and rules.can_enrol(request.actor, course),
        "can_edit": rules.can_edit_course(request.actor, course),
    }, partial="lessons")


@login_required
@require_POST
def enrol(request: HttpRequest, slug: str) -> HttpResponse:
    course, enrolment = selectors.course_for_learner(request.actor, slug)
    rules.check_enrol(request.actor, course)
    try:
        services.enrolment_create(actor=request.actor, course=course)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("learning:course", slug=course.slug)
    messages.success(request, _("You are enrolled. Good learning!"))
    return redirect("learning:course", slug=course.slug)


# --- lessons -----------------------------------------------------------------------------------------------------

def _lesson_or_404(request: HttpRequest, slug: str, lesson_id: int) -> tuple[Course, Enrolment | None, Lesson]:
    return selectors.lesson_for_learner(request.actor, slug, lesson_id)


def _check_follow(request: HttpRequest, enrolment: Enrolment | None, lesson: Lesson) -> set[int]:
    done = selectors.completed_lesson_ids(enrolment)
    rules.check_follow_lesson(request.actor, enrolment, lesson, done)
    return done


@login_required
@require_GET
def lesson_detail(request: HttpRequest, slug: str, lesson_id: int) -> HttpResponse:
    course, enrolment, lesson = _lesson_or_404(request, slug, lesson_id)
    preview = enrolment is None and rules.can_edit_course(request.actor, course)
    if not preview:
        _check_follow(request, enrolment, lesson)
    progress = None if preview else services.lesson_open(actor=request.actor, enrolment=enrolment, lesson=lesson)
    context = {"course": course, "enrolment": enrolment, "lesson": lesson, "progress": progress, "preview": preview,
               **selectors.lesson_neighbours(course, lesson)}
    if lesson.kind == Lesson.Kind.CAPSULE:
        context["player"] = selectors.player_for(lesson, progress)
    elif lesson.kind == Lesson.Kind.QUIZ:
        context["quiz"] = selectors.quiz_state(lesson, progress)
    return render_page(request, "learning/lesson.html", context, partial="body")


@login_required
@require_GET
def lesson_document(request: HttpRequest, slug: str, lesson_id: int) -> FileResponse:
    course, enrolment, lesson = _lesson_or_404(request, slug, lesson_id)
    if lesson.kind != Lesson.Kind.DOCUMENT:
        raise Http404
    if not (enrolment is None and rules.can_edit_course(request.actor, course)):
        _check_follow(request, enrolment, lesson)
        services.document_opened(actor=request.actor, enrolment=enrolment, lesson=lesson)
    document = lesson.content
    extension = document.document.name.rsplit(".", 1)[-1]
    response = FileResponse(document.document.open("rb"),
                            content_type=document.document_mime or "application/octet-stream",
                            as_attachment=document.document_mime != "application/pdf",
                            filename=f"{document.slug}.{extension}")
    response["Cache-Control"] = "private, max-age=0"
    return response


@login_required
@require_POST
def lesson_acknowledge(request: HttpRequest, slug: str, lesson_id: int) -> HttpResponse:
    course, enrolment, lesson = _lesson_or_404(request, slug, lesson_id)
    _check_follow(request, enrolment, lesson)
    try:
        services.lesson_acknowledge(actor=request.actor, enrolment=enrolment, lesson=lesson)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("learning:lesson", slug=course.slug, lesson_id=lesson.pk)
    return _after_lesson(request, course, lesson)


def _after_lesson(request: HttpRequest, course: Course, lesson: Lesson) -> HttpResponse:
    following = selectors.lesson_neighbours(course, lesson)["next_lesson"]
    messages.success(request, _("Lesson done."))
    if following:
        return redirect("learning:lesson", slug=course.slug, lesson_id=following.pk)
    return redirect("learning:course", slug=course.slug)


@login_required
@require_POST
def heartbeat(request: HttpRequest, slug: str, lesson_id: int) -> JsonResponse:
    """The player's periodic report: `{"played": [[start, end], ...], "position": seconds}`."""
    course, enrolment, lesson = _lesson_or_404(request, slug, lesson_id)
    _check_follow(request, enrolment, lesson)
    try:
        payload = json.loads(request.body or b"{}")
        progress = services.capsule_heartbeat(actor=request.actor, enrolment=enrolment, lesson=lesson,
                                              played=list(payload.get("played", [])),
                                              position=payload.get("position", 0))
    except (ValueError, TypeError, AttributeError):
        return JsonResponse({"error": _("This progress report is not readable.")}, status=400)
    except ValidationError as error:
        return JsonResponse({"error": " ".join(error.messages)}, status=400)
    duration = getattr(lesson.content.video, "duration", None) or 0
    return JsonResponse({
        "seconds_watched": progress.seconds_watched,
        "percent": min(100, round(100 * progress.seconds_watched / duration)) if duration else 0,
        "completed": progress.is_completed,
    })


@login_required
@require_POST
def quiz_start(request: HttpRequest, slug: str, lesson_id: int) -> HttpResponse:
    course, enrolment, lesson = _lesson_or_404(request, slug, lesson_id)
    _check_follow(request, enrolment, lesson)
    if lesson.kind != Lesson.Kind.QUIZ:
        raise Http404
    try:
        services.quiz_attempt_start(actor=request.actor, enrolment=enrolment, lesson=lesson)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("learning:lesson", slug=course.slug, lesson_id=lesson.pk)


@login_required
@require_POST
def quiz_submit(request: HttpRequest, slug: str, lesson_id: int, attempt_id: int) -> HttpResponse:
    course, enrolment, lesson = _lesson_or_404(request, slug, lesson_id)
    _check_follow(request, enrolment, lesson)
    attempt = get_object_or_404(QuizAttempt, pk=attempt_id, progress__enrolment=enrolment, progress__lesson=lesson)
    answers = {qid: request.POST.getlist(f"q{qid}") for qid in map(str, attempt.question_ids)}
    try:
        answers = {qid: [int(c) for c in chosen] for qid, chosen in answers.items()}
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
