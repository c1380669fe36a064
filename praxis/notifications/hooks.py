"""The audit log is what notifications are built from: a new entry whose action is in the registry queues a
durable dispatch job once the writer's transaction commits (nothing when it rolls back)."""

from typing import Any

from django.db import transaction

from .registry import RULES


def audit_entry_saved(sender: Any, instance: Any, created: bool = False, raw: bool = False, **kwargs: Any) -> None:
    if raw or not created or instance.action not in RULES:
        return
    from .tasks import dispatch_entry

    entry_id = instance.pk
    transaction.on_commit(lambda: dispatch_entry.enqueue(entry_id))
