"""Factories of the content pages' tests (plain typed functions)."""

from __future__ import annotations

import itertools
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from praxis.accounts.models import User
from praxis.content.markup import render_article
from praxis.content.models import Content, Theme
from praxis.testing.files import pdf_bytes

_sequence = itertools.count(1)
PDF_BYTES = pdf_bytes()


def make_content(
    author: User, *, kind: str = Content.Kind.ARTICLE, status: str = Content.Status.PUBLISHED,
    visibility: str = Content.Visibility.PUBLIC, themes: list[Theme] | None = None, **fields: Any,
) -> Content:
    n = next(_sequence)
    title = fields.pop("title", f"Pièce de test {n}")
    body = fields.pop("body", "## Étapes\n\n- désinfecter\n- piquer" if kind == Content.Kind.ARTICLE else "")
    published = status == Content.Status.PUBLISHED
    content = Content(
        kind=kind, title=title, slug=f"piece-de-test-{n}", summary=fields.pop("summary", "Un résumé."),
        body=body, body_html=render_article(body) if body else "", author=author, status=status,
        visibility=visibility, coi_none=fields.pop("coi_none", True),
        published_at=fields.pop("published_at", timezone.now() if published else None), **fields,
    )
    if kind == Content.Kind.DOCUMENT and not content.document:
        content.document.save(f"doc-{n}.pdf", ContentFile(PDF_BYTES), save=False)
        content.document_mime = "application/pdf"
        content.document_size = len(PDF_BYTES)
    content.save()
    content.themes.set(themes if themes is not None else [any_theme()])
    return content


def any_theme() -> Theme:
    """A seeded theme; after a transactional test's flush (PostgreSQL) the seeded rows may be gone: make one."""
    theme = Theme.objects.order_by("pk").first()
    if theme is None:
        theme = Theme.objects.create(name="Médecine générale", slug="medecine-generale")
    return theme


def pdf_upload(name: str = "protocole.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def form_data(**overrides: Any) -> dict[str, Any]:
    """A valid create/edit form submission."""
    theme = any_theme()
    data: dict[str, Any] = {
        "title": "Infiltration du genou : voie latérale",
        "summary": "Repères, asepsie et geste pas à pas.",
        "body": "## Matériel\n\n- aiguille 21G\n- seringue 5 ml",
        "themes": [theme.pk] if theme else [],
        "target_professions": ["gp"],
        "language": "fr",
        "countries": ["BE"],
        "references": "10.1016/j.jbspin.2020.01.001\nhttps://www.has-sante.fr/recommandation",
        "licence": Content.Licence.CC_BY_NC_ND,
        "coi_none": "on",
        "coi_statement": "",
        "visibility": Content.Visibility.PUBLIC,
    }
    data.update(overrides)
    return {name: value for name, value in data.items() if value is not None}
