"""The vocabulary's row and column helpers: rows with a cell filled or empty, rows to leave out, columns
to choose, another table's details joined on, and the ids in a table (see docs/learner-guide.md).

    answered = data.filled("complaints", "satisfaction_after")      # complaints with a reply
    with_segment = data.join("transactions", "customers")            # each sale with its customer's details
    complainers = data.ids("complaints", "customer_id")              # who complained, each once
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from course.blank import Blank
from course.vocabulary_checks import TableAccess, VocabularyError, blanks_give_blank, matches, resolve_column

__all__ = ["Ids", "RowHelpers"]
SHOWN_IDS = 5  # how many ids a set of ids shows before "…"


class Ids(frozenset[Any]):
    """Ids (of customers, sales, members ...), each once, shown in order. Like a set: `a & b` is the ids in
    both, `a | b` in either, `a - b` in a but not b; `len(a)` or `data.count(a)` is how many. With a blank
    ___ on either side, each gives the blank (the blank's own operators answer)."""

    def __repr__(self) -> str:
        shown = sorted(self, key=str)
        more = ", …" if len(shown) > SHOWN_IDS else ""
        return f"{len(shown)} ids: " + ", ".join(map(str, shown[:SHOWN_IDS])) + more

    def __and__(self, other: Any) -> Ids:
        if isinstance(other, Blank):
            return NotImplemented  # so that ___ answers: in_category & ___ is ___
        return Ids(frozenset(self) & frozenset(other))

    def __or__(self, other: Any) -> Ids:
        if isinstance(other, Blank):
            return NotImplemented  # so that ___ answers: in_category | ___ is ___
        return Ids(frozenset(self) | frozenset(other))

    def __sub__(self, other: Any) -> Ids:
        if isinstance(other, Blank):
            return NotImplemented  # so that ___ answers: in_category - ___ is ___
        return Ids(frozenset(self) - frozenset(other))

    __rand__ = __and__
    __ror__ = __or__

    def __rsub__(self, other: Any) -> Ids:
        if isinstance(other, Blank):
            return NotImplemented
        return Ids(frozenset(other) - frozenset(self))


class RowHelpers(TableAccess):
    """filled, empty, leave_out, choose, join and ids: mixed into the vocabulary on `data`."""

    @blanks_give_blank
    def filled(self, table: Any, column: Any) -> pd.DataFrame:
        """The rows whose `column` has a value: data.filled("complaints", "resolved") is the resolved ones."""
        name, frame = self._table(table)
        return frame.loc[resolve_column(name, frame, column).notna()].reset_index(drop=True)

    @blanks_give_blank
    def empty(self, table: Any, column: Any) -> pd.DataFrame:
        """The rows whose `column` is empty: data.empty("complaints", "resolved") is the ones still open."""
        name, frame = self._table(table)
        return frame.loc[resolve_column(name, frame, column).isna()].reset_index(drop=True)

    @blanks_give_blank
    def leave_out(self, table: Any, column: Any, value: Any) -> pd.DataFrame:
        """Every row except those whose `column` is `value` (or one of a list of values):
        data.leave_out("complaints", "outcome", "no further action")."""
        name, frame = self._table(table)
        return frame.loc[~matches(name, frame, column, value)].reset_index(drop=True)

    @blanks_give_blank
    def choose(self, table: Any, *columns: Any) -> pd.DataFrame:
        """Only the columns named, in that order: data.choose("complaints", "channel", "category")."""
        name, frame = self._table(table)
        names = list(columns[0]) if len(columns) == 1 and isinstance(columns[0], (list, tuple)) else list(columns)
        if not names:
            raise VocabularyError(f"say which columns of {name} to keep, in quotes, e.g. "
                                  f"data.choose({name!r}, {str(frame.columns[0])!r})")
        for column in names:
            resolve_column(name, frame, column)
        if len(set(names)) < len(names):
            raise VocabularyError("a column is named twice; name each column once")
        return frame[names].reset_index(drop=True)

    @blanks_give_blank
    def join(self, table: Any, other: Any) -> pd.DataFrame:
        """Each row of `table` with the details of its match in `other`, matched on the id column they share:
        data.join("transactions", "customers") adds each card sale's customer's segment, join date ...
        Rows with no match keep empty details."""
        name, frame = self._table(table)
        other_name, details = self._table(other)
        key = _join_key(name, frame, other_name, details)
        joined = frame.merge(details, on=key, how="left", suffixes=("", f" ({other_name})"))
        return joined.reset_index(drop=True)

    @blanks_give_blank
    def ids(self, table: Any, column: Any) -> Ids:
        """The different values of an id column, each once, empty cells left out:
        data.ids("complaints", "customer_id") is the customers who complained."""
        name, frame = self._table(table)
        return Ids(resolve_column(name, frame, column).dropna().unique().tolist())


def _join_key(name: str, frame: pd.DataFrame, other_name: str, details: pd.DataFrame) -> str:
    """The column both tables share that names one row of `details` (its id)."""
    shared = [str(c) for c in frame.columns if c in details.columns]
    if not shared:
        raise VocabularyError(f"{name} and {other_name} have no column in common, so their rows cannot be "
                              f"matched; {other_name}'s columns are: {', '.join(map(str, details.columns))}")
    unique = [c for c in shared if details[c].notna().all() and details[c].is_unique]
    if not unique:
        raise VocabularyError(f"{other_name} has more than one row for each {shared[0]}, so a row of {name} "
                              f"would match several; try the other way round: data.join({other_name!r}, {name!r})")
    return next((c for c in unique if c.endswith("_id")), unique[0])
