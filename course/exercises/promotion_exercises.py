"""Promotion exercises (5.1): features and benefits, basket data, and evaluating a promotion.

The evaluation of promotion PR01 follows kpi-promo-lift (kpi_exercises.py): the baseline is the
average daily units in the 28 days just before the promotion, times the promotion's days. Its
neighbour (products.neighbour_id) is measured the same way, so cannibalisation is comparable.
The feature-benefit and pricing-law checks live in structured_selling.py.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any, TypeVar

import pandas as pd

from course import kpi
from course.exercises.registry import Exercise, Misconception as M, register
from course.exercises.structured_selling import review_feature_benefit, review_pricing_law
from course.store import StoreData

PROMO_ID = "PR01"
BASELINE_DAYS = 28  # four whole weeks: every day of the week counted four times
UNITS = 0.5         # accept units to the nearest whole unit
PCT = 0.06          # accept a percentage rounded to one decimal place
T = TypeVar("T")
_MEMO: dict[tuple[int, int, int, str], tuple[weakref.ref, Any]] = {}


def _memo(data: StoreData, key: str, compute: Callable[[], T]) -> T:
    """Return compute() for this store, worked out once: one check asks for the same figures many times."""
    slot = (id(data), len(data.transactions), len(data.transaction_lines), key)
    held = _MEMO.get(slot)
    if held is not None and held[0]() is data:
        return held[1]
    if len(_MEMO) > 256:
        _MEMO.clear()
    value = compute()
    _MEMO[slot] = (weakref.ref(data), value)
    return value


# --- The promotion and its neighbour, day by day -------------------------------------------------

@dataclass(frozen=True)
class Window:
    """The promotion's product, first and last day (inclusive) and length in days."""
    product_id: str
    start: pd.Timestamp
    end: pd.Timestamp
    days: int


def promo_window(data: StoreData, promo_id: str = PROMO_ID) -> Window:
    """Return the promotion's product and dates, or raise a clear error if it is not in promotions."""
    table = data.promotions.set_index("promo_id")
    if promo_id not in table.index:
        raise ValueError(f"promotions.csv has no promotion {promo_id!r}; the evaluation needs it")
    row = table.loc[promo_id]
    start, end = pd.Timestamp(row["start"]).normalize(), pd.Timestamp(row["end"]).normalize()
    return Window(str(row["product_id"]), start, end, (end - start).days + 1)


def neighbour_of(data: StoreData, product_id: str) -> str:
    """Return the product's closest substitute (products.neighbour_id), or raise a clear error."""
    neighbour = data.products.set_index("product_id").loc[product_id, "neighbour_id"]
    if pd.isna(neighbour) or not str(neighbour).strip():
        raise ValueError(f"products.csv gives no neighbour_id for {product_id}; add its closest substitute")
    return str(neighbour)


def daily_units(data: StoreData, product_id: str) -> pd.Series:
    """Return units sold of one product on every calendar day of the period (0 on days with none)."""
    lines = data.transaction_lines[data.transaction_lines["product_id"] == product_id]
    sale_day = data.transactions.set_index("transaction_id")["timestamp"].dt.normalize()
    units = lines["qty"].groupby(lines["transaction_id"].map(sale_day)).sum()
    return units.reindex(pd.date_range(data.start, data.end, freq="D"), fill_value=0).astype(float)


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


def figures(data: StoreData, product_id: str, window: Window) -> Figures:
    """Return a product's actual units in the promotion window and its baseline figures."""
    units = daily_units(data, product_id)
    before = units.loc[window.start - pd.Timedelta(days=BASELINE_DAYS):window.start - pd.Timedelta(days=1)]
    return Figures(actual=float(units.loc[window.start:window.end].sum()), before_total=float(before.sum()),
                   period_daily=float(units.mean()), days=window.days)


def promoted(data: StoreData) -> Figures:
    """Return the figures of the promoted product."""
    return _memo(data, "promoted", lambda: figures(data, promo_window(data).product_id, promo_window(data)))


def neighbour(data: StoreData) -> Figures:
    """Return the figures of the promoted product's neighbour over the same days."""
    window = promo_window(data)
    return _memo(data, "neighbour", lambda: figures(data, neighbour_of(data, window.product_id), window))


def incremental(f: Figures) -> float:
    return kpi.promotion_uplift(f.actual, f.baseline).incremental


def lost(f: Figures) -> float:
    """Units the neighbour lost: its baseline minus what it actually sold (positive = a loss)."""
    return f.baseline - f.actual


# --- Baskets: the cross-selling pair and category penetration --------------------------------------

def _category(data: StoreData) -> pd.Series:
    return data.transaction_lines["product_id"].map(data.products.set_index("product_id")["category"])


def cross_sell_pair(data: StoreData) -> tuple[str, str]:
    """Return (anchor, add-on): the promoted product, and the product outside its category that is
    in the most baskets over the whole period (ties: the lower product id)."""
    return _memo(data, "pair", lambda: _find_pair(data))


