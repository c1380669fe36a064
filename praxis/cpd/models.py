"""The continuing-education record: verifiable attestations and the entries of each member's record.

Other apps (events, learning, communities) never write these rows themselves: they call `cpd.services`.
"""

from __future__ import annotations

import secrets
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

# Crockford-like alphabet without look-alikes (0/O, 1/I/L): codes are read aloud and typed from paper.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 16  # 31^16 ≈ 7·10^23: not guessable, short enough to type


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def proof_upload_to(instance: Entry, filename: str) -> str:
    # Never the member's file name; never linked through MEDIA_URL: served by `cpd:proof` after its rule.
    extension = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
    return f"private/cpd/proofs/{instance.member_id}/{secrets.token_hex(16)}.{extension}"


def _unguessable(kind: str, pk: Any) -> str:
    """A key part nobody can guess, yet the same for every attempt of the job that renders the row's file (a worker
    killed after writing the file and before saving the row leaves a file that the next attempt finds and drops)."""
    return salted_hmac(f"praxis.cpd.{kind}", str(pk), algorithm="sha256").hexdigest()[:32]


def attestation_pdf_upload_to(instance: Attestation, filename: str) -> str:
    # The key is unguessable and never linked through MEDIA_URL: the PDF is served by `cpd:attestation_pdf` only.
    part = _unguessable("attestation", instance.pk) if instance.pk else secrets.token_hex(8)
    return f"private/cpd/attestations/{instance.issued_on:%Y}/{instance.code}-{part}.pdf"


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
    # The attestation a member uploads for a declared activity (PDF or image, checked by content).
    proof = models.FileField(_("attestation"), upload_to=proof_upload_to, blank=True)
    proof_content_type = models.CharField(max_length=50, blank=True)
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
        if self.hours is not None and self.hours < 0:
            errors["hours"] = _("Hours cannot be negative.")
        # A declared or transmitted activity has one date; an event issued by Praxis may span several days.
        elif self.hours is not None and self.hours > 24 and self.origin != self.Origin.ISSUED:
            errors["hours"] = _("Hours must be between 0 and 24 for one day.")
        if self.points is not None and self.points < 0:
            errors["points"] = _("Points cannot be negative.")
        if self.date and self.date > timezone.localdate():
            errors["date"] = _("The date cannot be in the future.")
        if errors:
            raise ValidationError(errors)


class Scheme(models.TextChoices):
    BE_ACCREDITATION = "be_accreditation", _("Belgian accreditation (physicians, INAMI/RIZIV)")
    FR_DPC = "fr_dpc", _("French DPC (triennial)")
    FR_CERTIFICATION_6 = "fr_certification_6", _("French certification périodique (registered since 2023, 6 years)")
    FR_CERTIFICATION_9 = "fr_certification_9", _("French certification périodique (registered before 2023, 9 years)")
    CH_CREDITS = "ch_credits", _("Swiss continuing education (credits reported to the specialty society)")


class SchemeChoice(models.Model):
    """A scheme the member follows, with the day their periods (or cycle) start."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cpd_schemes")
    scheme = models.CharField(_("scheme"), max_length=24, choices=Scheme)  # rules: cpd.schemes, versioned
    anchor = models.DateField(_("start of the reference period or cycle"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("scheme followed")
        verbose_name_plural = _("schemes followed")
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["member", "scheme"], name="cpd_scheme_once_per_member")]

    def __str__(self) -> str:
        return f"{self.member_id} · {self.scheme} from {self.anchor}"


def period_pdf_upload_to(instance: PeriodExport, filename: str) -> str:
    part = _unguessable("summary", instance.pk) if instance.pk else secrets.token_hex(16)
    return f"private/cpd/summaries/{instance.choice.member_id}/{part}.pdf"


class PeriodExport(models.Model):
    """The PDF summary of one period, rendered by a task; `fingerprint` names the facts it shows, so a change in
    the period's entries asks for a new file while an unchanged past period is served again as it was."""

    choice = models.ForeignKey(SchemeChoice, on_delete=models.CASCADE, related_name="exports")
    period_start = models.DateField()
    period_end = models.DateField()
    fingerprint = models.CharField(max_length=32)
    pdf = models.FileField(upload_to=period_pdf_upload_to, blank=True)
    rendered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["choice", "period_start", "fingerprint"],
                                               name="cpd_period_export_once")]

    def __str__(self) -> str:
        return f"{self.choice} · {self.period_start}–{self.period_end}"


class Reminder(models.Model):
    """A reminder sent before the end of a period with requirements unmet: one row per (scheme, period, delay),
    claimed by its insertion, so that a member never gets the same reminder twice."""

    choice = models.ForeignKey(SchemeChoice, on_delete=models.CASCADE, related_name="reminders")
    period_end = models.DateField()
    days_before = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["choice", "period_end", "days_before"],
                                               name="cpd_reminder_once")]

    def __str__(self) -> str:
        return f"{self.choice} · {self.days_before} days before {self.period_end}"


class Transmission(models.Model):
    """An attendance list an organiser imported for an activity held elsewhere: the matched members got entries
    marked "transmitted" (source key `transmitted:<id>`)."""

    institution = models.ForeignKey("institutions.Institution", on_delete=models.CASCADE,
                                    related_name="cpd_transmissions")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+")
    title = models.CharField(_("title of the activity"), max_length=300)
    date = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1,
                                validators=[MinValueValidator(Decimal(0))])
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=1, null=True, blank=True,
                                 validators=[MinValueValidator(Decimal(0))])
    rubric = models.CharField(_("rubric"), max_length=20, choices=Rubric, default=Rubric.GENERAL)
    reference = models.CharField(_("accreditation or DPC reference"), max_length=60, blank=True)
    members = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.title} ({self.date})"
