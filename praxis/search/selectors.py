"""Reads of the search index: the results page and autocomplete.

Results are ranked on a bounded candidate set: the newest `READ_CAP` matches the actor may see (all of them for a
rarer word), read through date windows the backend sizes so that a common word costs about what a rare one does
(see `Backend.newest_reads`). Entries
that carry an audience key are filtered on the actor's keys in that same scan; the others (job offers) are checked
through their kind's selector. The candidates are ranked by text relevance (computed in the same scan on PostgreSQL),
review and recency. Facets are counted on the same candidates, i.e. only on what the actor may see. The hits shown
are checked once more through their kinds' selectors, so an index entry not yet updated after a change of audience
is never shown.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cached_property
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, connection
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from praxis.accounts.models import Country, Profession
from praxis.core.actor import Actor

from . import registry, tasks
from .backends import get_backend
from .backends.base import SHOWN, Backend, index_generation
from .models import SearchEntry
from .ranking import DATE_BUCKETS, facet_counts, ranked
from .text import LANGUAGES, highlight, prefix_tokens, query_tokens, unaccent

READ_CAP = 1000  # matches read from the index for one query, whatever the word (all of them for rarer words)
# The database's summary of a common word's search (one with READ_CAP matches or more: its page of rows, counts and
# total), kept this long in the process's memory (the `summaries` cache) for the next actor reaching the same
# audiences: "patient" costs PostgreSQL ~20 ms of CPU per search, on the cores the web workers use; a rarer word's
# read is cheap and not kept. Kept under the process's index generation (`index_changed`: what this process indexes
# shows at once); an entry indexed by another process (the task worker) shows within these seconds, after the delay
# of its indexing task. The page's rows still go through their kinds' selectors on every search (`_recheck`).
KEPT_SUMMARY_SECONDS = 5
BATCH = 1000  # index rows read per step before the visibility check (autocomplete, feeds)
MAX_BATCHES = 5
PAGE_SIZE = 20
FACETS = ("kind", "theme", "profession", "country", "language", "date")
_LIGHT = ("pk", "kind", "language", "date", "themes", "professions", "country", "is_reviewed", "popularity")


@dataclass
class Hit:
    entry: SearchEntry
    kind_label: str
    tokens: list[str]

    @cached_property
    def snippet(self) -> SafeString:
        """The body's extract around the words, highlighted (computed when read: a kept hit's HTML holds it)."""
        return highlight(self.entry.body, self.tokens, self.entry.language)

    @cached_property
    def title_html(self) -> SafeString:
        return highlight(self.entry.title, self.tokens, self.entry.language, length=300)


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Results:
    query: str
    tokens: list[str]
    filters: dict[str, str]
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    capped: bool = False
    page: int = 1
    has_next: bool = False
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)

    @property
    def only_common_words(self) -> bool:
        return bool(self.query.strip()) and not self.tokens


def _reachable(actor: Actor, queryset: QuerySet[SearchEntry]) -> QuerySet[SearchEntry]:
    """Entries whose stored audience the actor reaches, and those whose kind's selector must decide ("")."""
    return queryset.filter(Q(audience__in=actor.audience_keys) | Q(audience=""))


def _visible_keys(actor: Actor, rows: list[dict[str, Any]]) -> set[tuple[str, int]]:
    """(kind, object id) of the rows the actor may see: one primary-key lookup per kind through its selector."""
    by_kind: dict[str, list[int]] = {}
    for row in rows:
        by_kind.setdefault(row["kind"], []).append(row["object_id"])
    visible = set()
    for kind, ids in by_kind.items():
        try:
            registration = registry.get(kind)
        except KeyError:
            continue
        if registration.visible_ids is not None:
            visible |= {(kind, pk) for pk in registration.visible_ids(actor, ids)}
            continue
        candidates = get_backend().with_ids(registration.visible_to(actor), ids)
        visible |= {(kind, pk) for pk in candidates.values_list("pk", flat=True)}
    return visible


