"""Foreign answers: numeric answers that are wrong for the learner's own store but right for another learner's.

Every learner's right answers are unique to their store, so an answer that fits someone else's store is
evidence the kit can see and other graders cannot. For each learner, once, their store is loaded (from the
run's signed store cache, course.store.signed) and reduced to a `StoreFit`: the right answer of every numeric
exercise (course.exercises' `expected`) and the wrong answers its known misconceptions give on that store.
The store is then dropped, so memory holds one store at a time, whatever the cohort's size.

An answer counts as a match with learner O's store when it is not right for the learner's own store, is not a
known mistake on their own store, is within the exercise's tolerance of O's right answer, and the two stores'
right answers differ by more than that tolerance (otherwise a right answer would "fit" both), and no other
learner's store fits it too (a figure several stores share is a common value: in a simulated 30-learner cohort
with honest slips, this rule took the weak flags from 71 to 17). Several matches (STRONG_MATCHES or more) with
the same learner make a strong flag; one or two alone are weak: "worth a look".

The learner's answers come from the result files: each numeric exercise's `answer` (the number the notebook's
`course.check` received, carried by the results output into RUN/results/<learner>/<notebook>.json).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from course.exercises import registry
from course.store import StoreData
from course.tutor import results
from course.tutor.integrity import Flag

STRONG_MATCHES = 3  # answers fitting the same other learner's store that make a strong flag (see bench_integrity)
SWAP_MIN = 3        # a notebook whose answers fit another store this often, and more than their own, was run on it


@dataclass(frozen=True)
class StoreFit:
    """What one store makes of each numeric exercise: its right answer and its known wrong answers."""
    expected: dict[str, float]
    explained: dict[str, tuple[float, ...]]


def numeric_exercises() -> list[registry.Exercise]:
    """Return every registered exercise whose answer is a number."""
    return [ex for ex in (registry.get(i) for i in registry.ids()) if ex.kind == "number"]


def store_fit(data: StoreData) -> StoreFit:
    """Return a store's right answers and known wrong answers for every numeric exercise."""
    expected: dict[str, float] = {}
    explained: dict[str, tuple[float, ...]] = {}
    for exercise in numeric_exercises():
        value = _number(lambda ex=exercise: ex.expected(data) if ex.expected else None)
        if value is None:
            continue
        expected[exercise.id] = value
        wrong = [_number(lambda m=mis: m.wrong(data) if m.wrong else None) for mis in exercise.misconceptions]
        if exercise.unit == "%":
            wrong.append(value / 100)  # a fraction for a percentage: course.check names this mistake too
        explained[exercise.id] = tuple(w for w in wrong if w is not None)
    return StoreFit(expected, explained)


def cohort_fits(learners: Iterable[Any], load: Callable[[Any], StoreData] | None = None) -> dict[str, StoreFit]:
    """Return each learner's StoreFit, loading one store at a time with `load(learner)` (course.tutor.integrity
    passes one that checks the run's signed entry; None: simulate each store here)."""
    from course.store import simulate

    fits = {}
    for learner in learners:
        data = load(learner) if load is not None else simulate(learner.learner_id, sector=learner.sector)
        fits[learner.learner_id] = store_fit(data)
        del data  # memory-flat: the next store replaces this one
    return fits


def run_answers(run_dir: Path, learner_ids: Iterable[str]) -> dict[str, dict[str, float]]:
    """Return {learner: {exercise: the number they answered}} from RUN/results/ (exercises with no number left out)."""
    answers: dict[str, dict[str, float]] = {}
    for learner in learner_ids:
        found: dict[str, float] = {}
        for path in sorted((Path(run_dir) / "results" / learner).rglob("*.json")):
            result = None if path.name.startswith(".") else results.read_result(path)
            found.update(answers_in_result(result or {}))
        answers[learner] = found
    return answers


def answers_in_result(result: Mapping[str, Any]) -> dict[str, float]:
    """Return {exercise: answer} for the numeric answers a result file records (finite numbers only).

    An answer worked out on the learner's own imported data (`"source": "own"`) is left out: no classmate's store
    holds that data, so a figure of it that fits one would be a coincidence, not a trace.
    """
    found = {}
    for entry in result.get("exercises") or []:
        value = entry.get("answer") if isinstance(entry, dict) and entry.get("source") != "own" else None
        if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
            found[str(entry.get("item_id"))] = float(value)
    return found


