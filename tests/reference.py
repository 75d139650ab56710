"""What the reference-answer suites share: their two stores, and how an exercise's own value is compared
with the one the test works out independently."""

from __future__ import annotations

import math

from course import exercises
from course.store import StoreData

REFERENCE_STORES = [("demo-learner", "apparel"), ("demo-learner", "grocery")]  # the 2025 calendar year


def same(expected: object, mine: object) -> bool:
    """Labels must match exactly; numbers to 1e-9 (relative), or 1e-9 absolute near zero."""
    if isinstance(mine, str):
        return isinstance(expected, str) and expected == mine
    return math.isclose(float(expected), float(mine), rel_tol=1e-9, abs_tol=1e-9)  # type: ignore[arg-type]


def expected_value(exercise_id: str, d: StoreData) -> object:
    """The exercise's own expected value, through the public registry."""
    exercise = exercises.get(exercise_id)
    assert exercise.expected is not None, exercise_id
    return exercise.expected(d)
