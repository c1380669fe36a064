"""Every write of the events app. Keyword-only, atomic, validated, one audit entry per state change."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

import nh3
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from praxis.core import audit
from praxis.core.actor import Actor
from praxis.core.audit import Action
from praxis.core.concurrency import lock_unchanged
from praxis.core.privacy import check_no_patient_identifiers
from praxis.cpd import models as cpd
from praxis.cpd import services as cpd_services
from praxis.institutions import geo
from praxis.review import services as review_services
from praxis.review.models import Flag

from . import rules, tasks
from .models import CalendarFeed, Event, EventMessage, Material, Registration, SeminarPiece, WhitePaper

EVENT_FIELDS = [
    "kind", "title", "description", "target_professions", "language", "timezone", "starts_at", "ends_at",
    "is_online", "online_url", "is_cross_border", "is_open_to_public", "venue", "address", "postal_code", "city",
    "country", "price_eur", "accreditation_points", "dpc_reference", "dpc_hours", "capacity", "registration_deadline",
    "institution", "coi_none", "coi_statement", "sponsors",
]


def _clean_text(text: str) -> str:
    """Plain text only: tags are stripped (templates escape and format it)."""
    return nh3.clean(text or "", tags=set()).strip()


def _locate(event: Event) -> None:
    """Coordinates of the place from the directory's postal-code data (nothing for online events)."""
    event.latitude = event.longitude = None
    if event.is_online and not (event.postal_code or event.city):
        return
    places = geo.locate(event.country, event.postal_code or event.city)
    if places:
        event.latitude, event.longitude = places[0].lat, places[0].lon


def _clean_event_text(event: Event) -> None:
    """Plain text, and no patient identifiers in what the page shows (the declaration and sponsors included). The
    declaration itself is checked by `Event.clean` (`full_clean`), for the pages and the API alike."""
    event.description = _clean_text(event.description)
    event.coi_statement = _clean_text(event.coi_statement)
    event.sponsors = _clean_text(event.sponsors)
    check_no_patient_identifiers(title=event.title, description=event.description,
                                 coi_statement=event.coi_statement, sponsors=event.sponsors)


def _check_institution(actor: Actor, institution: Any) -> None:
    """The organiser chosen in the form (a field error, not a 403: the form offers only what is allowed)."""
    if rules.can_organise_for(actor, institution):
        return
    if institution is None:
        raise ValidationError({"institution": _("Only verified members organise in their own name.")})
    raise ValidationError({"institution": _("You cannot organise events for this institution.")})


@transaction.atomic
def event_create(*, actor: Actor, data: dict[str, Any], themes: Any = ()) -> Event:
    """Publish a new event organised by the actor (in their name or their institution's)."""
    rules.check_create_event(actor)
    _check_institution(actor, data.get("institution"))
    event = Event(created_by=actor.user, **{k: v for k, v in data.items() if k in EVENT_FIELDS})
    _clean_event_text(event)
    _locate(event)
    event.full_clean()
    event.save()
    event.themes.set(themes)
    audit.log(actor, Action.EVENTS_EVENT_CREATED, event, {"kind": event.kind, "institution_id": event.institution_id})
    return event


@transaction.atomic
def event_update(
    *, actor: Actor, event: Event, data: dict[str, Any], themes: Any = (), seen: str | None = None,
) -> Event:
    rules.check_manage_event(actor, event)
    lock_unchanged(event, seen)
    if "institution" in data and data["institution"] != event.institution:
        _check_institution(actor, data["institution"])
    old_capacity = event.capacity
    for key, value in data.items():
        if key in EVENT_FIELDS:
            setattr(event, key, value)
    _clean_event_text(event)
    _locate(event)
    event.full_clean()
    event.save()
    event.themes.set(themes)
    audit.log(actor, Action.EVENTS_EVENT_UPDATED, event, {"fields": sorted(k for k in data if k in EVENT_FIELDS)})
    if event.capacity is None or (old_capacity is not None and event.capacity > old_capacity):
        _lock(event.pk)
        _promote_waitlisted(event)
    return event


