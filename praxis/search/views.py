from django.http import HttpResponse
from django.views.decorators.http import require_GET

from praxis.core.htmx import render_page
from praxis.core.http import PraxisRequest

from . import render, selectors


def _page_number(request: PraxisRequest) -> int:
    try:
        return max(1, min(int(request.GET.get("page", "1")), 1000))
    except ValueError:
        return 1


@require_GET
def results(request: PraxisRequest) -> HttpResponse:
    """The one search page: everything the actor may see, ranked, with facets (htmx swaps the results part)."""
    query = request.GET.get("q", "")[:500]
    filters = selectors.clean_filters(request.GET)
    found = selectors.search(request.actor, query, filters=filters, page=_page_number(request))
    context = {"results": found, "query": query, "filters": filters}
    if found.hits:
        context["facets_html"] = render.facets_html(found.facets, FACET_TITLES(), filters, request.GET)
        context["hits_html"] = render.hits_html(found.hits)
    return render_page(request, "search/results.html", context, partial="results")


@require_GET
def suggestions(request: PraxisRequest) -> HttpResponse:
    """Autocomplete as one types (htmx GET, debounced in the template)."""
    found = selectors.autocomplete(request.actor, request.GET.get("q", "")[:200])
    return render_page(request, "search/_suggestions.html", {"suggestions": found})


def FACET_TITLES() -> dict[str, str]:
    from django.utils.translation import gettext

    return {"kind": gettext("Kind"), "theme": gettext("Theme"), "profession": gettext("Profession"),
            "country": gettext("Country"), "language": gettext("Language"), "date": gettext("Date")}
