"""The learner vocabulary: one-line helpers in retail words on the store's `data` (see docs/learner-guide.md).

    data.count("transactions")                                # how many sales
    data.total("footfall", "visitors")                        # how many people came in
    march = data.between("transactions", "2025-03-01", "2025-03-31")
    data.per(march, "net_value", by="staff_id")               # sales per staff member
    data.highest(data.per("footfall", "visitors", by="hour")) # the busiest hour

Every helper that takes a table takes its name ("footfall") or a table kept earlier. A blank ___ in
any argument gives ___ back; misuse raises VocabularyError with the fix. pandas stays as it was:
data.footfall is still a DataFrame.
"""

from __future__ import annotations

import numbers
from typing import Any

import pandas as pd

from course import kpi
from course.blank import blanks_give_blank
from course.vocabulary_checks import (
    VocabularyError,
    date_column,
    day,
    matches,
    number_column,
    per_table,
    resolve_column,
    schema_of,
)
from course.vocabulary_dates import DateHelpers
from course.vocabulary_rows import Ids, RowHelpers

__all__ = ["HOWS", "TIME_GROUPS", "Ids", "Vocabulary", "VocabularyError"]

TIME_GROUPS = ("hour", "day", "weekday", "week", "month")
HOWS = ("total", "average", "median", "count")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class Vocabulary(RowHelpers, DateHelpers):
    """The helpers, mixed into StoreData so that a learner writes data.total("footfall", "visitors").

    This class has the figures (count, total, per, highest ...) and keep/between; RowHelpers
    (course/vocabulary_rows.py) and DateHelpers (course/vocabulary_dates.py) add the rest.
    """

    def _numbers(self, table: Any, column: Any, helper: str) -> pd.Series:
        """The numbers to add up or average: a column of a table, or a per-table's figures."""
        if isinstance(table, pd.Series) and column is None:
            if not pd.api.types.is_numeric_dtype(table):
                raise VocabularyError(f"data.{helper} needs numbers; that per-table holds {table.dtype} values")
            return table
        if column is None:
            raise VocabularyError(f"data.{helper} needs a table and one of its number columns, e.g. "
                                  f"data.{helper}(\"footfall\", \"visitors\")")
        name, frame = self._table(table)
        return number_column(name, frame, column)

    @blanks_give_blank
    def count(self, table: Any) -> int:
        """How many rows a table has: data.count("transactions") is the number of sales. Also how many groups
        a per-table has, or how many ids data.ids gave."""
        if isinstance(table, (pd.Series, frozenset, set)):
            return len(table)
        return len(self._table(table)[1])

    @blanks_give_blank
    def total(self, table: Any, column: Any = None, *, times: Any = None) -> float:
        """The total of a number column: data.total("footfall", "visitors"). With times=, the total of one
        column times another, row by row: data.total(lines, "qty", times="cost") is the cost of the goods."""
        values = self._numbers(table, column, "total")
        if times is not None:
            if isinstance(table, pd.Series):
                raise VocabularyError("times= works on a table's columns, not on a per-table")
            name, frame = self._table(table)
            values = values * number_column(name, frame, times)
        return float(values.sum())

    @blanks_give_blank
    def average(self, table: Any, column: Any = None) -> float:
        """The average (mean) of a number column, leaving out empty cells: data.average("surveys", "csat")."""
        return _figure(self._numbers(table, column, "average").mean(), "average")

    @blanks_give_blank
    def median(self, table: Any, column: Any = None) -> float:
        """The middle value of a number column: data.median("transactions", "net_value")."""
        return _figure(self._numbers(table, column, "median").median(), "median")

    @blanks_give_blank
    def keep(self, table: Any, column: Any, value: Any = None, *, at_least: Any = None, at_most: Any = None,
             between: Any = None) -> pd.DataFrame:
        """Only the rows that match: data.keep("surveys", "solicited", True) or keep(..., at_least=4)."""
        name, frame = self._table(table)
        values = resolve_column(name, frame, column)
        if value is None and at_least is None and at_most is None and between is None:
            raise VocabularyError(f"say which rows of {name} to keep: a value, e.g. data.keep(\"surveys\", "
                                  "\"solicited\", True), or at_least=, at_most= or between=(low, high)")
        if between is not None:
            if not isinstance(between, (tuple, list)) or len(between) != 2:
                raise VocabularyError("between= needs two values in brackets, low then high, e.g. between=(4, 5)")
            at_least, at_most = between
        mask = pd.Series(True, index=frame.index)
        if value is not None:
            mask &= matches(name, frame, column, value)
        if at_least is not None or at_most is not None:
            mask &= _in_range(name, column, values, at_least, at_most)
        return frame.loc[mask].reset_index(drop=True)

    @blanks_give_blank
    def between(self, table: Any, first: Any, last: Any) -> pd.DataFrame:
        """The rows from the day `first` to the day `last`, both included: between("transactions", "2025-03-01",
        "2025-03-31")."""
        name, frame = self._table(table)
        start, end = day(first), day(last)
        if start > end:
            raise VocabularyError(f"the first day ({start.date()}) is after the last ({end.date()}); "
                                  "give the earlier date first")
        when = date_column(name, frame)
        return frame.loc[(when >= start) & (when < end + pd.Timedelta(days=1))].reset_index(drop=True)

    @blanks_give_blank
    def before(self, table: Any, date: Any) -> pd.DataFrame:
        """The rows on days before `date` (not the day itself): data.before("footfall", "2025-03-10")."""
        name, frame = self._table(table)
        limit = day(date)
        return frame.loc[date_column(name, frame) < limit].reset_index(drop=True)

    @blanks_give_blank
    def after(self, table: Any, date: Any) -> pd.DataFrame:
        """The rows on days after `date` (not the day itself): data.after("footfall", "2025-03-10")."""
        name, frame = self._table(table)
        limit = day(date) + pd.Timedelta(days=1)
        return frame.loc[date_column(name, frame) >= limit].reset_index(drop=True)

    @blanks_give_blank
    def per(self, table: Any, column: Any = None, *, by: Any, how: Any = "total") -> pd.Series:
        """A figure per group: data.per("footfall", "visitors", by="hour") is the visitors in each hour.

        `by` is "hour", "day", "weekday", "week" (weeks start on Monday), "month", or a column such as
        "staff_id". `how` is "total", "average", "median" or "count". Count with no column counts rows;
        count with a column counts only the rows where that column is filled. Rows whose `by` column is
        empty belong to no group and are left out.
        """
        name, frame = self._table(table)
        if how not in HOWS:
            raise VocabularyError(f"how={how!r} is not one of the ways; use how=\"total\", \"average\", "
                                  "\"median\" or \"count\"")
        groups = _groups(name, frame, by)
        if column is None:
            if how != "count":
                raise VocabularyError(f"say which column to {how} per {by}, e.g. data.per(\"footfall\", \"visitors\", "
                                      f"by=\"hour\"); or use how=\"count\" to count rows")
            result = frame.groupby(groups, observed=True, sort=True).size().rename("rows")
        elif how == "count":
            values = resolve_column(name, frame, column)
            result = values.groupby(groups, observed=True, sort=True).count().rename(f"count of {column}")
        else:
            values = number_column(name, frame, column)
            grouped = values.groupby(groups, observed=True, sort=True)
            result = getattr(grouped, {"total": "sum", "average": "mean", "median": "median"}[how])()
            result = result.rename(f"{how} {column}")
        result.index = _plain_index(result.index, by)
        return result

    @blanks_give_blank
    def highest(self, per: Any) -> Any:
        """The group with the highest figure in a per-table: data.highest(data.per("footfall", "visitors",
        by="hour")) is the busiest hour (the first one, if two are equal)."""
        figures = _figures(per, "highest")
        return _plain(figures.idxmax())

    @blanks_give_blank
    def lowest(self, per: Any) -> Any:
        """The group with the lowest figure in a per-table (the first one, if two are equal)."""
        figures = _figures(per, "lowest")
        return _plain(figures.idxmin())

    @blanks_give_blank
    def rank(self, per: Any, group: Any) -> int:
        """A group's place in a per-table, highest figure first: 1 is the top; a group level with others
        shares their place. data.rank(per_store, "Our store") - 1 is how many stores are above ours."""
        figures = _figures(per, "rank")
        if group not in figures.index:
            shown = ", ".join(map(str, figures.index[:10]))
            raise VocabularyError(f"{group!r} is not one of the groups in that per-table; they are: {shown}")
        return int((figures > figures[group]).sum()) + 1

    @blanks_give_blank
    def top(self, per: Any, n: Any = 5) -> pd.Series:
        """The n groups with the highest figures, highest first: data.top(per_staff, 3)."""
        figures = _figures(per, "top")
        if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 1:
            raise VocabularyError(f"how many to show must be a whole number, 1 or more, e.g. 3; got {n!r}")
        return figures.sort_values(ascending=False, kind="stable").head(int(n))

    @blanks_give_blank
    def share(self, table: Any, column: Any, value: Any) -> float:
        """The % of rows (0-100) whose column is `value`: data.share("surveys", "solicited", True)."""
        name, frame = self._table(table)
        if len(frame) == 0:
            raise VocabularyError(f"{name} has no rows, so there is no share to work out; check what you kept")
        return float(matches(name, frame, column, value).mean() * 100)

    @blanks_give_blank
    def change(self, old: Any, new: Any) -> float:
        """The % change from `old` to `new` (below 0 is a fall): data.change(sales_before, sales_after)."""
        for label, figure in (("old", old), ("new", new)):
            if isinstance(figure, bool) or not isinstance(figure, numbers.Real):
                raise VocabularyError(f"data.change needs two numbers, old then new, e.g. data.change(120, 150); "
                                      f"the {label} one is {figure!r}")
        if old == 0:
            raise VocabularyError("the old figure is 0, so a % change cannot be worked out (it would divide by 0)")
        try:
            return kpi.year_on_year_growth(new, old)  # the same formula: (new − old) ÷ old × 100
        except kpi.KPIError as err:
            raise VocabularyError(f"data.change works on figures of 0 or more, such as sales or visitors ({err})"
                                  ) from None

    @blanks_give_blank
    def columns(self, table: Any) -> pd.DataFrame:
        """The columns of a table with what each one holds: data.columns("footfall")."""
        name, frame = self._table(table)
        schema = schema_of(name)
        if schema is None:
            return pd.DataFrame({"column": [str(c) for c in frame.columns],
                                 "type": [str(frame[c].dtype) for c in frame.columns]})
        return pd.DataFrame([(c.name, c.kind, c.unit, c.meaning) for c in schema.columns],
                            columns=["column", "type", "unit", "meaning"])


