"""KPI formulas for the course workbook, following the KPI table in domain-facts.md exactly.

Pure functions with the course conventions built in (CSAT is the % of 4s and 5s, not the mean;
promotion lift is ÷ baseline, not ÷ actual). Inputs may be numbers, lists, tuples, numpy arrays
or pandas Series, so they work on any retailer's export. Score and flag arguments take one value
per response, contact or customer. Count and money arguments take a number or a column, and a
column is summed (daily figures become a period total); money and units columns may have
negative rows (refunds, returns) but not a negative total.

Rates are float percentages 0–100, NPS a float from -100 to 100, money in £. Bad input raises
`KPIError` (a `ValueError`) saying what was wrong and how to fix it; nothing returns NaN or inf.
A blank `___` of a code skeleton in any argument (or inside a list) gives `___` back, before any check:
`csat(___)` and `atv(___, 120)` are `___` (course/blank.py).
"""

from __future__ import annotations

import math
import numbers
import reprlib
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal, ParamSpec, TypeAlias, TypeVar, cast

import numpy as np
import pandas as pd

from course.blank import blanks_give_blank

__all__ = [
    "KPIError", "Uplift", "nps", "csat", "ces", "fcr", "conversion_rate", "atv", "upt",
    "retention_rate", "churn_rate", "repeat_customer_rate", "clv", "sales_per_labour_hour",
    "like_for_like_growth", "gross_margin", "markup", "promotion_uplift", "basket_penetration",
    "complaint_rate", "pipeline_velocity", "attach_rate", "year_on_year_growth", "margin_of_error",
]

Number: TypeAlias = int | float | np.number | Decimal
Column: TypeAlias = Iterable[Any]  # a list, tuple, numpy array or pandas Series
NumberOrColumn: TypeAlias = Number | Column
Where = Callable[[int], str]  # row position -> " at index 'S01'", for messages
Kind = Literal["count", "net", "amount"]  # count: whole, >= 0; net: rows may be < 0; amount: >= 0
P = ParamSpec("P")
R = TypeVar("R")


class KPIError(ValueError):
    """Bad input to a KPI function; the message says what was wrong and how to fix it."""


@dataclass(frozen=True, slots=True)
class Uplift:
    """Promotion uplift: `incremental` = actual − baseline (inputs' unit) and `lift_pct` (%)."""

    incremental: float
    lift_pct: float


def _kpi(function: Callable[P, R]) -> Callable[P, R]:
    """Wrap a public KPI in blanks_give_blank, keeping its return type for type-checked callers: they pass
    numbers and columns, so only a learner's skeleton cell (not type-checked) ever gets the blank back."""
    return cast("Callable[P, R]", blanks_give_blank(function))


# --- Validation: the one place where inputs are checked and converted to floats ------------------

def _brief(value: Any) -> str:
    value = _unwrap(value)
    if isinstance(value, (pd.Series, pd.DataFrame, np.ndarray, list, tuple)):
        return f"a {type(value).__name__} of {len(value)} values"
    return " ".join(reprlib.repr(value).split())


def _unwrap(value: Any) -> Any:
    """A numpy scalar or 0-d array as the plain Python value it holds; anything else as it is."""
    if isinstance(value, np.generic) or (isinstance(value, np.ndarray) and value.ndim == 0):
        return value.item()
    return value


def _is_missing(value: Any) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (
        isinstance(value, (float, np.floating)) and math.isnan(value)) or (
        isinstance(value, Decimal) and value.is_nan())


def _is_column(value: Any) -> bool:
    if isinstance(value, (str, bytes, Mapping)):
        return False
    return value.ndim > 0 if isinstance(value, np.ndarray) else isinstance(value, Iterable)


def _to_float(value: Any, name: str, at: str, flags: bool = False) -> float:
    """One value as a float (NaN when missing); refuses text, True/False and other non-numbers."""
    value = _unwrap(value)
    if _is_missing(value):
        return math.nan
    if isinstance(value, (bool, np.bool_)):
        if flags:
            return float(value)
        raise KPIError(f"{name}{at} is {value}, a True/False value, not a number; pass numbers")
    if flags and not isinstance(value, numbers.Integral):
        raise KPIError(f"{name}{at} is {_brief(value)}; pass True/False (or 1/0), one per contact")
    if isinstance(value, (numbers.Real, Decimal)) and not isinstance(value, np.timedelta64):
        try:
            return float(value)
        except (OverflowError, ValueError):
            raise KPIError(f"{name}{at} is {_brief(value)}, too large to calculate with") from None
    raise KPIError(f"{name}{at} is {_brief(value)} ({type(value).__name__}), not a number; "
                   "convert the column to numbers first, e.g. pd.to_numeric(df[column])")


