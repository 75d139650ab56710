"""The store among others: weekly benchmarks (own store, chain stores, competitor), competitor prices
and mystery-shopper visits.

The benchmarks cover the year before the period as well, so learners can compare year on year and
like for like: one chain store opened at the start of the period, so it has no figures a year earlier
and drops out of a like-for-like comparison.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from course.store.calendar import COMPETITOR_EFFECT

CHAIN_STORES = ("Northgate", "Riverside", "High Street East", "Retail Park")
NEW_CHAIN_STORE = "Retail Park"
COMPETITOR = "Rival Stores (new local store)"
NATIONAL_RIVAL = "Rival Stores (national website)"
CONVERSION_SPREAD = (0.88, 1.12)  # other stores convert up to 12% (relative) worse or better than ours
CHECKLIST: tuple[tuple[str, int], ...] = (
    ("Greeted within 30 seconds", 15), ("Store clean, tidy and safe", 10),
    ("Asked open questions about needs", 15), ("Suggested a relevant extra item", 10),
    ("Product knowledge was accurate", 10), ("Waited under 5 minutes to pay", 10),
    ("Explained the returns policy correctly", 10), ("Offered the loyalty scheme", 5),
    ("Offered help to a customer who needed it", 10), ("Thanked and invited back", 5),
)


def full_weeks(start: pd.Timestamp, end: pd.Timestamp) -> pd.DatetimeIndex:
    """Return the Mondays of weeks that lie wholly inside the period."""
    first = start + pd.Timedelta(days=(7 - start.day_of_week) % 7)
    mondays = pd.date_range(first, end, freq="7D")
    return mondays[mondays + pd.Timedelta(days=6) <= end]


def own_weekly(tx: pd.DataFrame, footfall: pd.DataFrame, weeks: pd.DatetimeIndex) -> pd.DataFrame:
    """Return our store's weekly net sales, footfall and transactions for the given weeks."""
    def by_week(ts: pd.Series) -> pd.Series:
        return ts.dt.normalize() - pd.to_timedelta(ts.dt.day_of_week, unit="D")
    sales = tx.groupby(by_week(tx["timestamp"]))["net_value"].agg(["sum", "size"])
    visitors = footfall.groupby(by_week(footfall["timestamp"]))["visitors"].sum()
    out = pd.DataFrame({"net_sales": sales["sum"], "transactions": sales["size"], "footfall": visitors})
    return out.reindex(weeks).fillna(0)


def benchmarks_table(own: pd.DataFrame, competitor_open: pd.Timestamp, rng: np.random.Generator) -> pd.DataFrame:
    """Return weekly benchmarks for this year and the previous one (52 weeks earlier)."""
    weeks = pd.DatetimeIndex(own.index)
    prior_weeks = weeks - pd.Timedelta(days=364)
    # Other stores (and last year) had none of this year's stories: smooth them out, and undo the
    # competitor's effect, which only our store feels.
    undo_rival = np.where(weeks >= competitor_open, 1 / COMPETITOR_EFFECT, 1.0)[:, None]
    smooth = (own * undo_rival).rolling(5, center=True, min_periods=1).median()
    growth = rng.uniform(0.01, 0.05)
    frames = [_rows(weeks, "Our store", "own store", own["net_sales"], own["footfall"], own["transactions"]),
              _rows(prior_weeks, "Our store", "own store", *_noisy(smooth, 1 / (1 + growth), rng))]
    for name in CHAIN_STORES:
        scale, converts = rng.uniform(0.7, 1.4), rng.uniform(*CONVERSION_SPREAD)
        frames.append(_rows(weeks, name, "our chain", *_noisy(smooth, scale, rng, converts)))
        if name != NEW_CHAIN_STORE:
            last_year = scale / (1 + rng.uniform(-0.03, 0.06))
            frames.append(_rows(prior_weeks, name, "our chain", *_noisy(smooth, last_year, rng, converts)))
    opened = weeks >= competitor_open
    rival = _noisy(smooth[opened], rng.uniform(0.8, 1.1), rng, rng.uniform(*CONVERSION_SPREAD))
    frames.append(_rows(weeks[opened], COMPETITOR, "competitor", *rival))
    table = pd.concat(frames, ignore_index=True)
    return table.sort_values(["week_start", "kind", "store"], kind="stable").reset_index(drop=True)


