"""A store with some tables missing: which store each exercise runs on, and which tables a notebook's text uses.

A learner's import (`course import`) usually has only sales tables. Each exercise needs some tables
(course.exercises.needs), and a few need something of them that an import may not give (`REQUIREMENTS`: footfall
counted hour by hour, not per day; product costs; a December). The rule, in one place (`Sources`), used by the
learner's check (course.session, course.exercises.checking) and by the tutor's judge (course.tutor.judge_data):

- an exercise runs on the learner's own data when all the tables it needs are theirs and meet its requirements
  (the absent tables are filled from the practice store, so later cells of the notebook still run);
- otherwise it runs wholly on the learner's practice store (simulated from their id and sector), never on a mix:
  the learner's sales over practice footfall would be a figure of neither store, and their periods differ.

The notebook's text and charts between exercises read one coherent store (`plan`, `combine`): a table that any of
the notebook's exercises or conversation scenarios needs alongside a table the learner lacks comes from the
practice store there too (a scenario's facts come from the text's store: a complaint of the practice store
beside the learner's own sales would be a case of neither store).
`missing_words` names what the learner's data lacks in plain words.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import cached_property

import pandas as pd

from course.store.data import StoreData
from course.store.schema import TABLES

# What each table is, in the words a learner would use for "Your data has no ..."
TABLE_WORDS: dict[str, str] = {
    "footfall": "footfall counts", "transactions": "till sales", "transaction_lines": "basket lines",
    "products": "product list", "customers": "loyalty customers", "interactions": "customer contact log",
    "complaints": "complaints log", "surveys": "survey answers", "staff": "staff list", "rota": "staff rota",
    "promotions": "promotions list", "mystery_shops": "mystery shopper visits", "benchmarks": "benchmark figures",
    "competitor_prices": "competitor prices", "events": "store diary",
}
OWN, PRACTICE = "own", "practice"


@dataclass(frozen=True)
class Requirement:
    """Something an exercise needs of the learner's own tables besides having them (an exercise names it in its
    `own_data_needs`): a test of the learner's store, and what their data is like when it fails the test."""
    met: Callable[[StoreData], bool]
    failing: str  # completes "Your ..., so this exercise uses your practice store."


def _full_weeks(data: StoreData) -> int:
    days = pd.to_datetime(data.transactions["timestamp"]).dt.normalize().drop_duplicates()
    if days.empty:
        return 0
    first, last = days.min(), days.max()
    monday = first + pd.Timedelta(days=(7 - first.day_of_week) % 7)
    return max(0, (last - monday).days + 1) // 7


REQUIREMENTS: dict[str, Requirement] = {  # an import's footfall is one count a day, at 00:00 (course/importer)
    "hourly-footfall": Requirement(
        lambda d: bool((d.footfall["timestamp"] != d.footfall["timestamp"].dt.normalize()).any()),
        "footfall counts are one total a day, not counts hour by hour"),
    "december-footfall": Requirement(lambda d: bool((d.footfall["timestamp"].dt.month == 12).any()),
                                     "footfall counts have no December days"),
    "card-sales": Requirement(lambda d: bool(d.transactions["customer_id"].notna().any()),
                              "till sales have no loyalty-card (customer) ids"),
    "marketing-consent": Requirement(lambda d: bool(d.customers["marketing_consent"].astype(bool).any()),
                                     "loyalty customers have no marketing consent answers"),
    "product-costs": Requirement(lambda d: bool((d.products["cost"] != d.products["price"]).any()),
                                 "product list has no costs (each cost is its price)"),
    "four-full-weeks": Requirement(lambda d: _full_weeks(d) >= 4, "till sales cover fewer than four full weeks"),
}


def exercise_source(own: StoreData, tables: Iterable[str], wants: Iterable[str] = ()) -> tuple[str, str]:
    """Return ("own", "") when an exercise needing `tables` (and the requirements `wants`) runs on the learner's
    own store `own`, else ("practice", why in plain words).

    An exercise needing no table (a written answer) runs on the learner's own words: "own".
    """
    missing = own.absent & set(tables)
    if missing:
        return PRACTICE, f"Your data has no {missing_words(missing)}, so this exercise uses your practice store."
    for name in wants:
        requirement = REQUIREMENTS[name]
        if not requirement.met(own):
            return PRACTICE, f"Your {requirement.failing}, so this exercise uses your practice store."
    return OWN, ""


