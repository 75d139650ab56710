"""Sales: queues from visitors per member of staff, transactions from footfall, and basket lines.

Conversion falls when queues grow, so the staff-shortage story shows up in queues, conversion and
sales by itself rather than being painted on. Loyalty customers are picked by how often their
segment buys, only between the day they joined and the day they lapse, and fill bigger baskets.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from course.store.people import COVER, PURCHASE_WEIGHT, by_segment
from course.store.profile import SectorProfile, sequential_ids
from course.store.promotions import PromoWindow, active_window, line_discounts

PARTNER_CHANCE = 0.3  # how often a product with a `goes_with` partner brings that partner into the basket
SCAN_SPLIT = 0.5  # chance that several of one item (no offer) are scanned one by one, as separate lines
MEMBER_EXTRA_LINES = 1.4  # loyalty members put 40% more extra lines in their baskets than other shoppers


def queue_minutes(hours: pd.DataFrame, visitors: np.ndarray, on_floor: pd.DataFrame,
                  rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Return (average till wait in minutes, staff on the floor) for every open hour."""
    staff = on_floor.groupby("timestamp").size()
    present = staff.reindex(hours["timestamp"].to_numpy(), fill_value=0).to_numpy()
    load = visitors / np.maximum(present, 1)
    typical = np.median(load[visitors > 0]) if (visitors > 0).any() else 1.0
    wait = 1.3 * (load / typical) ** 2 * rng.lognormal(0.0, 0.15, len(load))
    return np.round(np.clip(wait, 0.0, 45.0), 1), present


def hourly_transactions(visitors: np.ndarray, queue: np.ndarray, profile: SectorProfile,
                        rng: np.random.Generator) -> np.ndarray:
    """Return sales per hour: each visitor buys with the sector's rate, less when the queue is long."""
    rate = profile.conversion * np.clip(1.0 - 0.025 * np.maximum(queue - 3.0, 0.0), 0.55, 1.0)
    return rng.binomial(visitors, rate)


def transactions_frame(hour_ts: np.ndarray, per_hour: np.ndarray, on_floor: pd.DataFrame,
                       rng: np.random.Generator, skill: pd.Series | None = None) -> pd.DataFrame:
    """Return one row per sale with its time and who served it (someone on the floor that hour, picked
    in proportion to their `skill`, a staff_id -> number map, when given: good sellers close more sales)."""
    hour_idx = np.repeat(np.arange(len(per_hour), dtype=np.int64), per_hour)
    key = hour_idx * 3600 + rng.integers(0, 3600, len(hour_idx))
    key.sort()  # hour first, then second within the hour: one integer sort
    hour_idx, seconds = np.divmod(key, 3600)
    stamps = hour_ts[hour_idx] + seconds.astype("timedelta64[s]")
    floor_ts, floor_staff = on_floor["timestamp"].to_numpy(), on_floor["staff_id"].to_numpy(dtype=str)
    by_time = np.lexsort((floor_staff, floor_ts))  # by hour, then staff id (stable)
    floor_ts, floor_staff = floor_ts[by_time], floor_staff[by_time]
    first_of_hour = np.searchsorted(floor_ts, hour_ts, side="left")  # each hour's rows of the floor
    first = first_of_hour[hour_idx]
    count = (np.searchsorted(floor_ts, hour_ts, side="right") - first_of_hour)[hour_idx]
    ids, who = np.unique(floor_staff, return_inverse=True)
    weight = np.ones(len(floor_ts)) if skill is None else \
        np.array([skill.get(i, 1.0) for i in ids], dtype=float)[who]  # a colleague without a skill counts as 1
    cumulative = np.concatenate([[0.0], np.cumsum(weight)])
    below, total = cumulative[first], cumulative[first + count] - cumulative[first]
    pick = np.searchsorted(cumulative, below + rng.random(len(first)) * total, side="right") - 1
    pick = np.clip(pick, first, first + np.maximum(count, 1) - 1)
    # who served each sale: a row of the sorted floor or, with nobody on the floor, the cover (one row past its end)
    served_by = np.where(count > 0, np.minimum(pick, len(floor_ts) - 1), len(floor_ts))
    staff_ids = pd.array(np.append(floor_staff, COVER), dtype="str").take(served_by)
    return pd.DataFrame({
        "transaction_id": sequential_ids("T", len(stamps), 7),
        "timestamp": stamps,
        "staff_id": staff_ids,
    })


