"""Promotions: which ran when, and how each shifts what customers pick (uplift and cannibalisation).

PR01 is the story promotion: a real uplift on its product and a loss for the neighbouring product
in the same category. PR02 and PR03 are smaller. A multi-buy never goes on an HFSS food: England
has restricted volume-price promotions on less-healthy food since 1 October 2025.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from course.store.profile import Stories

STORY_PRODUCT_BOOST = 3.2      # the promoted product's pick weight during PR01
STORY_NEIGHBOUR_FACTOR = 0.6   # the neighbour's pick weight during PR01 (cannibalisation)
MINOR_PRODUCT_BOOST = 1.8


@dataclass(frozen=True)
class PromoWindow:
    """One promotion: its product, dates, mechanic and pick weights while it runs."""
    promo_id: str
    product: int        # row index into products
    start: date
    end: date
    weights: np.ndarray  # product pick weights while it runs
    mechanic: str
    discount_pct: float


def plan_promotions(products: pd.DataFrame, stories: Stories, start: date, end: date,
                    rng: np.random.Generator) -> list[PromoWindow]:
    """Return the promotions of the period: the story promotion and two smaller ones."""
    base = products["popularity"].to_numpy(dtype=float)
    ids = products["product_id"].to_numpy()
    with_neighbour = np.flatnonzero(products["neighbour_id"].notna().to_numpy()
                                    & (products["popularity"].to_numpy() >= 0.6))
    story = int(rng.choice(with_neighbour))
    neighbour = int(np.flatnonzero(ids == products["neighbour_id"].iloc[story])[0])
    story_w = base.copy()
    story_w[story] *= STORY_PRODUCT_BOOST
    story_w[neighbour] *= STORY_NEIGHBOUR_FACTOR
    windows = [PromoWindow("PR01", story, stories.promo_start, stories.promo_end, story_w, "percentage off",
                           float(rng.choice([20.0, 25.0, 30.0])))]
    days = (end - start).days + 1
    others = [i for i in range(len(products)) if i not in (story, neighbour)]
    not_hfss = [i for i in others if not products["hfss"].iloc[i]]
    for promo_id, frac, pool, mechanic in (("PR02", 0.04, others, "percentage off"),
                                           ("PR03", 0.90, not_hfss, "multi-buy")):
        item = int(rng.choice(pool))
        weights = base.copy()
        weights[item] *= MINOR_PRODUCT_BOOST
        first = start + timedelta(days=int(frac * days))
        pct = 10.0 if mechanic == "percentage off" else 33.3
        windows.append(PromoWindow(promo_id, item, first, min(first + timedelta(days=6), end), weights,
                                   mechanic, pct))
    return windows


def promotions_table(windows: list[PromoWindow], products: pd.DataFrame) -> pd.DataFrame:
    """Return the promotions table from the planned windows."""
    return pd.DataFrame({
        "promo_id": [w.promo_id for w in windows],
        "product_id": [products["product_id"].iloc[w.product] for w in windows],
        "start": pd.to_datetime([w.start for w in windows]),
        "end": pd.to_datetime([w.end for w in windows]),
        "mechanic": [w.mechanic for w in windows],
        "discount_pct": [w.discount_pct for w in windows],
    })


def active_window(day: np.ndarray, windows: list[PromoWindow]) -> np.ndarray:
    """Return, per date, the index of the running promotion in `windows`, or -1 when none runs."""
    which = np.full(len(day), -1)
    for i, w in enumerate(windows):
        running = (day >= np.datetime64(w.start)) & (day <= np.datetime64(w.end))
        which[running] = i
    return which


def line_discounts(qty: np.ndarray, price: np.ndarray, on_promo: np.ndarray, mechanic_multibuy: np.ndarray,
                   pct: np.ndarray) -> np.ndarray:
    """Return the £ discount of each line: a % off the line, or every third item free on a multi-buy."""
    pct_off = qty * price * pct / 100.0
    three_for_two = (qty // 3) * price
    return np.round(np.where(on_promo, np.where(mechanic_multibuy, three_for_two, pct_off), 0.0), 2)
