"""The audit log: every state change writes one entry (see CONVENTIONS.md, Services)."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet

from .models import AuditEntry


def log(actor: Any, action: str, target: models.Model | None = None, data: dict | None = None) -> AuditEntry:
    """Record that `actor` (an Actor, a user or None for the system) did `action` to `target`."""
    user = getattr(actor, "user", actor)
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    entry = AuditEntry(actor=user, action=action, data=data or {})
    if target is not None:
        entry.target_type = ContentType.objects.get_for_model(target)
        entry.target_id = str(target.pk)
    entry.save()
    return entry


def history(target: models.Model) -> QuerySet[AuditEntry]:
    """Entries about one object, newest first."""
    return AuditEntry.objects.filter(
        target_type=ContentType.objects.get_for_model(target), target_id=str(target.pk)
    ).select_related("actor")
