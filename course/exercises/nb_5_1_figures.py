"""Figures behind the 5.1 and 5.2 exercises (selling, promotions): `prepare(data)` gives them for one store.

The evaluation of promotion PR01 follows kpi-promo-lift: the baseline is the average daily units in
the 28 days just before the promotion, times the promotion's days. Its neighbour
(products.neighbour_id) is measured the same way, so cannibalisation is comparable. The baskets give
the cross-selling pair (attach rate) and the category's penetration during the promotion.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from course import kpi
from course.exercises.helpers import per_store
from course.store import StoreData

PROMO_ID = "PR01"
BASELINE_DAYS = 28  # four whole weeks: every day of the week counted four times


@dataclass(frozen=True)
class Window:
    """The promotion's product, first and last day (inclusive) and length in days."""
    product_id: str
    start: pd.Timestamp
    end: pd.Timestamp
    days: int


@dataclass(frozen=True)
class Figures:
    """One product's units during the promotion and its baseline from the 28 days before."""
    actual: float
    before_total: float    # units in the 28 days before the promotion
    period_daily: float    # average daily units over the whole period (promotion included)
    days: int

    @property
    def baseline_daily(self) -> float:
        return self.before_total / BASELINE_DAYS

    @property
    def baseline(self) -> float:
        return self.baseline_daily * self.days


@dataclass(frozen=True)
class PairCounts:
    """Baskets of the cross-selling pair: with the anchor, with both, with the add-on, and all baskets."""
    anchor: int
    both: int
    addon_lines_with_anchor: int  # add-on lines in baskets with the anchor (a basket may hold two)
    addon: int
    all: int


@dataclass(frozen=True)
class CategoryCounts:
    """Baskets and lines holding the promoted product's category, in the promotion or the whole period."""
    baskets: int
    with_category: int
    category_lines: int
    lines: int

    @property
    def penetration(self) -> float:
        return kpi.basket_penetration(self.with_category, self.baskets)


def promo_window(data: StoreData, promo_id: str = PROMO_ID) -> Window:
    """Return the promotion's product and dates, or raise a clear error if it is not in promotions."""
    table = data.promotions.set_index("promo_id")
    if promo_id not in table.index:
        raise ValueError(f"promotions.csv has no promotion {promo_id!r}; the evaluation needs it")
    start = pd.Timestamp(table["start"].loc[promo_id]).normalize()
    end = pd.Timestamp(table["end"].loc[promo_id]).normalize()
    return Window(str(table["product_id"].loc[promo_id]), start, end, (end - start).days + 1)


def neighbour_of(data: StoreData, product_id: str) -> str:
    """Return the product's closest substitute (products.neighbour_id), or raise a clear error."""
    neighbour = data.products.set_index("product_id")["neighbour_id"].loc[product_id]
    if pd.isna(neighbour) or not str(neighbour).strip():
        raise ValueError(f"products.csv gives no neighbour_id for {product_id}; add its closest substitute")
    return str(neighbour)


def daily_units(data: StoreData, product_id: str) -> pd.Series:
    """Return units sold of one product on every calendar day of the period (0 on days with none)."""
    lines = data.transaction_lines[data.transaction_lines["product_id"] == product_id]
    sale_day = data.transactions.set_index("transaction_id")["timestamp"].dt.normalize()
    units = lines["qty"].groupby(lines["transaction_id"].map(sale_day)).sum()
    return units.reindex(pd.date_range(data.start, data.end, freq="D"), fill_value=0).astype(float)


def figures(data: StoreData, product_id: str, window: Window) -> Figures:
    """Return a product's actual units in the promotion window and its baseline figures."""
    units = daily_units(data, product_id)
    before = units.loc[window.start - pd.Timedelta(days=BASELINE_DAYS):window.start - pd.Timedelta(days=1)]
    return Figures(actual=float(units.loc[window.start:window.end].sum()), before_total=float(before.sum()),
                   period_daily=float(units.mean()), days=window.days)


