"""Reads for the agenda. Every list goes through `rules.events_visible_to`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from praxis.content.models import Content
from praxis.content.rules import contents_visible_to
from praxis.core.actor import Actor, Standing
from praxis.core.compiled import ShapedQuery, grouped_by_id
from praxis.institutions import geo
from praxis.institutions.models import Institution

from . import rules
from .models import CalendarFeed, Event, Material, Registration, SeminarPiece, WhitePaper


def _with_counts(events: QuerySet[Event]) -> QuerySet[Event]:
    return events.select_related("institution").prefetch_related("themes").annotate(
        confirmed_count=Count("registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED)),
        waitlist_count=Count("registrations", filter=Q(registrations__status=Registration.Status.WAITLISTED)),
    )


@dataclass
class AgendaFilters:
    kind: str = ""
    theme: int | None = None
    profession: str = ""
    country: str = ""
    online: bool = False
    public: bool = False  # only events open to the public (patients, carers)
    near_lat: float | None = None
    near_lon: float | None = None
    radius_km: float = 30


def upcoming_events(actor: Actor | Standing, filters: AgendaFilters | None = None, *,
                    now: datetime | None = None) -> QuerySet[Event]:
    """Events that have not ended yet (at `now`, by default the present), soonest first, filtered; with
    `distance_km` when "near me" is used."""
    filters = filters or AgendaFilters()
    events = rules.events_visible_to(actor).filter(ends_at__gt=now or timezone.now(), status=Event.Status.PUBLISHED)
    if filters.kind:
        events = events.filter(kind=filters.kind)
    if filters.theme:
        events = events.filter(themes__id=filters.theme)
    if filters.profession:
        # An event with no target profession is for everyone.
        events = events.filter(Q(target_professions__icontains=f'"{filters.profession}"') | Q(target_professions=[]))
    if filters.country:
        events = events.filter(Q(country=filters.country) | Q(sessions__country=filters.country)).distinct()
    if filters.online:
        events = events.filter(is_online=True)
    if filters.public:
        events = events.filter(is_open_to_public=True)
    if filters.near_lat is not None and filters.near_lon is not None:
        events = geo.annotate_distance(events, filters.near_lat, filters.near_lon, max_km=filters.radius_km)
    return _with_counts(events).order_by("starts_at", "pk")


AGENDA_PAGE_SIZE = 20


# What the agenda reads of a page's rows: the card's key (`views.agenda`, `praxis.core.cards`), and the cursor.
AGENDA_KEYS = ("pk", "updated_at", "confirmed_count", "starts_at")


@dataclass(frozen=True)
class AgendaPage:
    rows: list[tuple[Any, ...]]  # (pk, updated_at, confirmed_count[, distance_km]): a card's key
    next_cursor: str


def _agenda_cursor(cursor: str) -> tuple[datetime, int] | None:
    when, _sep, pk = cursor.partition("_")
    try:
        start = datetime.fromisoformat(when) if pk.isdigit() else None
    except ValueError:
        start = None
    return None if start is None else (start, int(pk))


def _agenda_keys(events: QuerySet[Event], after: tuple[datetime, int] | None, *, near: bool) -> QuerySet[Any]:
    if after is not None:
        start, pk = after
        events = events.filter(Q(starts_at__gt=start) | Q(starts_at=start, pk__gt=pk))
    keys = (*AGENDA_KEYS, "distance_km") if near else AGENDA_KEYS
    return events.values_list(*keys)[: AGENDA_PAGE_SIZE + 1]


def from_values(me: int | None, authenticated: bool, moderator: bool, kind: str | None, theme: int | None,
                country: str | None, online: bool, public: bool, since: datetime | None, since_pk: int | None,
                ) -> tuple[Standing, AgendaFilters, tuple[datetime, int] | None]:
    """The caller, filters and cursor of a read compiled from plain values (`audience_values` and the filters without
    a profession or a place): the agenda's page and the API's list."""
    actor = Standing(me, authenticated, False, moderator, [], [])
    filters = AgendaFilters(kind=kind or "", theme=theme, country=country or "", online=online, public=public)
    return actor, filters, None if since is None else (since, since_pk or 0)


def _agenda_page_read(me: int | None, authenticated: bool, moderator: bool, kind: str | None, theme: int | None,
                      country: str | None, online: bool, public: bool, now: datetime, since: datetime | None,
                      since_pk: int | None) -> QuerySet[Any]:
    """The agenda's page of keys from plain values (the audience rule reads the id, authentication and moderation)."""
    actor, filters, after = from_values(me, authenticated, moderator, kind, theme, country, online, public, since,
                                        since_pk)
    return _agenda_keys(upcoming_events(actor, filters, now=now), after, near=False)