def _column(values: Any, name: str, flags: bool = False) -> tuple[np.ndarray, Where]:
    """A non-empty column as floats, nothing missing or infinite, and a function naming a row."""
    if isinstance(values, pd.DataFrame):
        raise KPIError(f"{name} is a whole table; pass one column, e.g. df['{name}']")
    if not _is_column(values):
        raise KPIError(f"{name} must be a list, numpy array or pandas Series; got {_brief(values)}")
    raw = values.to_numpy() if isinstance(values, (pd.Series, pd.Index)) else (
        values if isinstance(values, np.ndarray) else np.fromiter(values, dtype=object))
    if raw.ndim != 1:
        raise KPIError(f"{name} must be one column of values; got an array of shape {raw.shape}")
    series = isinstance(values, pd.Series)
    labels, word = (values.index, "index") if series else (range(raw.size), "position")

    def where(i: int) -> str:
        return f" at {word} {labels[i]!r}"

    kind = raw.dtype.kind
    if kind in "iu" or (kind == "f" and not flags) or (kind == "b" and flags):
        arr = raw.astype(float)
    else:
        arr = np.array([_to_float(v, name, where(i), flags) for i, v in enumerate(raw)], float)
    if arr.size == 0:
        raise KPIError(f"{name} is empty; at least one value is needed")
    for bad, problem, fix in ((np.isnan(arr), "missing value(s) (NaN or None)",
                               "drop or fill them first, e.g. with .dropna()"),
                              (np.isinf(arr), "infinite value(s)", "check how it was calculated")):
        if bad.any():
            first = where(int(np.flatnonzero(bad)[0]))
            raise KPIError(f"{name} has {int(bad.sum())} {problem}, the first{first}; {fix}")
    return arr, where


def _check(arr: np.ndarray, name: str, where: Where, allowed: str, *, whole: bool = False,
           low: float | None = None, high: float | None = None, fix: str = "") -> None:
    """Refuse values that are not whole (when `whole`) or are outside low..high."""
    bad = (arr != np.floor(arr)) if whole else np.zeros(arr.shape, dtype=bool)
    bad |= (arr < low) if low is not None else False
    bad |= (arr > high) if high is not None else False
    if bad.any():
        first = int(np.flatnonzero(bad)[0])
        more = f" ({int(bad.sum())} values are wrong)" if bad.sum() > 1 else ""
        raise KPIError(f"{name}{where(first)} is {float(arr[first]):g}, but it must be "
                       f"{allowed}{more}.{' ' + fix if fix else ''}")


def _number(value: Any, name: str, allowed: str = "0 or more", *, whole: bool = False,
            low: float = 0.0) -> float:
    """One finite number, at least `low`."""
    value = _unwrap(value)
    if _is_column(value) or isinstance(value, Mapping):
        raise KPIError(f"{name} must be a single number; got {_brief(value)}")
    x = _to_float(value, name, "")
    if not math.isfinite(x):
        problem = "missing (NaN or None)" if math.isnan(x) else "infinite"
        raise KPIError(f"{name} is {problem}; pass a number")
    _check(np.array([x]), name, lambda i: "", allowed, whole=whole, low=low)
    return x


def _total(value: Any, name: str, kind: Kind) -> float:
    """A number, or the sum of a column, checked as `kind` says."""
    allowed = "a whole number, 0 or more (it is a count)" if kind == "count" else "0 or more"
    if not _is_column(value):
        return _number(value, name, allowed, whole=kind == "count")
    arr, where = _column(value, name)
    if kind != "net":
        _check(arr, name, where, allowed, whole=kind == "count", low=0)
    total = _finite(sum(arr.tolist()), f"the total of {name}")
    if total < 0:
        raise KPIError(f"the total of {name} is {total:g}, but it must be 0 or more; check the "
                       "sign of refunds and returns")
    return total


def _pair(a: Any, a_name: str, a_kind: Kind, b: Any, b_name: str, b_kind: Kind,
          kpi: str | None) -> tuple[float, float]:
    """Totals of `a` and `b` (b not 0 unless kpi is None); two columns must match in length."""
    a_total, b_total = _total(a, a_name, a_kind), _total(b, b_name, b_kind)
    if _is_column(a) and _is_column(b) and hasattr(a, "__len__") and hasattr(b, "__len__") and len(a) != len(b):
        raise KPIError(f"{a_name} has {len(a)} values but {b_name} has {len(b)}; pass "
                       "columns from the same rows, or pass the two totals as numbers")
    if kpi is not None:
        _nonzero(b_total, b_name, kpi)
    return a_total, b_total


