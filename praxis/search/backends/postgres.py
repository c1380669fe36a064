"""PostgreSQL full-text search: stored tsvectors (title weight A, body weight B) in the entry's language
configuration, GIN indexes, and tsqueries built token by token with `plainto_tsquery` (never the user's syntax)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from django.db import connection
from django.db.models import BooleanField, FloatField, QuerySet
from django.db.models.expressions import BaseExpression, RawSQL

from ..text import LANGUAGES, token_stems  # noqa: F401 - token_stems documents the SQLite equivalent
from .base import Backend


@lru_cache(maxsize=20_000)
def _token_query(token: str) -> str:
    """One token as a tsquery in any of the indexed languages, each distinct stem once: "escarre" gives
    `'escarr'`, not `'escarr' | 'escarr' | 'escarr'` (the GIN index would read the same posting list three times:
    31 → 17 ms for a word in 25 000 rows of 1 000 000). Written by PostgreSQL itself (`plainto_tsquery(...)::text`),
    so the user's text is never parsed as tsquery syntax. Stems do not change: cached per process."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT " + ", ".join(f"plainto_tsquery('praxis_{code}', %s)::text" for code in LANGUAGES),
            [token] * len(LANGUAGES),
        )
        variants = sorted({variant for variant in cursor.fetchone() if variant})
    return " | ".join(f"({variant})" for variant in variants)


def _tsquery(tokens: list[str]) -> tuple[str, list[str]]:
    """`(fr(t1) | nl(t1) | en(t1)) & (fr(t2) | ...)`: every token, in any of the indexed languages."""
    parts = [part for part in map(_token_query, tokens) if part]
    # A token that is a stop word in every language adds nothing (as `&&` with an empty tsquery did).
    return "%s::tsquery", [" & ".join(f"({part})" for part in parts)]


def _int_array(ids: Iterable[int]) -> str:
    """An array of ids as one text parameter (`'{1,2,3}'`): psycopg dumps a list of 1 000 ints item by item."""
    return "{" + ",".join(str(int(pk)) for pk in ids) + "}"


class _Rank(RawSQL):
    """`ts_rank(...)`, a `real` that psycopg already reads as a Python float: no per-row converter (Django's
    `FloatField` expressions convert every value again — 2 000 calls for the 1 000 candidates of a common word)."""

    convert_value = staticmethod(BaseExpression._convert_value_noop)  # type: ignore[attr-defined]  # Django's no-op


class PostgresBackend(Backend):
    name = "postgresql"

    def write(self, entry_ids: list[int]) -> None:
        if not entry_ids:
            return
        with connection.cursor() as cursor:
            cursor.execute(
                """
                UPDATE search_searchentry SET
                  vector = setweight(to_tsvector(('praxis_' || language)::regconfig, title), 'A')
                        || setweight(to_tsvector(('praxis_' || language)::regconfig, body), 'B'),
                  title_words = to_tsvector('praxis_simple', title)
                WHERE id = ANY(%s)
                """,
                [list(entry_ids)],
            )

    def delete(self, entry_ids: Iterable[int]) -> None:
        return None  # the tsvector columns go with the row

    def match(self, queryset: QuerySet[Any], tokens: list[str]) -> QuerySet[Any]:
        sql, params = _tsquery(tokens)
        # Only placeholders are formatted into the SQL; the tokens travel as parameters.
        return queryset.filter(
            RawSQL(f"search_searchentry.vector @@ ({sql})", params, output_field=BooleanField())  # noqa: S611
        )

    def with_relevance(self, queryset: QuerySet[Any], tokens: list[str]) -> QuerySet[Any]:
        sql, params = _tsquery(tokens)
        return queryset.annotate(relevance=_Rank(f"ts_rank(search_searchentry.vector, {sql})", params,
                                                 output_field=FloatField()))

    def relevance(self, entry_ids: list[int], tokens: list[str]) -> dict[int, float]:
        if not entry_ids or not tokens:
            return {}
        sql, params = _tsquery(tokens)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id, ts_rank(vector, {sql}) FROM search_searchentry WHERE id = ANY(%s::bigint[])",  # noqa: S608
                [*params, _int_array(entry_ids)],
            )
            return {row[0]: float(row[1]) for row in cursor.fetchall()}

    def with_ids(self, queryset: QuerySet[Any], ids: list[int]) -> QuerySet[Any]:
        # One array parameter instead of 1 000 literals: psycopg binds it without rewriting a 1 000-placeholder query.
        meta = queryset.model._meta
        column = f'"{meta.db_table}"."{meta.pk.column}"'
        return queryset.filter(RawSQL(f"{column} = ANY(%s::bigint[])", [_int_array(ids)],  # noqa: S611
                                      output_field=BooleanField()))

    def prefix_match(self, queryset: QuerySet[Any], prefixes: list[str]) -> QuerySet[Any]:
        # Prefixes are letters and digits only (see text.prefix_tokens), quoted as one lexeme each.
        sql = " && ".join(["to_tsquery('praxis_simple', %s)"] * len(prefixes))
        params = [f"'{prefix}':*" for prefix in prefixes]
        return queryset.filter(
            RawSQL(f"search_searchentry.title_words @@ ({sql})", params, output_field=BooleanField())  # noqa: S611
        )
