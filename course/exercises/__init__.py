"""Exercise checks: `check(exercise_id, answer)` against the learner's own store data.

Each exercise computes its reference answer from the learner's StoreData with course.kpi, and knows
the wrong answers that named misconceptions produce, so feedback says *which* mistake was made.
"""

from course.exercises import (  # noqa: F401  (importing registers the exercises)
    insight_exercises, kpi_exercises, planning_exercises, promotion_exercises, recording_exercises,
    reviewing_exercises, teamwork_exercises, trend_exercises)
from course.exercises.checking import check
from course.exercises.registry import Exercise, Misconception, Problem, get, ids, reference_value
from course.exercises.result import CheckResult

__all__ = ["CheckResult", "Exercise", "Misconception", "Problem", "check", "get", "ids", "reference_value"]
