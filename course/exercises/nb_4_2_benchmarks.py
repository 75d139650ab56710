"""Exercises of 4.2 (benchmarks and competitors): our conversion gap to the chain, our footfall since
the competitor opened against the same weeks last year, the price gap to the local competitor, and the
annotated findings table, with the figures behind them. The benchmark file is read as in 4.1
(nb_4_1_figures.py).
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from course.exercises.misconceptions import MISCONCEPTIONS
from course.exercises.nb_4_1_figures import YEAR, growth, last_year, rows_of, this_year
from course.exercises.registry import Exercise, Problem, register
from course.exercises.registry import Misconception as M
from course.exercises.structured import as_table, blank, find_column
from course.store import StoreData

NOTEBOOK = "4-data-analysis/4.2-benchmarks-and-competitors.ipynb"


# --- Benchmarking against the chain -------------------------------------------------------------

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


# --- The competitor: its opening and its prices ---------------------------------------------------

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


# --- The findings table -------------------------------------------------------------------------

TOOL_FAMILIES: dict[str, tuple[str, ...]] = {
    "trend analysis": ("trend", "moving average", "year-on-year", "year on year", "yoy", "like-for-like",
                       "like for like", "lfl", "season"),
    "benchmarking": ("benchmark",),
    "competitor analysis": ("competitor", "price check", "price comparison", "price gap"),
}
SERVICE_WORDS = ("customer", "service", "queue", "wait", "staff", "colleague", "greet", "help", "advice",
                 "experience", "satisf", "complaint", "loyal", "served", "shopper", "visitor")
FINDING_COLUMNS = {"finding": ("finding",), "evidence": ("evidence", "figure"),
                   "tool": ("tool", "method", "technique"), "impact": ("impact", "service impact")}


def review_findings(_data: Any, answer: Any) -> list[Problem]:
    """Return what a findings table lacks: figures as evidence, two tools, a service impact on every row."""
    table = as_table(answer)
    found = {need: find_column(table, words) for need, words in FINDING_COLUMNS.items()}
    missing = [need for need, column in found.items() if column is None]
    if missing:
        return [Problem(f"Add the column(s) {', '.join(repr(m) for m in missing)}: the table needs "
                        "finding, evidence, tool and impact.")]
    problems = [Problem(f"Every row needs a {need}.") for need, column in found.items() if blank(table[column]).any()]
    if len(table) < 3:
        problems.append(Problem("Record at least three findings."))
    for row, text in enumerate(table[found["evidence"]].astype(str), start=1):
        if not re.search(r"\d", text):
            problems.append(Problem(f"Row {row}: give the figure that shows it (e.g. '−4.1% year on year').",
                                    "finding-without-evidence"))
    tools = " ".join(table[found["tool"]].astype(str)).casefold()
    if sum(any(w in tools for w in words) for words in TOOL_FAMILIES.values()) < 2:
        problems.append(Problem("Use at least two analytical tools, e.g. trend analysis and benchmarking.",
                                "one-tool-only"))
    for row, text in enumerate(table[found["impact"]].astype(str), start=1):
        if len(text.split()) < 6 or not any(w in text.casefold() for w in SERVICE_WORDS):
            problems.append(Problem(f"Row {row}: say what the finding means for customer service, in a sentence.",
                                    "finding-not-linked-to-service"))
    return problems


register(
    NOTEBOOK,
    Exercise(id="trend-conversion-gap", kind="number", marking_point="003:MP2",
             title="Our conversion minus the chain's (percentage points)",
             expected=conversion_gap, unit="points", tolerance=0.01,
             covers=("000:KC2", "003:KC5"),
             hint="Transactions ÷ footfall × 100 for us and for the chain stores this year, then ours − theirs.",
             hints=(
                 "Is the gap in percentage points, and should a big store count for more than a small one?",
                 "Conversion is transactions divided by footfall, times 100, over all this year's weeks taken "
                 "together. Work it out for our store and for the other chain stores together, then take theirs from "
                 "ours.",
                 "First, for each of this year's rows in the benchmarks table, the transactions are conversion times "
                 "footfall divided by 100. Next, add up the transactions and the footfall of the own store rows, and "
                 "separately of the our chain rows. Then work out each conversion and take the chain's away from "
                 "ours."),
             misconceptions=(M("conversion-mean-of-rates", "Averaging the weekly conversion rates",
                               "Busy weeks and big stores should count for more: total the transactions "
                               "(conversion × footfall ÷ 100) and the footfall, then divide.",
                               lambda d: conversion_gap(d, pooled=False)),
                             M("gap-relative-not-points", "A relative % instead of percentage points",
                               "The gap between two rates is their difference, in percentage points.",
                               lambda d: conversion_gap(d) / pooled_conversion(rows_of(this_year(d), "our chain"))
                               * 100),
                             M("gap-wrong-way", "The chain minus ours",
                               "Take ours − the chain's, so below the chain is a negative gap.",
                               lambda d: -conversion_gap(d)),
                             M("benchmark-includes-competitor", "The competitor counted as part of our chain",
                               "Benchmark against the chain (kind 'our chain') and the competitor separately.",
                               lambda d: conversion_gap(d, with_competitor=True)))),
    Exercise(id="trend-footfall-change", kind="number", marking_point="003:MP3",
             title="Change in our footfall since the competitor opened, against the same weeks last year (%)",
             expected=footfall_change, unit="%", tolerance=0.06,
             covers=("003:MP2", "000:KC2"),
             hint="Our weekly footfall from the first week on or after the opening, against the same weeks 52 weeks "
                  "earlier.",
             hints=(
                 "Would footfall have changed anyway as the season changed, competitor or not?",
                 "Compare the weeks since the opening with the same weeks last year: this year's footfall minus last "
                 "year's, divided by last year's, times 100.",
                 "First, find the opening date in the store diary (the events table, kind competitor). Next, in the "
                 "benchmarks table, add up our own store's footfall for the weeks starting on or after that date, and"
                 " for the same weeks 52 weeks earlier. Then take last year's total from this year's, divide by last "
                 "year's and multiply by 100."),
             misconceptions=(M("season-ignored", "Comparing with the weeks just before the opening",
                               "Those weeks are a different season: compare with the same weeks last year.",
                               lambda d: footfall_change(d, "weeks just before")),
                             MISCONCEPTIONS["growth-wrong-base"].producing(
                               lambda d: footfall_change(d, "wrong base")),
                             M("totals-unequal-periods", "Totals of periods of different lengths",
                               "A few weeks against most of a year always looks like a fall: compare equal "
                               "periods, or averages per week.", lambda d: footfall_change(d, "unequal periods")))),
    Exercise(id="trend-price-gap", kind="number", marking_point="003:MP3",
             title="Average price gap to the local competitor (% of our price)",
             expected=price_gap, unit="%", tolerance=0.06, covers=("003:MP2",),
             hint="For each local price check: (their price − our shelf price) ÷ our price × 100; then the mean.",
             hints=(
                 "Which competitor opened nearby, and whose price is the starting point for the gap?",
                 "For each price check of the local store, the gap is their price minus our shelf price, divided by "
                 "our price, times 100. Then average the gaps. A negative gap means they are cheaper.",
                 "First, keep the rows of the competitor_prices table for the local store. Next, look up our price "
                 "for each product_id in the products table. Then work out each gap as a % of our price and average "
                 "all the gaps."),
             misconceptions=(M("price-gap-every-rival", "Mixing in the other rival's prices",
                               "Only the store that opened nearby: filter the competitor column first.",
                               lambda d: price_gap(d, every_rival=True)),
                             M("price-gap-pounds", "A gap in pounds, not a %",
                               "A £1 gap means more on a £5 item than on a £50 one: divide by our price.",
                               lambda d: price_gap(d, "pounds")),
                             M("price-gap-wrong-base", "Dividing by their price instead of ours",
                               "We compare their prices with ours, so our price is the base.",
                               lambda d: price_gap(d, "their base")))),
    Exercise(id="trend-findings", kind="structured", marking_point="003:MP2",
             title="An annotated findings table linked to customer service",
             review=review_findings, covers=("003:ET2", "003:ET3", "003:MP3"),
             hints=(
                 "For each figure, what would a customer notice, and what will the store do about it?",
                 "The assessor looks for at least three findings with the columns finding, evidence, tool and impact;"
                 " a figure in every evidence; at least two different tools; and an impact sentence about customers "
                 "or service in every row.",
                 "First, pick three results from this notebook and 4.1, such as your conversion against the "
                 "chain's or the price gap. Next, for each write the finding, the figure that shows it and the tool "
                 "you used: trend analysis, benchmarking or competitor analysis. Then write a sentence on what it "
                 "means for customers, and a limit if you can."),
             misconceptions=(M("finding-without-evidence", "A finding with no figure behind it",
                               "Quote the number from your analysis that shows it."),
                             M("one-tool-only", "Only one analytical tool",
                               "Use at least two, e.g. trend analysis and benchmarking."),
                             M("finding-not-linked-to-service", "A finding not linked to customer service",
                               "Say what each finding means for the service customers get."))),
)
