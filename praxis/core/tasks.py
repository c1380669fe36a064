"""Durable background jobs on top of Django's task API (huey backend).

Django's task API carries the job to a worker; a `TaskRun` row makes it durable:

- `@durable_task` functions are enqueued with `.enqueue(*ids)`: a row is written in the caller's transaction and
  the transport task is sent when it commits, so a worker never sees a job whose data is not committed;
- a worker *claims* the row with one conditional UPDATE and a lease; a second delivery of the same job finds it
  claimed and returns, so jobs run once even when delivered twice;
- a failure is retried with exponential backoff up to `max_attempts`, then the row is marked failed, the error
  is logged to the admins, and the Django admin lists it;
- a job whose worker died (SIGKILL, power loss) is handed out again: at worker start-up for jobs of dead
  processes on this host, and every minute for any job whose lease has expired;
- a job that must wait for other work (an account's erasure while its video is being transcoded) raises
  `Postpone(seconds, reason)`: it runs again later without spending an attempt;
- `on_failure` (optional) is called with the job's arguments once its last attempt failed, so that the domain can
  record the outcome (an erasure request marked failed, its member told).
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import traceback
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.tasks import task
from django.utils import timezone
from django.utils.module_loading import import_string
from huey import crontab
from huey.contrib.djhuey import HUEY, on_startup, periodic_task

from .models import TaskRun, WorkerHeartbeat
from .personal_data import purge_everything

logger = logging.getLogger("praxis.tasks")
OVERDUE_AFTER = timedelta(minutes=10)
_registry: dict[str, DurableTask] = {}


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


class Postpone(Exception):
    """Raised by a job that must wait for other work to finish: it is queued again after `seconds`, and the attempt
    does not count towards `max_attempts` (the job bounds its own wait)."""

    def __init__(self, seconds: float, reason: str = "") -> None:
        super().__init__(reason)
        self.seconds = seconds
        self.reason = reason


class DurableTask:
    def __init__(self, func: Callable[..., Any], *, max_attempts: int | None, lease_seconds: int | None,
                 on_failure: Callable[..., Any] | None = None) -> None:
        self.func = func
        self.on_failure = on_failure
        self.path = f"{func.__module__}.{func.__qualname__}"
        self.max_attempts = max_attempts or settings.TASK_MAX_ATTEMPTS
        self.lease_seconds = lease_seconds or settings.TASK_LEASE_SECONDS
        _registry[self.path] = self

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.func(*args, **kwargs)

    def enqueue(self, *args: Any, **kwargs: Any) -> TaskRun:
        """Queue the job; it is sent to the workers when the current transaction commits."""
        run = TaskRun.objects.create(
            task_path=self.path, args=list(args), kwargs=kwargs, max_attempts=self.max_attempts,
            available_at=timezone.now(),
        )
        transaction.on_commit(lambda: _send(run.pk))
        return run


def durable_task(
    func: Callable[..., Any] | None = None, *, max_attempts: int | None = None, lease_seconds: int | None = None,
    on_failure: Callable[..., Any] | None = None,
) -> Any:
    """Decorator: `@durable_task` or `@durable_task(max_attempts=3, lease_seconds=600, on_failure=f)`. Arguments
    must be JSON."""

    def wrap(f: Callable[..., Any]) -> DurableTask:
        return DurableTask(f, max_attempts=max_attempts, lease_seconds=lease_seconds, on_failure=on_failure)

    return wrap(func) if func is not None else wrap


def _send(run_id: int, delay: float = 0) -> None:
    transport = execute_run
    if delay > 0:
        transport = transport.using(run_after=timezone.now() + timedelta(seconds=delay))
    transport.enqueue(run_id)


def _lookup(path: str) -> DurableTask:
    if path not in _registry:
        import_string(path)  # importing the module registers its tasks
    return _registry[path]


@task
def execute_run(run_id: int) -> str:
    """Transport task: claims the run and executes it. Safe to deliver more than once."""
    now = timezone.now()
    run = TaskRun.objects.filter(pk=run_id).first()
    if run is None:
        return "missing"
    job = _lookup(run.task_path)
    claimable = Q(status=TaskRun.Status.QUEUED) | Q(status=TaskRun.Status.RUNNING, lease_until__lt=now)
    claimed = TaskRun.objects.filter(claimable, pk=run_id, available_at__lte=now + timedelta(seconds=1)).update(
        status=TaskRun.Status.RUNNING,
        attempts=run.attempts + 1,
        lease_until=now + timedelta(seconds=job.lease_seconds),
        worker=worker_id(),
    )
    if not claimed:
        return "skipped"
    attempt = run.attempts + 1
    try:
        job.func(*run.args, **run.kwargs)
    except Postpone as postpone:
        TaskRun.objects.filter(pk=run_id).update(
            status=TaskRun.Status.QUEUED, attempts=run.attempts, last_error=postpone.reason[:2000], lease_until=None,
            available_at=timezone.now() + timedelta(seconds=postpone.seconds),
        )
        logger.info("Job %s #%s postponed by %ss: %s", run.task_path, run_id, postpone.seconds, postpone.reason)
        _send(run_id, postpone.seconds)
        return "postponed"
    except Exception as exc:
        error = "".join(traceback.format_exception(exc))
        if attempt < run.max_attempts:
            delay = settings.TASK_RETRY_BASE_SECONDS * 2 ** (attempt - 1)
            TaskRun.objects.filter(pk=run_id).update(
                status=TaskRun.Status.QUEUED, last_error=error, lease_until=None,
                available_at=timezone.now() + timedelta(seconds=delay),
            )
            logger.warning("Job %s #%s failed (attempt %s/%s), retry in %ss", run.task_path, run_id, attempt,
                           run.max_attempts, delay)
            _send(run_id, delay)
            return "retrying"
        TaskRun.objects.filter(pk=run_id).update(
            status=TaskRun.Status.FAILED, last_error=error, lease_until=None, finished_at=timezone.now()
        )
        logger.error("Job %s #%s failed after %s attempts:\n%s", run.task_path, run_id, attempt, error)
        if job.on_failure is not None:
            try:
                job.on_failure(*run.args, **run.kwargs)
            except Exception:
                logger.exception("The failure handler of job %s #%s failed", run.task_path, run_id)
        return "failed"
    TaskRun.objects.filter(pk=run_id).update(
        status=TaskRun.Status.DONE, lease_until=None, finished_at=timezone.now(), last_error=""
    )
    return "done"


def pid_alive(pid: int) -> bool:
    """Whether a process of this machine is still running (signal 0 checks without sending)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def requeue_stalled(now: Any = None, *, starting: bool = False) -> int:
    """Hand out again the jobs whose worker is gone: leases expired anywhere, or dead processes on this host.

    Also re-sends queued jobs that are overdue by ten minutes (their transport message may have been lost) and, when
    a worker starts (`starting`), every queued job that is due: a worker killed after taking a job's message from the
    queue and before claiming it, or after committing a job that queues another and before sending its message,
    lost that message (seen in the kill -9 tests: the member's "export ready" email waited ten minutes). A job
    whose message was not lost gets a second one, which finds it claimed and does nothing."""
    now = now or timezone.now()
    host = socket.gethostname()
    stalled = []
    for run in TaskRun.objects.filter(status=TaskRun.Status.RUNNING).only("pk", "worker", "lease_until"):
        worker_host, _sep, pid = run.worker.rpartition(":")
        dead_here = worker_host == host and pid.isdigit() and not pid_alive(int(pid))
        if dead_here or (run.lease_until and run.lease_until < now):
            stalled.append(run.pk)
    if stalled:
        TaskRun.objects.filter(pk__in=stalled, status=TaskRun.Status.RUNNING).update(
            status=TaskRun.Status.QUEUED, lease_until=None, available_at=now
        )
    # A queued job long overdue has probably lost its message (a queue flushed, a crash between commit and send).
    # The threshold is well above the time a backlog takes to drain, and the job's clock restarts when it is
    # re-sent, so a busy queue is not flooded with duplicates (a duplicate would be harmless, but wasteful).
    overdue = list(
        TaskRun.objects.filter(status=TaskRun.Status.QUEUED, available_at__lt=now - OVERDUE_AFTER)
        .exclude(pk__in=stalled).values_list("pk", flat=True)[:1000]
    )
    if overdue:
        TaskRun.objects.filter(pk__in=overdue).update(available_at=now)
    if starting:
        overdue += list(
            TaskRun.objects.filter(status=TaskRun.Status.QUEUED, available_at__lte=now)
            .exclude(pk__in=[*stalled, *overdue]).order_by("pk").values_list("pk", flat=True)[:1000]
        )
    for run_id in [*stalled, *overdue]:
        _send(run_id)
    if stalled:
        logger.warning("Re-queued %s job(s) whose worker died: %s", len(stalled), stalled)
    return len(stalled) + len(overdue)


