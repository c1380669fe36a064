"""Factories for the search and notification tests: published content, institutions, indexed at once."""

from __future__ import annotations

import itertools
from datetime import timedelta
from typing import Any

from django.utils import timezone

from praxis.accounts.models import User
from praxis.content.models import Content, Theme
from praxis.testing import make_member

_n = itertools.count(1)


def make_theme(name: str = "Rhumatologie", slug: str | None = None) -> Theme:
    theme, _created = Theme.objects.get_or_create(slug=slug or f"theme-{next(_n)}", defaults={"name": name})
    return theme


def make_content(
    title: str = "Infiltration du genou",
    *,
    author: User | None = None,
    summary: str = "Un geste expliqué pas à pas.",
    body: str = "",
    language: str = "fr",
    visibility: str = Content.Visibility.PUBLIC,
    status: str = Content.Status.PUBLISHED,
    reviewed: bool = False,
    days_ago: float = 1,
    themes: list[Theme] | None = None,
    index: bool = True,
    **fields: Any,
) -> Content:
    published = timezone.now() - timedelta(days=days_ago)
    content = Content.objects.create(
        kind=fields.pop("kind", Content.Kind.CAPSULE), title=title, slug=f"contenu-{next(_n)}", summary=summary,
        body=body, author=author or make_member(), language=language, visibility=visibility, status=status,
        coi_none=True, published_at=published if status == Content.Status.PUBLISHED else None,
        reviewed_at=published if reviewed else None, **fields,
    )
    if themes:
        content.themes.set(themes)
    if index:
        from praxis.search.services import index_object

        index_object(kind="content", object_id=content.pk)
    return content
