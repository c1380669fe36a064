from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import Http404
from django.utils.translation import gettext_lazy

from praxis.core.audit import Action
from praxis.core.http import PraxisRequest

from .. import geo, selectors
from ..models import Institution

PAGE_SIZE = 20


ACTION_LABELS = {
    Action.INSTITUTIONS_INSTITUTION_CREATED: gettext_lazy("Registered"),
    Action.INSTITUTIONS_INSTITUTION_UPDATED: gettext_lazy("Profile edited"),
    Action.INSTITUTIONS_INSTITUTION_VERIFIED: gettext_lazy("Verified and published by a moderator"),
    Action.INSTITUTIONS_INSTITUTION_REJECTED: gettext_lazy("Refused by a moderator"),
    Action.INSTITUTIONS_MEMBERSHIP_REMOVED: gettext_lazy("A member left or was removed"),
    Action.INSTITUTIONS_INSTITUTION_CLOSED: gettext_lazy("Closed"),
    Action.INSTITUTIONS_INSTITUTION_REOPENED: gettext_lazy("Reopened"),
}


def institution_or_404(request: PraxisRequest, slug: str) -> Institution:
    institution = selectors.institution_for(request.actor, slug)
    if institution is None:
        raise Http404
    return institution


def resolve_place(request: PraxisRequest, form: Any, country: str) -> tuple[geo.Place | None, list[geo.Place], bool]:
    """(the place, the choices when ambiguous, whether it is the member's practice) for a search form.

    No `place` parameter at all: the member's practice. An empty one: anywhere. Unknown: an error on the field."""
    text = form.cleaned_data.get("place", "") if "place" in request.GET else None
    lookup = geo.resolve_place(text, country=country, chosen_country=request.GET.get("place_country", ""),
                               member=request.user if request.user.is_authenticated else None,
                               ask_among_homonyms=True)
    if lookup.is_practice and lookup.place:
        form.data["place"] = lookup.place.query  # shown in the field, so the member sees and can change it
    if lookup.error:
        form.add_error("place", lookup.error)
    return lookup.place, [] if lookup.place else lookup.others, lookup.is_practice


def page_of(request: PraxisRequest, rows: Any) -> Any:
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


def query_without(request: PraxisRequest, *names: str) -> str:
    params = request.GET.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()


def search_data(request: PraxisRequest) -> Any:
    """The GET parameters, with the default radius when none was chosen (so that the form shows what was used)."""
    data = request.GET.copy()
    if not data.get("radius"):
        data["radius"] = "25"
    return data
