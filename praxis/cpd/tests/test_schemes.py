"""Period arithmetic and requirement checks of each scheme, on known entries (boundaries and leap years)."""

from datetime import date
from decimal import Decimal

import pytest

from praxis.cpd.models import Entry
from praxis.cpd.schemes import (
    RULES,
    RuleVersion,
    Scheme,
    add_months,
    evaluate,
    period_containing,
    period_for,
    rule_for,
    series,
)

D = Decimal


def entry(day: date, points=None, hours=None, activity="event", rubric="general", **fields) -> Entry:
    return Entry(date=day, points=None if points is None else D(points), hours=None if hours is None else D(hours),
                 activity_type=activity, rubric=rubric, origin="issued", **fields)


@pytest.mark.parametrize(("day", "months", "expected"), [
    (date(2024, 2, 29), 12, date(2025, 2, 28)),
    (date(2024, 2, 29), 48, date(2028, 2, 29)),
    (date(2025, 1, 31), 1, date(2025, 2, 28)),
    (date(2024, 1, 31), 1, date(2024, 2, 29)),
    (date(2025, 3, 31), -1, date(2025, 2, 28)),
    (date(2025, 12, 15), 1, date(2026, 1, 15)),
])
def test_months_are_added_with_the_end_of_shorter_months(day, months, expected):
    assert add_months(day, months) == expected


def test_a_29_february_anchor_keeps_its_day_in_leap_years():
    anchor = date(2024, 2, 29)
    assert period_containing(anchor, 12, date(2025, 2, 27)).end == date(2025, 2, 27)
    p = period_containing(anchor, 12, date(2025, 2, 28))
    assert (p.start, p.end, p.index) == (date(2025, 2, 28), date(2026, 2, 27), 1)
    p = period_containing(anchor, 12, date(2028, 2, 29))
    assert (p.start, p.end) == (date(2028, 2, 29), date(2029, 2, 27))
    p = period_containing(anchor, 12, date(2028, 2, 28))
    assert (p.start, p.end) == (date(2027, 2, 28), date(2028, 2, 28))


@pytest.mark.parametrize(("day", "start", "end"), [
    (date(2026, 3, 1), date(2026, 3, 1), date(2027, 2, 28)),   # first day of a period
    (date(2026, 2, 28), date(2025, 3, 1), date(2026, 2, 28)),  # last day of the previous one
    (date(2024, 2, 29), date(2023, 3, 1), date(2024, 2, 29)),  # leap day inside a period
    (date(2020, 6, 1), date(2020, 3, 1), date(2021, 2, 28)),   # before the anchor: periods run backwards too
])
def test_twelve_month_periods_at_their_boundaries(day, start, end):
    period = period_containing(date(2025, 3, 1), 12, day)
    assert (period.start, period.end) == (start, end) and day in period


def test_the_belgian_move_to_12_month_periods_does_not_cut_the_running_3_year_period():
    anchor = date(2019, 3, 1)
    assert series(Scheme.BE_ACCREDITATION, anchor) == [(anchor, 36), (date(2025, 3, 1), 12)]
    old, rule = period_for(Scheme.BE_ACCREDITATION, anchor, date(2025, 1, 15))
    assert (old.start, old.end, rule.months) == (date(2022, 3, 1), date(2025, 2, 28), 36)
    assert {r.key: r.target for r in rule.requirements} == {"points": 60, "ethics": 9, "peer_group": 6}
    new, rule = period_for(Scheme.BE_ACCREDITATION, anchor, date(2025, 3, 1))
    assert (new.start, new.end, rule.months, rule.elearning_cap) == (date(2025, 3, 1), date(2026, 2, 28), 12, None)
    later, rule = period_for(Scheme.BE_ACCREDITATION, anchor, date(2026, 3, 1))
    assert (later.start, rule.elearning_cap) == (date(2026, 3, 1), D(2))


def test_a_change_on_a_period_boundary_starts_the_new_series_that_day():
    assert series(Scheme.BE_ACCREDITATION, date(2022, 1, 1))[1] == (date(2025, 1, 1), 12)


