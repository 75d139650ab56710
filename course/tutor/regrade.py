"""Regrading the quiz choices and scenario replies in a learner's progress log, in the tutor's process.

The log is a text file the learner hands in and could edit, so the `status` each line claims is never
trusted. Each quiz attempt's recorded `choice` is graded again against the sealed bank (course.quiz.grading,
with the learner's own store for questions about their data); each scenario play is replayed reply by reply
through course.scenario.play from the learner's own facts. An attempt with no choice, or a reply that is not
one of the choices at that point, earns nothing. A line claiming more than its choice earns is a tampering
sign (course.tutor.judge.Sign), for the tutor only.

Result rows have the shapes of course.tutor.results (quiz) and course.scenario.record.scenario_result.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from functools import lru_cache
from types import SimpleNamespace
from typing import Any

from course import progress
from course.quiz import context, grading
from course.quiz.view import banks, load
from course.scenario import contexts
from course.scenario.play import Play
from course.scenario.record import PlayRecord, scenario_result
from course.scenario.view import load as load_scenario
from course.store import StoreData
from course.tutor.judge import Sign

NO_CHOICE = "no choice recorded"


@lru_cache(maxsize=1)
def _questions() -> dict[str, tuple[Any, str]]:
    """Every shipped question by id, with its bank's salt."""
    return {q.id: (q, bank.salt) for name in banks() for bank in [load(name)] for q in bank.questions}


@contextlib.contextmanager
def _store_for_quiz(data: StoreData) -> Iterator[None]:
    """Let numeric questions about the learner's data use `data` (the quiz reads it from its links)."""
    before = context.LINKS
    context.LINKS = context.Links(current_session=lambda: SimpleNamespace(data=data),
                                  reference_value=before.reference_value, record=before.record)
    try:
        yield
    finally:
        context.LINKS = before


def regrade_attempt(question_id: str, choice: Any, data: StoreData) -> tuple[str, str | None]:
    """Return (status, misconception) that `choice` earns for a question; ("invalid", None) without a choice."""
    found = _questions().get(question_id)
    if found is None or choice is None:
        return "invalid", None
    question, salt = found
    with _store_for_quiz(data):
        try:
            outcome = grading.grade(question, choice, salt=salt)
        except Exception:  # noqa: BLE001 - a choice of an odd shape (hand-written) earns nothing
            return "invalid", None
    return outcome.status, outcome.misconception


def quiz_results(attempts: list[progress.Attempt], quiz_ids: tuple[str, ...], data: StoreData
                 ) -> tuple[list[dict[str, Any]], list[Sign]]:
    """Return each question's regraded result (correct if any attempt's choice earns it, else the last
    attempt's) and the signs of lines claiming more than their choice earns."""
    tries: dict[str, list[tuple[str, str | None]]] = {}
    signs: list[Sign] = []
    for attempt in attempts:
        if attempt.kind != "quiz" or attempt.item_id not in quiz_ids:
            continue
        status, misconception = regrade_attempt(attempt.item_id, attempt.choice, data)
        tries.setdefault(attempt.item_id, []).append((status, misconception))
        if attempt.status == "correct" and status != "correct":
            why = NO_CHOICE if attempt.choice is None else f"its choice is judged {status!r}"
            signs.append(Sign(attempt.item_id, f"a progress-log line claims 'correct' for this question; {why}"))
    rows = []
    for question_id in quiz_ids:
        found = tries.get(question_id, [])
        correct = any(status == "correct" for status, _ in found)
        last = found[-1] if found else None
        rows.append({"item_id": question_id,
                     "status": "correct" if correct else (last[0] if last else "not_attempted"),
                     "misconception": None if correct or last is None else last[1], "attempts": len(found)})
    return rows, signs


def scenario_results(attempts: list[progress.Attempt], scenario_ids: tuple[str, ...], data: StoreData,
                     learner_id: str) -> tuple[list[dict[str, Any]], list[Sign]]:
    """Return each scenario's result from its plays replayed from the recorded replies, and the signs of
    plays whose log lines claim what the replies do not earn."""
    rows, signs = [], []
    for scenario_id in scenario_ids:
        lines = [a for a in attempts if a.kind == progress.SCENARIO and a.item_id == scenario_id]
        finished, problems = _replay(scenario_id, lines, data, learner_id) if lines else ([], [])
        rows.append(scenario_result(scenario_id, finished))
        signs += [Sign(scenario_id, problem) for problem in problems]
    return rows, signs


def _replay(scenario_id: str, lines: list[progress.Attempt], data: StoreData, learner_id: str
            ) -> tuple[list[PlayRecord], list[str]]:
    """Replay the log's plays of one scenario; return the finished plays that the replies really make."""
    scenario = load_scenario(scenario_id)
    play = Play(scenario, contexts.facts(scenario.context, data), learner_id=learner_id)
    finished: list[PlayRecord] = []
    problems: list[str] = []
    broken = False
    for line in lines:
        if line.outcome is None:  # one reply
            broken = broken or not _step(play, line, problems)
            continue
        if not broken and play.finished and (line.outcome, line.status) != (play.outcome, play.status):
            problems.append(f"a progress-log line claims the outcome {line.outcome!r} ({line.status}); the replies "
                            f"recorded reach {play.outcome!r} ({play.status})")
        if not broken and play.finished:
            finished.append(PlayRecord(play.outcome or "poor", play.status, tuple(play.misconceptions)))
        elif line.status == "correct":
            problems.append(f"a progress-log line claims a finished play ({line.outcome}) that its recorded "
                            "replies do not make")
        play.restart()
        broken = False
    return finished, problems


def _step(play: Play, line: progress.Attempt, problems: list[str]) -> bool:
    """Say the recorded reply at the play's node; False (and a problem when it claims credit) if it cannot."""
    choices = [] if play.finished else play.choices()
    if line.node != play.node_id or line.choice not in choices:
        if line.status == "correct":
            problems.append(f"a progress-log reply at {line.node!r} is not one the conversation offers there "
                            f"({NO_CHOICE if line.choice is None else 'an unknown reply'})")
        return False
    step = play.choose(choices.index(line.choice))
    if (step.status, step.misconception) != (line.status, line.misconception) and line.status == "correct":
        problems.append(f"a progress-log reply at {line.node!r} claims 'correct'; that reply is judged {step.status!r}")
    return True
