"""Public figures of the platform, drawn as server-side SVG charts with a data table beside each.

Counts of content and institutions go through the visibility selectors with an anonymous actor: a public page
never counts what only some members may see."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from praxis.accounts.models import Country, Profession, User
from praxis.content.models import Content
from praxis.content.rules import contents_visible_to
from praxis.core.actor import Actor
from praxis.institutions.models import Institution
from praxis.institutions.search import institutions_visible

CACHE_KEY = "search:platform-figures:v1"
CACHE_SECONDS = 300
MONTHS = 12


def _months(now: datetime) -> list[datetime]:
    first = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    months = []
    for _i in range(MONTHS):
        months.append(first)
        first = (first - timedelta(days=1)).replace(day=1)
    return list(reversed(months))


def _growth(queryset: QuerySet[Any], field: str, now: datetime) -> list[tuple[str, int]]:
    months = _months(now)
    before = queryset.filter(**{f"{field}__lt": months[0]}).count()
    per_month = dict(
        queryset.filter(**{f"{field}__gte": months[0]}).annotate(month=TruncMonth(field)).values("month")
        .annotate(n=Count("pk")).values_list("month", "n")
    )
    per_month = {(key.year, key.month): value for key, value in per_month.items() if key}
    total, rows = before, []
    for month in months:
        total += per_month.get((month.year, month.month), 0)
        rows.append((date_format(month, "M Y"), total))
    return rows


def _labelled(rows: Iterable[tuple[str, int]], labels: dict[str, Any]) -> list[tuple[str, int]]:
    return sorted(((str(labels.get(key, key or _("not given"))), n) for key, n in rows), key=lambda r: (-r[1], r[0]))


def compute() -> dict[str, Any]:
    now = timezone.now()
    public = Actor(None)
    members = User.objects.filter(is_active=True)
    contents = contents_visible_to(public)
    institutions = institutions_visible(public)
    return {
        "members": members.count(),
        "capsules": contents.filter(kind=Content.Kind.CAPSULE).count(),
        "contents": contents.count(),
        "institutions": institutions.count(),
        "members_by_profession": _labelled(
            members.values("profession").annotate(n=Count("pk")).values_list("profession", "n"),
            dict(Profession.choices),
        ),
        "members_by_country": _labelled(
            members.values("country").annotate(n=Count("pk")).values_list("country", "n"), dict(Country.choices)
        ),
        "institutions_by_country": _labelled(
            institutions.values("country").annotate(n=Count("pk")).values_list("country", "n"), dict(Country.choices)
        ),
        "institutions_by_type": _labelled(
            institutions.values("kind").annotate(n=Count("pk")).values_list("kind", "n"),
            dict(Institution.Kind.choices),
        ),
        "registrations": _growth(members, "date_joined", now),
        "published": _growth(contents.exclude(published_at__isnull=True), "published_at", now),
        "computed_at": now,
    }


def bar_chart(rows: list[tuple[str, int]], *, width: int = 320, bar: int = 22, gap: int = 8) -> dict[str, Any]:
    """Horizontal bars: label above each bar, value at its end. Geometry only; the template draws it."""
    top = max((n for _label, n in rows), default=0) or 1
    bars, y = [], 0
    for label, value in rows:
        length = round((width - 60) * value / top)
        bars.append({"label": label, "value": value, "y": y, "text_y": y + 12, "bar_y": y + 16,
                     "length": max(length, 2 if value else 0), "value_x": max(length, 2) + 6, "value_y": y + 32})
        y += 16 + bar + gap
    return {"width": width, "height": max(y, 1), "bars": bars, "rows": rows, "bar": bar}


def line_chart(rows: list[tuple[str, int]], *, width: int = 320, height: int = 160) -> dict[str, Any]:
    """Cumulative growth as a polyline over the months, with dots and first/last month labels."""
    top = max((n for _label, n in rows), default=0) or 1
    left, bottom, plot_w, plot_h = 8, height - 24, width - 16, height - 44
    step = plot_w / max(len(rows) - 1, 1)
    points = [(round(left + i * step, 1), round(bottom - plot_h * n / top, 1)) for i, (_l, n) in enumerate(rows)]
    return {
        "width": width, "height": height, "rows": rows, "bottom": bottom, "right": left + plot_w, "left": left,
        "points": " ".join(f"{x},{y}" for x, y in points),
        "dots": [{"x": x, "y": y} for x, y in points],
        "first": rows[0][0] if rows else "", "last": rows[-1][0] if rows else "", "top": top,
    }


def charts(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {"id": "members-profession", "title": _("Members by profession"), "type": "bar",
         "chart": bar_chart(data["members_by_profession"])},
        {"id": "members-country", "title": _("Members by country"), "type": "bar",
         "chart": bar_chart(data["members_by_country"])},
        {"id": "institutions-country", "title": _("Institutions by country"), "type": "bar",
         "chart": bar_chart(data["institutions_by_country"])},
        {"id": "institutions-type", "title": _("Institutions by type"), "type": "bar",
         "chart": bar_chart(data["institutions_by_type"])},
        {"id": "registrations", "title": _("Registrations over the last 12 months (cumulative)"), "type": "line",
         "chart": line_chart(data["registrations"])},
        {"id": "published", "title": _("Published content over the last 12 months (cumulative)"), "type": "line",
         "chart": line_chart(data["published"])},
    ]
