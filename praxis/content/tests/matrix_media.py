"""Permission-matrix rows of the media pipeline's routes (see praxis/testing/matrix.py)."""

import atexit
import shutil
import tempfile
import uuid
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from praxis.content.models import CaptionTrack, Content, Upload, VideoAsset
from praxis.testing.matrix import LOGIN, Route, everyone

from .media_factories import make_capsule

_DIR = Path(tempfile.mkdtemp(prefix="praxis-matrix-"))
atexit.register(shutil.rmtree, _DIR, ignore_errors=True)


def setup(world: SimpleNamespace) -> None:
    author = world.personas.verified_gp
    world.media_capsule = make_capsule(author, title="Capsule en préparation")
    path = _DIR / f"{uuid.uuid4().hex}.part"
    path.touch()
    world.media_upload = Upload.objects.create(
        id=uuid.uuid4(), owner=author, content=world.media_capsule, length=100, temp_path=str(path),
        expires_at=timezone.now() + timedelta(hours=1),
    )
    for visibility in (Content.Visibility.PUBLIC, Content.Visibility.VERIFIED):
        setattr(world, f"{visibility}_capsule", _ready_capsule(author, visibility))
    cues = [{"start": 0.0, "end": 1.0, "text": "Bonjour."}]
    for content in (world.media_capsule, world.public_capsule, world.verified_capsule):
        CaptionTrack.objects.create(content=content, language="fr", cues=cues, source_format="vtt")


def _ready_capsule(author, visibility: str) -> Content:
    """A published capsule whose renditions are in the storage (written here; FFmpeg is tested elsewhere)."""
    content = make_capsule(author, status=Content.Status.PUBLISHED, visibility=visibility)
    prefix = f"capsules/{content.pk}/0123456789abcdef0123"
    for name in ["master.m3u8", "360p/index.m3u8", "360p/seg_000.ts", "video.mp4", "poster.jpg"]:
        default_storage.save(f"{prefix}/{name}", ContentFile(b"#EXTM3U\n" if name.endswith("m3u8") else b"data"))
    source = default_storage.save(f"capsules/sources/{content.pk}/source.mp4", ContentFile(b"source"))
    VideoAsset.objects.create(content=content, status=VideoAsset.Status.READY, source_key=source,
                              published_prefix=prefix, hls_master=f"{prefix}/master.m3u8", mp4=f"{prefix}/video.mp4",
                              poster=f"{prefix}/poster.jpg")
    return content


def _file(visibility: str, name: str):
    def kwargs(world: SimpleNamespace) -> dict[str, Any]:
        content = getattr(world, f"{visibility}_capsule")
        return {"content_id": content.pk, "key": name.replace("{pk}", str(content.pk))}

    return kwargs


def _capsule(world: SimpleNamespace) -> dict[str, Any]:
    return {"content_id": world.media_capsule.pk}


def _track(visibility: str):
    def kwargs(world: SimpleNamespace) -> dict[str, Any]:
        return {"content_id": getattr(world, f"{visibility}_capsule").pk, "language": "fr"}

    return kwargs


def _upload(world: SimpleNamespace) -> dict[str, Any]:
    return {"content_id": world.media_capsule.pk, "upload_id": world.media_upload.pk}


# The capsule is a draft of the verified GP: only its author edits it; moderators see it but may not edit it;
# for everyone else it does not exist (404). The tus endpoints answer 403 rather than a login redirect.
AUTHOR_PAGE = {"anonymous": LOGIN, "verified_gp": 200, "moderator": 403, "platform_admin": 403, "*": 404}
ROUTES = [
    Route("content:capsule_upload", AUTHOR_PAGE, kwargs=_capsule),
    Route("content:capsule_upload", AUTHOR_PAGE, kwargs=_capsule, htmx=True),
    Route("content:capsule_captions", {**AUTHOR_PAGE, "verified_gp": 400}, method="post", kwargs=_capsule),
    Route("content:capsule_caption_delete", {**AUTHOR_PAGE, "verified_gp": 302}, method="post",
          kwargs=_track("media")),
    # Captions as WebVTT: for those who may watch the video (as its renditions).
    Route("content:capsule_track", {"anonymous": 404, "*": 200}, kwargs=_track("public")),
    Route("content:capsule_track", {"anonymous": 404, "unverified_member": 404, "*": 200},
          kwargs=_track("verified")),
    Route("content:capsule_status", {"anonymous": LOGIN, "verified_gp": 200, "moderator": 200,
                                     "platform_admin": 200, "*": 404}, kwargs=_capsule, htmx=True),
    # Without the Tus-Resumable header the author gets 412 (precondition failed).
    Route("content:capsule_tus", {"anonymous": 403, "verified_gp": 412, "moderator": 403, "platform_admin": 403,
                                  "*": 404}, method="post", kwargs=_capsule),
    Route("content:capsule_tus_upload", {"anonymous": 403, "verified_gp": 412, "moderator": 403,
                                         "platform_admin": 403, "*": 404}, method="head", kwargs=_upload),
    # Missing `seconds`: 400 for those who may watch the draft (author, moderators).
    Route("content:playback_position", {"anonymous": 403, "verified_gp": 400, "moderator": 400,
                                        "platform_admin": 400, "*": 404}, method="post", kwargs=_capsule),
    # The capsule's files: the poster with the page (its teaser), the rest for those who may watch it; the source and
    # anything outside the published video never.
    Route("content:capsule_file", everyone(), kwargs=_file("public", "0123456789abcdef0123/poster.jpg")),
    Route("content:capsule_file", {"anonymous": 404, "*": 200},
          kwargs=_file("public", "0123456789abcdef0123/master.m3u8")),
    Route("content:capsule_file", {"anonymous": 404, "*": 200},
          kwargs=_file("public", "0123456789abcdef0123/360p/seg_000.ts")),
    Route("content:capsule_file", {"anonymous": 404, "unverified_member": 404, "*": 200},
          kwargs=_file("verified", "0123456789abcdef0123/video.mp4")),
    Route("content:capsule_file", {"anonymous": 404, "unverified_member": 404, "*": 200},
          kwargs=_file("verified", "0123456789abcdef0123/poster.jpg")),
    Route("content:capsule_file", everyone(404), kwargs=_file("public", "../sources/{pk}/source.mp4")),
]
