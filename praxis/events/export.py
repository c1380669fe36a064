"""CSV exports that spreadsheets cannot turn into formulas."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from django.utils.translation import gettext as _

from .models import Registration

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """A cell a spreadsheet shows as text: a leading = + - @ tab or CR gets a quote in front (OWASP advice)."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def attendees_csv(rows: Iterable[Registration]) -> str:
    out = io.StringIO()
    out.write("\ufeff")  # Excel reads UTF-8 only with a BOM
    writer = csv.writer(out, delimiter=";")
    writer.writerow([_("Last name"), _("First name"), _("Email"), _("Profession"), _("Status"), _("Registered on"),
                     _("Attended")])
    for row in rows:
        user = row.user
        attended = "" if row.attended is None else (_("yes") if row.attended else _("no"))
        writer.writerow([safe_cell(v) for v in (
            user.last_name, user.first_name, user.email, user.get_profession_display(), row.get_status_display(),
            row.queued_at.strftime("%Y-%m-%d %H:%M"), attended,
        )])
    return out.getvalue()


def attendance_transmission_csv(event: object, rows: Iterable[Registration], codes: dict[int, str]) -> str:
    """Who attended, with their professional numbers (INAMI/RIZIV, RPPS...), in the shape an accreditation body or
    a DPC organisation reads: one line per attendee, machine values (ISO dates, dot decimals)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["number_kind", "professional_number", "last_name", "first_name", "profession", "activity",
                     "date", "hours", "accreditation_points", "dpc_reference", "attestation_code"])
    day = event.starts_at.astimezone(event.tz).date().isoformat()  # type: ignore[attr-defined]
    hours = event.dpc_hours or event.accreditation_points  # type: ignore[attr-defined]
    for row in rows:
        user = row.user
        writer.writerow([safe_cell(v) for v in (
            user.registration_kind, user.registration_number, user.last_name, user.first_name, user.profession,
            event.title, day, "" if hours is None else hours,  # type: ignore[attr-defined]
            "" if event.accreditation_points is None else event.accreditation_points,  # type: ignore[attr-defined]
            event.dpc_reference, codes.get(user.pk, ""),  # type: ignore[attr-defined]
        )])
    return out.getvalue()
