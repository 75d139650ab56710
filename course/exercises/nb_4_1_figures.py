"""Figures behind the 4.1 exercises (trends and benchmarks): weekly sales and the moving average,
this year against the same weeks last year, the chain and the competitor.

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


# --- The benchmarks file: this year, last year, the competitor -----------------------------------

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


def pooled_conversion(rows: pd.DataFrame) -> float:
    """Return transactions ÷ footfall × 100 over all rows (transactions = conversion × footfall ÷ 100)."""
    return float((rows["conversion"] * rows["footfall"] / 100).sum() / rows["footfall"].sum() * 100)


def conversion_gap(data: StoreData, *, pooled: bool = True, with_competitor: bool = False) -> float:
    """Return our conversion minus the chain's this year, in percentage points."""
    rows = this_year(data)
    ours = rows_of(rows, "own store")
    others = rows[rows["kind"].isin(["our chain", "competitor"] if with_competitor else ["our chain"])]
    rate = pooled_conversion if pooled else (lambda r: float(r["conversion"].mean()))
    return rate(ours) - rate(others)


def competitor_opening(data: StoreData) -> pd.Timestamp:
    """Return the date of the diary's 'competitor' note (the rival's opening)."""
    notes = data.events.loc[data.events["kind"] == "competitor", "date"]
    if notes.empty:
        raise ValueError("events.csv has no 'competitor' note: add one, dated the day the competitor opened")
    return pd.Timestamp(notes.min())


def footfall_since_opening(data: StoreData) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Return our weekly rows since the opening, the same weeks last year, and this year's weeks before."""
    ours = rows_of(this_year(data), "own store")
    after = ours[ours["week_start"] >= competitor_opening(data)]
    same_weeks = rows_of(last_year(data), "own store")
    same_weeks = same_weeks[(same_weeks["week_start"] + YEAR).isin(set(after["week_start"]))]
    before = ours[ours["week_start"] < after["week_start"].min()]
    return after, same_weeks, before


def footfall_change(data: StoreData, how: str = "year on year") -> float:
    """Return the % change in our footfall since the competitor opened (`how` names a mistake)."""
    after, same_weeks, before = footfall_since_opening(data)
    now = after["footfall"].sum()
    if how == "wrong base":
        return (now - same_weeks["footfall"].sum()) / now * 100
    if how == "weeks just before":
        return growth(now, before.tail(len(after))["footfall"].sum())
    if how == "unequal periods":
        return growth(now, before["footfall"].sum())
    return growth(now, same_weeks["footfall"].sum())


def local_competitor(data: StoreData) -> str:
    """Return the competitor store named in the benchmarks (the one that opened nearby)."""
    names = sorted(rows_of(data.benchmarks, "competitor")["store"].unique())
    if not names:
        raise ValueError("benchmarks.csv has no row of kind 'competitor'")
    return names[0]


def price_checks(data: StoreData, *, every_rival: bool = False) -> pd.DataFrame:
    """Return competitor price checks with our shelf price beside each (columns price, our_price)."""
    checks = data.competitor_prices
    if not every_rival:
        checks = checks[checks["competitor"] == local_competitor(data)]
    ours = data.products.set_index("product_id")["price"].rename("our_price")
    return checks.join(ours, on="product_id")


def price_gap(data: StoreData, how: str = "percent", *, every_rival: bool = False) -> float:
    """Return the mean gap between the rival's price and ours: % of our price (or £, or % of theirs)."""
    c = price_checks(data, every_rival=every_rival)
    diff = c["price"] - c["our_price"]
    bases: dict[str, pd.Series | float] = {"percent": c["our_price"], "pounds": 1.0, "their base": c["price"]}
    base = bases[how]
    return float((diff / base * (1 if how == "pounds" else 100)).mean())