def matches(answers: Mapping[str, Mapping[str, float]], fits: Mapping[str, StoreFit]
            ) -> dict[tuple[str, str], list[tuple[str, float, float, float]]]:
    """Return {(learner, other): [(exercise, answer, own right answer, other's right answer), ...]}."""
    found: dict[tuple[str, str], list[tuple[str, float, float, float]]] = defaultdict(list)
    for learner, given in answers.items():
        own = fits.get(learner)
        if own is None:
            continue
        for exercise_id, answer in sorted(given.items()):
            right = own.expected.get(exercise_id)
            if right is None or _explained(exercise_id, answer, own):
                continue
            tolerance = registry.get(exercise_id).tolerance
            fitting = [(other, theirs) for other, fit in fits.items()
                       if other != learner and (theirs := fit.expected.get(exercise_id)) is not None
                       and not close(right, theirs, tolerance) and close(answer, theirs, tolerance)]
            if len(fitting) == 1:  # a figure several classmates' stores share is a common value, not a trace
                other, theirs = fitting[0]
                found[(learner, other)].append((exercise_id, answer, right, theirs))
    return dict(found)


def foreign_answers(answers: Mapping[str, Mapping[str, float]], fits: Mapping[str, StoreFit]) -> list[Flag]:
    """Return a foreign_answer flag per matching answer: strong when STRONG_MATCHES or more fit the same learner."""
    flags = []
    for (learner, other), hits in sorted(matches(answers, fits).items()):
        strength = "strong" if len(hits) >= STRONG_MATCHES else "weak"
        for exercise_id, answer, right, theirs in hits:
            flags.append(Flag(learner, "foreign_answer", strength, other, exercise_id,
                              f"answered {_g(answer)}: not right for their own store ({_g(right)}) but within "
                              f"{_g(registry.get(exercise_id).tolerance)} of {other}'s right answer ({_g(theirs)}); "
                              f"{len(hits)} of their answers fit {other}'s store"))
    return flags


def store_swaps(answers: Mapping[str, Mapping[str, float]], fits: Mapping[str, StoreFit]) -> list[Flag]:
    """Return a wrong_identity flag per notebook whose numeric answers fit another learner's store far better
    than the learner's own: SWAP_MIN or more fit it, and more than fit their own."""
    flags = []
    for learner, given in sorted(answers.items()):
        own = fits.get(learner)
        if own is None:
            continue
        for notebook, exercise_ids in sorted(_by_notebook(given).items()):
            right_for_own = sum(close(given[e], own.expected[e], registry.get(e).tolerance)
                                for e in exercise_ids if e in own.expected)
            elsewhere = matches({learner: {e: given[e] for e in exercise_ids}}, fits)
            best = max(elsewhere.items(), key=lambda kv: (len(kv[1]), kv[0][1]), default=None)
            if best is None or len(best[1]) < SWAP_MIN or len(best[1]) <= right_for_own:
                continue
            other = best[0][1]
            flags.append(Flag(learner, "wrong_identity", "strong", other, notebook,
                              f"{len(best[1])} of this notebook's {len(exercise_ids)} numeric answers fit {other}'s "
                              f"store and {right_for_own} fit their own: its results look computed on {other}'s "
                              "store (or copied from it)"))
    return flags


def close(a: float, b: float, tolerance: float) -> bool:
    """Whether two answers are the same within an exercise's tolerance (as course.check decides)."""
    return math.isclose(a, b, abs_tol=tolerance + 1e-9)


def _explained(exercise_id: str, answer: float, own: StoreFit) -> bool:
    """Whether the answer is right, or a known mistake, on the learner's own store."""
    tolerance = registry.get(exercise_id).tolerance
    return any(close(answer, value, max(tolerance, 1e-6))
               for value in (own.expected[exercise_id], *own.explained.get(exercise_id, ())))


def _by_notebook(given: Mapping[str, float]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = defaultdict(list)
    for exercise_id in sorted(given):
        try:
            grouped[registry.notebook_of(exercise_id)].append(exercise_id)
        except KeyError:
            continue  # an exercise no longer in the workbook
    return grouped


def _number(compute: Any) -> float | None:
    """Return compute() as a finite float, or None when it gives none or fails on this store."""
    try:
        value = float(compute())
    except Exception:  # noqa: BLE001 - a store where an exercise has no answer: nothing to compare
        return None
    return value if math.isfinite(value) else None


def _g(value: float) -> str:
    return f"{value:.6g}"
