"""The exercise registry: what each exercise asks, how its answer is computed from the learner's data,
which known wrong answers reveal which misconception, and which notebook asks it.

An exercise never stores an answer. `expected(data)` computes it from the learner's own StoreData,
so checks work for every simulated learner and for a tutor's own export. Each notebook's exercises
are registered by one module, course/exercises/nb_<notebook>.py, with the notebook's path.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from course.store import StoreData
from course.store.partial import REQUIREMENTS

Kind = Literal["number", "label", "structured"]


@dataclass(frozen=True)
class Misconception:
    """A named mistake, how to put it right, and (optionally) the answer it produces."""
    id: str
    name: str
    fix: str
    wrong: Callable[[StoreData], Any] | None = None

    def producing(self, wrong: Callable[[StoreData], Any]) -> Misconception:
        """Return this misconception (same id, name and fix) with the wrong answer it gives in one exercise."""
        return replace(self, wrong=wrong)


@dataclass(frozen=True)
class Problem:
    """One thing a structured answer lacks, optionally tied to a misconception id."""
    message: str
    misconception: str | None = None


@dataclass(frozen=True, kw_only=True)
class Exercise:
    """One checked exercise (built with keyword arguments)."""
    id: str
    title: str
    kind: Kind
    marking_point: str
    expected: Callable[[StoreData], Any] | None = None            # number / label exercises
    review: Callable[[StoreData, Any], list[Problem]] | None = None  # structured exercises
    unit: str = ""
    tolerance: float = 0.0
    misconceptions: tuple[Misconception, ...] = ()
    hint: str = ""
    hints: tuple[str, ...] = ()  # the hint ladder, from a nudge to the method step by step
    covers: tuple[str, ...] = field(default_factory=tuple)
    # Free coding, optional: recorded and reported, but no section score or marking point's evidence counts it
    # (see course/tutor/plan.py); it needs no skeleton. At most 10% of exercises (docs/authoring.md).
    stretch: bool = False
    # The store tables the check reads; when empty they are worked out by watching it (course/exercises/needs.py).
    tables: tuple[str, ...] = ()
    # What the check needs of a learner's own tables besides having them, by name in
    # course.store.partial.REQUIREMENTS (e.g. "hourly-footfall": an import's footfall is one count a day); a
    # learner's data that fails one runs the exercise on their practice store.
    own_data_needs: tuple[str, ...] = ()


_REGISTRY: dict[str, Exercise] = {}
_NOTEBOOK_OF: dict[str, str] = {}  # exercise id -> the notebook (path under notebooks/) that asks it


def register(notebook: str, *exercises: Exercise) -> None:
    """Add a notebook's exercises; refuse a duplicate id or a definition that cannot be checked.

    `notebook` is the notebook's path under notebooks/, e.g. "1-planning/1.2-staffing-to-footfall.ipynb".
    """
    for exercise in exercises:
        if exercise.id in _REGISTRY:
            raise ValueError(f"exercise id {exercise.id!r} is registered twice")
        if (exercise.kind == "structured") != (exercise.review is not None) or \
                (exercise.kind != "structured" and exercise.expected is None):
            raise ValueError(f"exercise {exercise.id!r}: a {exercise.kind} exercise needs "
                             f"{'review' if exercise.kind == 'structured' else 'expected'}")
        unknown = [n for n in exercise.own_data_needs if n not in REQUIREMENTS]
        if unknown:
            raise ValueError(f"exercise {exercise.id!r}: own_data_needs {unknown[0]!r} is not one of "
                             f"{', '.join(REQUIREMENTS)} (course/store/partial.py)")
        _REGISTRY[exercise.id] = exercise
        _NOTEBOOK_OF[exercise.id] = notebook


def ids(notebook: str | None = None, *, folder: str | None = None) -> list[str]:
    """Return the registered exercise ids in registration order: all, one notebook's, or one folder's.

    `notebook` is a path under notebooks/ ("3-reviewing/3.1-measuring-service.ipynb"); `folder` is its
    first part ("3-reviewing"), so `ids(folder="3-reviewing")` gives a section's exercises.
    """
    return [i for i, nb in _NOTEBOOK_OF.items()
            if (notebook is None or nb == notebook) and (folder is None or nb.split("/")[0] == folder)]


def notebook_of(exercise_id: str) -> str:
    """Return the path (under notebooks/) of the notebook that asks an exercise."""
    get(exercise_id)  # a clear KeyError for an unknown id
    return _NOTEBOOK_OF[exercise_id]


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
