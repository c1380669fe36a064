from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class NamedInLanguages(models.Model):
    """A taxonomy entry (theme, service) named in French in `name` and, when admins give them, in Dutch and English:
    `label` (and `str()`) is the name in the interface's language, French when that one is missing."""

    name_nl = models.CharField(_("name in Dutch"), max_length=120, blank=True)
    name_en = models.CharField(_("name in English"), max_length=120, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        language = (get_language() or "fr")[:2]
        translated = getattr(self, f"name_{language}", "") if language in ("nl", "en") else ""
        return str(translated or getattr(self, "name", ""))


class AuditEntry(models.Model):
    """One state change: who did what to which object. Also the history the UI shows."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("actor"),
    )
    action = models.CharField(_("action"), max_length=100, db_index=True)
    target_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL)
    target_id = models.CharField(max_length=64, blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)
    created_at = models.DateTimeField(_("date"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id", "created_at"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}"


class TaskRun(models.Model):
    """A durable background job: claimed with a lease, retried with backoff, visible to admins when it fails."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    task_path = models.CharField(_("task"), max_length=200, db_index=True)
    args = models.JSONField(default=list)
    kwargs = models.JSONField(default=dict)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.QUEUED)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    max_attempts = models.PositiveIntegerField(default=5)
    available_at = models.DateTimeField(_("available at"))
    lease_until = models.DateTimeField(null=True, blank=True)
    worker = models.CharField(_("worker"), max_length=120, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-id"]
        indexes = [models.Index(fields=["status", "available_at"])]

    def __str__(self) -> str:
        return f"{self.task_path} #{self.pk} ({self.status})"


class WorkerHeartbeat(models.Model):
    """Written by each task worker when it starts and every minute; /healthz reads it."""

    worker = models.CharField(max_length=120, unique=True)
    seen_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.worker


class RateCounter(models.Model):
    """The count of one rate-limit window (praxis/core/ratelimit.py, praxis/api/ratelimit.py) when there is no Redis:
    one upsert per count, instead of the database cache's five statements (and its culling, which dropped counters
    once the cache held 300 entries). Rows of ended windows are deleted as new windows start; on PostgreSQL the
    table is UNLOGGED (no wait for a WAL flush; a crash only restarts the current windows' counts)."""

    name = models.CharField(max_length=250, primary_key=True)
    count = models.PositiveIntegerField(default=0)
    expires = models.PositiveBigIntegerField(db_index=True)  # epoch seconds

    def __str__(self) -> str:
        return f"{self.name}: {self.count}"