# Compiled once per process and shape of its values (issue 22: building the agenda's query was most of its CPU).
_agenda_pages = ShapedQuery(_agenda_page_read)


def agenda_rows(actor: Actor, filters: AgendaFilters, cursor: str = "") -> AgendaPage:
    """One page of the agenda's keys by (start, id), never OFFSET, and the next page's cursor: the cards are kept
    rendered (`views.agenda`). Without a profession or a place (a pattern, a distance: not compiled), the read is
    compiled once per shape of its values."""
    after = _agenda_cursor(cursor)
    near = filters.near_lat is not None and filters.near_lon is not None
    if not filters.profession and not near and (after is None or after[0].tzinfo is not None):
        rows = _agenda_pages.rows(
            *audience_values(actor), filters.kind or None, filters.theme,
            filters.country or None, filters.online, filters.public, timezone.now(), *(after or (None, None)))
    else:
        rows = list(_agenda_keys(upcoming_events(actor, filters), after, near=near))
    page = rows[:AGENDA_PAGE_SIZE]
    last = page[-1] if len(rows) > AGENDA_PAGE_SIZE else None
    return AgendaPage([(row[0], row[1], row[2], *row[4:]) for row in page],
                      f"{last[3].isoformat()}_{last[0]}" if last else "")


def agenda_events(actor: Actor, filters: AgendaFilters, ids: list[int]) -> QuerySet[Event]:
    """The events of the agenda's cards not kept yet, as the agenda reads them (seats taken, distance)."""
    return upcoming_events(actor, filters).prefetch_related(None).defer("description", "coi_statement").filter(
        pk__in=ids)


def audience_values(actor: Actor) -> tuple[int | None, bool, bool]:
    """What the events' audience rule reads of the caller (id, authentication, moderation), as plain values for a read
    compiled from them (the API's list, `events/api.py`, rebuilds a `Standing` from them)."""
    return actor.id, actor.is_authenticated, actor.is_moderator


def event_for(actor: Actor, event_id: int) -> Event | None:
    return _with_counts(rules.events_visible_to(actor)).filter(pk=event_id).first()


# The themes' slugs of each event, as `prefetch_related("themes")` orders them (by name): one query, no instance
# (the API's list, `events/api.py`).
theme_slugs_of: Callable[[list[int]], dict[int, list[str]]] = grouped_by_id(
    lambda ids: Event.themes.through.objects.filter(event_id__in=ids).order_by("theme__name")
    .values_list("event_id", "theme__slug"))


def event_detail_relations(event: Event) -> Event:
    """Sessions, materials, seminar pieces in one query each."""
    from django.db.models import prefetch_related_objects

    prefetch_related_objects(
        [event], "sessions", "materials",
        Prefetch("pieces", queryset=SeminarPiece.objects.order_by("position", "pk")),
    )
    return event


def events_of_institution(actor: Actor, institution: Institution, *, past: bool = False) -> QuerySet[Event]:
    """The institution page's agenda: upcoming (or past) events it organises."""
    events = rules.events_visible_to(actor).filter(institution=institution)
    now = timezone.now()
    events = events.filter(ends_at__lte=now).order_by("-starts_at") if past else events.filter(
        ends_at__gt=now).order_by("starts_at")
    return _with_counts(events)


