from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from praxis.search import registry
from praxis.search.services import rebuild


class Command(BaseCommand):
    help = "Empty and rebuild the search index (every registered kind, or the kinds given)."

    def add_arguments(self, parser: CommandParser) -> None:
        names = ", ".join(r.kind for r in registry.kinds())
        parser.add_argument("kinds", nargs="*", help=f"kinds to rebuild (default: all: {names})")

    def handle(self, *args: Any, **options: Any) -> None:
        for kind, count in rebuild(options["kinds"] or None).items():
            self.stdout.write(f"{kind}: {count} indexed")
