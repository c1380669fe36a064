"""Index entries follow their objects: a save queues a durable re-index job, a deletion removes the entry, each once
the writer's transaction commits (nothing happens if it rolls back). Connected at start-up for every registered kind."""

from typing import Any

from django.db import models, transaction
from django.db.models.signals import post_delete, post_save

from . import registry, services, tasks


def on_save(sender: type[models.Model], instance: models.Model, raw: bool = False, **kwargs: Any) -> None:
    kind = registry.kind_for(sender)
    if raw or kind is None:
        return
    pk = instance.pk
    transaction.on_commit(lambda: tasks.index_object_task.enqueue(kind, pk))


def on_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    kind = registry.kind_for(sender)
    if kind is None:
        return
    pk = instance.pk
    transaction.on_commit(lambda: services.remove_object(kind=kind, object_id=pk))


def connect() -> None:
    for registration in registry.kinds():
        uid = f"search-{registration.kind}"
        post_save.connect(on_save, sender=registration.model, dispatch_uid=uid, weak=False)
        post_delete.connect(on_delete, sender=registration.model, dispatch_uid=uid, weak=False)
