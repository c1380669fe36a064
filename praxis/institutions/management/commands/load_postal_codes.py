import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from praxis.institutions import places
from praxis.institutions.models import PostalCode


class Command(BaseCommand):
    help = "Load postal codes and cities with coordinates (BE, FR, CH, LU by default) from the offline packages."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--countries", default=",".join(places.COUNTRIES), help="comma-separated ISO codes")
        parser.add_argument("--if-empty", action="store_true", help="do nothing when postal codes are already loaded")

    def handle(self, *args: Any, countries: str, if_empty: bool, **options: Any) -> None:
        if if_empty and PostalCode.objects.exists():
            self.stdout.write("Postal codes already loaded.")
            return
        started = time.monotonic()
        count = places.load([c.strip() for c in countries.split(",") if c.strip()])
        self.stdout.write(f"{count} places loaded in {time.monotonic() - started:.1f} s.")
