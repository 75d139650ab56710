"""Facts for the selling conversations (5.1), picked from the learner's own store.

Each public function takes a StoreData and returns the facts one scenario's YAML uses: the promoted
product (PR01) and its closest substitute, with their real features and benefits; a loyalty customer
with their segment, purchases and last CRM contact; the basket data's real attach partners. Text is
pre-formatted for display. Every pick is deterministic: ordered by the data, and where there is a free
choice, chosen by a seed made from the learner id, so different learners meet different people.
"""

from __future__ import annotations

import hashlib
from typing import Any

import numpy as np
import pandas as pd

from course.store import StoreData

Facts = dict[str, str | int | float | bool]
PROMO_ID = "PR01"


def seed_of(data: StoreData, purpose: str) -> int:
    """Return a stable number from the learner id, sector and `purpose` (the same on every machine)."""
    text = f"scenario/{data.learner_id or 'own-data'}/{data.sector}/{purpose}"
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")


def money(value: float) -> str:
    """Return pounds for display: 1234.5 -> '£1,234.50'."""
    return f"£{value:,.2f}"


def long_date(day: pd.Timestamp) -> str:
    """Return a date written out: 'Saturday 6 September 2025'."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def lower_first(text: str) -> str:
    """Return text with its first letter in lower case, unless the first word is an abbreviation ('4K', 'HD')."""
    head = text.split(" ", 1)[0]
    if len(head) > 1 and not head[1:].islower():
        return text
    return text[:1].lower() + text[1:]


def join_words(items: list[str]) -> str:
    """Return 'a, b and c'."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def field(frame: pd.DataFrame, key: str, value: object, column: str) -> Any:
    """Return `column` of the row of `frame` whose `key` is `value` (the first such row)."""
    return frame.loc[frame[key] == value, column].iloc[0]


def product(data: StoreData, product_id: str, column: str) -> Any:
    """Return one field of a product (products table)."""
    return field(data.products, "product_id", product_id, column)


def features_of(data: StoreData, product_id: str) -> list[tuple[str, str]]:
    """Return the product's (feature, benefit) pairs from the products table, in order."""
    pairs = [(product(data, product_id, f"feature_{i}"), product(data, product_id, f"benefit_{i}")) for i in (1, 2, 3)]
    return [(str(f), str(b)) for f, b in pairs if isinstance(f, str) and f.strip() and isinstance(b, str) and b.strip()]


def _require_pr01(data: StoreData) -> None:
    if PROMO_ID not in set(data.promotions["promo_id"]):
        raise ValueError(f"promotions.csv has no promotion {PROMO_ID!r}; the selling scenarios need it")


def promoted_pair(data: StoreData) -> tuple[str, str]:
    """Return (PR01's product, its neighbour: products.neighbour_id, else the first other product of its category)."""
    _require_pr01(data)
    promoted = str(field(data.promotions, "promo_id", PROMO_ID, "product_id"))
    neighbour = product(data, promoted, "neighbour_id")
    if not isinstance(neighbour, str) or neighbour not in set(data.products["product_id"]):
        same = data.products[data.products["category"] == product(data, promoted, "category")]["product_id"]
        neighbour = min([str(p) for p in same if p != promoted], default=promoted)
    return promoted, neighbour


def promo_window(data: StoreData) -> tuple[float, pd.Timestamp, pd.Timestamp]:
    """Return PR01's discount % and its first and last days."""
    _require_pr01(data)
    promos = data.promotions
    return (float(field(promos, "promo_id", PROMO_ID, "discount_pct")),
            pd.Timestamp(field(promos, "promo_id", PROMO_ID, "start")),
            pd.Timestamp(field(promos, "promo_id", PROMO_ID, "end")))


def scene_day(data: StoreData) -> pd.Timestamp:
    """Return the day the selling scenes happen: the first Saturday of PR01 (a shorter one: its first day)."""
    _, start, end = promo_window(data)
    return next((d for d in pd.date_range(start, end, freq="D") if d.day_of_week == 5), start)


