"""Job offers in the public API: the offers page's selector (`selectors.search_offers`, over
`rules.offers_visible_to`) and the offer page's lookup; writes (step 4) through `services` and their rules."""

from __future__ import annotations

from datetime import date, datetime

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Router, Schema

from praxis.core.rest import DEFAULT_LIMIT, Limit, paginate, require_scope

from . import selectors
from .models import JobOffer

router = Router(tags=["jobs"])


class EmployerOut(Schema):
    id: int
    name: str
    slug: str


class OfferOut(Schema):
    id: int
    title: str
    status: str
    institution: EmployerOut
    professions: list[str]
    contract: str
    working_time: str
    postal_code: str
    city: str
    country: str
    region: str
    start_date: date | None
    closing_date: date
    description: str
    apply_method: str
    published_at: datetime
    url: str

    @staticmethod
    def resolve_url(offer: JobOffer) -> str:
        return reverse("jobs:detail", kwargs={"offer_id": offer.pk})


@router.get("/job-offers", response=list[OfferOut], summary="Open job offers")
def offers(
    request: HttpRequest, response: HttpResponse, profession: str = "", region: str = "",
    contract: JobOffer.Contract | None = None, limit: Limit = DEFAULT_LIMIT,
    cursor: str = "",
) -> list[JobOffer]:
    """Open offers, newest first (the job offers page's list and filters)."""
    actor = require_scope(request, "jobs:read")
    filters = selectors.OfferFilters(profession=profession, region=region, contract=contract or "")
    return paginate(request, response, selectors.search_offers(actor, filters), key="published_at", descending=True,
                    limit=limit, cursor=cursor)


@router.get("/job-offers/{offer_id}", response=OfferOut, summary="One job offer")
def offer(request: HttpRequest, offer_id: int) -> JobOffer:
    actor = require_scope(request, "jobs:read")
    found = selectors.offer_for(actor, offer_id)
    if found is None:
        raise Http404
    return found
