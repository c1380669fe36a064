"""Continuing-education schemes as versioned data: which periods, which requirements, from which date.

A rule change is a new `RuleVersion` with the date it applies from. A period is judged by the version in force on
the day the period starts, so a new version never rewrites a past period. Figures are the published rules as we
understood them (docs/cpd.md lists the sources and what a domain expert should confirm).
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import Entry, Rubric, Scheme

ZERO = Decimal(0)


def add_months(day: date, months: int) -> date:
    """`day` moved by whole months; the 29–31 of a shorter month becomes its last day (29 February → 28)."""
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive
    index: int  # 0 = the period that starts on the anchor; negative before it

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end


def period_containing(anchor: date, months: int, day: date) -> Period:
    """The period of `months` months, counted from `anchor` (forwards or backwards), that contains `day`.

    Each boundary is computed from the anchor itself, never from the previous boundary, so a 29 February anchor
    gives 28 February in common years and 29 February again in leap years."""
    guess = ((day.year - anchor.year) * 12 + day.month - anchor.month) // months
    for index in (guess - 1, guess, guess + 1):
        start, next_start = add_months(anchor, index * months), add_months(anchor, (index + 1) * months)
        if start <= day < next_start:
            return Period(start, next_start - timedelta(days=1), index)
    raise AssertionError("unreachable: the guess is within one period")  # pragma: no cover


def period_at(anchor: date, months: int, index: int) -> Period:
    start, next_start = add_months(anchor, index * months), add_months(anchor, (index + 1) * months)
    return Period(start, next_start - timedelta(days=1), index)


# --- What a requirement counts -------------------------------------------------------------------------------------

Measure = Callable[[list[Entry], "RuleVersion"], Decimal]


def _credit(entry: Entry) -> Decimal:
    """Points when the activity has them, else its hours (1 hour = 1 point in the Belgian and Swiss rules)."""
    if entry.points is not None:
        return entry.points
    return entry.hours or ZERO


def points_total(entries: list[Entry], rule: RuleVersion) -> Decimal:
    total = sum((_credit(e) for e in entries if e.activity_type != Entry.ActivityType.COURSE), ZERO)
    elearning = sum((_credit(e) for e in entries if e.activity_type == Entry.ActivityType.COURSE), ZERO)
    if rule.elearning_cap is not None:
        elearning = min(elearning, rule.elearning_cap)
    return total + elearning


def points_ethics(entries: list[Entry], rule: RuleVersion) -> Decimal:
    return points_total([e for e in entries if e.rubric == Rubric.ETHICS_ECONOMICS], rule)


def peer_group_sessions(entries: list[Entry], rule: RuleVersion) -> Decimal:
    return Decimal(sum(1 for e in entries if e.activity_type == Entry.ActivityType.PEER_GROUP))


def dpc_action_types(entries: list[Entry], rule: RuleVersion) -> Decimal:
    return Decimal(len({e.dpc_action_type for e in entries if e.dpc_action_type}))


def dpc_priority_actions(entries: list[Entry], rule: RuleVersion) -> Decimal:
    return Decimal(sum(1 for e in entries if e.dpc_action_type and e.dpc_priority))


def block_actions(block: str) -> Measure:
    def measure(entries: list[Entry], rule: RuleVersion) -> Decimal:
        return Decimal(sum(1 for e in entries if e.certification_block == block))

    measure.__name__ = f"block_{block}"
    return measure


@dataclass(frozen=True)
class Requirement:
    key: str
    label: str | Promise
    target: Decimal
    unit: str  # "points", "sessions", "types", "actions"
    measure: Measure


@dataclass(frozen=True)
class RuleVersion:
    scheme: str
    applies_from: date
    months: int
    requirements: tuple[Requirement, ...]
    elearning_cap: Decimal | None = None  # points from e-learning courses counted at most
    fixed_anchor: date | None = None  # national periods (DPC): the member does not choose the start
    notes: str | Promise = field(default="")


BE_POINTS = Requirement("points", _("Accreditation points"), Decimal(20), "points", points_total)
BE_ETHICS = Requirement("ethics", _("Points in ethics and economics"), Decimal(3), "points", points_ethics)
BE_LOK = Requirement("peer_group", _("Sessions of your LOK/GLEM peer group"), Decimal(2), "sessions",
                     peer_group_sessions)
DPC = (
    Requirement("dpc_types", _("DPC action types (of cognitive, practice evaluation, risk management)"), Decimal(2),
                "types", dpc_action_types),
    Requirement("dpc_priority", _("Actions in a national priority orientation"), Decimal(1), "actions",
                dpc_priority_actions),
)
BLOCKS = tuple(
    Requirement(f"block_{value}", label, Decimal(2), "actions", block_actions(value))
    for value, label in Entry.CertificationBlock.choices
)

RULES: tuple[RuleVersion, ...] = (
    # Before the reform: 3-year reference periods (figures: the 12-month rule × 3, to be confirmed).
    RuleVersion(Scheme.BE_ACCREDITATION, date(2000, 1, 1), 36, (
        Requirement("points", _("Accreditation points"), Decimal(60), "points", points_total),
        Requirement("ethics", _("Points in ethics and economics"), Decimal(9), "points", points_ethics),
        Requirement("peer_group", _("Sessions of your LOK/GLEM peer group"), Decimal(6), "sessions",
                    peer_group_sessions),
    )),
    RuleVersion(Scheme.BE_ACCREDITATION, date(2025, 1, 1), 12, (BE_POINTS, BE_ETHICS, BE_LOK)),
    RuleVersion(Scheme.BE_ACCREDITATION, date(2026, 1, 1), 12, (BE_POINTS, BE_ETHICS, BE_LOK),
                elearning_cap=Decimal(2), notes=_("E-learning modules count for at most 2 hours per period.")),
    RuleVersion(Scheme.FR_DPC, date(2023, 1, 1), 36, DPC, fixed_anchor=date(2023, 1, 1)),
    RuleVersion(Scheme.FR_CERTIFICATION_6, date(2023, 1, 1), 72, BLOCKS),
    RuleVersion(Scheme.FR_CERTIFICATION_9, date(2023, 1, 1), 108, BLOCKS, fixed_anchor=date(2023, 1, 1)),
    RuleVersion(Scheme.CH_CREDITS, date(2000, 1, 1), 12, (
        Requirement("credits", _("Credits"), Decimal(50), "points", points_total),
    )),
)


def versions(scheme: str, rules: Iterable[RuleVersion] = RULES) -> list[RuleVersion]:
    return sorted((r for r in rules if r.scheme == scheme), key=lambda r: r.applies_from)


def rule_for(scheme: str, day: date, rules: Iterable[RuleVersion] = RULES) -> RuleVersion:
    """The version in force on `day` (the start of a period)."""
    candidates = [r for r in versions(scheme, rules) if r.applies_from <= day]
    if not candidates:
        return versions(scheme, rules)[0]
    return candidates[-1]


def series(scheme: str, anchor: date, rules: Iterable[RuleVersion] = RULES) -> list[tuple[date, int]]:
    """The anchors and lengths of a member's successive series of periods.

    A version that changes the length of the periods (Belgium: 3 years, then 12 months) does not cut the period
    running on its date: the new series starts when that period ends (or on the date itself, at a boundary)."""
    found = versions(scheme, rules)
    first = found[0]
    result = [(first.fixed_anchor or anchor, first.months)]
    for version in found[1:]:
        current_anchor, months = result[-1]
        if version.months == months:
            continue
        running = period_containing(current_anchor, months, version.applies_from - timedelta(days=1))
        result.append((version.fixed_anchor or running.end + timedelta(days=1), version.months))
    return result


def period_for(
    scheme: str, anchor: date, day: date, rules: Iterable[RuleVersion] = RULES,
) -> tuple[Period, RuleVersion]:
    """The period containing `day` for a member whose periods start on `anchor`, and the version judging it (the
    one in force on the day the period starts)."""
    rules = tuple(rules)
    segments = series(scheme, anchor, rules)
    series_anchor, months = segments[0]
    for start, length in segments[1:]:
        if start <= day:
            series_anchor, months = start, length
    period = period_containing(series_anchor, months, day)
    return period, rule_for(scheme, period.start, rules)


@dataclass(frozen=True)
class Progress:
    requirement: Requirement
    achieved: Decimal

    @property
    def met(self) -> bool:
        return self.achieved >= self.requirement.target

    @property
    def missing(self) -> Decimal:
        return max(self.requirement.target - self.achieved, ZERO)

    @property
    def percent(self) -> int:
        target = self.requirement.target
        return 100 if not target else int(min(self.achieved / target, Decimal(1)) * 100)


def evaluate(rule: RuleVersion, entries: Iterable[Entry]) -> list[Progress]:
    """Progress against each requirement, over entries already restricted to one period."""
    entries = list(entries)
    return [Progress(r, r.measure(entries, rule)) for r in rule.requirements]
