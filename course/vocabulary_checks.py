"""Checks behind the learner vocabulary: find the table, the column, the date; or say clearly what to fix.

Every misuse raises VocabularyError with a short message naming the fix (raised `from None`, so a
notebook shows the message, not pandas' internals).
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd

from course.blank import HelperError
from course.blank import blanks_give_blank as blanks_give_blank  # re-exported: the vocabulary's mixins import it here
from course.store.schema import TABLES, TABLES_BY_NAME, Table

# The main date (or date-time) column of each table: the one data.between, before, after and per(by="day") use.
DATE_COLUMNS: dict[str, str] = {
    "footfall": "timestamp", "transactions": "timestamp", "customers": "join_date", "interactions": "timestamp",
    "complaints": "received", "surveys": "timestamp", "staff": "start_date", "rota": "date",
    "promotions": "start", "mystery_shops": "date", "benchmarks": "week_start",
    "competitor_prices": "week_start", "events": "date",
}
_KEPT = "your table"  # how messages name a table the learner kept, when it is not one of the store's


class VocabularyError(HelperError):
    """A vocabulary helper was given something it cannot use; the message says what to give instead.

    Every helper is wrapped in course.blank.blanks_give_blank, so its traceback stops at the learner's line.
    """


class TableAccess:
    """What every vocabulary mixin stands on: the store's tables, found by name or given as a kept table."""

    def _store_tables(self) -> dict[str, pd.DataFrame]:
        return {t.name: getattr(self, t.name) for t in TABLES}

    def _table(self, table: Any) -> tuple[str, pd.DataFrame]:
        return resolve_table(self._store_tables(), table)


def table_names() -> list[str]:
    """The store's table names, in the data dictionary's order."""
    return [t.name for t in TABLES]


def _closest(word: str, options: list[str]) -> str:
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f". Did you mean {close[0]!r}?" if close else ""


def resolve_table(tables: Mapping[str, pd.DataFrame], table: Any) -> tuple[str, pd.DataFrame]:
    """Return (name, frame) for a table name or a table kept earlier; a per-table is refused."""
    if isinstance(table, pd.DataFrame):
        return name_of(table), table
    if isinstance(table, pd.Series):
        raise VocabularyError("that is a per-table (one figure per group), not a table of rows; give a table "
                              "such as \"transactions\", or use data.highest, data.lowest or data.top on it")
    if not isinstance(table, str):
        raise VocabularyError(f"a table is needed here, given as its name in quotes, e.g. \"footfall\", or "
                              f"a table you kept earlier; got {_brief(table)}")
    if table in tables:
        return table, tables[table]
    owners = [t.name for t in TABLES if table in t.column_names]
    if owners:
        raise VocabularyError(f"{table!r} is a column (of {', '.join(owners)}), not a table; give the table "
                              f"first, then the column, e.g. data.total({owners[0]!r}, {table!r})")
    raise VocabularyError(f"there is no table {table!r}; the tables are: {', '.join(tables)}"
                          f"{_closest(table, list(tables))}")


def name_of(frame: pd.DataFrame) -> str:
    """The store table a kept table came from (it has the same columns), or "your table"."""
    columns = list(frame.columns)
    return next((t.name for t in TABLES if t.column_names == columns), _KEPT)


def resolve_column(name: str, frame: pd.DataFrame, column: Any) -> pd.Series:
    """Return the column `column` of a table, or say which columns there are."""
    if not isinstance(column, str):
        raise VocabularyError(f"a column is needed here, given as its name in quotes, e.g. "
                              f"{_example_column(frame)!r}; got {_brief(column)}")
    if column in frame.columns:
        return frame[column]
    columns = [str(c) for c in frame.columns]
    if column in TABLES_BY_NAME:
        raise VocabularyError(f"{column!r} is a table, not a column of {name}; a column is needed here, "
                              f"one of: {', '.join(columns)}")
    raise VocabularyError(f"there is no column {column!r} in {name}; its columns are: {', '.join(columns)}"
                          f"{_closest(column, columns)}")


def number_column(name: str, frame: pd.DataFrame, column: Any) -> pd.Series:
    """Return a column of numbers (True/False counts as 1/0), or say which columns hold numbers."""
    values = resolve_column(name, frame, column)
    if pd.api.types.is_bool_dtype(values):
        return values.astype(float)
    if pd.api.types.is_numeric_dtype(values):
        return values
    numbers = [str(c) for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c])]
    raise VocabularyError(f"{column!r} in {name} holds {_kind(values)}, not numbers; a number column is needed "
                          f"here, one of: {', '.join(numbers) or 'none in this table'}")


def _kind(values: pd.Series) -> str:
    return "dates" if pd.api.types.is_datetime64_any_dtype(values) else "text"


