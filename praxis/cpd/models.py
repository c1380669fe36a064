"""The continuing-education record: verifiable attestations and the entries of each member's record.

Other apps (events, learning, communities) never write these rows themselves: they call `cpd.services`.
"""

from __future__ import annotations

import secrets
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Crockford-like alphabet without look-alikes (0/O, 1/I/L): codes are read aloud and typed from paper.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 16  # 31^16 ≈ 7·10^23: not guessable, short enough to type


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def attestation_pdf_upload_to(instance: Attestation, filename: str) -> str:
    # The key is unguessable and never linked through MEDIA_URL: the PDF is served by `cpd:attestation_pdf` only.
    return f"private/cpd/attestations/{instance.issued_on:%Y}/{instance.code}-{secrets.token_hex(8)}.pdf"


class Rubric(models.TextChoices):
    GENERAL = "general", _("General")
    ETHICS_ECONOMICS = "ethics_economics", _("Ethics and economics")


class Attestation(models.Model):
    """One verifiable document: an e-learning certificate, an attendance attestation... (one mechanism for all)."""

    class Kind(models.TextChoices):
        COURSE_CERTIFICATE = "course_certificate", _("Course certificate")
        EVENT_ATTENDANCE = "event_attendance", _("Attendance attestation")
        PEER_GROUP_SESSION = "peer_group_session", _("Peer-group session")
        OTHER = "other", _("Other attestation")

    class State(models.TextChoices):
        VALID = "valid", _("valid")
        EXPIRED = "expired", _("expired")
        REVOKED = "revoked", _("revoked")

    code = models.CharField(_("verification code"), max_length=CODE_LENGTH, unique=True, default=new_code,
                            editable=False)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="cpd_attestations")
    recipient_name = models.CharField(_("recipient"), max_length=300)
    title = models.CharField(_("title"), max_length=300)
    issuer_institution = models.ForeignKey("institutions.Institution", on_delete=models.SET_NULL, null=True,
                                           blank=True, related_name="cpd_attestations")
    issuer_name = models.CharField(_("issued by"), max_length=300)
    issued_on = models.DateField(_("issued on"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=1, null=True, blank=True,
                                 validators=[MinValueValidator(Decimal(0))])
    rubric = models.CharField(_("rubric"), max_length=20, choices=Rubric, default=Rubric.GENERAL)
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=1, null=True, blank=True,
                                validators=[MinValueValidator(Decimal(0))])
    source_key = models.CharField(max_length=200)
    revoked_at = models.DateTimeField(_("revoked on"), null=True, blank=True)
    revoked_reason = models.CharField(_("reason for revocation"), max_length=300, blank=True)
    pdf = models.FileField(upload_to=attestation_pdf_upload_to, blank=True)
    pdf_rendered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attestation")
        verbose_name_plural = _("attestations")
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "source_key", "recipient"], name="cpd_attestation_once"),
        ]

    def __str__(self) -> str:
        return f"{self.title} · {self.recipient_name} ({self.code})"

    def clean(self) -> None:
        if self.valid_until and self.issued_on and self.valid_until < self.issued_on:
            raise ValidationError({"valid_until": _("The end of validity must come after the date of issue.")})

    def state_on(self, day: date) -> str:
        if self.revoked_at:
            return self.State.REVOKED
        if self.valid_until and self.valid_until < day:
            return self.State.EXPIRED
        return self.State.VALID

    @property
    def state(self) -> str:
        """"valid", "expired" or "revoked" today."""
        return self.state_on(timezone.localdate())


class Entry(models.Model):
    """One line of a member's continuing-education record, whatever its source."""

    class Origin(models.TextChoices):
        ISSUED = "issued", _("Issued by Praxis")
        TRANSMITTED = "transmitted", _("Transmitted by the organiser")
        DECLARED = "declared", _("Declared by the member")

    class ActivityType(models.TextChoices):
        EVENT = "event", _("Event or training")
        COURSE = "course", _("E-learning course")
        PEER_GROUP = "peer_group", _("Peer-group session (LOK/GLEM)")
        DECLARED = "declared", _("Other activity")

    class DpcActionType(models.TextChoices):
        COGNITIVE = "cognitive", _("Cognitive action (knowledge and skills)")
        PRACTICE_EVALUATION = "practice_evaluation", _("Evaluation of professional practice")
        RISK_MANAGEMENT = "risk_management", _("Risk management")

    class CertificationBlock(models.TextChoices):
        KNOWLEDGE = "knowledge", _("Knowledge and skills")
        QUALITY = "quality", _("Quality of practice")
        RELATIONSHIP = "relationship", _("Relationship with patients")
        HEALTH = "health", _("The practitioner's own health")

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cpd_entries")
    origin = models.CharField(_("origin"), max_length=12, choices=Origin)
    source_key = models.CharField(max_length=200)
    title = models.CharField(_("title"), max_length=300)
    organiser = models.CharField(_("organiser"), max_length=300, blank=True)
    date = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1, null=True, blank=True)
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=1, null=True, blank=True)
    rubric = models.CharField(_("rubric"), max_length=20, choices=Rubric, default=Rubric.GENERAL)
    activity_type = models.CharField(_("type of activity"), max_length=20, choices=ActivityType)
    attestation = models.ForeignKey(Attestation, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="entries")
    # Classification for the schemes (Belgian accreditation, French DPC and certification périodique).
    reference = models.CharField(_("accreditation or DPC reference"), max_length=60, blank=True)
    dpc_action_type = models.CharField(_("DPC action type"), max_length=24, choices=DpcActionType, blank=True)
    dpc_priority = models.BooleanField(_("in a national priority orientation"), default=False)
    certification_block = models.CharField(_("certification block"), max_length=16, choices=CertificationBlock,
                                           blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("continuing-education entry")
        verbose_name_plural = _("continuing-education entries")
        ordering = ["-date", "-pk"]
        constraints = [models.UniqueConstraint(fields=["member", "source_key"], name="cpd_entry_once_per_source")]
        indexes = [models.Index(fields=["member", "date"])]

    def __str__(self) -> str:
        return f"{self.member_id} · {self.title} ({self.date})"

    def clean(self) -> None:
        errors: dict[str, object] = {}
        if self.hours is not None and not (Decimal(0) <= self.hours <= Decimal(24)):
            errors["hours"] = _("Hours must be between 0 and 24 for one day.")
        if self.points is not None and self.points < 0:
            errors["points"] = _("Points cannot be negative.")
        if self.date and self.date > timezone.localdate():
            errors["date"] = _("The date cannot be in the future.")
        if errors:
            raise ValidationError(errors)
