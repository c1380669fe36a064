"""Does a web process keep memory per request? In-process, deterministic companion of the load test's RSS trend.

    .venv/bin/python bench/memory_probe.py [--members 50] [--rounds 4]

Every page scenario of the bench (bench/scenarios.py) is asked by `--members` different signed-in members (each with
their own session, as in the load test) and by a visitor, round after round. After the first round (imports, compiled
queries, per-language fragments, template caches: what a process builds once), tracemalloc measures what each further
round adds: a process that keeps something per request or per member grows by the same amount every round; a flat
process adds ~0. Prints the traced memory per round and the 15 source lines whose allocations grew most between the
second and the last round. Uses the `praxis_bench` PostgreSQL database seeded by `make bench`; only reads pages (the
members' sessions are written, as a sign-in would).
"""

from __future__ import annotations

import argparse
import gc
import sys
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from django.test import Client

import bench.profile_page  # noqa: F401 - its import sets Django up on the bench database (same settings, DEBUG off)


def members(count: int) -> list[Client]:
    """`count` members without a privileged role (those must pass MFA first), each signed in on their own client."""
    from praxis.accounts.models import User

    clients = []
    for user in User.objects.filter(is_active=True, is_staff=False).order_by("pk")[: count * 3]:
        client = Client()
        client.force_login(user)
        if client.get("/__bench__/chrome/").status_code == 200:
            clients.append(client)
        if len(clients) == count:
            break
    return clients


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=4)
    args = parser.parse_args()

    from bench.scenarios import resolve
    from bench.threads import info

    rows = [row for row in resolve({"thread": info()})
            if "path" in row and row["method"] == "GET" and row["kind"] not in {"static"}]
    signed_in, visitor = members(args.members), Client()
    print(f"{len(rows)} GET scenarios, {len(signed_in)} members and a visitor; "
          f"{sum(len(signed_in) if r['auth'] else 1 for r in rows)} requests a round")

    def one_round() -> dict[int, int]:
        statuses: dict[int, int] = {}
        for row in rows:
            for client in signed_in if row["auth"] else [visitor]:
                status = client.get(row["path"]).status_code
                statuses[status] = statuses.get(status, 0) + 1
        return statuses

    print(f"round 1 (warm-up, not traced): {one_round()}")
    tracemalloc.start(12)
    snapshots = []
    for number in range(2, args.rounds + 2):
        statuses = one_round()
        gc.collect()
        current, _ = tracemalloc.get_traced_memory()
        snapshots.append(tracemalloc.take_snapshot())
        print(f"round {number}: traced {current / 1024:9.1f} KiB  statuses {statuses}")
    first, last = snapshots[0], snapshots[-1]
    grown = last.compare_to(first, "traceback")
    total = sum(stat.size_diff for stat in grown)
    per_round = total / max(1, len(snapshots) - 1)
    print(f"\nkept between round 2 and round {args.rounds + 1}: {total / 1024:.1f} KiB "
          f"({per_round / 1024:.1f} KiB a round)\n")
    for stat in grown[:15]:
        frames = [f"{Path(f.filename).name}:{f.lineno}" for f in stat.traceback if "praxis" in f.filename
                  or "django" in f.filename][:4]
        print(f"{stat.size_diff / 1024:8.1f} KiB {stat.count_diff:+6d} blocks  {' < '.join(frames)}  "
              f"[{stat.traceback[-1].filename.split('site-packages/')[-1]}:{stat.traceback[-1].lineno}]")


if __name__ == "__main__":
    main()
