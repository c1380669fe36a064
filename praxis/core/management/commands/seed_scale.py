"""Fill the database with a realistic, reproducible dataset at the size of the French-speaking health workforce.

    manage.py seed_scale --members 200000 --institutions 10000 --contents 50000 --comments 1000000
    manage.py seed_scale --scale default          # the size `make bench` uses
    manage.py seed_scale --scale tiny --reset      # a few rows, for tests

Every row it creates is recognisable (members `*@scale.praxis.invalid`, slugs starting with `scale-`), so a second
run with the same sizes is a no-op and a run with other sizes replaces only the scale rows (demo data is kept).
Rows are written with `bulk_create` in batches, from `random.Random(seed)`: the same seed gives the same data.

Apps that do not exist yet (no model) are reported as "not available yet" and skipped; the generators for them
come alive as their models land.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from praxis.core.scale import SCALES, run


class Command(BaseCommand):
    help = "Fill the database with a large, realistic, reproducible dataset (for `make bench`)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=sorted(SCALES), default="default",
                            help="preset sizes; the options below override them")
        for name in ("members", "institutions", "communities", "contents", "comments", "thread", "events"):
            parser.add_argument(f"--{name}", type=int, default=None)
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument("--reset", action="store_true", help="regenerate every scale row")

    def handle(self, *args: Any, **options: Any) -> None:
        sizes = dict(SCALES[options["scale"]])
        for name in sizes:
            if options.get(name) is not None:
                sizes[name] = options[name]
        started = time.monotonic()
        self.stdout.write(f"seed_scale {sizes} (seed {options['seed']})")
        run(sizes=sizes, seed=options["seed"], reset=options["reset"], log=self.stdout.write)
        self.stdout.write(f"seed_scale done in {time.monotonic() - started:.1f} s")
