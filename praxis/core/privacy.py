"""Catch text that looks like a patient identifier before it is published (DESIGN: no patient data).

Detected: Belgian national register numbers (NISS), French social-security numbers (NIR), Swiss AHV numbers (each
confirmed by its checksum, so ordinary numbers do not trip it), phone numbers, and a name next to a birth date.
Services call `check_no_patient_identifiers()` on every text field before a submission or a publication.

With `contacts=True` it also catches e-mail addresses and street addresses ("rue de la Loi 16", "12 avenue Louise",
"Kerkstraat 5", "Bahnhofstrasse 12"): texts that should name nobody at all (organisational cases, minutes) ask for
them; profiles and job offers legitimately carry an institution's address and contact e-mail, so they do not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from stdnum.be import nn as be_nn
from stdnum.ch import ssn as ch_ssn
from stdnum.fr import nir as fr_nir

from .audit import READ_ACTIONS, accesses_to
from .models import AuditEntry
from .personal_data import Holding, OnErasure, Retention

KINDS = {
    "niss": gettext_lazy("a Belgian national register number (NISS)"),
    "nir": gettext_lazy("a French social-security number (NIR)"),
    "ahv": gettext_lazy("a Swiss AHV/AVS number"),
    "phone": gettext_lazy("a phone number"),
    "name_birthdate": gettext_lazy("a name with a date of birth"),
    "email": gettext_lazy("an e-mail address"),
    "address": gettext_lazy("a street address"),
}
NATIONAL_NUMBERS = frozenset({"niss", "nir", "ahv"})

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
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?![\w-])")
_STREET_WORDS = (
    r"rue|avenue|av\.|boulevard|bd|chaussée|chaussee|place|chemin|allée|allee|impasse|quai|square|route|drève|dreve"
    r"|clos|sentier|passage|ruelle|rempart|faubourg|parvis|galerie|venelle"
)
_STREET_NUMBER = r"\d{1,4}(?:\s?[a-zA-Z])?(?:\s?(?:bte|boîte|bus|bis|ter)\.?\s?\d{0,4})?(?![\d/.,]\d)\b"
_PARTICLE = r"(?:(?:de\s+la|de\s+l'|de\s+l\u2019|du|des|de|d'|d\u2019|la|le|les|l'|l\u2019)\s*)?"
_STREET_NAME = rf"{_PARTICLE}[A-ZÀ-Ýa-zà-ÿ][\w'\u2019\-]+(?:\s+(?-i:[A-ZÀ-Ý])[\w'\u2019\-]+){{0,3}}"
# Before the street word the number gives less certainty ("16 route barrée"): the name must be capitalised.
_STREET_NAME_CAPITALISED = rf"{_PARTICLE}(?-i:[A-ZÀ-Ý])[\w'\u2019\-]+(?:\s+(?-i:[A-ZÀ-Ý])[\w'\u2019\-]+){{0,3}}"
_ADDRESS = re.compile(
    # "16 rue de la Loi", "12bis avenue Louise"
    rf"(?<![\w/.,])\d{{1,4}}(?:\s?(?:bis|ter|[a-zA-Z]))?,?\s+(?:{_STREET_WORDS})\s+{_STREET_NAME_CAPITALISED}"
    # "rue de la Loi 16", "Avenue Louise 54 bte 3"
    rf"|\b(?:{_STREET_WORDS})\s+{_STREET_NAME},?\s+{_STREET_NUMBER}"
    # Dutch and German compounds: "Kerkstraat 12", "Bahnhofstrasse 5", "Grote Markt 1"
    rf"|\b[A-ZÀ-Ý][\w\-]*(?:straat|laan|steenweg|plein|lei|dreef|kaai|weg|markt|strasse|straße|gasse|platz)\s+{_STREET_NUMBER}",
    re.IGNORECASE,
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


def find_patient_identifiers(text: str, *, contacts: bool = False) -> list[Finding]:
    """Every place in `text` that looks like it identifies a person, in order (with `contacts`, also e-mail and
    street addresses)."""
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

    # (kind, pattern, checksum): a number counts only when its check digits are right. E-mail addresses come before
    # phone numbers and street addresses: digits inside an address are part of it.
    checks: list[tuple[str, re.Pattern[str], Any]] = [
        ("nir", _NIR, fr_nir.is_valid), ("niss", _NISS, be_nn.is_valid), ("ahv", _AHV, ch_ssn.is_valid)]
    if contacts:
        checks.append(("email", _EMAIL, None))
    checks += [("phone", _PHONE, None), ("name_birthdate", _BORN, None), ("name_birthdate", _NAME_DATE, None)]
    if contacts:
        checks.append(("address", _ADDRESS, None))
    for kind, pattern, is_valid in checks:
        for match in pattern.finditer(text):
            if is_valid is None or is_valid(_digits(match.group())):
                add(kind, match)
    return sorted(findings, key=lambda f: f.start)


def findings_by_field(fields: dict[str, str], *, contacts: bool = False) -> dict[str, list[tuple[Finding, str]]]:
    """{field: [(finding, the text found)]} for the fields where something was found."""
    found: dict[str, list[tuple[Finding, str]]] = {}
    for name, text in fields.items():
        for finding in find_patient_identifiers(text or "", contacts=contacts):
            found.setdefault(name, []).append((finding, (text or "")[finding.start:finding.end]))
    return found


def _raise(found: dict[str, list[tuple[Finding, str]]]) -> None:
    if found:
        raise ValidationError({name: [
            _("This text seems to contain %(what)s (“%(excerpt)s”). Praxis stores no patient data: remove it "
              "or make it anonymous.") % {"what": finding.label, "excerpt": excerpt}
            for finding, excerpt in items] for name, items in found.items()})


def check_no_patient_identifiers(**fields: str) -> None:
    """Raise a ValidationError per field whose text looks like it identifies a patient."""
    _raise(findings_by_field(fields))


def check_no_personal_data(**fields: str) -> None:
    """As `check_no_patient_identifiers`, and no e-mail or street address either (texts that name nobody)."""
    _raise(findings_by_field(fields, contacts=True))


# --- The personal data the core holds (declarations: `praxis.core.personal_data`) ----------------------------------

def _pseudonym(user_id: int) -> str:
    """A stable pseudonym of an actor: the same person's old entries stay linkable together, not to the person."""
    return "p-" + salted_hmac("praxis.audit.pseudonym", str(user_id), algorithm="sha256").hexdigest()[:12]


