"""Reads of the jobs app: search with filters, an institution's offers, saved searches."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from django.db.models import Q, QuerySet

from praxis.core.actor import Actor
from praxis.institutions import geo
from praxis.institutions.models import Institution

from . import rules
from .models import JobMessage, JobOffer, SavedSearch


@dataclass
class OfferFilters:
    profession: str = ""
    region: str = ""
    contract: str = ""
    near: str = ""
    country: str = ""
    radius_km: int = 30
    lat: float | None = None
    lon: float | None = None

    def as_json(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v not in ("", None)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> OfferFilters:
        return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})


def filter_offers(offers: QuerySet[JobOffer], filters: OfferFilters) -> QuerySet[JobOffer]:
    if filters.profession:
        offers = offers.filter(professions__icontains=f'"{filters.profession}"')
    if filters.region:
        offers = offers.filter(region=filters.region)
    if filters.contract:
        offers = offers.filter(contract=filters.contract)
    if filters.lat is not None and filters.lon is not None:
        offers = geo.annotate_distance(offers, filters.lat, filters.lon, max_km=filters.radius_km)
    return offers


def search_offers(actor: Actor, filters: OfferFilters | None = None) -> QuerySet[JobOffer]:
    """Open offers matching the filters, newest first (nearest first with a distance)."""
    offers = filter_offers(rules.offers_visible_to(actor).filter(rules.open_offers()), filters or OfferFilters())
    order = ["distance_km", "-published_at"] if filters and filters.lat is not None else ["-published_at", "-pk"]
    return offers.select_related("institution").order_by(*order)


def offer_for(actor: Actor, offer_id: int) -> JobOffer | None:
    return rules.offers_visible_to(actor).select_related("institution").filter(pk=offer_id).first()


def offers_of_institution(actor: Actor, institution: Institution) -> QuerySet[JobOffer]:
    """The institution page's job offers (open ones; its own people also see the closed ones)."""
    return rules.offers_visible_to(actor).filter(institution=institution).select_related("institution")


def messages_for(offer: JobOffer) -> QuerySet[JobMessage]:
    return JobMessage.objects.filter(offer=offer).select_related("sender")


def saved_searches(actor: Actor) -> QuerySet[SavedSearch]:
    return rules.saved_searches_visible_to(actor)


def new_matches(saved: SavedSearch) -> QuerySet[JobOffer]:
    """Open offers published since the search was saved that it has not been alerted about yet."""
    anonymous = Actor(None)  # alerts only carry offers everyone may see
    offers = rules.offers_visible_to(anonymous).filter(published_at__gte=saved.created_at).exclude(
        pk__in=saved.deliveries.values("offer_id"))
    return filter_offers(offers, OfferFilters.from_json(saved.filters)).select_related("institution").order_by(
        "-published_at")


def poster_choices(actor: Actor, *, keep: int | None = None) -> QuerySet[Institution]:
    """The verified institutions the actor posts offers for (the form's choices), and the offer's own (`keep`)."""
    wanted = Q(pk__in=rules.poster_institution_ids(actor), is_verified=True, closed_at__isnull=True)
    return Institution.objects.filter(wanted | Q(pk=keep) if keep else wanted)
