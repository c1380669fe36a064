"""Backup and restore of one Praxis instance: `manage.py backup` and `manage.py restore` (docs/operations.md).

One archive (an uncompressed tar: the dump is compressed already, videos do not compress) holds:
- `database.pgdump` (`pg_dump --format=custom`, PostgreSQL) or `database.sqlite3` (SQLite's online backup API);
- `media/<name>`: every stored file, read through the storage API (local folder or S3), unless `--no-media`
  (an object store with versioning or replication is its own backup; the manifest still lists every object);
- `secrets/cpd-signing-key.pem`: the key that signed the issued credentials, when it lives in a file;
- `manifest.json` (last): the format, the engine, the row count of every table and each file's size and SHA-256.

The row counts come from the same snapshot as the dump (PostgreSQL: an exported snapshot that `pg_dump --snapshot`
reuses; SQLite: counted in the copy), so a restore can check them even when the backup ran during traffic.
A restore goes only into an empty database, checks every file against its checksum as it writes it, never overwrites
a different file, and ends by comparing every table's row count with the manifest.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import Storage, default_storage
from django.db import connection
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
PG_DUMP = "database.pgdump"
SQLITE_DUMP = "database.sqlite3"
SIGNING_KEY = "secrets/cpd-signing-key.pem"
CHUNK = 1024 * 1024


class BackupError(Exception):
    pass


@dataclass
class RestoreReport:
    tables: int = 0
    rows: int = 0
    files_written: int = 0
    files_present: int = 0
    mismatched_counts: dict[str, tuple[int, int]] = field(default_factory=dict)
    missing_files: list[str] = field(default_factory=list)


# --- reading the source --------------------------------------------------------------------------------------------


def storage_files(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every stored file's name, through the storage API (local folder, S3, memory alike)."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(folders):
        yield from storage_files(storage, f"{folder}/{sub}" if folder else sub)


class _Hashing:
    """A file object that hashes what is read through it (tarfile reads the media as it writes the archive)."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw, self.sha256, self.size = raw, hashlib.sha256(), 0

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.sha256.update(data)
        self.size += len(data)
        return data


def _count_rows(cursor: Any, quote: Any, tables: list[str]) -> dict[str, int]:
    counts = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 - names from the database's own catalogue
        counts[table] = int(cursor.fetchone()[0])
    return counts


def _pg_args(settings_dict: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    args = ["--dbname", settings_dict["NAME"]]
    if settings_dict.get("HOST"):
        args += ["--host", settings_dict["HOST"]]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["--username", settings_dict["USER"]]
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    return args, env


def _dump_postgresql(workdir: Path) -> tuple[Path, dict[str, int]]:
    """pg_dump from the snapshot in which the rows were counted."""
    import psycopg

    target = workdir / PG_DUMP
    with psycopg.connect(**connection.get_connection_params()) as conn:
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]  # type: ignore[index]
        tables = [row[0] for row in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()").fetchall()]
        with conn.cursor() as cursor:
            counts = _count_rows(cursor, connection.ops.quote_name, tables)
        args, env = _pg_args(connection.settings_dict)
        proc = subprocess.run(
            ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}",
             f"--file={target}", *args], env=env, capture_output=True, text=True,
        )
        if proc.returncode != 0:
            raise BackupError(f"pg_dump failed: {proc.stderr.strip()}")
    return target, counts


def _dump_sqlite(workdir: Path) -> tuple[Path, dict[str, int]]:
    """SQLite's online backup: a consistent copy even while others write; counted in the copy."""
    target = workdir / SQLITE_DUMP
    source = sqlite3.connect(connection.settings_dict["NAME"])
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        tables = [row[0] for row in copy.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        counts = _count_rows(copy.cursor(), connection.ops.quote_name, tables)
    finally:
        copy.close()
        source.close()
    return target, counts


def create_backup(output: Path, *, include_media: bool = True, storage: Storage | None = None) -> dict[str, Any]:
    """Write the archive to `output` (readable by its owner only) and return its manifest."""
    storage = storage or default_storage
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="praxis-backup-") as tmp:
        workdir = Path(tmp)
        if connection.vendor == "postgresql":
            dump, counts = _dump_postgresql(workdir)
        elif connection.vendor == "sqlite":
            dump, counts = _dump_sqlite(workdir)
        else:
            raise BackupError(f"no backup for the {connection.vendor} database engine")
        partial = output.with_name(output.name + ".partial")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
            tar.add(dump, arcname=dump.name)
            files = []
            for name in storage_files(storage):
                entry: dict[str, Any] = {"name": name}
                with storage.open(name, "rb") as handle:
                    hashing = _Hashing(handle)
                    if include_media:
                        info = tarfile.TarInfo(f"media/{name}")
                        info.size = storage.size(name)
                        info.mtime = int(timezone.now().timestamp())
                        tar.addfile(info, hashing)  # a duck-typed file object that hashes as tarfile reads
                    else:
                        while hashing.read(CHUNK):
                            pass
                entry |= {"size": hashing.size, "sha256": hashing.sha256.hexdigest()}
                files.append(entry)
            secrets = []
            key_file = Path(settings.CPD_SIGNING_KEY_FILE)
            if not settings.CPD_SIGNING_KEY and key_file.is_file():
                tar.add(key_file, arcname=SIGNING_KEY)
                secrets.append(SIGNING_KEY)
            manifest = {
                "format": FORMAT,
                "created_at": timezone.now().isoformat(),
                "engine": connection.vendor,
                "database": dump.name,
                "tables": counts,
                "media_included": include_media,
                "files": files,
                "secrets": secrets,
            }
            data = json.dumps(manifest, indent=1, ensure_ascii=False).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            info.mtime = int(timezone.now().timestamp())
            tar.addfile(info, io.BytesIO(data))
        partial.replace(output)
    return manifest


