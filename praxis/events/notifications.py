"""The notifications events declare (sent by the events' own emails: seats, reminders, organisers' messages)."""

from django.utils.translation import gettext_lazy as _

from praxis.notifications.registry import kind

EVENTS = kind("events", _("Events I registered for: seats, reminders, organisers' messages"), order=50)
