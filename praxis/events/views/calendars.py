from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from praxis.core.htmx import render_page
from praxis.core.http import PraxisRequest

from .. import ics, rules, selectors, services
from .common import event_or_404


def _ics_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_GET
def event_ics(request: PraxisRequest, event_id: int) -> HttpResponse:
    event = event_or_404(request, event_id)
    registration = selectors.registration_of(request.actor, event)
    links = {event.pk} if rules.can_see_join_link(request.actor, event, registration) else set()
    return _ics_response(ics.build_calendar([event], name=event.title, with_join_link=links), f"event-{event.pk}.ics")


@require_GET
def feed(request: PraxisRequest, token: str) -> HttpResponse:
    """The personal feed: no session (calendar apps have none); the secret token is the key. Revoked: 410."""
    row = selectors.calendar_feed(token)
    if row is None or not row.user.is_active:
        raise Http404
    if row.revoked_at is not None:
        return HttpResponse(_("This calendar address was revoked."), status=410, content_type="text/plain")
    events = list(selectors.calendar_events(row.user_id))
    data = ics.build_calendar(events, name=_("My Praxis agenda"), with_join_link={e.pk for e in events},
                              extra=ics.feed_extras(row.user_id))
    return _ics_response(data, "praxis.ics")


@require_GET
@login_required
def calendar(request: PraxisRequest) -> HttpResponse:
    return render_page(request, "events/calendar.html", {"feed": selectors.active_feed(request.actor)},
                       partial="feed")


@require_POST
@login_required
def calendar_renew(request: PraxisRequest) -> HttpResponse:
    services.feed_renew(actor=request.actor)
    messages.success(request, _("Your calendar address is ready. Any previous address no longer works."))
    return redirect("events:calendar")


@require_POST
@login_required
def calendar_revoke(request: PraxisRequest) -> HttpResponse:
    services.feed_revoke(actor=request.actor)
    messages.success(request, _("Your calendar address no longer works."))
    return redirect("events:calendar")