def promo_facts(data: StoreData, product_id: str) -> Facts:
    """Return PR01's discount, promoted price, saving and the day of the scene."""
    price = float(product(data, product_id, "price"))
    pct, _, end = promo_window(data)
    promo_price = round(price * (1 - pct / 100), 2)
    return {"promo_id": PROMO_ID, "promo_pct": f"{pct:g}%", "price": money(price), "promo_price": money(promo_price),
            "saving": money(price - promo_price), "scene_day": long_date(scene_day(data)),
            "promo_end": long_date(end)}


def pick_customer(data: StoreData, segment: str, purpose: str) -> str:
    """Return a loyalty member of `segment` with a CRM contact and a card purchase before the scene day
    (seeded pick); else any member of the segment; else anyone."""
    customers, day = data.customers, scene_day(data)
    contacted = set(data.interactions.loc[data.interactions["timestamp"] < day, "customer_id"].dropna())
    bought = set(data.transactions.loc[data.transactions["timestamp"] < day, "customer_id"].dropna())
    ids = sorted(customers.loc[customers["segment"] == segment, "customer_id"])
    pool = [c for c in ids if c in contacted and c in bought] or ids or sorted(customers["customer_id"])
    if not pool:
        raise ValueError("customers.csv is empty; the selling scenarios need at least one loyalty member")
    return str(pool[seed_of(data, purpose) % len(pool)])


REASON_WORDS = {"product query": "a product query", "stock check": "a stock check", "order status": "an order query",
                "return or refund": "a return or refund", "complaint": "a complaint",
                "loyalty account": "a loyalty account query"}


def purchases_words(purchases: int) -> str:
    """Return a count of card purchases for display: 0 -> 'no card purchases yet', 1 -> '1 card purchase'."""
    return "no card purchases yet" if purchases == 0 else f"{purchases} card purchase{'s' if purchases != 1 else ''}"


def customer_facts(data: StoreData, customer_id: str, before: pd.Timestamp | None = None) -> Facts:
    """Return a customer's name, segment, card purchases and last CRM contact before `before`, for display."""
    name = str(field(data.customers, "customer_id", customer_id, "name"))
    until = pd.Timestamp(before) if before is not None else pd.Timestamp.max
    tx, crm = data.transactions, data.interactions
    purchases = int(((tx["customer_id"] == customer_id) & (tx["timestamp"] < until)).sum())
    contacts = crm[(crm["customer_id"] == customer_id) & (crm["timestamp"] < until)].sort_values("timestamp")
    last_contact = "no contact logged yet"
    if len(contacts):
        reason, channel = str(contacts["reason"].iloc[-1]), str(contacts["channel"].iloc[-1])
        how = "in store" if channel == "in store" else f"by {channel}"
        last_contact = f"{REASON_WORDS.get(reason, reason)} {how} on {long_date(contacts['timestamp'].iloc[-1])}"
    segment = str(field(data.customers, "customer_id", customer_id, "segment"))
    return {"customer_name": name, "first_name": name.split(" ")[0], "segment": segment,
            "segment_a": f"{'an' if segment[:1] in 'aeiou' else 'a'} {segment}", "purchases": purchases,
            "purchases_text": purchases_words(purchases), "last_contact": last_contact,
            "marketing_consent": bool(field(data.customers, "customer_id", customer_id, "marketing_consent"))}


def product_facts(data: StoreData, product_id: str, prefix: str, need_index: int) -> Facts:
    """Return a product's name, price and the feature/benefit that meets the need, plus its other features."""
    pairs = features_of(data, product_id)
    feature, benefit = pairs[need_index % len(pairs)]
    others = [lower_first(f) for f, _ in pairs if f != feature] or [lower_first(feature)]
    return {f"{prefix}": str(product(data, product_id, "name")),
            f"{prefix}_price": money(float(product(data, product_id, "price"))),
            f"{prefix}_category": str(product(data, product_id, "category")),
            f"{prefix}_feature": lower_first(feature), f"{prefix}_benefit": lower_first(benefit),
            f"{prefix}_other_features": join_words(others),
            f"{prefix}_all_features": join_words([lower_first(f) for f, _ in pairs])}


