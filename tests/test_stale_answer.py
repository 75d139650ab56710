"""A stale `answer` (the previous exercise's, left over when an exercise cell stopped early) is refused by
course.check and handed over to a tutor's run as not attempted; `session.answer(id)` gives each exercise's
own last checked answer (course.stale, course.session, course.exercises.checking, course.handover)."""

from __future__ import annotations

import ast
import json
from collections.abc import Callable

import pytest

import course
from course import exercises, handover, session, stale


def _log(active: session.Session) -> list[dict[str, object]]:
    path = active.progress_path
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def _kpi(active: session.Session, exercise_id: str) -> float:
    return float(exercises.get(exercise_id).expected(active.data))  # a fresh float object each time


def test_the_previous_exercises_answer_is_refused_and_nothing_is_recorded(
        start_learner: Callable[..., session.Session]) -> None:
    active = start_learner("stale-1")
    answer = _kpi(active, "kpi-csat")
    assert course.check("kpi-csat", answer).correct
    logged = len(_log(active))
    result = course.check("kpi-nps", answer)   # the NPS cell stopped with an error: `answer` is still the CSAT
    assert result.status == "not_attempted"
    assert "previous exercise (kpi-csat)" in result.message and "exercise cell above" in result.message
    assert len(_log(active)) == logged, "a stale answer must not be logged as an attempt"
    assert active.results["kpi-nps"]["status"] == "not_attempted"
    assert active.answer("kpi-nps") is None and active.answer("kpi-csat") == answer
    assert course.check("kpi-csat", answer).correct, "the same exercise may be checked again"


def test_a_fresh_answer_after_a_refusal_is_judged_and_an_equal_one_is_not_stale(
        start_learner: Callable[..., session.Session]) -> None:
    active = start_learner("stale-2")
    csat = _kpi(active, "kpi-csat")
    course.check("kpi-csat", csat)
    assert course.check("kpi-nps", csat).status == "not_attempted"
    nps = _kpi(active, "kpi-nps")
    assert course.check("kpi-nps", nps).correct and active.answer("kpi-nps") == nps
    assert course.check("kpi-ces", float(repr(nps))).status != "not_attempted", "an equal value is not the same object"
    assert [r["item_id"] for r in _log(active)] == ["kpi-csat", "kpi-nps", "kpi-ces"]


@pytest.mark.parametrize("shared", [True, False, 12, "Saturday", None, course.___])
def test_values_python_shares_between_equal_ones_are_never_called_stale(shared: object) -> None:
    last = stale.LastChecked()
    last.note("a", shared)
    assert last.stale("b", shared) is None


def test_a_table_or_a_large_number_checked_for_another_exercise_is_stale() -> None:
    last = stale.LastChecked()
    for answer, equal in (({"hear": "x"}, {"hear": "x"}), ([1, 2], [1, 2]), (int("1000001"), int("1000001")),
                          (float("3.5"), float("3.5"))):
        last.note("a", answer)
        assert last.stale("b", answer) == "a" and last.stale("a", answer) is None
        assert equal is not answer and last.stale("b", equal) is None  # an equal value is a new answer


def test_session_answer_keeps_each_exercises_last_checked_answer(start_learner: Callable[..., session.Session]) -> None:
    active = start_learner("stale-3")
    assert active.answer("kpi-nps") is None   # not checked yet
    course.check("kpi-nps", 12.5)
    course.check("kpi-csat", 80.0)
    assert active.answer("kpi-nps") == 12.5 and active.answer("kpi-csat") == 80.0
    course.check("kpi-nps", course.___ / 2)   # blanks left: None again, so later cells show their reminder
    assert active.answer("kpi-nps") is None
    course.check("kpi-ces", 4.2, record=False)   # a demonstration keeps nothing
    assert active.answer("kpi-ces") is None
    with pytest.raises(KeyError, match="kpi-npz"):
        active.answer("kpi-npz")


def test_a_tutors_run_hands_a_stale_answer_over_as_not_attempted() -> None:
    handed = stale.LastChecked()
    answer = {"hear": "I listened"}
    node = ast.parse("answer", mode="eval").body
    first = handover.capture("rev-heat-response", node, {"answer": answer}, handed)
    assert first == {"item_id": "rev-heat-response", "answer": handover.encode(answer)}
    assert handover.capture("rev-action-log", node, {"answer": answer}, handed) == {
        "item_id": "rev-action-log", "answer": handover.BLANK}
    fresh = {"hear": "I listened"}
    assert handover.capture("rev-action-log", node, {"answer": fresh}, handed)["answer"] == handover.encode(fresh)


def test_a_demonstration_refuses_a_stale_answer_too_and_reports_nothing(
        start_learner: Callable[..., session.Session]) -> None:
    active = start_learner("stale-4")
    value = _kpi(active, "kpi-csat")
    course.check("kpi-csat", value)
    assert course.check("kpi-nps", value, record=False).status == "not_attempted"
    assert "kpi-nps" not in active.results
