"""PostgreSQL full-text search: stored tsvectors (title weight A, body weight B) in the entry's language
configuration, GIN indexes, and tsqueries built token by token with `plainto_tsquery` (never the user's syntax)."""

from __future__ import annotations

import hashlib
import json
import math
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import datetime
from functools import lru_cache
from operator import itemgetter
from typing import Any

from django.core.cache import caches
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import BooleanField, FloatField, QuerySet
from django.db.models.expressions import BaseExpression, RawSQL

from .. import ranking
from ..text import LANGUAGES, token_stems  # noqa: F401 - token_stems documents the SQLite equivalent
from .base import NEWEST_FIRST, SHOWN, Backend, Summary

# A word found in at least this share of the entries is read along the date index, newest first, each row checked
# against the word (its GIN posting list is the long part: 250 000 entries cost 30-80 ms to read at 1 000 000 rows).
COMMON_SHARE = 0.1
# A rarer word is read within the newest entries that should hold WINDOW_MARGIN times the matches needed (from the
# planner's estimate of its matches), widened WIDEN times while that is not enough.
WINDOW_MARGIN = 2
# Fewer estimated matches than this many times the cap (the statistics give ~5 000 at 1 000 000 rows for a word they
# do not list): the unordered read first, complete when not full.
PROBE_BELOW = 10
WIDEN = 4
# The date at an offset of the date index, and the table's size, kept this long per process: a window's cutoff is only
# where the read starts (any cutoff gives the newest matches once the read holds `limit` of them; entries added since
# are newer, so they are inside the window), and its index-only scan was 3-4 ms of a medium word's search.
KEPT_SECONDS = 30
SPAN_STEP = 1000  # spans rounded up to this, so that words of similar frequency share a cutoff


def _estimated_rows(queryset: QuerySet[Any]) -> float:
    """The planner's estimate of the rows of `queryset` (no execution: the word's frequency from the statistics)."""
    plan = json.loads(queryset.explain(format="json"))
    return float(plan[0]["Plan"]["Plan Rows"])


def _kept_for(key: str, compute: Any) -> Any:
    """`compute()`, kept `KEPT_SECONDS` in this process's memory (the `fragments` cache) per database."""
    cache = caches["fragments"]
    key = f"search-pg:{connection.settings_dict['NAME']}:{key}"
    found = cache.get(key, cache)  # the cache itself as the "absent" marker: None is a value (past the end)
    if found is cache:
        found = compute()
        cache.set(key, found, KEPT_SECONDS)
    return found


def _cutoff(queryset: QuerySet[Any], span: int) -> Any:
    """The date of the entry at `span` in the date index, newest first (an index-only scan); None past the end."""
    def read() -> Any:
        dates = queryset.model.objects.filter(date__isnull=False).order_by("-date").values_list("date", flat=True)
        found = list(dates[span:span + 1])
        return found[0] if found else None

    return _kept_for(f"cutoff:{span}", read)


def _table_rows() -> float:
    def read() -> float:
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE oid = 'search_searchentry'::regclass")
            row = cursor.fetchone()
        return float(row[0]) if row else -1.0

    return float(_kept_for("rows", read))


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


def _f(value: float) -> str:
    """A constant of `ranking` as a double precision literal (Python's float, the same IEEE value)."""
    return f"{float(value)!r}::float8"


