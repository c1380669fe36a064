"""What a full-text backend does. Everything else (tokens, stop words, ranking boosts, facets, visibility,
snippets) is shared, so the two backends behave the same and run the same tests."""

from __future__ import annotations

import itertools
from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import F, QuerySet

# The candidates of a word, newest first; entries without a date come last, then the highest id.
NEWEST_FIRST: tuple[Any, ...] = (F("date").desc(nulls_last=True), "-pk")


# Changes to the index made by this process: a summary kept for a few seconds (`selectors.search`) is kept under the
# generation it was read at, so a search after this process indexed or removed something never reuses one from before.
_changes = itertools.count(1)
_generation = 0


def _next_generation() -> None:
    global _generation
    _generation = next(_changes)


def index_changed() -> None:
    """Called by every write to the index (services): now, and again when the transaction commits (a summary read by
    another thread between the two saw the rows before the commit)."""
    _next_generation()
    transaction.on_commit(_next_generation)


def index_generation() -> int:
    return _generation


# What a hit shows of its entry: `summarise` returns these columns with the page's rows (no second read of the page).
SHOWN = ("title", "body", "url", "language", "date", "is_reviewed")


@dataclass
class Summary:
    """What the results page needs of one candidate read, computed where the rows are (see `Backend.summarise`)."""

    read: int  # rows the read gave, before the kinds' selectors decided on those without an audience
    total: int  # of which the actor may see (all but `excluded`)
    page: list[dict[str, Any]]  # the ranked rows from `start`, at most `size` of them: pk, kind, object_id, audience
    # and what a hit shows (`SHOWN`)
    undecided: list[dict[str, Any]]  # rows without an audience (pk, kind, object_id): their kinds' selectors decide
    counts: dict[str, Counter[str]]  # each facet's values in the order they first appear in the read


class Backend(ABC):
    name = "base"
    summarises = False  # whether `summarise` ranks and counts the candidates in the database

    @abstractmethod
    def write(self, entry_ids: list[int]) -> None:
        """(Re)compute the full-text data of these saved entries from their title, body and language."""

    @abstractmethod
    def delete(self, entry_ids: Iterable[int]) -> None:
        """Forget the full-text data of these entries (called before the rows are deleted)."""

    @abstractmethod
    def match(self, queryset: QuerySet[Any], tokens: list[str]) -> QuerySet[Any]:
        """Entries whose title or body contains every token (stemmed in each indexed language)."""

    @abstractmethod
    def relevance(self, entry_ids: list[int], tokens: list[str]) -> dict[int, float]:
        """Text relevance of each candidate (title weighs 2.5 times the body), any positive scale."""

    def with_relevance(self, queryset: QuerySet[Any], tokens: list[str]) -> QuerySet[Any] | None:
        """`match()`'s queryset with the same relevance as a `relevance` column computed in the same scan, when the
        backend can (saves reading the candidates a second time); None: `relevance()` is asked afterwards."""
        return None

    def newest_reads(self, queryset: QuerySet[Any], tokens: list[str], limit: int, *, filters_key: str = "",
                     ) -> Iterator[tuple[QuerySet[Any], tuple[Any, ...], bool]]:
        """Reads of the matches of `tokens` in `queryset` (with `relevance` when the backend computes it in the scan),
        each with its order and whether it is complete, to try in turn until one gives `limit` rows: an ordered read
        holds every match newer than what it leaves out (a date window), so its first `limit` rows are the newest
        `limit` matches; a complete read (no date bound) that is not full holds all the matches, and ends the
        reading too. The last read is complete and ordered. `filters_key` names the filters `queryset` holds (the
        same key, the same filters), for what a backend keeps between searches to size the reads.

        Here: one read of all the matches, sorted (SQLite: small indexes)."""
        matched = self.match(queryset, tokens)
        yield self.with_relevance(matched, tokens) or matched, NEWEST_FIRST, True

    def summarise(self, read: QuerySet[Any], *, now: datetime, start: int, size: int, excluded: list[int],
                  ) -> Summary:
        """`read` (a `values()` queryset of the candidates with their relevance, sliced) ranked and counted in the
        database as `ranking` does in Python, without the rows in `excluded`: only the page and the counts come back.
        Backends that do not (`summarises` False) leave the candidates to be read and ranked in Python."""
        raise NotImplementedError

    def with_ids(self, queryset: QuerySet[Any], ids: list[int]) -> QuerySet[Any]:
        """`queryset` restricted to these primary keys (visibility is checked on up to 1 000 candidates at once)."""
        return queryset.filter(pk__in=ids)

    @abstractmethod
    def prefix_match(self, queryset: QuerySet[Any], prefixes: list[str]) -> QuerySet[Any]:
        """Entries whose title has, for every prefix, a word starting with it (accents ignored, no stemming)."""
