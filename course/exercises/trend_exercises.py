"""Data-analysis exercises (4.1): collecting data, trends, year-on-year and like-for-like, benchmarking.

Weekly figures follow the benchmarks file: weeks run Monday to Sunday, only weeks wholly inside the
period count, and "the same week last year" is 52 weeks (364 days) earlier, so weekdays line up.
The method-choice and findings-table checks live in structured_trends.py.
"""

from __future__ import annotations

import pandas as pd

from course import kpi
from course.exercises.registry import Exercise, Misconception as M, register
from course.exercises.structured_trends import review_findings, review_method_choice
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
        weekly = weekly[(weekly.index >= start) & (weekly.index + pd.Timedelta(days=6) <= end)]
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


def _rows(table: pd.DataFrame, kind: str) -> pd.DataFrame:
    return table[table["kind"] == kind]


def growth(current: float, previous: float) -> float:
    """Return (current − previous) ÷ previous × 100."""
    return (current - previous) / previous * 100


def own_totals(data: StoreData) -> tuple[float, float]:
    """Return our store's sales (£) in this year's benchmark weeks and in the same weeks last year."""
    return (float(_rows(this_year(data), "own store")["net_sales"].sum()),
            float(_rows(last_year(data), "own store")["net_sales"].sum()))


def own_sales_growth(data: StoreData) -> float:
    """Return our store's year-on-year sales growth (%) over the benchmark weeks."""
    return kpi.year_on_year_growth(*own_totals(data))


def chain_totals(data: StoreData) -> tuple[pd.Series, pd.Series]:
    """Return each chain store's sales (£) this year and in the same weeks last year."""
    now = _rows(this_year(data), "our chain").groupby("store")["net_sales"].sum()
    before = _rows(last_year(data), "our chain").groupby("store")["net_sales"].sum()
    return now, before


def chain_lfl(data: StoreData) -> float:
    """Return the like-for-like sales growth (%) of the other stores in our chain."""
    return kpi.like_for_like_growth(*chain_totals(data))


def _chain_total_growth(data: StoreData) -> float:
    now, before = chain_totals(data)
    return growth(now.sum(), before.sum())


def _chain_mean_growth(data: StoreData) -> float:
    now, before = chain_totals(data)
    both = before.index.intersection(now.index)
    return float(((now[both] - before[both]) / before[both] * 100).mean())


def pooled_conversion(rows: pd.DataFrame) -> float:
    """Return transactions ÷ footfall × 100 over all rows (transactions = conversion × footfall ÷ 100)."""
    return float((rows["conversion"] * rows["footfall"] / 100).sum() / rows["footfall"].sum() * 100)


def conversion_gap(data: StoreData, *, pooled: bool = True, with_competitor: bool = False) -> float:
    """Return our conversion minus the chain's this year, in percentage points."""
    rows = this_year(data)
    ours = _rows(rows, "own store")
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
    ours = _rows(this_year(data), "own store")
    after = ours[ours["week_start"] >= competitor_opening(data)]
    same_weeks = _rows(last_year(data), "own store")
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
    names = sorted(_rows(data.benchmarks, "competitor")["store"].unique())
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
    base = {"percent": c["our_price"], "pounds": 1.0, "their base": c["price"]}[how]
    return float((diff / base * (1 if how == "pounds" else 100)).mean())


# --- Registration ----------------------------------------------------------------------------------