def _nonzero(x: float, name: str, kpi: str) -> None:
    if x == 0:
        raise KPIError(f"{name} is 0, so the {kpi} cannot be calculated (it would divide by "
                       f"zero); check that {name} covers the right stores and period")


def _not_more(part: float, part_name: str, whole: float, whole_name: str, why: str) -> None:
    if part > whole:
        raise KPIError(f"{part_name} ({part:g}) is more than {whole_name} ({whole:g}); {why}")


def _finite(x: float, what: str) -> float:
    if not math.isfinite(x):
        raise KPIError(f"{what} is too large to calculate with; check the units of the inputs")
    return float(x)


def _ratio(part: Number, whole: Number, scale: float = 100.0) -> float:
    """part ÷ whole × scale, divided first so that a share of at most 1 never passes 100."""
    return _finite(float(part) / float(whole) * scale, "the result")


def _scores(values: Any, name: str, low: int, high: int, scale: str) -> np.ndarray:
    arr, where = _column(values, name)
    _check(arr, name, where, f"a whole number from {low} to {high} ({scale})", whole=True,
           low=low, high=high)
    return arr


# --- Customer experience and service -------------------------------------------------------------

@_kpi
def nps(scores: Column) -> float:
    """Net Promoter Score, -100..100 (not a %): % promoters (9–10) − % detractors (0–6)."""
    s = _scores(scores, "scores", 0, 10, "the 0–10 'how likely to recommend' scale")
    return _ratio(np.count_nonzero(s >= 9) - np.count_nonzero(s <= 6), s.size)


@_kpi
def csat(scores: Column) -> float:
    """CSAT, % 0–100: responses of 4 or 5 on a 1–5 scale ÷ all responses × 100 (not the mean)."""
    s = _scores(scores, "scores", 1, 5, "the 1–5 satisfaction scale")
    return _ratio(np.count_nonzero(s >= 4), s.size)


@_kpi
def ces(scores: Column, *, scale: int = 7) -> float:
    """Customer Effort Score, points on a 1–`scale` scale (higher is better): mean score."""
    top = int(_number(scale, "scale", "a whole number, 2 or more", whole=True, low=2))
    s = _scores(scores, "scores", 1, top, f"the 1–{top} agreement scale")
    return _finite(float(np.mean(s)), "the mean score")


@_kpi
def fcr(resolved_at_first_contact: Column) -> float:
    """First contact resolution, % 0–100: resolved at first contact ÷ all contacts × 100."""
    name = "resolved_at_first_contact"
    flags, where = _column(resolved_at_first_contact, name, flags=True)
    _check(flags, name, where, "True/False (or 1/0)", low=0, high=1)
    return _ratio(np.count_nonzero(flags), flags.size)


@_kpi
def complaint_rate(complaints: NumberOrColumn, transactions: NumberOrColumn) -> float:
    """Complaint rate, complaints per 1,000 transactions: complaints ÷ transactions × 1,000."""
    c, t = _pair(complaints, "complaints", "count", transactions, "transactions", "count", "rate")
    return _ratio(c, t, 1000.0)


# --- Sales ---------------------------------------------------------------------------------------

@_kpi
def conversion_rate(transactions: NumberOrColumn, footfall: NumberOrColumn) -> float:
    """Conversion rate, % 0–100: transactions ÷ footfall (visitors in) × 100; columns summed."""
    t, f = _pair(transactions, "transactions", "count", footfall, "footfall", "count", "rate")
    _not_more(t, "transactions", f, "footfall", "conversion is transactions ÷ visitors: check "
              "that footfall counts visitors (not sales or items) for the same days and stores")
    return _ratio(t, f)


@_kpi
def atv(net_sales: NumberOrColumn, transactions: NumberOrColumn) -> float:
    """Average transaction value, £ per transaction: net sales ÷ transactions."""
    s, t = _pair(net_sales, "net_sales", "net", transactions, "transactions", "count", "ATV")
    return _ratio(s, t, 1.0)


@_kpi
def upt(units: NumberOrColumn, transactions: NumberOrColumn) -> float:
    """Units per transaction, units: units sold ÷ transactions."""
    u, t = _pair(units, "units", "net", transactions, "transactions", "count", "UPT")
    return _ratio(u, t, 1.0)


