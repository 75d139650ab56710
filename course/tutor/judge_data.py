"""The store a learner's notebook used, rebuilt in the tutor's process from the roster, to judge its answers.

A learner with no data folder on the roster used their simulated store: the judge's signed copy of it
(course.tutor.judge.learner_store). A learner with one used their own data, read here straight from the
roster's folder (the tutor's data, never written by a kernel), and, when it lacks tables, combined with their
practice store exactly as their notebook's `course.start` combined it: the same reading and planning functions
(course.session.read_own and course.session.with_practice, course.store.partial), the practice store again
from the judge's signed cache. Each exercise judged on own data also says which data it used ("own" or
"practice"), as the kernel's check records it for the learner (course.exercises.checking).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from course import session
from course.store import StoreData
from course.store.partial import SourcePlan
from course.tutor import judge


@dataclass(frozen=True)
class NotebookStore:
    """The store one (learner, notebook) used, and where each exercise's tables came from."""
    data: StoreData
    own_data: bool = False
    sources: SourcePlan = field(default_factory=lambda: SourcePlan(frozenset(), frozenset()))

    def source_of(self, exercise_id: str) -> str | None:
        """Return "own" or "practice" for an exercise on the learner's own data (None: the simulated store),
        as course.exercises.checking works it out in the kernel."""
        from course.exercises.needs import needs

        return self.sources.source(needs(exercise_id, self.data)) if self.own_data else None


def notebook_store(task: Any) -> NotebookStore:
    """Return the store the task's notebook used, as the roster defines it (never as the notebook says).

    `task` has learner_id, sector, notebook (workbook path, e.g. "4-data-analysis/4.1-sales-trends.ipynb"),
    run_dir, judge_secret and data_dir (absolute, as course.tutor.run resolves the roster's; None: none).
    """
    run_dir, secret = Path(task.run_dir), task.judge_secret
    if not getattr(task, "data_dir", None):
        return NotebookStore(judge.learner_store(run_dir, task.learner_id, task.sector, secret))
    own = _own(str(task.data_dir), task.sector)
    if not own.absent:
        return NotebookStore(own, own_data=True)
    practice = judge.learner_store(run_dir, task.learner_id, own.sector, secret)
    data, chosen = session.with_practice(own, practice, str(task.notebook).removesuffix(".ipynb"))
    return NotebookStore(data, own_data=True, sources=chosen)


@lru_cache(maxsize=1)  # a worker judges one learner's notebooks one after another: read their folder once
def _own(data_dir: str, sector: str) -> StoreData:
    return session.read_own(data_dir, sector)
