"""Exercise checks: `check(exercise_id, answer)` against the learner's own store data.

Each exercise computes its reference answer from the learner's StoreData with course.kpi, and knows
the wrong answers that named misconceptions produce, so feedback says *which* mistake was made.
One module per notebook registers that notebook's exercises (nb_<number>_<topic>.py, in reading
order below); helpers.py and misconceptions.py hold what several notebooks share.
"""

from course.exercises import (  # noqa: F401  (importing registers the exercises)
    nb_0_start_here,
    nb_1_1_journey,
    nb_1_1_service_plans,
    nb_1_2_staffing,
    nb_2_1_recording_systems,
    nb_2_2_data_protection,
    nb_3_1_measuring_service,
    nb_3_2_review_cycle,
    nb_3_3_complaints,
    nb_4_1_trends,
    nb_4_2_benchmarks,
    nb_4_3_insight,
    nb_4_4_evidence,
    nb_5_1_selling,
    nb_5_2_promotions,
    nb_5_3_teamwork,
    nb_5_4_teamwork,
)
from course.exercises.checking import check
from course.exercises.registry import Exercise, Misconception, Problem, get, ids, notebook_of, reference_value
from course.exercises.result import CheckResult

__all__ = ["CheckResult", "Exercise", "Misconception", "Problem", "check", "get", "ids", "notebook_of",
           "reference_value"]
