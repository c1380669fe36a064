"""Members flag an event; moderators unpublish it (the moderation queue is review's)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from praxis.core.forms import add_service_errors
from praxis.core.htmx import render_page
from praxis.core.http import PraxisRequest
from praxis.review.forms import FlagForm, UnpublishForm

from .. import rules, services
from ..moderation import EVENT_REASONS
from .common import event_or_404


@require_http_methods(["GET", "POST"])
@login_required
def flag(request: PraxisRequest, event_id: int) -> HttpResponse:
    event = event_or_404(request, event_id)
    rules.check_flag_event(request.actor, event)
    form = FlagForm(request.POST if request.method == "POST" else None, reasons=EVENT_REASONS)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_flag(actor=request.actor, event=event, reason=form.cleaned_data["reason"],
                                text=form.cleaned_data["text"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Thank you. A moderator will look at your report."))
            return redirect("events:detail", event.pk)
    context = {"form": form, "title": event.title, "back_url": reverse("events:detail", args=[event.pk]),
               "action_url": reverse("events:flag", args=[event.pk])}
    return render_page(request, "review/flag_target.html", context, partial="form",
                       status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@login_required
def unpublish(request: PraxisRequest, event_id: int) -> HttpResponse:
    event = event_or_404(request, event_id)
    rules.check_unpublish_event(request.actor, event)
    form = UnpublishForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_unpublish(actor=request.actor, event=event, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The event is offline. Its open reports are closed."))
            return redirect("review:moderation")
    context = {"form": form, "title": event.title, "back_url": reverse("events:detail", args=[event.pk]),
               "action_url": reverse("events:unpublish", args=[event.pk])}
    return render_page(request, "review/unpublish_target.html", context, partial="form",
                       status=400 if form.errors else 200)
