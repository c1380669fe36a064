"""What events keep when a member deletes their account (called by `accounts.services.member_delete`).

Kept, shown as "Former member": the events they created (others registered; the organising institution's admins and
trainers, and moderators, go on managing them), their messages to registrants, seminar contributions and white
papers. Deleted with the account: their registrations (a seat they held goes to the first person waiting, who is told
by email), continuing-education records and calendar feeds.
"""

from __future__ import annotations

from django.utils import timezone

from praxis.accounts.models import User
from praxis.core import audit
from praxis.core.audit import Action

from .models import Event, EventMessage, Registration, SeminarPiece, WhitePaper
from .services import _lock, _promote_waitlisted


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
    Event.objects.filter(created_by=member).update(created_by=former_member, updated_at=timezone.now())
    EventMessage.objects.filter(author=member).update(author=former_member)
    SeminarPiece.objects.filter(created_by=member).update(created_by=former_member)
    WhitePaper.objects.filter(created_by=member).update(created_by=former_member)
