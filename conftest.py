"""Project-wide fixtures: personas for every role (see praxis.testing)."""

import pytest

from praxis.testing import Personas, make_personas


@pytest.fixture
def personas(db) -> Personas:  # noqa: ANN001
    return make_personas()


@pytest.fixture
def verified_gp(personas: Personas):  # noqa: ANN201
    return personas.verified_gp


@pytest.fixture
def unverified_member(personas: Personas):  # noqa: ANN201
    return personas.unverified_member


@pytest.fixture
def moderator(personas: Personas):  # noqa: ANN201
    return personas.moderator


@pytest.fixture
def platform_admin(personas: Personas):  # noqa: ANN201
    return personas.platform_admin


@pytest.fixture
def outsider(personas: Personas):  # noqa: ANN201
    return personas.outsider


@pytest.fixture(autouse=True)
def _clear_cache():  # noqa: ANN202
    """Rate-limit counters and rendered cards live in caches: every test starts with none."""
    from django.core.cache import caches

    for alias in caches:
        caches[alias].clear()
    yield


@pytest.fixture
def task_worker(transactional_db, tmp_path):  # noqa: ANN001, ANN201
    """A real `manage.py run_huey` worker on the test database (see praxis.testing.RunningWorker)."""
    from praxis.testing import task_worker_context

    with task_worker_context(tmp_path) as worker:
        yield worker


def pytest_collection_modifyitems(items: list) -> None:
    """Transactional tests (real browser, real worker, concurrency) end with a flush of the database, which also
    removes the rows data migrations seeded (themes, services...). Restore them after each such test."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        transactional = bool(marker and marker.kwargs.get("transaction")) or bool(
            {"transactional_db", "live_server", "task_worker"} & set(getattr(item, "fixturenames", ()))
        )
        if transactional and "django_db_serialized_rollback" not in item.fixturenames:
            item.fixturenames.append("django_db_serialized_rollback")