@transaction.atomic
def event_cancel(*, actor: Actor, event: Event, reason: str) -> Event:
    """Cancel the event and tell everyone registered or waiting."""
    rules.check_manage_event(actor, event)
    event.status = Event.Status.CANCELLED
    event.save(update_fields=["status", "updated_at"])
    audit.log(actor, Action.EVENTS_EVENT_CANCELLED, event, {"reason": reason})
    message = EventMessage.objects.create(
        event=event, author=actor.user, subject=_("Cancelled: %(title)s") % {"title": event.title},
        body=_clean_text(reason), include_waitlist=True,
    )
    tasks.send_event_message.enqueue(message.pk)
    return event


# --- registrations -----------------------------------------------------------------------------------------------

def _lock(event_id: int) -> Event:
    """Serialise every change to an event's seats: concurrent cancellations promote one person each."""
    return Event.objects.select_for_update().get(pk=event_id)


def _confirmed_count(event: Event) -> int:
    return Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED).count()


class RegistrationFull(ValidationError):
    """The event is full: the view offers the waiting list."""


@transaction.atomic
def registration_create(*, actor: Actor, event: Event, join_waitlist: bool = False) -> Registration:
    """Take a seat, or a place on the waiting list when the event is full and the actor agreed to wait."""
    rules.check_register(actor, event)
    event = _lock(event.pk)
    now = timezone.now()
    if not event.registration_open:
        raise ValidationError(_("Registrations for this event are closed."), code="closed")
    registration = Registration.objects.filter(event=event, user_id=actor.id).first()
    if registration and registration.is_active:
        raise ValidationError(_("You are already registered for this event."), code="duplicate")
    full = event.capacity is not None and _confirmed_count(event) >= event.capacity
    if full and not join_waitlist:
        raise RegistrationFull(_("This event is full. You can join the waiting list."), code="full")
    status = Registration.Status.WAITLISTED if full else Registration.Status.CONFIRMED
    if registration is None:
        registration = Registration(event=event, user=actor.user)
    registration.status = status
    registration.queued_at = now
    registration.cancelled_at = registration.promoted_at = None
    registration.full_clean(validate_unique=False)
    registration.save()
    action = Action.EVENTS_REGISTRATION_WAITLISTED if full else Action.EVENTS_REGISTRATION_CONFIRMED
    audit.log(actor, action, registration, {"event_id": event.pk, "user_id": actor.id})
    return registration


@transaction.atomic
def registration_cancel(*, actor: Actor, registration: Registration) -> Registration:
    """Give the seat back; the first person waiting takes it and is told by email."""
    rules.check_cancel_registration(actor, registration)
    event = _lock(registration.event_id)
    registration.refresh_from_db()
    if not registration.is_active:
        return registration
    had_seat = registration.status == Registration.Status.CONFIRMED
    registration.status = Registration.Status.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    audit.log(actor, Action.EVENTS_REGISTRATION_CANCELLED, registration,
              {"event_id": event.pk, "user_id": registration.user_id, "had_seat": had_seat})
    if had_seat:
        _promote_waitlisted(event)
    return registration


def _promote_waitlisted(event: Event) -> list[Registration]:
    """Fill free seats from the waiting list, first come first served. The caller holds the event lock."""
    promoted = []
    if event.status != Event.Status.PUBLISHED or event.has_started:
        return promoted
    free = None if event.capacity is None else event.capacity - _confirmed_count(event)
    waiting = Registration.objects.filter(event=event, status=Registration.Status.WAITLISTED).order_by(
        "queued_at", "pk")
    if free is not None:
        waiting = waiting[:max(free, 0)]
    for registration in waiting:
        registration.status = Registration.Status.CONFIRMED
        registration.promoted_at = timezone.now()
        registration.save(update_fields=["status", "promoted_at"])
        audit.log(None, Action.EVENTS_REGISTRATION_PROMOTED, registration,
                  {"event_id": event.pk, "user_id": registration.user_id})
        tasks.send_promotion_email.enqueue(registration.pk)
        promoted.append(registration)
    return promoted


def cpd_source_key(event: Event) -> str:
    """The key of an attendance in the continuing-education record (one entry and attestation per member)."""
    return f"events.attendance:{event.pk}"


