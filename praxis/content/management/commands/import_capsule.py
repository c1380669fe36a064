"""`manage.py import_capsule FILE --author EMAIL --title ... [--theme slug ...] [--publish]`.

For institutions that bring an existing library: one call per video (loop over a folder in a shell script). The
video goes through the same pipeline as an upload, synchronously, so the command reports the result."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from praxis.content import media, rules, services
from praxis.content.models import Content, Theme, VideoAsset
from praxis.core.actor import Actor


class Command(BaseCommand):
    help = "Import a video file as a capsule and process it (probe, transcode, poster)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--author", required=True, help="Email of the author's account.")
        parser.add_argument("--title", required=True)
        parser.add_argument("--summary", default="", help="Defaults to the title.")
        parser.add_argument("--theme", action="append", default=[], help="Theme slug (repeat for several).")
        parser.add_argument("--language", default="fr")
        parser.add_argument("--visibility", default=Content.Visibility.PUBLIC, choices=Content.Visibility.values)
        parser.add_argument("--coi", default="", help="Conflict-of-interest declaration (default: none).")
        parser.add_argument("--publish", action="store_true",
                            help="Publish without review (only for a platform administrator author).")

    def handle(self, *args: Any, **options: Any) -> str:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        author = get_user_model().objects.filter(email__iexact=options["author"]).first()
        if author is None:
            raise CommandError(f"No account with the email {options['author']}")
        if options["publish"] and not rules.can_publish_without_review(Actor(author)):
            raise CommandError("--publish is only allowed when the author is a platform administrator.")
        slugs = options["theme"]
        themes = list(Theme.objects.filter(slug__in=slugs))
        unknown = sorted(set(slugs) - {theme.slug for theme in themes})
        if unknown:
            raise CommandError(f"Unknown theme(s): {', '.join(unknown)}")
        if options["visibility"] in {Content.Visibility.INSTITUTION, Content.Visibility.COMMUNITY}:
            raise CommandError("Institution and community visibility are set on the content page after import.")
        with path.open("rb") as handle:
            try:
                media.check_video_header(handle.read(media.HEADER_BYTES))
            except media.MediaRejected as rejection:
                raise CommandError(f"{path.name}: {rejection}") from None
        try:
            content = services.create_imported_capsule(
                author=author, title=options["title"], summary=options["summary"], themes=themes,
                language=options["language"], coi_statement=options["coi"], publish=options["publish"],
                visibility=options["visibility"],
            )
            asset = services.attach_source(actor=Actor(author), content=content, path=path, original_name=path.name,
                                        enqueue=False)
        except (ValidationError, PermissionDenied, media.MediaRejected) as error:
            raise CommandError(str(error)) from None
        media.process_video(asset.pk, asset.source_key)
        asset.refresh_from_db()
        if asset.status != VideoAsset.Status.READY:
            raise CommandError(f"{path.name}: {asset.failure_reason} (capsule #{content.pk} kept as a draft)")
        if options["publish"]:
            services.publish_imported_capsule(author=author, content=content)
        state = "published" if options["publish"] else "draft"
        self.stdout.write(self.style.SUCCESS(
            f"Capsule #{content.pk} imported ({state}): {asset.duration:.0f} s, "
            f"{', '.join(r['name'] for r in asset.renditions)}, in {asset.processing_seconds:.1f} s."
        ))
        return ""
