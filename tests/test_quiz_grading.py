"""Grading sealed questions of every type, including expected values from the learner's data."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from course.quiz import context
from course.quiz.context import SESSION_MESSAGE
from course.quiz.grading import grade
from course.quiz.schema import load_bank
from course.quiz.seal import seal_in_memory

FIXTURE = Path(__file__).parent / "fixtures" / "banks" / "sampler.yaml"
BANK = seal_in_memory(load_bank(FIXTURE))  # type: ignore[arg-type]  # the fixture is a source bank, sealed here


def _grade(qid: str, response: Any) -> Any:
    return grade(BANK.question(qid), response, salt=BANK.salt)


def _link(monkeypatch: pytest.MonkeyPatch, **stand_ins: Any) -> None:
    """Give the quiz stand-ins for some of its links to the course package (session, exercises, log)."""
    monkeypatch.setattr(context, "LINKS", dataclasses.replace(context.LINKS, **stand_ins))


@pytest.fixture
def session(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> SimpleNamespace:
    learner = SimpleNamespace(learner_id="L042", data={"conversion": 12.34},
                              progress_path=tmp_path / "progress.jsonl", notebook="demo.ipynb")
    _link(monkeypatch, current_session=lambda: learner)

    def reference_value(exercise_id: str, data: Any) -> float:
        if exercise_id != "kpi-conversion":
            raise KeyError(exercise_id)
        return data["conversion"]

    _link(monkeypatch, reference_value=reference_value)
    return learner


@pytest.fixture
def no_session(monkeypatch: pytest.MonkeyPatch) -> None:
    _link(monkeypatch, current_session=lambda: None)


def test_single_right_and_wrong_with_misconception() -> None:
    right = _grade("smp-smart-m", "Measurable")
    assert (right.status, right.feedback, right.misconception) == ("correct", "Correct.", None)
    assert right.explanation.startswith("Measurable means")
    wrong = _grade("smp-smart-m", "Motivating")
    assert wrong.status == "incorrect" and wrong.misconception == "smart-vague"
    assert wrong.feedback.startswith("Not quite. Motivation matters")
    assert "smart-vague" not in wrong.feedback and wrong.misconception == "smart-vague" and wrong.explanation
    plain_wrong = _grade("smp-smart-m", "Manageable")
    assert plain_wrong.feedback == "Not quite." and plain_wrong.misconception is None


def test_single_not_attempted_and_invalid_reveal_nothing() -> None:
    nothing = _grade("smp-smart-m", None)
    assert nothing.status == "not_attempted" and nothing.explanation == ""
    stranger = _grade("smp-smart-m", "Meaningful")
    assert stranger.status == "invalid" and "not one of the options" in stranger.feedback
    assert stranger.explanation == ""


def test_multiple_needs_exactly_the_right_set() -> None:
    assert _grade("smp-kpis", ["Average transaction value", "Conversion rate"]).status == "correct"
    assert _grade("smp-kpis", ["Conversion rate"]).status == "incorrect"
    wrong = _grade("smp-kpis", ["Conversion rate", "Average transaction value",
                                "Store opening hours"])
    assert wrong.status == "incorrect" and wrong.misconception == "kpi-not-a-measure"
    assert "Opening hours are a fact" in wrong.feedback
    assert _grade("smp-kpis", []).status == "not_attempted"


@pytest.mark.parametrize("response, status", [
    (45, "correct"), (45.4, "correct"), ("45", "correct"), (" 44.6 ", "correct"),
    (46, "incorrect"), ("44.4", "incorrect"), ("forty", "invalid"), ("", "not_attempted"),
    (float("nan"), "invalid"), (True, "invalid"),
])
def test_numeric_uses_tolerance(response: Any, status: str) -> None:
    assert _grade("smp-nps", response).status == status


def test_numeric_expected_from_the_learners_data(session: SimpleNamespace) -> None:
    assert _grade("smp-conversion-own", "12.3%").status == "correct"
    assert _grade("smp-conversion-own", 12.5).status == "incorrect"
    session.data = {"conversion": 12.5}
    assert _grade("smp-conversion-own", 12.5).status == "correct"


def test_numeric_expected_from_without_session(no_session: None) -> None:
    outcome = _grade("smp-conversion-own", 12.3)
    assert outcome.status == "invalid"
    assert outcome.feedback == SESSION_MESSAGE
    assert outcome.feedback == ("Start your session first: run the first cells of the notebook "
                                "(course.start(...)).")


def test_numeric_expected_from_failure_is_explained(session: SimpleNamespace,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(exercise_id: str, data: Any) -> float:
        raise ValueError("footfall column is empty")
    _link(monkeypatch, reference_value=broken)
    outcome = _grade("smp-conversion-own", 12.3)
    assert outcome.status == "invalid" and "footfall column is empty" in outcome.feedback


@pytest.mark.parametrize("response, status", [
    ("Check", "correct"), ("  check. ", "correct"), ("CHECKING", "correct"),
    ("Chek", "incorrect"), ("   ", "not_attempted"),
])
def test_text_variants(response: str, status: str) -> None:
    assert _grade("smp-pdca-letter", response).status == status


def test_ordering_order_matters() -> None:
    assert _grade("smp-pdca-order", ["Plan", "Do", "Check", "Act"]).status == "correct"
    assert _grade("smp-pdca-order", ["Do", "Plan", "Check", "Act"]).status == "incorrect"
    gap = _grade("smp-pdca-order", ["Plan", None, "Check", "Act"])
    assert gap.status == "invalid" and "still empty: 2" in gap.feedback
    twice = _grade("smp-pdca-order", ["Plan", "Plan", "Check", "Act"])
    assert twice.status == "invalid" and "more than once" in twice.feedback
    assert _grade("smp-pdca-order", [None] * 4).status == "not_attempted"


def test_matching_compares_pairs() -> None:
    right = {"Passive": "Puts others' needs first and avoids conflict",
             "Assertive": "States needs clearly while respecting the other person",
             "Aggressive": "Puts own needs first at others' expense"}
    assert _grade("smp-styles-match", right).status == "correct"
    swapped = dict(right, Passive=right["Aggressive"], Aggressive=right["Passive"])
    assert _grade("smp-styles-match", swapped).status == "incorrect"
    assert _grade("smp-styles-match", dict(right, Passive=None)).status == "invalid"
