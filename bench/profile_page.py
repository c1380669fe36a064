"""Profile one page in-process on the bench database (cProfile + the SQL it runs), to find why a target is missed.

    .venv/bin/python bench/profile_page.py /contenus/ [--member] [-n 30] [--sql] [--sort tottime]
    .venv/bin/python bench/profile_page.py --all [-n 20]   # CPU per request of every bench scenario, no profiler
    .venv/bin/python bench/profile_page.py --chrome [-n 200]  # the chrome against the minimal page, stable figures
    .venv/bin/python bench/profile_page.py --only api.contents_json,learning.scorm_commit [-n 100]  # the same, for
                                                                 # bench scenarios by name (POST bodies included)

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
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.update({
    "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "0", "PRAXIS_BENCH": "1",
    "DATABASE_URL": os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/praxis_bench"),
    "PRAXIS_VAR_DIR": str(ROOT / "var" / "bench" / "profile"), "ALLOWED_HOSTS": "testserver,127.0.0.1",
    # As for the bench's server (bench/run.py): the API's own limits would answer 429 after 60 calls.
    "API_RATE_LIMIT_PER_IP": "1000000000", "API_RATE_LIMIT_PER_TOKEN": "1000000000",
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
    parser.add_argument("--chrome", action="store_true",
                        help="minimal page, chrome.anon, chrome.member: CPU, Python calls and queries per request")
    parser.add_argument("--only", help="bench scenarios by name, comma-separated: CPU, calls and SQL as --chrome")
    parser.add_argument("--member", action="store_true", help="as the logged-in bench member")
    parser.add_argument("-n", type=int, default=30)
    parser.add_argument("--sql", action="store_true", help="print the SQL of one request with timings")
    parser.add_argument("--sort", default="cumulative", help="pstats order: cumulative, tottime, ...")
    parser.add_argument("--lines", type=int, default=35)
    args = parser.parse_args()
    if args.all:
        return all_scenarios(args.n)
    if args.chrome:
        return chrome(args.n)
    if args.only:
        return only(args.only.split(","), args.n)
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


def only(names: list[str], n: int) -> None:
    """Named bench scenarios against the minimal page, measured as `chrome` measures (best of 5 rounds of `n`)."""
    import itertools

    from bench.scenarios import resolve
    from bench.threads import info
    from praxis.accounts.models import User

    anonymous, member = Client(), Client()
    member.force_login(User.objects.get(email="lecteur@bench.praxis.invalid"))
    numbers = itertools.count(1_000_000 + int(time.time()) % 1_000_000 * 100)  # SCORM sequences only grow
    rows = [{"name": "minimal_page", "path": "/__bench__/minimal/", "auth": False, "method": "GET"}]
    rows += [row for row in resolve({"thread": info()}) if row["name"] in names and "path" in row]
    results = {}
    for row in rows:
        client = member if row["auth"] else anonymous

        def send(row: dict = row, client: Client = client) -> object:
            if row["method"] == "POST":
                body = row["body"].replace("{t}", "1").replace("{i}", str(next(numbers)))
                return client.post(row["path"], body, content_type="application/json")
            return client.get(row["path"])

        for _ in range(5):
            response = send()
        statements: list[str] = []

        def record(execute: Any, sql: str, *rest: Any, statements: list[str] = statements) -> Any:
            statements.append(sql)
            return execute(sql, *rest)

        with connection.execute_wrapper(record):
            send()
        rounds = []
        for _ in range(5):
            started = time.process_time()
            for _ in range(n):
                send()
            rounds.append((time.process_time() - started) * 1000 / n)
        count = 0

        def tracer(frame: object, event: str, arg: object) -> None:
            nonlocal count
            if event in ("call", "c_call"):
                count += 1

        sys.setprofile(tracer)
        try:
            for _ in range(5):
                send()
        finally:
            sys.setprofile(None)
        results[row["name"]] = (min(rounds), count / 5, len(statements), response.status_code)
    base = results["minimal_page"]
    print(f"{'scenario':<28} {'HTTP':>4} {'CPU ms best':>11} {'× min':>6} {'calls':>8} {'× min':>6} {'SQL':>4}")
    for name, (best, calls, queries, status) in results.items():
        print(f"{name:<28} {status:>4} {best:>11.3f} {best / base[0]:>6.2f} {calls:>8.0f} {calls / base[1]:>6.2f} "
              f"{queries:>4}")


def calls_per_request(client: Client, path: str, n: int = 5) -> float:
    """Python and C function calls per request: deterministic, so unlike CPU time it does not move with the host's
    other tenants (this machine has no hardware instruction counter)."""
    count = 0

    def tracer(frame: object, event: str, arg: object) -> None:
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(tracer)
    try:
        for _ in range(n):
            client.get(path)
    finally:
        sys.setprofile(None)
    return count / n


def chrome(n: int) -> None:
    """The signed-in chrome (issue 22: ≤ 0.5× the minimal page) measured in one process: the best of 5 rounds of `n`
    requests each (CPU time, the round least disturbed by other processes), function calls and SQL per request. Use
    it for before/after comparisons of a lever; `make bench` gives the figures under load."""
    from praxis.accounts.models import User

    anonymous = Client()
    member = Client()
    member.force_login(User.objects.get(email="lecteur@bench.praxis.invalid"))
    rows = [("minimal_page", anonymous, "/__bench__/minimal/"), ("baseline", anonymous, "/__bench__/baseline/"),
            ("baseline.member", member, "/__bench__/baseline/"), ("chrome.anon", anonymous, "/__bench__/chrome/"),
            ("chrome.member", member, "/__bench__/chrome/"), ("notifications.count", member, "/notifications/cloche/")]
    results = {}
    for name, client, path in rows:
        for _ in range(5):
            response = client.get(path)
        if response.status_code != 200:
            print(f"{name:<22} HTTP {response.status_code} on {path}")
            continue
        with CaptureQueriesContext(connection) as captured:
            client.get(path)
        queries = len(captured.captured_queries)
        rounds = []
        for _ in range(5):
            started = time.process_time()
            for _ in range(n):
                client.get(path)
            rounds.append((time.process_time() - started) * 1000 / n)
        results[name] = (min(rounds), sorted(rounds)[2], calls_per_request(client, path), queries)
    base = results.get("minimal_page")
    print(f"{'scenario':<22} {'CPU ms best':>11} {'median':>7} {'× min':>6} {'calls':>8} {'× min':>6} {'SQL':>4}")
    for name, (best, median, calls, queries) in results.items():
        print(f"{name:<22} {best:>11.3f} {median:>7.3f} {best / base[0]:>6.2f} {calls:>8.0f} {calls / base[2]:>6.2f} "
              f"{queries:>4}")


if __name__ == "__main__":
    main()