def _pseudonymise_audit(cutoff: datetime) -> int:
    """Old entries keep what was done and when; the actor becomes a pseudonym. Past the longer period they go."""
    deleted = AuditEntry.objects.filter(created_at__lt=timezone.now() - timedelta(
        days=settings.RETENTION_AUDIT_DAYS)).delete()[0]
    changed = 0
    for entry in AuditEntry.objects.filter(created_at__lt=cutoff, actor__isnull=False).only("pk", "actor_id", "data"):
        data = {key: value for key, value in (entry.data or {}).items() if key not in IDENTIFYING_KEYS}
        data["actor_pseudonym"] = _pseudonym(entry.actor_id or 0)
        changed += AuditEntry.objects.filter(pk=entry.pk).update(actor=None, data=data)
    return deleted + changed


# Keys of an audit entry's data that identify a person; erased with the person, dropped when pseudonymised.
IDENTIFYING_KEYS = frozenset({"email", "user", "user_id", "member_id", "recipient_id", "name", "message",
                              "recipient_name"})

PERSONAL_DATA = [
    Holding(
        "core.AuditEntry", ("actor", "data"),
        purpose=gettext_lazy("the history of changes and of reads of private data (who did what, when)"),
        on_erasure=OnErasure.ANONYMISED,
        retention=Retention("RETENTION_AUDIT_PSEUDONYMISE_DAYS", gettext_lazy("the change (then pseudonymised; "
                            "deleted after the longer audit period)"), purge=_pseudonymise_audit),
    ),
]
NOT_PERSONAL = {"TaskRun": "background jobs take row ids; finished ones are purged (RETENTION_TASK_DAYS)"}


def export_member(*, member: Any) -> dict[str, Any]:
    return {
        "activity": [
            {"date": entry.created_at.isoformat(), "action": entry.action}
            for entry in AuditEntry.objects.filter(actor=member).order_by("created_at")
        ],
        "reads_of_your_data": [
            {"date": entry.created_at.isoformat(), "action": entry.action,
             "by": entry.actor.get_full_name() if entry.actor else None}
            for entry in accesses_to(member).filter(action__in=READ_ACTIONS)
        ],
    }


def erase_member(*, member: Any, former_member: Any) -> None:
    """Audit entries keep the action and the date; what identified the member goes (their actor link, and the keys
    of the data that named them, in entries about them or about what they did)."""
    about = (Q(actor=member) | Q(target_type=ContentType.objects.get_for_model(member), target_id=str(member.pk))
             | Q(data__user_id=member.pk) | Q(data__member_id=member.pk) | Q(data__user=member.pk)
             | Q(data__recipient_id=member.pk)
             | Q(data__email=member.email))
    for entry in AuditEntry.objects.filter(about).only("pk", "data"):
        data = {key: value for key, value in (entry.data or {}).items() if key not in IDENTIFYING_KEYS}
        AuditEntry.objects.filter(pk=entry.pk).update(actor=None, data=data)
