"""The two loops of the results page — the facets and the hits — written in Python.

Through the Django template engine they were most of the page's template time (a results page shows up to 60 facet
links, each built by copying the query string, and 20 hits with two date filters and two `lang` attributes each): the
same HTML, byte for byte, costs a fraction of it here. Every piece of text goes through `html.escape` (what `{{ }}`
runs for a plain string: an apostrophe is `&#x27;`) or is already safe (the highlighted title and snippet, escaped by
`text.highlight`). Dates are formatted as the `date` filter does (local time, the format string as given).
`search/results.html` keeps the rest of the page.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from html import escape  # django.utils.html.escape's own function, without its lazy-string wrapper
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.http import QueryDict
from django.utils import dateformat
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localtime
from django.utils.translation import gettext

from praxis.core.cards import kept_html
from praxis.core.templatetags.praxis import lang_attr

from .templatetags.search_tags import query_without
from .text import HIGHLIGHTED

if TYPE_CHECKING:
    from .selectors import FacetValue, Hit


class QueryLinks:
    """`?…` links that set one parameter of the current query string (and go back to the first page), built from the
    parameters encoded once: what `{% query_with request.GET name value %}` gives, without copying the query per
    link."""

    def __init__(self, params: QueryDict) -> None:
        self.params = params
        self.parts = [(key, [urlencode({key: value}) for value in values]) for key, values in params.lists()]

    def with_value(self, name: str, value: object) -> str:
        own = urlencode({name: str(value)})
        encoded: list[str] = []
        replaced = False
        for key, values in self.parts:
            if key == name:
                encoded.append(own)
                replaced = True
            elif key != "page" or name == "page":
                encoded.extend(values)
        if not replaced:
            encoded.append(own)
        return "&".join(encoded)


def facets_html(facets: Mapping[str, list[FacetValue]], titles: Mapping[str, str], filters: Mapping[str, str],
                params: QueryDict) -> SafeString:
    """The facets' HTML, kept (`praxis.core.cards.kept_html`) under everything it is written from: the values with
    their labels, counts and selection, the titles, the filters and the query string (in its order: the links)."""
    shown = ([(name, [(facet.value, facet.label, facet.count, facet.selected) for facet in values])
              for name, values in facets.items()], list(titles.items()), sorted(filters.items()), list(params.lists()))
    return kept_html("search-facets", shown, functools.partial(_facets_html, facets, titles, filters, params))


def _facets_html(facets: Mapping[str, list[FacetValue]], titles: Mapping[str, str], filters: Mapping[str, str],
                 params: QueryDict) -> SafeString:
    links = QueryLinks(params)
    out: list[str] = []
    for name, values in facets.items():
        out.append(f'\n        <details class="facet"{" open" if name in filters else ""}>\n          '
                   f'<summary>{escape(titles.get(name, name))}</summary>\n          <ul role="list">\n            ')
        for facet in values:
            label, count = escape(facet.label), facet.count  # counts ≤ 1 000, no thousands separator (as {{ }})
            if facet.selected:
                href = escape(query_without(params, name, "page"))
                link = (f'<a aria-current="true" href="?{href}">✓ {label} <span class="count">({count})</span></a>\n'
                        "                  ")
            else:
                href = escape(links.with_value(name, facet.value))
                link = f'<a href="?{href}">{label} <span class="count">({count})</span></a>'
            out.append(f"\n              <li>{link}</li>\n            ")
        out.append("\n          </ul>\n        </details>\n      ")
    return mark_safe("".join(out))  # noqa: S308 - every value above went through html.escape()


def hits_html(hits: list[Hit]) -> SafeString:
    """The hits' HTML, each hit kept (`praxis.core.cards.kept_html`) under everything it shows: its entry's title and
    text as highlighted (the first 4 000 characters, all `text.highlight` reads), the words, kind, review, date, link
    and languages (the page's language and time zone are in the key). A word searched again shows the same entries
    to everyone who may see them: their snippets are not highlighted again, and a changed entry is another key."""
    return mark_safe("".join(  # noqa: S308 - kept_html's pieces are escaped or already safe (_hit_html)
        kept_html("search-hit", (hit.kind_label, hit.entry.is_reviewed, hit.entry.date, hit.entry.url,
                                 hit.entry.language, hit.entry.title, (hit.entry.body or "")[:HIGHLIGHTED], hit.tokens),
                  functools.partial(_hit_html, hit))
        for hit in hits))


def _hit_html(hit: Hit) -> str:
    label = gettext("Reviewed")  # outside the f-string, where makemessages finds it
    entry: Any = hit.entry
    lang = lang_attr(entry.language)
    when = ""
    if entry.date:
        local = localtime(entry.date)  # what templates do with an aware datetime
        when = (f' <time datetime="{escape(dateformat.format(local, "c"))}">'
                f'{escape(dateformat.format(local, "j M Y"))}</time>')
    reviewed = f' <span class="badge reviewed">{escape(label)}</span>' if entry.is_reviewed else ""
    snippet = f'<p class="snippet"{lang}>{hit.snippet}</p>' if hit.snippet else ""
    return (
        f'\n        <li class="card hit">\n          <p class="hit-meta">'
        f'<span class="badge">{escape(hit.kind_label)}</span>{reviewed}{when}</p>\n'
        f'          <h2{lang}><a href="{escape(entry.url or "#")}">{hit.title_html}</a></h2>\n'
        f"          {snippet}\n        </li>\n      "
    )
