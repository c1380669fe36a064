"""Stored files follow their rows: a file is removed only once the transaction that removed (or replaced) its row
has committed.

Deleting the file first and the row second loses the file whenever the transaction rolls back (the row stays and
points at nothing; downloading it fails). Every deletion of a stored file in Praxis goes through these helpers, called
inside the service's transaction; outside a transaction the row change is already committed and the file goes at once.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path

from django.core.files.storage import Storage, default_storage
from django.db import transaction
from django.db.models.fields.files import FieldFile

logger = logging.getLogger("praxis.files")


def _delete(storage: Storage, name: str) -> None:
    try:
        storage.delete(name)
    except Exception:  # a file that cannot be removed now is an orphan, never a lost row: log it and go on
        logger.exception("could not delete stored file %s", name)


def delete_on_commit(names: Iterable[str] | str, *, storage: Storage | None = None) -> None:
    """Remove these stored files (storage keys) after the current transaction commits; nothing if it rolls back."""
    if isinstance(names, str):
        names = [names]
    target = storage or default_storage
    for name in {name for name in names if name}:
        transaction.on_commit(partial(_delete, target, name), robust=True)


def delete_field_files_on_commit(files: Iterable[FieldFile | None]) -> None:
    """Same, for the files of FileFields (each through its own field's storage)."""
    for file in files:
        if file and file.name:
            delete_on_commit(file.name, storage=file.storage)


def call_on_commit(function: Callable[[], None]) -> None:
    """Run a clean-up of files (a folder of renditions, say) after the commit, logging rather than raising."""
    transaction.on_commit(function, robust=True)


def unlink_on_commit(path: str | Path) -> None:
    """Remove a local temporary file (an upload in progress, outside the storage) after the commit."""

    def unlink() -> None:
        with contextlib.suppress(FileNotFoundError):
            Path(path).unlink()

    transaction.on_commit(unlink, robust=True)


def drop_earlier_attempts(storage: Storage, intended: str, kept: str = "") -> int:
    """Delete what earlier, interrupted attempts of a job left at `intended` (a key the job derives from its row, so
    that every attempt aims at the same name): the file itself and the copies the storage renamed (`stem_abc1234.ext`),
    except `kept`, the one the row now points at. A worker killed between writing its file and committing the row
    leaves such a file; the attempt that finishes the job calls this once its row is published. Returns the number
    of files deleted."""
    folder, _slash, base = intended.rpartition("/")
    stem, dot, extension = base.rpartition(".")
    if not dot:
        stem, extension = base, ""
    try:
        _folders, names = storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError, NotImplementedError):
        # No folder: no earlier attempt left anything. A storage that cannot list (NotImplementedError; Django's
        # FileSystemStorage and S3 both can) keeps its leftovers: this cleanup is a courtesy, never a reason to fail
        # the job whose file is already published.
        return 0
    kept_base = kept.rpartition("/")[2]
    dropped = 0
    for name in names:
        if name == kept_base or not name.startswith(stem) or (extension and not name.endswith(f".{extension}")):
            continue
        middle = name[len(stem):len(name) - (len(extension) + 1 if extension else 0)]
        if middle == "" or (middle.startswith("_") and middle[1:].isalnum() and len(middle) == 8):
            _delete(storage, f"{folder}/{name}" if folder else name)
            dropped += 1
    return dropped
