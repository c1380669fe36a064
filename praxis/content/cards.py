"""Cards of content lists, rendered once per piece, `updated_at` and language and kept in the per-process "fragments"
cache (`config/settings.py`).

A list reads only its rows' keys (`values_list`: id, `updated_at`, the cursor's columns) through the actor's
`*_visible_to` selector, takes the cards it finds in the cache, and loads whole pieces (author, themes, poster) only
for the others. A card shows nothing that differs per viewer (no bookmark, no permission): who may see which card
is decided by the keys' query, never by the cache. An edit changes `updated_at`, so the next list shows it at once;
an author's new name, a renamed theme or a new poster show within `SECONDS`, as the template fragments did.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any

from django.core.cache import caches
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

SECONDS = 600


def _key(name: str, pk: int, updated_at: datetime | None, language: str) -> str:
    stamp = updated_at.timestamp() if updated_at else 0
    return f"card:{name}:{pk}:{stamp}:{language}"


def render_cards(
    name: str, rows: Sequence[tuple[int, datetime | None]], *, template: str,
    load: Callable[[list[int]], Iterable[Any]], context: str = "content",
) -> list[SafeString]:
    """The cards of `rows` (id, `updated_at`), in order: cached ones as they are, the others rendered from the
    objects `load(ids)` returns (each under `context` in `template`) and cached."""
    if not rows:
        return []
    cache = caches["fragments"]
    language = get_language() or ""
    keys = [_key(name, pk, updated_at, language) for pk, updated_at in rows]
    found = cache.get_many(keys)
    missing = [pk for (pk, _updated), key in zip(rows, keys, strict=True) if key not in found]
    by_pk: dict[int, str] = {}
    if missing:
        page = get_template(template)
        fresh: dict[str, str] = {}
        for obj in load(missing):
            by_pk[obj.pk] = fresh[_key(name, obj.pk, obj.updated_at, language)] = page.render({context: obj})
        cache.set_many(fresh, SECONDS)
    # A row gone between the two reads (deleted) has no card: it is left out of this page only.
    cards = (found.get(key) or by_pk.get(pk) for (pk, _updated), key in zip(rows, keys, strict=True))
    return [mark_safe(card) for card in cards if card]  # noqa: S308 - rendered by our own templates


def content_cards(rows: Sequence[Any]) -> list[SafeString]:
    """The cards (`content/_card.html`) of listed pieces (`selectors.Row` or `Content`: `pk`, `updated_at`)."""
    from . import selectors

    return render_cards("content", [(row.pk, row.updated_at) for row in rows], template="content/_card.html",
                        load=selectors.cards_of)