def registration_of(actor: Actor, event: Event) -> Registration | None:
    if not actor.is_authenticated:
        return None
    return Registration.objects.filter(event=event, user_id=actor.id).select_related("event").first()


def my_registrations(actor: Actor, *, past: bool = False) -> QuerySet[Registration]:
    """The actor's active registrations (seat or waiting list), upcoming or past."""
    now = timezone.now()
    rows = Registration.objects.filter(user_id=actor.id).exclude(status=Registration.Status.CANCELLED)
    rows = rows.filter(event__ends_at__lte=now).order_by("-event__starts_at") if past else rows.filter(
        event__ends_at__gt=now).order_by("event__starts_at")
    return rows.select_related("event", "event__institution")


def waitlist_position(registration: Registration) -> int:
    return Registration.objects.filter(
        event_id=registration.event_id, status=Registration.Status.WAITLISTED, queued_at__lt=registration.queued_at,
    ).count() + 1


def attendees(event: Event) -> QuerySet[Registration]:
    """Registrations of an event for its organisers: seats first, then the waiting list in order."""
    return (
        Registration.objects.filter(event=event).exclude(status=Registration.Status.CANCELLED)
        .select_related("user").order_by("-status", "queued_at", "pk")
    )


def calendar_events(user_id: int) -> QuerySet[Event]:
    """What goes in a member's calendar feed: events they hold a seat for, from 30 days ago on."""
    since = timezone.now() - timedelta(days=30)
    return Event.objects.filter(
        registrations__user_id=user_id, registrations__status=Registration.Status.CONFIRMED, ends_at__gte=since,
    ).select_related("institution").order_by("starts_at")


def active_feed(actor: Actor) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user_id=actor.id, revoked_at__isnull=True).first()


def white_papers_of(actor: Actor, event: Event) -> QuerySet[WhitePaper]:
    return rules.white_papers_visible_to(actor).filter(event=event).order_by("-version")


def white_paper_for(actor: Actor, paper_id: int) -> WhitePaper | None:
    return rules.white_papers_visible_to(actor).select_related("event", "event__institution").filter(
        pk=paper_id).first()


def latest_white_paper(event: Event) -> WhitePaper | None:
    """The newest version of the seminar's white paper (for its organisers: the new version's form starts from it)."""
    return WhitePaper.objects.filter(event=event).order_by("-version").first()


def white_papers_to_review(actor: Actor) -> QuerySet[WhitePaper]:
    return rules.white_papers_visible_to(actor).filter(status=WhitePaper.Status.SUBMITTED).select_related(
        "event", "created_by").order_by("submitted_at")


def published_white_papers(actor: Actor) -> QuerySet[WhitePaper]:
    return rules.white_papers_visible_to(actor).filter(status=WhitePaper.Status.PUBLISHED).select_related("event")


def visible_capsules(actor: Actor) -> QuerySet[Any]:
    return contents_visible_to(actor).filter(kind=Content.Kind.CAPSULE)


def organiser_choices(actor: Actor, *, keep: int | None = None) -> QuerySet[Institution]:
    """The verified institutions the actor organises for (the form's choices), and the event's own (`keep`)."""
    wanted = Q(pk__in=rules.organiser_institution_ids(actor), is_verified=True, closed_at__isnull=True)
    return Institution.objects.filter(wanted | Q(pk=keep) if keep else wanted)


def institutions_with_events() -> QuerySet[Institution]:
    """Any institution's page of events (its events are public announcements)."""
    return Institution.objects.all()


def materials_of(event: Event) -> QuerySet[Material]:
    return Material.objects.filter(event=event)


def pieces_of(event: Event) -> QuerySet[SeminarPiece]:
    return SeminarPiece.objects.filter(event=event)


def calendar_feed(token: str) -> CalendarFeed | None:
    """The personal calendar feed a secret token opens (revoked ones too: they answer 410)."""
    return CalendarFeed.objects.filter(token=token).select_related("user").first()
