"""Reads of the prevention app: services near a place for flagged domains, and the programme's figures."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from django.db.models import Count, Q, QuerySet, Sum, TextField
from django.db.models.functions import Cast, TruncMonth
from django.http import Http404
from django.urls import Resolver404, resolve, reverse

from praxis.content.models import Content
from praxis.content.rules import contents_visible_to
from praxis.core.actor import Actor
from praxis.events.models import Event
from praxis.events.rules import events_visible_to
from praxis.institutions import geo
from praxis.institutions import rules as institution_rules
from praxis.institutions import selectors as institution_selectors
from praxis.institutions.models import Follow, Institution, Service
from praxis.learning.models import PublicationStatus
from praxis.learning.rules import courses_visible_to

from . import icope, rules
from .models import AREA_CHOICES, DomainService, Screening, Toolbox, ToolboxItem, ToolboxSection

NEAR_KM = 25
PER_DOMAIN = 3
# Any figure drawn from fewer screenings than this is not shown (nor derivable from the figures shown beside it).
MIN_SCREENINGS = 5


# --- services near a place --------------------------------------------------------------------------------------
@dataclass
class DomainHelp:
    domain: str
    services: list[Service]
    institutions: list[Institution]


def _publics_q(publics: list[str]) -> Q:
    """Institutions serving one of `publics` (a JSON list, compared as text: same on SQLite and PostgreSQL)."""
    q = Q()
    for public in publics:
        q |= Q(publics_text__contains=f'"{public}"')
    return q


def help_near(actor: Actor, *, domains: list[str], place: geo.Place, radius_km: float = NEAR_KM,
              per_domain: int = PER_DOMAIN) -> list[DomainHelp]:
    """For each flagged domain: the services mapped to it and the nearest published institutions offering one of
    them (for the publics the mapping names), nearest first, with `distance_km`. One query for the mapping, one per
    domain."""
    mapping: dict[str, list[DomainService]] = {domain: [] for domain in domains}
    for row in DomainService.objects.filter(domain__in=domains, service__is_active=True).select_related("service"):
        mapping[row.domain].append(row)
    through = Institution.services.through.objects
    found = []
    for domain in domains:
        rows = mapping[domain]
        institutions: list[Institution] = []
        if rows:
            offers = Q()
            for row in rows:
                match = Q(pk__in=through.filter(service_id=row.service_id).values("institution_id"))
                offers |= match & _publics_q(row.publics) if row.publics else match
            candidates = (institution_rules.institutions_visible_to(actor)
                          .filter(is_verified=True, closed_at__isnull=True)
                          .alias(publics_text=Cast("publics", TextField())).filter(offers)
                          .only("pk", "name", "slug", "kind", "city", "postal_code", "phone", "website",
                                "latitude", "longitude"))
            candidates = geo.annotate_distance(candidates, place.lat, place.lon, max_km=radius_km)
            institutions = list(candidates.order_by("distance_km", "name")[:per_domain])  # type: ignore[misc]
        found.append(DomainHelp(domain=domain, services=[row.service for row in rows], institutions=institutions))
    return found


# --- figures for the programme's coordinators -------------------------------------------------------------------
def _suppress(counts: Sequence[int | None]) -> list[int | None]:
    """Hide counts below MIN_SCREENINGS; when exactly one is hidden next to a shown total, hide the next smallest as
    well, so the hidden one cannot be found by subtraction."""
    shown: list[int | None] = [n if n is None or n >= MIN_SCREENINGS or n == 0 else None for n in counts]
    hidden = [i for i, n in enumerate(counts) if n and n < MIN_SCREENINGS]
    if len(hidden) == 1:
        others = sorted((n, i) for i, n in enumerate(counts) if n and i not in hidden)
        if others:
            shown[others[0][1]] = None
    return shown


def _share(flagged: int, total: int) -> int | None:
    """Percentage of `total` screenings flagged, or None when `total` is too small to show."""
    if total < MIN_SCREENINGS:
        return None
    return round(100 * flagged / total)


def screenings_in(since: date, until: date, area: str = "") -> QuerySet[Screening]:
    rows = Screening.objects.filter(screened_on__gte=since, screened_on__lte=until)
    return rows.filter(area=area) if area else rows


def figures(*, since: date, until: date, area: str = "") -> dict[str, Any]:
    """Counts per month and area and the share flagged per domain, with small numbers suppressed. Three queries."""
    rows = screenings_in(since, until, area)
    sums = {f"flag_{domain}": Sum(Cast(f"flag_{domain}", output_field=_int_field())) for domain in icope.DOMAIN_KEYS}
    totals = rows.aggregate(n=Count("pk"), **sums)
    total = totals["n"] or 0
    per_month = dict(rows.annotate(month=TruncMonth("screened_on")).values("month").annotate(n=Count("pk"))
                     .values_list("month", "n"))
    months, cursor = [], since.replace(day=1)
    while cursor <= until:
        months.append(cursor)
        cursor = (cursor + timedelta(days=32)).replace(day=1)
    month_counts = [per_month.get(month, 0) or _month_key(per_month, month) for month in months]
    per_area_rows: dict[str, dict[str, Any]] = {
        row["area"]: dict(row) for row in rows.values("area").annotate(
            n=Count("pk"), **{f"flag_{d}": Sum(Cast(f"flag_{d}", output_field=_int_field()))
                             for d in icope.DOMAIN_KEYS})
    }
    areas = [(code, label) for code, label in [*AREA_CHOICES, ("", "")] if code in per_area_rows]
    area_counts = _suppress([per_area_rows[code]["n"] for code, _label in areas])
    return {
        "total": total if total >= MIN_SCREENINGS or total == 0 else None,
        "domains": [(domain, icope.DOMAIN_LABELS[domain], _share(totals[f"flag_{domain}"] or 0, total))
                    for domain in icope.DOMAIN_KEYS],
        "months": list(zip(months, _suppress(month_counts), strict=True)),
        "areas": [
            {"code": code, "label": label, "n": shown,
             "shares": [_share(per_area_rows[code][f"flag_{d}"] or 0, per_area_rows[code]["n"]) if shown else None
                        for d in icope.DOMAIN_KEYS]}
            for (code, label), shown in zip(areas, area_counts, strict=True)
        ],
    }


def _month_key(per_month: dict[Any, int], month: date) -> int:
    """TruncMonth gives a date on SQLite and PostgreSQL alike for a DateField, but be lenient with datetimes."""
    for key, value in per_month.items():
        if key is not None and (key.year, key.month) == (month.year, month.month):
            return value
    return 0


def _int_field() -> Any:
    from django.db.models import IntegerField

    return IntegerField()


# --- the space for patients and carers --------------------------------------------------------------------------
def patient_pages(actor: Actor, *, language: str = "") -> QuerySet[Any]:
    """Reviewed, published public pages written for patients and carers, newest first (through content's own
    visibility selector: an unreviewed page is never listed)."""
    rows = contents_visible_to(actor).filter(audience=Content.Audience.PATIENTS, visibility=Content.Visibility.PUBLIC)
    if language:
        rows = rows.filter(language=language)
    return rows.only("pk", "slug", "title", "summary", "kind", "language", "published_at").order_by(
        "-published_at", "-pk")


def public_events(actor: Actor, limit: int = 5) -> list[Any]:
    """The next events marked open to the public (information sessions and the like): patients and carers may
    attend them, not only professionals."""
    from praxis.events.selectors import AgendaFilters, upcoming_events

    return list(upcoming_events(actor, AgendaFilters(public=True))[:limit])


# --- toolboxes ----------------------------------------------------------------------------------------------------
def toolboxes_for_list(actor: Actor, *, audience: str = "") -> QuerySet[Toolbox]:
    """The toolboxes the actor may read, with their institution and item count (two queries for a page)."""
    rows = rules.toolboxes_visible_to(actor).select_related("institution").annotate(item_count=Count("items"))
    if audience:
        rows = rows.filter(audience=audience)
    return rows.order_by("-status", "title", "pk")  # drafts ("draft" < "published") after the published ones


def toolbox_or_404(actor: Actor, slug: str) -> Toolbox:
    """A toolbox the actor may read, or 404 (also for one they may not see)."""
    toolbox = Toolbox.objects.select_related("institution", "network").filter(slug=slug).first()
    if toolbox is None or not rules.can_view_toolbox(actor, toolbox):
        raise Http404
    return toolbox


def _visible_ids(actor: Actor, kind: str, ids: set[int]) -> set[int]:
    """Which of `ids` (objects of one kind) the actor may see and are published: one query per kind."""
    if not ids:
        return set()
    queryset: QuerySet[Any]
    if kind == ToolboxItem.Kind.CONTENT:
        queryset = contents_visible_to(actor)
    elif kind == ToolboxItem.Kind.COURSE:
        queryset = courses_visible_to(actor).filter(status=PublicationStatus.PUBLISHED)
    elif kind == ToolboxItem.Kind.EVENT:
        queryset = events_visible_to(actor).filter(status=Event.Status.PUBLISHED)
    else:
        queryset = institution_rules.institutions_visible_to(actor).filter(is_verified=True, closed_at__isnull=True)
    return set(queryset.filter(pk__in=ids).values_list("pk", flat=True))


def is_linkable(actor: Actor, kind: str, target: Any) -> bool:
    """May `target` be put in a toolbox by this editor: published, and visible to them."""
    return target.pk in _visible_ids(actor, kind, {target.pk})


@dataclass
class SectionView:
    section: ToolboxSection
    items: list[ToolboxItem]


@dataclass
class ToolboxView:
    sections: list[SectionView]
    hidden: int  # items the actor may not see (private, unpublished): not shown, only counted for editors


def toolbox_items(actor: Actor, toolbox: Toolbox) -> ToolboxView:
    """The sections in order, each with the items the actor may see (an item whose page became private or
    unpublished is left out). A fixed number of queries, whatever the number of items."""
    sections = list(toolbox.sections.all())
    items = list(toolbox.items.select_related("content", "course", "event", "institution").defer(
        "content__body", "content__body_html", "content__references", "course__summary", "event__description",
        "institution__description"))
    wanted: dict[str, set[int]] = {}
    for item in items:
        if item.kind != ToolboxItem.Kind.LINK:
            wanted.setdefault(item.kind, set()).add(getattr(item, f"{item.kind}_id"))
    visible = {kind: _visible_ids(actor, kind, ids) for kind, ids in wanted.items()}
    shown: dict[int, list[ToolboxItem]] = {section.pk: [] for section in sections}
    hidden = 0
    for item in items:
        if item.kind == ToolboxItem.Kind.LINK or getattr(item, f"{item.kind}_id") in visible[item.kind]:
            shown[item.section_id].append(item)
        else:
            hidden += 1
    return ToolboxView([SectionView(section, shown[section.pk]) for section in sections], hidden)


def item_url(item: ToolboxItem) -> str:
    """Where an item leads: the object's page on Praxis, or the external address."""
    if item.kind == ToolboxItem.Kind.CONTENT and item.content is not None:
        return reverse("content:detail", kwargs={"pk": item.content.pk, "slug": item.content.slug or "contenu"})
    if item.kind == ToolboxItem.Kind.COURSE and item.course is not None:
        return reverse("learning:course", kwargs={"slug": item.course.slug})
    if item.kind == ToolboxItem.Kind.EVENT and item.event is not None:
        return reverse("events:detail", kwargs={"event_id": item.event.pk})
    if item.kind == ToolboxItem.Kind.INSTITUTION and item.institution is not None:
        return reverse("institutions:detail", kwargs={"slug": item.institution.slug})
    return item.url


