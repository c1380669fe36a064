"""Institutions in the search index (owned by the search app; see praxis/search/registry.py)."""

from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse

from praxis.core.actor import Actor
from praxis.search.labels import KIND_LABELS
from praxis.search.registry import Document, Registration, register

from .models import Institution
from .rules import institutions_visible_to


def institutions_visible(actor: Actor) -> QuerySet[Institution]:
    """The institutions the directory shows the actor (the public directory: verified ones)."""
    return institutions_visible_to(actor)


def _document(institution: Institution) -> Document | None:
    if not institution.is_verified or institution.closed_at is not None:
        return None
    try:
        url = reverse("institutions:detail", kwargs={"slug": institution.slug})
    except NoReverseMatch:
        url = ""
    services = ", ".join(service.name for service in institution.services.all())
    return Document(
        title=institution.name,
        body=f"{institution.get_kind_display()}. {services}. {institution.city}. {institution.description}",
        language="fr",
        url=url,
        date=institution.created_at,
        country=institution.country,
        audience="public",  # only verified, open institutions are indexed, and the directory is public
    )


register(Registration(
    kind="institution",
    label=KIND_LABELS["institution"],
    model=Institution,
    visible_to=institutions_visible,
    document=_document,
    queryset=lambda: Institution.objects.prefetch_related("services"),
    facets=("country", "date"),
))
