"""`manage.py import_scorm PATH --title T --owner EMAIL [--institution SLUG] [--publish]`.

Creates a course with one SCORM lesson from a package (checked like an upload), unpacks it at once, and prints the
lesson's URL on its last line. The owner must be allowed to write the course: a trainer or admin of the institution,
or a platform administrator for a platform course (no --institution)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from praxis.accounts.models import User
from praxis.core.actor import Actor
from praxis.institutions.models import Institution
from praxis.learning import services as learning_services
from praxis.learning.models import Visibility
from praxis.learning.scorm import services
from praxis.learning.scorm.models import ScormPackage


class Command(BaseCommand):
    help = "Create a course with one SCORM lesson from a SCORM 1.2 or 2004 zip; print the lesson's URL last."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path", type=Path, help="the package (.zip)")
        parser.add_argument("--title", required=True, help="the course's and the lesson's title")
        parser.add_argument("--owner", required=True, help="email of the author (trainer/admin, or platform admin)")
        parser.add_argument("--institution", default="", help="slug of the owner institution (empty: the platform)")
        parser.add_argument("--summary", default="", help="defaults to the package's title")
        parser.add_argument("--visibility", default=Visibility.OPEN, choices=Visibility.values)
        parser.add_argument("--publish", action="store_true", help="publish the course at once")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        owner = User.objects.filter(email__iexact=options["owner"]).first()
        if owner is None:
            raise CommandError(f"No account with the email {options['owner']}")
        institution = None
        if options["institution"]:
            institution = Institution.objects.filter(slug=options["institution"]).first()
            if institution is None:
                raise CommandError(f"No institution with the slug {options['institution']}")
        if options["publish"] and institution is None:
            raise CommandError("--publish needs --institution: the platform's courses are published through review.")
        actor = Actor(owner)
        title = options["title"]
        with translation.override(settings.LANGUAGE_CODE), path.open("rb") as handle:
            try:
                with transaction.atomic():
                    course = learning_services.course_create(actor=actor, data={
                        "title": title, "summary": options["summary"] or title, "owner_institution": institution,
                        "visibility": options["visibility"] if institution else Visibility.OPEN,
                    })
                    lesson = services.scorm_lesson_create(actor=actor, course=course, title=title, file=handle,
                                                          original_name=path.name, size=path.stat().st_size)
            except (ValidationError, PermissionDenied) as error:
                messages = getattr(error, "messages", None) or [f"{owner.email} may not write this course."]
                raise CommandError(f"{path.name}: {' '.join(str(m) for m in messages)}") from None
        package = ScormPackage.objects.get(lesson=lesson)
        services.scorm_package_publish(package.pk, package.source_key)  # at once (the queued job becomes a no-op)
        package.refresh_from_db()
        if not package.is_ready:
            raise CommandError(f"{path.name}: {package.failure_reason or 'not unpacked'}")
        if options["publish"]:
            learning_services.course_publish(actor=actor, course=course)
        self.stdout.write(f"{package.get_version_display()} package “{package.title or title}”: "
                          f"{package.file_count} files, {len(package.launchable())} SCO(s); course "
                          f"{course.slug} ({'published' if options['publish'] else 'draft'}).")
        self.stdout.write(settings.SITE_URL.rstrip("/") + reverse("learning:lesson", args=[course.slug, lesson.pk]))
