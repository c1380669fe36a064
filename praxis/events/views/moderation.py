"""Members flag an event; moderators unpublish it (the moderation queue is review's)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from praxis.core.http import PraxisRequest
from praxis.review.target_pages import flag_page, unpublish_page

from .. import rules, services
from ..moderation import EVENT_REASONS
from .common import event_or_404


@require_http_methods(["GET", "POST"])
@login_required
def flag(request: PraxisRequest, event_id: int) -> HttpResponse:
    event = event_or_404(request, event_id)
    rules.check_flag_event(request.actor, event)
    return flag_page(
        request, reasons=EVENT_REASONS, title=event.title, back_url=reverse("events:detail", args=[event.pk]),
        action_url=reverse("events:flag", args=[event.pk]),
        flag=lambda reason, text: services.event_flag(actor=request.actor, event=event, reason=reason, text=text))


@require_http_methods(["GET", "POST"])
@login_required
def unpublish(request: PraxisRequest, event_id: int) -> HttpResponse:
    event = event_or_404(request, event_id)
    rules.check_unpublish_event(request.actor, event)
    return unpublish_page(
        request, title=event.title, back_url=reverse("events:detail", args=[event.pk]),
        action_url=reverse("events:unpublish", args=[event.pk]),
        done=_("The event is offline. Its open reports are closed."),
        unpublish=lambda reason: services.event_unpublish(actor=request.actor, event=event, reason=reason))
