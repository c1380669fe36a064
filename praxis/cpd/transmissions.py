"""Reading an organiser's attendance list (CSV): one professional number per line, matched to members."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from praxis.accounts.models import User
from praxis.accounts.validators import normalise

MAX_LINES = 2000
NUMBER_HEADERS = {"number", "professional_number", "numero", "numéro", "inami", "riziv", "rpps", "adeli", "gln"}


@dataclass
class ParsedList:
    members: list[Any] = field(default_factory=list)
    errors: list[tuple[int, str, str]] = field(default_factory=list)  # (line, number as written, message)


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValueError(_("The file is not a text (CSV) file."))


def parse_attendance(data: bytes) -> ParsedList:
    """Each line's professional number matched to exactly one active member; every problem reported with its line
    number (unknown number, several accounts, a line twice). The caller imports nothing if there is an error."""
    text = _decode(data)
    try:
        dialect = csv.Sniffer().sniff(text[:2048], delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
    rows = list(csv.reader(io.StringIO(text), dialect))
    result = ParsedList()
    if not rows:
        result.errors.append((1, "", _("The file is empty.")))
        return result
    column, start = 0, 0
    header = [normalise(cell).lower() for cell in rows[0]]
    if not any(ch.isdigit() for ch in "".join(rows[0][:1])):
        matches = [i for i, cell in enumerate(header) if cell in NUMBER_HEADERS]
        column, start = (matches[0] if matches else 0), 1
    lines = [(n + 1, row) for n, row in enumerate(rows) if n >= start and any(c.strip() for c in row)]
    if len(lines) > MAX_LINES:
        result.errors.append((0, "", _("The list has more than %(n)s lines.") % {"n": MAX_LINES}))
        return result
    numbers = {n: normalise(row[column] if column < len(row) else "") for n, row in lines}
    wanted = {num for num in numbers.values() if num}
    keys = {num[:8] for num in wanted if len(num) == 11}
    candidates = list(User.objects.filter(is_active=True).filter(
        Q(registration_number__in=wanted) | Q(registration_kind="inami", registration_key__in=keys)
    ).only("pk", "registration_number", "registration_key", "registration_kind", "first_name", "last_name"))
    seen: dict[int, int] = {}
    for line, raw_row in lines:
        number = numbers[line]
        written = raw_row[column] if column < len(raw_row) else ""
        if not any(ch.isdigit() for ch in number):
            result.errors.append((line, written, _("No professional number on this line.")))
            continue
        found = [u for u in candidates if u.registration_number == number
                 or (u.registration_kind == "inami" and len(number) == 11 and u.registration_key == number[:8])]
        if not found:
            result.errors.append((line, written, _("No member of Praxis has this number.")))
        elif len(found) > 1:
            result.errors.append((line, written, _("Several accounts have this number: a moderator must check.")))
        elif found[0].pk in seen:
            result.errors.append((line, written, _("Same member as line %(line)s.") % {"line": seen[found[0].pk]}))
        else:
            seen[found[0].pk] = line
            result.members.append(found[0])
    return result
