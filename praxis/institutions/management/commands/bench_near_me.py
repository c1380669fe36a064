"""Measure "near me" on many institutions: `manage.py bench_near_me --count 100000` (on a scratch database).

Adds `count` verified institutions spread over Belgium and northern France (slugs `bench-*`), times the directory
search the page runs (first page of 20 + the count) around Liège, then deletes them unless --keep."""

import random
import statistics
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import connection, transaction

from praxis.core.actor import Actor
from praxis.institutions import geo, selectors
from praxis.institutions.models import Institution, Service


class Command(BaseCommand):
    help = "Time the near-me directory query on N generated institutions (scratch databases only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--count", type=int, default=100_000)
        parser.add_argument("--runs", type=int, default=20)
        parser.add_argument("--keep", action="store_true")

    def handle(self, *args: Any, count: int, runs: int, keep: bool, **options: Any) -> None:
        rng = random.Random(1)
        services = list(Service.objects.all())
        started = time.monotonic()
        if not Institution.objects.filter(slug__startswith="bench-").exists():
            with transaction.atomic():
                rows = [Institution(name=f"Bench {n}", slug=f"bench-{n}", kind="association", country="BE",
                                    latitude=rng.uniform(49.5, 51.5), longitude=rng.uniform(2.5, 6.4), is_verified=True)
                        for n in range(count)]
                Institution.objects.bulk_create(rows, batch_size=5000)
                ids = list(Institution.objects.filter(slug__startswith="bench-").values_list("pk", flat=True))
                through = Institution.services.through
                through.objects.bulk_create(
                    [through(institution_id=i, service_id=rng.choice(services).pk) for i in ids], batch_size=5000)
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE institutions_institution; ANALYZE institutions_institution_services;")
        self.stdout.write(f"{connection.vendor}: {Institution.objects.count()} institutions "
                          f"(setup {time.monotonic() - started:.1f} s)")
        place = geo.Place("Liège", "4000", "BE", 50.6337, 5.5675)
        elder = Service.objects.get(slug="elder-abuse")
        cases = {
            "25 km, any service": {"near": selectors.Near(place, 25)},
            "25 km, elder abuse": {"near": selectors.Near(place, 25), "service": elder},
            "100 km, elder abuse": {"near": selectors.Near(place, 100), "service": elder},
        }
        for label, filters in cases.items():
            timings = []
            for _ in range(runs):
                t = time.perf_counter()
                rows = selectors.directory_search(Actor(None), **filters)
                page = list(rows[:20])
                total = rows.count()
                timings.append((time.perf_counter() - t) * 1000)
            self.stdout.write(f"  {label}: {total} matches, first {len(page)} at {page[0].distance_km:.1f}–"
                              f"{page[-1].distance_km:.1f} km; median {statistics.median(timings):.1f} ms, "
                              f"max {max(timings):.1f} ms (page + count, {runs} runs)")
        if not keep:
            Institution.objects.filter(slug__startswith="bench-").delete()
