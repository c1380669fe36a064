"""Factories of the media-pipeline tests: capsules and small real videos made by FFmpeg (cached per session)."""

from __future__ import annotations

import atexit
import itertools
import shutil
import tempfile
from pathlib import Path
from typing import Any

from django.utils import timezone

from praxis.accounts.models import User
from praxis.content.media import make_test_video, run_ffmpeg
from praxis.content.models import Content, Theme

_sequence = itertools.count(1)
_clips: dict[str, Path] = {}
_clip_dir = Path(tempfile.mkdtemp(prefix="praxis-test-clips-"))
atexit.register(shutil.rmtree, _clip_dir, ignore_errors=True)

GPS = "+50.6326+005.5797/"
DEVICE = "Pixel-Test-Model-9000"


def make_capsule(author: User, *, status: str = Content.Status.DRAFT, **fields: Any) -> Content:
    n = next(_sequence)
    published = status == Content.Status.PUBLISHED
    content = Content.objects.create(
        kind=Content.Kind.CAPSULE, title=fields.pop("title", f"Capsule de test {n}"), slug=f"capsule-de-test-{n}",
        summary="Un geste filmé.", author=author, status=status, coi_none=True,
        visibility=fields.pop("visibility", Content.Visibility.PUBLIC),
        published_at=timezone.now() if published else None, **fields,
    )
    # The seeded themes are gone after a transactional test has flushed the database: make sure one exists.
    theme = Theme.objects.order_by("pk").first() or Theme.objects.create(name="Médecine générale",
                                                                         slug="medecine-generale")
    content.themes.set([theme])
    return content


def clip(kind: str) -> Path:
    """A small real video, generated once per test session, copied so a test may alter its copy."""
    if kind not in _clips:
        path = _clip_dir / f"{kind}.mp4"
        meta = ["-metadata", f"location={GPS}", "-metadata", f"location-eng={GPS}",
                "-metadata", f"com.android.model={DEVICE}", "-metadata", f"model={DEVICE}",
                "-metadata:s:v", f"handler_name={DEVICE}", "-movflags", "use_metadata_tags"]
        if kind == "landscape":
            make_test_video(path, size="320x240", seconds=2, extra=meta)
        elif kind == "tiny":
            make_test_video(path, size="160x90", seconds=1)
        elif kind == "ladder":  # two rungs (360p, 480p) but never 720p
            make_test_video(path, size="640x480", seconds=1)
        elif kind == "silent":
            make_test_video(path, size="160x90", seconds=1, audio=False)
        elif kind == "portrait":  # stored landscape with a 90° display matrix, as phones do
            plain = make_test_video(_clip_dir / "portrait-plain.mp4", size="320x180", seconds=1)
            result = run_ffmpeg(["-y", "-display_rotation:v:0", "90", "-i", str(plain), "-c", "copy", str(path)],
                                timeout=30)
            assert result.returncode == 0, result.stderr
        else:
            raise ValueError(kind)
        _clips[kind] = path
    copy = Path(tempfile.mkdtemp(prefix="copy-", dir=_clip_dir)) / f"{kind}.mp4"
    shutil.copyfile(_clips[kind], copy)
    return copy


def write_file(data: bytes, name: str = "file.mp4") -> Path:
    path = Path(tempfile.mkdtemp(prefix="file-", dir=_clip_dir)) / name
    path.write_bytes(data)
    return path
