"""Contents and themes in the public API: the published pieces the caller may find, through the list page's selector
(`selectors.contents_for_list`, over `rules.contents_visible_to`), and one piece through the content page's own
lookup (`selectors.visible_content_or_404`).

A list is read as plain rows (`values()`, the themes' slugs in one more query) and each row built as a dict that
`ContentOut` validates as it stands: no model instance, no resolver per field (issue 22: the ORM's instances and
ninja's resolvers were most of a call's CPU). `ContentOut` is a plain pydantic model for that reason (a ninja
`Schema` runs a Python wrapper around every row); its OpenAPI schema is the same."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext
from ninja import Router, Schema
from pydantic import BaseModel

from praxis.accounts.models import FORMER_MEMBER_EMAIL
from praxis.core.rest import DEFAULT_LIMIT, PROBLEMS, Limit, paginate, require_scope

from . import selectors
from .models import Content, Theme

router = Router(tags=["contents"])
LIST_VALUES = ("pk", "kind", "title", "slug", "summary", "language", "visibility", "target_professions",
               "published_at", "author__first_name", "author__last_name", "author__email")


class ThemeOut(Schema):
    id: int
    slug: str
    name: str
    kind: str

    @staticmethod
    def resolve_name(theme: Theme) -> str:
        return theme.label


class ContentOut(BaseModel):
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


def author_name(first_name: str, last_name: str, email: str) -> str:
    """`str(user)` (`User.__str__`) from the three columns read: the full name, else the address; the placeholder of
    deleted members says so."""
    if email == FORMER_MEMBER_EMAIL:
        return gettext("Former member")
    return f"{first_name} {last_name}".strip() or email


class ContentUrls:
    """`selectors.content_url` for many rows: the address reversed once (in the request's language), then filled in."""

    _PK, _SLUG = 987654321987, "slug-marker"

    def __init__(self) -> None:
        probe = reverse("content:detail", kwargs={"pk": self._PK, "slug": self._SLUG})
        self.head, rest = probe.split(str(self._PK), 1)
        self.middle, self.tail = rest.split(self._SLUG, 1)

    def __call__(self, pk: int, slug: str) -> str:
        return f"{self.head}{pk}{self.middle}{slug or 'contenu'}{self.tail}"


def _row(row: dict[str, Any], themes: list[str], urls: ContentUrls) -> dict[str, Any]:
    return {
        "id": row["pk"], "kind": row["kind"], "title": row["title"], "summary": row["summary"],
        "language": row["language"], "visibility": row["visibility"],
        "author": author_name(row["author__first_name"], row["author__last_name"], row["author__email"]),
        "themes": themes, "target_professions": row["target_professions"], "published_at": row["published_at"],
        "url": urls(row["pk"], row["slug"]),
    }


def content_out(content: Content) -> dict[str, Any]:
    """One piece as the list shows it, from its instance (the detail)."""
    return {
        "id": content.pk, "kind": content.kind, "title": content.title, "summary": content.summary,
        "language": content.language, "visibility": content.visibility, "author": str(content.author),
        "themes": [theme.slug for theme in content.themes.all()], "target_professions": content.target_professions,
        "published_at": content.published_at, "url": selectors.content_url(content),
    }


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
) -> list[dict[str, Any]]:
    """Published contents the caller may find, newest first (the contents page's list)."""
    actor = require_scope(request, "content:read")
    queryset = selectors.contents_for_list(actor, kind=kind or "", theme=theme, profession=profession,
                                           language=language)
    # The list page's rows, with only the columns this representation shows (not the card's video and whole author).
    rows = paginate(request, response, queryset.select_related(None).prefetch_related(None).values(*LIST_VALUES),
                    key="published_at", descending=True, limit=limit, cursor=cursor)
    themes = selectors.theme_slugs_of([row["pk"] for row in rows])
    urls = ContentUrls()
    return [_row(row, themes.get(row["pk"], []), urls) for row in rows]


@router.get("/contents/{content_id}", response={200: ContentOut, **PROBLEMS}, summary="One content")
def content(request: HttpRequest, content_id: int) -> dict[str, Any]:
    """One piece the caller may see (its page's rule: for public content, the teaser's fields)."""
    actor = require_scope(request, "content:read")
    return content_out(selectors.visible_content_or_404(actor, content_id, page=True))
