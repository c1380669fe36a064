"""Events in the public API: the agenda's selector (`selectors.upcoming_events`, over `rules.events_visible_to`) and the
event page's lookup; writes (step 4) go through `services.event_create` / `event_update` and their rules.

As for contents (`praxis/content/api.py`), a list is read as plain rows (`values()`, the themes' slugs in one more
query) and each row built as a dict that `EventOut`, a plain pydantic model, validates as it stands: no model instance,
no resolver, no `reverse()` per row (issue 22). One event (its page's lookup, the ETags of writes) is built from its
instance by `event_out`, to the same bytes."""

from __future__ import annotations

import functools
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from praxis.accounts.models import Country, Language, Profession
from praxis.content.selectors import active_themes
from praxis.core.actor import Actor, Standing
from praxis.core.compiled import ShapedQuery
from praxis.core.rest import (
    DEFAULT_LIMIT,
    PROBLEMS,
    UPDATE_PROBLEMS,
    ApiProblem,
    Limit,
    Problem,
    check_if_match,
    invalid_field,
    next_page_link,
    page_of,
    paginate,
    read_cursor,
    representation_etag,
    require_member,
    require_scope,
)

from . import rules, selectors, services
from .models import Event, EventTimeZone, Registration

router = Router(tags=["events"])


class OrganiserOut(BaseModel):
    id: int
    name: str
    slug: str


class EventOut(BaseModel):
    id: int
    kind: str
    status: str
    title: str
    description: str
    language: str
    timezone: str
    starts_at: datetime
    ends_at: datetime
    registration_deadline: datetime | None
    is_online: bool
    is_open_to_public: bool
    venue: str
    postal_code: str
    city: str
    country: str
    price_eur: Decimal
    capacity: int | None
    seats_taken: int
    institution: OrganiserOut | None
    themes: list[str]
    target_professions: list[str]
    sponsors: str
    coi_none: bool
    coi_statement: str
    url: str


# The columns of `EventOut` read as they are (the rest: the organiser, seats, themes and address, built below).
_COLUMNS = ("kind", "status", "title", "description", "language", "timezone", "starts_at", "ends_at",
            "registration_deadline", "is_online", "is_open_to_public", "venue", "postal_code", "city", "country",
            "price_eur", "capacity", "target_professions", "sponsors", "coi_none", "coi_statement")
LIST_VALUES = ("pk", *_COLUMNS, "confirmed_count", "institution_id", "institution__name", "institution__slug")


class EventUrls:
    """`reverse("events:detail")` for many rows: reversed once (in the request's language), then filled in."""

    _PK = 987654321987

    def __init__(self) -> None:
        self.head, self.tail = reverse("events:detail", kwargs={"event_id": self._PK}).split(str(self._PK), 1)

    def __call__(self, pk: int) -> str:
        return f"{self.head}{pk}{self.tail}"


def _row(row: dict[str, Any], themes: list[str], urls: EventUrls) -> dict[str, Any]:
    out: dict[str, Any] = {"id": row["pk"]}
    for name in _COLUMNS:
        out[name] = row[name]
    out["seats_taken"] = int(row["confirmed_count"] or 0)
    out["institution"] = None if row["institution_id"] is None else {
        "id": row["institution_id"], "name": row["institution__name"], "slug": row["institution__slug"]}
    out["themes"] = themes
    out["url"] = urls(row["pk"])
    return out


def event_out(event: Event) -> dict[str, Any]:
    """One event as the list shows it, from its instance (with `confirmed_count`, as `selectors.event_for` reads it)."""
    out: dict[str, Any] = {"id": event.pk}
    for name in _COLUMNS:
        out[name] = getattr(event, name)
    out["seats_taken"] = int(getattr(event, "confirmed_count", 0) or 0)
    organiser = event.institution
    out["institution"] = None if organiser is None else {"id": organiser.pk, "name": organiser.name,
                                                         "slug": organiser.slug}
    out["themes"] = [theme.slug for theme in event.themes.all()]
    out["url"] = reverse("events:detail", kwargs={"event_id": event.pk})
    return out


def _etag(event: Event) -> str:
    return representation_etag(EventOut.model_validate(event_out(event)))


