"""In-app notifications, built from audit-log entries, and each member's preferences per kind and channel.

The kinds are declared by the apps (`<app>/notifications.py`, see `registry`): the field's choices are a callable."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .registry import kind_choices


class Channel(models.TextChoices):
    IN_APP = "in_app", _("On Praxis")
    EMAIL = "email", _("By email")


class Notification(models.Model):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=20, choices=kind_choices)
    action = models.CharField(max_length=100)
    audit_entry = models.ForeignKey("core.AuditEntry", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    url = models.CharField(max_length=500, blank=True)
    data = models.JSONField(default=dict, blank=True)  # what the message needs (a title...), rendered per language
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["audit_entry", "recipient"], name="notification_once_per_entry"),
        ]
        indexes = [
            models.Index(fields=["recipient", "-created_at", "-id"], name="notification_recipient_recent"),
            models.Index(fields=["recipient"], condition=models.Q(read_at__isnull=True), name="notification_unread"),
        ]

    def __str__(self) -> str:
        return f"{self.action} → {self.recipient_id}"

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class Preference(models.Model):
    """An explicit choice; without a row, every kind is on in every channel."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=20, choices=kind_choices)
    channel = models.CharField(max_length=10, choices=Channel)
    enabled = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [models.UniqueConstraint(fields=["user", "kind", "channel"], name="preference_unique")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}/{self.channel}: {self.enabled}"


class DigestRun(models.Model):
    """One weekly digest per member and week: the job is idempotent even when delivered twice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    week_start = models.DateField()
    item_count = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "week_start"], name="digest_once_a_week")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.week_start}"
