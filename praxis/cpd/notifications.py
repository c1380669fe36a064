"""The notifications the cpd app declares: reminders before the end of a period with requirements unmet."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from praxis.core.audit import Action
from praxis.core.models import AuditEntry
from praxis.notifications.registry import Recipient, kind, rule, target, url

from .models import SchemeChoice

CPD = kind("cpd", gettext_lazy("Continuing education: reminders before a period ends"), order=70)


@rule(Action.CPD_PERIOD_REMINDER, CPD,
      lambda d: _("%(scheme)s: your period ends on %(end)s and requirements are still unmet") % d)
def _period_reminder(entry: AuditEntry) -> list[Recipient]:
    choice = target(entry, SchemeChoice, select=["member"])
    if choice is None or not choice.member.is_active:
        return []
    return [Recipient(choice.member, url("cpd:record"),
                      {"scheme": str(choice.get_scheme_display()), "end": entry.data["end_label"]})]
