"""Telling a stale answer from a fresh one: the previous exercise's answer, still in `answer` because this
exercise's cell stopped with an error (or was not run) before it set a new one.

Every exercise cell sets `answer` and its check cell hands it to `course.check("<id>", answer)`. The very
same object (identity, not an equal value) that was last checked for a different exercise is that left-over.
`course.check` refuses it (course.exercises.checking) and a tutor's run hands it over as not attempted
(course.handover), both by this one rule.

None, the blank ___, text, True/False and small whole numbers are left out: Python keeps one shared object
for equal ones (two exercises whose answer is "Saturday", or 12), so for them the same object says nothing.
"""

from __future__ import annotations

from typing import Any

from course.blank import ___

SMALL_INTS = range(-5, 257)  # CPython shares one object for each of these whole numbers


def shared_by_value(answer: Any) -> bool:
    """True when Python may give equal values of this kind one shared object, so identity proves nothing."""
    if answer is None or answer is Ellipsis or answer is ___ or isinstance(answer, (bool, str, bytes)):
        return True
    return type(answer) is int and answer in SMALL_INTS


class LastChecked:
    """The exercise and the answer object checked last: what a stale answer would be the same object as."""

    def __init__(self) -> None:
        self.exercise_id: str | None = None
        self.answer: Any = None

    def stale(self, exercise_id: str, answer: Any) -> str | None:
        """Return the id of the other exercise whose checked answer `answer` still is, else None."""
        if self.exercise_id is None or self.exercise_id == exercise_id:
            return None
        if answer is not self.answer or shared_by_value(answer):
            return None
        return self.exercise_id

    def note(self, exercise_id: str, answer: Any) -> None:
        """Remember `answer` as the one just checked for `exercise_id`."""
        self.exercise_id, self.answer = exercise_id, answer


def message(previous: str) -> str:
    """What course.check says about a stale answer, in plain words."""
    return (f"Your `answer` is still your answer to the previous exercise ({previous}): the exercise cell above "
            "has not set a new one, so nothing was checked or recorded. Run the exercise cell above first (fill "
            "in its blanks ___, and if it shows an error, put that right), then run this cell again.")
