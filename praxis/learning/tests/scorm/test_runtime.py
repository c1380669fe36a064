"""SCORM runtime data on the server: times in both formats, idempotent commits, total time, the completion rule."""

from __future__ import annotations

import pytest

from praxis.learning.scorm import runtime
from praxis.learning.scorm.package import SCORM_12, SCORM_2004
from praxis.learning.scorm.runtime import AttemptState, Commit, CommitError, apply_commit, outcome, parse_commit


@pytest.mark.parametrize(("value", "seconds"), [
    ("0000:01:30.50", 90.5), ("01:00:00", 3600), ("12:05:07.1", 43507.1),  # SCORM 1.2 HHHH:MM:SS.SS
    ("PT1H2M3.5S", 3723.5), ("PT45S", 45), ("P1DT1S", 86401), ("PT0.25S", 0.25), ("P1M", 30 * 86400),  # 2004
    ("", None), ("soon", None), ("PT", None), ("P1DT", None), ("12:75:00", None),
])
def test_session_time_is_read_in_both_formats(value: str, seconds: float | None) -> None:
    assert runtime.parse_session_time(value) == seconds


def test_total_time_is_written_in_the_format_of_the_version() -> None:
    assert runtime.format_time(3723.5, SCORM_12) == "0001:02:03.50"
    assert runtime.format_time(3723.5, SCORM_2004) == "PT1H2M3.50S"
    assert runtime.format_time(0, SCORM_2004) == "PT0H0M0S"


def empty_state() -> AttemptState:
    return AttemptState(cmi={}, launches={}, earlier_seconds=0, terminated=False, status_set_by_sco=False)


def commit(launch: str, seq: int, session: str, **cmi_core: str) -> Commit:
    return Commit(launch=launch, seq=seq, cmi={"core": {"session_time": session, **cmi_core}}, terminated=False,
                  status_set_by_sco=False, elapsed_seconds=0)


def test_total_time_accumulates_across_launches_and_a_replayed_commit_counts_once() -> None:
    state = empty_state()
    for item in (commit("launch-aaa", 1, "0000:01:00"), commit("launch-aaa", 2, "0000:02:00"),
                 commit("launch-aaa", 2, "0000:02:00"), commit("launch-bbb", 1, "0000:00:30")):
        state, _ = apply_commit(state, item, version=SCORM_12)
    assert state.total_seconds == 150
    state, taken = apply_commit(state, commit("launch-bbb", 1, "0000:00:30"), version=SCORM_12)
    assert not taken and state.total_seconds == 150


def test_an_older_commit_arriving_late_does_not_overwrite_the_newer_data() -> None:
    state, _ = apply_commit(empty_state(), commit("launch-aaa", 5, "", lesson_location="p5"), version=SCORM_12)
    state, taken = apply_commit(state, commit("launch-aaa", 4, "", lesson_location="p4"), version=SCORM_12)
    assert not taken and runtime.summarise(state.cmi, SCORM_12).location == "p5"
    state, _ = apply_commit(state, commit("launch-bbb", 1, "", lesson_location="p6"), version=SCORM_12)
    state, taken = apply_commit(state, commit("launch-aaa", 6, "0000:00:10", lesson_location="old"),
                                version=SCORM_12)
    assert not taken and runtime.summarise(state.cmi, SCORM_12).location == "p6"
    assert state.total_seconds == 10  # the old launch's time still counts


def test_session_time_is_bounded_by_what_the_server_saw() -> None:
    state, _ = apply_commit(empty_state(), commit("launch-aaa", 1, "0010:00:00"), version=SCORM_12,
                            server_elapsed=120)
    assert state.total_seconds == 180  # 120 s seen + 60 s of slack, not ten hours


def test_suspend_data_is_kept_whole_beyond_the_scorm_12_limit() -> None:
    long = "x" * 10_000
    state, _ = apply_commit(empty_state(), Commit("launch-aaa", 1, {"suspend_data": long, "core": {}}, False, False,
                                                  0), version=SCORM_12)
    assert runtime.summarise(state.cmi, SCORM_12).suspend_data == long


def summary12(**core: object) -> runtime.CmiSummary:
    return runtime.summarise({"core": core}, SCORM_12)


