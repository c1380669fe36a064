"""SQLite FTS5: the `search_fts` table stores Snowball stems computed in Python (FTS5 has no French stemmer),
with `unicode61 remove_diacritics 2`; MATCH expressions are built from quoted stems, never from the user's text."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import connection
from django.db.models import QuerySet

from ..models import SearchEntry
from ..text import index_terms, plain_words, token_stems
from .base import Backend


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _match_expression(tokens: list[str]) -> str:
    return " AND ".join(
        "(" + " OR ".join(f"{{title body}} : {_quote(stem)}" for stem in token_stems(token)) + ")" for token in tokens
    )


class SqliteBackend(Backend):
    name = "sqlite"

    def write(self, entry_ids: list[int]) -> None:
        if not entry_ids:
            return
        rows = SearchEntry.objects.filter(pk__in=entry_ids).values_list("pk", "title", "body", "language")
        with connection.cursor() as cursor:
            self.delete(entry_ids)
            cursor.executemany(
                "INSERT INTO search_fts (rowid, title, body, title_words) VALUES (%s, %s, %s, %s)",
                [(pk, index_terms(title, lang), index_terms(body, lang), plain_words(title))
                 for pk, title, body, lang in rows],
            )

    def delete(self, entry_ids: Iterable[int]) -> None:
        ids = list(entry_ids)
        with connection.cursor() as cursor:
            for start in range(0, len(ids), 500):
                chunk = ids[start:start + 500]
                cursor.execute(
                    f"DELETE FROM search_fts WHERE rowid IN ({', '.join(['%s'] * len(chunk))})", chunk  # noqa: S608
                )

    def match(self, queryset: QuerySet[Any], tokens: list[str]) -> QuerySet[Any]:
        return queryset.extra(
            where=["search_searchentry.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)"],
            params=[_match_expression(tokens)],
        )

    def relevance(self, entry_ids: list[int], tokens: list[str]) -> dict[int, float]:
        if not entry_ids or not tokens:
            return {}
        scores: dict[int, float] = {}
        with connection.cursor() as cursor:
            for start in range(0, len(entry_ids), 500):
                chunk = entry_ids[start:start + 500]
                placeholders = ", ".join(["%s"] * len(chunk))
                cursor.execute(
                    "SELECT rowid, bm25(search_fts, 2.5, 1.0, 0.0) FROM search_fts "  # noqa: S608 - placeholders only
                    f"WHERE search_fts MATCH %s AND rowid IN ({placeholders})",
                    [_match_expression(tokens), *chunk],
                )
                # bm25() is negative, lower is better.
                scores.update({row[0]: -float(row[1]) for row in cursor.fetchall()})
        return scores

    def prefix_match(self, queryset: QuerySet[Any], prefixes: list[str]) -> QuerySet[Any]:
        expression = " AND ".join(f"title_words : {_quote(prefix)}*" for prefix in prefixes)
        return queryset.extra(
            where=["search_searchentry.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)"],
            params=[expression],
        )
