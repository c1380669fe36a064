"""Peer review of knowledge content: reviewer competences, submissions with their checklist, flags.

The workflow state lives on `content.Content.status`; a `Submission` is one round of review (submitted, claimed by a
reviewer, decided with a checklist). The audit log on the Content row is the history the UI shows.
"""

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

CHECKLIST = [
    ("check_accuracy", _("The content is accurate and up to date")),
    ("check_evidence", _("Evidence is cited (references, guidelines)")),
    ("check_no_advertising", _("No advertising or promotion of a product")),
    ("check_coi", _("Conflicts of interest are declared")),
    ("check_no_patient", _("No identifiable patient (face, name, file, voice)")),
    ("check_consent", _("The filmed patient's consent is confirmed (or nobody is filmed)")),
]
CHECKLIST_FIELDS = [name for name, _label in CHECKLIST]
# One more check for pages written for patients and carers (content.Content.Audience.PATIENTS).
PATIENT_CHECK = ("check_plain_language", _("Plain language, and no advice that needs a consultation (page for "
                                           "patients and carers)"))


def checklist_for(content: object) -> list[tuple[str, Any]]:
    """The checks a submission of this content needs before approval."""
    if getattr(content, "audience", "") == "patients":
        return [*CHECKLIST, PATIENT_CHECK]
    return CHECKLIST


class ReviewerTheme(models.Model):
    """A reviewer's competence for one theme: submissions of that theme are offered to them."""

    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_themes", verbose_name=_("reviewer")
    )
    theme = models.ForeignKey(
        "content.Theme", on_delete=models.CASCADE, related_name="reviewers", verbose_name=_("theme")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reviewer competence")
        verbose_name_plural = _("reviewer competences")
        constraints = [models.UniqueConstraint(fields=["reviewer", "theme"], name="review_reviewer_theme_unique")]

    def __str__(self) -> str:
        return f"{self.reviewer} · {self.theme}"


class Submission(models.Model):
    """One round of review of a content item: submitted by its author, claimed by a reviewer, decided."""

    class Decision(models.TextChoices):
        PENDING = "", _("pending")
        APPROVED = "approved", _("approved")
        CHANGES_REQUESTED = "changes_requested", _("changes requested")
        REJECTED = "rejected", _("rejected")

    content = models.ForeignKey(
        "content.Content", on_delete=models.CASCADE, related_name="submissions", verbose_name=_("content")
    )
    submitted_at = models.DateTimeField(_("submitted on"), auto_now_add=True, db_index=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("reviewer"),
    )
    claimed_at = models.DateTimeField(_("review started on"), null=True, blank=True)
    decision = models.CharField(_("decision"), max_length=20, choices=Decision, default=Decision.PENDING,
                                blank=True)
    comments = models.TextField(_("comments to the author"), blank=True)
    decided_at = models.DateTimeField(_("decided on"), null=True, blank=True)
    check_accuracy = models.BooleanField(CHECKLIST[0][1], default=False)
    check_evidence = models.BooleanField(CHECKLIST[1][1], default=False)
    check_no_advertising = models.BooleanField(CHECKLIST[2][1], default=False)
    check_coi = models.BooleanField(CHECKLIST[3][1], default=False)
    check_no_patient = models.BooleanField(CHECKLIST[4][1], default=False)
    check_consent = models.BooleanField(CHECKLIST[5][1], default=False)
    check_plain_language = models.BooleanField(PATIENT_CHECK[1], default=False)

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["submitted_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["content"], condition=models.Q(decision=""), name="review_one_open_submission_per_content"
            ),
        ]
        indexes = [models.Index(fields=["decision", "submitted_at"])]

    def __str__(self) -> str:
        return f"{self.content} ({self.submitted_at:%Y-%m-%d})"

    @property
    def is_open(self) -> bool:
        return self.decision == self.Decision.PENDING

    @property
    def checklist(self) -> dict[str, bool]:
        return {name: getattr(self, name) for name, _label in checklist_for(self.content)}

    @property
    def checklist_items(self) -> list[tuple[str, bool]]:
        return [(str(label), getattr(self, name)) for name, label in checklist_for(self.content)]


class Flag(models.Model):
    """A member's report that a published item is wrong, promotional, identifies a patient...

    A flag is about a content item (`content`) or about something of an app above review — a question, an answer,
    an event, a job offer — (`target`, generic: review does not know those apps; each registers what the moderation
    queue shows of its kind in `review.targets`)."""

    class Reason(models.TextChoices):
        INACCURATE = "inaccurate", _("Inaccurate or outdated")
        ADVERTISING = "advertising", _("Advertising")
        PATIENT_PRIVACY = "patient_privacy", _("Patient privacy")
        UNDECLARED_COI = "undeclared_coi", _("Conflict of interest not declared")
        INAPPROPRIATE = "inappropriate", _("Inappropriate")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        DISMISSED = "dismissed", _("dismissed")
        UPHELD = "upheld", _("action taken")

    content = models.ForeignKey(
        "content.Content", null=True, blank=True, on_delete=models.CASCADE, related_name="flags",
        verbose_name=_("content"),
    )
    target_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("reporter")
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason)
    text = models.TextField(_("details"), max_length=2000, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.OPEN, db_index=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("handled by"),
    )
    handled_at = models.DateTimeField(_("handled on"), null=True, blank=True)
    resolution = models.TextField(_("resolution note"), blank=True)
    created_at = models.DateTimeField(_("flagged on"), auto_now_add=True)

    class Meta:
        verbose_name = _("flag")
        verbose_name_plural = _("flags")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["content", "reporter"], condition=models.Q(status="open"),
                name="review_one_open_flag_per_member",
            ),
            models.UniqueConstraint(
                fields=["target_type", "target_id", "reporter"], condition=models.Q(status="open"),
                name="review_one_open_target_flag_per_member",
            ),
            models.CheckConstraint(
                condition=models.Q(content__isnull=False, target_type__isnull=True, target_id__isnull=True)
                | models.Q(content__isnull=True, target_type__isnull=False, target_id__isnull=False),
                name="review_flag_about_one_thing",
            ),
        ]
        indexes = [models.Index(fields=["target_type", "target_id"], name="review_flag_target")]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} · {self.content or self.target}"
