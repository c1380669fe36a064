"""Communities' presentations in the search index (see praxis/search/registry.py): name, function, purpose and
description — never their private life (cases, meetings, discussions). A listed community is found by everyone, an
unlisted one by its members only (`community_audience_key`, checked again through `communities_visible_to`)."""

from django.urls import reverse

from praxis.search.labels import KIND_LABELS
from praxis.search.registry import Document, Registration, register

from .models import Community
from .rules import communities_visible_to, community_audience_key


def _document(community: Community) -> Document | None:
    languages = list(community.languages or [])
    return Document(
        title=community.name,
        body="\n".join(part for part in [community.function, community.purpose, community.description] if part),
        language=languages[0] if len(languages) == 1 else "fr",
        url=reverse("communities:home", kwargs={"slug": community.slug}),
        date=community.created_at,
        themes=[theme.slug for theme in community.themes.all()],
        audience=community_audience_key(community),
    )


register(Registration(
    kind="community",
    label=KIND_LABELS["community"],
    model=Community,
    visible_to=communities_visible_to,
    document=_document,
    queryset=lambda: Community.objects.prefetch_related("themes"),
    facets=("theme", "language", "date"),
))