def _figure(value: Any, what: str) -> float:
    if pd.isna(value):
        raise VocabularyError(f"there are no figures to take the {what} of (no rows, or every cell is empty); "
                              "check what you kept")
    return float(value)


def _in_range(name: str, column: str, values: pd.Series, at_least: Any, at_most: Any) -> pd.Series:
    """True for each row between the bounds (dates: whole days; numbers: as given)."""
    mask = pd.Series(True, index=values.index)
    if pd.api.types.is_datetime64_any_dtype(values):
        if at_least is not None:
            mask &= values >= day(at_least)
        if at_most is not None:
            mask &= values < day(at_most) + pd.Timedelta(days=1)
        return mask
    if not pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
        raise VocabularyError(f"{column!r} in {name} is not a number column, so at_least/at_most cannot be used; "
                              f"keep a value instead, e.g. data.keep({name!r}, {column!r}, ...)")
    for bound in (at_least, at_most):
        if bound is not None and (isinstance(bound, bool) or not isinstance(bound, numbers.Real)):
            raise VocabularyError(f"at_least, at_most and between need numbers for {column!r}; got {bound!r}")
    if at_least is not None:
        mask &= values >= at_least
    if at_most is not None:
        mask &= values <= at_most
    return mask


def _groups(name: str, frame: pd.DataFrame, by: Any) -> pd.Series:
    """The group of each row: a time period of the table's date column, or the values of a column."""
    if by not in TIME_GROUPS:
        if isinstance(by, str) and by not in frame.columns and by.rstrip("s") in TIME_GROUPS:
            raise VocabularyError(f"by={by!r}: write by={by.rstrip('s')!r} (one of {', '.join(TIME_GROUPS)})")
        if isinstance(by, str) and by not in frame.columns:
            try:
                resolve_column(name, frame, by)
            except VocabularyError as err:
                raise VocabularyError(f"{err}; or a time: {', '.join(TIME_GROUPS)}") from None
        return resolve_column(name, frame, by)
    when = date_column(name, frame)
    if by == "hour":
        return when.dt.hour.rename("hour")
    if by == "weekday":
        return pd.Series(pd.Categorical(when.dt.day_name(), categories=_WEEKDAYS, ordered=True),
                         index=frame.index, name="weekday")
    if by == "week":
        when = when.dt.normalize() - pd.to_timedelta(when.dt.day_of_week, unit="D")
    return when.dt.strftime("%Y-%m" if by == "month" else "%Y-%m-%d").rename(by)


def _plain_index(index: pd.Index, by: str) -> pd.Index:
    """Weekday names as text (not a category) so labels compare and display plainly; named after `by`."""
    if isinstance(index, pd.CategoricalIndex):
        index = pd.Index(index.astype(str), name=index.name)
    index.name = "week starting" if by == "week" else by
    return index


def _figures(per: Any, helper: str) -> pd.Series:
    figures = per_table(per, helper)
    if figures.dropna().empty:
        raise VocabularyError(f"the per-table is empty, so there is no {helper}; check what you kept")
    return figures


def _plain(label: Any) -> Any:
    """A numpy number as a plain Python one (an hour shows as 14, not np.int32(14))."""
    return label.item() if hasattr(label, "item") else label
