"""Contents and themes in the public API: the published pieces the caller may find, through the list page's selector
(`selectors.contents_for_list`, over `rules.contents_visible_to`), and one piece through the content page's own
lookup (`selectors.visible_content_or_404`)."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema

from praxis.core.rest import DEFAULT_LIMIT, PROBLEMS, Limit, paginate, require_scope

from . import selectors
from .models import Content, Theme

router = Router(tags=["contents"])
LIST_FIELDS = ("id", "kind", "title", "slug", "summary", "language", "visibility", "target_professions",
               "published_at", "author__first_name", "author__last_name", "author__email")


class ThemeOut(Schema):
    id: int
    slug: str
    name: str
    kind: str

    @staticmethod
    def resolve_name(theme: Theme) -> str:
        return theme.label


class ContentOut(Schema):
    id: int
    kind: str
    title: str
    summary: str
    language: str
    visibility: str
    author: str
    themes: list[str]
    target_professions: list[str]
    published_at: datetime | None
    url: str

    @staticmethod
    def resolve_author(content: Content) -> str:
        return str(content.author)

    @staticmethod
    def resolve_themes(content: Content) -> list[str]:
        return [theme.slug for theme in content.themes.all()]

    @staticmethod
    def resolve_url(content: Content) -> str:
        return selectors.content_url(content)


@router.get("/themes", response={200: list[ThemeOut], **PROBLEMS}, summary="Themes")
def themes(request: HttpRequest, response: HttpResponse, limit: Limit = DEFAULT_LIMIT,
           cursor: str = "") -> list[Theme]:
    """The active themes, by slug."""
    require_scope(request, "content:read")
    return paginate(request, response, selectors.active_themes(), key="slug", limit=limit, cursor=cursor)


@router.get("/contents", response={200: list[ContentOut], **PROBLEMS}, summary="Published contents")
def contents(
    request: HttpRequest, response: HttpResponse, kind: Content.Kind | None = None, theme: str = "",
    profession: str = "", language: str = "", limit: Limit = DEFAULT_LIMIT,
    cursor: str = "",
) -> list[Content]:
    """Published contents the caller may find, newest first (the contents page's list)."""
    actor = require_scope(request, "content:read")
    queryset = selectors.contents_for_list(actor, kind=kind or "", theme=theme, profession=profession,
                                           language=language)
    # The list page's rows, with only the columns this representation shows (not the card's video and whole author).
    queryset = queryset.select_related(None).select_related("author").only(*LIST_FIELDS)
    return paginate(request, response, queryset, key="published_at", descending=True, limit=limit, cursor=cursor)


@router.get("/contents/{content_id}", response={200: ContentOut, **PROBLEMS}, summary="One content")
def content(request: HttpRequest, content_id: int) -> Content:
    """One piece the caller may see (its page's rule: for public content, the teaser's fields)."""
    actor = require_scope(request, "content:read")
    return selectors.visible_content_or_404(actor, content_id, page=True)
