"""`manage.py learning_progress --user EMAIL --course SLUG [--json]`: where one learner stands in one course."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from praxis.accounts.models import User
from praxis.learning import selectors


class Command(BaseCommand):
    help = "Print, per lesson, the status, score, attempts, total time and whether a resume location is stored."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--user", required=True, help="the learner's email address")
        parser.add_argument("--course", required=True, help="the course's address (slug)")
        parser.add_argument("--json", action="store_true", help="print JSON instead of a table")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(email__iexact=options["user"]).first()
        if user is None:
            raise CommandError(f"No member with the email {options['user']}.")
        report = selectors.progress_report(user, options["course"])
        if report is None:
            raise CommandError(f"{options['user']} is not enrolled in {options['course']}.")
        if options["json"]:
            self.stdout.write(json.dumps(report, indent=2, ensure_ascii=False))
            return
        enrolment = report["enrolment"]
        self.stdout.write(f"{report['course']['title']} (v{report['course']['version']}): {enrolment['status']}")
        for row in report["lessons"]:
            self.stdout.write(
                f"{row['position']:>3}. {row['title'][:40]:<40} {row['kind']:<8} {row['status']:<12} "
                f"score={row['score'] if row['score'] is not None else '-':<6} attempts={row['attempts']:<3} "
                f"time={row['total_time_seconds']}s location={'yes' if row['location_stored'] else 'no'} "
                f"suspend_data={'yes' if row['suspend_data_stored'] else 'no'}")
