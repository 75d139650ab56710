"""Scenario contexts about adapting to a customer's cues: a disabled customer, and one in a hurry.

Each public function takes one learner's StoreData and returns the facts its scenario's YAML uses
(solutions/scenarios/adapt-disability and adapt-hurried): a real loyalty member and products from the
learner's own customers, tills and catalogue, the contact channels their store offers, and the busiest hour
of their footfall, formatted for display, plus the True/False facts the scenario branches on.
Deterministic: a choice that is not forced by the data uses a generator seeded from the learner id.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from course.exercises.nb_1_2_staffing import DAY_NAMES
from course.store import StoreData, learner_seed
from course.store.profile import stream

Facts = dict[str, str | int | float | bool]


def _rng(data: StoreData, name: str) -> np.random.Generator:
    return stream(learner_seed(data.learner_id or data.sector), f"scenario/{name}")


def _customer(data: StoreData, customer_id: str) -> Facts:
    row = data.customers.set_index("customer_id").loc[customer_id]
    segment = str(row["segment"])
    return {"customer_id": customer_id, "customer_name": str(row["name"]),
            "customer_first": str(row["name"]).split()[0], "segment": segment,
            "a_segment": f"{'an' if segment[:1] in 'aeiou' else 'a'} {segment}"}


def product_label(name: str) -> str:
    """A catalogue name to read inside a sentence: "Full-sugar cola, 2 litres" -> "Full-sugar cola (2 litres)"."""
    head, _, rest = name.partition(", ")
    return f"{head} ({rest})" if rest else head


def _day(stamp: pd.Timestamp) -> str:
    return f"{stamp.day} {stamp:%B}"


def _sentence_middle(text: str) -> str:
    """`text` to follow a colon: its first letter in lower case, unless it starts an abbreviation ("TV")."""
    return text[0].lower() + text[1:] if len(text) > 1 and text[1].islower() else text


def _first_available(data: StoreData, preferred: tuple[str, ...]) -> str:
    offered = set(data.interactions["channel"])
    return next((c for c in preferred if c in offered), "in store")


# --- adapt-disability ----------------------------------------------------------------------------------

# What each need looks like at the service desk, the adjustment planned for it, and the mistake people make.
# Texts are written for any customer ("they") and any store; keep each accurate and respectful.
NEEDS: dict[str, dict[str, str | tuple[str, ...]]] = {
    "hearing": {
        "need": "hearing loss",
        "cue": "They tell you they are hard of hearing and wear hearing aids, and they watch your face as you "
               "speak.",
        "need_say": "If you face me and speak clearly, I can lip-read. Is there a hearing loop?",
        "assumption_reply": "(Leaning in and raising your voice) I'LL - SPEAK - UP - FOR - YOU!",
        "assumption_why": "Shouting and stretched-out words distort lip patterns and the sound through hearing aids, "
                          "and they feel patronising.",
        "adjust_reply": "I'll face you and speak at a natural pace. The hearing loop at this desk is on: "
                        "set your aids to the loop setting. There's a notepad here too if writing helps.",
        "confirm_way": "in writing as well as out loud",
        "gap": "the sign that shows the service desk has a hearing loop has fallen down, so customers cannot "
               "tell it is there",
        "channels": ("email", "web chat", "social media", "phone"),
    },
    "wheelchair": {
        "need": "a wheelchair user",
        "cue": "They use a wheelchair, and the main service counter is high.",
        "need_say": "Talking up over that counter is a pain, to be honest.",
        "assumption_reply": "(Taking hold of the wheelchair's handles) Let me push you round to the end of the desk.",
        "assumption_why": "A wheelchair is part of its user's personal space: never push or hold it unless they "
                          "ask you to.",
        "adjust_reply": "Let's use the lowered section at the end of the desk, so we're at the same level. "
                        "Does that work for you?",
        "confirm_way": "face to face, at the lowered section of the desk",
        "gap": "boxes of stock have been left in front of the lowered section of the desk all week",
        "channels": ("phone", "email", "web chat", "social media"),
    },
    "autism": {
        "need": "autistic",
        "cue": "They tell you they are autistic, and that the noise and crowds on the shop floor are a lot for "
               "them today.",
        "need_say": "Could we talk somewhere quieter? And please tell me exactly what will happen.",
        "assumption_reply": "Really? You don't seem autistic at all. You're doing fine!",
        "assumption_why": "Autism is often invisible. Doubting it dismisses what the customer told you and makes them "
                          "less likely to ask for help again.",
        "adjust_reply": "Let's move to the quieter area by customer services, away from the tills, "
                        "and I'll tell you each step before I do it.",
        "confirm_way": "plainly, one step at a time, and in writing",
        "gap": "the store's quieter shopping hour is not mentioned on the website, so customers cannot plan a "
               "visit around it",
        "channels": ("email", "web chat", "phone", "social media"),
    },
    "low-vision": {
        "need": "low vision",
        "cue": "They tell you they have low vision, and they hold their receipt very close to read it.",
        "need_say": "Could you read it out to me? The print on these is too small.",
        "assumption_reply": "(Taking their arm) Here, let me lead you over to the desk.",
        "assumption_why": "Taking someone's arm without asking is startling and can unbalance them. Ask first; if they "
                          "want guiding, offer your elbow.",
        "adjust_reply": "I'll read it out now, and there's a large-print copy of the details you can "
                        "take home.",
        "confirm_way": "out loud, with a large-print copy to take home",
        "gap": "the large-print copies of the store's returns and services information have run out",
        "channels": ("phone", "email", "web chat", "social media"),
    },
}


def _card_purchase(data: StoreData, rng: np.random.Generator) -> tuple[str, pd.Timestamp, str]:
    """A seeded card sale: (customer_id, when, product_id of its first line)."""
    sales = data.transactions.dropna(subset=["customer_id"]).sort_values("transaction_id")
    if sales.empty:
        raise ValueError("no sale in transactions.csv has a customer_id, so no loyalty member can be the customer")
    sale = sales.iloc[int(rng.integers(len(sales)))]
    lines = data.transaction_lines[data.transaction_lines["transaction_id"] == sale["transaction_id"]]
    product = lines.sort_values("line_no")["product_id"].iloc[0]
    return str(sale["customer_id"]), pd.Timestamp(sale["timestamp"]), str(product)


def disability_cue(data: StoreData) -> Facts:
    """A loyalty member with a disability asks about something they bought, at the service desk.

    The need (hearing loss, a wheelchair user, autistic, low vision) and whether a friend comes with them
    (`with_companion`) are chosen by a generator seeded from the learner id; the customer, the product and
    its first feature and benefit come from a card sale in the learner's own tills and catalogue, and the
    follow-up channel is the first one that suits the need among those the store's contact log shows.
    """
    rng = _rng(data, "disability-cue")
    key = sorted(NEEDS)[int(rng.integers(len(NEEDS)))]
    with_companion = bool(rng.random() < 0.5)
    customer, when, product_id = _card_purchase(data, rng)
    product = data.products.set_index("product_id").loc[product_id]
    texts = {k: v for k, v in NEEDS[key].items() if isinstance(v, str)}
    channels = NEEDS[key]["channels"]
    assert isinstance(channels, tuple)
    return {
        **_customer(data, customer),
        **texts,
        "need_key": key,
        "with_companion": with_companion,
        "product": product_label(str(product["name"])),
        "bought_on": _day(when),
        "feature": str(product["feature_1"]),
        "benefit": _sentence_middle(str(product["benefit_1"])),
        "follow_up_channel": _first_available(data, channels),
    }


# --- adapt-hurried -------------------------------------------------------------------------------------

def _clock(hour: int) -> str:
    return "noon" if hour == 12 else f"{hour % 12 or 12}{'am' if hour < 12 else 'pm'}"


def busiest_hour(data: StoreData) -> tuple[str, int, float]:
    """The busiest hour of the week on average: (day of the week, clock hour, its average visitors).

    Each (day of the week, clock hour) is averaged over the open days it occurs on, as 1.2 does for hours.
    """
    stamps = data.footfall["timestamp"]
    per_slot = data.footfall.groupby([stamps.dt.day_of_week, stamps.dt.hour])["visitors"].mean()
    weekday, hour = per_slot.index[int(per_slot.to_numpy().argmax())]  # the first of the highest
    return DAY_NAMES[int(weekday)], int(hour), float(per_slot.max())


def _order(data: StoreData, rng: np.random.Generator) -> tuple[str, str, str]:
    """(collected product, missing product, its substitute or "") from the catalogue, seeded."""
    products = data.products.sort_values("product_id").set_index("product_id")
    names = products["name"].astype(str).map(product_label)
    ids = list(products.index[rng.permutation(len(products))])
    collected = ids[0]
    others = ids[1:] or ids
    neighbour = products["neighbour_id"]
    with_sub = [p for p in others if pd.notna(neighbour[p]) and neighbour[p] != collected and neighbour[p] in names]
    missing = (with_sub or others)[0]
    substitute = str(names[neighbour[missing]]) if missing in with_sub else ""
    return str(names[collected]), str(names[missing]), substitute


def hurried_collect(data: StoreData) -> Facts:
    """A loyalty member collecting an order in a hurry, at the busiest hour of the learner's week.

    The day and hour come from the learner's footfall: the hour of the week with the most visitors on
    average. The customer is a seeded loyalty member who has bought in store; half the learners (seeded)
    get one who chased an order in the contact log (`chased_order`, with its date and channel). The order's
    two products and the substitute for the missing one (`has_substitute`) come from the catalogue's
    closest-substitute column.
    """
    rng = _rng(data, "hurried-collect")
    day, hour, visitors = busiest_hour(data)
    buyers = sorted(set(data.transactions["customer_id"].dropna()))
    chases = data.interactions[(data.interactions["reason"] == "order status")
                               & data.interactions["customer_id"].isin(buyers)].sort_values("interaction_id")
    want_chaser = bool(rng.random() < 0.5)
    pool = sorted(set(chases["customer_id"])) if want_chaser and not chases.empty else buyers
    if not pool:
        raise ValueError("no sale in transactions.csv has a customer_id, so no loyalty member can be the customer")
    customer = pool[int(rng.integers(len(pool)))]
    theirs = chases[chases["customer_id"] == customer]
    collected, missing, substitute = _order(data, rng)
    last = theirs.iloc[-1] if len(theirs) else None
    return {
        **_customer(data, customer),
        "peak_day": day,
        "peak_hour": f"{_clock(hour)} to {_clock(hour + 1)}",
        "peak_visitors": round(visitors),
        "product": collected,
        "missing_product": missing,
        "substitute": substitute,
        "has_substitute": bool(substitute),
        "chased_order": last is not None,
        "chase_date": _day(pd.Timestamp(last["timestamp"])) if last is not None else "",
        "chase_channel": str(last["channel"]) if last is not None else "",
    }
