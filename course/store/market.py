"""The store among others: weekly benchmarks (own store, chain stores, competitor), competitor prices
and mystery-shopper visits.

The benchmarks cover the year before the period as well, so learners can compare year on year and
like for like: one chain store opened at the start of the period, so it has no figures a year earlier
and drops out of a like-for-like comparison.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from course.store.calendar import COMPETITOR_EFFECT

CHAIN_STORES = ("Northgate", "Riverside", "High Street East", "Retail Park")
NEW_CHAIN_STORE = "Retail Park"
COMPETITOR = "Rival Stores (new local store)"
NATIONAL_RIVAL = "Rival Stores (national website)"
CONVERSION_SPREAD = (0.88, 1.12)  # other stores convert up to 12% (relative) worse or better than ours
OWN_GROWTH = (0.03, 0.09)          # size of our year-on-year sales growth; about a third of stores shrink
SHRINK_CHANCE = 0.3
FOOTFALL_GROWTH = (-0.03, 0.02)    # visitors change little: most of the sales growth is prices and baskets
CHAIN_SIZES = (0.6, 1.5)           # chain stores from 60% to 150% of our size ...
CHAIN_GROWTH = (-0.06, 0.09)       # ... growing (or shrinking) at their own rates
LFL_SPREAD = 0.003                 # pooled and mean-of-stores growth differ by at least 0.3 points
GAP_SPREAD = 0.05                  # points: our conversion gap to the chain, pooled, differs by this much at least
                                   # from the gap as a mean of weekly rates, and from the gap with the competitor
                                   # pooled in (course.check takes 0.01 points either side as right)
CHECKLIST_LEAN = 0.15              # how much better (or worse) a store does on the heavily weighted items
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
    def by_week(ts: pd.Series) -> np.ndarray:  # the Monday of each time's week (1 January 1970 was a Thursday)
        day = ts.to_numpy().astype("datetime64[D]")
        return day - (day.astype(np.int64) + 3) % 7
    sales = tx.groupby(by_week(tx["timestamp"]))["net_value"].agg(["sum", "size"])
    visitors = footfall.groupby(by_week(footfall["timestamp"]))["visitors"].sum()
    out = pd.DataFrame({"net_sales": sales["sum"], "transactions": sales["size"], "footfall": visitors})
    return out.reindex(weeks).fillna(0)


def benchmarks_table(own: pd.DataFrame, competitor_open: pd.Timestamp, rng: np.random.Generator,
                     season: pd.Series | None = None) -> pd.DataFrame:
    """Return weekly benchmarks for this year and the previous one (52 weeks earlier).

    Our store grows or shrinks by 3% to 9% a year; the chain stores differ in size and growth, so the
    like-for-like growth of the chain (pooled sales) differs from the average of the stores' growths.
    `season` (a daily calendar multiplier, see calendar.seasonal_shape) keeps the shared seasonal steps,
    such as December's, in the other stores' figures while our own stories are smoothed out.
    """
    weeks = pd.DatetimeIndex(own.index)
    prior_weeks = weeks - pd.Timedelta(days=364)
    # Other stores (and last year) had none of this year's stories: smooth them out, and undo the
    # competitor's effect, which only our store feels.
    undo_rival = np.where(weeks >= competitor_open, 1 / COMPETITOR_EFFECT, 1.0)[:, None]
    shape = _weekly_shape(season, weeks)
    smooth = own.mul(undo_rival / shape).rolling(5, center=True, min_periods=1).median().mul(shape)
    growth = rng.uniform(*OWN_GROWTH) * (-1 if rng.random() < SHRINK_CHANCE else 1)
    frames = [_rows(weeks, "Our store", "own store", own["net_sales"], own["footfall"], own["transactions"]),
              _rows(prior_weeks, "Our store", "own store",
                    *_last_year(smooth, 1 / (1 + rng.uniform(*FOOTFALL_GROWTH)), 1.0, own["net_sales"].sum(), growth,
                               rng))]
    chain, this_year, chain_now = _chain_this_year(smooth, frames[0], rng)
    growths = _chain_growths({n: float(v[0].sum()) for n, v in this_year.items() if n != NEW_CHAIN_STORE}, rng)
    frames.append(chain_now)
    for name, (scale, converts) in chain.items():
        if name != NEW_CHAIN_STORE:
            frames.append(_rows(prior_weeks, name, "our chain",
                                *_last_year(smooth, scale / (1 + growths[name]), converts, this_year[name][0].sum(),
                                            growths[name], rng)))
    frames.append(_competitor(smooth[weeks >= competitor_open], chain_now, rng))
    table = pd.concat(frames, ignore_index=True)  # in any order: the sort below puts each (week, store) in place
    return table.sort_values(["week_start", "kind", "store"], kind="stable").reset_index(drop=True)


def _weekly_shape(season: pd.Series | None, weeks: pd.DatetimeIndex) -> np.ndarray:
    """Return each week's share of the calendar's seasonal shape (1 on average), as a column."""
    if season is None or not len(weeks):
        return np.ones((len(weeks), 1))
    days = pd.DatetimeIndex(season.index)
    monday = days - pd.to_timedelta(days.day_of_week, unit="D")
    weekly = season.groupby(monday).sum().reindex(weeks).fillna(0).to_numpy()
    return np.maximum(weekly / max(weekly.mean(), 1e-9), 1e-3)[:, None]


def _last_year(base: pd.DataFrame, scale: float, converts: float, sales_now: float, growth: float,
               rng: np.random.Generator) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Return last year's weekly (sales, footfall, transactions) of a store `scale` times `base` that
    converts `converts` times as well, its sales scaled so that this year's `sales_now` is `growth` up."""
    sales, footfall, tx = _noisy(base, scale, rng, converts)
    return sales * (sales_now / (1 + growth) / sales.sum()), footfall, tx


