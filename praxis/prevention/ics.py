"""A calendar file (RFC 5545) reminding to screen again in about five months (the handbook: every 4 to 6 months
when a domain is flagged; we propose the same date to everyone)."""

from __future__ import annotations

import uuid
from datetime import UTC, timedelta

import icalendar
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .wizard import Result

PRODID = "-//Praxis//Prevention//FR"
RESCREEN_AFTER = timedelta(days=152)  # about five months: in the middle of the 4–6 months


def rescreen_calendar(result: Result) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    start = result.screened_on + RESCREEN_AFTER
    url = f"{settings.SITE_URL}{reverse(result.flow.start_name)}"
    event = icalendar.Event()
    # A random UID: nothing in the file points back to the screening.
    event.add("uid", f"icope-{uuid.uuid4()}@praxis")
    event.add("dtstamp", timezone.now().astimezone(UTC))
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(days=1))
    event.add("summary", _("Screen again: ICOPE self-check"))
    event.add("description", _("It is time to do the ICOPE screening again (memory, mobility, nutrition, vision, "
                               "hearing, mood).") + f"\n\n{url}")
    event.add("url", url)
    event.add("transp", "TRANSPARENT")
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", _("Screen again: ICOPE self-check"))
    alarm.add("trigger", timedelta(hours=-15))
    event.add_component(alarm)
    calendar.add_component(event)
    return calendar.to_ical()
