"""Content in the search index (owned by the search app; see praxis/search/registry.py)."""

from django.urls import NoReverseMatch, reverse

from praxis.core.compiled import ShapedQuery
from praxis.search.labels import KIND_LABELS
from praxis.search.registry import (
    Document,
    Registration,
    Vocabulary,
    register,
    register_vocabulary,
    standing_ids,
)

from .models import Content, Theme
from .rules import audience_key, contents_visible_to

# What of a document's text and of a capsule's captions the index holds (the snippet shows the beginning anyway).
INDEXED_TEXT_CHARS = 100_000


def _full_text(content: Content) -> str:
    """The piece's own words: summary, article text, the extracted text of its document (a document whose text
    could not be extracted is found by its title and summary) and the transcripts of its captions."""
    parts = [content.summary, content.body, content.document_text[:INDEXED_TEXT_CHARS]]
    parts += [track.transcript[:INDEXED_TEXT_CHARS] for track in content.caption_tracks.all()]
    return "\n".join(part for part in parts if part)


def _document(content: Content) -> Document | None:
    if content.status != Content.Status.PUBLISHED or content.revision_of_id is not None:
        return None
    try:
        url = reverse("content:detail", kwargs={"pk": content.pk, "slug": content.slug or "contenu"})
    except NoReverseMatch:
        url = ""
    return Document(
        title=content.title,
        body=_full_text(content),
        language=content.language,
        url=url,
        date=content.published_at or content.created_at,
        themes=[theme.slug for theme in content.themes.all()],
        professions=list(content.target_professions or []),
        country=(content.countries or [""])[0] if len(content.countries or []) == 1 else "",
        is_reviewed=content.reviewed_at is not None,
        popularity=content.view_count,
        audience=audience_key(content),
    )


register(Registration(
    kind="content",
    label=KIND_LABELS["content"],
    model=Content,
    visible_to=contents_visible_to,
    visible_ids=standing_ids(contents_visible_to),
    document=_document,
    queryset=lambda: Content.objects.prefetch_related("themes", "caption_tracks"),
))


# Every theme (a few dozen), compiled once per process: building the `slug IN (...)` query was ~0.35 ms of each results
# page's facets. Read on every call, so a renamed theme shows at once.
_every_theme = ShapedQuery(lambda: Theme.objects.only("slug", "name", "name_nl", "name_en").order_by())


def _theme_labels(slugs: list[str]) -> dict[str, str]:
    wanted = set(slugs)
    return {theme.slug: theme.label for theme in _every_theme.objects() if theme.slug in wanted}


def _theme_names() -> list[tuple[str, str]]:
    """Each active theme's name in the interface's language, and in French when that differs (both are typed)."""
    names = []
    for theme in Theme.objects.filter(is_active=True):
        names.append((theme.label, theme.slug))
        if theme.label != theme.name:
            names.append((theme.name, theme.slug))
    return names


register_vocabulary("theme", Vocabulary(labels=_theme_labels, names=_theme_names))
