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