def _category(data: StoreData) -> pd.Series:
    return data.transaction_lines["product_id"].map(data.products.set_index("product_id")["category"])


def _find_pair(data: StoreData, anchor: str) -> tuple[str, str]:
    """The anchor, and the product outside its category in the most baskets (ties: the lower id)."""
    lines, category = data.transaction_lines, _category(data)
    own = data.products.set_index("product_id").loc[anchor, "category"]
    baskets = lines[category != own].groupby("product_id")["transaction_id"].nunique()
    return anchor, str(baskets.sort_index().idxmax())


def _count_pair(data: StoreData, anchor: str, addon: str) -> PairCounts:
    lines = data.transaction_lines
    with_anchor = set(lines.loc[lines["product_id"] == anchor, "transaction_id"])
    addon_lines = lines[(lines["product_id"] == addon)]
    in_anchor = addon_lines["transaction_id"].isin(with_anchor)
    return PairCounts(anchor=len(with_anchor), both=addon_lines.loc[in_anchor, "transaction_id"].nunique(),
                      addon_lines_with_anchor=int(in_anchor.sum()), addon=addon_lines["transaction_id"].nunique(),
                      all=len(data.transactions))


def _count_category(data: StoreData, window: Window, whole_period: bool) -> CategoryCounts:
    own = data.products.set_index("product_id").loc[window.product_id, "category"]
    tx = data.transactions
    day = tx["timestamp"].dt.normalize()
    sales = tx["transaction_id"] if whole_period else tx.loc[day.between(window.start, window.end), "transaction_id"]
    lines = data.transaction_lines
    in_window = lines["transaction_id"].isin(sales)
    of_category = in_window & (_category(data) == own)
    return CategoryCounts(baskets=len(sales), with_category=lines.loc[of_category, "transaction_id"].nunique(),
                          category_lines=int(of_category.sum()), lines=int(in_window.sum()))


@dataclass(frozen=True, eq=False)
class Promotion:
    """Everything the 5.1 and 5.2 exercises derive from one store, each figure worked out when first asked for."""
    data: StoreData

    @cached_property
    def window(self) -> Window:
        return promo_window(self.data)

    @cached_property
    def promoted(self) -> Figures:
        return figures(self.data, self.window.product_id, self.window)

    @cached_property
    def neighbour(self) -> Figures:
        return figures(self.data, neighbour_of(self.data, self.window.product_id), self.window)

    @cached_property
    def pair(self) -> tuple[str, str]:
        """(anchor, add-on): see cross_sell_pair."""
        return _find_pair(self.data, self.window.product_id)

    @cached_property
    def pair_counts(self) -> PairCounts:
        return _count_pair(self.data, *self.pair)

    @cached_property
    def in_promotion(self) -> CategoryCounts:
        """The category's baskets and lines on the promotion's days."""
        return _count_category(self.data, self.window, whole_period=False)

    @cached_property
    def whole_period(self) -> CategoryCounts:
        """The same over the whole period (a mistake for penetration)."""
        return _count_category(self.data, self.window, whole_period=True)


@per_store
def prepare(data: StoreData) -> Promotion:
    """Return this store's promotion figures; the same object for the same store (helpers.per_store)."""
    return Promotion(data)


def promoted(data: StoreData) -> Figures:
    """Return the figures of the promoted product."""
    return prepare(data).promoted


def neighbour(data: StoreData) -> Figures:
    """Return the figures of the promoted product's neighbour over the same days."""
    return prepare(data).neighbour


def cross_sell_pair(data: StoreData) -> tuple[str, str]:
    """Return (anchor, add-on): the promoted product, and the product outside its category that is
    in the most baskets over the whole period (ties: the lower product id)."""
    return prepare(data).pair


def incremental(f: Figures) -> float:
    """Return the units sold above the baseline."""
    return kpi.promotion_uplift(f.actual, f.baseline).incremental


def lost(f: Figures) -> float:
    """Units the neighbour lost: its baseline minus what it actually sold (positive = a loss)."""
    return f.baseline - f.actual
