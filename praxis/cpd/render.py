"""The activities of a year on the record page, written in Python (a ten-year record shows 50–100 a year, and the
template loop around their cached cards was a third of the page's cost).

Each card (`cpd/_entry_card.html`) is the same for its member whatever the request and is kept rendered
(`selectors.record_year`); around it, the removal form of a declared activity carries the request's CSRF token and is
written here on every request, never cached. The HTML is the one the template loop gave, byte for byte
(`tests/test_record.py` renders both); the title goes through `html.escape`, which is what `{{ }}` runs for a plain
string.
"""

from __future__ import annotations

from html import escape
from typing import Any

from django.middleware.csrf import get_token
from django.urls import get_script_prefix, reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from praxis.core.http import PraxisRequest

from .models import Entry

_SENTINEL = 987654321  # an id no entry has, replaced in the reversed URL
_URLS: dict[str, str] = {}


def _delete_url() -> str:
    """`cpd:entry_delete` with the entry's id left as `{}`: reversed once per process and script prefix."""
    prefix = get_script_prefix()
    pattern = _URLS.get(prefix)
    if pattern is None:
        pattern = _URLS[prefix] = reverse("cpd:entry_delete", args=[_SENTINEL]).replace(str(_SENTINEL), "{}")
    return pattern


def activity_items(request: PraxisRequest, entries: list[tuple[Any, SafeString]]) -> SafeString:
    """The `<li>` of each (row, card) of `selectors.record_year`."""
    csrf = f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(get_token(request))}">'
    remove = escape(gettext("Remove"))
    url = _delete_url()
    items = []
    for row, card in entries:
        form = ""
        if row.origin == Entry.Origin.DECLARED:
            form = (f'<form method="post" action="{url.format(row.pk)}" class="inline">{csrf}<button type="submit" '
                    f'class="secondary">{remove}<span class="visually-hidden"> {escape(row.title)}</span></button>'
                    "</form>")
        items.append(f'\n  <li class="card">{card}\n    {form}\n  </li>\n')
    return mark_safe("".join(items))  # noqa: S308 - cards from our templates, every text escaped
