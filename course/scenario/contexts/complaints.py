"""Facts for the complaint conversations (3.3 and 5.3), picked from the learner's own complaints log.

Each public function takes a StoreData and returns the facts one scenario's YAML uses: a real
complaint (its category, channel, date, severity and logged outcome), the customer who made it, and for
faulty goods the purchase behind it, with the days between purchase and complaint that decide the
customer's rights under the Consumer Rights Act 2015. Words the customer says and the action that fits
are chosen by the complaint's real category. Picks are deterministic (ordered by the data, seeded by the
learner id where there is a free choice).
"""

from __future__ import annotations

import pandas as pd

from course.scenario.contexts.sales import Facts, long_date, seed_of
from course.store import StoreData

SHORT_TERM_DAYS = 30  # the short-term right to reject (Consumer Rights Act 2015)
PRESUMPTION_MONTHS = 6  # a fault within 6 months of delivery is presumed to have been there at delivery

# What the customer says, the summary that shows you heard it, and a specific, timed action, by category.
SAYS = {
    "queue or wait time": "I queued for ages at the tills with only one open, and nobody did anything about it.",
    "staff attitude": "The assistant I asked for help was short with me and walked off while I was still talking.",
    "product quality": "What I bought from you isn't up to standard, and I want it sorted.",
    "refund or return": "I brought something back and was refused a refund, and nobody could tell me why.",
    "pricing or promotion": "The shelf said it was on offer, but the till charged me the full price.",
    "availability": "I came in specially for something you said you had, and it wasn't there.",
}
SUMMARY = {
    "queue or wait time": "you queued for a long time with only one till open, and nobody opened another",
    "staff attitude": "the colleague you asked for help was short with you and walked away mid-sentence",
    "product quality": "what you bought isn't up to standard",
    "refund or return": "you were refused a refund without a clear reason",
    "pricing or promotion": "the shelf showed an offer but you were charged the full price",
    "availability": "you came in specially for an item we said we had, and it wasn't there",
}
ACTION = {
    "queue or wait time": "I'll give your details and the time of your visit to the store manager today, so till "
                          "cover at that time is looked at, and I'll ring you within two working days to say what "
                          "we've changed",
    "staff attitude": "I'll report this to the store manager today, who will talk to the colleague, and I'll ring "
                      "you within two working days to tell you what has been done",
    "product quality": "I'll check the item with you now and put it right today with a repair, replacement or "
                       "refund, as your rights allow",
    "refund or return": "I'll check your return against our policy and your legal rights now; if a refund is due "
                        "I'll put it through today, and it will reach you within 14 days at the latest",
    "pricing or promotion": "I'll refund the difference to you now, and I'll correct the shelf label myself "
                            "before I go back to the floor",
    "availability": "I'll check stock in our other stores now, order it in for you free of charge, and ring you "
                    "the day it arrives",
}
CHANNEL_WORDS = {"in store": "in store", "phone": "by phone", "email": "by email", "web chat": "on web chat",
                 "social media": "on social media"}
FAULT = {
    "apparel": "a seam has split after a few careful wears",
    "grocery": "it was damaged inside the packaging when they opened it",
    "electronics": "it has stopped working and will not switch on",
    "homeware": "a fault has appeared in normal, careful use",
}


def _customer_name(data: StoreData, customer_id: object) -> str:
    if isinstance(customer_id, str):
        names = data.customers.set_index("customer_id")["name"]
        if customer_id in names.index:
            return str(names.loc[customer_id])
    return "the customer"


def _channels(data: StoreData, complaints: pd.DataFrame) -> pd.Series:
    return complaints["interaction_id"].map(data.interactions.set_index("interaction_id")["channel"])


def heat_exercise_row(data: StoreData) -> str | None:
    """Return the complaint id that 3.3's HEAT exercise uses (the most recent serious closed one), if any."""
    closed = data.complaints[data.complaints["outcome"] != "open"]
    serious = closed[closed["severity"] == "high"]
    pool = serious if len(serious) else closed
    return str(pool.sort_values("received").iloc[-1]["complaint_id"]) if len(pool) else None


def complaint_facts(data: StoreData, row: pd.Series) -> Facts:
    """Return one complaint's facts for display, with the words and action its category calls for."""
    category = str(row["category"])
    channel = str(_channels(data, row.to_frame().T).iloc[0])
    return {"complaint_id": str(row["complaint_id"]), "category": category, "severity": str(row["severity"]),
            "channel": CHANNEL_WORDS.get(channel, channel), "raised_in_store": channel == "in store",
            "received_date": long_date(pd.Timestamp(row["received"])),
            "received_time": f"{pd.Timestamp(row['received']):%H:%M}", "outcome": str(row["outcome"]),
            "customer_name": _customer_name(data, row["customer_id"]), "complaint_says": SAYS[category],
            "complaint_summary": SUMMARY[category], "action": ACTION[category]}


