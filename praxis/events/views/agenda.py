from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from praxis.core.cards import render_cards
from praxis.core.htmx import render_page
from praxis.core.http import PraxisRequest
from praxis.institutions import geo

from .. import rules, selectors
from ..forms import (
    AgendaFilterForm,
)


def _card_variant(event: Any) -> tuple[Any, ...]:
    """What an agenda card shows beyond the event's own fields, as `selectors.agenda_rows` reads it after `updated_at`:
    seats taken, and the distance when near a place."""
    return (event.confirmed_count, event.distance_km) if hasattr(event, "distance_km") else (event.confirmed_count,)


@require_GET
def agenda(request: PraxisRequest) -> HttpResponse:
    data = None
    if request.GET:
        data = request.GET.copy()
        data.setdefault("radius", "30")
    form = AgendaFilterForm(data)
    filters = selectors.AgendaFilters()
    place = None
    places: list[Any] = []
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.AgendaFilters(
            kind=data["kind"], theme=data["theme"].pk if data["theme"] else None, profession=data["profession"],
            country=data["country"], online=data["online"], public=data["public"], radius_km=data["radius"] or 30,
        )
        lookup = geo.resolve_place(data["near"], country=data["country"], member=request.user)
        place, places = lookup.place, lookup.others
        if place:
            filters.near_lat, filters.near_lon = place.lat, place.lon
        if lookup.error:
            form.add_error("near", lookup.error)
    cards: list[Any] = []
    next_cursor = ""
    if not form.errors:
        page = selectors.agenda_rows(request.actor, filters, request.GET.get("apres", ""))
        next_cursor = page.next_cursor
        # Each card kept rendered under what it shows: the event's version, seats taken, distance, language.
        cards = render_cards("event", page.rows, template="events/_event_card_body.html", context="event",
                             load=lambda ids: selectors.agenda_events(request.actor, filters, ids), vary=_card_variant)
    context = {"form": form, "cards": cards, "next_cursor": next_cursor, "place": place,
               "other_places": places[:5],
               "can_create": rules.can_create_event(request.actor),
               "white_papers": selectors.published_white_papers(request.actor).order_by("-published_at")[:3]}
    return render_page(request, "events/agenda.html", context, partial="results")


@require_GET
@login_required
def mine(request: PraxisRequest) -> HttpResponse:
    context = {"upcoming": selectors.my_registrations(request.actor),
               "past": selectors.my_registrations(request.actor, past=True)[:30]}
    return render_page(request, "events/mine.html", context, partial="rows")


@require_GET
def institution_events(request: PraxisRequest, slug: str) -> HttpResponse:
    institution = get_object_or_404(selectors.institutions_with_events(), slug=slug)
    context = {"institution": institution, "events": selectors.events_of_institution(request.actor, institution),
               "past": selectors.events_of_institution(request.actor, institution, past=True)[:20]}
    return render_page(request, "events/institution.html", context, partial="results")
