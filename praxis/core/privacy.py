"""Catch text that looks like a patient identifier before it is published (DESIGN: no patient data).

Detected: Belgian national register numbers (NISS), French social-security numbers (NIR), Swiss AHV numbers (each
confirmed by its checksum, so ordinary numbers do not trip it), phone numbers, and a name next to a birth date.
Services call `check_no_patient_identifiers()` on every text field before a submission or a publication.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from stdnum.be import nn as be_nn
from stdnum.ch import ssn as ch_ssn
from stdnum.fr import nir as fr_nir

KINDS = {
    "niss": gettext_lazy("a Belgian national register number (NISS)"),
    "nir": gettext_lazy("a French social-security number (NIR)"),
    "ahv": gettext_lazy("a Swiss AHV/AVS number"),
    "phone": gettext_lazy("a phone number"),
    "name_birthdate": gettext_lazy("a name with a date of birth"),
}

_SEP = r"[ .\-/]?"
_NISS = re.compile(rf"(?<!\d)\d{{2}}{_SEP}\d{{2}}{_SEP}\d{{2}}{_SEP}\d{{3}}{_SEP}\d{{2}}(?!\d)")
_NIR = re.compile(
    rf"(?<![\dA-Za-z])[12]{_SEP}\d{{2}}{_SEP}\d{{2}}{_SEP}(?:\d{{2}}|2A|2B){_SEP}\d{{3}}{_SEP}\d{{3}}{_SEP}\d{{2}}(?!\d)",
    re.IGNORECASE,
)
_AHV = re.compile(rf"(?<!\d)756{_SEP}\d{{4}}{_SEP}\d{{4}}{_SEP}\d{{2}}(?!\d)")
_PHONE = re.compile(
    r"(?<![\d+])(?<!\d[ .\-/])(?:(?:\+|00)(?:32|33|41|352)[ .\-]?(?:\(0\))?[ .\-]?\d(?:[ .\-]?\d){7,9}"
    r"|0\d(?:[ .\-/]?\d){7,8})(?!\d)"
)
_MONTHS = (
    r"janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre"
    r"|januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
    r"|january|february|march|may|june|july|august|october"
)
_DATE = rf"(?:\d{{1,2}}[/.\-]\d{{1,2}}[/.\-](?:19|20)\d{{2}}|\d{{1,2}}(?:er)? (?:{_MONTHS}) (?:19|20)\d{{2}})"
_BORN = re.compile(rf"\b(?:née?s?|born|geboren)(?: le| on| op)? {_DATE}", re.IGNORECASE)
_NAME_DATE = re.compile(
    rf"\b(?:M\.|Mme|Mlle|Mr|Mrs|Ms|Madame|Monsieur|Mevrouw|Meneer|patiente?|patiënt)\s+"
    rf"[A-ZÀ-Ý][\w'\-]+(?:\s+[A-ZÀ-Ý][\w'\-]+)?[^.\n]{{0,40}}?{_DATE}",
)


@dataclass(frozen=True)
class Finding:
    kind: str
    start: int
    end: int

    @property
    def label(self) -> str:
        return str(KINDS[self.kind])


def _digits(text: str) -> str:
    return re.sub(r"[^\dAB]", "", text.upper())


def find_patient_identifiers(text: str) -> list[Finding]:
    """Every place in `text` that looks like it identifies a person, in order."""
    if not text:
        return []
    findings: list[Finding] = []
    taken: list[tuple[int, int]] = []

    def add(kind: str, match: re.Match[str]) -> None:
        span = match.span()
        if any(s < span[1] and span[0] < e for s, e in taken):
            return
        taken.append(span)
        findings.append(Finding(kind, *span))

    # (kind, pattern, checksum): a number counts only when its check digits are right.
    checks = [("nir", _NIR, fr_nir.is_valid), ("niss", _NISS, be_nn.is_valid), ("ahv", _AHV, ch_ssn.is_valid),
              ("phone", _PHONE, None), ("name_birthdate", _BORN, None), ("name_birthdate", _NAME_DATE, None)]
    for kind, pattern, is_valid in checks:
        for match in pattern.finditer(text):
            if is_valid is None or is_valid(_digits(match.group())):
                add(kind, match)
    return sorted(findings, key=lambda f: f.start)


def check_no_patient_identifiers(**fields: str) -> None:
    """Raise a ValidationError per field whose text looks like it identifies a patient."""
    errors: dict[str, list[str]] = {}
    for name, text in fields.items():
        for finding in find_patient_identifiers(text or ""):
            errors.setdefault(name, []).append(
                _("This text seems to contain %(what)s (“%(excerpt)s”). Praxis stores no patient data: remove it "
                  "or make it anonymous.") % {"what": finding.label, "excerpt": text[finding.start:finding.end]}
            )
    if errors:
        raise ValidationError(errors)