@transaction.atomic
def attendance_mark(*, actor: Actor, event: Event, present_ids: set[int]) -> int:
    """Record who attended. Attendees get an attendance attestation (verifiable, with its PDF) and, when the event
    carries continuing-education points or hours, an entry in their record; unmarking withdraws both."""
    rules.check_mark_attendance(actor, event)
    seats = list(Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED).select_related("user"))
    present = [r for r in seats if r.pk in present_ids]
    absent = [r for r in seats if r.pk not in present_ids]
    Registration.objects.filter(pk__in=[r.pk for r in present]).update(attended=True)
    Registration.objects.filter(pk__in=[r.pk for r in absent]).update(attended=False)
    key = cpd_source_key(event)
    kind = cpd.Attestation.Kind.EVENT_ATTENDANCE
    for registration in absent:
        cpd_services.entry_withdraw(member=registration.user, source_key=key, actor=actor)
        cpd_services.attestation_withdraw(actor=actor, kind=kind, source_key=key, recipient=registration.user,
                                          reason=_("Attendance unmarked by the organiser."))
    day = event.starts_at.astimezone(event.tz).date()
    hours = event.dpc_hours or event.accreditation_points  # Belgian accreditation: 1 hour = 1 point
    organiser = event.institution.name if event.institution else event.created_by.get_full_name()
    for registration in present:
        attestation = cpd_services.attestation_issue(
            actor=actor, kind=kind, recipient=registration.user, title=event.title, issued_on=day, source_key=key,
            issuer_institution=event.institution, points=event.accreditation_points, hours=hours,
        )
        if event.has_cpd:
            cpd_services.entry_record(
                member=registration.user, source_key=key, origin=cpd.Entry.Origin.ISSUED, title=event.title,
                organiser=organiser, date=day, activity_type=cpd.Entry.ActivityType.EVENT, hours=hours,
                points=event.accreditation_points, reference=event.dpc_reference, attestation=attestation,
                actor=actor,
            )
    audit.log(actor, Action.EVENTS_ATTENDANCE_MARKED, event, {"present": len(present), "absent": len(absent)})
    return len(present)


@transaction.atomic
def message_send(*, actor: Actor, event: Event, subject: str, body: str, include_waitlist: bool) -> EventMessage:
    """Email the registrants (and, if asked, the waiting list) from a background task."""
    rules.check_manage_event(actor, event)
    message = EventMessage(event=event, author=actor.user, subject=subject.strip(), body=_clean_text(body),
                           include_waitlist=include_waitlist)
    message.full_clean()
    message.save()
    audit.log(actor, Action.EVENTS_MESSAGE_SENT, event,
              {"message_id": message.pk, "include_waitlist": include_waitlist})
    tasks.send_event_message.enqueue(message.pk)
    return message


# --- calendar -----------------------------------------------------------------------------------------------------

@transaction.atomic
def feed_renew(*, actor: Actor) -> CalendarFeed:
    """Revoke the current feed address (if any) and create a new one."""
    if not rules.can_use_calendar_feed(actor):
        raise ValidationError(_("Sign in to get a calendar feed."))
    feed_revoke(actor=actor)
    feed = CalendarFeed.objects.create(user=actor.user, token=secrets.token_urlsafe(32))
    audit.log(actor, Action.EVENTS_FEED_CREATED, feed, {})
    return feed


@transaction.atomic
def feed_revoke(*, actor: Actor) -> int:
    revoked = CalendarFeed.objects.filter(user_id=actor.id, revoked_at__isnull=True).update(revoked_at=timezone.now())
    if revoked:
        audit.log(actor, Action.EVENTS_FEED_REVOKED, actor.user, {"count": revoked})
    return revoked


# --- after the event ----------------------------------------------------------------------------------------------

@transaction.atomic
def replay_link(*, actor: Actor, event: Event, capsule: Any) -> Event:
    rules.check_manage_event(actor, event)
    event.replay = capsule
    event.save(update_fields=["replay", "updated_at"])
    audit.log(actor, Action.EVENTS_REPLAY_LINKED, event, {"content_id": capsule.pk if capsule else None})
    return event


@transaction.atomic
def material_add(*, actor: Actor, event: Event, title: str, upload: File[Any] | None, mime: str, url: str) -> Material:
    rules.check_manage_event(actor, event)
    if not upload and not url:
        raise ValidationError(_("Give a file or a link."))
    material = Material(event=event, title=title, url=url, mime=mime)
    if upload:
        material.file.save(upload.name, upload, save=False)
    material.full_clean()
    material.save()
    audit.log(actor, Action.EVENTS_MATERIAL_ADDED, event, {"material_id": material.pk})
    return material


