from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "Load the French demo data (idempotent: running it twice changes nothing)."

    def handle(self, *args: object, **options: object) -> None:
        # Each Praxis app seeds its own part, in INSTALLED_APPS order (accounts before what depends on them).
        for config in apps.get_app_configs():
            if not config.name.startswith("praxis."):
                continue
            try:
                module = import_module(f"{config.name}.demo")
            except ModuleNotFoundError as error:
                if error.name != f"{config.name}.demo":
                    raise
                continue
            with transaction.atomic():
                summary = module.seed()
            self.stdout.write(f"{config.label}: {summary}")
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
