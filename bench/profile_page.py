"""Profile one page in-process on the bench database (cProfile + the SQL it runs), to find why a target is missed.

    .venv/bin/python bench/profile_page.py /contenus/ [--member] [-n 30] [--sql] [--sort tottime]
    .venv/bin/python bench/profile_page.py --all [-n 20]   # CPU per request of every bench scenario, no profiler

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
    parser.add_argument("path", nargs="?")
    parser.add_argument("--all", action="store_true", help="CPU per request of every page scenario, no profiler")
    parser.add_argument("--member", action="store_true", help="as the logged-in bench member")
    parser.add_argument("-n", type=int, default=30)
    parser.add_argument("--sql", action="store_true", help="print the SQL of one request with timings")
    parser.add_argument("--sort", default="cumulative", help="pstats order: cumulative, tottime, ...")
    parser.add_argument("--lines", type=int, default=35)
    args = parser.parse_args()
    if args.all:
        return all_scenarios(args.n)
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
    for _ in range(args.n):
        client.get(args.path)
    print(f"CPU {(time.process_time() - started) * 1000 / args.n:.2f} ms per request (in-process, not profiled)")
    started = time.process_time()
    profiler = cProfile.Profile(time.process_time)  # CPU time: waiting for the database is not counted
    profiler.enable()
    for _ in range(args.n):
        client.get(args.path)
    profiler.disable()
    print(f"CPU {(time.process_time() - started) * 1000 / args.n:.2f} ms per request (profiled, in-process)")
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats(args.sort).print_stats(args.lines)
    print("\n".join(line for line in out.getvalue().splitlines() if line.strip())[:9000])


def all_scenarios(n: int) -> None:
    """Quick loop while fixing: in-process CPU per request (no server, no network) of each bench scenario."""
    from bench.scenarios import resolve
    from bench.threads import info
    from praxis.accounts.models import User

    anonymous, member = Client(), Client()
    member.force_login(User.objects.get(email="lecteur@bench.praxis.invalid"))
    for row in resolve({"thread": info()}):
        if "path" not in row or row["kind"] in {"baseline", "static"}:
            if "path" not in row:
                print(f"{row['name']:<24} {row['skip']}")
            continue
        client = member if row["auth"] else anonymous
        for _ in range(2):
            response = client.get(row["path"])
        started = time.process_time()
        for _ in range(n):
            client.get(row["path"])
        cpu = (time.process_time() - started) * 1000 / n
        print(f"{row['name']:<24} HTTP {response.status_code}  {cpu:7.2f} ms CPU  {row['path']}")


if __name__ == "__main__":
    main()
