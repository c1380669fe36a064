"""The restore drill: back up a seeded instance, restore it into an empty database and media folder in another process,
compare every table's row count and every file's checksum, then serve a page from the restored instance."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.urls import reverse

from praxis.content.models import Content
from praxis.content.tests.pages_factories import make_content
from praxis.core.backup import BackupError, restore_backup, storage_files
from praxis.testing import make_institution, make_member
from praxis.testing.files import png_bytes

KEY = b"-----BEGIN PRIVATE KEY-----\nbackup-test\n-----END PRIVATE KEY-----\n"


def seed() -> Content:
    author = make_member(email="auteur.sauvegarde@example.org")
    institution = make_institution("Clinique de la sauvegarde")
    institution.logo.save("sauvegarde.png", ContentFile(png_bytes()), save=True)
    make_content(author, title="Pansement de la sauvegarde")
    return make_content(author, kind=Content.Kind.DOCUMENT, title="Protocole restauré")


def row_counts_here() -> dict[str, int]:
    counts = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


class Target:
    """An empty database of the same engine as the test database, and an empty media folder."""

    def __init__(self, tmp_path: Path) -> None:
        self.media = tmp_path / "restored-media"
        self.var = tmp_path / "restored-var"
        self.var.mkdir()
        if connection.vendor == "sqlite":
            self.name = str(tmp_path / "restored.sqlite3")
            self.url = f"sqlite:///{self.name}"
        else:
            db = connection.settings_dict
            self.name = f"{db['NAME']}_restored"
            with connection.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{self.name}"')
                cursor.execute(f'CREATE DATABASE "{self.name}"')
            auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
            self.url = f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{self.name}"

    def env(self) -> dict[str, str]:
        return {**{k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")},
                "DATABASE_URL": self.url, "MEDIA_ROOT": str(self.media), "PRAXIS_VAR_DIR": str(self.var),
                "PRAXIS_TESTING": "0", "DEBUG": "0", "CPD_SIGNING_KEY_FILE": str(self.var / "key.pem"),
                "EMAIL_BACKEND": "file", "TASK_QUEUE_URL": "immediate://"}

    def manage(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, str(settings.BASE_DIR / "manage.py"), *args], env=self.env(),
                              capture_output=True, text=True, cwd=settings.BASE_DIR, timeout=120)

    def row_counts(self) -> dict[str, int]:
        if connection.vendor == "sqlite":
            with sqlite3.connect(self.name) as db:
                tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                                   "AND name NOT LIKE 'sqlite_%'")]
                return {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}  # noqa: S608
        import psycopg

        with psycopg.connect(self.url.replace("postgres://", "postgresql://", 1)) as db:
            tables = [r[0] for r in db.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
            return {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}  # type: ignore[index]  # noqa: S608

    def drop(self) -> None:
        if connection.vendor != "sqlite":
            with connection.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


@pytest.mark.django_db(transaction=True)
def test_a_restored_instance_has_every_row_and_file_and_serves_its_pages(tmp_path):
    document = seed()
    key_file = tmp_path / "cpd-key.pem"
    key_file.write_bytes(KEY)
    archive = tmp_path / "praxis.tar"
    with override_settings(CPD_SIGNING_KEY="", CPD_SIGNING_KEY_FILE=str(key_file)):
        call_command("backup", output=str(archive), stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert archive.stat().st_mode & 0o077 == 0  # the archive holds everyone's data: its owner only
    source_counts = row_counts_here()
    source_files = {name: hashlib.sha256(default_storage.open(name).read()).hexdigest()
                    for name in storage_files(default_storage)}
    assert document.document.name in source_files and len(source_files) >= 2

    target = Target(tmp_path)
    try:
        restored = target.manage("restore", str(archive))
        assert restored.returncode == 0, restored.stderr
        assert "Restore checked" in restored.stdout

        counts = target.row_counts()
        assert {t: n for t, n in counts.items() if t in source_counts} == source_counts
        assert source_counts["content_content"] == Content.objects.count() >= 2
        restored_files = {str(p.relative_to(target.media)): hashlib.sha256(p.read_bytes()).hexdigest()
                          for p in target.media.rglob("*") if p.is_file()}
        assert restored_files == source_files
        assert (target.var / "key.pem").read_bytes() == KEY

        page = target.manage("shell", "-c", (
            "from django.test import Client; c = Client(); "
            f"r = c.get('{reverse('content:detail', args=[document.pk, document.slug])}'); h = c.get('/healthz'); "
            "import json; print(json.dumps([r.status_code, 'Protocole restauré' in r.content.decode(), "
            "h.status_code]))"))
        assert page.returncode == 0, page.stderr
        assert json.loads(page.stdout.strip().splitlines()[-1]) == [200, True, 200]
    finally:
        target.drop()


@pytest.mark.django_db
def test_restore_refuses_what_is_not_a_praxis_backup(tmp_path):
    not_a_backup = tmp_path / "other.tar"
    with tarfile.open(not_a_backup, "w") as tar:
        tar.add(__file__, arcname="notes.py")
    with pytest.raises(BackupError, match="not a Praxis backup"):
        restore_backup(not_a_backup)


@pytest.mark.django_db
def test_restore_refuses_a_database_that_is_not_empty(tmp_path):
    archive = tmp_path / "praxis.tar"
    call_command("backup", output=str(archive), no_media=True, stdout=open(os.devnull, "w"))  # noqa: SIM115
    with pytest.raises(BackupError, match="not empty"):
        restore_backup(archive)