def _recheck(actor: Actor, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows (about to be shown) that their kinds' selectors confirm; an entry whose stored audience turned out
    stale is re-indexed at once."""
    visible = _visible_keys(actor, rows)
    stale = [row for row in rows if (row["kind"], row["object_id"]) not in visible and row["audience"]]
    for row in stale:
        tasks.index_object_task.enqueue(row["kind"], row["object_id"])
    return [row for row in rows if (row["kind"], row["object_id"]) in visible]


def _visible_rows(actor: Actor, queryset: QuerySet[SearchEntry], fields: tuple[str, ...], order: tuple[str, ...],
                  limit: int, *, batch: int = BATCH, max_batches: int = MAX_BATCHES,
) -> tuple[list[dict[str, Any]], bool]:
    """The first `limit` matching rows in `order` that the actor reaches, reading the index in batches: filtered
    on the stored audience in SQL, or through the kind's selector for entries without one.

    Returns the rows and whether there were more (or the reading stopped at `max_batches`, a bounded cost)."""
    fields = tuple(dict.fromkeys((*fields, "pk", "kind", "object_id", "audience")))
    queryset = _reachable(actor, queryset)
    rows: list[dict[str, Any]] = []
    offset = 0
    for _n in range(max_batches):
        chunk = list(queryset.order_by(*order).values(*fields)[offset:offset + batch])
        undecided = [row for row in chunk if not row["audience"]]
        visible = _visible_keys(actor, undecided) if undecided else set()
        rows.extend([row for row in chunk if row["audience"] or (row["kind"], row["object_id"]) in visible])
        if len(rows) > limit:
            return rows[:limit], True
        if len(chunk) < batch:
            return rows, False
        offset += batch
    return rows[:limit], True


def clean_filters(params: Any) -> dict[str, str]:
    filters = {}
    kinds = {registration.kind for registration in registry.kinds()}
    for name in FACETS:
        value = str(params.get(name, "") or "")[:60].strip()
        if not value:
            continue
        if name == "kind" and value not in kinds:
            continue
        if name == "date" and value not in DATE_BUCKETS and value != "older":
            continue
        if name == "language" and value not in LANGUAGES:
            continue
        filters[name] = value.replace("|", "")
    return filters


def _apply_filters(queryset: QuerySet[SearchEntry], filters: dict[str, str]) -> QuerySet[SearchEntry]:
    now = timezone.now()
    if "kind" in filters:
        queryset = queryset.filter(kind=filters["kind"])
    if "theme" in filters:
        queryset = queryset.filter(themes__contains=f"|{filters['theme']}|")
    if "profession" in filters:
        queryset = queryset.filter(professions__contains=f"|{filters['profession']}|")
    if "country" in filters:
        queryset = queryset.filter(country=filters["country"])
    if "language" in filters:
        queryset = queryset.filter(language=filters["language"])
    if filters.get("date") in DATE_BUCKETS:
        queryset = queryset.filter(date__gte=now - timedelta(days=DATE_BUCKETS[filters["date"]]))
    elif filters.get("date") == "older":
        queryset = queryset.filter(date__lt=now - timedelta(days=DATE_BUCKETS["year"]))
    return queryset


def _facets(counts: dict[str, Counter[str]], filters: dict[str, str]) -> dict[str, list[FacetValue]]:
    """Each facet's values with their labels, the most frequent first (dates in their own order), 12 at most."""
    themes = registry.vocabulary("theme")
    theme_labels = themes.labels(list(counts["theme"])) if counts["theme"] and themes else {}
    kind_labels = {registration.kind: str(registration.label) for registration in registry.kinds()}
    labels = {**_fixed_labels(), "kind": kind_labels, "theme": theme_labels}
    order = {"date": [*list(DATE_BUCKETS), "older"]}
    facets = {}
    for name in FACETS:
        values = counts.get(name) or Counter()
        items = [
            FacetValue(value, labels[name].get(value, value), count, filters.get(name) == value)
            for value, count in values.items()
        ]
        if name in order:
            items.sort(key=lambda item: order[name].index(item.value))
        else:
            items.sort(key=lambda item: (-item.count, item.label))
        if items:
            facets[name] = items[:12]
    return facets


_FIXED_LABELS: dict[str, dict[str, dict[str, str]]] = {}


def _fixed_labels() -> dict[str, dict[str, str]]:
    """The facets' labels that come from the code (professions, countries, languages, dates), translated
    once per language: a few hundred lazy strings that were translated again on every results page."""
    language = get_language() or ""
    labels = _FIXED_LABELS.get(language)
    if labels is None:
        labels = _FIXED_LABELS[language] = {
            "profession": {value: str(label) for value, label in Profession.choices},
            "country": {value: str(label) for value, label in Country.choices},
            "language": {code: str(name) for code, name in settings.LANGUAGES},
            "date": date_labels(),
        }
    return labels


def date_labels() -> dict[str, str]:
    from django.utils.translation import gettext

    return {"week": gettext("Past week"), "month": gettext("Past month"), "year": gettext("Past year"),
            "older": gettext("Older")}


def search(actor: Actor, query: str, *, filters: dict[str, str] | None = None, page: int = 1,
           page_size: int = PAGE_SIZE) -> Results:
    """What the actor may find for `query`: ranked hits of one page, facets and the number of candidates."""
    filters = filters or {}
    tokens = query_tokens(query)
    results = Results(query=query, tokens=tokens, filters=filters, page=max(1, page))
    if not tokens:
        return results
    backend = get_backend()
    ranked_in_scan = backend.with_relevance(SearchEntry.objects.none(), tokens) is not None
    fields = (*_LIGHT, "relevance") if ranked_in_scan else _LIGHT
    now = timezone.now()
    start = (results.page - 1) * page_size
    # The newest READ_CAP matches the actor may see (all of them for a rarer word), through the reads the backend
    # proposes: date windows of growing size, each holding every match newer than what it leaves out.
    filters_key = repr(sorted(filters.items()))

    def reads() -> Any:
        return backend.newest_reads(_apply_filters(SearchEntry.objects.all(), filters), tokens, READ_CAP,
                                    filters_key=filters_key)

    if backend.summarises:
        kept_key = _kept_key(actor, tokens, filters_key, start, page_size)
        found = caches["summaries"].get(kept_key)
        if found is None:
            found, decided = _summarised(actor, backend, reads(), fields, now, start, page_size)
            if decided and found[3]:  # capped: a word with READ_CAP matches or more, ranked by the database
                caches["summaries"].set(kept_key, found, KEPT_SUMMARY_SECONDS)
    else:
        found = _ranked_in_python(actor, backend, reads(), fields, tokens, now, start, page_size)
    page_rows, counts, results.total, results.capped = found
    if not results.total:
        return results
    page_rows = _recheck(actor, page_rows)
    results.has_next = start + page_size < results.total
    if page_rows and SHOWN[0] in page_rows[0]:  # the summary brought what the hits show
        entries = [_shown_entry(row) for row in page_rows]
    else:
        by_pk = SearchEntry.objects.in_bulk([row["pk"] for row in page_rows])
        entries = [by_pk[row["pk"]] for row in page_rows]
    labels = {registration.kind: str(registration.label) for registration in registry.kinds()}
    results.hits = [Hit(entry, labels.get(entry.kind, entry.kind), tokens) for entry in entries]
    results.facets = _facets(counts, filters)
    return results


# The fields of a page's entry in the model's order (`from_db` takes the values of the fields given in that order).
_SHOWN_FIELDS = tuple(field.attname for field in SearchEntry._meta.concrete_fields
                      if field.attname in {"id", "kind", "object_id", *SHOWN})


def _shown_entry(row: dict[str, Any]) -> SearchEntry:
    """The entry of a page's row with the fields a hit shows (the others deferred), as `in_bulk` would give it."""
    values = {**row, "id": row["pk"]}
    return SearchEntry.from_db(DEFAULT_DB_ALIAS, _SHOWN_FIELDS, [values[name] for name in _SHOWN_FIELDS])


_Found = tuple[list[dict[str, Any]], dict[str, Counter[str]], int, bool]  # page rows, facet counts, total, capped


def _ranked_in_python(actor: Actor, backend: Backend, reads: Any, fields: tuple[str, ...], tokens: list[str],
                      now: datetime, start: int, page_size: int) -> _Found:
    """The candidates read into Python, ranked and counted there (`ranking`)."""
    rows: list[dict[str, Any]] = []
    capped = False
    for candidates, order, complete in reads:
        rows, capped = _visible_rows(actor, candidates, fields, order, READ_CAP, batch=READ_CAP, max_batches=1)
        if (capped and order) or (complete and not capped):
            break
    if not rows:
        return [], {}, 0, capped
    if "relevance" in fields:
        relevance = {row["pk"]: row["relevance"] for row in rows}
    else:
        relevance = backend.relevance([row["pk"] for row in rows], tokens)
    return ranked(rows, relevance, now)[start:start + page_size], facet_counts(rows, now), len(rows), capped


def _kept_key(actor: Actor, tokens: list[str], filters_key: str, start: int, page_size: int) -> str:
    """What a summary depends on when the stored audiences decided every row: the database, this process's index
    generation, the words, filters and page, and the audiences the actor reaches."""
    what = repr((connection.settings_dict["NAME"], index_generation(), tokens, filters_key, start, page_size,
                 sorted(actor.audience_keys)))
    return "search-summary:" + hashlib.sha256(what.encode()).hexdigest()


def _summarised(actor: Actor, backend: Backend, reads: Any, fields: tuple[str, ...], now: datetime, start: int,
                page_size: int) -> tuple[_Found, bool]:
    """The same, ranked and counted by the database (`Backend.summarise`): the same read of each window, of which
    only the page and the counts come back. Rows without an audience are decided by their kinds' selectors, as
    `_visible_rows` does, and the read is summarised again without those the actor may not see.

    Also says whether the stored audiences decided every row (no kind's selector was asked): the summary is then the
    same for every actor reaching the same audiences, and `search` keeps a common word's `KEPT_SUMMARY_SECONDS`."""
    fields = tuple(dict.fromkeys((*fields, "pk", "kind", "object_id", "audience")))
    summary, read, capped = None, None, False
    for candidates, order, complete in reads:
        read = _reachable(actor, candidates).order_by(*order).values(*fields)[:READ_CAP]
        summary = backend.summarise(read, now=now, start=start, size=page_size, excluded=[])
        capped = summary.read >= READ_CAP
        if (capped and order) or (complete and not capped):
            break
    assert summary is not None and read is not None  # the last read is complete: the loop ran
    decided = not summary.undecided
    if summary.undecided:
        visible = _visible_keys(actor, summary.undecided)
        hidden = [row["pk"] for row in summary.undecided if (row["kind"], row["object_id"]) not in visible]
        if hidden:
            summary = backend.summarise(read, now=now, start=start, size=page_size, excluded=hidden)
    return (summary.page, summary.counts, summary.total, capped), decided


@dataclass
class Suggestion:
    label: str
    url: str
    kind: str


def autocomplete(actor: Actor, query: str, *, limit: int = 6) -> list[Suggestion]:
    """Titles the actor may see and themes whose words start with what was typed (accents ignored)."""
    prefixes = prefix_tokens(query)
    if not prefixes:
        return []
    suggestions = []
    search_url = reverse("search:results")
    themes = registry.vocabulary("theme")
    for name, slug in themes.names() if themes else ():
        theme_words = unaccent(name.lower()).split()
        if all(any(word.startswith(prefix) for word in theme_words) for prefix in prefixes):
            url = f"{search_url}?{urlencode({'q': name, 'theme': slug})}"
            suggestions.append(Suggestion(name, url, "theme"))
    entries = get_backend().prefix_match(SearchEntry.objects.all(), prefixes)
    rows, _more = _visible_rows(actor, entries, ("title", "url"), ("-popularity", "-date", "-pk"), limit,
                                batch=50, max_batches=2)
    for row in _recheck(actor, rows):
        suggestions.append(Suggestion(row["title"], row["url"], row["kind"]))
    return suggestions[: limit + 3]