def resolve_link(actor: Actor, address: str, *, hosts: list[str]) -> tuple[str, Any]:
    """What an address pasted by an editor points at: ("content", <Content>), ("course", ...), ("event", ...),
    ("institution", ...) for a page of Praxis (found by its path on one of `hosts`, or a bare path), else ("link",
    None). A Praxis page that does not exist gives (kind, None)."""
    parts = urlsplit(address.strip())
    if parts.netloc and parts.netloc.lower() not in hosts:
        return ToolboxItem.Kind.LINK, None
    try:
        match = resolve(parts.path or "/")
    except Resolver404:
        return "", None
    name, kwargs = match.view_name, match.kwargs
    if name == "content:detail":
        return ToolboxItem.Kind.CONTENT, Content.objects.filter(pk=kwargs["pk"]).first()
    if name == "learning:course":
        course = (courses_visible_to(actor).filter(slug=kwargs["slug"], status=PublicationStatus.PUBLISHED)
                  .order_by("-version").first())
        return ToolboxItem.Kind.COURSE, course
    if name == "events:detail":
        return ToolboxItem.Kind.EVENT, Event.objects.filter(pk=kwargs["event_id"]).first()
    if name == "institutions:detail":
        return ToolboxItem.Kind.INSTITUTION, Institution.objects.filter(slug=kwargs["slug"]).first()
    return "", None


