"""Exercise checks: reference answers from each learner's data, misconception matching, odd answers,
the session, and the attempt log."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import course
from course import exercises, progress, session
from course.exercises.nb_1_2_staffing import VISITORS_PER_COLLEAGUE

# `learner` (conftest.py): a started session for one learner in each sector.


def test_at_least_fifteen_exercises_each_with_a_misconception() -> None:
    ids = exercises.ids()
    assert len(ids) >= 15
    for exercise_id in ids:
        assert exercises.get(exercise_id).misconceptions, exercise_id


def test_reference_answer_is_correct_and_each_misconception_is_named(learner) -> None:
    data = learner.data
    for exercise_id in exercises.ids():
        exercise = exercises.get(exercise_id)
        if exercise.kind == "structured":
            continue
        expected = exercise.expected(data)
        assert course.check(exercise_id, expected).status == "correct", exercise_id

        def same(a: object, b: object, exercise: exercises.Exercise = exercise) -> bool:
            if exercise.kind == "number":
                return math.isclose(float(a), float(b), abs_tol=exercise.tolerance + 1e-9)
            return str(a).casefold() == str(b).casefold()

        wrongs = [(mis, mis.wrong(data)) for mis in exercise.misconceptions]  # each worked out once
        for mis, wrong in wrongs:
            result = course.check(exercise_id, wrong)
            if same(wrong, expected):  # only a scenario exercise's misconception may (it is another scenario's)
                from tests.test_misconceptions_distinct import SCENARIO_EXERCISES
                assert exercise_id in SCENARIO_EXERCISES, (exercise_id, mis.id, wrong, expected, result.status)
                continue
            # Two mistakes can give the same number for some stores; the first listed is named.
            twins = [m.id for m, w in wrongs if not same(w, expected) and same(w, wrong)]
            assert result.status == "incorrect" and result.misconception == twins[0], (exercise_id, mis.id)
            assert result.misconception_name in result.message


def test_checks_agree_with_an_independent_calculation(learner) -> None:
    """Work the KPIs out here with plain pandas, as a learner would, not through the registry."""
    d = learner.data
    tx, ff = d.transactions, d.footfall
    surveys = d.surveys[d.surveys["solicited"]]
    nps_scores = surveys["nps"].dropna()
    independent = {
        "kpi-conversion": len(tx) / ff["visitors"].sum() * 100,
        "kpi-atv": tx["net_value"].sum() / len(tx),
        "kpi-upt": tx["units"].sum() / len(tx),
        "kpi-csat": (surveys["csat"].dropna() >= 4).sum() / surveys["csat"].notna().sum() * 100,
        "kpi-nps": ((nps_scores >= 9).sum() - (nps_scores <= 6).sum()) / len(nps_scores) * 100,
        "kpi-fcr": d.interactions["resolved_first_contact"].sum() / len(d.interactions) * 100,
        "kpi-complaint-rate": len(d.complaints) / len(tx) * 1000,
        "plan-peak-day": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][
            int(ff.groupby(ff["timestamp"].dt.date)["visitors"].sum().pipe(
                lambda s: s.groupby(pd.to_datetime(s.index).day_of_week).mean()).idxmax())],
    }
    saturday = ff[ff["timestamp"].dt.day_of_week == 5]
    independent["plan-staff-needed"] = math.ceil(
        saturday.groupby(saturday["timestamp"].dt.hour)["visitors"].mean().max() / VISITORS_PER_COLLEAGUE)
    for exercise_id, value in independent.items():
        assert course.check(exercise_id, value).status == "correct", exercise_id


def test_a_fraction_given_for_a_percentage_is_named(learner) -> None:
    rate = len(learner.data.transactions) / learner.data.footfall["visitors"].sum()
    result = course.check("kpi-conversion", rate)
    assert result.misconception == "fraction-not-percent"
    assert "Multiply by 100" in result.message


@pytest.mark.parametrize("answer, status, words", [
    (None, "not_attempted", "set `answer`"),
    ("twenty", "invalid", "give a number"),
    ("23.5%", "incorrect", "not what your data gives"),
    (True, "invalid", "True/False"),
    (float("nan"), "invalid", "NaN"),
    (pd.DataFrame({"a": [1, 2]}), "invalid", "whole table"),
    (pd.Series([1.0]), "invalid", "one value"),
    ([1, 2, 3], "invalid", "holds 3 values"),
    (np.array([4.0, 5.0]), "invalid", "holds 2 values"),
    ({"x": 1}, "invalid", "dict"),
    (object(), "invalid", "object"),
])
def test_odd_answers_get_helpful_messages_not_tracebacks(start_learner, answer, status: str, words: str) -> None:
    start_learner("odd", start="2025-01-01", end="2025-03-31")
    try:
        result = course.check("kpi-conversion", answer)
    finally:
        session.end()
    assert result.status == status
    assert words in result.message
    assert words in repr(result) and words in result._repr_html_()


def test_a_numeric_string_is_read_as_a_number(start_learner) -> None:
    active = start_learner("odd", start="2025-01-01", end="2025-03-31")
    value = exercises.get("kpi-atv").expected(active.data)
    assert course.check("kpi-atv", f"£{value:,.2f}").status == "correct"
    session.end()


def test_check_without_a_session_says_how_to_start() -> None:
    session.end()
    result = course.check("kpi-atv", 12.0)
    assert result.status == "no_session"
    assert "course.start(" in result.message


def test_unknown_exercise_suggests_near_ids(start_learner) -> None:
    start_learner("odd", start="2025-01-01", end="2025-03-31")
    result = course.check("kpi-conversoin", 1)
    session.end()
    assert result.status == "invalid" and "kpi-conversion" in result.message


def test_attempts_are_logged_but_not_attempted_is_not(start_learner, tmp_path: Path) -> None:
    log = tmp_path / "log.jsonl"
    start_learner("logme", progress_path=log, start="2025-01-01", end="2025-03-31", notebook="nb")
    course.check("kpi-upt", None)
    course.check("kpi-upt", 99.0)
    course.check("kpi-upt", "abc")
    attempts = progress.read_attempts(log)
    session.end()
    assert [(a.item_id, a.status, a.attempt, a.notebook) for a in attempts] == [
        ("kpi-upt", "incorrect", 1, "nb"), ("kpi-upt", "invalid", 2, "nb")]


def test_results_remember_the_latest_status_per_item(start_learner) -> None:
    active = start_learner("latest", start="2025-01-01", end="2025-03-31")
    course.check("kpi-upt", 99.0)
    course.check("kpi-upt", exercises.get("kpi-upt").expected(active.data))
    assert active.results["kpi-upt"]["status"] == "correct"
    session.end()


GOOD_SMART = "Raise CSAT from 80% to 85% by 30 June 2026 by opening a second till at Saturday peaks."


@pytest.mark.parametrize("text, misconception", [
    ("Improve customer service.", "smart-vague"),
    ("Improve CSAT to 85% for our customers as soon as we reasonably can.", "smart-no-deadline"),
    ("Make things better for shoppers by the end of June this year.", "smart-vague"),
])
def test_smart_objective_names_what_is_missing(start_learner, text: str, misconception: str) -> None:
    start_learner("smart", start="2025-01-01", end="2025-03-31")
    bad, good = course.check("plan-smart-objective", text), course.check("plan-smart-objective", GOOD_SMART)
    session.end()
    assert bad.status == "incorrect" and misconception in {bad.misconception} | {
        p.misconception for p in exercises.get("plan-smart-objective").review(None, text)}
    assert good.status == "correct"


def test_service_plan_needs_owner_timing_and_contingency(start_learner) -> None:
    start_learner("plan", start="2025-01-01", end="2025-03-31")
    rows = [{"objective": f"Objective {i}", "owner": "Team leader", "timing": "By 30 June",
             "contingency": "Call in on-call colleague"} for i in range(3)]
    good = course.check("plan-service-plan", pd.DataFrame(rows))
    no_contingency = course.check("plan-service-plan", pd.DataFrame(rows).drop(columns="contingency"))
    blank_owner = course.check("plan-service-plan", pd.DataFrame(rows).assign(owner=["A", "", "C"]))
    as_list = course.check("plan-service-plan", rows)
    wrong_type = course.check("plan-service-plan", "a plan")
    session.end()
    assert good.status == "correct" and as_list.status == "correct"
    assert no_contingency.misconception == "plan-no-contingency"
    assert "Row 2 has no owner" in blank_owner.message
    assert wrong_type.status == "invalid" and "DataFrame" in wrong_type.message


def test_reference_value_refuses_non_numeric_exercises(learner) -> None:
    assert exercises.reference_value("kpi-atv", learner.data) > 0
    with pytest.raises(ValueError, match="not numeric"):
        exercises.reference_value("plan-peak-day", learner.data)


def test_a_demonstration_check_is_neither_logged_nor_reported(start_learner, tmp_path: Path) -> None:
    log = tmp_path / "log.jsonl"
    active = start_learner("demo", progress_path=log, start="2025-01-01", end="2025-03-31")
    result = course.check("kpi-upt", 99.0, record=False)
    session.end()
    assert result.status == "incorrect"
    assert progress.read_attempts(log) == [] and active.results == {}


def test_inverted_conversion_is_named_with_or_without_the_times_100(learner) -> None:
    d = learner.data
    for wrong in (d.footfall["visitors"].sum() / len(d.transactions),
                  d.footfall["visitors"].sum() / len(d.transactions) * 100):
        assert course.check("kpi-conversion", wrong).misconception == "conversion-inverted"
