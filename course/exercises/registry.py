"""The exercise registry: what each exercise asks, how its answer is computed from the learner's data,
and which known wrong answers reveal which misconception.

An exercise never stores an answer. `expected(data)` computes it from the learner's own StoreData,
so checks work for every simulated learner and for a tutor's own export.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from course.store import StoreData

Kind = Literal["number", "label", "structured"]


@dataclass(frozen=True)
class Misconception:
    """A named mistake, how to put it right, and (optionally) the answer it produces."""
    id: str
    name: str
    fix: str
    wrong: Callable[[StoreData], Any] | None = None


@dataclass(frozen=True)
class Problem:
    """One thing a structured answer lacks, optionally tied to a misconception id."""
    message: str
    misconception: str | None = None


@dataclass(frozen=True)
class Exercise:
    """One checked exercise."""
    id: str
    section: str
    title: str
    kind: Kind
    marking_point: str
    expected: Callable[[StoreData], Any] | None = None            # number / label exercises
    review: Callable[[StoreData, Any], list[Problem]] | None = None  # structured exercises
    unit: str = ""
    tolerance: float = 0.0
    misconceptions: tuple[Misconception, ...] = ()
    hint: str = ""
    covers: tuple[str, ...] = field(default_factory=tuple)


_REGISTRY: dict[str, Exercise] = {}


def register(exercise: Exercise) -> Exercise:
    """Add an exercise; refuse a duplicate id or a definition that cannot be checked."""
    if exercise.id in _REGISTRY:
        raise ValueError(f"exercise id {exercise.id!r} is registered twice")
    if (exercise.kind == "structured") != (exercise.review is not None) or \
            (exercise.kind != "structured" and exercise.expected is None):
        raise ValueError(f"exercise {exercise.id!r}: a {exercise.kind} exercise needs "
                         f"{'review' if exercise.kind == 'structured' else 'expected'}")
    _REGISTRY[exercise.id] = exercise
    return exercise


def ids(section: str | None = None) -> list[str]:
    """Return the registered exercise ids (of one section if given), in registration order."""
    return [e.id for e in _REGISTRY.values() if section is None or e.section == section]


def get(exercise_id: str) -> Exercise:
    """Return an exercise, or raise KeyError listing the close matches."""
    try:
        return _REGISTRY[exercise_id]
    except KeyError:
        prefix = exercise_id.split("-")[0]
        near = [i for i in _REGISTRY if i.startswith(prefix)] or list(_REGISTRY)
        raise KeyError(f"no exercise called {exercise_id!r}; did you mean one of: {', '.join(near[:12])}?") from None


def reference_value(exercise_id: str, data: StoreData) -> float:
    """Return the reference answer of a numeric exercise for this store (used by quiz questions)."""
    exercise = get(exercise_id)
    if exercise.kind != "number" or exercise.expected is None:
        raise ValueError(f"exercise {exercise_id!r} is not numeric, so it cannot give a quiz its expected value")
    return float(exercise.expected(data))
