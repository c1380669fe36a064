"""Programme pages: the learner's page (progress across its courses) and authoring (create, edit, order, publish)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from praxis.core.htmx import render_page
from praxis.core.http import PraxisRequest

from .. import rules
from .. import selectors as learning_selectors
from ..models import Programme
from . import selectors, services
from .forms import ProgrammeCourseForm, ProgrammeForm


def _form_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _programme_form(request: PraxisRequest, data: Any = None, **kwargs: Any) -> ProgrammeForm:
    return ProgrammeForm(data, institutions=learning_selectors.author_institutions(request.actor),
                         platform=rules.can_write_platform_courses(request.actor), **kwargs)


@login_required
@require_GET
def programme_detail(request: PraxisRequest, slug: str) -> HttpResponse:
    """A programme as its learners see it: its courses in order, and where the learner stands in each."""
    programme = selectors.visible_programme_or_404(request.actor, slug)
    steps = selectors.steps(request.actor, programme)
    done = sum(1 for step in steps if step.status == "completed")
    return render_page(request, "learning/programme.html", {
        "programme": programme, "steps": steps, "done": done, "total": len(steps),
        "percent": round(100 * done / len(steps)) if steps else 0,
        "can_edit": rules.can_edit_programme(request.actor, programme),
    })


@login_required
@require_http_methods(["GET", "POST"])
def programme_new(request: PraxisRequest) -> HttpResponse:
    rules.check_author_courses(request.actor)
    form = _programme_form(request, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        shared = data.pop("shared_with")
        try:
            programme = services.programme_create(actor=request.actor, data=data, shared_with=shared)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Draft programme created. Add its courses."))
            return redirect("learning:programme_edit", programme.pk)
    return render_page(request, "learning/programme_form.html", {"form": form},
                       status=400 if form.errors else 200)


def _edit_page(request: PraxisRequest, programme: Programme, *, form: ProgrammeForm | None = None,
               add_form: ProgrammeCourseForm | None = None, status: int = 200) -> HttpResponse:
    initial = {"title": programme.title, "summary": programme.summary, "visibility": programme.visibility,
               "shared_with": list(programme.shared_with.all())}
    return render_page(request, "learning/programme_edit.html", {
        "programme": programme, "items": list(programme.items.select_related("course").order_by("position", "pk")),
        "form": form or _programme_form(request, initial=initial, editing=True),
        "add_form": add_form or ProgrammeCourseForm(courses=rules.programme_course_choices(programme)),
    }, partial="items", status=status)


@login_required
@require_http_methods(["GET", "POST"])
def programme_edit(request: PraxisRequest, programme_id: int) -> HttpResponse:
    programme = selectors.editable_programme_or_404(request.actor, programme_id)
    rules.check_edit_programme(request.actor, programme)
    if request.method != "POST":
        return _edit_page(request, programme)
    form = _programme_form(request, request.POST, editing=True)
    if form.is_valid():
        data = dict(form.cleaned_data)
        shared = data.pop("shared_with")
        try:
            services.programme_update(actor=request.actor, programme=programme, data=data, shared_with=shared)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Programme saved."))
            return redirect("learning:programme_edit", programme.pk)
    return _edit_page(request, programme, form=form, status=400)


@login_required
@require_POST
def programme_item_add(request: PraxisRequest, programme_id: int) -> HttpResponse:
    programme = selectors.editable_programme_or_404(request.actor, programme_id)
    rules.check_edit_programme(request.actor, programme)
    add_form = ProgrammeCourseForm(request.POST, courses=rules.programme_course_choices(programme))
    if add_form.is_valid():
        try:
            services.programme_item_add(actor=request.actor, programme=programme,
                                        course=add_form.cleaned_data["course"])
        except ValidationError as error:
            _form_errors(add_form, error)
        else:
            messages.success(request, _("Course added to the programme."))
            return redirect("learning:programme_edit", programme.pk)
    return _edit_page(request, programme, add_form=add_form, status=400)


@login_required
@require_POST
def programme_item_move(request: PraxisRequest, item_id: int) -> HttpResponse:
    item = selectors.item_or_404(request.actor, item_id)
    rules.check_edit_programme(request.actor, item.programme)
    direction = request.POST.get("direction")
    if direction not in {"up", "down"}:
        return HttpResponseBadRequest(_("Choose up or down."))
    services.programme_item_move(actor=request.actor, item=item, offset=-1 if direction == "up" else 1)
    if getattr(request, "htmx", False):
        return _edit_page(request, item.programme)
    return redirect(f"{reverse('learning:programme_edit', args=[item.programme_id])}#item-{item.pk}")


@login_required
@require_POST
def programme_item_remove(request: PraxisRequest, item_id: int) -> HttpResponse:
    item = selectors.item_or_404(request.actor, item_id)
    rules.check_edit_programme(request.actor, item.programme)
    services.programme_item_remove(actor=request.actor, item=item)
    messages.success(request, _("Course removed from the programme."))
    return redirect("learning:programme_edit", item.programme_id)


@login_required
@require_POST
def programme_publish(request: PraxisRequest, programme_id: int) -> HttpResponse:
    programme = selectors.editable_programme_or_404(request.actor, programme_id)
    rules.check_edit_programme(request.actor, programme)
    try:
        services.programme_publish(actor=request.actor, programme=programme)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("learning:programme_edit", programme.pk)
    messages.success(request, _("Programme published."))
    return redirect("learning:programme", programme.slug)
