"""The directory in the public API: institutions through the directory page's selector (`selectors.directory_search`,
over `rules.institutions_visible_to`), one institution through the institution page's lookup, and the services."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Router, Schema

from praxis.core.rest import DEFAULT_LIMIT, Limit, paginate, require_scope

from . import selectors
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


@router.get("/services", response=list[ServiceOut], summary="Services of the directory")
def services(request: HttpRequest, response: HttpResponse, limit: Limit = DEFAULT_LIMIT,
             cursor: str = "") -> list[Service]:
    require_scope(request, "directory:read")
    return paginate(request, response, selectors.services(), key="slug", limit=limit, cursor=cursor)


@router.get("/institutions", response=list[InstitutionOut], summary="Institutions of the directory")
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


@router.get("/institutions/{slug}", response=InstitutionOut, summary="One institution")
def institution(request: HttpRequest, slug: str) -> Institution:
    actor = require_scope(request, "directory:read")
    found = selectors.institution_for(actor, slug)
    if found is None:
        raise Http404
    return found
