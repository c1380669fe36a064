"""Background jobs of the events app: emails, reminders, white-paper PDFs. Tasks take ids and are idempotent."""

from __future__ import annotations

import logging
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from huey import crontab
from huey.contrib.djhuey import periodic_task

from praxis.core.tasks import durable_task
from praxis.notifications.mail import send_member_email

from . import services
from .models import EventMessage, Registration, WhitePaper
from .notifications import EVENTS

logger = logging.getLogger("praxis.events")


def _event_context(registration: Registration) -> dict[str, Any]:
    event = registration.event
    return {"event": event, "registration": registration, "member": registration.user,
            "event_path": reverse("events:detail", args=[event.pk])}


@durable_task
def send_promotion_email(registration_id: int) -> None:
    """Tell a member who was waiting that a seat is now theirs."""
    registration = Registration.objects.select_related("event", "user").filter(pk=registration_id).first()
    if registration is None or registration.status != Registration.Status.CONFIRMED:
        return
    send_member_email(to=registration.user.email, template="events/email/promoted",
                   context=_event_context(registration), language=registration.user.preferred_language,
                   member=registration.user, kind=EVENTS)


@durable_task
def send_reminder(registration_id: int) -> None:
    """The day-before reminder. Claimed by a conditional UPDATE: a member never gets two."""
    claimed = Registration.objects.filter(
        pk=registration_id, reminder_sent_at__isnull=True, status=Registration.Status.CONFIRMED,
    ).update(reminder_sent_at=timezone.now())
    if not claimed:
        return
    registration = Registration.objects.select_related("event", "user").get(pk=registration_id)
    send_member_email(to=registration.user.email, template="events/email/reminder",
                   context=_event_context(registration), language=registration.user.preferred_language,
                   member=registration.user, kind=EVENTS)


def schedule_reminders() -> int:
    """Queue one reminder per seat of the events starting within 24 hours (each registration once)."""
    with transaction.atomic():
        due = services.reminders_due()
        for registration_id in due:
            send_reminder.enqueue(registration_id)
    return len(due)


@periodic_task(crontab(minute="*/15"))
def reminders_periodic() -> None:
    count = schedule_reminders()
    if count:
        logger.info("Queued %s event reminder(s)", count)


@durable_task
def send_event_message(message_id: int) -> None:
    """Send an organiser's message to each person registered (and waiting, if asked)."""
    message = EventMessage.objects.select_related("event").filter(pk=message_id).first()
    if message is None:
        return
    statuses = [Registration.Status.CONFIRMED]
    if message.include_waitlist:
        statuses.append(Registration.Status.WAITLISTED)
    rows = Registration.objects.filter(event=message.event, status__in=statuses).select_related("user", "event")
    for registration in rows:
        send_member_email(to=registration.user.email, template="events/email/message",
                       context={**_event_context(registration), "message": message},
                       language=registration.user.preferred_language, member=registration.user, kind=EVENTS)


def render_pdf_bytes(paper: WhitePaper) -> bytes:
    from weasyprint import HTML

    with translation.override(paper.event.language if paper.event.language in {"fr", "nl", "en"} else "fr"):
        html = render_to_string("events/white_paper_pdf.html", {"paper": paper, "event": paper.event})
    return HTML(string=html).write_pdf()


@durable_task(lease_seconds=300)
def render_white_paper_pdf(paper_id: int) -> None:
    """Render a published version once; the file is the cache (a version never changes once published)."""
    paper = WhitePaper.objects.select_related("event").filter(pk=paper_id).first()
    if paper is None or paper.status != WhitePaper.Status.PUBLISHED or paper.pdf:
        return
    data = render_pdf_bytes(paper)
    paper.pdf.save(f"livre-blanc-{paper.event_id}-v{paper.version}.pdf", ContentFile(data), save=False)
    WhitePaper.objects.filter(pk=paper.pk, pdf="").update(pdf=paper.pdf.name, pdf_rendered_at=timezone.now())
