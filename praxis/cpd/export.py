"""A period's summary: the same facts for the page, the CSV and the PDF, reproducible for any past period.

A period is identified by its scheme and any day inside it; its boundaries and the rule version judging it come from
`schemes` (a later rule version never changes a past period), its entries from their dates."""

from __future__ import annotations

import csv
import hashlib
import io
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation

from .models import Attestation, Entry, SchemeChoice
from .schemes import Period, Progress, RuleVersion, evaluate, period_for

ZERO = Decimal(0)


@dataclass
class PeriodSummary:
    choice: SchemeChoice
    period: Period
    rule: RuleVersion
    entries: list[Entry]
    progress: list[Progress]

    def totals(self, field: str, labels: dict[str, Any]) -> list[tuple[str, Decimal, Decimal, int]]:
        """(label, hours, points, count) per value of `field`, in the order of `labels`."""
        sums: dict[str, list[Any]] = defaultdict(lambda: [ZERO, ZERO, 0])
        for entry in self.entries:
            key = getattr(entry, field)
            if not key:
                continue
            sums[key][0] += entry.hours or ZERO
            sums[key][1] += entry.points or ZERO
            sums[key][2] += 1
        return [(str(label), *sums[value]) for value, label in labels.items() if value in sums]

    @property
    def by_rubric(self) -> list[tuple[str, Decimal, Decimal, int]]:
        from .models import Rubric

        return self.totals("rubric", dict(Rubric.choices))

    @property
    def by_type(self) -> list[tuple[str, Decimal, Decimal, int]]:
        return self.totals("activity_type", dict(Entry.ActivityType.choices))

    @property
    def by_block(self) -> list[tuple[str, Decimal, Decimal, int]]:
        return self.totals("certification_block", dict(Entry.CertificationBlock.choices))

    @property
    def by_dpc_type(self) -> list[tuple[str, Decimal, Decimal, int]]:
        return self.totals("dpc_action_type", dict(Entry.DpcActionType.choices))

    @property
    def attestations(self) -> list[Attestation]:
        return [e.attestation for e in self.entries if e.attestation is not None]

    @property
    def total_hours(self) -> Decimal:
        return sum((e.hours or ZERO for e in self.entries), ZERO)

    @property
    def total_points(self) -> Decimal:
        return sum((e.points or ZERO for e in self.entries), ZERO)

    def fingerprint(self) -> str:
        """Changes when anything the summary shows changes (an entry added, edited or removed; another rule)."""
        parts = [self.choice.scheme, self.period.start.isoformat(), self.period.end.isoformat(),
                 self.rule.applies_from.isoformat()]
        parts += [f"{e.pk}:{e.updated_at.isoformat()}" for e in self.entries]
        return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]


def period_summary(choice: SchemeChoice, day: date) -> PeriodSummary:
    period, rule = period_for(choice.scheme, choice.anchor, day)
    entries = list(Entry.objects.filter(member_id=choice.member_id, date__range=(period.start, period.end))
                   .select_related("attestation").order_by("date", "pk"))
    return PeriodSummary(choice, period, rule, entries, evaluate(rule, entries))


CSV_HEADER = ["date", "title", "organiser", "origin", "activity_type", "hours", "points", "rubric", "reference",
              "dpc_action_type", "dpc_priority", "certification_block", "attestation_code", "verification_url"]


def summary_csv(summary: PeriodSummary, site_url: str) -> str:
    """One line per activity, machine-readable values (the columns a spreadsheet or an authority reads)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for e in summary.entries:
        code = e.attestation.code if e.attestation is not None else ""
        writer.writerow([
            e.date.isoformat(), _safe(e.title), _safe(e.organiser), e.origin, e.activity_type,
            "" if e.hours is None else f"{e.hours}", "" if e.points is None else f"{e.points}", e.rubric,
            _safe(e.reference), e.dpc_action_type, "yes" if e.dpc_priority else "", e.certification_block, code,
            f"{site_url.rstrip('/')}/verifier/{code}/" if code else "",
        ])
    return out.getvalue()


def _safe(text: str) -> str:
    """Spreadsheets run cells that start with = + - @ as formulas (CSV injection): neutralise them."""
    return "'" + text if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text


def summary_pdf(summary: PeriodSummary, language: str) -> bytes:
    from weasyprint import HTML

    with translation.override(language if language in {"fr", "nl", "en"} else "fr"):
        html = render_to_string("cpd/summary_pdf.html", {"s": summary, "member": summary.choice.member})
    return HTML(string=html).write_pdf()