def toolbox_follower_ids(toolbox: Toolbox) -> QuerySet[Any]:
    return institution_selectors.follower_ids(Follow.Kind.TOOLBOX, toolbox.pk)


def is_following(actor: Actor, toolbox: Toolbox) -> bool:
    if not actor.is_authenticated:
        return False
    return toolbox.pk in institution_selectors.followed_ids(actor.user, Follow.Kind.TOOLBOX)


def latest_items(actor: Actor, toolbox: Toolbox, view: ToolboxView, limit: int = 5) -> list[ToolboxItem]:
    """The newest items the actor may see (the "what's new" of a followed toolbox), from an already built view."""
    items = [item for section in view.sections for item in section.items]
    return sorted(items, key=lambda item: (item.added_at, item.pk), reverse=True)[:limit]


def toolbox_institutions(actor: Actor) -> QuerySet[Institution]:
    """The verified institutions a member may start a toolbox for (any verified one for platform admins)."""
    rows = Institution.objects.filter(is_verified=True, closed_at__isnull=True)
    if not actor.is_platform_admin:
        rows = rows.filter(pk__in=rules.toolbox_institution_ids(actor))
    return rows.only("pk", "name").order_by("name")


def followed_toolbox_news(actor: Actor, toolbox_ids: list[int], *, since: datetime | None = None,
                          until: datetime | None = None, limit: int = 5) -> list[ToolboxItem]:
    """Items added to the toolboxes the member follows (the home feed's "new in your toolboxes", the weekly
    digest): only toolboxes they may still read and items they may see, newest first. At most five queries."""
    if not toolbox_ids:
        return []
    readable = rules.toolboxes_visible_to(actor).filter(pk__in=toolbox_ids, status=Toolbox.Status.PUBLISHED)
    items = ToolboxItem.objects.filter(toolbox__in=readable).select_related(
        "toolbox", "content", "course", "event", "institution").defer(
        "toolbox__introduction", "content__body", "content__body_html", "content__references", "course__summary",
        "event__description", "institution__description")
    if since is not None:
        items = items.filter(added_at__gte=since)
    if until is not None:
        items = items.filter(added_at__lt=until)
    found = list(items.order_by("-added_at", "-pk")[: limit * 4])  # room for items this member may not see
    wanted: dict[str, set[int]] = {}
    for item in found:
        if item.kind != ToolboxItem.Kind.LINK:
            wanted.setdefault(item.kind, set()).add(getattr(item, f"{item.kind}_id"))
    visible = {kind: _visible_ids(actor, kind, ids) for kind, ids in wanted.items()}
    shown = [item for item in found
             if item.kind == ToolboxItem.Kind.LINK or getattr(item, f"{item.kind}_id") in visible[item.kind]]
    return shown[:limit]
