"""What a full-text backend does. Everything else (tokens, stop words, ranking boosts, facets, visibility,
snippets) is shared, so the two backends behave the same and run the same tests."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet


class Backend(ABC):
    name = "base"

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

    def with_ids(self, queryset: QuerySet[Any], ids: list[int]) -> QuerySet[Any]:
        """`queryset` restricted to these primary keys (visibility is checked on up to 1 000 candidates at once)."""
        return queryset.filter(pk__in=ids)

    @abstractmethod
    def prefix_match(self, queryset: QuerySet[Any], prefixes: list[str]) -> QuerySet[Any]:
        """Entries whose title has, for every prefix, a word starting with it (accents ignored, no stemming)."""
