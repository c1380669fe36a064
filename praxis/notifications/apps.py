from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "praxis.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from praxis.core.models import AuditEntry

        from . import registry
        from .hooks import audit_entry_saved

        registry.load()  # each app's `notifications.py` declares its kinds and rules
        post_save.connect(audit_entry_saved, sender=AuditEntry, dispatch_uid="notifications-audit-entry")
