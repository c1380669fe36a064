"""What the privacy page and the archive's README say about each app, built from the apps' declarations."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from praxis.core.audit import Action
from praxis.core.personal_data import ERASURE_LABELS, AppDeclaration, Holding, declarations


def retention_text(holding: Holding) -> str:
    retention = holding.retention
    if retention is None:
        return _("as long as your account exists")
    amount = retention.amount
    if retention.unit == "hours":
        period = ngettext("%(count)d hour", "%(count)d hours", amount) % {"count": amount}
    elif amount % 365 == 0:
        period = ngettext("%(count)d year", "%(count)d years", amount // 365) % {"count": amount // 365}
    else:
        period = ngettext("%(count)d day", "%(count)d days", amount) % {"count": amount}
    return _("%(period)s after %(after)s") % {"period": period, "after": retention.after}


def describe(declaration: AppDeclaration) -> dict[str, Any]:
    return {
        "label": declaration.label,
        "name": declaration.verbose_name,
        "holdings": [{
            "purpose": str(holding.purpose),
            "erasure": str(ERASURE_LABELS[holding.on_erasure]),
            "retention": retention_text(holding),
            "leaves_platform": str(holding.leaves_platform),
        } for holding in declaration.holdings],
    }


def privacy_overview() -> list[dict[str, Any]]:
    """Per app, what it keeps, why, for how long and what happens when an account is deleted."""
    return [describe(declaration) for declaration in declarations() if declaration.holdings]


READ_LABELS = {
    Action.ACCOUNTS_PROOF_READ: gettext_lazy("opened a proof document"),
    Action.ACCOUNTS_VERIFICATION_FILE_READ: gettext_lazy("opened the verification file"),
    Action.COMMUNITIES_MEMBERS_READ: gettext_lazy("opened a community's members, requests and invitations"),
    Action.CPD_ATTESTATION_READ: gettext_lazy("opened one of your training attestations"),
    Action.EVENTS_ATTENDEES_READ: gettext_lazy("opened an event's attendee list"),
    Action.EVENTS_ATTENDEES_EXPORTED: gettext_lazy("downloaded an event's attendee list"),
    Action.INSTITUTIONS_STAFF_READ: gettext_lazy("opened an institution's staff list"),
    Action.LEARNING_STAFF_READ: gettext_lazy("opened an institution's training staff list"),
    Action.LEARNING_ASSIGNMENT_READ: gettext_lazy("opened who has completed a mandatory training"),
    Action.LEARNING_REPORT_READ: gettext_lazy("opened a training report"),
    Action.LEARNING_REPORT_EXPORTED: gettext_lazy("downloaded a training report"),
}


def read_label(action: str) -> str:
    return str(READ_LABELS.get(action, action))  # type: ignore[call-overload]
