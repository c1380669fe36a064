"""Video coverage: the union of the stretches played, never what the player claims."""

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from praxis.learning import progress


def test_overlapping_and_touching_stretches_count_once():
    assert progress.merge([[10, 20], [0, 5], [15, 30], [30, 31]]) == [(0, 5), (10, 31)]
    assert progress.covered([[0, 10], [5, 15], [0, 10]]) == 15


def test_what_a_stretch_adds_is_only_what_was_not_watched_yet():
    assert progress.newly_covered([[0, 60]], [[30, 90]]) == 30


def test_stretches_are_clipped_to_the_video_and_malformed_ones_refused():
    assert progress.clean_intervals([[90, 130]], duration=100) == [(90, 100)]
    bad: Any
    for bad in ([[5, 1]], [[-1, 3]], [["x", 2]], [[float("nan"), 2]], [[1]]):
        try:
            progress.clean_intervals(bad, duration=100)
        except (ValueError, TypeError):
            continue
        raise AssertionError(f"{bad} accepted")


def test_a_capsule_is_watched_at_ninety_percent_of_its_distinct_seconds():
    assert not progress.is_watched(89, 100)
    assert progress.is_watched(90, 100)
    assert not progress.is_watched(500, None)


def test_a_report_cannot_claim_more_playing_time_than_elapsed_at_the_fastest_speed():
    assert progress.plausible(20, 10)
    assert progress.plausible(25, 10)  # slack for timers and network
    assert not progress.plausible(60, 10)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.floats(0, 1000), st.floats(0, 100)), max_size=12))
def test_coverage_never_exceeds_the_sum_of_the_stretches_nor_goes_below_the_longest(pairs):
    intervals = [(start, start + length) for start, length in pairs]
    total = progress.covered(intervals)
    assert total <= sum(b - a for a, b in intervals) + 1e-6
    assert total >= max((b - a for a, b in intervals), default=0) - 1e-6
    merged = progress.merge(intervals)
    assert all(merged[i][1] < merged[i + 1][0] for i in range(len(merged) - 1))
