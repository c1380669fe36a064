"""What a received file is: video containers recognised by their first bytes, display names."""

from __future__ import annotations

import re
from typing import Any

import filetype
from django.conf import settings
from django.utils.translation import gettext as _

# Containers we accept, recognised by their first bytes (never by the extension).
VIDEO_MIME_EXTENSIONS = {
    "video/mp4": "mp4",
    "video/quicktime": "mov",
    "video/webm": "webm",
    "video/x-matroska": "mkv",
    "video/3gpp": "3gp",
    "video/x-m4v": "m4v",
    "video/x-msvideo": "avi",
    "video/mpeg": "mpg",
}


HEADER_BYTES = 8192


VTT_MAX_BYTES = 512 * 1024  # captions (parsed by praxis.content.media.captions)


class MediaRejected(Exception):
    """The file is not a video we can publish: the message is shown to the author (already translated)."""


class MediaBusy(Exception):
    """Every transcoding slot stayed busy: try again later."""


def setting(name: str, default: Any) -> Any:
    return getattr(settings, name, default)


def sniff_video_mime(head: bytes) -> str | None:
    """The MIME type of a video container from its first bytes, or None if it is not one we accept."""
    if len(head) < 12:
        return None
    kind = filetype.guess(head)
    mime = kind.mime if kind else None
    if mime in VIDEO_MIME_EXTENSIONS:
        return mime
    # ISO base media files whose brand `filetype` does not list (3GP from phones, QuickTime variants).
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand.startswith(b"3g"):
            return "video/3gpp"
        if brand == b"qt  ":
            return "video/quicktime"
        return "video/mp4"
    if head[4:8] in {b"moov", b"mdat", b"wide", b"free"}:  # old QuickTime files without ftyp
        return "video/quicktime"
    return None


def check_video_header(head: bytes) -> str:
    mime = sniff_video_mime(head)
    if mime is None:
        raise MediaRejected(_("This file is not a video (accepted: MP4, MOV, WebM, MKV, 3GP)."))
    return mime


def safe_display_name(name: str) -> str:
    """The uploader's file name, reduced to a harmless label (we never use it as a path)."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = re.sub(r"[\x00-\x1f\x7f]", "", name).strip().lstrip(".")
    return name[:200] or "video"
