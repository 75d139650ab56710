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
it was signed becomes a tampering sign (`store_signs`), whenever it is read: a learner whose own data has every
table has their practice store read only when an exercise needs it, while their answers are judged
(`SignedEntry`), so the judge asks for the signs after judging.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

from course import session
from course.store import StoreData
from course.store import cache as store_cache
from course.store.partial import Sources
from course.store.signed import Trusted, trusted_store
from course.tutor import judge


class SignedEntry:
    """The learner's simulated store from the run's signed entry (course.store.signed), read when first needed and
    then kept, with what was seen if the entry had been changed after signing (`changed`)."""

    def __init__(self, task: Any, sector: str) -> None:
        self._task, self._sector = task, sector

    @cached_property
    def trusted(self) -> Trusted:
        """The entry, checked (simulated again when it was missing, unsigned or changed)."""
        return _simulated(self._task, self._sector)

    @property
    def data(self) -> StoreData:
        """The simulated store (read now if it has not been)."""
        return self.trusted.data

    @property
    def changed(self) -> str | None:
        """What was seen when the signed entry had changed (None: unchanged, or not read: nothing used it)."""
        return self.trusted.changed if "trusted" in self.__dict__ else None


@dataclass(frozen=True)
class NotebookStore:
    """The store one (learner, notebook) used, and, on the learner's own data, which store each exercise ran on."""
    data: StoreData
    sources: Sources | None = None  # own data (None: the simulated store): the kernel's per-exercise rule
    entry: SignedEntry | None = None  # the run's signed entry behind `data` or the practice store, if read

    @property
    def own_data(self) -> bool:
        """True on the learner's own data (it always has `sources`; the simulated store never does)."""
        return self.sources is not None

    @property
    def changed(self) -> str | None:
        """What was seen when the run's signed entry had changed (it was simulated again); None when it had not,
        or when nothing has read it yet (a full own-data store reads its practice store only when an exercise's
        requirement fails, so ask after judging)."""
        return None if self.entry is None else self.entry.changed

    def source_of(self, exercise_id: str) -> str | None:
        """Return "own" or "practice" for an exercise on the learner's own data (None: the simulated store),
        as course.exercises.checking works it out in the kernel."""
        return None if self.sources is None else self.sources.source(exercise_id)

    def data_for(self, exercise_id: str) -> StoreData:
        """Return the store an exercise is judged on: as `course.session.Session.data_for` gives it the kernel."""
        return self.data if self.sources is None else self.sources.store(exercise_id)


def notebook_store(task: Any) -> NotebookStore:
    """Return the store the task's notebook used, as the roster defines it (never as the notebook says).

    `task` has learner_id, sector, notebook (workbook path, e.g. "4-data-analysis/4.1-sales-trends.ipynb"),
    run_dir, judge_secret and data_dir (absolute, as course.tutor.run resolves the roster's; None: none).
    """
    if not getattr(task, "data_dir", None):
        simulated = SignedEntry(task, task.sector)
        return NotebookStore(simulated.data, entry=simulated)
    own = _own(str(task.data_dir), task.sector)
    practice = SignedEntry(task, own.sector)
    sources = Sources(own, lambda: practice.data)
    if not own.absent:  # every table theirs: the practice store only for an exercise their data cannot meet
        return NotebookStore(own, sources=sources, entry=practice)
    data, _ = session.with_practice(own, practice.data, str(task.notebook).removesuffix(".ipynb"))
    return NotebookStore(data, sources=sources, entry=practice)


def store_signs(store: NotebookStore, notebook: str) -> list[judge.Sign]:
    """The tampering sign of a notebook whose store's signed entry had changed (none when it had not, or when it
    has not been read yet: call it after judging)."""
    if store.changed is None:
        return []
    return [judge.Sign(notebook, f"{store.changed} when this notebook was run; the tutor's process simulated the "
                                 "store again and judged the answers on that")]


def _simulated(task: Any, sector: str) -> Trusted:
    return trusted_store(store_cache.folder(task.run_dir), task.learner_id, sector=sector, secret=task.judge_secret)


@lru_cache(maxsize=1)  # a worker judges one learner's notebooks one after another: read their folder once
def _own(data_dir: str, sector: str) -> StoreData:
    return session.read_own(data_dir, sector)
