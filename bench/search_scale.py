"""Search latency at scale: 1 000 000 indexed rows in a database of their own (`praxis_bench_search`).

The rows are real: one published `Content` per entry (so the search's visibility subquery works as in production),
copied from a template row with `INSERT ... SELECT generate_series` (deterministic text from `hashint4`), and their
full-text vectors are computed by the search app's own backend (`get_backend().write(ids)`), in batches. A second
run with the same size reuses them. Then `praxis.search.selectors.search()` is timed for a common, a medium, a rare
and a two-word query, as an anonymous visitor and as a verified member, with EXPLAIN ANALYZE of the slowest
statement of a common and of a medium word's search (the candidate read).
"""

from __future__ import annotations

import statistics
import time

from django.db import connection, transaction
from django.utils import timezone

from praxis.content import scale as s
from praxis.core.scale import SENTENCES
from praxis.discussions.scale import ANSWER_SENTENCES

MARK = "search-scale-"
RARE = "tocilizumab"  # in one row out of 9 973
TIMEOUT_S = 20
QUERIES = {"common": "patient", "medium": "escarre", "rare": RARE, "two_words": "douleur chronique"}


def quote(column: str) -> str:
    return f'"{column}"'


def _array(values: list[str]) -> str:
    return "ARRAY[" + ",".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


def _pick(array: str, n: int, salt: int) -> str:
    return f"({array})[1 + mod(abs(hashint4(i * 7 + {salt})), {n})]"


def ensure(rows: int, log) -> dict:
    from praxis.accounts.models import User
    from praxis.content.models import Content
    from praxis.search.backends import get_backend
    from praxis.search.models import SearchEntry

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*), count(vector) FROM search_searchentry WHERE url LIKE %s", ["/" + MARK + "%"])
        present, with_vector = cursor.fetchone()
    if present == rows == with_vector:
        # A migration may have rewritten every row since (0003 filled `audience`): until autovacuum passes, the GIN
        # index holds the dead versions too and a medium word reads twice its posting list (17 → 10 ms).
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE search_searchentry")
        return {"rows": rows, "generated": False}
    started = time.monotonic()
    SearchEntry.objects.filter(url__startswith="/" + MARK).delete()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM content_content_themes WHERE content_id IN "
                       "(SELECT id FROM content_content WHERE slug LIKE %s)", [MARK + "%"])
        cursor.execute("DELETE FROM content_content WHERE slug LIKE %s", [MARK + "%"])
    author, _ = User.objects.get_or_create(email="auteur@bench.praxis.invalid", defaults={
        "first_name": "Auteur", "last_name": "Banc", "verification_status": "verified", "profession": "gp"})
    template = Content.objects.create(
        kind="article", title="modèle", slug=MARK + "template", summary="modèle", author=author, coi_none=True,
        status="draft", visibility="public", published_at=timezone.now(),
    )
    titles = [p.format(c=c, C=c[0].upper() + c[1:], p=pop) for p in s.TITLE_PATTERNS[:6] for c in s.CONDITIONS
              for pop in s.POPULATIONS[:3]]
    sentences = SENTENCES + ANSWER_SENTENCES
    t, b = _array(titles), _array(sentences)
    title_sql = _pick(t, len(titles), 1)
    body_sql = " || ' ' || ".join(_pick(b, len(sentences), k) for k in (2, 3, 4))
    body_sql += f" || CASE WHEN mod(i, 9973) = 0 THEN ' Traitement par {RARE}.' ELSE '' END"
    columns = [f.column for f in Content._meta.concrete_fields if f.column != "id"]
    overrides = {
        "title": f"left({title_sql}, 200)", "slug": f"'{MARK}' || i", "summary": body_sql, "status": "'published'",
        "visibility": "CASE WHEN mod(i, 4) = 0 THEN 'verified' ELSE 'public' END",
        "published_at": "now() - mod(abs(hashint4(i)), 1500) * interval '1 day'",
        "view_count": "mod(abs(hashint4(i + 11)), 500)",
    }
    select = ", ".join(overrides.get(col, f't."{col}"') for col in columns)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        cursor.execute(f"INSERT INTO content_content ({', '.join(map(quote, columns))}) SELECT {select} "  # noqa: S608
                       f"FROM content_content t, generate_series(1, %s) AS i WHERE t.id = %s", [rows, template.pk])
    log(f"  {rows} contents in {time.monotonic() - started:.0f} s")
    entry = SearchEntry.objects.create(kind="content", object_id=template.pk, title="modèle", body="modèle",
                                       url="/" + MARK + "template", date=timezone.now())
    entry_columns = [f.column for f in SearchEntry._meta.concrete_fields if f.column != "id"]
    entry_overrides = {
        "object_id": "c.id", "title": "c.title", "body": "c.summary", "url": f"'/{MARK}' || c.id",
        "date": "c.published_at", "popularity": "c.view_count", "indexed_at": "now()",
        "themes": "'|soins-infirmiers|'", "professions": "'|nurse|gp|'", "country": "'BE'",
        "audience": "c.visibility",  # 'public' or 'verified': the key content.rules.audience_key gives them
    }
    select = ", ".join(entry_overrides.get(col, f'e."{col}"') for col in entry_columns)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO search_searchentry ({', '.join(map(quote, entry_columns))}) SELECT {select} "  # noqa: S608
                       "FROM content_content c, search_searchentry e WHERE e.id = %s AND c.slug LIKE %s "
                       "AND c.id <> %s", [entry.pk, MARK + "%", template.pk])
    entry.delete()
    template.delete()
    log(f"  {rows} search entries in {time.monotonic() - started:.0f} s")
    ids = list(SearchEntry.objects.filter(url__startswith="/" + MARK).order_by("pk").values_list("pk", flat=True))
    backend = get_backend()
    for start in range(0, len(ids), 50000):
        with transaction.atomic():
            backend.write(ids[start:start + 50000])
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE search_searchentry")
        cursor.execute("VACUUM ANALYZE content_content")
    log(f"  vectors written (search backend) in {time.monotonic() - started:.0f} s")
    return {"rows": len(ids), "generated": True, "generation_seconds": round(time.monotonic() - started, 1)}


