"""Reference answers worked out independently, exactly (the 4.1 sales-trend and 4.2 benchmark exercises).

test_trend_exercises.py already checks these within each exercise's marking tolerance. Here each one is
worked out again in plain pandas from the raw tables and compared to 1e-9, for two fixed stores
(apparel and grocery), so a small slip hidden by the tolerance would show.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import pandas as pd
import pytest

from course import exercises
from course.store import StoreData
from tests.reference import REFERENCE_STORES

WEEKS_52 = pd.Timedelta(days=364)  # the same weekday a year earlier


@pytest.fixture(params=REFERENCE_STORES, ids=[sector for _, sector in REFERENCE_STORES])
def data(request: pytest.FixtureRequest, store_of: Callable[..., StoreData]) -> StoreData:
    """Each reference store, simulated once in the session (conftest's store_of)."""
    learner_id, sector = request.param
    return store_of(learner_id, sector=sector)


def in_period(d: StoreData, kind: str) -> pd.DataFrame:
    """Benchmark rows of one kind for the weeks starting inside the period."""
    b = d.benchmarks
    return b[(b["kind"] == kind) & (b["week_start"] >= pd.Timestamp(d.start))
             & (b["week_start"] <= pd.Timestamp(d.end))]


def a_year_before(d: StoreData, rows: pd.DataFrame) -> pd.DataFrame:
    """The benchmark rows of the same stores, 52 weeks before the given rows' weeks."""
    b = d.benchmarks
    earlier = rows.assign(week_start=rows["week_start"] - WEEKS_52)[["week_start", "store"]]
    return b.merge(earlier, on=["week_start", "store"])


def trend_moving_average(d: StoreData) -> float:
    tx = d.transactions
    monday = tx["timestamp"].dt.normalize() - pd.to_timedelta(tx["timestamp"].dt.day_of_week, unit="D")
    weekly = tx.groupby(monday)["net_value"].sum().sort_index()
    whole = weekly[(weekly.index >= pd.Timestamp(d.start))
                   & (weekly.index <= pd.Timestamp(d.end) - pd.Timedelta(days=6))]  # Sunday inside too
    return sum(whole.iloc[-4:]) / 4


def trend_yoy_growth(d: StoreData) -> float:
    now = in_period(d, "own store")
    return (now["net_sales"].sum() / a_year_before(d, now)["net_sales"].sum() - 1) * 100


def trend_lfl_growth(d: StoreData) -> float:
    now = in_period(d, "our chain")
    before = a_year_before(d, now)
    traded_both = set(now.loc[now["net_sales"] > 0, "store"]) & set(before.loc[before["net_sales"] > 0, "store"])
    current = now.loc[now["store"].isin(traded_both), "net_sales"].sum()
    previous = before.loc[before["store"].isin(traded_both), "net_sales"].sum()
    return (current - previous) / previous * 100


def trend_conversion_gap(d: StoreData) -> float:
    def pooled(rows: pd.DataFrame) -> float:
        transactions = (rows["conversion"] / 100 * rows["footfall"]).sum()
        return transactions / rows["footfall"].sum() * 100

    return pooled(in_period(d, "own store")) - pooled(in_period(d, "our chain"))


def trend_footfall_change(d: StoreData) -> float:
    opened = d.events.loc[d.events["kind"] == "competitor", "date"].min()
    ours = in_period(d, "own store")
    since = ours[ours["week_start"] >= opened]  # whole weeks from the first Monday on or after the opening
    return (since["footfall"].sum() / a_year_before(d, since)["footfall"].sum() - 1) * 100


def trend_price_gap(d: StoreData) -> float:
    local = d.benchmarks.loc[d.benchmarks["kind"] == "competitor", "store"].unique()
    assert len(local) == 1, local  # the local rival is the competitor in the benchmarks
    checks = d.competitor_prices[d.competitor_prices["competitor"] == local[0]]
    ours = dict(zip(d.products["product_id"], d.products["price"]))
    gaps = [(theirs - ours[pid]) / ours[pid] * 100 for pid, theirs in zip(checks["product_id"], checks["price"])]
    return sum(gaps) / len(gaps)


REFERENCE: dict[str, Callable[[StoreData], float]] = {
    "trend-moving-average": trend_moving_average, "trend-yoy-growth": trend_yoy_growth,
    "trend-lfl-growth": trend_lfl_growth, "trend-conversion-gap": trend_conversion_gap,
    "trend-footfall-change": trend_footfall_change, "trend-price-gap": trend_price_gap,
}


@pytest.mark.parametrize("exercise_id", list(REFERENCE))
def test_expected_value_matches_a_calculation_written_out_here(data: StoreData, exercise_id: str) -> None:
    exercise = exercises.get(exercise_id)
    assert exercise.expected is not None
    expected, mine = float(exercise.expected(data)), REFERENCE[exercise_id](data)
    assert math.isclose(expected, mine, rel_tol=1e-9, abs_tol=1e-9), (exercise_id, data.sector, expected, mine)
