"""Small durable jobs used to measure the task queue (enqueue/drain rates, recovery after SIGKILL)."""

import time

from praxis.core.tasks import durable_task


@durable_task
def bench_noop(number: int) -> int:
    return number


@durable_task(max_attempts=3, lease_seconds=600)
def bench_sleep(seconds: float) -> None:
    time.sleep(seconds)
