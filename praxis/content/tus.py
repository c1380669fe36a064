"""Server side of the tus 1.0 resumable-upload protocol (core, creation, termination), state in the database.

The bytes go to a temporary file outside MEDIA_ROOT (`CONTENT_UPLOAD_DIR`); when the last byte arrives the file is
checked and handed to the media pipeline (`media.attach_source`), then the temporary file is removed.
"""

from __future__ import annotations

import base64
import binascii
import uuid
from datetime import timedelta
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from praxis.core import audit
from praxis.core.actor import Actor
from praxis.core.audit import Action
from praxis.core.files import unlink_on_commit

from . import media, services
from .models import Content, Upload

TUS_VERSION = "1.0.0"
TUS_EXTENSIONS = "creation,termination"
READ_SIZE = 256 * 1024


class TusError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def max_upload_bytes() -> int:
    return getattr(settings, "CONTENT_MAX_UPLOAD_BYTES", 2 * 1024**3)


def upload_dir() -> Path:
    folder = Path(getattr(settings, "CONTENT_UPLOAD_DIR", "") or Path(settings.VAR_DIR) / "uploads")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def parse_metadata(header: str) -> dict[str, str]:
    """`Upload-Metadata: filename d29ybGQ=,is_confidential` → {"filename": "world", "is_confidential": ""}."""
    metadata: dict[str, str] = {}
    for pair in header.split(","):
        pair = pair.strip()
        if not pair:
            continue
        key, _sep, value = pair.partition(" ")
        try:
            decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8") if value else ""
        except (binascii.Error, UnicodeDecodeError):
            raise TusError(400, "Invalid Upload-Metadata") from None
        metadata[key[:50]] = decoded[:500]
    return metadata


@transaction.atomic
def create_upload(*, actor: Actor, content: Content, length: int, metadata: dict[str, str]) -> Upload:
    if length < 0:
        raise TusError(400, "Invalid Upload-Length")
    if length == 0:
        raise TusError(400, _("This file is empty."))
    if length > max_upload_bytes():
        raise TusError(413, _("This file is too large."))
    open_uploads = Upload.objects.filter(owner=actor.user, completed_at__isnull=True, expires_at__gt=timezone.now())
    if open_uploads.count() >= getattr(settings, "CONTENT_MAX_OPEN_UPLOADS", 5):
        raise TusError(429, _("Too many uploads in progress; finish or cancel one first."))
    upload_id = uuid.uuid4()
    path = upload_dir() / f"{upload_id.hex}.part"
    path.touch()
    upload = Upload(
        id=upload_id, owner=actor.user, content=content, length=length,
        filename=media.safe_display_name(metadata.get("filename", "")), metadata=metadata,
        temp_path=str(path),
        expires_at=timezone.now() + timedelta(hours=getattr(settings, "CONTENT_UPLOAD_EXPIRY_HOURS", 24)),
    )
    upload.full_clean()
    upload.save()
    audit.log(actor, Action.CONTENT_UPLOAD_CREATED, content, {"upload": str(upload_id), "length": length})
    return upload


def _check_current(upload: Upload, offset: int) -> None:
    if upload.expires_at < timezone.now():
        raise TusError(410, _("This upload has expired; please start again."))
    if offset != upload.offset:
        raise TusError(409, "Upload-Offset mismatch")


def _write_body(*, actor: Actor, upload: Upload, offset: int, stream: BinaryIO, handle: BinaryIO) -> int:
    """Copy the request body into the file from `offset`; returns how many bytes arrived. The first bytes of the
    file are checked as soon as they arrive: a file that is not a video is refused before the rest is read."""
    written = 0
    remaining = upload.length - offset
    while remaining > 0:
        try:
            chunk = stream.read(min(READ_SIZE, remaining))
        except OSError:  # the connection dropped: keep what arrived, the client resumes from there
            break
        if not chunk:
            break
        if offset == 0 and written == 0 and len(chunk) >= 12:
            try:
                media.check_video_header(chunk[: media.HEADER_BYTES])
            except media.MediaRejected as rejection:
                delete_upload(actor=actor, upload=upload)
                raise TusError(415, str(rejection)) from None
        handle.write(chunk)
        written += len(chunk)
        remaining -= len(chunk)
    if remaining == 0 and stream.read(1):
        raise TusError(413, "The chunk goes beyond Upload-Length")
    return written


def append_chunk(*, actor: Actor, upload: Upload, offset: int, stream: BinaryIO, declared: int | None) -> Upload:
    """Append the request body at `offset` (which must be the current offset) and finish the upload if complete."""
    _check_current(upload, offset)
    if upload.completed_at:  # a repeated final PATCH (the client did not get our answer)
        return upload
    if declared is not None and offset + declared > upload.length:
        raise TusError(413, "The chunk goes beyond Upload-Length")
    path = Path(upload.temp_path)
    if not path.exists():
        raise TusError(410, _("This upload has expired; please start again."))
    with path.open("r+b") as handle:
        handle.seek(offset)
        handle.truncate()
        written = _write_body(actor=actor, upload=upload, offset=offset, stream=stream, handle=handle)
    moved = Upload.objects.filter(pk=upload.pk, offset=offset).update(offset=offset + written)
    if not moved:
        raise TusError(409, "Upload-Offset mismatch")
    upload.offset = offset + written
    if upload.offset == upload.length:
        finish_upload(actor=actor, upload=upload)
    return upload


def finish_upload(*, actor: Actor, upload: Upload) -> None:
    """Hand the complete file to the pipeline (idempotent: a repeated final PATCH finds it done)."""
    if upload.completed_at:
        return
    path = Path(upload.temp_path)
    try:
        services.attach_source(actor=actor, content=upload.content, path=path, original_name=upload.filename)
    except media.MediaRejected as rejection:
        delete_upload(actor=actor, upload=upload)
        raise TusError(415, str(rejection)) from None
    Upload.objects.filter(pk=upload.pk).update(completed_at=timezone.now())
    upload.completed_at = timezone.now()
    unlink_on_commit(path)  # the storage holds a copy now


@transaction.atomic
def delete_upload(*, actor: Actor, upload: Upload) -> None:
    audit.log(actor, Action.CONTENT_UPLOAD_DELETED, upload.content, {"upload": str(upload.pk), "offset": upload.offset})
    Upload.objects.filter(pk=upload.pk).delete()
    unlink_on_commit(upload.temp_path)


def purge_expired_uploads() -> int:
    """Remove abandoned uploads (and finished ones a day later)."""
    count = 0
    for upload in Upload.objects.filter(expires_at__lt=timezone.now()).select_related("content"):
        upload.delete()
        unlink_on_commit(upload.temp_path)
        count += 1
    return count
