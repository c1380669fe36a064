"""Cards of content lists (`praxis.core.cards`): a card per piece, `updated_at` and language.

A list reads only its rows' keys through the actor's `*_visible_to` selector; who sees which card is decided by that
query, never by the cache. An author's new name, a renamed theme or a new poster show within `cards.SECONDS`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.safestring import SafeString

from praxis.core.cards import render_cards


def content_cards(rows: Sequence[Any]) -> list[SafeString]:
    """The cards (`content/_card.html`) of listed pieces (`selectors.Row` or `Content`: `pk`, `updated_at`)."""
    from . import selectors

    return render_cards("content", [(row.pk, row.updated_at) for row in rows], template="content/_card.html",
                        load=selectors.cards_of)
