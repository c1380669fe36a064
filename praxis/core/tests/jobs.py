"""Jobs used by the task tests; they live in a module so that a worker process can import them."""

import time
from pathlib import Path

from praxis.core.tasks import durable_task


@durable_task(max_attempts=3)
def slow_write(marker: str, seconds: float) -> None:
    time.sleep(seconds)
    with Path(marker).open("a") as handle:
        handle.write("done\n")


@durable_task(max_attempts=4)
def flaky(marker: str, failures: int) -> None:
    path = Path(marker)
    attempts = int(path.read_text()) + 1 if path.exists() else 1
    path.write_text(str(attempts))
    if attempts <= failures:
        raise RuntimeError(f"failure {attempts} of {failures}")


@durable_task(max_attempts=2)
def always_fails(reason: str) -> None:
    raise RuntimeError(reason)
