"""Permission-matrix rows of the media pipeline's routes (see praxis/testing/matrix.py)."""

import atexit
import shutil
import tempfile
import uuid
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from django.utils import timezone

from praxis.content.models import Upload
from praxis.testing.matrix import LOGIN, Route

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


def _capsule(world: SimpleNamespace) -> dict[str, Any]:
    return {"content_id": world.media_capsule.pk}


def _upload(world: SimpleNamespace) -> dict[str, Any]:
    return {"content_id": world.media_capsule.pk, "upload_id": world.media_upload.pk}


# The capsule is a draft of the verified GP: only its author edits it; moderators see it but may not edit it;
# for everyone else it does not exist (404). The tus endpoints answer 403 rather than a login redirect.
AUTHOR_PAGE = {"anonymous": LOGIN, "verified_gp": 200, "moderator": 403, "platform_admin": 403, "*": 404}
ROUTES = [
    Route("content:capsule_upload", AUTHOR_PAGE, kwargs=_capsule),
    Route("content:capsule_upload", AUTHOR_PAGE, kwargs=_capsule, htmx=True),
    Route("content:capsule_captions", {**AUTHOR_PAGE, "verified_gp": 400}, method="post", kwargs=_capsule),
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
]
