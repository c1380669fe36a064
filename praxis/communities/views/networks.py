"""A network's indicators, for its coordinating institution: figures across its communities, no private content,
small numbers suppressed; a bar chart per figure and a CSV export."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from praxis.core.htmx import render_page
from praxis.core.http import PraxisRequest

from .. import rules, selectors
from ..models import Network
from ..selectors import MIN_PEOPLE, network_indicators, shown_columns
from ..shaping import INDICATOR_LABELS

LABELS = INDICATOR_LABELS


def _network_for_indicators(request: PraxisRequest, network_id: int) -> Network:
    network = selectors.network_by_id(network_id)
    if network is None:
        raise Http404
    rules.check_view_indicators(request.actor, network)
    return network


def _csv(filename: str, header: list[str], rows: Iterable[list[Any]]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(header)
    writer.writerows(rows)
    return response


@require_GET
@login_required
def network_indicators_view(request: PraxisRequest, network_id: int) -> HttpResponse:
    network = _network_for_indicators(request, network_id)
    rows = network_indicators(network)
    # The indicators the communities' adopted indicator sets follow (all of them when none adopted one).
    columns = shown_columns(rows)
    if request.GET.get("format") == "csv":
        return _csv("indicateurs.csv", [_("Community"), *[str(LABELS[c]) for c in columns]],
                    ([row.community.name, *[row.figures[c].csv for c in columns]] for row in rows))
    charts = []
    for column in columns:
        shown = [(row.community.name, row.figures[column]) for row in rows if row.figures[column].followed]
        top = max([float(f.value) for _n, f in shown if not f.suppressed] or [1.0]) or 1.0
        bars = [(name, figure, 0 if figure.suppressed else round(100 * float(figure.value) / top))
                for name, figure in shown]
        charts.append({"label": LABELS[column], "bars": bars})
    return render_page(request, "communities/indicators.html", {
        "network": network, "rows": rows, "columns": [(c, LABELS[c]) for c in columns], "charts": charts,
        "min_people": MIN_PEOPLE})


THEME_LABELS = {
    "cases_opened": gettext_lazy("Cases opened"), "cases_documented": gettext_lazy("Cases documented"),
    "cases_with_outcome": gettext_lazy("Cases with an outcome"),
    "communities": gettext_lazy("Communities working on it"),
}


@require_GET
@login_required
def network_themes_view(request: PraxisRequest, network_id: int) -> HttpResponse:
    """The network's cases by theme (opened, documented, with an outcome), small numbers suppressed; CSV too."""
    network = _network_for_indicators(request, network_id)
    rows = selectors.network_theme_indicators(network)
    columns = selectors.THEME_COLUMNS
    if request.GET.get("format") == "csv":
        return _csv("indicateurs-themes.csv", [_("Theme"), *[str(THEME_LABELS[c]) for c in columns]],
                    ([row.theme, *[row.figures[c].csv for c in columns]] for row in rows))
    return render_page(request, "communities/indicators_themes.html", {
        "network": network, "columns": [THEME_LABELS[c] for c in columns], "min_people": MIN_PEOPLE,
        "table": [(row.theme, [row.figures[c] for c in columns]) for row in rows]})


@require_GET
@login_required
def community_indicators(request: PraxisRequest, slug: str) -> HttpResponse:
    """The community's own figures: the indicators its adopted indicator set follows (all of them without one), with
    the same suppression of small numbers as the network's table."""
    from .membership import _community_or_404

    community = _community_or_404(request, slug)
    rules.check_view_private(request.actor, community)
    row = selectors.indicator_rows([community])[0]
    return render_page(request, "communities/community_indicators.html", {
        "community": community, "min_people": MIN_PEOPLE, "chosen": bool(community.indicator_keys),
        "figures": [(LABELS[key], row.figures[key]) for key in row.followed],
        "professions": row.professions})
