"""Toolboxes in the search index (see praxis/search/registry.py). A published public toolbox is "public"; a
members-only one leaves the audience empty, so search asks `toolboxes_visible_to` (no key means "any signed-in
member"); drafts are not indexed."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from praxis.search.registry import Document, Registration, register

from .models import Toolbox
from .rules import toolboxes_visible_to


def _document(toolbox: Toolbox) -> Document | None:
    if not toolbox.is_published:
        return None
    sections = list(toolbox.sections.all())
    items = [item.label for item in toolbox.items.select_related("content", "course", "event", "institution")]
    body = " ".join([toolbox.introduction, *(f"{s.title}. {s.introduction}" for s in sections), *items])
    return Document(
        title=toolbox.title,
        body=body,
        language="fr",
        url=reverse("prevention:toolbox", args=[toolbox.slug]),
        date=toolbox.published_at or toolbox.updated_at,
        country=toolbox.institution.country if toolbox.institution_id else "",
        is_reviewed=False,
        audience="public" if toolbox.visibility == Toolbox.Visibility.PUBLIC else "",
    )


register(Registration(
    kind="toolbox",
    label=_("Toolbox"),
    model=Toolbox,
    visible_to=toolboxes_visible_to,
    document=_document,
    queryset=lambda: Toolbox.objects.select_related("institution"),
))
