"""Index updates in the background: one durable job per changed object, and a periodic catch-up."""

from huey import crontab
from huey.contrib.djhuey import periodic_task

from praxis.core.tasks import durable_task

from . import services


@durable_task
def index_object_task(kind: str, object_id: int) -> None:
    services.index_object(kind=kind, object_id=object_id)


@durable_task(max_attempts=3, lease_seconds=3600)
def catch_up_task() -> None:
    services.catch_up()


@periodic_task(crontab(minute="*/10"))
def search_catch_up_every_ten_minutes() -> None:
    catch_up_task.enqueue()