def _example_column(frame: pd.DataFrame) -> str:
    return str(frame.columns[-1]) if len(frame.columns) else "visitors"


def date_column(name: str, frame: pd.DataFrame) -> pd.Series:
    """The table's main date column (DATE_COLUMNS), or its first date column when it is a kept table."""
    column = DATE_COLUMNS.get(name)
    if column is None or column not in frame.columns:
        dated = [c for c in frame.columns if pd.api.types.is_datetime64_any_dtype(frame[c])]
        if not dated:
            dated_tables = ", ".join(DATE_COLUMNS)
            raise VocabularyError(f"{name} has no dates, so it cannot be kept by date; the tables with dates "
                                  f"are: {dated_tables}")
        column = dated[0]
    return frame[column]


def day(value: Any) -> pd.Timestamp:
    """A day, from text like "2025-03-01", a date or a Timestamp (any time of day is dropped)."""
    if isinstance(value, (pd.Timestamp, datetime, date)):
        return pd.Timestamp(value).normalize()
    if isinstance(value, str):
        try:
            stamp = pd.Timestamp(value)
        except (ValueError, OverflowError):
            stamp = None
        if isinstance(stamp, pd.Timestamp) and not pd.isna(stamp) and stamp.tzinfo is None:
            return stamp.normalize()
    raise VocabularyError(f"{_brief(value)} is not a date; write a date in quotes as year-month-day, "
                          "e.g. \"2025-03-01\"")


def matches(name: str, frame: pd.DataFrame, column: Any, value: Any) -> pd.Series:
    """True for each row whose `column` equals `value` (or any of a list of values)."""
    values = resolve_column(name, frame, column)
    wanted = list(value) if isinstance(value, (list, tuple, set, frozenset)) else [value]
    if pd.api.types.is_datetime64_any_dtype(values):
        return values.dt.normalize().isin([day(v) for v in wanted])
    _check_values(name, column, values, wanted)
    return values.isin(wanted)


def _check_values(name: str, column: str, values: pd.Series, wanted: list[Any]) -> None:
    """Refuse a value that can never match: text in a number column, or a category the schema does not allow."""
    flags = pd.api.types.is_bool_dtype(values)
    numeric = pd.api.types.is_numeric_dtype(values) and not flags
    text = pd.api.types.is_string_dtype(values) or values.dtype == object
    for item in wanted:
        if numeric and isinstance(item, str):
            raise VocabularyError(f"{column!r} in {name} holds numbers, so {item!r} (text) never matches; "
                                  "give a number without quotes")
        if flags and not isinstance(item, (bool, np.bool_)):
            raise VocabularyError(f"{column!r} in {name} is True or False, so {item!r} never matches; "
                                  "write True or False, with a capital letter and no quotes")
        if text and not isinstance(item, str):
            raise VocabularyError(f"{column!r} in {name} holds text, so {item!r} never matches; "
                                  f"put the value in quotes, e.g. \"{item}\"")
    schema = TABLES_BY_NAME.get(name)
    allowed = next((c.allowed for c in schema.columns if c.name == column), ()) if schema else ()
    for item in wanted:
        if allowed and item not in allowed:
            raise VocabularyError(f"{column!r} in {name} is never {item!r}; its values are: {', '.join(allowed)}"
                                  f"{_closest(str(item), list(allowed))}")


def date_values(name: str, frame: pd.DataFrame, column: Any) -> pd.Series:
    """Return a column of dates or date-times, or say which columns hold dates."""
    values = resolve_column(name, frame, column)
    if pd.api.types.is_datetime64_any_dtype(values):
        return values
    dated = [str(c) for c in frame.columns if pd.api.types.is_datetime64_any_dtype(frame[c])]
    raise VocabularyError(f"{column!r} in {name} does not hold dates; a date column is needed here, one of: "
                          f"{', '.join(dated) or 'none in this table'}")


def per_table(value: Any, helper: str) -> pd.Series:
    """A per-table (from data.per), or a message saying how to make one."""
    if isinstance(value, pd.Series):
        return value
    raise VocabularyError(f"data.{helper} needs a per-table from data.per, e.g. data.{helper}(data.per("
                          f"\"transactions\", \"net_value\", by=\"staff_id\")); got {_brief(value)}")


def schema_of(name: str) -> Table | None:
    """The schema of a store table, or None for a table that is not one of the store's."""
    return TABLES_BY_NAME.get(name)


def _brief(value: Any) -> str:
    if isinstance(value, pd.DataFrame):
        return f"a table of {len(value)} rows"
    if isinstance(value, pd.Series):
        return f"a column of {len(value)} values"
    text = repr(value)
    return text if len(text) <= 40 else f"{text[:37]}..."
