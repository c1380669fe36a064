"""`manage.py import_capsule`: same pipeline as uploads; `--publish` only for platform administrators."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from praxis.content.models import Content, Theme, VideoAsset
from praxis.core.models import AuditEntry

from .media_factories import clip, write_file

pytestmark = pytest.mark.usefixtures("media_dirs")


def test_an_import_creates_a_processed_draft_capsule(verified_gp) -> None:
    theme = Theme.objects.order_by("pk").first()
    call_command("import_capsule", str(clip("tiny")), author=verified_gp.email, title="Suture simple",
                 theme=[theme.slug])
    content = Content.objects.get(title="Suture simple")
    assert (content.kind, content.status, content.author) == ("capsule", "draft", verified_gp)
    assert list(content.themes.all()) == [theme]
    assert content.coi_none and content.summary == "Suture simple"
    assert content.video.status == VideoAsset.Status.READY


def test_publish_is_refused_for_an_author_who_is_not_a_platform_admin(verified_gp) -> None:
    with pytest.raises(CommandError, match="platform administrator"):
        call_command("import_capsule", str(clip("tiny")), author=verified_gp.email, title="X", publish=True)
    assert not Content.objects.filter(title="X").exists()


def test_a_platform_admin_import_is_published_with_an_audit_entry(platform_admin) -> None:
    call_command("import_capsule", str(clip("tiny")), author=platform_admin.email, title="Pose de sonde",
                 publish=True)
    content = Content.objects.get(title="Pose de sonde")
    assert content.status == Content.Status.PUBLISHED and content.published_at
    entry = AuditEntry.objects.get(action="content.content.published", target_id=str(content.pk))
    assert entry.actor == platform_admin and entry.data == {"via": "import_capsule"}


def test_bad_files_unknown_themes_and_authors_give_clear_errors(verified_gp) -> None:
    with pytest.raises(CommandError, match="not a video"):
        call_command("import_capsule", str(write_file(b"hello " * 100, "a.mp4")), author=verified_gp.email,
                     title="T")
    with pytest.raises(CommandError, match="Unknown theme"):
        call_command("import_capsule", str(clip("tiny")), author=verified_gp.email, title="T", theme=["nope"])
    with pytest.raises(CommandError, match="No account"):
        call_command("import_capsule", str(clip("tiny")), author="nobody@example.test", title="T")
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_capsule", "/nonexistent.mp4", author=verified_gp.email, title="T")
    assert not Content.objects.exists()


def test_a_corrupt_video_is_reported_and_kept_as_a_failed_draft(verified_gp) -> None:
    data = clip("tiny").read_bytes()
    with pytest.raises(CommandError, match="damaged or incomplete"):
        call_command("import_capsule", str(write_file(data[:1500], "cut.mp4")), author=verified_gp.email,
                     title="Coupée")
    assert Content.objects.get(title="Coupée").video.status == VideoAsset.Status.FAILED
