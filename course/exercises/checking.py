"""course.check(): compare a learner's answer with the answer computed from their own store data (on a learner's
import, the store the exercise runs on: `Session.data_for`),
name the misconception a known wrong answer reveals, and log the attempt. The previous exercise's answer, still
in `answer` because the exercise cell stopped early, is refused, not judged (course.stale)."""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

import pandas as pd

from course import progress, session, stale
from course.blank import BLANKS_LEFT, holds_blank
from course.exercises import hints
from course.exercises.answers import AnswerProblem, as_label, as_number, check_table, normalise
from course.exercises.registry import Exercise, Misconception, get
from course.exercises.result import CheckResult
from course.money import money

_PERCENT_AS_FRACTION = Misconception(
    "fraction-not-percent", "A fraction instead of a percentage",
    "Multiply by 100: the course gives rates as percentages from 0 to 100.")


def check(exercise_id: str, answer: Any, *, record: bool = True) -> CheckResult:
    """Check `answer` for an exercise against the learner's own data and return the result.

    With record=False (for demonstrations in the teaching text) the attempt is neither logged nor
    reported in the notebook's results.
    """
    if not isinstance(exercise_id, str):
        return CheckResult("?", "invalid", f"The exercise id is not text (it is {type(exercise_id).__name__}); "
                                          "give it in quotes, as in the check cell: course.check(\"kpi-atv\", answer).")
    try:
        exercise = get(exercise_id)
    except KeyError as err:
        return CheckResult(exercise_id, "invalid", str(err.args[0]))
    active = session.current_or_none()
    if active is None:
        return CheckResult(exercise.id, "no_session", session.HOW_TO_START)
    unchecked = _not_checked(exercise.id, answer, active, record)
    if unchecked is not None:
        return unchecked
    result = _judge(exercise, answer, active.data_for(exercise.id))  # own data or practice: course.store.partial
    source = active.source_of(exercise.id)
    result = replace(result, source=source)
    if not record:  # a demonstration in the teaching text: the exercise itself says where its figures come from
        return result
    if source == "practice":  # own data lacking what this exercise needs: say so, once, where it happens
        note = active.practice_note(exercise.id)
        result = replace(result, message=f"{note} {result.message}" if note else result.message)
    active.remember(exercise.id, "exercise", result.status, result.misconception,
                    **({"source": source} if source else {}))  # recorded for a learner's own data only
    result = replace(result, offers_hint=not result.correct)  # the live "Need a hint?" button
    try:
        progress.record(learner_id=active.learner_id, item_id=exercise.id, kind="exercise", status=result.status,
                        misconception=result.misconception, notebook=active.notebook, path=active.progress_path,
                        source=source)
    except OSError as err:  # a full disk or a log path that is a folder: the learner still sees the result
        return replace(result, message=f"{result.message} (This attempt could not be saved in your progress "
                                       f"log {active.progress_path}: {err.strerror or err}. Free some space or "
                                       "fix progress_path, then run this cell again.)")
    return result


def _not_checked(exercise_id: str, answer: Any, active: session.Session, record: bool) -> CheckResult | None:
    """The result of an answer that is not an attempt (None, blanks ___ left, or the previous exercise's answer
    still in `answer`), reported as not attempted and never logged; None for an answer to judge. A recorded
    check keeps the answer for `session.answer(id)`."""
    previous = active.last_checked.stale(exercise_id, answer)
    if previous is not None:  # the exercise cell above stopped before setting `answer`: refuse, keep nothing
        if record:
            active.answers.pop(exercise_id, None)
            active.remember(exercise_id, "exercise", "not_attempted", None)
        return CheckResult(exercise_id, "not_attempted", stale.message(previous), offers_hint=record)
    if record:
        active.keep_answer(exercise_id, answer)
    if answer is None or answer is Ellipsis:
        if record:
            active.remember(exercise_id, "exercise", "not_attempted", None)  # reported, never logged
        return CheckResult(exercise_id, "not_attempted",
                           "Put your working in the cell above and set `answer`, then run this cell again.")
    if holds_blank(answer):  # a skeleton with ___ still in it: not a wrong attempt, so not logged
        if record:
            active.remember(exercise_id, "exercise", "not_attempted", None)
        # a learner stuck on which choice fills a blank is who the live "Need a hint?" button is for
        return CheckResult(exercise_id, "not_attempted", BLANKS_LEFT, offers_hint=record)
    return None


def verdict(exercise_id: str, answer: Any, data: Any) -> CheckResult:
    """Judge `answer` for an exercise against a store's data, with no session and no logging: what a tutor's
    run uses (course.tutor.judge). None, ... or an answer holding ___ is not attempted; KeyError for an unknown id."""
    exercise = get(exercise_id)
    if answer is None or answer is Ellipsis or holds_blank(answer):
        return CheckResult(exercise.id, "not_attempted", "No answer was given.")
    return _judge(exercise, answer, data)