def _pooled(rows: pd.DataFrame) -> float:
    """Conversion (%) of weekly rows taken together: all their transactions over all their footfall."""
    return float((rows["conversion"] * rows["footfall"]).sum() / max(rows["footfall"].sum(), 1))


def _chain_this_year(smooth: pd.DataFrame, ours: pd.DataFrame, rng: np.random.Generator
                     ) -> tuple[dict[str, tuple[float, float]], dict[str, tuple[pd.Series, pd.Series, pd.Series]],
                                pd.DataFrame]:
    """Return each chain store's (size, conversion), its weekly (sales, footfall, transactions) this year and
    the chain's benchmark rows this year, drawn until our conversion gap to the chain, pooled, and the gap as
    a mean of weekly rates differ by GAP_SPREAD or more (busy weeks and big stores count for more). `ours` is
    our rows this year."""
    weeks = pd.DatetimeIndex(ours["week_start"])
    for _ in range(100):
        chain = {name: (rng.uniform(*CHAIN_SIZES), rng.uniform(*CONVERSION_SPREAD)) for name in CHAIN_STORES}
        this_year = {name: _noisy(smooth, scale, rng, converts) for name, (scale, converts) in chain.items()}
        rows = _chain_rows(weeks, this_year)
        pooled = _pooled(ours) - _pooled(rows)
        if abs(pooled - (ours["conversion"].mean() - rows["conversion"].mean())) >= GAP_SPREAD:
            break
    return chain, this_year, rows


def _competitor(base: pd.DataFrame, chain: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Return the local competitor's weekly rows from its opening (`base`: our smoothed weeks since then),
    drawn until pooling it with the chain's rows this year (`chain`) moves their conversion by GAP_SPREAD
    or more, so a benchmark that wrongly includes the competitor gives another answer."""
    weeks = pd.DatetimeIndex(base.index)
    for _ in range(100):
        rival = _rows(weeks, COMPETITOR, "competitor",
                      *_noisy(base, rng.uniform(0.8, 1.1), rng, rng.uniform(*CONVERSION_SPREAD)))
        if abs(_pooled(chain) - _pooled(pd.concat([chain, rival]))) >= GAP_SPREAD or rival.empty:
            break
    return rival


def _chain_growths(sales_now: dict[str, float], rng: np.random.Generator) -> dict[str, float]:
    """Return each like-for-like chain store's growth, drawn until the pooled growth and the plain
    average of the stores' growths differ by LFL_SPREAD or more (bigger stores count for more)."""
    names = list(sales_now)
    now = np.array([sales_now[n] for n in names])
    for _ in range(100):
        g = rng.uniform(*CHAIN_GROWTH, len(names))
        pooled = now.sum() / (now / (1 + g)).sum() - 1
        if abs(pooled - g.mean()) >= LFL_SPREAD:
            break
    return dict(zip(names, g.tolist()))


def _noisy(base: pd.DataFrame, scale: float, rng: np.random.Generator,
           converts: float = 1.0) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Return (sales, footfall, transactions) of a store `scale` times our size whose visitors buy
    `converts` times as often as ours, with week-to-week noise."""
    n = len(base)
    footfall = np.rint(base["footfall"].to_numpy() * scale * rng.lognormal(0, 0.05, n))
    tx = np.rint(base["transactions"].to_numpy() * scale * converts * rng.lognormal(0, 0.05, n))
    sales = base["net_sales"].to_numpy() * scale * converts * rng.lognormal(0, 0.06, n)
    return pd.Series(sales), pd.Series(footfall), pd.Series(np.minimum(tx, footfall))


def _rows(weeks: pd.DatetimeIndex | np.ndarray, store: str | np.ndarray, kind: str, sales: pd.Series | np.ndarray,
          footfall: pd.Series | np.ndarray, tx: pd.Series | np.ndarray) -> pd.DataFrame:
    footfall_arr = np.asarray(footfall, dtype=float)
    conversion = np.where(footfall_arr > 0, np.asarray(tx, dtype=float) / np.maximum(footfall_arr, 1) * 100, 0.0)
    return pd.DataFrame({"week_start": weeks, "store": store, "kind": kind,
                         "net_sales": np.round(np.asarray(sales, dtype=float), 2),
                         "footfall": footfall_arr.astype(int), "conversion": np.round(conversion, 2)})


def _chain_rows(weeks: pd.DatetimeIndex, figures: dict[str, tuple[pd.Series, pd.Series, pd.Series]]) -> pd.DataFrame:
    """Return the chain stores' weekly rows this year, store after store (each store's `_rows`, as one frame)."""
    joined = [np.concatenate([np.asarray(store[k], dtype=float) for store in figures.values()]) for k in range(3)]
    return _rows(np.tile(weeks.to_numpy(), len(figures)), np.repeat(np.array(list(figures), dtype=object), len(weeks)),
                 "our chain", *joined)


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
    Stores differ in which items they pass: ours does worse on the heavily weighted items (greeting,
    asking about needs), other stores lean either way. The visits are drawn again (up to 50 times)
    until the weights change how many chain stores beat ours, so weighting matters in every store.
    """
    weights = np.array([weight for _, weight in CHECKLIST], dtype=float)
    heavy = (weights - weights.mean()) / 5  # +1 for the 15-point items, -1 for the 5-point ones
    leans = {store: (-1.0 if store == "Our store" else rng.uniform(-1, 1)) for store in ["Our store", *CHAIN_STORES]}
    for _ in range(50):
        visits = _shop_visits(start, end, quality, {s: CHECKLIST_LEAN * lean * heavy for s, lean in leans.items()}, rng)
        if _stores_above_ours(visits, weighted=True) != _stores_above_ours(visits, weighted=False):
            break
    return _visit_rows(visits)


