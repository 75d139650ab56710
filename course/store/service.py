"""Service records: the CRM contact log, complaints and survey responses, with the service stories.

- Staff shortage: more complaints (mostly about queues), more late CRM entries, lower scores.
- Service improvement (a PDCA cycle): fewer complaints, better first contact resolution, faster
  complaint resolution afterwards.
- First contact resolution differs by channel (best in store, lower by phone, email and social media).
- First contact resolution follows domain-facts.md: a contact is resolved at first contact unless a
  repeat contact about the same issue comes within 7 days; repeat contacts are never first contacts.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from course.store.schema import CHANNELS, COMPLAINT_CATEGORIES, REASONS, SEVERITIES

_CHANNEL_P = np.array([0.45, 0.20, 0.15, 0.12, 0.08])
_HANDLE_MIN = np.array([6.0, 8.0, 12.0, 10.0, 7.0])
# How readily each channel resolves a contact first time, relative to the store (in store best: the
# item is there to see; phone contacts often need a call back once someone has checked the stockroom).
_CHANNEL_FCR = np.array([1.08, 0.9, 0.88, 0.97, 0.85])
_OTHER_REASON_P = np.array([0.33, 0.22, 0.13, 0.21, 0.0, 0.11])
_CATEGORY_P = np.array([0.14, 0.12, 0.30, 0.20, 0.10, 0.14])
_CATEGORY_P_SHORTAGE = np.array([0.52, 0.16, 0.12, 0.08, 0.05, 0.07])
CONTACTS_PER_SALE = 0.05
COMPLAINTS_PER_1000 = 2.6
# The staff-shortage story, sized to be visible but realistic: complaints per sale about doubled,
# first contact resolution down about 8-12 points (fewer first contacts resolved, so more repeats) and
# about three times as many CRM records typed up late.
SHORTAGE_COMPLAINTS = 2.2
SHORTAGE_RESOLVED = 0.76  # chance a first contact is resolved (0.80 usually, 0.87 after the improvement)
SHORTAGE_LATE = 0.18


def contacts(hour_ts: np.ndarray, hourly_sales: np.ndarray, phase: dict[str, np.ndarray],
             rng: np.random.Generator) -> pd.DataFrame:
    """Return first contacts per hour (complaints included) with channel, reason and timing.

    `phase` holds per-hour boolean arrays `shortage` and `improved`.
    """
    complaint_rate = COMPLAINTS_PER_1000 / 1000 * np.where(phase["shortage"], SHORTAGE_COMPLAINTS, 1.0) \
        * np.where(phase["improved"], 0.55, 1.0)
    n_complaints = rng.poisson(hourly_sales * complaint_rate)
    n_other = rng.poisson(hourly_sales * CONTACTS_PER_SALE)
    hour_idx = np.concatenate([np.repeat(np.arange(len(hour_ts)), n_complaints),
                               np.repeat(np.arange(len(hour_ts)), n_other)])
    is_complaint = np.arange(len(hour_idx)) < n_complaints.sum()
    reason = np.where(is_complaint, REASONS.index("complaint"),
                      rng.choice(len(REASONS), len(hour_idx), p=_OTHER_REASON_P))
    stamps = hour_ts[hour_idx] + rng.integers(0, 3600, len(hour_idx)).astype("timedelta64[s]")
    return pd.DataFrame({"timestamp": stamps, "hour_idx": hour_idx, "reason": np.array(REASONS)[reason]})


def resolve_and_repeat(first: pd.DataFrame, phase: dict[str, np.ndarray], period_end: np.datetime64,
                       rng: np.random.Generator) -> pd.DataFrame:
    """Return first contacts plus repeat contacts, with resolution flags and repeat links (ids unset)."""
    p = np.where(phase["improved"][first["hour_idx"]], 0.87, 0.80)
    p = np.where(phase["shortage"][first["hour_idx"]], SHORTAGE_RESOLVED, p)
    unresolved = rng.random(len(first)) >= p
    gap_days = rng.integers(1, 7, len(first)).astype("timedelta64[D]")  # same time, 1 to 6 days later
    repeat_ts = first["timestamp"].to_numpy() + gap_days
    has_repeat = unresolved & (rng.random(len(first)) < 0.85) & (repeat_ts <= period_end)
    first = first.assign(resolved_first_contact=~unresolved, repeat_row=-1)
    repeats = first[has_repeat].assign(timestamp=repeat_ts[has_repeat], resolved_first_contact=False,
                                       repeat_row=np.flatnonzero(has_repeat))
    return pd.concat([first, repeats], ignore_index=True)


def contact_details(log: pd.DataFrame, phase: dict[str, np.ndarray], known_customers: np.ndarray,
                    rng: np.random.Generator) -> pd.DataFrame:
    """Add channel, handling time, customer and late-entry flags to the contact log."""
    n = len(log)
    resolved = log["resolved_first_contact"].to_numpy(dtype=bool)
    u = rng.random(n)
    channel = np.where(resolved, _draw(u, _CHANNEL_P * _CHANNEL_FCR / (_CHANNEL_P * _CHANNEL_FCR).sum()),
                       _draw(u, _CHANNEL_P * (2 - _CHANNEL_FCR) / (_CHANNEL_P * (2 - _CHANNEL_FCR)).sum()))
    minutes = np.round(_HANDLE_MIN[channel] * rng.lognormal(0.0, 0.45, n), 1)
    known = rng.random(n) < 0.6
    customer = (np.where(known, rng.choice(known_customers, n), None)  # type: ignore[call-overload]  # stubs reject None
                if len(known_customers) else np.full(n, None, dtype=object))
    late = rng.random(n) < np.where(phase["shortage"][log["hour_idx"]], SHORTAGE_LATE, 0.06)
    return log.assign(channel=np.array(CHANNELS)[channel], handle_minutes=minutes, customer_id=customer,
                      entered_late=late)


def complaint_rows(complaint_contacts: pd.DataFrame, phase: dict[str, np.ndarray], period_end: np.datetime64,
                   rng: np.random.Generator) -> pd.DataFrame:
    """Return the complaints log for the contacts whose reason is a complaint."""
    n = len(complaint_contacts)
    hour = complaint_contacts["hour_idx"].to_numpy()
    shortage, improved = phase["shortage"][hour], phase["improved"][hour]
    u = rng.random(n)
    category = np.where(shortage, _draw(u, _CATEGORY_P_SHORTAGE), _draw(u, _CATEGORY_P))
    severity = rng.choice(len(SEVERITIES), n, p=[0.5, 0.35, 0.15])
    hours_to_fix = rng.lognormal(np.log(np.where(improved, 16.0, 34.0)), 0.8, n)
    received = complaint_contacts["timestamp"].to_numpy()
    resolved = received + (hours_to_fix * 3600).astype("timedelta64[s]")
    still_open = (resolved > period_end) | (rng.random(n) < 0.03)  # a few are never closed in the system
    if n and not still_open.any():  # a quiet store still has one: the latest, being handled as the period ends
        still_open[np.argmax(received)] = True
    outcome = _outcomes(category, rng)
    well_handled = (hours_to_fix <= 48) & (outcome != "no further action")
    score = np.clip(np.rint(rng.normal(np.where(well_handled, 4.35, 2.5), 0.75)), 1, 5)
    replied = (rng.random(n) < 0.6) & ~still_open
    return pd.DataFrame({
        "interaction_row": complaint_contacts.index.to_numpy(),
        "customer_id": complaint_contacts["customer_id"].to_numpy(),
        "received": received,
        "resolved": np.where(still_open, np.datetime64("NaT"), resolved),
        "category": np.array(COMPLAINT_CATEGORIES)[category],
        "severity": np.array(SEVERITIES)[severity],
        "outcome": np.where(still_open, "open", outcome),
        "satisfaction_after": np.where(replied, score, np.nan),
    })


def _draw(u: np.ndarray, p: np.ndarray) -> np.ndarray:
    return np.minimum(np.searchsorted(np.cumsum(p), u, side="right"), len(p) - 1)


def _outcomes(category: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Return a plausible outcome per complaint category."""
    options = {
        0: (["apology", "voucher"], [0.7, 0.3]),
        1: (["apology", "voucher"], [0.8, 0.2]),
        2: (["refund", "replacement", "repair"], [0.4, 0.45, 0.15]),
        3: (["refund", "apology", "no further action"], [0.7, 0.2, 0.1]),
        4: (["refund", "voucher", "no further action"], [0.5, 0.3, 0.2]),
        5: (["apology", "voucher"], [0.6, 0.4]),
    }
    out = np.empty(len(category), dtype=object)
    u = rng.random(len(category))
    for code, (names, probs) in options.items():
        rows = category == code
        out[rows] = np.array(names, dtype=object)[_draw(u[rows], np.array(probs))]
    return out
