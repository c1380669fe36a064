"""Reading a staff list (CSV) row by row. Nothing is written here: `services.staff_import_apply` writes the valid
rows in one transaction after the admin saw this preview.

Columns (header names in French, Dutch or English, any order; `;` or `,`): email, first name, last name, profession,
department, and optionally the date of joining. Professions are given by their code or their name in any of the
three languages; an unknown department is created on import (the preview lists it).
"""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import translation
from django.utils.translation import gettext as _

from .models import Department, StaffMember, StaffProfession

MAX_ROWS = 10000
MAX_BYTES = 2 * 1024 * 1024

COLUMNS: dict[str, tuple[str, ...]] = {
    "email": ("email", "e-mail", "courriel", "adresse email", "adresse e-mail", "mail"),
    "first_name": ("first name", "first_name", "firstname", "prenom", "voornaam"),
    "last_name": ("last name", "last_name", "lastname", "nom", "nom de famille", "achternaam", "naam"),
    "profession": ("profession", "fonction", "metier", "beroep", "functie"),
    "department": ("department", "departement", "service", "unite", "dienst", "afdeling", "eenheid"),
    "joined_on": ("joined on", "joined_on", "date d'entree", "entree", "date d entree", "in dienst", "datum in dienst",
                  "start"),
}
REQUIRED = ("email", "first_name", "last_name")


def normalise(text: str) -> str:
    """Lower case, without accents or surrounding spaces: "Département " → "departement"."""
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# What hospital lists often say, beyond the labels of the three languages.
ALIASES = {
    "infirmier": "nurse", "infirmiere": "nurse", "verpleger": "nurse", "verpleegster": "nurse",
    "medecin": "physician", "docteur": "physician", "dokter": "physician", "arts": "physician",
    "aide-soignant": "care_assistant", "aide-soignante": "care_assistant", "zorgkundige": "care_assistant",
    "sage-femme": "midwife", "vroedvrouw": "midwife", "kinesitherapeute": "physiotherapist", "kine": "physiotherapist",
    "kinesitherapeut": "physiotherapist", "apotheker": "pharmacist", "technicien": "technician",
    "technicienne": "technician", "administratif": "administrative", "administrative": "administrative",
    "secretaire": "administrative", "bediende": "administrative", "logistique": "logistics", "autre": "other",
    "ander": "other", "andere": "other",
}


def _profession_names() -> dict[str, str]:
    names: dict[str, str] = dict(ALIASES)
    for value, label in StaffProfession.choices:
        names[normalise(value)] = value
        for language in ("fr", "nl", "en"):
            with translation.override(language):
                names[normalise(str(label))] = value
    return names


@dataclass
class Row:
    line: int
    email: str = ""
    first_name: str = ""
    last_name: str = ""
    profession: str = StaffProfession.OTHER
    department: str = ""
    joined_on: date | None = None
    errors: list[str] = field(default_factory=list)
    existing: bool = False  # already on the staff list: the row updates it

    @property
    def is_valid(self) -> bool:
        return not self.errors

    @property
    def profession_label(self) -> str:
        return str(StaffProfession(self.profession).label)


@dataclass
class Preview:
    rows: list[Row] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # about the whole file
    new_departments: list[str] = field(default_factory=list)

    @property
    def valid_rows(self) -> list[Row]:
        return [row for row in self.rows if row.is_valid]

    @property
    def invalid_rows(self) -> list[Row]:
        return [row for row in self.rows if not row.is_valid]

    @property
    def can_apply(self) -> bool:
        return not self.errors and bool(self.valid_rows)


def decode(data: bytes) -> str:
    """UTF-8 (with or without the BOM spreadsheets write), else Windows-1252 (older Excel exports)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _parse_date(text: str) -> date:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def _header_map(header: list[str]) -> tuple[dict[str, int], list[str]]:
    known = {alias: key for key, aliases in COLUMNS.items() for alias in aliases}
    found: dict[str, int] = {}
    for index, name in enumerate(header):
        key = known.get(normalise(name))
        if key and key not in found:
            found[key] = index
    missing = [key for key in REQUIRED if key not in found]
    return found, missing


@dataclass
class _Context:
    columns: dict[str, int]
    professions: dict[str, str]
    departments: dict[str, str]
    existing: set[str]
    seen: dict[str, int] = field(default_factory=dict)
    new_departments: dict[str, str] = field(default_factory=dict)


def _check_row(number: int, cells: list[str], context: _Context) -> Row:
    def cell(key: str) -> str:
        index = context.columns.get(key)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    row = Row(line=number, email=cell("email").lower(), first_name=cell("first_name"), last_name=cell("last_name"),
              department=cell("department"))
    try:
        validate_email(row.email)
    except ValidationError:
        row.errors.append(_("“%(value)s” is not an email address.") % {"value": row.email[:80]})
    if row.email in context.seen:
        row.errors.append(_("This address is already on line %(line)s.") % {"line": context.seen[row.email]})
    elif row.email:
        context.seen[row.email] = number
    if not row.first_name or not row.last_name:
        row.errors.append(_("The first name and the last name are required."))
    if len(row.first_name) > 150 or len(row.last_name) > 150 or len(row.department) > 120:
        row.errors.append(_("A name is too long."))
    profession = cell("profession")
    if profession:
        code = context.professions.get(normalise(profession))
        if code is None:
            row.errors.append(_("Unknown profession “%(value)s”.") % {"value": profession[:80]})
        else:
            row.profession = code
    joined = cell("joined_on")
    if joined:
        try:
            row.joined_on = _parse_date(joined)
        except ValueError:
            row.errors.append(_("“%(value)s” is not a date (day/month/year).") % {"value": joined[:40]})
    if row.department:
        key = normalise(row.department)
        row.department = context.departments.get(key) or context.new_departments.setdefault(key, row.department)
    row.existing = row.email in context.existing
    return row


def read(text: str, institution_id: int) -> Preview:
    """Check every line; return what would be imported and what is wrong, line by line, in the user's language."""
    preview = Preview()
    if len(text.encode()) > MAX_BYTES:
        preview.errors.append(_("The file is larger than 2 MB: split it into several files."))
        return preview
    sample = text[:4096]
    delimiter = ";" if sample.count(";") >= sample.count(",") else ","
    lines = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    lines = [line for line in lines if any(cell.strip() for cell in line)]
    if not lines:
        preview.errors.append(_("The file is empty."))
        return preview
    columns, missing = _header_map(lines[0])
    if missing:
        labels = {"email": _("email"), "first_name": _("first name"), "last_name": _("last name")}
        preview.errors.append(_("The first line must name the columns; missing: %(columns)s.")
                              % {"columns": ", ".join(str(labels[key]) for key in missing)})
        return preview
    if len(lines) - 1 > MAX_ROWS:
        preview.errors.append(_("At most %(count)s people per file.") % {"count": MAX_ROWS})
        return preview
    context = _Context(
        columns=columns, professions=_profession_names(),
        departments={normalise(name): name for name in
                     Department.objects.filter(institution_id=institution_id).values_list("name", flat=True)},
        existing={email.lower() for email in
                  StaffMember.objects.filter(institution_id=institution_id).values_list("email", flat=True)},
    )
    for number, cells in enumerate(lines[1:], start=2):
        preview.rows.append(_check_row(number, cells, context))
    used = {normalise(row.department) for row in preview.valid_rows if row.department}
    preview.new_departments = sorted(name for key, name in context.new_departments.items() if key in used)
    return preview
