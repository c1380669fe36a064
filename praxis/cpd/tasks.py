"""Background jobs of the cpd app. Tasks take ids and are idempotent."""

from __future__ import annotations

import logging
from datetime import date

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import periodic_task

from praxis.core.files import drop_earlier_attempts
from praxis.core.tasks import durable_task

from .models import Attestation, PeriodExport
from .pdf import render_attestation_pdf_bytes


@durable_task(lease_seconds=300)
def render_attestation_pdf(attestation_id: int) -> None:
    """Render an attestation once; the file is the cache (the facts of an attestation never change)."""
    attestation = Attestation.objects.select_related("recipient").filter(pk=attestation_id).first()
    if attestation is None:
        return
    field = Attestation._meta.get_field("pdf")
    intended = field.generate_filename(attestation, "attestation.pdf")  # the same for every attempt
    if attestation.pdf:  # done; a worker killed before this job was marked done may have left a copy
        drop_earlier_attempts(attestation.pdf.storage, intended, kept=attestation.pdf.name)
        return
    data = render_attestation_pdf_bytes(attestation)
    attestation.pdf.save("attestation.pdf", ContentFile(data), save=False)
    published = Attestation.objects.filter(pk=attestation.pk, pdf="").update(
        pdf=attestation.pdf.name, pdf_rendered_at=timezone.now())
    if not published:  # another run won the race: keep its file, drop ours
        attestation.pdf.storage.delete(attestation.pdf.name)
        return
    drop_earlier_attempts(attestation.pdf.storage, intended, kept=attestation.pdf.name)


@durable_task(lease_seconds=300)
def render_period_pdf(export_id: int) -> None:
    """Render a period summary once (its fingerprint fixes what it shows)."""
    from .export import period_summary, summary_pdf

    export = PeriodExport.objects.select_related("choice__member").filter(pk=export_id).first()
    if export is None:
        return
    intended = PeriodExport._meta.get_field("pdf").generate_filename(export, "summary.pdf")
    if export.pdf:  # done; a killed earlier attempt may have left a copy
        drop_earlier_attempts(export.pdf.storage, intended, kept=export.pdf.name)
        return
    summary = period_summary(export.choice, export.period_start)
    data = summary_pdf(summary, export.choice.member.preferred_language)
    export.pdf.save("summary.pdf", ContentFile(data), save=False)
    published = PeriodExport.objects.filter(pk=export.pk, pdf="").update(pdf=export.pdf.name,
                                                                         rendered_at=timezone.now())
    if not published:
        export.pdf.storage.delete(export.pdf.name)
        return
    drop_earlier_attempts(export.pdf.storage, intended, kept=export.pdf.name)


logger = logging.getLogger("praxis.cpd")


@durable_task
def send_period_reminder(choice_id: int, period_end: str, days_before: int) -> None:
    from .services import period_reminder_send

    period_reminder_send(choice_id=choice_id, period_end=period_end, days_before=days_before)


def schedule_reminders(day: date | None = None) -> int:
    """Queue the reminders due today (each sends at most once: see `period_reminder_send`)."""
    from .services import reminders_due

    with transaction.atomic():
        due = reminders_due(day or timezone.localdate())
        for choice_id, period_end, days_before in due:
            send_period_reminder.enqueue(choice_id, period_end, days_before)
    return len(due)


@periodic_task(crontab(hour="7", minute="10"))
def reminders_periodic() -> None:
    count = schedule_reminders()
    if count:
        logger.info("Queued %s continuing-education reminder(s)", count)
