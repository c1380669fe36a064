"""Reads of the prevention app: services near a place for flagged domains, and the programme's figures."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum, TextField
from django.db.models.functions import Cast, TruncMonth

from praxis.core.actor import Actor
from praxis.institutions import geo
from praxis.institutions import rules as institution_rules
from praxis.institutions.models import Institution, Service

from . import icope
from .models import AREA_CHOICES, DomainService, Screening

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
            candidates = (institution_rules.institutions_visible_to(actor).filter(is_verified=True)
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
    from praxis.content.models import Content
    from praxis.content.rules import contents_visible_to

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