@_kpi
def sales_per_labour_hour(net_sales: NumberOrColumn, hours: NumberOrColumn) -> float:
    """Sales per labour hour, £ per hour: net sales ÷ staff hours worked."""
    s, h = _pair(net_sales, "net_sales", "net", hours, "hours", "amount", "sales per hour")
    return _ratio(s, h, 1.0)


@_kpi
def basket_penetration(baskets_with_item: NumberOrColumn, all_baskets: NumberOrColumn) -> float:
    """Basket penetration, % 0–100: baskets containing the item ÷ all baskets × 100."""
    w, n = _pair(baskets_with_item, "baskets_with_item", "count", all_baskets, "all_baskets",
                 "count", "basket penetration")
    _not_more(w, "baskets_with_item", n, "all_baskets", "the baskets with the item are part of "
              "all baskets; check the two are not swapped")
    return _ratio(w, n)


@_kpi
def attach_rate(baskets_with_both: NumberOrColumn, baskets_with_anchor: NumberOrColumn) -> float:
    """Attach rate, % 0–100: baskets with the anchor item that also hold the add-on ÷ baskets with the anchor × 100."""
    both, anchor = _pair(baskets_with_both, "baskets_with_both", "count", baskets_with_anchor,
                         "baskets_with_anchor", "count", "attach rate")
    _not_more(both, "baskets_with_both", anchor, "baskets_with_anchor", "the base is baskets holding "
              "the anchor item, and baskets with both are among them; check the two are not swapped")
    return _ratio(both, anchor)


@_kpi
def year_on_year_growth(current: NumberOrColumn, previous: NumberOrColumn) -> float:
    """Year-on-year growth, %: (this period − the same period last year) ÷ last year × 100 (< 0: a fall)."""
    c, p = _pair(current, "current", "amount", previous, "previous", "amount", "year-on-year growth")
    return _ratio(c - p, p)


@_kpi
def pipeline_velocity(opportunities: NumberOrColumn, avg_deal_value: Number, win_rate: Number,
                      cycle_days: Number) -> float:
    """Pipeline velocity, £ per day: opportunities × average deal value × win rate ÷ cycle days.

    `win_rate` is a fraction from 0 to 1 (20% is 0.20), not a percentage.
    """
    n = _total(opportunities, "opportunities", "count")
    value = _number(avg_deal_value, "avg_deal_value")
    rate = _number(win_rate, "win_rate", "a fraction from 0 to 1")
    if rate > 1:
        raise KPIError(f"win_rate is {rate:g}, but it must be a fraction from 0 to 1. "
                       "Did you pass a percentage? Pass 20% as 0.20.")
    days = _number(cycle_days, "cycle_days")
    _nonzero(days, "cycle_days", "pipeline velocity")
    return _finite(n * value * rate / days, "the pipeline velocity")


# --- Customers -----------------------------------------------------------------------------------

@_kpi
def retention_rate(start: NumberOrColumn, end: NumberOrColumn, new: NumberOrColumn) -> float:
    """Retention rate, % 0–100: (E − N) ÷ S × 100 (customers at start S, at end E, new N)."""
    s, e, n = (_total(v, k, "count") for k, v in (("start", start), ("end", end), ("new", new)))
    _nonzero(s, "start", "retention rate")
    _not_more(n, "new", e, "end", "new customers are counted among the customers at the end; "
              "check the arguments are in the order start, end, new")
    _not_more(e - n, "end − new", s, "start", "more customers were kept than there were at the "
              "start; check that new counts every customer won during the period")
    return _ratio(e - n, s)


@_kpi
def churn_rate(lost: NumberOrColumn, start: NumberOrColumn) -> float:
    """Churn rate, % 0–100: customers lost ÷ customers at the start × 100."""
    lo, s = _pair(lost, "lost", "count", start, "start", "count", "churn rate")
    _not_more(lo, "lost", s, "start", "only customers there at the start can be lost")
    return _ratio(lo, s)


@_kpi
def repeat_customer_rate(purchases_per_customer: Column) -> float:
    """Repeat customer rate, % 0–100: customers with 2+ purchases ÷ customers with 1+ × 100.

    Pass one purchase count per customer, e.g. df.groupby("CustomerID")["InvoiceNo"].nunique().
    """
    name = "purchases_per_customer"
    counts, where = _column(purchases_per_customer, name)
    _check(counts, name, where, "a whole number, 1 or more", whole=True, low=1,
           fix="The base is customers with at least one purchase, so a customer with 0 "
               "purchases is not in it: drop them first, e.g. counts[counts > 0].")
    return _ratio(np.count_nonzero(counts >= 2), counts.size)


