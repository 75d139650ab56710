"""Figures behind the 4.1 exercises (sales trends): weekly sales and the moving average, and this year
against the same weeks last year, for our store and like for like for the chain. The benchmark-file
readers here (this_year, last_year, rows_of, growth) serve 4.2's figures too (nb_4_2_benchmarks.py).

Weekly figures follow the benchmarks file: weeks run Monday to Sunday, only weeks wholly inside the
period count, and "the same week last year" is 52 weeks (364 days) earlier, so weekdays line up.
"""

from __future__ import annotations

import pandas as pd

from course import kpi
from course.store import StoreData

YEAR = pd.Timedelta(days=364)  # 52 weeks: the same weekday a year earlier
WINDOW = 4  # weeks in the moving average


# --- Weekly sales and the moving average ---------------------------------------------------------

def weekly_sales(data: StoreData, *, full_weeks_only: bool = True) -> pd.Series:
    """Return net sales (£) per Monday-to-Sunday week, indexed by the Monday; optionally full weeks only."""
    tx = data.transactions
    weekly = tx.groupby(tx["timestamp"].dt.to_period("W").dt.start_time)["net_value"].sum()
    if full_weeks_only:
        start, end = pd.Timestamp(data.start), pd.Timestamp(data.end)
        mondays = pd.DatetimeIndex(weekly.index)
        weekly = weekly[(mondays >= start) & (mondays + pd.Timedelta(days=6) <= end)]
    return weekly


def latest_moving_average(data: StoreData, *, full_weeks_only: bool = True) -> float:
    """Return the mean of the latest four weeks' sales (£)."""
    return float(weekly_sales(data, full_weeks_only=full_weeks_only).rolling(WINDOW).mean().iloc[-1])


# --- The benchmarks file: this year and the same weeks last year ---------------------------------

def this_year(data: StoreData) -> pd.DataFrame:
    """Return the benchmark rows of weeks inside the period."""
    b = data.benchmarks
    return b[b["week_start"] >= pd.Timestamp(data.start)]


def last_year(data: StoreData) -> pd.DataFrame:
    """Return the benchmark rows 52 weeks before a week of the period (the same weeks last year)."""
    b = data.benchmarks
    return b[(b["week_start"] + YEAR).isin(set(this_year(data)["week_start"]))]


def rows_of(table: pd.DataFrame, kind: str) -> pd.DataFrame:
    """Return the benchmark rows of one kind ('own store', 'our chain', ...)."""
    return table[table["kind"] == kind]


def growth(current: float, previous: float) -> float:
    """Return (current − previous) ÷ previous × 100."""
    return (current - previous) / previous * 100


def own_totals(data: StoreData) -> tuple[float, float]:
    """Return our store's sales (£) in this year's benchmark weeks and in the same weeks last year."""
    return (float(rows_of(this_year(data), "own store")["net_sales"].sum()),
            float(rows_of(last_year(data), "own store")["net_sales"].sum()))


def own_sales_growth(data: StoreData) -> float:
    """Return our store's year-on-year sales growth (%) over the benchmark weeks."""
    return kpi.year_on_year_growth(*own_totals(data))


def chain_totals(data: StoreData) -> tuple[pd.Series, pd.Series]:
    """Return each chain store's sales (£) this year and in the same weeks last year."""
    now = rows_of(this_year(data), "our chain").groupby("store")["net_sales"].sum()
    before = rows_of(last_year(data), "our chain").groupby("store")["net_sales"].sum()
    return now, before


def chain_lfl(data: StoreData) -> float:
    """Return the like-for-like sales growth (%) of the other stores in our chain."""
    return kpi.like_for_like_growth(*chain_totals(data))


def chain_total_growth(data: StoreData) -> float:
    """Return the growth (%) of the chain's total sales, new and closed stores included (a mistake)."""
    now, before = chain_totals(data)
    return growth(now.sum(), before.sum())


def chain_mean_growth(data: StoreData) -> float:
    """Return the mean of each continuing chain store's own growth (%), unweighted by its size (a mistake)."""
    now, before = chain_totals(data)
    both = before.index.intersection(now.index)
    return float(((now[both] - before[both]) / before[both] * 100).mean())
