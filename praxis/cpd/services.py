"""Every write of the continuing-education record. Other apps push into the record through these functions
(see docs/cpd.md): events (attendance), learning (course completion), communities (peer-group sessions)."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from praxis.core import audit
from praxis.core.actor import Actor
from praxis.core.audit import Action

from . import rules, tasks
from .export import period_summary
from .models import Attestation, Entry, PeriodExport, Reminder, Rubric, SchemeChoice, Transmission
from .schemes import evaluate, period_for

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


@transaction.atomic
def attestation_withdraw(*, actor: Any, kind: str, source_key: str, recipient: Any, reason: str) -> None:
    """Revoke, on behalf of the app that issued it, the attestation of a fact that no longer holds (attendance
    unmarked). Like `attestation_issue`, the calling app has checked its own rule. No-op when none was issued."""
    attestation = Attestation.objects.select_for_update().filter(
        kind=kind, source_key=source_key, recipient=recipient, revoked_at__isnull=True).first()
    if attestation is None:
        return
    attestation.revoked_at = timezone.now()
    attestation.revoked_reason = reason[:300]
    attestation.save(update_fields=["revoked_at", "revoked_reason"])
    audit.log(actor, Action.CPD_ATTESTATION_REVOKED, attestation, {"reason": attestation.revoked_reason,
                                                               "source_key": source_key})


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


# --- The member's own record ---------------------------------------------------------------------------------------


@transaction.atomic
def entry_declare(*, actor: Any, data: dict[str, Any], proof: Any, proof_content_type: str) -> Entry:
    """A member declares an activity held elsewhere, with its attestation (already checked by content)."""
    if not actor.is_authenticated:
        raise PermissionDenied
    entry = Entry(member_id=actor.id, origin=Entry.Origin.DECLARED, activity_type=Entry.ActivityType.DECLARED,
                  source_key=f"declared:{uuid.uuid4().hex}", proof_content_type=proof_content_type,
                  **{k: default if data.get(k) is None else data[k] for k, default in DECLARED_FIELDS.items()})
    entry.full_clean(exclude=["proof"])
    entry.proof.save(proof.name, proof, save=False)
    stored, storage = entry.proof.name or "", entry.proof.storage
    try:
        entry.save()
    except Exception:
        storage.delete(stored)  # the row was not written: no file without its row
        raise
    audit.log(actor, Action.CPD_ENTRY_DECLARED, entry, {"title": entry.title, "date": entry.date.isoformat()})
    return entry


DECLARED_FIELDS: dict[str, Any] = {
    "title": "", "organiser": "", "date": None, "hours": None, "points": None, "rubric": Rubric.GENERAL,
    "reference": "", "dpc_action_type": "", "dpc_priority": False, "certification_block": "",
}


@transaction.atomic
def entry_delete_declared(*, actor: Any, entry: Entry) -> None:
    """A member removes an activity they declared; its attestation file goes once the row is gone."""
    rules.check_delete_entry(actor, entry)
    name, storage = entry.proof.name, entry.proof.storage
    audit.log(actor, Action.CPD_ENTRY_DELETED, entry, {"title": entry.title, "date": entry.date.isoformat()})
    entry.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def scheme_choose(*, actor: Any, scheme: str, anchor: date) -> SchemeChoice:
    """Follow a scheme from a period start, or move the start of one already followed.

    Refused when the start would hide activities: a start in the future, or a move that would push activities
    already counted in the current period out of it."""
    if not actor.is_authenticated:
        raise PermissionDenied
    today = timezone.localdate()
    if anchor > today:
        raise ValidationError({"anchor": _("A period cannot start in the future: it would hide your activities.")})
    choice = SchemeChoice.objects.select_for_update().filter(member_id=actor.id, scheme=scheme).first()
    if choice is not None and choice.anchor != anchor:
        before, _rule = period_for(scheme, choice.anchor, today)
        after, _rule = period_for(scheme, anchor, today)
        hidden = Entry.objects.filter(member_id=actor.id, date__gte=before.start, date__lt=after.start).count()
        if hidden:
            raise ValidationError({"anchor": _(
                "This start would take %(count)s activities out of your current period. Choose an earlier date."
            ) % {"count": hidden}})
    created = choice is None
    if choice is None:
        choice = SchemeChoice(member_id=actor.id, scheme=scheme)
    choice.anchor = anchor
    choice.full_clean(validate_constraints=False)
    choice.save()
    audit.log(actor, Action.CPD_SCHEME_CHOSEN if created else Action.CPD_SCHEME_MOVED, choice,
              {"scheme": scheme, "anchor": anchor.isoformat()})
    return choice


@transaction.atomic
def scheme_remove(*, actor: Any, choice: SchemeChoice) -> None:
    rules.check_manage_scheme(actor, choice)
    audit.log(actor, Action.CPD_SCHEME_REMOVED, choice, {"scheme": choice.scheme})
    choice.delete()


@transaction.atomic
def period_pdf_request(*, actor: Any, choice: SchemeChoice, day: date) -> PeriodExport:
    """Ask for the PDF summary of the period containing `day`; a request for unchanged facts returns the file
    already made (or being made)."""
    rules.check_manage_scheme(actor, choice)
    summary = period_summary(choice, day)
    export, created = PeriodExport.objects.get_or_create(
        choice=choice, period_start=summary.period.start, fingerprint=summary.fingerprint(),
        defaults={"period_end": summary.period.end})
    if created:
        audit.log(actor, Action.CPD_PERIOD_PDF_REQUESTED, export,
                  {"scheme": choice.scheme, "period_start": summary.period.start.isoformat()})
        tasks.render_period_pdf.enqueue(export.pk)
    return export


# --- Reminders before a period ends --------------------------------------------------------------------------------
REMINDER_DAYS = (90, 30)


def reminders_due(day: date) -> list[tuple[int, str, int]]:
    """(scheme choice id, period end, days before) of the reminders to send on `day`: a period ending within 90 (or
    30) days with a requirement unmet, not reminded yet for that delay. The smallest delay reached wins, so a member
    who starts following a scheme 20 days before the end gets the 30-day reminder only."""
    due = []
    sent = set(Reminder.objects.filter(period_end__gte=day).values_list("choice_id", "period_end", "days_before"))
    for choice in SchemeChoice.objects.filter(member__is_active=True).order_by("pk"):
        period, rule = period_for(choice.scheme, choice.anchor, day)
        left = (period.end - day).days
        reached = [d for d in REMINDER_DAYS if left <= d]
        if not reached:
            continue
        days_before = min(reached)
        if (choice.pk, period.end, days_before) in sent:
            continue
        entries = Entry.objects.filter(member_id=choice.member_id, date__range=(period.start, period.end))
        if all(p.met for p in evaluate(rule, entries)):
            continue
        due.append((choice.pk, period.end.isoformat(), days_before))
    return due


@transaction.atomic
def period_reminder_send(*, choice_id: int, period_end: str, days_before: int) -> bool:
    """Record the reminder once (the unique row is the claim); the audit entry notifies the member in the app and by
    email through the notifications registry (`cpd.period.reminder`)."""
    from django.utils.formats import date_format

    choice = SchemeChoice.objects.select_related("member").filter(pk=choice_id).first()
    if choice is None:
        return False
    end = date.fromisoformat(period_end)
    try:
        with transaction.atomic():
            Reminder.objects.create(choice=choice, period_end=end, days_before=days_before)
    except IntegrityError:
        return False
    from django.utils import translation

    with translation.override(choice.member.preferred_language or "fr"):
        end_label = date_format(end, "j F Y")
    audit.log(None, Action.CPD_PERIOD_REMINDER, choice, {"days_before": days_before, "period_end": period_end,
                                                    "end_label": end_label})
    return True


# --- Organisers: attendance lists of activities held elsewhere ----------------------------------------------------


@transaction.atomic
def transmission_import(*, actor: Any, institution: Any, data: dict[str, Any], members: list[Any]) -> Transmission:
    """Give each matched member an entry marked "transmitted" for an activity the institution held elsewhere.
    All or nothing: the caller passes the members only once every line of the list matched."""
    rules.check_transmit(actor, institution.pk)
    transmission = Transmission(
        institution=institution, created_by=actor.user, title=data["title"].strip(), date=data["date"],
        hours=data["hours"], points=data.get("points"), rubric=data.get("rubric") or Rubric.GENERAL,
        reference=(data.get("reference") or "").strip(), members=len(members),
    )
    transmission.full_clean()
    if transmission.date > timezone.localdate():
        raise ValidationError({"date": _("The date cannot be in the future.")})
    transmission.save()
    for member in members:
        entry_record(member=member, source_key=f"transmitted:{transmission.pk}", origin=Entry.Origin.TRANSMITTED,
                     title=transmission.title, organiser=institution.name, date=transmission.date,
                     activity_type=Entry.ActivityType.EVENT, hours=transmission.hours, points=transmission.points,
                     rubric=transmission.rubric, reference=transmission.reference, actor=actor)
    audit.log(actor, Action.CPD_TRANSMISSION_IMPORTED, transmission,
              {"institution_id": institution.pk, "members": len(members)})
    return transmission
