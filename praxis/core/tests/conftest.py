"""Fixtures of the operations tests (scale-out, crashes): one S3-compatible endpoint for the session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

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
