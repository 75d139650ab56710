"""Customer feedback: solicited surveys (NPS, CSAT, CES) and unsolicited reviews and social posts.

Each response has a latent satisfaction that the shortage lowers, long queues lower and the service
improvement raises; the three scores and a templated comment are read off it. Members answering from
a segment with a `mood` of its own (business buyers, who need bulk stock and invoices, are harder to
please) carry it too. Unsolicited feedback leans negative, as it does in real life: unhappy customers
post more.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

SURVEY_RATE = 0.012       # solicited responses per sale
UNSOLICITED_RATE = 0.0015  # reviews and social posts per sale
# The shortage's own dent in satisfaction, on top of the longer queues it causes: together about 10-20
# points off CSAT (a realistic dip, not a collapse).
SHORTAGE_MOOD = -0.22

POSITIVE = ("Really helpful staff, found exactly what I needed.", "Quick and easy visit, thank you.",
            "The assistant explained the options clearly.", "Lovely clean store and friendly team.",
            "Returned an item with no fuss at all.")
NEUTRAL = ("Fine, nothing special.", "Could not find everything but staff helped in the end.",
           "OK visit, a bit busy.")
NEGATIVE_QUEUE = ("Queue at the tills was far too long.", "Only one till open and nobody on the floor.",
                  "Waited ages to pay, will shop elsewhere.")
NEGATIVE_OTHER = ("Item was out of stock again.", "Staff seemed uninterested when I asked for help.",
                  "Refund took too long to sort out.", "Price on the shelf did not match the till.")


def survey_rows(hour_ts: np.ndarray, hourly_sales: np.ndarray, queue: np.ndarray, phase: dict[str, np.ndarray],
                customers: np.ndarray, rng: np.random.Generator, customer_mood: np.ndarray | None = None
                ) -> pd.DataFrame:
    """Return survey and review responses (without ids), one row each, in time order; `customer_mood`
    (one number per customer, 0 for most) shifts the scores of the answers a customer is known to give."""
    n_solicited = rng.poisson(hourly_sales * SURVEY_RATE)
    n_unsolicited = rng.poisson(hourly_sales * UNSOLICITED_RATE)
    hour = np.concatenate([np.repeat(np.arange(len(hour_ts)), n_solicited),
                           np.repeat(np.arange(len(hour_ts)), n_unsolicited)])
    solicited = np.arange(len(hour)) < n_solicited.sum()
    n = len(hour)
    mood = rng.normal(0.0, 1.0, n) - 0.12 * np.maximum(queue[hour] - 3.0, 0.0)
    mood += np.where(phase["shortage"][hour], SHORTAGE_MOOD, 0.0) + np.where(phase["improved"][hour], 0.25, 0.0)
    mood += np.where(solicited, 0.0, -0.7)
    nps_noise, ces_noise = rng.normal(0, 0.6, n), rng.normal(0, 0.5, n)
    source = np.where(solicited, np.where(rng.random(n) < 0.75, "receipt survey", "email survey"),
                      np.where(rng.random(n) < 0.6, "online review", "social media"))
    known = ((source == "email survey") | (solicited & (rng.random(n) < 0.3))) & (len(customers) > 0)
    who = rng.integers(0, max(len(customers), 1), n)
    if customer_mood is not None and len(customers):
        mood = mood + np.where(known, customer_mood[who], 0.0)
    csat = np.clip(np.rint(4.15 + 0.85 * mood), 1, 5)
    nps = np.clip(np.rint(8.1 + 1.7 * mood + nps_noise), 0, 10)
    ces = np.clip(np.rint(5.6 + 1.1 * mood + ces_noise), 1, 7)
    frame = pd.DataFrame({
        "timestamp": hour_ts[hour] + rng.integers(0, 3600, n).astype("timedelta64[s]"),
        "customer_id": np.where(  # type: ignore[call-overload]  # numpy's stubs reject None (an object scalar)
            known, customers[np.minimum(who, len(customers) - 1)], None)
        if len(customers) else None,
        "source": source,
        "solicited": solicited,
        "nps": np.where(solicited, nps, np.nan),
        "csat": np.where(source == "social media", np.nan, csat),
        "ces": np.where(solicited, ces, np.nan),
        "comment": _comments(mood, queue[hour], solicited, rng),
    })
    return frame.sort_values("timestamp", kind="stable").reset_index(drop=True)


def _comments(mood: np.ndarray, queue: np.ndarray, solicited: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Return a templated comment per response: about 40% of surveys comment, every review does."""
    u = rng.random(len(mood))

    def pick(options: Sequence[str]) -> np.ndarray:
        return np.array(options, dtype=object)[(u * len(options)).astype(int)]

    comment = np.where(mood > 0.3, pick(POSITIVE), np.where(mood > -0.6, pick(NEUTRAL),
                       np.where(queue > 5, pick(NEGATIVE_QUEUE), pick(NEGATIVE_OTHER))))
    writes = ~solicited | (rng.random(len(mood)) < 0.4)
    return np.where(writes, comment, None)  # type: ignore[call-overload]  # numpy's stubs reject None (an object scalar)
