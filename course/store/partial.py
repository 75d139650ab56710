"""A store with some tables missing: which tables of a notebook come from the practice store, and why.

A learner's import (`course import`) usually has only sales tables. Each exercise needs some tables
(course.exercises.needs). An exercise whose tables are all the learner's own runs on their data; any other runs
wholly on the learner's practice store (simulated from their id and sector), never on a mix: the learner's
sales over practice footfall would be a figure of neither store, and their periods differ. A table that one
notebook's practice exercise needs therefore comes from the practice store for that whole notebook, and any
exercise of the notebook that needs it runs on practice data too (`plan`). `combine` builds the store the
notebook uses; `missing_words` names what the learner's data lacks in plain words.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

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


@dataclass(frozen=True)
class SourcePlan:
    """Where one notebook's tables come from: the tables taken from the practice store, and the absent tables
    behind that choice (what the learner's data has no copy of)."""
    practice_tables: frozenset[str]
    lacking: frozenset[str]

    def note(self, needs: Iterable[str], absent: frozenset[str]) -> str:
        """Say in plain words why an exercise needing `needs` runs on the practice store."""
        direct = absent & set(needs)
        if direct:
            return f"Your data has no {missing_words(direct)}, so this exercise uses your practice store."
        return (f"Your data has no {missing_words(self.lacking)}, which this notebook uses alongside these tables, "
                "so this exercise uses your practice store, never a mix of the two.")

    def source(self, needs: Iterable[str]) -> str:
        """Return "practice" when an exercise needing `needs` runs on the practice store, else "own"."""
        return "practice" if set(needs) & self.practice_tables else "own"


def plan(absent: frozenset[str], needs: Iterable[frozenset[str]]) -> SourcePlan:
    """Return which tables come from the practice store, given the absent tables and each exercise's needs.

    Absent tables always do. So does every table an exercise needs alongside a practice table, repeated until
    nothing changes, so that no exercise mixes the learner's data with practice data.
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
