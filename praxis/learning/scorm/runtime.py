"""SCORM runtime data on the server: what a commit carries, how it is merged, and the completion rule.

The runtime (scorm-again, in the package's frame) sends the whole CMI tree with every commit; the server keeps it
whole (suspend data of any length included) and reads from it the few values Praxis shows and reports. Commits are
idempotent: each carries the launch it belongs to (one per opening of the lesson) and a sequence number within it;
a commit replayed, or overtaken by a later one, changes nothing. `total_time` is the sum over launches of each
launch's session time (the largest reported for it), so a replayed or repeated commit never counts twice.

The completion rule (also in docs/learning-scorm.md):
- SCORM 1.2: the status the SCO set (`cmi.core.lesson_status`) is kept; when the manifest gives a mastery score and
  the SCO reported `cmi.core.score.raw`, the score decides passed/failed (SCORM 1.2 RTE 3.4.2.5). A SCO that never set
  a status (nor a score against a mastery score) is completed when it calls `LMSFinish`.
- SCORM 2004: `cmi.success_status` (or, when the SCO left it unknown, `cmi.score.scaled` against the manifest's
  minimum normalised measure) and `cmi.completion_status` (or, when unknown, `cmi.progress_measure` against the
  manifest's completion threshold). A SCO that left completion unknown is completed when it calls `Terminate`.
- The lesson is done when its status is completed or passed; failed is final for the attempt but not done.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from .package import SCORM_12, SCORM_2004

MAX_LAUNCHES_KEPT = 1000  # launches whose session time is kept one by one; older ones are folded into one sum
MAX_SESSION_SECONDS = 24 * 3600  # a session longer than a day is a package's bug, not a learner's time

_SCORM12_TIME = re.compile(r"^(\d{2,4}):([0-5]?\d):([0-5]?\d)(\.\d{1,2})?$")
_ISO_DURATION = re.compile(
    r"^P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)D)?"
    r"(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$"
)


def parse_session_time(value: str) -> float | None:
    """Seconds in a SCORM 1.2 `HHHH:MM:SS.SS` or a SCORM 2004 ISO 8601 duration (`PT1H2M3.5S`); None if neither."""
    value = (value or "").strip()
    if not value:
        return None
    match = _SCORM12_TIME.match(value)
    if match:
        hours, minutes, seconds, fraction = match.groups()
        return int(hours) * 3600 + int(minutes) * 60 + int(seconds) + float(fraction or 0)
    match = _ISO_DURATION.match(value)
    if match and value not in ("P", "PT") and not value.endswith("T"):
        years, months, days, hours, minutes, seconds = (float(part or 0) for part in match.groups())
        # SCORM 2004 RTE: a year is 365 days, a month 30 days for durations.
        return (((years * 365 + months * 30 + days) * 24 + hours) * 60 + minutes) * 60 + seconds
    return None


def format_time(seconds: float, version: str) -> str:
    """`total_time` as the SCO reads it: `HHHH:MM:SS.SS` (1.2) or `PT#H#M#S` (2004)."""
    seconds = max(0.0, seconds)
    hundredths = round(seconds * 100)
    whole, fraction = divmod(hundredths, 100)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if version == SCORM_12:
        return f"{min(hours, 9999):04d}:{minutes:02d}:{secs:02d}.{fraction:02d}"
    text = f"PT{hours}H{minutes}M{secs}"
    return f"{text}.{fraction:02d}S" if fraction else f"{text}S"


def _get(tree: Any, path: str) -> Any:
    for part in path.split("."):
        if not isinstance(tree, dict):
            return None
        tree = tree.get(part)
    return tree


def _number(value: Any) -> float | None:
    if value in (None, ""):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _count(value: Any) -> int:
    """Number of entries of a CMI collection (scorm-again renders them as a list or as {"0": …, "1": …})."""
    if isinstance(value, list):
        return len(value)
    if isinstance(value, dict):
        return len([key for key in value if str(key).isdigit()]) or len(value.get("childArray", []) or [])
    return 0


@dataclass(frozen=True)
class CmiSummary:
    """The values Praxis reads out of a CMI tree."""

    status: str  # the SCO's own status: 1.2 lesson_status; 2004 completion_status
    success: str  # 2004 success_status ("" for 1.2)
    score_raw: float | None
    score_min: float | None
    score_max: float | None
    score_scaled: float | None
    progress_measure: float | None
    location: str
    suspend_data: str
    exit: str
    session_seconds: float | None
    interactions: int
    objectives: int


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def summarise(cmi: dict[str, Any], version: str) -> CmiSummary:
    """Read a runtime's CMI tree (`{"core": {...}, ...}` for 1.2, `{"completion_status": ...}` for 2004)."""
    if "cmi" in cmi and isinstance(cmi["cmi"], dict):
        cmi = cmi["cmi"]
    if version == SCORM_12:
        core = _dict(cmi.get("core"))
        score = _dict(core.get("score"))
        return CmiSummary(
            status=str(core.get("lesson_status") or ""), success="",
            score_raw=_number(score.get("raw")), score_min=_number(score.get("min")),
            score_max=_number(score.get("max")), score_scaled=None, progress_measure=None,
            location=str(core.get("lesson_location") or ""), suspend_data=str(cmi.get("suspend_data") or ""),
            exit=str(core.get("exit") or ""), session_seconds=parse_session_time(str(core.get("session_time") or "")),
            interactions=_count(cmi.get("interactions")), objectives=_count(cmi.get("objectives")),
        )
    score = _dict(cmi.get("score"))
    return CmiSummary(
        status=str(cmi.get("completion_status") or ""), success=str(cmi.get("success_status") or ""),
        score_raw=_number(score.get("raw")), score_min=_number(score.get("min")), score_max=_number(score.get("max")),
        score_scaled=_number(score.get("scaled")), progress_measure=_number(cmi.get("progress_measure")),
        location=str(cmi.get("location") or ""), suspend_data=str(cmi.get("suspend_data") or ""),
        exit=str(cmi.get("exit") or ""), session_seconds=parse_session_time(str(cmi.get("session_time") or "")),
        interactions=_count(cmi.get("interactions")), objectives=_count(cmi.get("objectives")),
    )