def assign_customers(stamps: np.ndarray, customers: pd.DataFrame, lapse: np.ndarray, share: float,
                     rng: np.random.Generator) -> np.ndarray:
    """Return the loyalty customer id of each sale (None when no card was scanned)."""
    weights = by_segment(customers["segment"].to_numpy(), PURCHASE_WEIGHT)
    cumulative = np.cumsum(weights) / weights.sum()
    joined = customers["join_date"].to_numpy()
    chosen = np.full(len(stamps), -1)
    todo = np.flatnonzero(rng.random(len(stamps)) < share)
    for _ in range(4):  # rejection rounds; leftovers become card-less sales
        pick = np.searchsorted(cumulative, rng.random(len(todo)), side="right")
        pick = np.minimum(pick, len(weights) - 1)
        ok = (joined[pick] <= stamps[todo]) & (stamps[todo] < lapse[pick])
        chosen[todo[ok]] = pick[ok]
        todo = todo[~ok]
    ids = customers["customer_id"].to_numpy()
    # numpy's stubs reject None (an object scalar) in np.where, so they pick the one-argument form's type:
    return np.where(chosen >= 0, ids[np.maximum(chosen, 0)], None)  # type: ignore[return-value]


def basket_lines(tx: pd.DataFrame, products: pd.DataFrame, windows: list[PromoWindow],
                 profile: SectorProfile, rng: np.random.Generator) -> tuple[pd.DataFrame, np.ndarray]:
    """Return (basket lines, the row in `tx` of each line): products picked by popularity, shifted by any
    promotion running that day."""
    with_partner = products["popularity"].where(products["goes_with"].notna(), 0).sum() / products["popularity"].sum()
    picked = profile.lines_per_basket / (1 + PARTNER_CHANCE * with_partner)  # partner lines make up the rest
    card = tx["customer_id"].notna().to_numpy()
    extra = max(picked - 1.0, 0.0) * np.where(card, MEMBER_EXTRA_LINES, 1.0) / _mean_boost(card)
    n_lines = 1 + rng.poisson(extra)
    tx_idx = np.repeat(np.arange(len(tx)), n_lines)
    window = active_window(tx["timestamp"].to_numpy().astype("datetime64[D]"), windows)[tx_idx]
    product = _pick_products(window, products, windows, rng)
    tx_idx, window, product = _add_partners(tx_idx, window, product, products, rng)
    qty = 1 + rng.poisson(profile.qty_per_line - 1.0, len(tx_idx))
    promo_product = np.array([w.product for w in windows] + [-1])[window]
    on_promo = product == promo_product
    multibuy = np.array([w.mechanic == "multi-buy" for w in windows] + [False])[window]
    qty = np.where(on_promo & multibuy, np.maximum(qty, 3 * rng.integers(0, 2, len(qty)) + qty), qty)
    price = products["price"].to_numpy()[product]
    pct = np.array([w.discount_pct for w in windows] + [0.0])[window]
    discount = line_discounts(qty, price, on_promo, multibuy, pct)
    tx_idx, product, qty, price, discount = _split_scans(tx_idx, product, qty, price, discount, on_promo, rng)
    first_line = np.searchsorted(tx_idx, np.arange(len(tx)))  # each transaction's first line
    line_no = np.arange(len(tx_idx)) - first_line[tx_idx] + 1
    # `take` keeps the id columns' string dtype, so pandas need not check every id again; copy=False keeps
    # the arrays as they are (simulate's conform makes the table the learner gets, in one copy)
    return pd.DataFrame({
        "transaction_id": tx["transaction_id"].array.take(tx_idx),
        "line_no": line_no,
        "product_id": products["product_id"].array.take(product),
        "qty": qty,
        "unit_price": price,
        "discount": discount,
        "net_value": np.round(qty * price - discount, 2),
    }, copy=False), tx_idx


