"""`manage.py restore ARCHIVE`: into an empty database and media storage, then checked (praxis.core.backup)."""

from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from praxis.core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Restore a `manage.py backup` archive into an empty database; checks checksums and row counts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive")

    def handle(self, *args: Any, archive: str, **options: Any) -> None:
        try:
            report = restore_backup(Path(archive))
        except BackupError as error:
            raise CommandError(str(error)) from None
        call_command("createcachetable", verbosity=0)  # the database cache, if the backup came without it
        self.stdout.write(f"{report.tables} tables, {report.rows} rows; {report.files_written} files written, "
                          f"{report.files_present} already present")
        problems = []
        if report.mismatched_counts:
            problems.append("row counts differ from the backup's: " + ", ".join(
                f"{table} {expected}→{found}" for table, (expected, found) in report.mismatched_counts.items()))
        if report.missing_files:
            problems.append(f"{len(report.missing_files)} files missing, e.g. {report.missing_files[:5]}")
        if problems:
            raise CommandError("; ".join(problems))
        self.stdout.write("Restore checked: every table has its rows, every file its checksum.")
