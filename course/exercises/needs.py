"""Which store tables each exercise needs: derived by watching its answer and its misconceptions read a store.

`needs(exercise_id, data)` runs the exercise's `expected` (or `review`, given no answer) and every known wrong
answer on a watching copy of `data`, and returns the tables they read; a store that has those tables can check
the exercise. It is worked out once per exercise (the code, not the data, decides what is read). An exercise
whose `tables` field names them is not watched. A written answer that reads no table needs none.
course.session uses this to choose, per notebook, which exercises run on the learner's own data
(course.store.partial).
"""

from __future__ import annotations

import copy
import functools
import re
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from course.exercises.registry import Exercise, get
from course.store import TABLES, StoreData

_NAMES = frozenset(t.name for t in TABLES)
_KNOWN: dict[str, frozenset[str]] = {}
_SCENARIO_KNOWN: dict[str, frozenset[str]] = {}  # a scenario's context -> the tables it reads
_SEALED = Path(__file__).resolve().parents[1] / "scenario" / "sealed"
_FIELD = re.compile(r"^(notebook|context): *(\S.*?) *$", re.MULTILINE)  # top-level: not indented


class _Seen(Mapping[str, pd.DataFrame]):
    """The store's tables by name, noting each one looked up (its lengths are read without noting)."""

    def __init__(self, store: _Watching) -> None:
        self._store = store

    def __getitem__(self, name: str) -> pd.DataFrame:
        return getattr(self._store, name)

    def __iter__(self) -> Iterator[str]:
        return iter(t.name for t in TABLES)

    def __len__(self) -> int:
        return len(TABLES)

    def values(self) -> Any:  # a per-store cache key reads every table's length: not a use of the table
        return [object.__getattribute__(self._store, t.name) for t in TABLES]


class _Watching(StoreData):
    """A StoreData that notes which tables are read."""

    def __getattribute__(self, name: str) -> Any:
        if name in _NAMES:
            object.__getattribute__(self, "_seen_names").add(name)
        return object.__getattribute__(self, name)

    def tables(self) -> Mapping[str, pd.DataFrame]:  # type: ignore[override]  # a watching mapping, same use
        return _Seen(self)

    def _store_tables(self) -> Mapping[str, pd.DataFrame]:  # type: ignore[override]  # as tables()
        return _Seen(self)


def needs(exercise_id: str, data: StoreData) -> frozenset[str]:
    """Return the tables exercise `exercise_id` reads (watched once, on `data`, then remembered).

    A store with tables absent cannot show what an exercise would read (a figure of an empty table may stop
    early), so a complete simulated store is watched instead.
    """
    if exercise_id not in _KNOWN:
        exercise = get(exercise_id)
        declared = getattr(exercise, "tables", ())
        _KNOWN[exercise_id] = frozenset(declared) if declared else _watch(exercise, _complete(data))
    return _KNOWN[exercise_id]


def _complete(data: StoreData) -> StoreData:
    return _full_store(data.sector) if data.absent else data


@functools.lru_cache(maxsize=1)  # a learner's own data has one sector: one store, simulated once a kernel
def _full_store(sector: str) -> StoreData:
    from course.store import simulate

    return simulate("table-needs", sector=sector)


def _watch(exercise: Exercise, data: StoreData) -> frozenset[str]:
    review = exercise.review
    calls: list[Callable[[StoreData], Any]] = [exercise.expected] if exercise.expected else \
        ([lambda d: review(d, None)] if review else [])
    calls += [m.wrong for m in exercise.misconceptions if m.wrong is not None]
    return tables_read(calls, data)


def tables_read(calls: list[Callable[[StoreData], Any]], data: StoreData) -> frozenset[str]:
    """Return the tables the functions `calls` read when each is run on a watching copy of `data` (a function
    that raises has read what it needed by then)."""
    watching = copy.copy(data)
    object.__setattr__(watching, "__class__", _Watching)
    object.__setattr__(watching, "_seen_names", set())
    for call in calls:
        try:
            call(watching)
        except Exception:  # noqa: BLE001, S112 - a review refusing an empty answer has read what it needs
            continue
    return frozenset(object.__getattribute__(watching, "_seen_names"))


def scenario_needs(notebook: str | None, data: StoreData) -> list[frozenset[str]]:
    """Return, for each conversation scenario of `notebook` (as course.start takes it, e.g.
    "3-reviewing/3.3-complaints-and-service-recovery"; None: every scenario), the tables its context reads (watched
    on a complete simulated store, once per context). A scenario's facts come from the notebook's store for its
    text (course.scenario.view), so the tables they read must come from one store, as an exercise's do."""
    chosen = [context for where, context in scenario_contexts() if notebook is None or where == notebook]
    if not chosen:  # no scenario here: course.scenario (and its widgets, half a second) is not imported
        return []
    from course.scenario import contexts

    for context in chosen:
        if context not in _SCENARIO_KNOWN:
            _SCENARIO_KNOWN[context] = tables_read([contexts.resolve(context)], _complete(data))
    return [_SCENARIO_KNOWN[context] for context in chosen]


def scenario_contexts() -> list[tuple[str, str]]:
    """Return (notebook, context) of each shipped scenario, in id order, from the plain top-level fields of its
    sealed file (course.scenario.seal.PUBLIC), without unsealing it or importing course.scenario."""
    found = []
    for path in sorted(_SEALED.glob("*.yaml")):
        fields = dict(_FIELD.findall(path.read_text(encoding="utf-8")))
        found.append((fields["notebook"].strip("'\""), fields["context"].strip("'\"")))
    return found
