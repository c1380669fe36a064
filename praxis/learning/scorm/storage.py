"""Unpacking a validated package to the storage backend (local files or S3), and reading its files back.

Files go under a prefix of their upload (`scorm/<package>/<hash of the upload>/`), never over a published one: the
package row is switched to the new prefix in one UPDATE once every file is written (see
services.scorm_package_publish), so a learner never sees a half-written package; an attempt after a crash starts by
deleting what the killed attempt half wrote there, and the switch deletes any other prefix no row uses.
"""

from __future__ import annotations

import hashlib
import mimetypes
import secrets
import zipfile
from typing import IO

from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage

from .package import PackageError, inspect_package, limits, safe_member_path

READ_CHUNK = 1024 * 1024


def new_prefix(package_id: int) -> str:
    return f"scorm/{package_id}/{secrets.token_hex(8)}/"


def prefix_for(package_id: int, source_key: str) -> str:
    """The prefix an upload is unpacked to: the same for every attempt of its job, so that an attempt after a crash
    starts by deleting what the killed one half wrote, and a new upload never lands on a published prefix."""
    return f"scorm/{package_id}/{hashlib.sha256(source_key.encode()).hexdigest()[:16]}/"


def prefixes_of(package_id: int, *, storage: Storage | None = None) -> list[str]:
    """Every prefix present in storage for this package (published, replaced, or left by a killed attempt)."""
    storage = storage or default_storage
    try:
        folders, _files = storage.listdir(f"scorm/{package_id}")
    except (FileNotFoundError, NotImplementedError):
        # No folder yet: nothing was unpacked for this package. A storage that cannot list cannot show leftovers
        # either (FileSystemStorage and S3 both list); the unpack itself does not depend on this answer.
        return []
    return [f"scorm/{package_id}/{folder}/" for folder in folders]


def unpack(file: IO[bytes], prefix: str, *, storage: Storage | None = None) -> int:
    """Write every file of the (validated) zip under `prefix`; returns the number of files written.

    The checks run again on the zip actually read (it may have been replaced in storage), and each entry is read
    with the limits in force: an entry that inflates beyond its declared size stops the unpack.
    """
    storage = storage or default_storage
    info = inspect_package(file)
    budget = limits()["unpacked_bytes"]
    written = 0
    file.seek(0)
    with zipfile.ZipFile(file) as archive:
        for entry in archive.infolist():
            if entry.is_dir():
                continue
            path = safe_member_path(entry.filename)
            assert path is not None  # inspect_package refused any other
            with archive.open(entry) as source:
                data = source.read(entry.file_size + 1)
            if len(data) != entry.file_size:
                raise PackageError("declared size mismatch", code="zip_bomb")
            budget -= len(data)
            if budget < 0:
                raise PackageError("unpacked size over the limit", code="unpacked_too_large")
            storage.save(prefix + path, ContentFile(data))
            written += 1
    assert written == len(info.files)
    return written


def delete_prefix(prefix: str, *, storage: Storage | None = None) -> None:
    """Delete every file under `prefix` (a package replaced, a duplicate unpack)."""
    storage = storage or default_storage
    stack = [prefix.rstrip("/")]
    while stack:
        folder = stack.pop()
        try:
            directories, files = storage.listdir(folder)
        except (FileNotFoundError, NotImplementedError):
            continue
        for name in files:
            storage.delete(f"{folder}/{name}")
        stack.extend(f"{folder}/{name}" for name in directories)


def content_type(path: str) -> str:
    guessed, _ = mimetypes.guess_type(path)
    if guessed in (None, "application/octet-stream"):
        return "application/octet-stream"
    if guessed.startswith("text/") or guessed in ("application/javascript", "image/svg+xml", "application/json"):
        return f"{guessed}; charset=utf-8" if "charset" not in guessed else guessed
    return guessed
