"""What events keep when a member deletes their account (called by `accounts.services.member_erase`).

Kept, shown as "Former member": the events they created (others registered; the organising institution's admins and
trainers, and moderators, go on managing them), their messages to registrants, seminar contributions and white
papers. Deleted with the account: their registrations (a seat they held goes to the first person waiting, who is told
by email), continuing-education records and calendar feeds.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from praxis.accounts.models import User
from praxis.core import audit
from praxis.core.audit import Action
from praxis.core.personal_data import Holding, OnErasure

from .models import CalendarFeed, Event, EventMessage, Registration, SeminarPiece, WhitePaper
from .services import _lock, _promote_waitlisted

PERSONAL_DATA = [
    Holding("events.Event", ("created_by",), purpose=_("the events you organise"), on_erasure=OnErasure.DETACHED),
    Holding("events.Registration", ("user", "status", "attended"),
            purpose=_("your registrations, seen by the organisers (attendee lists and their exports)"),
            on_erasure=OnErasure.DELETED,
            leaves_platform=_("the organiser may download the attendee list (CSV) for attendance and "
                              "continuing-education points")),
    Holding("events.EventMessage", ("author", "body"), purpose=_("your messages to the registrants of your events"),
            on_erasure=OnErasure.DETACHED),
    Holding("events.CalendarFeed", ("user", "token"), purpose=_("your personal calendar address"),
            on_erasure=OnErasure.DELETED),
    Holding("events.SeminarPiece", ("created_by", "speaker", "document"),
            purpose=_("seminar contributions you added"), on_erasure=OnErasure.DETACHED, files=("document",)),
    Holding("events.WhitePaper", ("created_by", "reviewed_by"), purpose=_("the white papers you wrote or reviewed"),
            on_erasure=OnErasure.DETACHED),
]
NOT_PERSONAL = {"Event.address": "the venue's address"}


def export_member(*, member: User) -> dict[str, Any]:
    return {
        "registrations": list(Registration.objects.filter(user=member).order_by("queued_at").values(
            "event_id", "event__title", "event__starts_at", "status", "queued_at", "promoted_at", "cancelled_at",
            "attended")),
        "events_created": list(Event.objects.filter(created_by=member).order_by("created_at").values(
            "id", "title", "starts_at", "status", "created_at")),
        "messages": list(EventMessage.objects.filter(author=member).order_by("sent_at").values(
            "event_id", "subject", "body", "sent_at")),
        "calendar_feeds": list(CalendarFeed.objects.filter(user=member).values("created_at", "revoked_at")),
        "seminar_pieces": list(SeminarPiece.objects.filter(created_by=member).values(
            "event_id", "kind", "speaker", "title", "summary", "created_at")),
        "white_papers": list(WhitePaper.objects.filter(created_by=member).values(
            "event_id", "version", "title", "status", "created_at")),
    }


def erase_member(*, member: User, former_member: User) -> None:
    seats = Registration.objects.filter(user=member, status=Registration.Status.CONFIRMED).values_list(
        "event_id", flat=True)
    for event_id in sorted(set(seats)):
        event = _lock(event_id)
        for registration in Registration.objects.filter(user=member, event=event):
            audit.log(None, Action.EVENTS_REGISTRATION_CANCELLED, registration,
                      {"event_id": event.pk, "user_id": member.pk, "had_seat": True, "reason": "account_deleted"})
            registration.delete()
        _promote_waitlisted(event)
    CalendarFeed.objects.filter(user=member).delete()
    Event.objects.filter(created_by=member).update(created_by=former_member, updated_at=timezone.now())
    EventMessage.objects.filter(author=member).update(author=former_member)
    SeminarPiece.objects.filter(created_by=member).update(created_by=former_member)
    WhitePaper.objects.filter(created_by=member).update(created_by=former_member)
