"""The learner's session: who is working, on which store's data, and where their attempts are logged.

Each notebook starts one in its first cells with `course.start(...)`; `course.check` and quizzes read
it from here. The session also keeps this run's latest result per exercise, which the notebook's last
cell hands to a tutor's runner as a custom MIME output (see course.progress.results_bundle), how
many hints of each exercise's ladder it has shown (see course.exercises.hints), and each exercise's last
checked answer, which later cells read by id with `session.answer("<id>")` (see course.stale).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from course import handover, progress
from course.blank import holds_blank
from course.money import currency_line
from course.stale import LastChecked
from course.store import SECTORS, SchemaError, StoreData, simulate
from course.store import cache as store_cache
from course.store.partial import SourcePlan, Sources, combine, missing_words, plan

HOW_TO_START = ("No learner session yet. Run the notebook's first cells, which call "
                "course.start(learner_id, sector=...), then try again.")


class NoSessionError(RuntimeError):
    """Raised when something needs the learner's session before course.start() was called."""

    def __init__(self) -> None:
        super().__init__(HOW_TO_START)


@dataclass
class Session:
    """One learner's working state in one notebook."""
    learner_id: str
    data: StoreData
    progress_path: Path
    notebook: str | None = None
    results: dict[str, dict[str, object]] = field(default_factory=dict)
    hints_shown: dict[str, int] = field(default_factory=dict)  # exercise id -> hints shown so far (course.hint)
    # Own data with tables missing: which tables the notebook's text takes from the practice store
    text_plan: SourcePlan = field(default_factory=lambda: SourcePlan(frozenset(), frozenset()))
    sources: Sources | None = None  # own data (None: a simulated store): which store each exercise runs on
    practice_said: set[str] = field(default_factory=set)  # exercises whose practice-store note was shown
    answers: dict[str, Any] = field(default_factory=dict, repr=False)  # exercise id -> its last checked answer
    last_checked: LastChecked = field(default_factory=LastChecked, repr=False)  # to tell a stale answer

    @property
    def own_data(self) -> bool:
        """True when the learner brought their own data (it always has `sources`; a simulated store never does)."""
        return self.sources is not None

    def answer(self, exercise_id: str) -> Any:
        """Return your last checked answer to an exercise (its check cell has run), or None when you have not
        checked one yet or it still has blanks ___. Later cells use it: `my_nps = session.answer("kpi-nps")`."""
        from course.exercises import get

        get(exercise_id)  # an unknown id raises KeyError saying so, rather than giving None for ever
        kept = self.answers.get(exercise_id)
        return None if kept is Ellipsis or holds_blank(kept) else kept

    def keep_answer(self, exercise_id: str, answer: Any) -> None:
        """Keep the answer course.check was just given for an exercise (None forgets it)."""
        self.last_checked.note(exercise_id, answer)
        if answer is None:
            self.answers.pop(exercise_id, None)
        else:
            self.answers[exercise_id] = answer

    def data_for(self, exercise_id: str | None) -> StoreData:
        """Return the store an exercise runs on: the session's store for a simulated learner; on own data, the
        learner's own store (the tables it lacks filled from the practice store) when the exercise's tables are
        all theirs, else the whole practice store (course.store.partial). None: the notebook's store, for text."""
        if exercise_id is not None:
            from course.exercises import get

            get(exercise_id)  # an unknown id raises KeyError saying so
        if exercise_id is None or self.sources is None:
            return self.data
        return self.sources.store(exercise_id)

    def source_of(self, exercise_id: str) -> str | None:
        """Return "own" when an exercise runs on the learner's own data, "practice" when on the practice store,
        and None for a simulated learner."""
        return None if self.sources is None else self.sources.source(exercise_id)

    def data_note(self, exercise_id: str) -> str:
        """Say in one plain sentence which data an exercise uses (own data only; "" for a simulated learner).
        A practice-store note is said once per exercise: the check does not repeat it."""
        if self.sources is None:
            return ""
        if self.sources.source(exercise_id) == "practice":
            self.practice_said.add(exercise_id)
        return self.sources.note(exercise_id)

    def practice_note(self, exercise_id: str) -> str:
        """Say once per exercise, in plain words, that it runs on the practice store (else return "")."""
        if self.sources is None or exercise_id in self.practice_said:
            return ""
        self.practice_said.add(exercise_id)
        return self.sources.note(exercise_id)

    def from_where(self, item: str) -> str:
        """Where a figure of an exercise (by id) or of a table (by name, in the notebook's text) comes from, for
        an artefact that puts figures side by side: " (your own data)" or " (your practice store)" on a learner's
        own data, "" on their simulated store."""
        if not self.own_data:
            return ""
        if item in self.data.tables():
            own = item not in self.data.absent and item not in self.text_plan.practice_tables
        else:
            own = self.source_of(item) == "own"
        return " (your own data)" if own else " (your practice store)"

    @property
    def sector(self) -> str:
        return self.data.sector

    def remember(self, item_id: str, kind: str, status: str, misconception: str | None, **extra: object) -> None:
        """Keep the latest result of an item for this run's results output (``extra``: e.g. a scenario's outcome)."""
        self.results[item_id] = {"item_id": item_id, "kind": kind, "status": status,
                                 "misconception": misconception, **extra}

    def __repr__(self) -> str:
        d = self.data
        source = "your own data" if self.own_data else "simulated store"
        if self.own_data and "transactions" in self.text_plan.practice_tables:
            source = "your practice store, for this notebook's text and charts"
        text = (f"Learner {self.learner_id!r}: {d.sector} store ({source}), {d.start} to {d.end}, "
                f"{len(d.transactions):,} sales, {len(d.customers):,} loyalty members.")
        if self.own_data and d.absent:  # name what this notebook's exercises lack, else every table absent
            own = [t for t in d.own_tables() if t not in self.text_plan.practice_tables]
            lacking = missing_words(self.text_plan.lacking or d.absent)
            text += (f" Your data has no {lacking}, so the exercises that need them use your practice store, and "
                     "so does the text around them; each exercise says which data it uses."
                     + (f" Your own here: {missing_words(own)}." if own else ""))
        if self.own_data:  # which money this notebook's figures are in (the practice store's when its sales are)
            text += "\n" + currency_line(d.currency, d.vat)
        return text


