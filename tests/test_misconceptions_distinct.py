"""Every named misconception can be told apart from the right answer: for each number and label exercise,
each misconception's wrong answer differs from the right one, beyond the exercise's tolerance, for at
least 95% of a fixed set of learners across the four sectors (otherwise course.check marks the mistake
correct for the rest). Scenario exercises are exempt, and a test checks that they really are scenarios."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from course import exercises
from course.exercises.answers import normalise
from course.exercises.checking import _close
from course.store import StoreData
from course.store.schema import SECTORS
from tests import scenario_facts

# scenario_facts' 22 learners (5 or more in each sector): their stores are simulated once for this module, the
# scenario contexts and the narrative claims, which conftest runs as one unit of work (STORE_UNITS)
LEARNERS = scenario_facts.LEARNERS
MIN_SHARE = 0.95  # of the learners for whom each misconception must be distinguishable

# Exercises whose misconceptions belong to one scenario each: a store is shown one diary scenario (or one
# exchange), and a misconception names the wrong reading of that scenario only; for every other store its
# "wrong" answer is the right one, so it cannot be told apart there, and need not be.
SCENARIO_EXERCISES = {
    "team-tuckman-stage": "each misconception is the wrong stage for one diary scenario (one true stage)",
    "team-communication-style": "each misconception is the wrong style for one exchange (one true style)",
}


def _checked_ids() -> list[str]:
    return [i for i in exercises.ids() if exercises.get(i).kind in ("number", "label")]


def _same(kind: str, tolerance: float, a: Any, b: Any) -> bool:
    """Whether course.check would take `a` for `b` (its number rule, or its label rule)."""
    if kind == "number":
        return _close(float(a), float(b), tolerance)
    return normalise(str(a)) == normalise(str(b))


def _entries(exercise: exercises.Exercise) -> dict[str, int]:
    """Return misconception id -> how many entries with a wrong answer carry it (an id may repeat)."""
    counts: dict[str, int] = {}
    for mis in exercise.misconceptions:
        if mis.wrong is not None:
            counts[mis.id] = counts.get(mis.id, 0) + 1
    return counts


@pytest.fixture(scope="module")
def stores(store_of: Callable[..., StoreData]) -> dict[tuple[str, str], StoreData]:
    """The learners' stores, from conftest's session cache (each simulated once in the session)."""
    return {(learner, sector): store_of(learner, sector=sector) for learner, sector in LEARNERS}


@pytest.fixture(scope="module")
def answers(stores) -> dict[str, dict[tuple[str, str], tuple[Any, dict[str, list[Any]]]]]:
    """exercise id -> learner -> (right answer, misconception id -> its wrong answers).

    Store by store, as a learner's checks go: figures an exercise module prepares once per store
    (course.exercises.helpers.per_store, which keeps the last two stores) are then worked out once per store,
    not once per exercise and store."""
    table: dict[str, dict] = {exercise_id: {} for exercise_id in _checked_ids()}
    for key, data in stores.items():
        for exercise_id, by_learner in table.items():
            exercise = exercises.get(exercise_id)
            wrongs: dict[str, list[Any]] = {}
            for mis in exercise.misconceptions:
                if mis.wrong is not None:
                    wrongs.setdefault(mis.id, []).append(mis.wrong(data))
            by_learner[key] = (exercise.expected(data), wrongs)
    return table


def test_the_learners_are_at_least_twenty_across_all_four_sectors() -> None:
    assert len(LEARNERS) >= 20 and len(set(LEARNERS)) == len(LEARNERS)
    assert {sector for _, sector in LEARNERS} == set(SECTORS) and len(SECTORS) == 4


def test_exempt_exercises_are_registered_label_exercises_with_misconceptions() -> None:
    for exercise_id, reason in SCENARIO_EXERCISES.items():
        exercise = exercises.get(exercise_id)
        assert exercise.kind == "label" and reason, exercise_id
        assert any(m.wrong is not None for m in exercise.misconceptions), exercise_id


@pytest.mark.parametrize("exercise_id", sorted(SCENARIO_EXERCISES))
def test_exempt_exercises_really_are_scenario_exercises(answers, exercise_id: str) -> None:
    """Each misconception differs from the right answer for exactly the stores of one scenario: always
    when the store's right answer is that scenario's, never otherwise."""
    exercise = exercises.get(exercise_id)
    scenarios_seen: set[str] = set()
    for mis_id, entries in _entries(exercise).items():
        for position in range(entries):
            differs_for = {normalise(str(right)) for right, wrongs in answers[exercise_id].values()
                           if not _same("label", 0.0, wrongs[mis_id][position], right)}
            assert len(differs_for) <= 1, (exercise_id, mis_id, position, sorted(differs_for))
            scenarios_seen |= differs_for
    for key, (right, wrongs) in answers[exercise_id].items():
        own = [(mid, w) for mid, ws in wrongs.items() for w in ws if not _same("label", 0.0, w, right)]
        assert own, (exercise_id, key, right, "no misconception belongs to this store's scenario")
    assert len(scenarios_seen) >= 2, (exercise_id, scenarios_seen)


@pytest.mark.parametrize("exercise_id", [i for i in _checked_ids() if i not in SCENARIO_EXERCISES])
def test_each_misconception_differs_from_the_right_answer(answers, exercise_id: str) -> None:
    exercise = exercises.get(exercise_id)
    problems = []
    for mis_id, entries in _entries(exercise).items():
        for position in range(entries):
            same = [f"{learner} ({sector}): right {right!r}, wrong {wrongs[mis_id][position]!r}"
                    for (learner, sector), (right, wrongs) in answers[exercise_id].items()
                    if _same(exercise.kind, exercise.tolerance, wrongs[mis_id][position], right)]
            if len(same) > (1 - MIN_SHARE) * len(LEARNERS):
                problems.append(f"{mis_id}: the same as the right answer (tolerance {exercise.tolerance}) for "
                                f"{len(same)} of {len(LEARNERS)} learners: " + "; ".join(same))
    assert not problems, f"{exercise_id}: " + " | ".join(problems)
