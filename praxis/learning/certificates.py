"""Certificates of completed courses, issued through the cpd app: the certificate IS a cpd Attestation (with its
PDF, QR code and public verification page), and the completion is a line of the learner's continuing-education
record."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils import timezone

from praxis.core.actor import Actor

from .models import Enrolment


def source_key(enrolment: Enrolment) -> str:
    return f"learning.completion:{enrolment.pk}"


def issue_for(*, actor: Actor | None, enrolment: Enrolment) -> Any:
    """Issue the certificate of a completed enrolment and record it in the learner's record (both idempotent).
    Called inside the completing transaction; the PDF is rendered by cpd's background task after commit."""
    from praxis.cpd.models import Attestation, Entry
    from praxis.cpd.services import attestation_issue, entry_record

    course = enrolment.course
    issued_on = timezone.localdate(enrolment.completed_at)
    hours = (Decimal(course.estimated_minutes) / 60).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    attestation = attestation_issue(
        actor=actor, kind=Attestation.Kind.COURSE_CERTIFICATE, recipient=enrolment.user, title=course.title,
        issued_on=issued_on, source_key=source_key(enrolment), issuer_institution=course.owner_institution,
        valid_until=enrolment.valid_until, points=course.cpd_points, rubric=course.cpd_rubric, hours=hours,
    )
    entry_record(
        member=enrolment.user, source_key=source_key(enrolment), origin=Entry.Origin.ISSUED, title=course.title,
        organiser=course.owner_institution.name if course.owner_institution else "Praxis", date=issued_on,
        activity_type=Entry.ActivityType.COURSE, hours=hours, points=course.cpd_points, rubric=course.cpd_rubric,
        attestation=attestation, actor=actor,
    )
    if enrolment.certificate_id != attestation.pk:
        Enrolment.objects.filter(pk=enrolment.pk).update(certificate=attestation)
        enrolment.certificate = attestation
    return attestation