def test_a_belgian_period_is_met_with_20_points_3_in_ethics_and_2_peer_group_sessions():
    anchor = date(2025, 1, 1)
    _period, rule = period_for(Scheme.BE_ACCREDITATION, anchor, date(2025, 6, 1))
    entries = [entry(date(2025, 2, 1), points=2, activity="peer_group"),
               entry(date(2025, 3, 1), points=2, activity="peer_group"),
               entry(date(2025, 4, 1), points=3, rubric="ethics_economics"),
               entry(date(2025, 5, 1), points=13)]
    progress = {p.requirement.key: p for p in evaluate(rule, entries)}
    assert {k: (p.achieved, p.met) for k, p in progress.items()} == {
        "points": (D(20), True), "ethics": (D(3), True), "peer_group": (D(2), True)}
    short = {p.requirement.key: p for p in evaluate(rule, entries[1:3])}
    assert (short["points"].missing, short["ethics"].missing, short["peer_group"].missing) == (D(15), D(0), D(1))
    assert short["points"].percent == 25


def test_belgian_e_learning_counts_for_2_hours_at_most_since_2026_and_not_before():
    elearning = [entry(date(2025, 2, 1), hours=3, activity="course"),
                 entry(date(2025, 3, 1), hours=4, activity="course"), entry(date(2025, 4, 1), points=5)]
    rule_2025 = rule_for(Scheme.BE_ACCREDITATION, date(2025, 1, 1))
    rule_2026 = rule_for(Scheme.BE_ACCREDITATION, date(2026, 1, 1))
    assert evaluate(rule_2025, elearning)[0].achieved == D(12)
    assert evaluate(rule_2026, elearning)[0].achieved == D(7)


def test_a_new_rule_version_does_not_rewrite_a_past_period():
    stricter = RuleVersion(Scheme.BE_ACCREDITATION, date(2027, 1, 1), 12, (), elearning_cap=D(0))
    rules = (*RULES, stricter)
    _past, rule = period_for(Scheme.BE_ACCREDITATION, date(2025, 1, 1), date(2025, 6, 1), rules)
    assert rule.applies_from == date(2025, 1, 1)
    current, rule = period_for(Scheme.BE_ACCREDITATION, date(2025, 1, 1), date(2027, 6, 1), rules)
    assert rule is stricter and current.start == date(2027, 1, 1)


def test_dpc_periods_are_national_and_need_two_action_types_with_one_priority():
    period, rule = period_for(Scheme.FR_DPC, date(2024, 9, 1), date(2026, 1, 1))
    assert (period.start, period.end) == (date(2026, 1, 1), date(2028, 12, 31))
    one_type = [entry(date(2026, 2, 1), hours=7, dpc_action_type="cognitive", dpc_priority=True),
                entry(date(2026, 3, 1), hours=7, dpc_action_type="cognitive")]
    assert [p.met for p in evaluate(rule, one_type)] == [False, True]
    two_types = [*one_type, entry(date(2026, 4, 1), hours=4, dpc_action_type="risk_management")]
    assert [p.achieved for p in evaluate(rule, two_types)] == [D(2), D(1)]
    assert all(p.met for p in evaluate(rule, two_types))


def test_french_certification_lasts_6_or_9_years_and_needs_two_actions_per_block():
    six, rule6 = period_for(Scheme.FR_CERTIFICATION_6, date(2024, 5, 2), date(2030, 5, 1))
    assert (six.start, six.end) == (date(2024, 5, 2), date(2030, 5, 1))
    nine, _rule9 = period_for(Scheme.FR_CERTIFICATION_9, date(2024, 5, 2), date(2031, 12, 31))
    assert (nine.start, nine.end) == (date(2023, 1, 1), date(2031, 12, 31))
    blocks = ["knowledge", "knowledge", "quality", "quality", "relationship", "health", "health"]
    entries = [entry(date(2025, 1, i + 1), hours=2, certification_block=b) for i, b in enumerate(blocks)]
    progress = {p.requirement.key: p for p in evaluate(rule6, entries)}
    assert [k for k, p in progress.items() if not p.met] == ["block_relationship"]
    assert progress["block_relationship"].missing == 1


def test_swiss_credits_are_a_total_per_year():
    period, rule = period_for(Scheme.CH_CREDITS, date(2025, 1, 1), date(2025, 12, 31))
    assert (period.start, period.end) == (date(2025, 1, 1), date(2025, 12, 31))
    assert evaluate(rule, [entry(date(2025, 5, 1), points=30), entry(date(2025, 6, 1), hours=20)])[0].met