@_kpi
def margin_of_error(percentage: Number, respondents: Number, *, z: Number = 1.96) -> float:
    """Margin of error, ± percentage points: z × √(p × (1 − p) ÷ n) × 100 (p a fraction, n answers).

    For a percentage from a random sample; z = 1.96 gives 95% confidence. 50% from 100 answers is ±9.8 points.
    """
    p = _number(percentage, "percentage", "a percentage from 0 to 100")
    if p > 100:
        raise KPIError(f"percentage is {p:g}, but it must be from 0 to 100; pass 62% as 62")
    n = _number(respondents, "respondents", "a whole number, 1 or more", whole=True)
    _nonzero(n, "respondents", "margin of error")
    share = p / 100
    return _finite(_number(z, "z") * float(np.sqrt(share * (1 - share) / n)) * 100, "the margin of error")


@_kpi
def clv(atv: Number, purchases_per_year: Number, years: Number) -> float:
    """Simple customer lifetime value, £: average transaction value × purchases/year × years."""
    a, p, y = (_number(v, k) for k, v in
               (("atv", atv), ("purchases_per_year", purchases_per_year), ("years", years)))
    return _finite(a * p * y, "the customer lifetime value")


# --- Products, promotions and stores -------------------------------------------------------------

@_kpi
def gross_margin(price: NumberOrColumn, cost: NumberOrColumn) -> float:
    """Gross margin, % of sales (≤ 100; < 0 if sold at a loss): (price − cost) ÷ price × 100.

    Columns are totalled: pass the sales and cost-of-goods columns to get
    (Σ sales − Σ cost) ÷ Σ sales × 100, the margin on the whole, not a mean of row margins.
    """
    p, c = _pair(price, "price", "net", cost, "cost", "net", None)
    _nonzero(p, "price", "gross margin")
    return _ratio(p - c, p)


@_kpi
def markup(price: NumberOrColumn, cost: NumberOrColumn) -> float:
    """Markup, % of cost (can pass 100): (price − cost) ÷ cost × 100.

    Columns are totalled: (Σ price − Σ cost) ÷ Σ cost × 100.
    """
    p, c = _pair(price, "price", "net", cost, "cost", "net", "markup")
    return _ratio(p - c, c)


@_kpi
def promotion_uplift(actual: NumberOrColumn, baseline: NumberOrColumn) -> Uplift:
    """Promotion uplift: incremental = actual − baseline; lift % = incremental ÷ baseline × 100."""
    a, b = _pair(actual, "actual", "net", baseline, "baseline", "net", "lift %")
    return Uplift(incremental=_finite(a - b, "the incremental sales"), lift_pct=_ratio(a - b, b))


def _by_key(values: Any, name: str) -> dict[Hashable, float]:
    """Store (or period) → sales, keeping only those that traded (sales present and above 0)."""
    if not isinstance(values, (pd.Series, Mapping)):
        raise KPIError(f"{name} must say which store (or period) each figure is for: pass a "
                       f"dict or a pandas Series indexed by store; got {_brief(values)}")
    if len(values) == 0:
        raise KPIError(f"{name} is empty; pass sales for at least one store (or period)")
    series = values if isinstance(values, pd.Series) else pd.Series(dict(values), dtype=object)
    if series.index.has_duplicates:
        twice = series.index[series.index.duplicated()][0]
        raise KPIError(f"{name} lists {twice!r} more than once; total it first, e.g. "
                       f"{name}.groupby(level=0).sum()")
    series = series[series.notna()]  # no figure: the store (or period) did not trade
    if series.empty:
        return {}
    sales, where = _column(series, name)
    _check(sales, name, where, "0 or more (sales cannot be negative)", low=0)
    return {key: x for key, x in zip(series.index, sales) if x > 0}


@_kpi
def like_for_like_growth(current: Mapping[Hashable, Any] | pd.Series,
                         previous: Mapping[Hashable, Any] | pd.Series) -> float:
    """Like-for-like sales growth, %: (Σ current − Σ previous) ÷ Σ previous × 100 (< 0: a fall).

    Only stores (or periods) with sales present and above 0 in both periods are counted.
    """
    now, before = _by_key(current, "current"), _by_key(previous, "previous")
    both = [key for key in now if key in before]
    if not both:
        raise KPIError("no store (or period) has sales above 0 in both current and previous, "
                       "so there is nothing like-for-like to compare; check both use the same "
                       "labels (e.g. 'S01', not 1)")
    c = _finite(sum(now[k] for k in both), "the current total")
    p = _finite(sum(before[k] for k in both), "the previous total")
    return _ratio(c - p, p)