# `ranking.ranked()` in SQL, the same IEEE double operations in the same order, so the same order of the rows:
# - the relevance as Python reads it: `ts_rank` is a `real`, which reaches Python as its shortest decimal text
#   (`float(text)`), so the `real` goes through the same text (not `::float8`, which keeps every binary digit);
# - the age in seconds as `timedelta.total_seconds()` gives it: the exact microseconds (a numeric) rounded once;
# - `log10` of an integer converted to a double; `min`/`max` as LEAST/GREATEST; `score, date or now, pk` descending.
_SCORE = (
    f"(v.rel / best.value) * ({_f(1)} + {_f(ranking.REVIEWED_BOOST)} * (CASE WHEN v.is_reviewed THEN {_f(1)} "
    f"ELSE {_f(0)} END) + {_f(ranking.RECENCY_BOOST)} * ({_f(1)} / ({_f(1)} + (CASE WHEN v.date IS NULL THEN "
    f"{_f(ranking.UNDATED_AGE_DAYS)} ELSE GREATEST({_f(0)}, EXTRACT(EPOCH FROM (%s - v.date))::float8 / "
    f"{_f(86400)}) END) / {_f(ranking.RECENCY_HALF_DAYS)})) + {_f(ranking.POPULARITY_BOOST)} * LEAST({_f(1)}, "
    f"log((1 + v.popularity)::float8) / {_f(ranking.POPULARITY_DECADES)}))"
)
_ORDER = "score DESC, COALESCE(date, %s) DESC, id DESC"
# One statement: the candidates read once (`c`, in the read's order: `rn`), those the actor may see (`v`), the page
# of the ranking, the rows whose kind's selector must decide, and the facets' counts with where each value first
# appears (so that Python gets the values in the order it would have met them).
_SUMMARY = """
WITH c AS MATERIALIZED (
  SELECT s.pk AS id, s.kind, s.object_id, s.audience, s.date, s.themes, s.professions, s.country, s.language,
         s.is_reviewed, s.popularity, s.relevance::text::float8 AS rel, row_number() OVER () AS rn
  FROM ({read}) s
), v AS MATERIALIZED (
  SELECT * FROM c WHERE c.id <> ALL(%s::bigint[])
), ranked AS (
  SELECT v.id, v.kind, v.object_id, v.audience, v.date, {score} AS score
  FROM v, (SELECT COALESCE(NULLIF(max(rel), 0), 1) AS value FROM v) best
)
SELECT 'read', NULL::text, (SELECT count(*) FROM c), (SELECT count(*) FROM v), NULL::text, NULL::bigint,
       NULL::text, NULL::text, NULL::text, NULL::text, NULL::timestamptz, NULL::boolean
UNION ALL
SELECT 'page', p.kind, p.id, p.object_id, p.audience, p.pos, e.title, e.body, e.url, e.language, e.date, e.is_reviewed
FROM (
  SELECT *, row_number() OVER (ORDER BY {order}) AS pos FROM ranked
) p, LATERAL (  -- one primary-key lookup per row of the page (LIMIT 1: not flattened into a hash join of the table)
  SELECT e.title, e.body, e.url, e.language, e.date, e.is_reviewed FROM search_searchentry e WHERE e.id = p.id LIMIT 1
) e WHERE p.pos > %s AND p.pos <= %s
UNION ALL
SELECT 'undecided', kind, id, object_id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM c WHERE audience = ''
UNION ALL
SELECT 'date', CASE WHEN date > %s THEN 'week' WHEN date > %s THEN 'month'
                    WHEN date > %s THEN 'year' ELSE 'older' END, count(*), 0, NULL, NULL,
       NULL, NULL, NULL, NULL, NULL, NULL
FROM v GROUP BY 2
{single}
{multi}
"""
# (the page's columns are NULL in the counts' rows)
_SINGLE = ("UNION ALL SELECT '{name}', {column}, count(*), min(rn), NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL "
           "FROM v WHERE {column} <> '' GROUP BY {column}")
_MULTI = ("UNION ALL SELECT '{name}', value, count(*), min(rn * 10000 + position), NULL, NULL, NULL, NULL, NULL, NULL, "
          "NULL, NULL FROM v, unnest(string_to_array(v.{column}, '|')) WITH ORDINALITY AS u(value, position) "
          "WHERE value <> '' GROUP BY value")