def test_scorm_12_completion_rule() -> None:
    # The SCO's own status is kept.
    assert outcome(summary12(lesson_status="passed"), version=SCORM_12, terminated=False,
                   status_set_by_sco=True).status == "passed"
    # A mastery score in the manifest decides passed/failed from the raw score.
    assert outcome(summary12(lesson_status="completed", score={"raw": "70"}), version=SCORM_12, terminated=True,
                   status_set_by_sco=True, mastery_score=80).status == "failed"
    high = outcome(summary12(score={"raw": "85"}), version=SCORM_12, terminated=False, status_set_by_sco=False,
                   mastery_score=80)
    assert (high.status, high.score, high.done) == ("passed", 0.85, True)
    # Never set a status: completed on LMSFinish, not before (the runtime's automatic "incomplete" is not the SCO's).
    assert outcome(summary12(lesson_status="incomplete"), version=SCORM_12, terminated=True,
                   status_set_by_sco=False).status == "completed"
    assert outcome(summary12(lesson_location="p2"), version=SCORM_12, terminated=False,
                   status_set_by_sco=False).status == "incomplete"
    assert outcome(summary12(), version=SCORM_12, terminated=False, status_set_by_sco=False).status == "not_attempted"


def summary2004(**cmi: object) -> runtime.CmiSummary:
    return runtime.summarise(cmi, SCORM_2004)


def test_scorm_2004_completion_rule() -> None:
    assert outcome(summary2004(completion_status="completed", success_status="passed", score={"scaled": "0.9"}),
                   version=SCORM_2004, terminated=False, status_set_by_sco=True) == runtime.Outcome("passed", 0.9)
    assert outcome(summary2004(completion_status="completed", success_status="failed"), version=SCORM_2004,
                   terminated=True, status_set_by_sco=True).status == "failed"
    # Unknown success: the scaled score against the manifest's minimum normalised measure.
    assert outcome(summary2004(completion_status="completed", success_status="unknown", score={"scaled": "0.6"}),
                   version=SCORM_2004, terminated=True, status_set_by_sco=True,
                   scaled_passing_score=0.7).status == "failed"
    # Unknown completion: progress measure against the completion threshold, else Terminate.
    assert outcome(summary2004(completion_status="unknown", progress_measure="0.85"), version=SCORM_2004,
                   terminated=False, status_set_by_sco=False, completion_threshold=0.8).status == "completed"
    assert outcome(summary2004(completion_status="unknown", location="x"), version=SCORM_2004, terminated=False,
                   status_set_by_sco=False).status == "incomplete"
    assert outcome(summary2004(completion_status="unknown"), version=SCORM_2004, terminated=True,
                   status_set_by_sco=False).status == "completed"


def test_resume_data_gives_entry_location_suspend_data_and_total_time() -> None:
    data = runtime.resume_data(version=SCORM_12, cmi={"core": {"exit": "suspend", "lesson_location": "p2"},
                                                      "suspend_data": "abc"},
                               total_seconds=65, learner_id="7", learner_name="Dupont, Anne", mastery_score=80)
    assert data["core"]["entry"] == "resume" and data["core"]["lesson_location"] == "p2"
    assert data["core"]["total_time"] == "0000:01:05.00" and data["suspend_data"] == "abc"
    assert data["student_data"] == {"mastery_score": "80"}
    first = runtime.resume_data(version=SCORM_2004, cmi={}, total_seconds=0, learner_id="7", learner_name="A",
                                completion_threshold=0.8)
    assert (first["entry"], first["total_time"], first["completion_threshold"]) == ("ab-initio", "PT0H0M0S", "0.8")


@pytest.mark.parametrize("data", [
    None, [], {"launch": "short", "seq": 1, "cmi": {}}, {"launch": "launch-aaa", "seq": -1, "cmi": {}},
    {"launch": "launch-aaa", "seq": True, "cmi": {}}, {"launch": "launch-aaa", "seq": 1, "cmi": "x"},
    {"launch": "../../etc", "seq": 1, "cmi": {}},
])
def test_a_malformed_commit_is_refused(data: object) -> None:
    with pytest.raises(CommitError):
        parse_commit(data)