def _judge(exercise: Exercise, answer: Any, data: Any) -> CheckResult:
    try:
        if exercise.kind == "number":
            return _judge_number(exercise, as_number(answer), data)
        if exercise.kind == "label":
            return _judge_label(exercise, as_label(answer), data)
        if isinstance(answer, pd.DataFrame):
            check_table(answer)
        return _judge_structured(exercise, answer, data)
    except AnswerProblem as problem:
        text = str(problem)
        return CheckResult(exercise.id, "invalid", f"{text[:1].upper()}{text[1:]}.")
    except Exception as err:  # noqa: BLE001 - the learner's own object misbehaved (a __str__ or __len__ raised)
        return CheckResult(exercise.id, "invalid", f"Your answer (a {type(answer).__name__}) could not be read "
                                                   f"({type(err).__name__}). Give a plain number, text or table, "
                                                   "e.g. answer = 23.4.")


def _close(a: float, b: float, tolerance: float) -> bool:
    return math.isclose(a, b, abs_tol=tolerance + 1e-9)


def _judge_number(exercise: Exercise, value: float, data: Any) -> CheckResult:
    assert exercise.expected is not None  # register() refuses a number exercise without one
    expected = float(exercise.expected(data))
    if _close(value, expected, exercise.tolerance):
        return CheckResult(exercise.id, "correct", f"{_fmt(value, exercise.unit, data)} is right.")
    candidates = list(exercise.misconceptions)
    if exercise.unit == "%":
        candidates.append(Misconception(_PERCENT_AS_FRACTION.id, _PERCENT_AS_FRACTION.name,
                                        _PERCENT_AS_FRACTION.fix, lambda d: expected / 100))
    matches = []
    for mis in candidates:
        if mis.wrong is None:
            continue
        wrong = float(mis.wrong(data))
        if not _close(wrong, expected, exercise.tolerance) and _close(value, wrong, max(exercise.tolerance, 1e-6)):
            matches.append(mis)
    if matches:
        return _misconception_result(exercise, *matches)
    return CheckResult(exercise.id, "incorrect", _generic(exercise, value, data))


def _judge_label(exercise: Exercise, label: str, data: Any) -> CheckResult:
    assert exercise.expected is not None  # register() refuses a label exercise without one
    expected = normalise(str(exercise.expected(data)))
    if label == expected:
        return CheckResult(exercise.id, "correct", f"{label!r} is right.")
    for mis in exercise.misconceptions:
        if mis.wrong is not None:
            wrong = normalise(str(mis.wrong(data)))
            if wrong != expected and label == wrong:
                return _misconception_result(exercise, mis)
    return CheckResult(exercise.id, "incorrect", _generic(exercise, None, data))


def _judge_structured(exercise: Exercise, answer: Any, data: Any) -> CheckResult:
    assert exercise.review is not None  # register() refuses a structured exercise without one
    problems = exercise.review(data, answer)
    if not problems:
        return CheckResult(exercise.id, "correct", "Everything the assessor looks for is there.")
    first = next((p for p in problems if p.misconception), None)
    names = {m.id: m.name for m in exercise.misconceptions}
    text = " ".join(f"{i}) {p.message}" for i, p in enumerate(problems, start=1))
    mis_id = first.misconception if first else None
    return CheckResult(exercise.id, "incorrect", f"Still to do: {text}", mis_id, names.get(mis_id or ""))


def _misconception_result(exercise: Exercise, mis: Misconception, *also: Misconception) -> CheckResult:
    """Name the mistake; when two mistakes give the same number for this store, name both."""
    message = f"This looks like a common mistake: {mis.name}. {mis.fix}"
    for other in also:
        if other.id != mis.id:
            message += f" Or it may be another: {other.name}. {other.fix}"
    return CheckResult(exercise.id, "incorrect", message, mis.id, mis.name)


def _generic(exercise: Exercise, value: float | None, data: Any) -> str:
    """The message of a wrong answer that matches no known mistake: what to check, then the next hint."""
    shown = f"{_fmt(value, exercise.unit, data)} is not what your data gives. " if value is not None else ""
    advice = exercise.hint or "Check each step of your working against the definition above."
    return f"{shown}{advice} {hints.pointer(exercise)}"


def _fmt(value: float, unit: str, data: Any = None) -> str:
    if unit == "£":  # in the currency of the store the answer was judged on (an import's may not be pounds)
        return money(value, getattr(data, "currency", None) or "GBP")
    if float(value).is_integer():
        text = f"{int(value):,}"
    elif abs(value) < 1000:
        text = f"{value:,.4g}"
    else:
        text = f"{value:,.1f}"
    return f"{text}{'%' if unit == '%' else (' ' + unit if unit else '')}"