class PostgresBackend(Backend):
    name = "postgresql"
    summarises = True

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

    def newest_reads(self, queryset: QuerySet[Any], tokens: list[str], limit: int, *, filters_key: str = "",
                     ) -> Iterator[tuple[QuerySet[Any], tuple[Any, ...], bool]]:
        """Sized from the planner's estimate of the word's matches (the rarest token's, an upper bound).

        A common word: the date index read backwards, the word checked per row (`ts_match_vq`, the function behind
        `@@`, which the planner does not take to the GIN index); it stops after `limit` matches, i.e. after about
        limit / share rows. A rarer word (or one the statistics do not know): first today's unordered read, which
        holds all its matches when it is not full. A medium word: date windows of the newest entries (the date
        index's bitmap ANDed with the word's), widened until full. Then all the matches, sorted."""
        matched = self.match(queryset, tokens)
        total = _table_rows()
        estimated = min((self._estimated(queryset, token, filters_key) for token in tokens), default=0.0)
        span = (math.ceil(limit * total / max(estimated, limit) * WINDOW_MARGIN / SPAN_STEP) * SPAN_STEP
                if total > 0 else 0)
        if total > 0 and estimated >= COMMON_SHARE * total:
            # Bounded by a window too: a word common in entries the actor does not reach must not walk the table.
            cutoff = _cutoff(queryset, span)
            sql, params = _tsquery(tokens)
            along_dates = queryset.filter(
                RawSQL(f"ts_match_vq(search_searchentry.vector, ({sql}))", params,  # noqa: S611
                       output_field=BooleanField()),
                date__isnull=False,
            )
            if cutoff is not None:
                along_dates = along_dates.filter(date__gte=cutoff)
            yield self.with_relevance(along_dates, tokens), ("-date", "-pk"), False
            span *= WIDEN
        if estimated < PROBE_BELOW * limit:
            yield self.with_relevance(matched, tokens), (), True
        while 0 < span * 2 <= total:
            cutoff = _cutoff(queryset, span)
            if cutoff is None:
                break
            yield self.with_relevance(matched.filter(date__gte=cutoff), tokens), ("-date", "-pk"), False
            span *= WIDEN
        yield self.with_relevance(matched, tokens), NEWEST_FIRST, True

    def _estimated(self, queryset: QuerySet[Any], token: str, filters_key: str) -> float:
        """The planner's estimate of the token's matches under the filters, kept `KEPT_SECONDS` per process: it moves
        only when the statistics do (ANALYZE), and it only sizes the windows (the last read is complete whatever it
        says). Its `EXPLAIN` was a statement and ~0.3 ms of CPU (building the query) of every search."""
        key = hashlib.sha256(repr((token, filters_key)).encode()).hexdigest()
        return float(_kept_for(f"estimate:{key}", lambda: _estimated_rows(self.match(queryset, [token]))))

    def summarise(self, read: QuerySet[Any], *, now: datetime, start: int, size: int, excluded: list[int],
                  ) -> Summary:
        try:
            read_sql, read_params = read.query.sql_with_params()
        except EmptyResultSet:  # a read the ORM knows to be empty runs no SQL (as `list(read)` would)
            return Summary(read=0, total=0, page=[], undecided=[], counts={})
        limits = dict(ranking.date_limits(now))
        sql = _SUMMARY.format(
            read=read_sql, score=_SCORE, order=_ORDER,
            single="\n".join(_SINGLE.format(name=name, column=ranking.COLUMNS[name]) for name in ranking.SINGLE_VALUED),
            multi="\n".join(_MULTI.format(name=name, column=ranking.COLUMNS[name]) for name in ranking.MULTI_VALUED),
        )
        # In the order of the placeholders: the read's, then `v`, the score, the order, the page, the date buckets.
        params = [*read_params, _int_array(excluded), now, now, start, start + size,
                  limits["week"], limits["month"], limits["year"]]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            found = cursor.fetchall()
        summary = Summary(read=0, total=0, page=[], undecided=[], counts={name: Counter() for name in ranking.COLUMNS})
        summary.counts["date"] = Counter()
        firsts: dict[str, list[tuple[int, str, int]]] = {}
        page = []
        for part, value, number, other, audience, position, *shown in found:
            if part == "page":
                page.append((position, {"pk": number, "kind": value, "object_id": other, "audience": audience,
                                        **dict(zip(SHOWN, shown, strict=True))}))
            elif part == "read":
                summary.read, summary.total = number, other
            elif part == "undecided":
                summary.undecided.append({"pk": number, "kind": value, "object_id": other})
            else:
                firsts.setdefault(part, []).append((other, value, number))
        summary.page = [row for _position, row in sorted(page, key=itemgetter(0))]
        for part, values in firsts.items():
            values.sort()
            summary.counts[part].update(dict((value, count) for _first, value, count in values))
        return summary

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