def _noisy(base: pd.DataFrame, scale: float, rng: np.random.Generator,
           converts: float = 1.0) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Return (sales, footfall, transactions) of a store `scale` times our size whose visitors buy
    `converts` times as often as ours, with week-to-week noise."""
    n = len(base)
    footfall = np.rint(base["footfall"].to_numpy() * scale * rng.lognormal(0, 0.05, n))
    tx = np.rint(base["transactions"].to_numpy() * scale * converts * rng.lognormal(0, 0.05, n))
    sales = base["net_sales"].to_numpy() * scale * converts * rng.lognormal(0, 0.06, n)
    return pd.Series(sales), pd.Series(footfall), pd.Series(np.minimum(tx, footfall))


def _rows(weeks: pd.DatetimeIndex, store: str, kind: str, sales: pd.Series, footfall: pd.Series,
          tx: pd.Series) -> pd.DataFrame:
    footfall_arr = np.asarray(footfall, dtype=float)
    conversion = np.where(footfall_arr > 0, np.asarray(tx, dtype=float) / np.maximum(footfall_arr, 1) * 100, 0.0)
    return pd.DataFrame({"week_start": weeks, "store": store, "kind": kind,
                         "net_sales": np.round(np.asarray(sales, dtype=float), 2),
                         "footfall": footfall_arr.astype(int), "conversion": np.round(conversion, 2)})


def competitor_prices(products: pd.DataFrame, weeks: pd.DatetimeIndex, competitor_open: pd.Timestamp,
                      rng: np.random.Generator) -> pd.DataFrame:
    """Return weekly public prices of six matching products at the two rivals."""
    matched = products.sort_values("popularity", ascending=False, kind="stable").head(6)
    frames = []
    for rival, rival_weeks in ((NATIONAL_RIVAL, weeks), (COMPETITOR, weeks[weeks >= competitor_open])):
        relative = rng.uniform(0.88, 1.06, len(matched))
        grid_w = np.repeat(rival_weeks, len(matched))
        grid_p = np.tile(np.arange(len(matched)), len(rival_weeks))
        deal = np.where(rng.random(len(grid_w)) < 0.08, 0.85, 1.0)
        price = matched["price"].to_numpy()[grid_p] * relative[grid_p] * deal
        frames.append(pd.DataFrame({"week_start": grid_w, "competitor": rival,
                                    "product_id": matched["product_id"].to_numpy()[grid_p],
                                    "price": np.round(price, 2)}))
    return pd.concat(frames, ignore_index=True)


def mystery_shops(start: pd.Timestamp, end: pd.Timestamp, quality: dict[str, np.ndarray | float],
                  rng: np.random.Generator) -> pd.DataFrame:
    """Return one visit a month to our store and each chain store; `quality` maps store -> pass chance.

    For our store the pass chance is an array by month (the stories move it); for others a number.
    """
    months = pd.date_range(start.replace(day=1), end, freq="MS")
    rows = []
    for m_i, month in enumerate(months):
        for s_i, store in enumerate(["Our store", *CHAIN_STORES]):
            day = month + pd.Timedelta(days=int(rng.integers(2, 26)))
            if day < start or day > end or (store == NEW_CHAIN_STORE and m_i == 0):
                continue
            q = quality[store]
            chance = q[m_i] if isinstance(q, np.ndarray) else q
            passed = rng.random(len(CHECKLIST)) < chance
            visit = f"M{m_i + 1:02d}{s_i + 1}"
            rows += [(visit, day, store, item, weight, bool(p)) for (item, weight), p in zip(CHECKLIST, passed)]
    return pd.DataFrame(rows, columns=["visit_id", "date", "store", "item", "weight", "passed"])