def _seeded_row(data: StoreData, pool: pd.DataFrame, purpose: str) -> pd.Series:
    pool = pool.sort_values("complaint_id")
    return pool.iloc[seed_of(data, purpose) % len(pool)]


def heat_complaint(data: StoreData) -> Facts:
    """A real closed complaint (not about faulty goods, which the rights scenario covers, and not the HEAT
    exercise's), from a known customer where possible; seeded among those that qualify."""
    complaints = data.complaints
    if complaints.empty:
        raise ValueError("complaints.csv is empty; the HEAT scenario needs at least one complaint")
    closed = complaints[(complaints["outcome"] != "open") & (complaints["complaint_id"] != heat_exercise_row(data))]
    tiers = [closed[(closed["category"] != "product quality") & closed["customer_id"].notna()],
             closed[closed["category"] != "product quality"], closed, complaints]
    pool = next(t for t in tiers if len(t))
    return complaint_facts(data, _seeded_row(data, pool, "heat-complaint"))


def angry_customer(data: StoreData) -> Facts:
    """A customer whose real complaint left them angry: seeded among complaints about service rather than
    faulty goods, preferring ones raised in store, then serious ones, then ones from a known customer."""
    complaints = data.complaints
    if complaints.empty:
        raise ValueError("complaints.csv is empty; the angry-customer scenario needs at least one complaint")
    service = complaints[complaints["category"] != "product quality"]
    in_store = service[_channels(data, service) == "in store"]
    tiers = [in_store[in_store["severity"] == "high"], in_store, service[service["severity"] == "high"], service,
             complaints]
    known = [tier[tier["customer_id"].notna()] for tier in tiers]
    pool = next(t for pair in zip(known, tiers, strict=True) for t in pair if len(t))
    row = _seeded_row(data, pool, "angry-customer")
    return complaint_facts(data, row)


def _purchase_of(data: StoreData, tx: pd.DataFrame, row: pd.Series) -> pd.Series | None:
    """The customer's purchase (from `tx`) the complaint is about: for food, the last before it; else a seeded
    earlier one."""
    prior = tx[(tx["customer_id"] == row["customer_id"]) & (tx["timestamp"] < row["received"])]
    if prior.empty:
        return None
    prior = prior.sort_values("timestamp")
    if data.sector == "grocery":
        return prior.iloc[-1]
    return prior.iloc[seed_of(data, f"faulty-purchase/{row['complaint_id']}") % len(prior)]


def _faulty_case(data: StoreData) -> tuple[pd.Series, pd.Series]:
    """Return (complaint, purchase): a product-quality complaint by a customer with an earlier purchase
    (seeded); else any complaint with one."""
    complaints = data.complaints[data.complaints["customer_id"].notna()].sort_values("complaint_id")
    tx = data.transactions[data.transactions["customer_id"].isin(set(complaints["customer_id"]))]
    for pool in (complaints[complaints["category"] == "product quality"], complaints):
        cases = [(c, p) for _, c in pool.iterrows() if (p := _purchase_of(data, tx, c)) is not None]
        if cases:
            return cases[seed_of(data, "faulty-goods") % len(cases)]
    raise ValueError("complaints.csv has no complaint from a loyalty customer with an earlier sale in "
                     "transactions.csv; the faulty-goods scenario needs one")


def _days_words(days: int) -> str:
    """Return days for display: 0 -> 'less than a day', 1 -> '1 day', 12 -> '12 days'."""
    return "less than a day" if days == 0 else f"{days} day{'s' if days != 1 else ''}"


def faulty_goods(data: StoreData) -> Facts:
    """Faulty goods: a real product-quality complaint and the purchase behind it (its dearest line). The
    days from purchase (delivery, in store) to complaint decide the remedy: within_30_days -> the
    short-term right to reject, the customer's choice; after -> repair or replacement first.
    within_6_months -> the fault is presumed present at delivery; after -> the customer must show it."""
    complaint, sale = _faulty_case(data)
    lines = data.transaction_lines[data.transaction_lines["transaction_id"] == sale["transaction_id"]]
    line = lines.sort_values(["unit_price", "product_id"], ascending=[False, True]).iloc[0]
    bought, received = pd.Timestamp(sale["timestamp"]), pd.Timestamp(complaint["received"])
    days = int((received.normalize() - bought.normalize()).days)
    name = _customer_name(data, complaint["customer_id"])
    return {"customer_name": name,
            "complaint_id": str(complaint["complaint_id"]),
            "product": str(data.products.set_index("product_id").loc[line["product_id"], "name"]),
            "purchase_date": long_date(bought), "complaint_date": long_date(received),
            "transaction_id": str(sale["transaction_id"]), "fault": FAULT.get(data.sector, FAULT["homeware"]),
            "days_since_purchase": days, "days_text": _days_words(days),
            "within_30_days": days <= SHORT_TERM_DAYS,
            "within_6_months": received.normalize() < bought.normalize() + pd.DateOffset(months=PRESUMPTION_MONTHS)}
