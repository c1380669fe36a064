"""Job offers in the public API: the offers page's selector (`selectors.search_offers`, over
`rules.offers_visible_to`) and the offer page's lookup; writes (step 4) through `services` and their rules."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Router, Schema, Status
from pydantic import ConfigDict, Field

from praxis.accounts.models import Country, Profession
from praxis.core.actor import Actor
from praxis.core.rest import (
    DEFAULT_LIMIT,
    PROBLEMS,
    UPDATE_PROBLEMS,
    Limit,
    check_if_match,
    invalid_field,
    paginate,
    representation_etag,
    require_scope,
)

from . import rules, selectors, services
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


class OfferIn(Schema):
    """An offer as its institution writes it (the offer form): `institution` is the id of a verified institution the
    member posts for."""

    model_config = ConfigDict(extra="forbid")

    institution: int
    title: str = Field(min_length=1, max_length=200)
    professions: list[Profession] = Field(min_length=1)
    contract: JobOffer.Contract
    working_time: JobOffer.WorkingTime
    address: str = Field("", max_length=200)
    postal_code: str = Field(min_length=1, max_length=10)
    city: str = Field(min_length=1, max_length=120)
    country: Country = Country.BE
    start_date: date | None = None
    description: str = Field(min_length=1, max_length=10000)
    apply_method: JobOffer.ApplyMethod = JobOffer.ApplyMethod.MESSAGE
    apply_url: str = Field("", max_length=200)
    apply_email: str = Field("", max_length=254)
    closing_date: date


def _service_data(actor: Actor, body: OfferIn, *, keep: int | None = None) -> dict[str, Any]:
    data = body.model_dump(exclude={"institution"})
    data["institution"] = selectors.poster_choices(actor, keep=keep).filter(pk=body.institution).first()
    if data["institution"] is None:
        raise invalid_field("body.institution")
    return data


def _written(response: HttpResponse, actor: Actor, offer_id: int) -> JobOffer:
    """The offer as a GET answers it now, with its new ETag (for the next `If-Match`)."""
    offer = selectors.offer_for(actor, offer_id)
    assert offer is not None
    response["ETag"] = representation_etag(OfferOut.from_orm(offer))
    return offer


@router.get("/job-offers", response={200: list[OfferOut], **PROBLEMS}, summary="Open job offers")
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


@router.get("/job-offers/{offer_id}", response={200: OfferOut, **PROBLEMS}, summary="One job offer")
def offer(request: HttpRequest, offer_id: int) -> JobOffer:
    actor = require_scope(request, "jobs:read")
    found = selectors.offer_for(actor, offer_id)
    if found is None:
        raise Http404
    return found


@router.post("/job-offers", response={201: OfferOut, **PROBLEMS}, summary="Post a job offer")
def offer_create(request: HttpRequest, response: HttpResponse, body: OfferIn) -> Status[JobOffer]:
    """Publish an offer for a verified institution the member is admin or staff of (the offer form's rule)."""
    actor = require_scope(request, "jobs:write")
    rules.check_post_offer(actor)
    offer = services.offer_create(actor=actor, data=_service_data(actor, body))
    response["Location"] = reverse("api-v1:offer", kwargs={"offer_id": offer.pk})
    return Status(201, _written(response, actor, offer.pk))


@router.put("/job-offers/{offer_id}", response={200: OfferOut, **UPDATE_PROBLEMS}, summary="Update a job offer")
def offer_update(request: HttpRequest, response: HttpResponse, offer_id: int, body: OfferIn) -> JobOffer:
    """Replace the offer's fields, as its edit page does; `If-Match` must carry the ETag read (412 when stale)."""
    actor = require_scope(request, "jobs:write")
    offer = selectors.offer_for(actor, offer_id)
    if offer is None:
        raise Http404
    rules.check_manage_offer(actor, offer)
    check_if_match(request, OfferOut.from_orm(offer))
    services.offer_update(actor=actor, offer=offer, data=_service_data(actor, body, keep=offer.institution_id))
    return _written(response, actor, offer.pk)