def _split_scans(tx_idx: np.ndarray, product: np.ndarray, qty: np.ndarray, price: np.ndarray,
                 discount: np.ndarray, on_promo: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, ...]:
    """Return the lines after splitting some multiples in two: a customer buying two or more of an item
    (with no offer on it) has them scanned one by one half the time, which the till keeps as two lines."""
    split = (qty >= 2) & ~on_promo & (rng.random(len(qty)) < SCAN_SPLIT)
    copies_of_line = 1 + split
    copies = np.repeat(np.arange(len(qty)), copies_of_line)
    second = np.zeros(len(copies), dtype=bool)
    second[np.cumsum(copies_of_line) - 1] = split  # the second copy of a split line holds one item
    first_of_split = np.repeat(split, copies_of_line) & ~second
    new_qty = np.where(second, 1, qty[copies] - first_of_split)  # the first copy holds the rest
    return tx_idx[copies], product[copies], new_qty, price[copies], np.where(second, 0.0, discount[copies])


def _mean_boost(card: np.ndarray) -> float:
    """Return the average extra-lines multiplier, so that the store's lines per basket stay the sector's."""
    return float(np.where(card, MEMBER_EXTRA_LINES, 1.0).mean()) if len(card) else 1.0


def _pick_products(window: np.ndarray, products: pd.DataFrame, windows: list[PromoWindow],
                   rng: np.random.Generator) -> np.ndarray:
    """Return a product index per line, drawing from the weights of the promotion running (if any)."""
    weight_sets = [w.weights for w in windows] + [products["popularity"].to_numpy(dtype=float)]
    u = rng.random(len(window))
    product = np.empty(len(window), dtype=int)
    for i, weights in enumerate(weight_sets):
        rows = window == (i if i < len(windows) else -1)
        cumulative = np.cumsum(weights) / weights.sum()
        product[rows] = np.minimum(np.searchsorted(cumulative, u[rows], side="right"), len(weights) - 1)
    return product


def _add_partners(tx_idx: np.ndarray, window: np.ndarray, product: np.ndarray, products: pd.DataFrame,
                  rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Cross-selling: after a line whose product has a `goes_with` partner (a phone), add a line of the
    partner (a case) with PARTNER_CHANCE, so attach rates rise above basket penetration."""
    ids = products["product_id"].to_numpy()
    partner = np.array([np.flatnonzero(ids == p)[0] if isinstance(p, str) else -1 for p in products["goes_with"]])
    added = (partner[product] >= 0) & (rng.random(len(product)) < PARTNER_CHANCE)
    copies = np.repeat(np.arange(len(product)), 1 + added)
    is_partner = np.zeros(len(copies), dtype=bool)
    is_partner[np.cumsum(1 + added) - 1] = added  # the second copy of a line is its partner line
    return tx_idx[copies], window[copies], np.where(is_partner, partner[product[copies]], product[copies])


def basket_totals(lines: pd.DataFrame, line_tx: np.ndarray, n_tx: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (units, net value £, any line discounted) per transaction, in transaction order; `line_tx` is
    the transaction row of each line, as basket_lines returns it."""
    units = np.bincount(line_tx, weights=lines["qty"].to_numpy(), minlength=n_tx).astype(int)
    value = np.round(np.bincount(line_tx, weights=lines["net_value"].to_numpy(), minlength=n_tx), 2)
    promo = np.bincount(line_tx, weights=lines["discount"].to_numpy() > 0, minlength=n_tx) > 0
    return units, value, promo
