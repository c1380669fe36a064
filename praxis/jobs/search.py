"""Job offers in the search index (owned by the search app; see praxis/search/registry.py)."""

from django.urls import NoReverseMatch, reverse

from praxis.search.labels import KIND_LABELS
from praxis.search.registry import Document, Registration, register

from .models import JobOffer
from .rules import offers_visible_to


def _document(offer: JobOffer) -> Document | None:
    if offer.status == JobOffer.Status.WITHDRAWN:
        return None
    try:
        url = reverse("jobs:detail", kwargs={"offer_id": offer.pk})
    except NoReverseMatch:
        url = ""
    return Document(
        title=offer.title,
        body=f"{offer.institution.name}. {offer.get_contract_display()}. {offer.city}. {offer.description}",
        language="fr",
        url=url,
        date=offer.published_at,
        professions=list(offer.professions or []),
        country=offer.country,
    )


register(Registration(
    kind="job",
    label=KIND_LABELS["job"],
    model=JobOffer,
    visible_to=offers_visible_to,
    document=_document,
    queryset=lambda: JobOffer.objects.select_related("institution"),
    facets=("profession", "country", "date"),
))
