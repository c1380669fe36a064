"""The directory in the public API: institutions through the directory page's selector (`selectors.directory_search`,
over `rules.institutions_visible_to`), one institution through the institution page's lookup, and the services."""

from __future__ import annotations

from typing import Annotated

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Router, Schema
from pydantic import Field

from praxis.core.rest import DEFAULT_LIMIT, PROBLEMS, ApiProblem, Limit, invalid_field, paginate, require_scope

from . import geo, selectors
from .models import Institution, Service

router = Router(tags=["directory"])


class ServiceOut(Schema):
    id: int
    slug: str
    name: str

    @staticmethod
    def resolve_name(service: Service) -> str:
        return service.label


class InstitutionOut(Schema):
    id: int
    slug: str
    name: str
    kind: str
    description: str
    services: list[str]
    publics: list[str]
    languages: list[str]
    address: str
    postal_code: str
    city: str
    country: str
    phone: str
    email: str
    website: str
    latitude: float | None
    longitude: float | None
    url: str

    @staticmethod
    def resolve_services(institution: Institution) -> list[str]:
        return [service.slug for service in institution.services.all()]

    @staticmethod
    def resolve_url(institution: Institution) -> str:
        return reverse("institutions:detail", kwargs={"slug": institution.slug})


@router.get("/services", response={200: list[ServiceOut], **PROBLEMS}, summary="Services of the directory")
def services(request: HttpRequest, response: HttpResponse, limit: Limit = DEFAULT_LIMIT,
             cursor: str = "") -> list[Service]:
    require_scope(request, "directory:read")
    return paginate(request, response, selectors.services(), key="slug", limit=limit, cursor=cursor)


@router.get("/institutions", response={200: list[InstitutionOut], **PROBLEMS}, summary="Institutions of the directory")
def institutions(
    request: HttpRequest, response: HttpResponse, q: str = "", service: str = "",
    kind: Institution.Kind | None = None, public: str = "", language: str = "", country: str = "",
    limit: Limit = DEFAULT_LIMIT, cursor: str = "",
) -> list[Institution]:
    """Verified institutions matching every filter, by name (the directory page's search; `service` is a slug)."""
    actor = require_scope(request, "directory:read")
    chosen = selectors.services().filter(slug=service).first() if service else None
    if service and chosen is None:
        return []
    rows = selectors.directory_search(actor, text=q, service=chosen, kind=kind or "", public=public,
                                      language=language, country=country)
    return paginate(request, response, rows, key="name", limit=limit, cursor=cursor)


@router.get("/institutions/{slug}", response={200: InstitutionOut, **PROBLEMS}, summary="One institution")
def institution(request: HttpRequest, slug: str) -> Institution:
    actor = require_scope(request, "directory:read")
    found = selectors.institution_for(actor, slug)
    if found is None:
        raise Http404
    return found


class NearInstitutionOut(InstitutionOut):
    distance_km: float


Latitude = Annotated[float, Field(ge=-90, le=90)]
Longitude = Annotated[float, Field(ge=-180, le=180)]
Radius = Annotated[int, Field(ge=1, le=100, description="Kilometres (1 to 100).")]


@router.get("/directory/near", response={200: list[NearInstitutionOut], **PROBLEMS},
            summary="Institutions near a place")
def near(
    request: HttpRequest, response: HttpResponse, place: Annotated[str, Field(max_length=100)] = "",
    lat: Latitude | None = None, lon: Longitude | None = None, radius: Radius = 25,
    q: str = "", service: str = "", kind: Institution.Kind | None = None, public: str = "", language: str = "",
    country: str = "", limit: Limit = DEFAULT_LIMIT, cursor: str = "",
) -> list[Institution]:
    """The directory's "near me": verified institutions within `radius` km of a postal code or city (`place`, e.g.
    `4430` or `4430 Ans`; `country` narrows it) or of a point (`lat` and `lon`), nearest first, with the same
    filters as `/institutions`. The place found is said in the `X-Praxis-Place` header."""
    actor = require_scope(request, "directory:read")
    if (lat is None) != (lon is None):
        raise invalid_field("query.lon" if lon is None else "query.lat")
    if lat is not None and lon is not None:
        found = geo.Place("", "", "", lat, lon)
    else:
        if not place.strip():
            raise invalid_field("query.place")
        lookup = geo.resolve_place(place, country=country.upper())
        if lookup.place is None:
            raise ApiProblem(422, _("Invalid input"), lookup.error, kind="invalid-input",
                             errors=[{"location": "query.place", "message": lookup.error, "code": "unknown_place"}])
        found = lookup.place
        response["X-Praxis-Place"] = f"{found.country} {found.postal_code}"
    chosen = selectors.services().filter(slug=service).first() if service else None
    if service and chosen is None:
        return []
    rows = selectors.directory_search(actor, text=q, service=chosen, kind=kind or "", public=public,
                                      language=language, country=country, near=selectors.Near(found, radius))
    return paginate(request, response, rows, key="distance_km", limit=limit, cursor=cursor)
