"""Durable jobs: retries with backoff, failures visible to admins, and a job whose worker died is run again."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from praxis.core.models import TaskRun, WorkerHeartbeat
from praxis.core.tasks import requeue_stalled
from praxis.core.tests import jobs

pytestmark = pytest.mark.django_db


def test_a_job_is_sent_only_when_the_transaction_commits(tmp_path: Path, django_capture_on_commit_callbacks) -> None:
    marker = tmp_path / "marker"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        run = jobs.slow_write.enqueue(str(marker), 0)
    assert not marker.exists()
    assert len(callbacks) == 1
    callbacks[0]()
    run.refresh_from_db()
    assert run.status == TaskRun.Status.DONE
    assert marker.read_text() == "done\n"


def test_a_failing_job_is_retried_later_with_a_growing_delay(tmp_path: Path, django_capture_on_commit_callbacks,
                                                            settings) -> None:
    settings.TASK_RETRY_BASE_SECONDS = 10
    with django_capture_on_commit_callbacks(execute=True):
        run = jobs.flaky.enqueue(str(tmp_path / "count"), 2)
    run.refresh_from_db()
    assert run.status == TaskRun.Status.QUEUED
    assert run.attempts == 1
    assert "failure 1 of 2" in run.last_error
    assert timedelta(seconds=8) < run.available_at - timezone.now() <= timedelta(seconds=10)


def test_a_job_that_keeps_failing_is_marked_failed_and_listed_for_admins(personas, django_capture_on_commit_callbacks,
                                                                        settings) -> None:
    settings.TASK_RETRY_BASE_SECONDS = 0
    with django_capture_on_commit_callbacks(execute=True):
        run = jobs.always_fails.enqueue("le serveur SMTP ne répond pas")
    run.refresh_from_db()
    assert run.status == TaskRun.Status.FAILED
    assert run.attempts == 2
    assert "le serveur SMTP ne répond pas" in run.last_error
    page = personas.client("platform_admin").get(reverse("admin:core_taskrun_changelist") + "?status__exact=failed")
    assert page.status_code == 200
    assert "praxis.core.tests.jobs.always_fails" in page.content.decode()


def test_a_delivered_job_runs_once_even_if_delivered_twice(tmp_path: Path, django_capture_on_commit_callbacks) -> None:
    from praxis.core.tasks import execute_run

    marker = tmp_path / "marker"
    with django_capture_on_commit_callbacks(execute=True):
        run = jobs.slow_write.enqueue(str(marker), 0)
    assert execute_run.call(run.pk) == "skipped"
    assert marker.read_text() == "done\n"


def test_a_running_job_whose_lease_expired_is_handed_out_again(tmp_path: Path) -> None:
    run = TaskRun.objects.create(
        task_path="praxis.core.tests.jobs.slow_write", args=[str(tmp_path / "m"), 0], status=TaskRun.Status.RUNNING,
        attempts=1, available_at=timezone.now(), lease_until=timezone.now() - timedelta(seconds=1),
        worker="another-host:123",
    )
    assert requeue_stalled() == 1
    run.refresh_from_db()
    assert run.status == TaskRun.Status.DONE
    assert run.attempts == 2


@pytest.mark.worker
def test_the_real_worker_retries_a_flaky_job_until_it_succeeds(task_worker, tmp_path: Path) -> None:
    run = jobs.flaky.enqueue(str(tmp_path / "count"), 2)
    task_worker.wait_for(lambda: TaskRun.objects.get(pk=run.pk).status == TaskRun.Status.DONE, timeout=40)
    run.refresh_from_db()
    assert run.attempts == 3
    assert (tmp_path / "count").read_text() == "3"


@pytest.mark.worker
def test_a_job_killed_with_its_worker_completes_after_the_worker_restarts(task_worker, tmp_path: Path) -> None:
    marker = tmp_path / "marker"
    run = jobs.slow_write.enqueue(str(marker), 3)
    task_worker.wait_for(lambda: TaskRun.objects.get(pk=run.pk).status == TaskRun.Status.RUNNING)
    task_worker.kill()
    run.refresh_from_db()
    assert run.status == TaskRun.Status.RUNNING  # the dead worker still holds it
    assert not marker.exists()

    task_worker.start()
    task_worker.wait_for(lambda: TaskRun.objects.get(pk=run.pk).status == TaskRun.Status.DONE, timeout=40)
    run.refresh_from_db()
    assert run.attempts == 2
    assert marker.read_text() == "done\n"


@pytest.mark.worker
def test_healthz_reports_the_worker_and_says_when_it_is_gone(task_worker, client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "tasks": "ok"}

    task_worker.stop()
    WorkerHeartbeat.objects.update(seen_at=timezone.now() - timedelta(minutes=10))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "ok", "tasks": "no worker"}