class _Visits(NamedTuple):
    """Mystery-shop visits in visit id order (month, then store): one entry each, `passed` a row per visit."""
    ids: list[str]
    days: list[pd.Timestamp]
    stores: list[str]
    passed: np.ndarray  # (visits, checklist items) of bool


def _shop_visits(start: pd.Timestamp, end: pd.Timestamp, quality: dict[str, np.ndarray | float],
                 lean: dict[str, np.ndarray], rng: np.random.Generator) -> _Visits:
    months = pd.date_range(start.replace(day=1), end, freq="MS")
    visits = _Visits([], [], [], np.zeros((0, len(CHECKLIST)), dtype=bool))
    passed = []
    for m_i, month in enumerate(months):
        for s_i, store in enumerate(["Our store", *CHAIN_STORES]):
            day = month + pd.Timedelta(days=int(rng.integers(2, 26)))
            if day < start or day > end or (store == NEW_CHAIN_STORE and m_i == 0):
                continue
            q = quality[store]
            chance = (q[m_i] if isinstance(q, np.ndarray) else q) + lean[store]
            passed.append(rng.random(len(CHECKLIST)) < chance)
            visits.ids.append(f"M{m_i + 1:02d}{s_i + 1}")
            visits.days.append(day)
            visits.stores.append(store)
    return visits._replace(passed=np.array(passed, dtype=bool).reshape(-1, len(CHECKLIST)))


def _visit_rows(visits: _Visits) -> pd.DataFrame:
    """Return the mystery_shops table: one row per checklist item of each visit."""
    items, weights = zip(*CHECKLIST)
    per_visit, n = len(CHECKLIST), len(visits.ids)
    return pd.DataFrame({
        "visit_id": np.repeat(np.array(visits.ids, dtype=object), per_visit),
        "date": pd.DatetimeIndex(visits.days).repeat(per_visit),
        "store": np.repeat(np.array(visits.stores, dtype=object), per_visit),
        "item": np.tile(np.array(items, dtype=object), n),
        "weight": np.tile(np.array(weights, dtype=np.int64), n),
        "passed": visits.passed.ravel(),
    })


def _stores_above_ours(visits: _Visits, *, weighted: bool) -> int:
    """Return how many chain stores' average visit score (% of points, or of items) beats ours."""
    weight = np.array([w for _, w in CHECKLIST], dtype=np.int64) if weighted else np.ones(len(CHECKLIST), np.int64)
    score = visits.passed @ weight / weight.sum()  # each visit's share of the points (whole numbers, then divided)
    # each store's visits in visit id order, averaged by pandas as before (so ties between stores stay ties)
    by_store = pd.Series(score).groupby(np.array(visits.stores, dtype=object)).mean()
    return int((by_store.drop("Our store") > by_store["Our store"]).sum())
