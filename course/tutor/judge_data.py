"""The store a learner's notebook used, rebuilt in the tutor's process from the roster, to judge its answers.

A learner with no data folder on the roster used their simulated store: the run's signed entry of it, checked
here (course.store.signed). A learner with one used their own data, read here straight from the roster's folder
(the tutor's data, never written by a kernel), and, when it lacks tables, combined with their practice store
exactly as their notebook's `course.start` combined it: the same reading and planning functions
(course.session.read_own and course.session.with_practice, course.store.partial), the practice store again
from the run's signed entry. Each exercise on own data is judged on the store the kernel's check used, by the
same per-exercise rule (course.store.partial.Sources: own data when the exercise's tables are all the learner's,
else the practice store), and says which it used ("own" or "practice"), as the kernel records it.

`notebook_store` is called before the notebook's kernel starts too (course.tutor.execute), so the simulated
store the kernel loads is the one the tutor's process simulated once and signed. An entry found changed after
it was signed becomes a tampering sign (`store_signs`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from course import session
from course.store import StoreData
from course.store import cache as store_cache
from course.store.partial import Sources
from course.store.signed import Trusted, trusted_store
from course.tutor import judge


@dataclass(frozen=True)
class NotebookStore:
    """The store one (learner, notebook) used, and, on the learner's own data, which store each exercise ran on."""
    data: StoreData
    own_data: bool = False
    sources: Sources | None = None  # own data: the same per-exercise rule as the learner's kernel
    changed: str | None = None  # what was seen when the run's signed entry had changed (it was simulated again)

    def source_of(self, exercise_id: str) -> str | None:
        """Return "own" or "practice" for an exercise on the learner's own data (None: the simulated store),
        as course.exercises.checking works it out in the kernel."""
        if not self.own_data or self.sources is None:
            return None
        return self.sources.source(exercise_id)

    def data_for(self, exercise_id: str) -> StoreData:
        """Return the store an exercise is judged on: as `course.session.Session.data_for` gives it the kernel."""
        return self.data if self.sources is None else self.sources.store(exercise_id)


def notebook_store(task: Any) -> NotebookStore:
    """Return the store the task's notebook used, as the roster defines it (never as the notebook says).

    `task` has learner_id, sector, notebook (workbook path, e.g. "4-data-analysis/4.1-sales-trends.ipynb"),
    run_dir, judge_secret and data_dir (absolute, as course.tutor.run resolves the roster's; None: none).
    """
    if not getattr(task, "data_dir", None):
        simulated = _simulated(task, task.sector)
        return NotebookStore(simulated.data, changed=simulated.changed)
    own = _own(str(task.data_dir), task.sector)
    if not own.absent:  # every table theirs: the practice store only for an exercise their data cannot meet
        return NotebookStore(own, own_data=True, sources=Sources(own, lambda: _simulated(task, own.sector).data))
    practice = _simulated(task, own.sector)
    data, _ = session.with_practice(own, practice.data, str(task.notebook).removesuffix(".ipynb"))
    return NotebookStore(data, own_data=True, sources=Sources(own, lambda: practice.data), changed=practice.changed)


def store_signs(store: NotebookStore, notebook: str) -> list[judge.Sign]:
    """The tampering sign of a notebook whose store's signed entry had changed (none when it had not)."""
    if store.changed is None:
        return []
    return [judge.Sign(notebook, f"{store.changed} when this notebook was run; the tutor's process simulated the "
                                 "store again and judged the answers on that")]


def _simulated(task: Any, sector: str) -> Trusted:
    return trusted_store(store_cache.folder(task.run_dir), task.learner_id, sector=sector, secret=task.judge_secret)


@lru_cache(maxsize=1)  # a worker judges one learner's notebooks one after another: read their folder once
def _own(data_dir: str, sector: str) -> StoreData:
    return session.read_own(data_dir, sector)