def _register_all() -> None:
    for exercise in (
        Exercise("trend-method-choice", "data-analysis", "Choose and justify a data collection method", "structured",
                 "003:MP1", review=review_method_choice, covers=("003:CM1",),
                 misconceptions=(M("sales-vs-satisfaction-data", "Sales data used for a satisfaction question (or "
                                   "the other way round)", "Counts and till data show what happened; only asking "
                                   "customers shows what they think and why."),
                                 M("wrong-method-for-purpose", "A method that does not measure what the question asks",
                                   "Start from the question, then pick the method that measures exactly that."),
                                 M("method-not-justified", "A method chosen without a justification",
                                   "Say why the method fits the purpose: that is where the marks are."))),
        Exercise("trend-moving-average", "data-analysis", "The latest 4-week moving average of weekly sales (£)",
                 "number", "003:MP2", expected=latest_moving_average, unit="£", tolerance=0.5,
                 covers=("000:KC2", "003:ET2"),
                 hint="Weekly sales of full Monday-to-Sunday weeks, then the mean of the last four.",
                 misconceptions=(M("partial-week-included", "A part-week left in at the end",
                                   "A week cut short by the end of the data is not comparable: use full weeks only.",
                                   lambda d: latest_moving_average(d, full_weeks_only=False)),
                                 M("moving-total", "The 4-week total, not the average",
                                   "A moving average divides the total of the window by the number of weeks in it.",
                                   lambda d: float(weekly_sales(d).tail(WINDOW).sum())),
                                 M("whole-period-mean", "The average of every week, not the latest four",
                                   "The moving average at the end of the period uses only the last four weeks.",
                                   lambda d: float(weekly_sales(d).mean())))),
        Exercise("trend-yoy-growth", "data-analysis", "Our store's year-on-year sales growth (%)", "number", "003:MP2",
                 expected=own_sales_growth, unit="%", tolerance=0.06, covers=("000:KC2",),
                 hint="Our store's sales in this year's benchmark weeks against the same weeks last year.",
                 misconceptions=(M("growth-wrong-base", "Dividing by this year instead of last year",
                                   "Growth is measured against where you started: divide by last year's sales.",
                                   lambda d: (own_totals(d)[0] - own_totals(d)[1]) / own_totals(d)[0] * 100),
                                 M("yoy-unequal-periods", "Comparing periods of different lengths",
                                   "The till total covers every day of the period, the benchmark weeks fewer: "
                                   "compare the same weeks in both years.",
                                   lambda d: growth(d.transactions["net_value"].sum(), own_totals(d)[1])),
                                 M("ratio-not-growth", "This year as a % of last year, not the growth",
                                   "Subtract last year first: (this − last) ÷ last × 100.",
                                   lambda d: own_totals(d)[0] / own_totals(d)[1] * 100))),
        Exercise("trend-lfl-growth", "data-analysis", "Like-for-like sales growth of the other stores in our chain (%)",
                 "number", "003:MP2", expected=chain_lfl, unit="%", tolerance=0.06, covers=("000:KC2",),
                 hint="Only the chain stores with sales in both years; pooled sales, with course.kpi.like_for_like_growth.",
                 misconceptions=(M("lfl-new-store-included", "Including a store that did not trade last year",
                                   "A store that is new this year adds sales without any growth: leave it out.",
                                   _chain_total_growth),
                                 M("lfl-mean-of-store-growths", "The average of each store's growth rate",
                                   "Pool the sales: (total this year − total last year) ÷ total last year, so a "
                                   "big store counts for more than a small one.", _chain_mean_growth))),
        Exercise("trend-conversion-gap", "data-analysis", "Our conversion minus the chain's (percentage points)",
                 "number", "003:MP2", expected=conversion_gap, unit="points", tolerance=0.01,
                 covers=("000:KC2", "003:KC5"),
                 hint="Transactions ÷ footfall × 100 for us and for the chain stores this year, then ours − theirs.",
                 misconceptions=(M("conversion-mean-of-rates", "Averaging the weekly conversion rates",
                                   "Busy weeks and big stores should count for more: total the transactions "
                                   "(conversion × footfall ÷ 100) and the footfall, then divide.",
                                   lambda d: conversion_gap(d, pooled=False)),
                                 M("gap-relative-not-points", "A relative % instead of percentage points",
                                   "The gap between two rates is their difference, in percentage points.",
                                   lambda d: conversion_gap(d) / pooled_conversion(_rows(this_year(d), "our chain"))
                                   * 100),
                                 M("gap-wrong-way", "The chain minus ours",
                                   "Take ours − the chain's, so below the chain is a negative gap.",
                                   lambda d: -conversion_gap(d)),
                                 M("benchmark-includes-competitor", "The competitor counted as part of our chain",
                                   "Benchmark against the chain (kind 'our chain') and the competitor separately.",
                                   lambda d: conversion_gap(d, with_competitor=True)))),
        Exercise("trend-footfall-change", "data-analysis",
                 "Change in our footfall since the competitor opened, against the same weeks last year (%)",
                 "number", "003:MP3", expected=footfall_change, unit="%", tolerance=0.06,
                 covers=("003:MP2", "000:KC2"),
                 hint="Our weekly footfall from the first week on or after the opening, against the same weeks 52 weeks "
                      "earlier.",
                 misconceptions=(M("season-ignored", "Comparing with the weeks just before the opening",
                                   "Those weeks are a different season: compare with the same weeks last year.",
                                   lambda d: footfall_change(d, "weeks just before")),
                                 M("growth-wrong-base", "Dividing by this year instead of last year",
                                   "A change is measured against where you started: divide by last year's footfall.",
                                   lambda d: footfall_change(d, "wrong base")),
                                 M("totals-unequal-periods", "Totals of periods of different lengths",
                                   "A few weeks against most of a year always looks like a fall: compare equal "
                                   "periods, or averages per week.", lambda d: footfall_change(d, "unequal periods")))),
        Exercise("trend-price-gap", "data-analysis", "Average price gap to the local competitor (% of our price)",
                 "number", "003:MP3", expected=price_gap, unit="%", tolerance=0.06, covers=("003:MP2",),
                 hint="For each local price check: (their price − our shelf price) ÷ our price × 100; then the mean.",
                 misconceptions=(M("price-gap-every-rival", "Mixing in the other rival's prices",
                                   "Only the store that opened nearby: filter the competitor column first.",
                                   lambda d: price_gap(d, every_rival=True)),
                                 M("price-gap-pounds", "A gap in pounds, not a %",
                                   "A £1 gap means more on a £5 item than on a £50 one: divide by our price.",
                                   lambda d: price_gap(d, "pounds")),
                                 M("price-gap-wrong-base", "Dividing by their price instead of ours",
                                   "We compare their prices with ours, so our price is the base.",
                                   lambda d: price_gap(d, "their base")))),
        Exercise("trend-findings", "data-analysis", "An annotated findings table linked to customer service",
                 "structured", "003:MP2", review=review_findings, covers=("003:ET2", "003:ET3", "003:MP3"),
                 misconceptions=(M("finding-without-evidence", "A finding with no figure behind it",
                                   "Quote the number from your analysis that shows it."),
                                 M("one-tool-only", "Only one analytical tool",
                                   "Use at least two, e.g. trend analysis and benchmarking."),
                                 M("finding-not-linked-to-service", "A finding not linked to customer service",
                                   "Say what each finding means for the service customers get."))),
    ):
        register(exercise)


_register_all()
