from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase

from praxis.core import serving
from praxis.core.htmx import render_page
from praxis.core.http import PraxisRequest

from .. import rules, selectors
from ..forms import (
    CancelEventForm,
    MaterialForm,
    RegisterForm,
    ReplayForm,
)
from ..models import Event, Registration


def event_or_404(request: PraxisRequest, event_id: int) -> Event:
    event = selectors.event_for(request.actor, event_id)
    if event is None:
        raise Http404
    return event


def detail_page(request: PraxisRequest, event: Event, *, status: int = 200, **extra: object) -> HttpResponse:
    actor = request.actor
    selectors.event_detail_relations(event)
    registration = selectors.registration_of(actor, event)
    manage = rules.can_manage_event(actor, event)
    context = {
        "event": event, "registration": registration,
        "waitlist_position": selectors.waitlist_position(registration)
        if registration and registration.status == Registration.Status.WAITLISTED else None,
        "can_manage": manage,
        "can_register": rules.can_register(actor, event),
        "can_cancel": rules.can_cancel_registration(actor, registration),
        "show_join_link": bool(event.online_url) and rules.can_see_join_link(actor, event, registration),
        "replay_visible": event.replay_id and selectors.visible_capsules(actor).filter(pk=event.replay_id).exists(),
        "white_papers": selectors.white_papers_of(actor, event) if event.kind == Event.Kind.SEMINAR else [],
        "can_edit_seminar": rules.can_edit_seminar(actor, event),
        "can_flag": rules.can_flag_event(actor, event),
        "can_unpublish": rules.can_unpublish_event(actor, event),
        "is_full": event.capacity is not None and event.confirmed_count >= event.capacity,
        "register_form": RegisterForm(),
        **extra,
    }
    if manage:
        context.setdefault("cancel_form", CancelEventForm())
        context["replay_form"] = ReplayForm(initial={"replay": event.replay_id},
                                            capsules=selectors.visible_capsules(actor).order_by("title"))
        context.setdefault("material_form", MaterialForm())
    return render_page(request, "events/detail.html", context, partial="registration", status=status)


def serve_file(request: PraxisRequest, file_field: Any, mime: str, filename: str) -> HttpResponseBase:
    """A file the caller allowed this actor to read, as a download (see praxis/core/serving.py)."""
    if not file_field:
        raise Http404
    return serving.serve_file(request, file_field.name, storage=file_field.storage,
                              content_type=mime or "application/octet-stream", as_attachment=True, filename=filename)
