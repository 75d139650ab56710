"""Figures and tolerances that exercises of more than one notebook use: solicited surveys, hours
worked, a promotion's units against its baseline, NPS without passives, the answer tolerances, and
`per_store` for figures worked out once per store."""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
import pandas as pd

from course.store import StoreData

PCT = 0.06     # accept a percentage rounded to one decimal place
MONEY = 0.006  # accept pounds rounded to the penny


def solicited(data: StoreData) -> pd.DataFrame:
    """Return the survey responses the store asked for (receipt and email surveys)."""
    return data.surveys[data.surveys["solicited"]]


def worked_hours(data: StoreData) -> float:
    """Return staff hours actually worked (rostered shifts that were not absences)."""
    return float(data.rota.loc[~data.rota["absent"], "hours"].sum())


def promo_units(data: StoreData, promo_id: str = "PR01") -> tuple[float, float, float]:
    """Return (actual units, baseline units, promotion days) of a promotion's product.

    The baseline is the average daily units in the 28 days before the promotion, times its days.
    """
    promo = data.promotions.set_index("promo_id").loc[promo_id]
    lines = data.transaction_lines[data.transaction_lines["product_id"] == promo["product_id"]]
    item = lines.merge(data.transactions[["transaction_id", "timestamp"]], on="transaction_id")
    day = item["timestamp"].dt.normalize()
    days = (promo["end"] - promo["start"]).days + 1
    actual = item.loc[(day >= promo["start"]) & (day <= promo["end"]), "qty"].sum()
    before = item.loc[(day >= promo["start"] - pd.Timedelta(days=28)) & (day < promo["start"]), "qty"].sum()
    return float(actual), float(before / 28 * days), float(days)


def nps_without_passives(scores: pd.Series) -> float:
    """Return the NPS a learner gets by leaving the passives (7–8) out of the total (a mistake)."""
    core = scores[(scores >= 9) | (scores <= 6)]
    return ((core >= 9).mean() - (core <= 6).mean()) * 100


def whole_label(label: Hashable) -> int:
    """Return an index label that is a whole number (a clock hour, a day of the week) as an int.

    For the label `idxmax()` gives of a series indexed by `.dt.hour` or `.dt.day_of_week`.
    """
    assert isinstance(label, (int, np.integer)), f"expected a whole-number label, got {label!r}"
    return int(label)


T = TypeVar("T")


@dataclass(frozen=True, eq=False)
class _StoreKey:
    """A StoreData as a cache key: this very object (compared with `is` and held, so never confused with a
    later store) with tables of the same lengths (a store's tables are read-only once built)."""
    data: StoreData
    lengths: tuple[int, ...]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _StoreKey) and other.data is self.data and other.lengths == self.lengths

    def __hash__(self) -> int:
        return hash((self.data.learner_id, self.data.sector, self.data.start, self.data.end, self.lengths))


def per_store(prepare: Callable[[StoreData], T]) -> Callable[[StoreData], T]:
    """Return `prepare` worked out once per store: one check asks for the same figures many times.

    The last two stores are kept (a check, and a tutor's run going from learner to learner).
    """
    cached = functools.lru_cache(maxsize=2)(lambda key: prepare(key.data))

    @functools.wraps(prepare)
    def prepared(data: StoreData) -> T:
        return cached(_StoreKey(data, tuple(len(table) for table in data.tables().values())))
    return prepared
