"""How candidates are ranked and counted: the one definition, in Python, and the constants a backend needs to do the
same in SQL (`backends.postgres` ranks and counts its candidates in the statement that reads them; a test compares
the two on the same candidates: the same order, the same counts).

Relevance is the text rank divided by the best one (0..1), boosted by review (+30 %), recency (up to +30 %) and
popularity (up to +10 %); ties go to the newest, then to the highest id. The boosts together stay below the
title/body weight ratio (2.5), so a title match still beats a body match.
"""

from __future__ import annotations

import math
from collections import Counter
from datetime import datetime, timedelta
from operator import itemgetter
from typing import Any

REVIEWED_BOOST = 0.3
RECENCY_BOOST = 0.3
RECENCY_HALF_DAYS = 180  # the recency boost is halved at this age
UNDATED_AGE_DAYS = 3650.0
POPULARITY_BOOST = 0.1
POPULARITY_DECADES = 4  # popularity 10**4 - 1 gives the whole boost
DATE_BUCKETS = {"week": 7, "month": 31, "year": 365}
# Facets whose values are stored as "|a|b|" (several per entry), and those with one value per entry.
MULTI_VALUED = ("theme", "profession")
SINGLE_VALUED = ("kind", "country", "language")
COLUMNS = {"kind": "kind", "theme": "themes", "profession": "professions", "country": "country",
           "language": "language"}


def date_limits(now: datetime) -> list[tuple[str, datetime]]:
    """Each date bucket with the instant a date must be after to fall in it (the buckets nest)."""
    return [(name, now - timedelta(days=days + 1)) for name, days in DATE_BUCKETS.items()]


def date_buckets(dates: list[Any], now: datetime) -> Counter[str]:
    """How many dates fall in the past week, month, year, or are older (or missing)."""
    known = sorted([date for date in dates if date is not None], reverse=True)
    counts: Counter[str] = Counter()
    counted = 0
    for name, limit in date_limits(now):  # the buckets nest (week within month within year): each newest-first run
        inside = counted
        while inside < len(known) and known[inside] > limit:
            inside += 1
        counts[name] = inside - counted
        counted = inside
    counts["older"] = len(dates) - counted
    return +counts


def ranked(rows: list[dict[str, Any]], relevance: dict[int, float], now: datetime) -> list[dict[str, Any]]:
    """The rows best first. One loop, no call per row: this runs over the 1 000 candidates of a common word."""
    best = max(relevance.values(), default=0) or 1.0
    log10 = math.log10
    popularity_of: dict[int, float] = {}
    keyed = []
    for row in rows:
        date, popular = row["date"], row["popularity"]
        if date:
            age_days = (now - date).total_seconds() / 86400
            age_days = age_days if age_days > 0.0 else 0.0
        else:
            age_days = UNDATED_AGE_DAYS
        if popular in popularity_of:
            popularity = popularity_of[popular]
        else:
            popularity = popularity_of[popular] = min(1.0, log10(1 + popular) / POPULARITY_DECADES)
        pk = row["pk"]
        text = (relevance[pk] if pk in relevance else 0) / best  # noqa: SIM401 - no call per row
        score = text * (1 + REVIEWED_BOOST * row["is_reviewed"]
                        + RECENCY_BOOST * (1 / (1 + age_days / RECENCY_HALF_DAYS)) + POPULARITY_BOOST * popularity)
        keyed.append(((score, date or now, pk), row))
    keyed.sort(key=itemgetter(0), reverse=True)
    return [row for _key, row in keyed]


def facet_counts(rows: list[dict[str, Any]], now: datetime) -> dict[str, Counter[str]]:
    """Each facet's values and how many rows hold them, in the order the values first appear in `rows`."""
    counts: dict[str, Counter[str]] = {
        "kind": Counter(map(itemgetter("kind"), rows)),
        # One split of all the rows' values joined: the same counts without a generator step per row.
        "theme": Counter("|".join([row["themes"] for row in rows]).split("|")),
        "profession": Counter("|".join([row["professions"] for row in rows]).split("|")),
        "country": Counter(map(itemgetter("country"), rows)),
        "language": Counter(map(itemgetter("language"), rows)),
        "date": date_buckets([row["date"] for row in rows], now),
    }
    for counter in counts.values():
        counter.pop("", None)
    return counts
