from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from praxis.core import audit
from praxis.core.audit import Action
from praxis.core.concurrency import EditConflict, after_conflict, seen_value, stamp
from praxis.core.forms import add_service_errors
from praxis.core.htmx import render_page
from praxis.core.http import PraxisRequest
from praxis.cpd import selectors as cpd_selectors

from .. import export, rules, selectors, services
from ..forms import (
    CancelEventForm,
    EventForm,
    MaterialForm,
    MessageForm,
    ReplayForm,
)
from ..services import cpd_source_key
from .common import detail_page, event_or_404, serve_file


@require_http_methods(["GET", "POST"])
@login_required
def create(request: PraxisRequest) -> FileResponse:
    rules.check_create_event(request.actor)
    institutions = selectors.organiser_choices(request.actor)
    form = EventForm(request.POST if request.method == "POST" else None, institutions=institutions)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        themes = data.pop("themes")
        try:
            event = services.event_create(actor=request.actor, data=data, themes=themes)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your event is published."))
            return redirect("events:detail", event.pk)
    return render_page(request, "events/form.html", {"form": form}, partial="form",
                       status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@login_required
def edit(request: PraxisRequest, event_id: int) -> HttpResponse:
    event = event_or_404(request, event_id)
    rules.check_manage_event(request.actor, event)
    institutions = selectors.organiser_choices(request.actor, keep=event.institution_id)
    form = EventForm(request.POST if request.method == "POST" else None,
                     initial={**EventForm.initial_for(event), "seen": stamp(event)}, institutions=institutions)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        themes = data.pop("themes")
        try:
            services.event_update(actor=request.actor, event=event, data=data, themes=themes, seen=seen_value(form))
        except EditConflict as error:
            after_conflict(form, event, error)
            status = 409
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The event has been updated."))
            return redirect("events:detail", event.pk)
    return render_page(request, "events/form.html", {"form": form, "event": event}, partial="form",
                       status=status if status != 200 else 400 if form.errors else 200)


@require_POST
@login_required
def cancel_event(request: PraxisRequest, event_id: int) -> HttpResponse:
    event = event_or_404(request, event_id)
    rules.check_manage_event(request.actor, event)
    form = CancelEventForm(request.POST)
    if not form.is_valid():
        return detail_page(request, event, status=400, cancel_form=form)
    services.event_cancel(actor=request.actor, event=event, reason=form.cleaned_data["reason"])
    messages.success(request, _("The event is cancelled; everyone registered will get an email."))
    return redirect("events:detail", event.pk)


@require_GET
@login_required
def attendees(request: PraxisRequest, event_id: int) -> HttpResponse:
    event = event_or_404(request, event_id)
    rules.check_manage_event(request.actor, event)
    rows = list(selectors.attendees(event))
    audit.log(request.actor, Action.EVENTS_ATTENDEES_READ, event, {"rows": len(rows)})
    context = {"event": event, "rows": rows, "message_form": MessageForm(),
               "can_mark": rules.can_mark_attendance(request.actor, event)}
    return render_page(request, "events/attendees.html", context, partial="rows")


@require_GET
@login_required
def attendees_csv(request: PraxisRequest, event_id: int) -> HttpResponse:
    event = event_or_404(request, event_id)
    rules.check_manage_event(request.actor, event)
    audit.log(request.actor, Action.EVENTS_ATTENDEES_EXPORTED, event, {"format": "csv"})
    response = HttpResponse(export.attendees_csv(selectors.attendees(event)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="participants-{event.pk}.csv"'
    return response


@require_GET
@login_required
def attendance_transmission_csv(request: PraxisRequest, event_id: int) -> HttpResponse:
    """The attendees with their professional numbers, ready to transmit to the accreditation or DPC body."""
    event = event_or_404(request, event_id)
    rules.check_manage_event(request.actor, event)
    rows = selectors.attendees(event).filter(attended=True)
    audit.log(request.actor, Action.EVENTS_ATTENDEES_EXPORTED, event, {"format": "transmission_csv"})
    codes = dict(cpd_selectors.attestation_codes(kind="event_attendance", source_key=cpd_source_key(event)))
    response = HttpResponse(export.attendance_transmission_csv(event, rows, codes),
                            content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="presences-{event.pk}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@login_required
def attendance(request: PraxisRequest, event_id: int) -> HttpResponse:
    event = event_or_404(request, event_id)
    rules.check_mark_attendance(request.actor, event)
    present = {int(value) for value in request.POST.getlist("present") if value.isdigit()}
    count = services.attendance_mark(actor=request.actor, event=event, present_ids=present)
    messages.success(request, _("Attendance saved: %(n)s present.") % {"n": count})
    return redirect("events:attendees", event.pk)


@require_http_methods(["GET", "POST"])
@login_required
def message(request: PraxisRequest, event_id: int) -> HttpResponse:
    event = event_or_404(request, event_id)
    rules.check_manage_event(request.actor, event)
    form = MessageForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.message_send(actor=request.actor, event=event, **form.cleaned_data)
        messages.success(request, _("Your message is on its way."))
        return redirect("events:attendees", event.pk)
    return render_page(request, "events/message.html", {"event": event, "form": form}, partial="form",
                       status=400 if form.errors else 200)


@require_POST
@login_required
def replay(request: PraxisRequest, event_id: int) -> HttpResponse:
    event = event_or_404(request, event_id)
    rules.check_manage_event(request.actor, event)
    form = ReplayForm(request.POST, capsules=selectors.visible_capsules(request.actor))
    if not form.is_valid():
        return detail_page(request, event, status=400, replay_form=form)
    services.replay_link(actor=request.actor, event=event, capsule=form.cleaned_data["replay"])
    messages.success(request, _("The replay is saved."))
    return redirect("events:detail", event.pk)


@require_POST
@login_required
def material_add(request: PraxisRequest, event_id: int) -> HttpResponse:
    event = event_or_404(request, event_id)
    rules.check_manage_event(request.actor, event)
    form = MaterialForm(request.POST, request.FILES)
    if not form.is_valid():
        return detail_page(request, event, status=400, material_form=form)
    services.material_add(actor=request.actor, event=event, title=form.cleaned_data["title"],
                          upload=form.cleaned_data["file"], mime=form.mime, url=form.cleaned_data["url"])
    messages.success(request, _("The material is added."))
    return redirect("events:detail", event.pk)


@require_GET
@login_required
def material_download(request: PraxisRequest, event_id: int, material_id: int) -> HttpResponseBase:
    event = event_or_404(request, event_id)
    material = get_object_or_404(selectors.materials_of(event), pk=material_id)
    extension = (material.file.name or "").rsplit(".", 1)[-1]
    return serve_file(request, material.file, material.mime, f"{material.title[:60]}.{extension}")
