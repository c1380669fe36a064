"""How much of a video was really watched, from the stretches the player reports.

The player reports the stretches it *played* (never where it jumped to). The server keeps their union, so watching
the same minute twice counts once and seeking to the end adds nothing; it refuses a report claiming more new playing
time than the wall-clock time elapsed since the previous report allows.
"""

from __future__ import annotations

from collections.abc import Iterable

COMPLETION_RATIO = 0.9  # a capsule is done when 90 % of its distinct seconds were played
MAX_PLAYBACK_RATE = 2.0  # the fastest speed the player offers
SLACK_SECONDS = 5.0  # network and timer jitter between two reports

Interval = tuple[float, float]


def clean_intervals(raw: Iterable[Iterable[float]], duration: float | None) -> list[Interval]:
    """Valid [start, end] pairs, clipped to the video; anything malformed raises ValueError."""
    cleaned = []
    for pair in raw:
        start, end = (float(x) for x in pair)
        if start != start or end != end or start < 0 or end < start:  # NaN or reversed
            raise ValueError("bad interval")
        if duration is not None:
            start, end = min(start, duration), min(end, duration)
        if end > start:
            cleaned.append((start, end))
    return cleaned


def merge(intervals: Iterable[Iterable[float]]) -> list[Interval]:
    """The union of intervals, as sorted, disjoint intervals (touching ones joined)."""
    merged: list[list[float]] = []
    for start, end in sorted((float(a), float(b)) for a, b in intervals):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(a, b) for a, b in merged]


def covered(intervals: Iterable[Iterable[float]]) -> float:
    """Seconds covered by the union of intervals."""
    return sum(end - start for start, end in merge(intervals))


def newly_covered(existing: Iterable[Iterable[float]], added: Iterable[Iterable[float]]) -> float:
    """Seconds that `added` covers and `existing` did not."""
    existing = list(existing)
    return covered([*existing, *added]) - covered(existing)


def plausible(new_seconds: float, elapsed_seconds: float) -> bool:
    """Could a player have played `new_seconds` of new video in `elapsed_seconds` of wall-clock time?"""
    return new_seconds <= elapsed_seconds * MAX_PLAYBACK_RATE + SLACK_SECONDS


def is_watched(seconds_watched: float, duration: float | None) -> bool:
    return bool(duration) and seconds_watched >= COMPLETION_RATIO * float(duration or 0) - 0.5