def hurried_buyer(data: StoreData) -> Facts:
    """A regular customer in a hurry during PR01 who asks for the promoted product by name.

    The product is PR01's (the course's promotion), with its real features; the need is one of its
    benefits (seeded); the customer is a regular member with a purchase and a CRM contact (seeded).
    """
    promoted, neighbour = promoted_pair(data)
    facts: Facts = {}
    facts.update(product_facts(data, promoted, "product", seed_of(data, "hurried-need")))
    facts.update(promo_facts(data, promoted))
    facts.update(customer_facts(data, pick_customer(data, "regular", "hurried-customer"), scene_day(data)))
    facts["neighbour"] = str(product(data, neighbour, "name"))
    return facts


def undecided_browser(data: StoreData) -> Facts:
    """A new or occasional member browsing PR01's product and its neighbour, undecided between them.

    Which of the two meets their need is seeded (need_fits_promoted), so for some learners the honest
    answer is the product that is not on offer. marketing_consent (from customers) decides how the
    follow-up may be made.
    """
    promoted, neighbour = promoted_pair(data)
    fits_promoted = seed_of(data, "browser-fit") % 2 == 0 or neighbour == promoted
    fit, other = (promoted, neighbour) if fits_promoted else (neighbour, promoted)
    facts: Facts = {}
    facts.update(product_facts(data, fit, "fit", seed_of(data, "browser-need")))
    facts.update(product_facts(data, other, "other", 0))
    facts.update(promo_facts(data, promoted))
    facts["promoted"] = str(product(data, promoted, "name"))
    facts["need_fits_promoted"] = bool(fits_promoted)
    facts["fit_price_now"], facts["other_price_now"] = price_now(data, fit), price_now(data, other)
    segment = "new" if seed_of(data, "browser-segment") % 2 == 0 else "occasional"
    facts.update(customer_facts(data, pick_customer(data, segment, "browser-customer"), scene_day(data)))
    return facts


def price_now(data: StoreData, product_id: str) -> str:
    """Return the price on the scene's day: PR01's price for PR01's product, else the shelf price."""
    if product_id == promoted_pair(data)[0]:
        return str(promo_facts(data, product_id)["promo_price"])
    return money(float(product(data, product_id, "price")))


def co_baskets(data: StoreData) -> pd.DataFrame:
    """Return a products × products table: the number of baskets holding both (the diagonal: baskets holding one)."""
    baskets, basket_ids = pd.factorize(data.transaction_lines["transaction_id"])
    items, product_ids = pd.factorize(data.transaction_lines["product_id"], sort=True)
    held = np.zeros((len(basket_ids), len(product_ids)), dtype=np.float32)
    held[baskets, items] = 1.0
    return pd.DataFrame((held.T @ held).round().astype(int), index=product_ids, columns=product_ids)