@transaction.atomic
def piece_add(*, actor: Actor, event: Event, data: dict[str, Any], upload: File[Any] | None, mime: str) -> SeminarPiece:
    """Add a contribution, notes of the exchanges or a recommendation; published on the seminar page."""
    rules.check_edit_seminar(actor, event)
    piece = SeminarPiece(event=event, created_by=actor.user, kind=data["kind"], speaker=data.get("speaker", ""),
                         title=data["title"], summary=_clean_text(data["summary"]), document_mime=mime,
                         coi_none=bool(data.get("coi_none")), coi_statement=_clean_text(data.get("coi_statement", "")))
    check_no_patient_identifiers(title=piece.title, summary=piece.summary, speaker=piece.speaker,
                                 coi_statement=piece.coi_statement)
    piece.full_clean(exclude=["document"])  # the declaration first: nothing is stored without it
    piece.position = SeminarPiece.objects.filter(event=event).count() + 1
    if upload:
        piece.document.save(upload.name, upload, save=False)
    piece.full_clean()
    piece.save()
    audit.log(actor, Action.EVENTS_PIECE_ADDED, event, {"piece_id": piece.pk, "kind": piece.kind})
    return piece


def _snapshot(event: Event) -> list[dict[str, Any]]:
    return [
        {"kind": p.kind, "speaker": p.speaker, "title": p.title, "summary": p.summary, "coi_none": p.coi_none,
         "coi_statement": p.coi_statement}
        for p in SeminarPiece.objects.filter(event=event).order_by("position", "pk")
    ]


@transaction.atomic
def white_paper_assemble(
    *, actor: Actor, event: Event, title: str, introduction: str, conclusion: str, coi_none: bool = False,
    coi_statement: str = "",
) -> WhitePaper:
    """A new version of the seminar's white paper, made of the pieces as they are now, with its authors' conflict-of-
    interest declaration (required). Starts as a draft."""
    rules.check_edit_seminar(actor, event)
    _lock(event.pk)
    pending = WhitePaper.objects.filter(
        event=event, status__in=[WhitePaper.Status.DRAFT, WhitePaper.Status.SUBMITTED,
                                 WhitePaper.Status.CHANGES_REQUESTED],
    ).first()
    if pending:
        raise ValidationError(_("Version %(v)s is not published yet: edit it instead.") % {"v": pending.version})
    last = WhitePaper.objects.filter(event=event).order_by("-version").values_list("version", flat=True).first()
    paper = WhitePaper(event=event, version=(last or 0) + 1, title=title, introduction=_clean_text(introduction),
                       conclusion=_clean_text(conclusion), sections=_snapshot(event), created_by=actor.user,
                       coi_none=coi_none, coi_statement=_clean_text(coi_statement))
    check_no_patient_identifiers(coi_statement=paper.coi_statement)
    paper.full_clean()
    paper.save()
    audit.log(actor, Action.EVENTS_WHITE_PAPER_ASSEMBLED, paper, {"event_id": event.pk, "version": paper.version})
    return paper


@transaction.atomic
def white_paper_update(
    *, actor: Actor, paper: WhitePaper, title: str, introduction: str, conclusion: str, coi_none: bool = False,
    coi_statement: str = "",
) -> WhitePaper:
    rules.check_edit_white_paper(actor, paper)
    paper.title = title
    paper.introduction = _clean_text(introduction)
    paper.conclusion = _clean_text(conclusion)
    paper.coi_none = coi_none
    paper.coi_statement = _clean_text(coi_statement)
    check_no_patient_identifiers(coi_statement=paper.coi_statement)
    paper.sections = _snapshot(paper.event)
    paper.full_clean()
    paper.save()
    audit.log(actor, Action.EVENTS_WHITE_PAPER_UPDATED, paper, {"version": paper.version})
    return paper


def _check_declared(paper: WhitePaper) -> None:
    """A version written before declarations were required is declared (edited) before it goes further."""
    if not paper.is_declared:
        raise ValidationError(_("Declare the authors' conflicts of interest first: edit this version."),
                              code="undeclared")