# --- restoring -----------------------------------------------------------------------------------------------------


def read_manifest(archive: Path) -> dict[str, Any]:
    with tarfile.open(archive, mode="r") as tar:
        try:
            member = tar.getmember(MANIFEST)
        except KeyError:
            raise BackupError(f"{archive} is not a Praxis backup (no {MANIFEST})") from None
        handle = tar.extractfile(member)
        assert handle is not None
        manifest: dict[str, Any] = json.load(handle)
    if manifest.get("format") != FORMAT:
        raise BackupError(f"backup format {manifest.get('format')} is not supported (expected {FORMAT})")
    return manifest


def database_is_empty() -> bool:
    return not connection.introspection.table_names()


def _restore_postgresql(dump: Path) -> None:
    args, env = _pg_args(connection.settings_dict)
    proc = subprocess.run(
        ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", *args,
         str(dump)], env=env, capture_output=True, text=True,
    )
    if proc.returncode != 0:
        raise BackupError(f"pg_restore failed: {proc.stderr.strip()}")


def _restore_sqlite(dump: Path) -> None:
    connection.close()
    source = sqlite3.connect(dump)
    target = sqlite3.connect(connection.settings_dict["NAME"])
    try:
        source.backup(target)
        target.execute("PRAGMA journal_mode=WAL")
    finally:
        target.close()
        source.close()


def _current_counts(tables: list[str]) -> dict[str, int]:
    existing = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        counts = _count_rows(cursor, connection.ops.quote_name, [t for t in tables if t in existing])
    return {table: counts.get(table, -1) for table in tables}


def _restore_file(storage: Storage, name: str, handle: IO[bytes], expected: dict[str, Any]) -> bool:
    """Write one file, checking its checksum on the way; an identical file already there is left as it is.
    Returns whether it was written."""
    with tempfile.TemporaryFile() as spool:
        digest = hashlib.sha256()
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            spool.write(chunk)
        if digest.hexdigest() != expected["sha256"]:
            raise BackupError(f"{name}: the archive's copy does not match its checksum (damaged archive)")
        if storage.exists(name):
            with storage.open(name, "rb") as present:
                same = hashlib.file_digest(present, "sha256").hexdigest() == expected["sha256"]
            if same:
                return False
            raise BackupError(f"{name}: a different file is already stored under this name; restore into empty "
                              "media storage")
        spool.seek(0)
        saved = storage.save(name, File(spool, name=name))
        if saved != name:
            raise BackupError(f"{name}: the storage renamed it to {saved}")
        return True


def restore_backup(archive: Path, *, storage: Storage | None = None) -> RestoreReport:
    """Restore `archive` into the (empty) configured database and the media storage, then check it."""
    storage = storage or default_storage
    manifest = read_manifest(archive)
    if manifest["engine"] != connection.vendor:
        raise BackupError(f"the backup is of a {manifest['engine']} database; DATABASE_URL is {connection.vendor}")
    if not database_is_empty():
        raise BackupError("the database is not empty: restore only into a new, empty database")
    report = RestoreReport()
    expected_files = {entry["name"]: entry for entry in manifest["files"]}
    with tempfile.TemporaryDirectory(prefix="praxis-restore-") as tmp, tarfile.open(archive, mode="r") as tar:
        dump = Path(tmp) / manifest["database"]
        member = tar.getmember(manifest["database"])
        source = tar.extractfile(member)
        assert source is not None
        with dump.open("wb") as out:
            shutil.copyfileobj(source, out, CHUNK)
        if connection.vendor == "postgresql":
            _restore_postgresql(dump)
        else:
            _restore_sqlite(dump)
        for member in tar:
            if member.name.startswith("media/") and member.isfile():
                name = member.name.removeprefix("media/")
                if name not in expected_files:
                    raise BackupError(f"{name}: in the archive but not in its manifest")
                handle = tar.extractfile(member)
                assert handle is not None
                if _restore_file(storage, name, handle, expected_files[name]):
                    report.files_written += 1
                else:
                    report.files_present += 1
            elif member.name == SIGNING_KEY and member.isfile():
                _restore_signing_key(tar, member)
    if not manifest["media_included"]:
        report.files_present = sum(1 for name in expected_files if storage.exists(name))
    report.missing_files = sorted(name for name in expected_files if not storage.exists(name))
    counts = _current_counts(list(manifest["tables"]))
    report.tables = len(counts)
    report.rows = sum(max(n, 0) for n in counts.values())
    report.mismatched_counts = {table: (manifest["tables"][table], n) for table, n in counts.items()
                                if n != manifest["tables"][table]}
    return report


def _restore_signing_key(tar: tarfile.TarFile, member: tarfile.TarInfo) -> None:
    """The key goes where CPD_SIGNING_KEY_FILE points, never over a different key."""
    handle = tar.extractfile(member)
    assert handle is not None
    key = handle.read()
    path = Path(settings.CPD_SIGNING_KEY_FILE)
    if settings.CPD_SIGNING_KEY:
        return
    if path.exists():
        if path.read_bytes() != key:
            raise BackupError(f"{path} holds another signing key: move it away to restore the backup's")
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(key)