# Outcomes, in the vocabulary of Praxis's lesson progress.
NOT_ATTEMPTED = "not_attempted"
INCOMPLETE = "incomplete"
COMPLETED = "completed"
PASSED = "passed"
FAILED = "failed"


@dataclass(frozen=True)
class Outcome:
    status: str  # one of the five above
    score: float | None  # 0..1 when known (scaled, or raw within min..max, or raw/100)

    @property
    def done(self) -> bool:
        return self.status in (COMPLETED, PASSED)


def scaled_score(summary: CmiSummary) -> float | None:
    if summary.score_scaled is not None:
        return max(-1.0, min(1.0, summary.score_scaled))
    if summary.score_raw is None:
        return None
    low = summary.score_min if summary.score_min is not None else 0.0
    high = summary.score_max if summary.score_max is not None else 100.0
    if high <= low:
        return None
    return max(0.0, min(1.0, (summary.score_raw - low) / (high - low)))


def outcome(summary: CmiSummary, *, version: str, terminated: bool, status_set_by_sco: bool,
            mastery_score: float | None = None, scaled_passing_score: float | None = None,
            completion_threshold: float | None = None) -> Outcome:
    """The completion rule (module docstring): what a SCO's data means for the lesson."""
    score = scaled_score(summary)
    if version == SCORM_12:
        status = summary.status if status_set_by_sco else ""
        if mastery_score is not None and summary.score_raw is not None:
            return Outcome(PASSED if summary.score_raw >= mastery_score else FAILED, score)
        if status in ("passed", "completed", "failed", "incomplete"):
            return Outcome(status, score)
        if status == "browsed":
            return Outcome(INCOMPLETE, score)
        return Outcome(COMPLETED if terminated else (INCOMPLETE if status_set_by_sco or summary.location
                                                     or summary.suspend_data else NOT_ATTEMPTED), score)
    success = summary.success if summary.success in ("passed", "failed") else ""
    if not success and scaled_passing_score is not None and summary.score_scaled is not None:
        success = "passed" if summary.score_scaled >= scaled_passing_score else "failed"
    completion = summary.status if summary.status in ("completed", "incomplete", "not attempted") else ""
    if not completion and completion_threshold is not None and summary.progress_measure is not None:
        completion = "completed" if summary.progress_measure >= completion_threshold else "incomplete"
    if not completion:
        completion = "completed" if terminated else ""
    if success == "failed":
        return Outcome(FAILED, score)
    if completion == "completed":
        return Outcome(PASSED if success == "passed" else COMPLETED, score)
    if success == "passed" and completion != "incomplete":
        return Outcome(PASSED, score)
    if completion in ("incomplete",) or summary.location or summary.suspend_data:
        return Outcome(INCOMPLETE, score)
    return Outcome(NOT_ATTEMPTED, score)


@dataclass
class Commit:
    """One commit as the lesson page sends it (validated by `parse_commit`)."""

    launch: str  # an id the page draws at each launch
    seq: int  # increases within a launch
    cmi: dict[str, Any]
    terminated: bool
    status_set_by_sco: bool
    elapsed_seconds: float  # wall-clock time since the launch, measured by the page (bounds session time)


class CommitError(ValueError):
    pass


def parse_commit(data: Any) -> Commit:
    if not isinstance(data, dict):
        raise CommitError("commit is not an object")
    launch = data.get("launch")
    seq = data.get("seq")
    cmi = data.get("cmi")
    if not isinstance(launch, str) or not re.fullmatch(r"[A-Za-z0-9_-]{8,64}", launch):
        raise CommitError("bad launch id")
    if not isinstance(seq, int) or isinstance(seq, bool) or not 0 <= seq < 2**31:
        raise CommitError("bad sequence number")
    if not isinstance(cmi, dict):
        raise CommitError("cmi is not an object")
    elapsed = _number(data.get("elapsed")) or 0.0
    return Commit(launch=launch, seq=seq, cmi=cmi, terminated=bool(data.get("terminated")),
                  status_set_by_sco=bool(data.get("status_set_by_sco")),
                  elapsed_seconds=max(0.0, min(float(MAX_SESSION_SECONDS), elapsed)))


