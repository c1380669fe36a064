"""The notifications the learning app declares: reminders of training assigned by the learner's institution."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from praxis.core.audit import Action
from praxis.core.models import AuditEntry
from praxis.notifications.registry import Recipient, kind, rule, target

from .mandatory.models import StaffAssignment

TRAINING = kind("learning", gettext_lazy("Training: assigned courses due soon, overdue or expiring"), order=75)


def _message(data: dict[str, str]) -> str:
    if data.get("kind") == "overdue":
        return _("“%(course)s” was due on %(due)s: it is overdue") % data
    if data.get("kind", "").startswith("expiry-"):
        return _("Your completion of “%(course)s” expires on %(due)s: take it again before then") % data
    return _("“%(course)s” is due on %(due)s") % data


@rule(Action.LEARNING_ASSIGNMENT_REMINDER, TRAINING, _message)
def _assignment_reminder(entry: AuditEntry) -> list[Recipient]:
    record = target(entry, StaffAssignment, select=["staff__user", "assignment__course", "assignment__programme"])
    if record is None or record.staff.user is None or not record.staff.user.is_active:
        return []
    return [Recipient(record.staff.user, record.assignment.subject_url, {
        "course": entry.data["course"], "due": entry.data["due_label"], "kind": entry.data["kind"]})]