class EventIn(Schema):
    """An event as an organiser writes it (the organiser page's form): `institution` is the id of an institution the
    member organises for (null: in their own name, verified members only); `themes` are theme slugs."""

    model_config = ConfigDict(extra="forbid")

    kind: Event.Kind = Event.Kind.TRAINING
    title: str = Field(min_length=1, max_length=200)
    description: str = Field(min_length=1, max_length=8000)
    institution: int | None = None
    themes: list[str] = Field(default_factory=list, max_length=20)
    target_professions: list[Profession] = Field(default_factory=list)
    language: Language = Language.FR
    timezone: EventTimeZone = EventTimeZone.BRUSSELS
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    registration_deadline: AwareDatetime | None = None
    is_online: bool = False
    online_url: str = Field("", max_length=200)
    is_cross_border: bool = False
    is_open_to_public: bool = False
    venue: str = Field("", max_length=200)
    address: str = Field("", max_length=200)
    postal_code: str = Field("", max_length=10)
    city: str = Field("", max_length=120)
    country: Country = Country.BE
    price_eur: Decimal = Field(Decimal(0), ge=0, max_digits=8, decimal_places=2)
    capacity: int | None = Field(None, ge=1)
    accreditation_points: Decimal | None = Field(None, ge=0, max_digits=5, decimal_places=1)
    dpc_reference: str = Field("", max_length=40)
    dpc_hours: Decimal | None = Field(None, ge=0, max_digits=5, decimal_places=1)
    # The conflict-of-interest declaration, required as on the page: `coi_none` true, or a `coi_statement` (not both);
    # a sponsored event (`sponsors` named) gives a statement. Refused by the service (422, `body.coi_statement`).
    sponsors: str = Field("", max_length=300)
    coi_none: bool = False
    coi_statement: str = Field("", max_length=2000)


def _service_data(actor: Actor, body: EventIn, *, keep: int | None = None) -> tuple[dict[str, Any], list[Any]]:
    """The service's `data` and themes from the body: the organiser and themes looked up as the form does."""
    data = body.model_dump(exclude={"institution", "themes"})
    data["institution"] = None
    if body.institution is not None:
        data["institution"] = selectors.organiser_choices(actor, keep=keep).filter(pk=body.institution).first()
        if data["institution"] is None:
            raise invalid_field("body.institution", _("You cannot organise events for this institution."))
    themes = list(active_themes().filter(slug__in=body.themes))
    if len(themes) != len(set(body.themes)):
        raise invalid_field("body.themes")
    return data, themes


def _written(response: HttpResponse, actor: Actor, event_id: int) -> Event:
    """The event as a GET answers it now, with its new ETag (for the next `If-Match`)."""
    event = selectors.event_for(actor, event_id)
    assert event is not None
    response["ETag"] = _etag(event)
    return event


def _list_rows(actor: Actor | Standing, filters: selectors.AgendaFilters, now: datetime) -> QuerySet[Any]:
    return (selectors.upcoming_events(actor, filters, now=now).select_related(None).prefetch_related(None)
            .values(*LIST_VALUES))


def _list_page(me: int | None, authenticated: bool, moderator: bool, kind: str | None, theme: int | None,
               country: str | None, online: bool, public: bool, now: datetime, since: datetime | None,
               since_pk: int | None, *, limit: int) -> QuerySet[Any]:
    """The list's page as `paginate` reads it, from plain values (the audience rule reads the caller's id,
    authentication and moderation only)."""
    actor, filters, after = selectors.from_values(me, authenticated, moderator, kind, theme, country, online, public,
                                                  since, since_pk)
    return page_of(_list_rows(actor, filters, now), key="starts_at", limit=limit, after=after)


@functools.cache
def _list_pages(limit: int) -> ShapedQuery:
    """The list's read per page size (its LIMIT is written in the SQL), built by the ORM once per process and shape
    of the values (issue 22: building it was most of the list's CPU)."""
    return ShapedQuery(functools.partial(_list_page, limit=limit))


@router.get("/events", response={200: list[EventOut], **PROBLEMS}, summary="Upcoming events")
def events(
    request: HttpRequest, response: HttpResponse, kind: Event.Kind | None = None, theme: int | None = None,
    profession: str = "", country: str = "", online: bool = False, public: bool = False,
    limit: Limit = DEFAULT_LIMIT, cursor: str = "",
) -> list[dict[str, Any]]:
    """Events that have not ended, soonest first (the agenda's list and filters)."""
    actor = require_scope(request, "events:read")
    after = read_cursor(request, cursor) if cursor else None
    since = parse_datetime(after[0]) if after and isinstance(after[0], str) else None
    if not profession and (after is None or (since is not None and since.tzinfo is not None)):
        # The common read, compiled once per shape of its values (`_list_page`).
        found = _list_pages(limit).rows(*selectors.audience_values(actor), kind or None, theme, country or None,
                                         online, public, timezone.now(), since, after[1] if after else None)
        page = [dict(zip(LIST_VALUES, row, strict=True)) for row in found]  # `values()` selects them in this order
    else:  # a profession is matched by a pattern, which a compiled query cannot take
        filters = selectors.AgendaFilters(kind=kind or "", theme=theme, profession=profession, country=country,
                                          online=online, public=public)
        page = list(page_of(_list_rows(actor, filters, timezone.now()), key="starts_at", limit=limit, after=after))
    rows = next_page_link(request, response, page, key="starts_at", limit=limit)
    themes = selectors.theme_slugs_of([row["pk"] for row in rows])
    urls = EventUrls()
    return [_row(row, themes.get(row["pk"], []), urls) for row in rows]