def _find_pair(data: StoreData) -> tuple[str, str]:
    anchor = promo_window(data).product_id
    lines, category = data.transaction_lines, _category(data)
    own = data.products.set_index("product_id").loc[anchor, "category"]
    baskets = lines[category != own].groupby("product_id")["transaction_id"].nunique()
    return anchor, str(baskets.sort_index().idxmax())


def _pair_counts(data: StoreData) -> dict[str, float]:
    return _memo(data, "pair_counts", lambda: _count_pair(data))


def _count_pair(data: StoreData) -> dict[str, float]:
    anchor, addon = cross_sell_pair(data)
    lines = data.transaction_lines
    with_anchor = set(lines.loc[lines["product_id"] == anchor, "transaction_id"])
    addon_lines = lines[(lines["product_id"] == addon)]
    in_anchor = addon_lines["transaction_id"].isin(with_anchor)
    return {"anchor": len(with_anchor), "both": addon_lines.loc[in_anchor, "transaction_id"].nunique(),
            "addon_lines_with_anchor": int(in_anchor.sum()), "addon": addon_lines["transaction_id"].nunique(),
            "all": len(data.transactions)}


def _category_in_promo(data: StoreData, *, whole_period: bool = False) -> dict[str, float]:
    return _memo(data, f"category:{whole_period}", lambda: _count_category(data, whole_period))


def _count_category(data: StoreData, whole_period: bool) -> dict[str, float]:
    window = promo_window(data)
    own = data.products.set_index("product_id").loc[window.product_id, "category"]
    tx = data.transactions
    day = tx["timestamp"].dt.normalize()
    sales = tx["transaction_id"] if whole_period else tx.loc[day.between(window.start, window.end), "transaction_id"]
    lines = data.transaction_lines
    in_window = lines["transaction_id"].isin(set(sales))
    of_category = in_window & (_category(data) == own)
    return {"baskets": len(sales), "with_category": lines.loc[of_category, "transaction_id"].nunique(),
            "category_lines": int(of_category.sum()), "lines": int(in_window.sum())}


def _penetration(data: StoreData, *, whole_period: bool = False) -> float:
    c = _category_in_promo(data, whole_period=whole_period)
    return kpi.basket_penetration(c["with_category"], c["baskets"])


# --- The exercises --------------------------------------------------------------------------------

