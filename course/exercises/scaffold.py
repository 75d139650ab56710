"""Code skeletons: each exercise's steps with blanks ___ where the learner decides something.

A skeleton is the file `course/exercises/skeletons/<exercise id>.py`: the steps of the exercise in
the learner vocabulary (`data.total`, `data.count`, `course.kpi`, ...), each with a plain-words comment,
and a blank `___` wherever the retail judgement lies: which table, which column, which filter, what goes
on top. Filling its blanks gives `solutions/exercises/<id>.py` (tests/test_skeletons.py checks that).
The first exercise of a kind shows its whole skeleton in the notebook; later ones show fewer steps,
and the whole skeleton is the last rung of the exercise's hint ladder (course.exercises.hints).
"""

from __future__ import annotations

from importlib import resources

from course import blank

BLANK = blank.NAME  # how a blank is written in a skeleton
FOLDER = "skeletons"


def skeleton(exercise_id: str) -> str | None:
    """Return the whole skeleton of an exercise (its code, with blanks), or None if it has none yet."""
    item = resources.files("course.exercises").joinpath(FOLDER, f"{exercise_id}.py")
    return item.read_text(encoding="utf-8").rstrip("\n") if item.is_file() else None


def with_skeletons() -> list[str]:
    """Return the ids of the exercises that have a skeleton, sorted."""
    folder = resources.files("course.exercises").joinpath(FOLDER)
    return sorted(item.name.removesuffix(".py") for item in folder.iterdir() if item.name.endswith(".py"))
