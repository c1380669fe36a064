"""Outputs in the storage, through Django's storage API only (local folder, S3-compatible, in-memory in tests)."""

from __future__ import annotations

import contextlib
import hashlib
from pathlib import Path

from django.core.files import File
from django.core.files.storage import default_storage

from ..models import VideoAsset


def delete_prefix(prefix: str) -> None:
    """Delete every file under a storage prefix (works on storages without real folders)."""
    if not prefix:
        return
    prefix = prefix.rstrip("/")
    try:
        folders, files = default_storage.listdir(prefix)
    except (FileNotFoundError, NotADirectoryError, OSError):
        return
    for name in files:
        default_storage.delete(f"{prefix}/{name}")
    for folder in folders:
        delete_prefix(f"{prefix}/{folder}")
    with contextlib.suppress(Exception):
        default_storage.delete(prefix)  # an empty local folder; a no-op elsewhere


def upload_tree(local: Path, prefix: str) -> None:
    for path in sorted(local.rglob("*")):
        if path.is_file():
            key = f"{prefix}/{path.relative_to(local).as_posix()}"
            with path.open("rb") as handle:
                saved = default_storage.save(key, File(handle))
            if saved != key:
                raise RuntimeError(f"storage renamed {key} to {saved}")


def output_prefix(asset: VideoAsset) -> str:
    return prefix_for(asset.content_id, asset.source_key)


def prefix_for(content_id: int, source_key: str) -> str:
    """Where the outputs of one source file go: every attempt of its job writes there, and only there."""
    digest = hashlib.sha256(source_key.encode()).hexdigest()[:20]
    return f"capsules/{content_id}/{digest}"


def media_url(key: str) -> str:
    """The address of a capsule's stored file (rendition, poster, captions): the view that checks who may see it."""
    parts = key.split("/", 2) if key else []
    if len(parts) != 3 or parts[0] != "capsules" or not parts[1].isdigit():
        return ""
    from django.urls import reverse

    return reverse("content:capsule_file", kwargs={"content_id": int(parts[1]), "key": parts[2]})
