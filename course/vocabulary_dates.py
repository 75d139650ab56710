"""The vocabulary's date helpers: the latest and earliest date in a table, a date some days or calendar
months later, and the hours from one date-time to another (see docs/learner-guide.md).

    last = data.latest("complaints")                            # "2025-12-30": the newest complaint's day
    data.add_months(last, 1)                                    # the same day next month (or its last day)
    timed = data.with_hours("complaints", "received", "resolved")   # adds a column "hours"

Dates come back as text, year-month-day, so they print plainly and go straight into between, before ...
"""

from __future__ import annotations

import numbers
from typing import Any

import pandas as pd

from course.vocabulary_checks import TableAccess, VocabularyError, blanks_give_blank, date_column, date_values, day

__all__ = ["DATE_TEXT", "DateHelpers"]
DATE_TEXT = "%Y-%m-%d"  # how a date is written: year-month-day
HOURS = "hours"  # the column with_hours adds


class DateHelpers(TableAccess):
    """latest, earliest, add_days, add_months and with_hours: mixed into the vocabulary on `data`."""

    @blanks_give_blank
    def latest(self, table: Any, column: Any = None) -> str:
        """The day of the newest row (of the table's date column, or the date column named)."""
        return _day_text(self._dates(table, column, "latest").max())

    @blanks_give_blank
    def earliest(self, table: Any, column: Any = None) -> str:
        """The day of the oldest row (of the table's date column, or the date column named)."""
        return _day_text(self._dates(table, column, "earliest").min())

    @blanks_give_blank
    def add_days(self, date: Any, days: Any) -> str:
        """The day `days` days after `date` (before it, if negative): data.add_days("2025-03-01", 30)."""
        return _day_text(day(date) + pd.Timedelta(days=_whole(days, "days")))

    @blanks_give_blank
    def add_months(self, date: Any, months: Any) -> str:
        """The same day `months` calendar months later (or that month's last day, if it is shorter):
        data.add_months("2025-01-31", 1) is "2025-02-28"."""
        return _day_text(day(date) + pd.DateOffset(months=_whole(months, "months")))

    @blanks_give_blank
    def with_hours(self, table: Any, start: Any, end: Any) -> pd.DataFrame:
        """The table with a new column "hours": the hours from its `start` date-time to its `end` one (empty
        where either is empty): data.with_hours("complaints", "received", "resolved")."""
        name, frame = self._table(table)
        first, last = date_values(name, frame, start), date_values(name, frame, end)
        return frame.assign(**{HOURS: (last - first).dt.total_seconds() / 3600}).reset_index(drop=True)

    def _dates(self, table: Any, column: Any, helper: str) -> pd.Series:
        name, frame = self._table(table)
        values = date_column(name, frame) if column is None else date_values(name, frame, column)
        if values.dropna().empty:
            raise VocabularyError(f"{name} has no dates to take the {helper} of (no rows, or every cell is "
                                  "empty); check what you kept")
        return values


def _day_text(stamp: pd.Timestamp) -> str:
    return stamp.strftime(DATE_TEXT)


def _whole(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise VocabularyError(f"how many {what} must be a whole number, e.g. 1 or 30; got {value!r}")
    return int(value)
