"""Fixtures of the operations tests (scale-out, crashes): one S3-compatible endpoint for the session; the static
files collected for production once per session (the collection test checks them, `make serve` reuses them)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings

from praxis.testing.s3 import S3Bucket, S3Endpoint


@pytest.fixture(scope="session")
def s3_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[S3Endpoint]:
    endpoint = S3Endpoint(tmp_path_factory.mktemp("s3") / "moto.log").start()
    try:
        yield endpoint
    finally:
        endpoint.stop()


@pytest.fixture
def s3_bucket(s3_endpoint: S3Endpoint) -> S3Bucket:
    """A fresh, empty bucket: what a test finds in it was written by this test's processes."""
    return s3_endpoint.bucket()


@dataclass
class CollectedStatic:
    root: Path
    result: subprocess.CompletedProcess[str]


@pytest.fixture(scope="session")
def production_static(tmp_path_factory: pytest.TempPathFactory) -> CollectedStatic:
    """The static files collected once per session with the production settings (manifest storage, brotli and gzip:
    ~45 s on an idle 2-core machine), by what `make serve` runs on a fresh checkout (`collect_static_if_changed`:
    Django's collectstatic, then the fingerprint that lets the next start skip it). The collection test asserts on
    it; the `make serve` test points STATIC_ROOT at it, so the files are not compressed a second time."""
    root = tmp_path_factory.mktemp("static") / "static"
    env = {
        **os.environ, "PRAXIS_PRODUCTION": "1", "PRAXIS_TESTING": "0", "ALLOWED_HOSTS": "praxis.example",
        "SECRET_KEY": "a-long-random-production-secret-key-for-the-check-0123456789-abcdefghij",
        "STATIC_ROOT": str(root),
        "DATABASE_URL": os.environ.get("DATABASE_URL", "sqlite:////tmp/praxis-deploy-check.sqlite3"),
    }
    code = ("from praxis.core.management.commands.serve import collect_static_if_changed\n"
            "assert collect_static_if_changed(), 'nothing collected in an empty STATIC_ROOT'")
    result = subprocess.run([sys.executable, str(settings.BASE_DIR / "manage.py"), "shell", "-c", code],
                            env=env, capture_output=True, text=True, timeout=300)
    return CollectedStatic(root, result)