def beat() -> None:
    WorkerHeartbeat.objects.update_or_create(worker=worker_id(), defaults={"seen_at": timezone.now()})


# Taken by the first worker thread of a process and never released: huey runs `on_startup` hooks in every worker
# thread, and each start sweep re-sends up to 1 000 queued jobs, so with 2 threads each of them got two more messages
# after every restart of a worker with a backlog, where one is enough to recover a lost one.
_start_sweep = threading.Lock()


if not HUEY.immediate:

    @on_startup()
    def _worker_started() -> None:
        beat()
        if _start_sweep.acquire(blocking=False):
            requeue_stalled(starting=True)

    @periodic_task(crontab(minute="*"))
    def _every_minute() -> None:
        beat()
        requeue_stalled()
        WorkerHeartbeat.objects.filter(seen_at__lt=timezone.now() - timedelta(days=1)).delete()


@durable_task(max_attempts=3, lease_seconds=3600)
def purge_expired_data() -> None:
    """The retention periods every app declares, applied (`praxis.core.personal_data.purge_everything`)."""
    counts = purge_everything()
    logger.info("Retention: %s", {label: count for label, count in counts.items() if count})


@periodic_task(crontab(hour="3", minute="40"))
def _purge_daily() -> None:
    purge_expired_data.enqueue()