@dataclass
class AttemptState:
    """What the server keeps of an attempt between commits (stored on the attempt row)."""

    cmi: dict[str, Any]
    launches: dict[str, list[float]]  # launch id -> [last seq, session seconds, order]
    earlier_seconds: float  # session seconds of launches folded out of `launches`
    terminated: bool
    status_set_by_sco: bool

    @property
    def total_seconds(self) -> float:
        return self.earlier_seconds + sum(entry[1] for entry in self.launches.values())


def apply_commit(state: AttemptState, commit: Commit, *, version: str, server_elapsed: float | None = None
                 ) -> tuple[AttemptState, bool]:
    """Merge a commit into the attempt's state; returns (new state, whether the CMI was taken).

    A commit not newer than one already taken for the same launch changes nothing. A commit of a launch older than
    the newest one only updates that launch's time; the CMI stays the newest launch's. Replaying gives the same state.
    """
    launches = {key: list(value) for key, value in state.launches.items()}
    summary = summarise(commit.cmi, version)
    reported = summary.session_seconds
    # The SCO's own session time when it reports one, else the page's clock; neither beyond what the server saw.
    seconds = reported if reported is not None else commit.elapsed_seconds
    if server_elapsed is not None:
        seconds = min(seconds, server_elapsed + 60)
    seconds = max(0.0, min(float(MAX_SESSION_SECONDS), seconds))
    newest = max((entry[2] for entry in launches.values()), default=-1)
    entry = launches.get(commit.launch)
    if entry is None:
        entry = [-1, 0.0, newest + 1]
        launches[commit.launch] = entry
    is_current = entry[2] == max(entry[2], newest)
    fresh = commit.seq > entry[0]
    if fresh:  # a replayed or overtaken commit of this launch changes nothing, not even its time
        entry[0] = commit.seq
        entry[1] = max(entry[1], seconds)
    taken = fresh and is_current
    earlier = state.earlier_seconds
    if len(launches) > MAX_LAUNCHES_KEPT:
        oldest = min(launches, key=lambda key: launches[key][2])
        earlier += launches.pop(oldest)[1]
    new = AttemptState(cmi=state.cmi, launches=launches, earlier_seconds=earlier, terminated=state.terminated,
                       status_set_by_sco=state.status_set_by_sco)
    if taken:
        new.cmi = commit.cmi
        new.terminated = state.terminated or commit.terminated
        new.status_set_by_sco = state.status_set_by_sco or commit.status_set_by_sco
    return new, taken


def resume_data(*, version: str, cmi: dict[str, Any], total_seconds: float, learner_id: str, learner_name: str,
                mastery_score: float | None = None, data_from_lms: str = "",
                scaled_passing_score: float | None = None, completion_threshold: float | None = None
                ) -> dict[str, Any]:
    """The CMI the runtime is loaded with at launch: where the learner stopped, and what the LMS provides."""
    summary = summarise(cmi, version)
    entry = "resume" if summary.exit == "suspend" else ("" if cmi else "ab-initio")
    if version == SCORM_12:
        core: dict[str, Any] = {
            "student_id": learner_id, "student_name": learner_name, "lesson_location": summary.location,
            "credit": "credit", "entry": entry, "total_time": format_time(total_seconds, SCORM_12),
            "lesson_mode": "normal",
        }
        if summary.status:
            core["lesson_status"] = summary.status
        if summary.score_raw is not None:
            core["score"] = {key: str(_fmt(value)) for key, value in (("raw", summary.score_raw),
                             ("min", summary.score_min), ("max", summary.score_max)) if value is not None}
        data: dict[str, Any] = {"core": core, "suspend_data": summary.suspend_data, "launch_data": data_from_lms}
        if mastery_score is not None:
            data["student_data"] = {"mastery_score": str(_fmt(mastery_score))}
        return data
    data = {
        "learner_id": learner_id, "learner_name": learner_name, "location": summary.location,
        "credit": "credit", "entry": entry, "total_time": format_time(total_seconds, SCORM_2004), "mode": "normal",
        "suspend_data": summary.suspend_data, "launch_data": data_from_lms,
    }
    if summary.status and summary.status != "unknown":
        data["completion_status"] = summary.status
    if summary.success and summary.success != "unknown":
        data["success_status"] = summary.success
    score = {key: str(_fmt(value)) for key, value in (("scaled", summary.score_scaled), ("raw", summary.score_raw),
             ("min", summary.score_min), ("max", summary.score_max)) if value is not None}
    if score:
        data["score"] = score
    if summary.progress_measure is not None:
        data["progress_measure"] = str(_fmt(summary.progress_measure))
    if scaled_passing_score is not None:
        data["scaled_passing_score"] = str(_fmt(scaled_passing_score))
    if completion_threshold is not None:
        data["completion_threshold"] = str(_fmt(completion_threshold))
    return data


def _fmt(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value