@router.get("/events/{event_id}", response={200: EventOut, **PROBLEMS}, summary="One event")
def event(request: HttpRequest, event_id: int) -> dict[str, Any]:
    actor = require_scope(request, "events:read")
    found = selectors.event_for(actor, event_id)
    if found is None:
        raise Http404
    return event_out(found)


@router.post("/events", response={201: EventOut, **PROBLEMS}, summary="Create an event")
def event_create(request: HttpRequest, response: HttpResponse, body: EventIn) -> Status[dict[str, Any]]:
    """Publish an event, as the organiser page does (same rules: verified members in their own name, admins and
    trainers of a verified institution for it)."""
    actor = require_scope(request, "events:write")
    rules.check_create_event(actor)
    data, themes = _service_data(actor, body)
    event = services.event_create(actor=actor, data=data, themes=themes)
    response["Location"] = reverse("api-v1:event", kwargs={"event_id": event.pk})
    return Status(201, event_out(_written(response, actor, event.pk)))


@router.put("/events/{event_id}", response={200: EventOut, **UPDATE_PROBLEMS}, summary="Update an event")
def event_update(request: HttpRequest, response: HttpResponse, event_id: int, body: EventIn) -> dict[str, Any]:
    """Replace the event's fields, as its edit page does; `If-Match` must carry the ETag read (412 when stale)."""
    actor = require_scope(request, "events:write")
    event = selectors.event_for(actor, event_id)
    if event is None:
        raise Http404
    rules.check_manage_event(actor, event)
    check_if_match(request, EventOut.model_validate(event_out(event)))
    data, themes = _service_data(actor, body, keep=event.institution_id)
    services.event_update(actor=actor, event=event, data=data, themes=themes)
    return event_out(_written(response, actor, event.pk))


# --- the member's own registrations ---------------------------------------------------------------------------------


class RegisteredEventOut(Schema):
    id: int
    title: str
    starts_at: datetime
    ends_at: datetime
    is_online: bool
    city: str
    url: str

    @staticmethod
    def resolve_url(event: Event) -> str:
        return reverse("events:detail", kwargs={"event_id": event.pk})


class RegistrationOut(Schema):
    id: int
    status: str
    queued_at: datetime
    promoted_at: datetime | None
    cancelled_at: datetime | None
    event: RegisteredEventOut


class RegistrationIn(Schema):
    """`join_waitlist`: when the event is full, take a place on its waiting list (otherwise a 409)."""

    model_config = ConfigDict(extra="forbid")

    join_waitlist: bool = False


@router.get("/registrations", response={200: list[RegistrationOut], **PROBLEMS}, summary="My registrations")
def registrations(request: HttpRequest, response: HttpResponse, past: bool = False, limit: Limit = DEFAULT_LIMIT,
                  cursor: str = "") -> list[Registration]:
    """The token's member's seats and waiting-list places (the "My registrations" page): events to come, soonest
    first, or with `past=true` the events that ended, latest first."""
    actor = require_member(request, "registrations:read")
    return paginate(request, response, selectors.my_registrations(actor, past=past), key="event__starts_at",
                    descending=past, limit=limit, cursor=cursor)


def _visible_event(actor: Actor, event_id: int) -> Event:
    event = selectors.event_for(actor, event_id)
    if event is None:
        raise Http404
    return event


@router.post("/events/{event_id}/registration", response={201: RegistrationOut, 409: Problem, **PROBLEMS},
             summary="Register for an event")
def register(request: HttpRequest, response: HttpResponse, event_id: int,
             body: RegistrationIn | None = None) -> Status[Registration]:
    """Take a seat, as the event page's button does (same service: deadline, capacity, duplicates). A full event
    answers 409 unless `join_waitlist` is true; closed registrations or an existing seat are a 422."""
    actor = require_member(request, "registrations:write")
    event = _visible_event(actor, event_id)
    rules.check_register(actor, event)
    try:
        registration = services.registration_create(actor=actor, event=event,
                                                    join_waitlist=bool(body and body.join_waitlist))
    except services.RegistrationFull as full:
        raise ApiProblem(409, _("Event full"), full.messages[0], kind="event-full") from None
    response["Location"] = reverse("api-v1:registrations")
    return Status(201, registration)


@router.delete("/events/{event_id}/registration", response={200: RegistrationOut, **PROBLEMS},
               summary="Cancel my registration")
def unregister(request: HttpRequest, event_id: int) -> Registration:
    """Give the seat back (the first person waiting takes it), as the event page does; not once the event began."""
    actor = require_member(request, "registrations:write")
    event = _visible_event(actor, event_id)
    registration = selectors.registration_of(actor, event)
    if registration is None or not registration.is_active:
        raise Http404
    rules.check_cancel_registration(actor, registration)
    return services.registration_cancel(actor=actor, registration=registration)