def _paper_text(paper: WhitePaper) -> dict[str, str]:
    text = {"title": paper.title, "introduction": paper.introduction, "conclusion": paper.conclusion,
            "coi_statement": paper.coi_statement}
    for index, section in enumerate(paper.sections):
        text[f"section_{index + 1}"] = f"{section['speaker']}\n{section['title']}\n{section['summary']}"
    return text


@transaction.atomic
def white_paper_submit(*, actor: Actor, paper: WhitePaper) -> WhitePaper:
    """Send the version to the reviewers; text that looks like patient data is refused first."""
    rules.check_edit_white_paper(actor, paper)
    _check_declared(paper)
    check_no_patient_identifiers(**_paper_text(paper))
    paper.status = WhitePaper.Status.SUBMITTED
    paper.submitted_at = timezone.now()
    paper.save(update_fields=["status", "submitted_at"])
    audit.log(actor, Action.EVENTS_WHITE_PAPER_SUBMITTED, paper, {"event_id": paper.event_id, "version": paper.version})
    return paper


@transaction.atomic
def white_paper_decide(*, actor: Actor, paper: WhitePaper, publish: bool, note: str) -> WhitePaper:
    """A reviewer publishes the version (its PDF is rendered in the background) or asks for changes."""
    rules.check_review_white_paper(actor, paper)
    if not publish and not note.strip():
        raise ValidationError({"note": _("Tell the organisers what to change.")})
    paper.reviewed_by = actor.user
    paper.review_note = _clean_text(note)
    if publish:
        _check_declared(paper)
        check_no_patient_identifiers(**_paper_text(paper))
        paper.status = WhitePaper.Status.PUBLISHED
        paper.published_at = timezone.now()
    else:
        paper.status = WhitePaper.Status.CHANGES_REQUESTED
    paper.save()
    action = Action.EVENTS_WHITE_PAPER_PUBLISHED if publish else Action.EVENTS_WHITE_PAPER_CHANGES_REQUESTED
    audit.log(actor, action, paper,
              {"event_id": paper.event_id, "version": paper.version, "note": paper.review_note})
    if publish:
        tasks.render_white_paper_pdf.enqueue(paper.pk)
    return paper


# --- reminders (called by the periodic task) -----------------------------------------------------------------------

def reminders_due(now: Any = None) -> list[int]:
    """Mark the registrations whose event starts within a day and that have no reminder queued; return them.

    The conditional UPDATE is the claim: two schedulers running at once cannot both queue the same reminder."""
    now = now or timezone.now()
    candidates = list(
        Registration.objects.filter(
            status=Registration.Status.CONFIRMED, reminder_queued_at__isnull=True,
            event__status=Event.Status.PUBLISHED, event__starts_at__gt=now,
            event__starts_at__lte=now + timedelta(hours=24),
        ).values_list("pk", flat=True)
    )
    claimed = []
    for pk in candidates:
        if Registration.objects.filter(pk=pk, reminder_queued_at__isnull=True).update(reminder_queued_at=now):
            claimed.append(pk)
    return claimed


# --- flags and moderation -----------------------------------------------------------------------------------------
@transaction.atomic
def event_flag(*, actor: Actor, event: Event, reason: str, text: str = "") -> Flag:
    """A member reports an event (advertising, wrong information) to the moderation queue; counted once per member."""
    rules.check_flag_event(actor, event)
    return review_services.flag_record(actor=actor, target=event, reason=reason, text=text)


@transaction.atomic
def event_unpublish(*, actor: Actor, event: Event, reason: str) -> Event:
    """A moderator takes a published event offline, with the reason; its open flags are closed. Registrations are
    kept (the event may come back after a correction)."""
    event = _lock(event.pk)
    rules.check_unpublish_event(actor, event)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason (kept in the moderation history).")})
    event.status = Event.Status.UNPUBLISHED
    event.save(update_fields=["status", "updated_at"])
    flags = review_services.flags_uphold(actor=actor, target=event, resolution=reason)
    audit.log(actor, Action.EVENTS_EVENT_UNPUBLISHED, event, {"reason": reason, "flags": flags})
    return event
