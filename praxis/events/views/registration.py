from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from praxis.core.http import PraxisRequest

from .. import rules, selectors, services
from ..forms import (
    RegisterForm,
)
from ..models import Registration
from .common import detail_page, event_or_404


@require_GET
def detail(request: PraxisRequest, event_id: int) -> HttpResponse:
    return detail_page(request, event_or_404(request, event_id))


@require_POST
@login_required
def register(request: PraxisRequest, event_id: int) -> HttpResponse:
    event = event_or_404(request, event_id)
    rules.check_register(request.actor, event)
    form = RegisterForm(request.POST)
    form.is_valid()
    try:
        registration = services.registration_create(
            actor=request.actor, event=event, join_waitlist=form.cleaned_data.get("join_waitlist", False))
    except services.RegistrationFull as error:
        return detail_page(request, event, status=409, registration_error=error.messages[0], offer_waitlist=True)
    except ValidationError as error:
        return detail_page(request, event, status=400, registration_error=error.messages[0])
    if registration.status == Registration.Status.CONFIRMED:
        messages.success(request, _("You are registered."))
    else:
        messages.success(request, _("You are on the waiting list. We will write to you if a seat frees up."))
    if getattr(request, "htmx", False):
        return detail_page(request, event_or_404(request, event_id))
    return redirect("events:detail", event.pk)


@require_POST
@login_required
def unregister(request: PraxisRequest, event_id: int) -> HttpResponse:
    event = event_or_404(request, event_id)
    registration = selectors.registration_of(request.actor, event)
    if registration is None:
        raise Http404
    rules.check_cancel_registration(request.actor, registration)
    services.registration_cancel(actor=request.actor, registration=registration)
    messages.success(request, _("Your registration is cancelled."))
    if getattr(request, "htmx", False):
        return detail_page(request, event_or_404(request, event_id))
    return redirect("events:detail", event.pk)
