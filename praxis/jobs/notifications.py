"""The notifications jobs declare (sent by the saved searches' alert emails)."""

from django.utils.translation import gettext_lazy as _

from praxis.notifications.registry import kind

JOB_ALERTS = kind("job_alerts", _("Job alerts from my saved searches"), order=60)
