"""Every write of the continuing-education record. Other apps push into the record through these functions
(see docs/cpd.md): events (attendance), learning (course completion), communities (peer-group sessions)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from praxis.core import audit
from praxis.core.actor import Actor
from praxis.core.audit import Action

from . import rules, tasks
from .models import Attestation, Entry, Rubric

PLATFORM_ISSUER = "Praxis"


def _full_name(user: Any) -> str:
    return (user.get_full_name() or user.email).strip()


@transaction.atomic
def attestation_issue(
    *, actor: Actor | None, kind: str, recipient: Any, title: str, issued_on: date, source_key: str,
    issuer_institution: Any = None, valid_until: date | None = None, points: Decimal | None = None,
    rubric: str = Rubric.GENERAL, hours: Decimal | None = None,
) -> Attestation:
    """Issue an attestation once per (kind, source_key, recipient); calling again returns the same row.

    The caller (events, learning, communities) has checked its own rules: issuing follows from a fact it records
    (attendance, completion). A revoked attestation issued again is reinstated: the fact is true again.
    The PDF is rendered by a background task once the transaction commits.
    """
    existing = Attestation.objects.select_for_update().filter(
        kind=kind, source_key=source_key, recipient=recipient).first()
    if existing is not None:
        if existing.revoked_at is not None:
            existing.revoked_at, existing.revoked_reason = None, ""
            existing.save(update_fields=["revoked_at", "revoked_reason"])
            audit.log(actor, Action.CPD_ATTESTATION_REINSTATED, existing, {"source_key": source_key})
        return existing
    attestation = Attestation(
        kind=kind, recipient=recipient, recipient_name=_full_name(recipient), title=title.strip(),
        issuer_institution=issuer_institution,
        issuer_name=issuer_institution.name if issuer_institution is not None else PLATFORM_ISSUER,
        issued_on=issued_on, valid_until=valid_until, points=points, rubric=rubric, hours=hours,
        source_key=source_key,
    )
    attestation.full_clean()
    try:
        with transaction.atomic():
            attestation.save()
    except IntegrityError:  # issued a moment ago by a concurrent call: that row is the answer
        return Attestation.objects.get(kind=kind, source_key=source_key, recipient=recipient)
    audit.log(actor, Action.CPD_ATTESTATION_ISSUED, attestation,
              {"kind": kind, "source_key": source_key, "recipient_id": getattr(recipient, "pk", None)})
    tasks.render_attestation_pdf.enqueue(attestation.pk)
    return attestation


@transaction.atomic
def attestation_revoke(*, actor: Actor, attestation: Attestation, reason: str) -> Attestation:
    """Revoke an attestation: the verification page says so from now on (the PDF stays, its code does not lie)."""
    rules.check_revoke_attestation(actor, attestation)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the attestation is revoked.")})
    attestation = Attestation.objects.select_for_update().get(pk=attestation.pk)
    if attestation.revoked_at is not None:
        return attestation
    attestation.revoked_at = timezone.now()
    attestation.revoked_reason = reason[:300]
    attestation.save(update_fields=["revoked_at", "revoked_reason"])
    audit.log(actor, Action.CPD_ATTESTATION_REVOKED, attestation, {"reason": attestation.revoked_reason})
    return attestation


ENTRY_FIELDS = ["origin", "title", "organiser", "date", "activity_type", "hours", "points", "rubric",
                "attestation_id", "reference", "dpc_action_type", "dpc_priority", "certification_block"]


@transaction.atomic
def entry_record(
    *, member: Any, source_key: str, origin: str, title: str, organiser: str, date: date, activity_type: str,
    hours: Decimal | None = None, points: Decimal | None = None, rubric: str = Rubric.GENERAL,
    attestation: Attestation | None = None, reference: str = "", dpc_action_type: str = "",
    dpc_priority: bool = False, certification_block: str = "", actor: Actor | None = None,
) -> Entry:
    """Write one line of a member's record, once per (member, source_key): a second call updates it.

    Audited when created or changed (an identical call writes nothing)."""
    entry = Entry.objects.select_for_update().filter(member=member, source_key=source_key).first()
    created = entry is None
    if entry is None:
        entry = Entry(member=member, source_key=source_key)
    before = {f: getattr(entry, f) for f in ENTRY_FIELDS}
    values = {"origin": origin, "title": title.strip(), "organiser": organiser.strip(), "date": date,
              "activity_type": activity_type, "hours": hours, "points": points, "rubric": rubric,
              "attestation_id": attestation.pk if attestation is not None else None, "reference": reference,
              "dpc_action_type": dpc_action_type, "dpc_priority": dpc_priority,
              "certification_block": certification_block}
    for name, value in values.items():
        setattr(entry, name, value)
    entry.full_clean(validate_constraints=False)
    # Compare after cleaning, so that 2 and Decimal("2.0") are the same value.
    after = {f: getattr(entry, f) for f in ENTRY_FIELDS}
    if not created and before == after:
        return entry
    entry.save()
    audit.log(actor, Action.CPD_ENTRY_RECORDED if created else Action.CPD_ENTRY_UPDATED, entry,
              {"member_id": member.pk, "source_key": source_key, "origin": origin})
    return entry


@transaction.atomic
def entry_withdraw(*, member: Any, source_key: str, actor: Actor | None = None) -> None:
    """Remove the line a source had written (attendance unmarked, completion cancelled). No-op if absent."""
    entry = Entry.objects.select_for_update().filter(member=member, source_key=source_key).first()
    if entry is None:
        return
    audit.log(actor, Action.CPD_ENTRY_WITHDRAWN, entry, {"member_id": member.pk, "source_key": source_key,
                                                    "title": entry.title, "date": entry.date.isoformat()})
    entry.delete()
