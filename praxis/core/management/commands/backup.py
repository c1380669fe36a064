"""`manage.py backup [--output FILE] [--no-media]`: one archive of the database and the media (praxis.core.backup)."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from praxis.core.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "Back up the database (pg_dump or SQLite's backup API) and the media, with checksums, into one archive."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", help="archive to write (default: var/backups/praxis-<date>.tar)")
        parser.add_argument("--no-media", action="store_true",
                            help="list the media with their checksums but do not copy them (an object store that "
                                 "is backed up by itself)")

    def handle(self, *args: Any, output: str | None, no_media: bool, **options: Any) -> None:
        path = Path(output) if output else (
            Path(settings.VAR_DIR) / "backups" / f"praxis-{timezone.now():%Y%m%d-%H%M%S}.tar")
        try:
            manifest = create_backup(path, include_media=not no_media)
        except BackupError as error:
            raise CommandError(str(error)) from None
        rows = sum(manifest["tables"].values())
        size = sum(entry["size"] for entry in manifest["files"])
        self.stdout.write(f"{path}: {len(manifest['tables'])} tables, {rows} rows, {len(manifest['files'])} files "
                          f"({size} bytes{'' if manifest['media_included'] else ', listed only'})")
