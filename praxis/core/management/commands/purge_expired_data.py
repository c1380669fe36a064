"""Apply the retention periods every app declares (`praxis.core.personal_data`); run daily by the task worker."""

from typing import Any

from django.core.management.base import BaseCommand

from praxis.core.personal_data import purge_everything


class Command(BaseCommand):
    help = "Delete or pseudonymise what has passed its retention period (see the privacy page)."

    def handle(self, *args: Any, **options: Any) -> None:
        for label, count in sorted(purge_everything().items()):
            self.stdout.write(f"{label}: {count}")