def attach_partners(data: StoreData, anchor: str, both: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return every product outside the anchor's category that was sold with it: its baskets with the anchor,
    attach rate (baskets with both ÷ baskets with the anchor × 100), basket penetration (%) and lift
    (attach rate ÷ penetration; above 1, customers buy it with the anchor more than they buy it at all),
    strongest lift first (ties: product id)."""
    both = co_baskets(data) if both is None else both
    category = dict(zip(data.products["product_id"], data.products["category"], strict=True))
    others = [str(p) for p in both.index if p != anchor and category[p] != category[anchor]]
    if anchor not in both.index or not others:
        return pd.DataFrame(columns=["product_id", "both", "rate", "penetration", "lift"])
    counts = both.to_numpy()
    at = {str(p): i for i, p in enumerate(both.index)}
    table = pd.DataFrame({"product_id": others, "both": [int(counts[at[anchor], at[p]]) for p in others]})
    table["rate"] = table["both"] / int(counts[at[anchor], at[anchor]]) * 100
    table["penetration"] = [int(counts[at[p], at[p]]) / len(data.transactions) * 100 for p in others]
    table["lift"] = table["rate"] / table["penetration"]
    return table.sort_values(["lift", "product_id"], ascending=[False, True]).reset_index(drop=True)


def percent(rate: float) -> str:
    """Return a rate for display: 16.66 -> '16.7%'."""
    return f"{rate:.1f}%"


REAL_LIFT, REAL_BASKETS = 1.1, 20  # a real pairing: sold together 10% more often than chance, in 20+ baskets


def substitute_pairs(data: StoreData) -> list[tuple[str, str]]:
    """Return (cheaper, dearer) pairs of substitutes: a product and its neighbour_id with a higher price."""
    price = {str(p): float(v) for p, v in zip(data.products["product_id"], data.products["price"], strict=True)}
    pairs = set()
    for pid, neighbour in zip(data.products["product_id"], data.products["neighbour_id"], strict=True):
        if isinstance(neighbour, str) and neighbour in price and price[neighbour] != price[str(pid)]:
            cheap, dear = sorted([str(pid), neighbour], key=lambda p: (price[p], p))
            pairs.add((cheap, dear))
    return sorted(pairs)


def upsell_anchor(data: StoreData) -> tuple[str, str, pd.DataFrame]:
    """Return (cheaper product, its dearer substitute, the dearer one's attach partners). Pairs whose dearer
    product has a real pairing (REAL_LIFT, REAL_BASKETS) are picked from by the learner's seed; without
    one, the pair whose dearer product has the strongest pairing."""
    both = co_baskets(data)
    scored = [(cheap, dear, attach_partners(data, dear, both)) for cheap, dear in substitute_pairs(data)]
    scored = [s for s in scored if len(s[2])]
    if not scored:
        raise ValueError("products.csv has no product with a neighbour_id at another price that sold with other "
                         "products; the upselling scenario needs one")
    real = [s for s in scored if s[2]["lift"].iloc[0] >= REAL_LIFT and s[2]["both"].iloc[0] >= REAL_BASKETS]
    if real:
        return real[seed_of(data, "upsell-anchor") % len(real)]
    return max(scored, key=lambda s: float(s[2]["lift"].iloc[0]))


def upsell_basket(data: StoreData) -> Facts:
    """Two customers at a product (the anchor) whose substitute is dearer: one whose need only the dearer one
    meets (an honest upsell), one who states a budget the anchor meets (no upsell). The cross-sell is the
    dearer product's strongest real attach partner in the basket data (highest lift); the wrong one is the
    product least often bought with it for its popularity (lowest lift)."""
    cheap, dear, partners = upsell_anchor(data)
    facts: Facts = {}
    facts.update(product_facts(data, cheap, "anchor", seed_of(data, "upsell-anchor-need")))
    anchor_features = {f for f, _ in features_of(data, cheap)}
    extra = [p for p in features_of(data, dear) if p[0] not in anchor_features] or features_of(data, dear)
    feature, benefit = extra[seed_of(data, "upsell-need") % len(extra)]
    price, dear_price = float(product(data, cheap, "price")), float(product(data, dear, "price"))
    facts.update({"upgrade": str(product(data, dear, "name")), "upgrade_price": money(dear_price),
                  "upgrade_feature": lower_first(feature), "upgrade_benefit": lower_first(benefit),
                  "price_gap": money(dear_price - price)})
    facts.update(_partner_facts(data, partners.iloc[0], "partner"))
    facts.update(_partner_facts(data, partners.iloc[-1], "unrelated"))
    facts["partner_is_real"] = bool(partners["lift"].iloc[0] >= REAL_LIFT and partners["both"].iloc[0] >= REAL_BASKETS)
    facts.update(customer_facts(data, pick_customer(data, "occasional", "upsell-customer"), scene_day(data)))
    second = customer_facts(data, pick_customer(data, "regular", "upsell-second"))
    facts["second_name"], facts["second_segment_a"] = second["customer_name"], second["segment_a"]
    return facts


def _partner_facts(data: StoreData, row: pd.Series, prefix: str) -> Facts:
    """Return an attach partner's name, price, first benefit, attach rate and basket penetration, for display."""
    pid = str(row["product_id"])
    return {prefix: str(product(data, pid, "name")), f"{prefix}_price": money(float(product(data, pid, "price"))),
            f"{prefix}_benefit": lower_first(features_of(data, pid)[0][1]),
            f"{prefix}_rate": percent(float(row["rate"])), f"{prefix}_penetration": percent(float(row["penetration"]))}
