"""SCORM pages: the runtime's commits (JSON), the trainer's package upload, and the lesson page's player context."""

from __future__ import annotations

import json
from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from django.http import HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from praxis.core.htmx import render_page
from praxis.core.http import PraxisRequest

from .. import rules as learning_rules
from .. import selectors as learning_selectors
from ..models import Lesson, LessonProgress
from . import rules, selectors, services
from .forms import PackageUploadForm, ScormLessonForm
from .models import ScormPackage


def lesson_context(request: PraxisRequest, lesson: Lesson, progress: LessonProgress | None) -> dict[str, Any]:
    """What the lesson page shows for a SCORM lesson (called by learning.views.lesson_detail)."""
    package = selectors.package_of(lesson)
    if package is None or not package.is_ready or not settings.SCORM_CONTENT_ORIGIN:
        # Not unpacked yet, or no content origin configured (production must set SCORM_CONTENT_ORIGIN).
        return {"scorm": None, "scorm_package": package}
    attempts = (services.scorm_attempts_open(actor=request.actor, progress=progress, package=package)
                if progress is not None else None)
    player = selectors.player_for(request, lesson, package, attempts)
    player.launch["csrf"] = get_token(request)
    return {"scorm": player, "scorm_package": package}


def allow_content_frames(response: HttpResponse, content_origin: str) -> HttpResponse:
    """The lesson page frames the SCORM content origin (and nothing else)."""
    cast(Any, response)._csp_config = {**settings.SECURE_CSP, "frame-src": [content_origin]}
    return response


@require_POST
def commit(request: PraxisRequest, slug: str, lesson_id: int, attempt_id: int) -> JsonResponse:
    """A runtime commit from the lesson page (JSON). Someone else's attempt: 403; unreadable: 400."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": "login"}, status=403)
    attempt = selectors.attempt_for_commit(slug, lesson_id, attempt_id)
    rules.check_commit(request.actor, attempt)
    try:
        data = json.loads(request.body)
    except (ValueError, RequestDataTooBig):
        return JsonResponse({"error": _("This progress report is not readable.")}, status=400)
    try:
        attempt, outcome = services.scorm_commit(actor=request.actor, attempt=attempt, data=data)
    except ValidationError as error:
        return JsonResponse({"error": " ".join(error.messages)}, status=400)
    package = attempt.package
    user = request.user
    return JsonResponse({
        "status": outcome.status, "done": outcome.done, "label": selectors.status_label(outcome.status),
        "score": float(attempt.score) if attempt.score is not None else None, "total_seconds": attempt.total_seconds,
        "message": _("Lesson done.") if outcome.done else _("Progress saved."),
        "resume": selectors.resume_for(attempt, package, attempt.item_identifier, learner_id=str(user.pk),
                                       learner_name=f"{user.last_name}, {user.first_name}".strip(", ")),
    })


@login_required
@require_http_methods(["GET", "POST"])
def lesson_new(request: PraxisRequest, course_id: int) -> HttpResponse:
    """A trainer adds a SCORM lesson to a draft course by uploading its package (checked before anything is kept)."""
    course = get_object_or_404(learning_rules.courses_visible_to(request.actor), pk=course_id)
    learning_rules.check_edit_course(request.actor, course)
    form = ScormLessonForm(request.POST, request.FILES) if request.method == "POST" else ScormLessonForm()
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["package"]
        try:
            lesson = services.scorm_lesson_create(actor=request.actor, course=course,
                                                  title=form.cleaned_data["title"], file=file,
                                                  original_name=file.name, size=file.size)
        except ValidationError as error:
            form.add_error("package" if not hasattr(error, "error_dict") else None, error)
        else:
            messages.success(request, _("The package is valid; it is being unpacked."))
            return redirect("learning:scorm_upload", slug=course.slug, lesson_id=lesson.pk)
    return render_page(request, "learning/scorm/lesson_new.html", {"course": course, "form": form},
                       status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: PraxisRequest, slug: str, lesson_id: int) -> HttpResponse:
    """A trainer uploads (or replaces) the package of a SCORM lesson; the page follows its unpacking."""
    course, _enrolment, lesson = learning_selectors.lesson_for_learner(request.actor, slug, lesson_id)
    if not rules.can_upload_package(request.actor, lesson):
        raise PermissionDenied
    form = PackageUploadForm(request.POST, request.FILES) if request.method == "POST" else PackageUploadForm()
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["package"]
        try:
            services.scorm_package_upload(actor=request.actor, lesson=lesson, file=file, original_name=file.name,
                                          size=file.size)
        except ValidationError as error:
            form.add_error("package", error)
        else:
            messages.success(request, _("The package is valid; it is being unpacked."))
            return redirect("learning:scorm_upload", slug=course.slug, lesson_id=lesson.pk)
    package = selectors.package_of(lesson)
    return render_page(request, "learning/scorm/upload.html", {
        "course": course, "lesson": lesson, "form": form, "package": package,
        "pending": package is not None and package.status == ScormPackage.Status.PENDING,
    }, partial="status", status=400 if form.errors else 200)
