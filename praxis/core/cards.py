"""Cards of lists, rendered once per object, `updated_at` and language and kept in the per-process "fragments" cache
(`config/settings.py`).

A list reads only its rows' keys (`values_list`: id, `updated_at`, and what it needs around the card) through the
actor's `*_visible_to` selector, takes the cards it finds in the cache, and loads whole objects only for the others.
A card shows nothing that differs per viewer (no bookmark, no permission, no form): who may see which card is decided
by the keys' query, never by the cache. An edit changes `updated_at`, so the next list shows it at once; what a card
shows of related objects (an author's new name, a renamed theme) shows within `SECONDS`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any

from django.core.cache import caches
from django.template.loader import get_template
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

SECONDS = 600


def _key(name: str, pk: int, updated_at: datetime | None, language: str, variant: tuple[Any, ...] = ()) -> str:
    stamp = updated_at.timestamp() if updated_at else 0
    key = f"card:{name}:{pk}:{stamp}:{language}"
    return f"{key}:{':'.join(map(str, variant))}" if variant else key


def cards_by_pk(
    name: str, rows: Sequence[tuple[Any, ...]], *, template: str,
    load: Callable[[list[int]], Iterable[Any]], context: str = "content",
    vary: Callable[[Any], tuple[Any, ...]] | None = None,
) -> dict[int, SafeString]:
    """The card of each of `rows` (id, `updated_at`) by id: cached ones as they are, the others rendered from the
    objects `load(ids)` returns (each under `context` in `template`) and cached. A row gone between the two reads
    (deleted) has no card. A card that shows more than its object's own fields (seats taken, a distance) has rows
    (id, `updated_at`, *those values*), and `vary(obj)` gives the same values of a loaded object: they are part of its
    key, so a card is never kept under values other than those it shows."""
    if not rows:
        return {}
    cache = caches["fragments"]
    language = get_language() or ""
    keys = [_key(name, row[0], row[1], language, tuple(row[2:])) for row in rows]
    found = cache.get_many(keys)
    cards = {row[0]: mark_safe(found[key]) for row, key in zip(rows, keys, strict=True)  # noqa: S308
             if key in found}  # rendered by our own templates
    missing = [row[0] for row in rows if row[0] not in cards]
    if missing:
        page = get_template(template)
        fresh: dict[str, str] = {}
        for obj in load(missing):
            variant = vary(obj) if vary else ()
            card = fresh[_key(name, obj.pk, obj.updated_at, language, variant)] = page.render({context: obj})
            cards[obj.pk] = mark_safe(card)  # noqa: S308 - rendered by our own templates
        cache.set_many(fresh, SECONDS)
    return cards


def render_cards(
    name: str, rows: Sequence[tuple[Any, ...]], *, template: str,
    load: Callable[[list[int]], Iterable[Any]], context: str = "content",
    vary: Callable[[Any], tuple[Any, ...]] | None = None,
) -> list[SafeString]:
    """The cards of `rows` in order (`cards_by_pk`); a row deleted meanwhile is left out of this page only."""
    cards = cards_by_pk(name, rows, template=template, load=load, context=context, vary=vary)
    return [cards[row[0]] for row in rows if row[0] in cards]


def kept_html(name: str, shown: object, render: Callable[[], str]) -> SafeString:
    """HTML that is a function of `shown` alone (what it shows, as plain values with a faithful `repr`), rendered once
    per distinct `shown`, language and time zone and kept in the per-process "fragments" cache. The key is what is
    shown, not an id: a change of any shown value is another key, so nothing needs invalidating. `render()` must read
    nothing else (no request, no user, no CSRF token: those stay outside)."""
    raw = repr((shown, get_language(), timezone.get_current_timezone_name()))
    key = f"html:{name}:" + hashlib.sha256(raw.encode()).hexdigest()
    cache = caches["fragments"]
    html = cache.get(key)
    if html is None:
        html = render()
        cache.set(key, html, SECONDS)
    return mark_safe(html)  # noqa: S308 - rendered by our own templates