def measure(repeat: int = 15) -> dict:
    from django.contrib.auth.models import AnonymousUser
    from django.db import OperationalError

    from praxis.accounts.models import User
    from praxis.core.actor import Actor
    from praxis.search import selectors
    from praxis.search.backends.postgres import _tsquery
    from praxis.search.text import query_tokens

    # Every timed search reads the index: a summary kept from the previous run of the same query would time the cache.
    selectors.KEPT_SUMMARY_SECONDS = 0
    member = User.objects.get(email="auteur@bench.praxis.invalid")
    out: dict = {"engine": connection.vendor, "candidates_cap": selectors.READ_CAP,
                 "statement_timeout_s": TIMEOUT_S}
    with connection.cursor() as cursor:  # a pathological plan must not hold the bench for hours
        cursor.execute(f"SET statement_timeout = '{TIMEOUT_S}s'")
    for label, actor in (("anonymous", Actor(AnonymousUser())), ("member", Actor(member))):
        for name, query in QUERIES.items():
            timings: list[float] = []
            results = None
            budget = time.monotonic() + 20
            try:
                for k in range(repeat + 1):
                    started = time.perf_counter()
                    results = selectors.search(actor, query)
                    if k >= 1 or time.perf_counter() - started > 2:
                        timings.append((time.perf_counter() - started) * 1000)
                    if time.monotonic() > budget:
                        break
            except OperationalError as exc:
                out[f"{name}.{label}"] = {"query": query, "error": f"cancelled after {TIMEOUT_S} s: {exc}"[:200]}
                continue
            timings.sort()
            out[f"{name}.{label}"] = {
                "query": query, "runs": len(timings), "p50_ms": round(statistics.median(timings), 2),
                "p95_ms": round(timings[min(len(timings) - 1, int(len(timings) * 0.95))], 2),
                "hits_on_page": len(results.hits), "candidates": results.total, "capped": results.capped,
            }
    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = 0")
        for name, query in QUERIES.items():
            sql, params = _tsquery(query_tokens(query))
            cursor.execute(f"SELECT count(*) FROM search_searchentry WHERE vector @@ ({sql})", params)  # noqa: S608
            out[f"{name}.anonymous"]["matching_rows"] = cursor.fetchone()[0]
    # The slowest SQL statement of one real search (common and medium word, anonymous), with its plan.
    from django.test.utils import CaptureQueriesContext

    for name in ("common", "medium"):
        with CaptureQueriesContext(connection) as captured:
            selectors.search(Actor(AnonymousUser()), QUERIES[name])
        slowest = max(captured.captured_queries, key=lambda q: float(q["time"]), default=None)
        if slowest is not None:
            with connection.cursor() as cursor:
                cursor.execute(f"SET statement_timeout = '{TIMEOUT_S}s'")
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + slowest["sql"])
                out[f"explain_{name}_slowest"] = [row[0] for row in cursor.fetchall()]
                cursor.execute("SET statement_timeout = 0")
    return out