def _register_all() -> None:
    p, n = promoted, neighbour
    for exercise in (
        Exercise("sell-feature-benefit", "promotion-teamwork", "Features turned into benefits for two customers",
                 "structured", "004:MP2", covers=("004:CM2", "002:ET3", "002:MP3"),
                 review=partial(review_feature_benefit, product_of=lambda d: promo_window(d).product_id),
                 misconceptions=(M("features-not-benefits", "Features listed without the benefit to the customer",
                                   "Say what each feature does for this customer: 'so you ...'."),
                                 M("not-tailored", "The same pitch for every customer",
                                   "Lead with the feature that meets what this customer told you."),
                                 M("no-product-knowledge", "A feature the product does not have",
                                   "Use the features listed for the product in data.products."))),
        Exercise("sell-baseline-daily", "promotion-teamwork", "Baseline: PR01 product's daily units before it ran",
                 "number", "004:MP2", expected=lambda d: p(d).baseline_daily, unit="units a day", tolerance=PCT,
                 covers=("004:ET1",), hint="Units in the 28 days just before the promotion ÷ 28.",
                 misconceptions=(
                     M("baseline-whole-period", "A baseline from the whole period, promotion included",
                       "The whole period includes the promotion's own extra sales and other seasons: use the "
                       "28 days just before it.", lambda d: p(d).period_daily),
                     M("baseline-promo-days", "The promotion's own daily sales",
                       "That is the actual, not the baseline: the baseline is what sold before the offer.",
                       lambda d: p(d).actual / p(d).days),
                     M("baseline-total-not-daily", "The four-week total, not a daily figure",
                       "Divide the 28 days' units by 28 to get units a day.", lambda d: p(d).before_total),
                     M("baseline-days-mismatch", "Four weeks of sales divided by the promotion's length",
                       "Divide by the number of days the units came from: 28.",
                       lambda d: p(d).before_total / p(d).days),
                 )),
        Exercise("sell-incremental-units", "promotion-teamwork", "Incremental units of PR01's product", "number",
                 "004:MP2", expected=lambda d: incremental(p(d)), unit="units", tolerance=UNITS, covers=("004:ET2",),
                 hint="Incremental = actual units in the promotion − (baseline units a day × the promotion's days).",
                 misconceptions=(
                     M("incremental-no-baseline", "The promotion's total units, with no baseline taken off",
                       "Some of those units would have sold anyway: take off the baseline.", lambda d: p(d).actual),
                     M("incremental-unscaled-baseline", "Taking off one day's baseline, not the whole promotion's",
                       "Multiply the baseline units a day by the number of days the promotion ran.",
                       lambda d: p(d).actual - p(d).baseline_daily),
                     M("incremental-window-mismatch", "Taking off four weeks of baseline from a shorter promotion",
                       "Compare like with like: scale the baseline to the promotion's days.",
                       lambda d: p(d).actual - p(d).before_total),
                     M("baseline-whole-period", "A baseline from the whole period, promotion included",
                       "Use the 28 days just before the promotion for the baseline.",
                       lambda d: p(d).actual - p(d).period_daily * p(d).days),
                 )),
        Exercise("sell-neighbour-lost", "promotion-teamwork", "Units the neighbouring product lost during PR01",
                 "number", "004:MP2", expected=lambda d: lost(n(d)), unit="units", tolerance=0.05,
                 hint="The neighbour's baseline for the promotion's days − its actual units then (1 decimal place).",
                 misconceptions=(
                     M("cannibalisation-sign", "The change (a negative number) instead of the units lost",
                       "Units lost = baseline − actual, a positive number when the neighbour sold less.",
                       lambda d: -lost(n(d))),
                     M("cannibalisation-actual-only", "The neighbour's units sold, with no baseline",
                       "Compare with what the neighbour would normally have sold in those days.",
                       lambda d: n(d).actual),
                     M("baseline-whole-period", "A baseline from the whole period, promotion included",
                       "Use the neighbour's 28 days just before the promotion.",
                       lambda d: n(d).period_daily * n(d).days - n(d).actual),
                 )),
        Exercise("sell-net-incremental", "promotion-teamwork", "Net incremental units after cannibalisation", "number",
                 "004:MP2", expected=lambda d: incremental(p(d)) - lost(n(d)), unit="units", tolerance=UNITS,
                 covers=("000:KC2",), hint="The promoted product's incremental units − the units its neighbour lost.",
                 misconceptions=(
                     M("ignore-cannibalisation", "Ignoring the neighbour's lost units",
                       "Some extra units were taken from the neighbour: subtract its loss.",
                       lambda d: incremental(p(d))),
                     M("cannibalisation-added", "Adding the neighbour's loss instead of subtracting it",
                       "The neighbour's lost units are a cost of the offer: subtract them.",
                       lambda d: incremental(p(d)) + lost(n(d))),
                 )),
        Exercise("sell-attach-rate", "promotion-teamwork", "Attach rate of the add-on to PR01's product", "number",
                 "004:MP2", expected=lambda d: kpi.attach_rate(_pair_counts(d)["both"], _pair_counts(d)["anchor"]),
                 unit="%", tolerance=0.006, covers=("000:KC1", "001:KC3"),
                 hint="Baskets holding both ÷ baskets holding the anchor product × 100, to 2 decimal places.",
                 misconceptions=(
                     M("attach-over-all-baskets", "Dividing by all baskets (that is basket penetration)",
                       "The base of an attach rate is the baskets that hold the anchor product.",
                       lambda d: _pair_counts(d)["both"] / _pair_counts(d)["all"] * 100),
                     M("attach-wrong-base", "Dividing by the add-on's baskets instead of the anchor's",
                       "Ask: of the baskets with the anchor product, what share also held the add-on?",
                       lambda d: _pair_counts(d)["both"] / _pair_counts(d)["addon"] * 100),
                     M("attach-lines-not-baskets", "Counting lines instead of baskets",
                       "A basket can hold the add-on on two lines: count each basket once (nunique).",
                       lambda d: _pair_counts(d)["addon_lines_with_anchor"] / _pair_counts(d)["anchor"] * 100),
                 )),
        Exercise("sell-basket-penetration", "promotion-teamwork", "Basket penetration of PR01's category during it",
                 "number", "004:MP2", expected=_penetration, unit="%", tolerance=PCT, covers=("000:KC1",),
                 hint="Baskets during the promotion holding the category ÷ all baskets during it × 100.",
                 misconceptions=(
                     M("penetration-lines-not-baskets", "Counting lines instead of baskets",
                       "A basket with two items from the category is still one basket: count baskets once.",
                       lambda d: _category_in_promo(d)["category_lines"] / _category_in_promo(d)["baskets"] * 100),
                     M("penetration-share-of-lines", "The category's share of all lines (its sales mix)",
                       "Penetration counts baskets: of all baskets, what share held the category?",
                       lambda d: _category_in_promo(d)["category_lines"] / _category_in_promo(d)["lines"] * 100),
                     M("penetration-whole-period", "The whole period instead of the promotion's days",
                       "Keep only the baskets sold on the promotion's days.",
                       lambda d: _penetration(d, whole_period=True)),
                 )),
        Exercise("sell-pricing-law", "promotion-teamwork", "Which law or guidance covers each scenario",
                 "structured", "002:MP4", review=review_pricing_law, covers=("000:KC5", "004:KC5", "001:KC4"),
                 misconceptions=(M("brc-code", "Naming the 'BRC Code of Practice for sales promotions'",
                                   "No such current code exists: the syllabus is out of date."),
                                 M("outdated-cprs", "Naming the 2008 unfair trading regulations",
                                   "They were replaced by the DMCC Act 2024 from 6 April 2025."),
                                 M("law-mismatch", "A real rule, but not the one written for the situation",
                                   "Match the situation: was/now prices, adverts, drip pricing and fake reviews, "
                                   "or volume deals on HFSS food."))),
    ):
        register(exercise)


_register_all()
