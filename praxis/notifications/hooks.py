"""The audit log is what notifications are built from: a new entry whose action has a rule queues a durable dispatch
job once the writer's transaction commits (nothing when it rolls back)."""

from typing import Any

from django.db import transaction

from . import registry, tasks


def audit_entry_saved(sender: Any, instance: Any, created: bool = False, raw: bool = False, **kwargs: Any) -> None:
    if raw or not created or registry.get(instance.action) is None:
        return
    entry_id = instance.pk
    transaction.on_commit(lambda: tasks.dispatch_entry.enqueue(entry_id))
