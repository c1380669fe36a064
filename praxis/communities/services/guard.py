"""The privacy guard of texts that name nobody (cases, comments, minutes, discussions): what it found, and the
author's confirmation that it is not about a patient (audited; never for a national number)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from praxis.core import audit
from praxis.core.actor import Actor
from praxis.core.privacy import NATIONAL_NUMBERS, Finding, findings_by_field


class PrivacyFindings(ValidationError):
    """Text that looks like it identifies someone. `findings` = {field: [(what, excerpt)]}; `confirmable` is False
    when a national number (NISS, NIR, AHV) was found: that one must be removed, never confirmed."""

    def __init__(self, found: dict[str, list[tuple[Finding, str]]]) -> None:
        self.findings = {name: [(finding.label, excerpt) for finding, excerpt in items]
                         for name, items in found.items()}
        self.confirmable = not any(f.kind in NATIONAL_NUMBERS for items in found.values() for f, _e in items)
        message = _("This text seems to contain %(what)s (“%(excerpt)s”). Remove it, or confirm that it is not "
                    "about a patient.") if self.confirmable else _(
            "This text seems to contain %(what)s (“%(excerpt)s”). Praxis stores no patient data: remove it.")
        super().__init__({name: [message % {"what": what, "excerpt": excerpt} for what, excerpt in items]
                          for name, items in self.findings.items()})


def _guard(fields: dict[str, str], confirmed: bool) -> dict[str, list[str]]:
    """Raise PrivacyFindings unless nothing was found or the author confirmed (not for national numbers).
    Returns what was confirmed ({field: [kinds]}) for the audit entry."""
    found = findings_by_field(fields, contacts=True)
    if not found:
        return {}
    error = PrivacyFindings(found)
    if not (confirmed and error.confirmable):
        raise error
    return {name: sorted({finding.kind for finding, _excerpt in items}) for name, items in found.items()}


def _audit_confirmation(actor: Actor, target: Any, confirmed: dict[str, list[str]]) -> None:
    if confirmed:
        # The kinds and the fields, never the text found: the audit log must not become the place it is kept.
        audit.log(actor, audit.Action.COMMUNITIES_PRIVACY_CONFIRMED, target, {"fields": confirmed})
