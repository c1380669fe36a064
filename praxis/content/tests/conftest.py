"""Fixtures shared by the media tests (pipeline, views, tus, import)."""

from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation

from praxis.content.models import Content

from .media_factories import make_capsule


@pytest.fixture
def media_dirs(settings: Any, tmp_path: Any) -> Iterator[None]:
    """Private upload and work folders; messages produced outside a request in English (requests follow their own
    language)."""
    settings.CONTENT_UPLOAD_DIR = str(tmp_path / "uploads")
    settings.CONTENT_WORK_DIR = str(tmp_path / "work")
    with translation.override("en"):
        yield


@pytest.fixture
def capsule(verified_gp: Any) -> Content:
    """A draft capsule of the verified GP, without a video yet."""
    return make_capsule(verified_gp)
