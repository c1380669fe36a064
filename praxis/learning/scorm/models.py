"""A SCORM lesson's package and its learners' runtime attempts (imported by praxis/learning/models.py)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .package import SCORM_12, SCORM_2004, Item


class ScormPackage(models.Model):
    """The package of a SCORM lesson. Its files are unpacked under `content_prefix` (storage); `status` flips to ready
    in the same UPDATE that sets the prefix, once every file is written."""

    class Status(models.TextChoices):
        PENDING = "pending", _("being unpacked")
        READY = "ready", _("ready")
        FAILED = "failed", _("failed")

    class Version(models.TextChoices):
        SCORM_12 = SCORM_12, "SCORM 1.2"
        SCORM_2004 = SCORM_2004, "SCORM 2004"

    lesson = models.OneToOneField("learning.Lesson", on_delete=models.CASCADE, related_name="scorm_package")
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PENDING)
    version = models.CharField(_("SCORM version"), max_length=4, choices=Version)
    title = models.CharField(_("title"), max_length=300, blank=True)
    # The default organisation as a tree of items (package.Item.as_dict), read from the manifest at upload.
    organisation = models.JSONField(default=list)
    source_key = models.CharField(max_length=500)  # the uploaded zip, in storage
    original_name = models.CharField(max_length=255, blank=True)
    content_prefix = models.CharField(max_length=500, blank=True)  # "scorm/<id>/<random>/" once ready
    file_count = models.PositiveIntegerField(default=0)
    unpacked_bytes = models.PositiveBigIntegerField(default=0)
    failure_reason = models.CharField(max_length=500, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("SCORM package")
        verbose_name_plural = _("SCORM packages")
        constraints = [
            models.CheckConstraint(condition=~Q(status="ready") | ~Q(content_prefix=""),
                                   name="learning_scormpackage_ready_has_files"),
        ]

    def __str__(self) -> str:
        return self.title or self.original_name

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY

    def items(self) -> list[Item]:
        return [Item.from_dict(data) for data in self.organisation]

    def launchable(self) -> list[Item]:
        """The SCOs in table-of-contents order (read once per instance: a commit asks several times)."""
        cached = self.__dict__.get("_launchable")
        if cached is not None and cached[0] is self.organisation:
            return cached[1]
        found: list[Item] = []

        def walk(items: list[Item]) -> None:
            for item in items:
                if item.launch:
                    found.append(item)
                walk(item.children)

        walk(self.items())
        self.__dict__["_launchable"] = (self.organisation, found)
        return found


class ScormAttempt(models.Model):
    """The runtime data of one learner in one SCO of a package, within one lesson progress (one enrolment).

    `cmi` is the runtime's whole CMI tree as last committed (suspend data of any length, interactions,
    objectives); the columns beside it are what Praxis reads out of it (runtime.summarise) for pages and reports.
    """

    progress = models.ForeignKey("learning.LessonProgress", on_delete=models.CASCADE, related_name="scorm_attempts")
    package = models.ForeignKey(ScormPackage, on_delete=models.CASCADE, related_name="attempts")
    item_identifier = models.CharField(max_length=200)
    cmi = models.JSONField(default=dict, blank=True)
    launches = models.JSONField(default=dict, blank=True)  # launch id -> [last sequence, session seconds, order]
    earlier_seconds = models.FloatField(default=0)
    terminated = models.BooleanField(default=False)
    status_set_by_sco = models.BooleanField(default=False)
    status = models.CharField(_("status"), max_length=14, default="not_attempted")
    score = models.DecimalField(_("score (%)"), max_digits=5, decimal_places=2, null=True, blank=True)
    location = models.CharField(_("location"), max_length=1000, blank=True)
    suspend_data_length = models.PositiveIntegerField(default=0)
    total_seconds = models.PositiveIntegerField(_("total time (seconds)"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("SCORM attempt")
        verbose_name_plural = _("SCORM attempts")
        constraints = [
            models.UniqueConstraint(fields=["progress", "package", "item_identifier"],
                                    name="learning_scormattempt_one_per_sco"),
        ]

    def __str__(self) -> str:
        return f"{self.progress_id}/{self.item_identifier}: {self.status}"

    def state_fields(self) -> dict[str, Any]:
        return {"cmi": self.cmi, "launches": self.launches, "earlier_seconds": self.earlier_seconds,
                "terminated": self.terminated, "status_set_by_sco": self.status_set_by_sco}
