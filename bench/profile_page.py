"""Profile one page in-process on the bench database (cProfile + the SQL it runs), to find why a target is missed.

    .venv/bin/python bench/profile_page.py /contenus/ [--member] [-n 30] [--sql]

Uses the `praxis_bench` PostgreSQL database seeded by `make bench`, DEBUG off, plain (non-manifest) static storage.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.update({
    "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "0", "PRAXIS_BENCH": "1",
    "DATABASE_URL": os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/praxis_bench"),
    "PRAXIS_VAR_DIR": str(ROOT / "var" / "bench" / "profile"), "ALLOWED_HOSTS": "testserver,127.0.0.1",
})

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("path")
    parser.add_argument("--member", action="store_true", help="as the logged-in bench member")
    parser.add_argument("-n", type=int, default=30)
    parser.add_argument("--sql", action="store_true", help="print the SQL of one request with timings")
    args = parser.parse_args()
    client = Client()
    if args.member:
        from praxis.accounts.models import User

        client.force_login(User.objects.get(email="lecteur@bench.praxis.invalid"))
    for _ in range(3):
        response = client.get(args.path)
    print(f"HTTP {response.status_code}, {len(response.content)} bytes")
    with CaptureQueriesContext(connection) as queries:
        client.get(args.path)
    print(f"{len(queries)} queries, {sum(float(q['time']) for q in queries.captured_queries) * 1000:.1f} ms of SQL")
    if args.sql:
        for q in queries.captured_queries:
            print(f"  {float(q['time']) * 1000:6.2f} ms  {q['sql'][:400]}")
    started = time.process_time()
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(args.n):
        client.get(args.path)
    profiler.disable()
    print(f"CPU {(time.process_time() - started) * 1000 / args.n:.2f} ms per request (profiled, in-process)")
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(35)
    print("\n".join(line for line in out.getvalue().splitlines() if line.strip())[:9000])


if __name__ == "__main__":
    main()