class Sources:
    """A learner's own store and their practice store (made only when needed): which one each exercise runs on
    (`source`), the store it runs on (`store`) and what to tell the learner (`note`)."""

    def __init__(self, own: StoreData, practice: Callable[[], StoreData]) -> None:
        self.own = own
        self._practice = practice
        self._chosen: dict[str, tuple[str, str]] = {}

    @cached_property
    def practice(self) -> StoreData:
        return self._practice()

    @cached_property
    def filled(self) -> StoreData:
        """The learner's own store with the tables it lacks from the practice store (later cells still run)."""
        return combine(self.own, self.practice, self.own.absent) if self.own.absent else self.own

    @property
    def _complete(self) -> StoreData:
        """A store with every table, to watch which an exercise reads (course.exercises.needs)."""
        return self.practice if self.own.absent else self.own

    def _choose(self, exercise_id: str) -> tuple[str, str]:
        if exercise_id not in self._chosen:
            from course.exercises.needs import needs
            from course.exercises.registry import get

            wants = get(exercise_id).own_data_needs
            self._chosen[exercise_id] = exercise_source(self.own, needs(exercise_id, self._complete), wants)
        return self._chosen[exercise_id]

    def source(self, exercise_id: str) -> str:
        """Return "own" when the exercise runs on the learner's own data, else "practice"."""
        return self._choose(exercise_id)[0]

    def note(self, exercise_id: str) -> str:
        """Say in one plain sentence which data the exercise uses."""
        from course.exercises.needs import needs

        source, why = self._choose(exercise_id)
        if source == PRACTICE:
            return why
        tables = needs(exercise_id, self._complete)
        return f"This exercise uses your own {missing_words(tables)}." if tables else \
            "This exercise uses your own words, whatever data you bring."

    def store(self, exercise_id: str) -> StoreData:
        """Return the store the exercise runs on: the learner's own (absent tables filled), else the practice."""
        return self.filled if self.source(exercise_id) == OWN else self.practice


@dataclass(frozen=True)
class SourcePlan:
    """Where one notebook's text and charts take their tables from: the tables taken from the practice store, and
    the absent tables behind that choice (what the learner's data has no copy of)."""
    practice_tables: frozenset[str]
    lacking: frozenset[str]


def plan(absent: frozenset[str], needs: Iterable[frozenset[str]]) -> SourcePlan:
    """Return which tables a notebook's text reads from the practice store, given the absent tables and each of
    its exercises' needs.

    Absent tables always do. So does every table an exercise needs alongside a practice table, repeated until
    nothing changes, so that no figure of the text mixes the learner's data with practice data.
    """
    groups = [set(n) for n in needs]
    practice = set(absent)
    changed = True
    while changed:
        changed = False
        for group in groups:
            if group & practice and not group <= practice:
                practice |= group
                changed = True
    used = set().union(*groups) if groups else set()
    return SourcePlan(frozenset(practice), frozenset(absent & used))


def combine(own: StoreData, practice: StoreData, practice_tables: frozenset[str]) -> StoreData:
    """Return the learner's store with `practice_tables` replaced by the practice store's.

    The period is the practice store's when the sales come from it (most narrative reads the sales' period).
    """
    swapped = replace(own, **{t.name: getattr(practice, t.name) for t in TABLES if t.name in practice_tables})
    if "transactions" not in practice_tables:
        return swapped
    return replace(swapped, start=practice.start, end=practice.end, currency=practice.currency, vat=practice.vat)


def missing_words(tables: Iterable[str]) -> str:
    """Name tables in plain words: "footfall counts", "footfall counts and store diary", "a, b and c"."""
    words = [TABLE_WORDS[t.name] for t in TABLES if t.name in set(tables)]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}" if words else ""