_current: Session | None = None


def start(learner_id: str, *, sector: str = "apparel", data_dir: str | os.PathLike[str] | None = None,
          progress_path: str | os.PathLike[str] | None = None, start: str | date | None = None,
          end: str | date | None = None, notebook: str | None = None) -> Session:
    """Start (or restart) the learner's session and return it.

    With `data_dir` the store comes from a validated CSV export (bring your own data); otherwise it is
    simulated from the learner id (loaded from a tutor's run's store cache when $COURSE_STORE_CACHE names one,
    see course.store.cache). Attempts are logged to `progress_path`, else $COURSE_PROGRESS_PATH,
    else ./course-progress.jsonl.
    """
    global _current
    if not isinstance(learner_id, str) or not learner_id.strip():
        raise SchemaError("learner_id must be your learner id as text, e.g. learner_id = 'ab12'")
    if sector not in SECTORS:
        raise SchemaError(f"unknown sector {sector!r}; choose one of: {', '.join(SECTORS)}")
    if data_dir is not None and not isinstance(data_dir, (str, os.PathLike)):
        raise SchemaError(f"data_dir is {type(data_dir).__name__}; give the folder of your store's CSV files as "
                          "text, e.g. data_dir = 'my-store', or None for your simulated store")
    text_plan, sources = SourcePlan(frozenset(), frozenset()), None
    learner = learner_id.strip()
    if data_dir:
        own = read_own(data_dir, sector)
        sources = Sources(own, lambda: _simulated(learner, sector=own.sector, start=None, end=None))
        data = own
        if own.absent:
            data, text_plan = with_practice(own, sources.practice, notebook)
    else:
        data = _simulated(learner, sector=sector, start=start, end=end)
    handover.install()  # only in a tutor's run ($COURSE_ANSWERS_PATH): hand the answers over as data
    _current = Session(learner_id=learner, data=data, progress_path=progress.resolve_log_path(progress_path),
                       notebook=notebook, text_plan=text_plan, sources=sources)
    return _current


def read_own(data_dir: str | os.PathLike[str], sector: str) -> StoreData:
    """Read a learner's own data folder (its store.json's sector wins over `sector`); a tutor's judge reads
    the roster's folder with this too (course.tutor.judge_data)."""
    return StoreData.from_csv(data_dir, sector=None if (Path(data_dir) / "store.json").exists() else sector)


def with_practice(own: StoreData, practice: StoreData, notebook: str | None) -> tuple[StoreData, SourcePlan]:
    """Return the store a notebook's text and charts read: the learner's own, with the tables it lacks, and any
    table the notebook's exercises or conversation scenarios need alongside them, from their practice store
    (course.store.partial.plan).
    `notebook` is as course.start takes it, e.g. "4-data-analysis/4.1-sales-trends" (None: every exercise).
    Each exercise's own store is `Session.data_for`."""
    from course.exercises import ids
    from course.exercises.needs import needs, scenario_needs

    path = f"{notebook}.ipynb" if notebook else None
    chosen = plan(own.absent, [needs(i, practice) for i in ids(path)] + scenario_needs(notebook, practice))
    return combine(own, practice, chosen.practice_tables), chosen


def _simulated(learner_id: str, *, sector: str, start: str | date | None, end: str | date | None) -> StoreData:
    """Return the learner's simulated store: from the run's store cache when a tutor's run names one."""
    cache = store_cache.from_env()
    if cache is None:
        return simulate(learner_id, sector=sector, start=start, end=end)
    return store_cache.load_or_simulate(cache, learner_id, sector=sector, start=start, end=end)


def current() -> Session:
    """Return the active session, or raise NoSessionError explaining how to start one."""
    if _current is None:
        raise NoSessionError()
    return _current


def current_or_none() -> Session | None:
    """Return the active session, or None."""
    return _current


def end() -> None:
    """Forget the active session (tests use this)."""
    global _current
    _current = None
