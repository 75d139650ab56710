"""The people in the store: the team, its rota (with the staff-shortage story) and loyalty customers.

All names, emails and phone numbers are synthetic and flagged as such: emails use example.com and
phone numbers come from Ofcom's range reserved for drama (07700 900000 to 07700 900999).
"""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pandas as pd

from course.store.calendar import SUNDAY_HOURS
from course.store.profile import SectorProfile, Stories, sequential_ids

FIRST_NAMES = ("Aisha", "Ben", "Chloe", "Daniel", "Ella", "Fraser", "Grace", "Harry", "Isla", "Jack", "Kiran",
               "Leah", "Mohammed", "Niamh", "Oliver", "Priya", "Rhys", "Sophie", "Tom", "Zara", "Amelia",
               "Callum", "Freya", "Hamza", "Jessica", "Liam", "Maya", "Owen", "Ruby", "Yusuf")
LAST_NAMES = ("Ahmed", "Brown", "Campbell", "Davies", "Evans", "Green", "Hughes", "Jones", "Khan", "Lewis",
              "Murphy", "Patel", "Roberts", "Singh", "Smith", "Taylor", "Walker", "Williams", "Wilson", "Wright")
SHIFT_PAID_HOURS = 7.5
_ROLE_PLAN = (("store manager", 40.0), ("assistant manager", 37.5), ("team leader", 37.5), ("team leader", 37.5))
_ADVISOR_HOURS = np.array([37.5, 30.0, 24.0, 16.0])


COVER = "S01"               # the manager, who serves when nobody else is on the floor
SKILL_RANGE = (0.92, 1.04)  # how readily colleagues turn a browser into a sale (1 = typical)
STAR_SKILL = 1.15           # one advisor on 30 hours is the team's best seller (see calibrated_skill) ...
STAR_HOURS = 30.0
STAR_LEAD = 1.10            # ... selling about 10% more per hour worked than anyone else ...
STAR_SICK_SHARE = 0.18      # ... and off sick for one spell of 18% of the period (9 weeks in a year)


def staff_table(profile: SectorProfile, rng: np.random.Generator, start: pd.Timestamp) -> pd.DataFrame:
    """Return the team: a manager, an assistant, two team leaders and advisors on mixed contracts, with
    the simulation-only column `skill` (one advisor, on 30 hours, is the best seller by far)."""
    n = profile.staff
    roles = [r for r, _ in _ROLE_PLAN] + [
        "customer service advisor" if i % 4 == 0 else "sales advisor" for i in range(n - len(_ROLE_PLAN))]
    hours = np.concatenate([[h for _, h in _ROLE_PLAN], rng.choice(_ADVISOR_HOURS, n - len(_ROLE_PLAN))])
    names = rng.choice(FIRST_NAMES, n, replace=False)
    service_days = rng.integers(30, 365 * 8, n)
    skill = rng.uniform(*SKILL_RANGE, n)
    star = len(_ROLE_PLAN) + int(rng.integers(0, n - len(_ROLE_PLAN)))
    skill[star], hours[star] = STAR_SKILL, STAR_HOURS
    return pd.DataFrame({
        "staff_id": [f"S{i + 1:02d}" for i in range(n)],
        "name": names.astype(object),
        "role": roles,
        "contracted_hours": hours.astype(float),
        "start_date": (start - pd.to_timedelta(service_days, unit="D")).normalize(),
        "skill": skill,
    })


def rota_table(days: pd.DataFrame, staff: pd.DataFrame, profile: SectorProfile, stories: Stories,
               rng: np.random.Generator) -> pd.DataFrame:
    """Return planned shifts: more people on busier days; absences spike during the shortage story.

    Full-timers work 8-hour early or late shifts; part-timers work shorter shifts over the midday peak.
    Long shifts are missed more often than short ones, and the best seller has a long spell off sick.
    """
    open_days = days[days["open"]].reset_index(drop=True)
    length = shift_length(staff["contracted_hours"].to_numpy())
    per_week = staff["contracted_hours"].to_numpy() / paid_hours(length)
    mean_factor = open_days["factor"].mean()
    wanted = np.rint(per_week.sum() / 7 * 0.97 * open_days["factor"].to_numpy() / mean_factor).astype(int)
    wanted = np.clip(wanted, 3, len(staff))
    chosen_day, chosen_staff, order = _pick_staff(wanted, per_week, rng)
    day = open_days["day"].to_numpy()[chosen_day]
    start_h, end_h = _shift_times(open_days["dow"].to_numpy()[chosen_day], order, length[chosen_staff], profile)
    hours = paid_hours(end_h - start_h)
    in_shortage = (day >= np.datetime64(stories.shortage_start)) & (day <= np.datetime64(stories.shortage_end))
    absent = rng.random(len(day)) < np.where(in_shortage, SHORTAGE_ABSENCE, ABSENCE_PER_SHIFT * (hours / 6.5) ** 2)
    absent |= _sick_spell(open_days["day"], staff, rng)[chosen_day, chosen_staff]
    rota = pd.DataFrame({
        "date": day,
        "staff_id": staff["staff_id"].to_numpy()[chosen_staff],
        "start": day + start_h.astype("timedelta64[h]"),
        "end": day + end_h.astype("timedelta64[h]"),
        "hours": hours,
        "absent": absent,
    }).sort_values(["date", "start", "staff_id"], kind="stable").reset_index(drop=True)
    rota.insert(0, "shift_id", sequential_ids("R", len(rota), 5))
    return rota


# Share of shifts missed during the staff-shortage story (about a third): enough to leave peak shifts uncovered and
# lengthen queues, not so many that the store could hardly open.
SHORTAGE_ABSENCE = 0.32
ABSENCE_PER_SHIFT = 0.03  # chance a 6.5-paid-hour shift is missed; it grows with the square of the length


def _sick_spell(open_days: pd.Series, staff: pd.DataFrame, rng: np.random.Generator) -> np.ndarray:
    """Return a (day, colleague) grid: True on the days of the best seller's spell of sickness."""
    grid = np.zeros((len(open_days), len(staff)), dtype=bool)
    if "skill" not in staff:
        return grid
    span = (open_days.iloc[-1] - open_days.iloc[0]).days + 1
    length = max(7, round(span * STAR_SICK_SHARE))
    first = open_days.iloc[0] + pd.Timedelta(days=int(rng.integers(0, max(span - length, 1))))
    in_spell = ((open_days >= first) & (open_days < first + pd.Timedelta(days=length))).to_numpy()
    grid[np.ix_(in_spell, staff["skill"].to_numpy() >= STAR_SKILL)] = True
    return grid


def shift_length(contracted: np.ndarray) -> np.ndarray:
    """Return each colleague's shift length in clock hours: 8 for 30 hours a week or more, 6 for 24, else 4."""
    return np.select([contracted >= 30, contracted >= 24], [8, 6], 4)


def paid_hours(clock: np.ndarray) -> np.ndarray:
    """Return the paid hours of shifts of `clock` hours: an unpaid half-hour break from 6 hours up."""
    clock = np.minimum(np.asarray(clock, dtype=float), 8)
    return np.where(clock >= 6, clock - 0.5, clock)


def _pick_staff(wanted: np.ndarray, weights: np.ndarray, rng: np.random.Generator
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Weighted sampling without replacement for every day at once (Efraimidis-Spirakis keys)."""
    keys = rng.random((len(wanted), len(weights))) ** (1.0 / weights)
    ranked = np.argsort(-keys, axis=1, kind="stable")
    order = np.broadcast_to(np.arange(len(weights)), ranked.shape)
    take = order < wanted[:, None]
    day_idx = np.broadcast_to(np.arange(len(wanted))[:, None], ranked.shape)
    return day_idx[take], ranked[take], order[take]


def _shift_times(dow: np.ndarray, order: np.ndarray, length: np.ndarray, profile: SectorProfile
                 ) -> tuple[np.ndarray, np.ndarray]:
    """Return shift start and end hours: 8-hour early and late shifts in turn, shorter part-time shifts
    around the midday peak (11am-5pm or noon-4pm); Sunday shifts cover the day."""
    sunday = dow == 6
    full_time = length >= 8
    done = np.cumsum(full_time)  # early and late alternate among each day's full-timers
    day_start = np.flatnonzero(np.r_[True, order[1:] <= order[:-1]]) if len(order) else np.array([], dtype=int)
    first_of_day = np.repeat(day_start, np.diff(np.r_[day_start, len(order)]))
    early = (done - done[first_of_day] + full_time[first_of_day] - 1) % 2 == 0
    start = np.where(length >= 8, np.where(early, profile.open_hour, profile.close_hour - 8), 14 - length // 2)
    start = np.where(sunday, SUNDAY_HOURS[0], start)
    end = np.where(sunday, SUNDAY_HOURS[1], start + length)
    return start.astype(int), np.minimum(end, profile.close_hour).astype(int)


def calibrated_skill(staff: pd.DataFrame, on_floor: pd.DataFrame, rota: pd.DataFrame, hour_ts: np.ndarray,
                     hourly_tx: np.ndarray) -> pd.Series:
    """Return staff_id -> skill, with the best seller's skill set so that their expected sales per hour
    worked are STAR_LEAD times the next best colleague's (whoever has the busier shifts)."""
    skill = staff.set_index("staff_id")["skill"].astype(float)
    star = skill.index[skill.to_numpy() >= STAR_SKILL]
    worked = rota[~rota["absent"]].groupby("staff_id")["hours"].sum()
    floor_ts = on_floor["timestamp"].to_numpy()
    row_hour = np.minimum(np.searchsorted(hour_ts, floor_ts), max(len(hour_ts) - 1, 0))  # the open hours are unique
    ok = hour_ts[row_hour] == floor_ts if len(hour_ts) else np.zeros(len(floor_ts), dtype=bool)
    hour_idx = row_hour[ok]
    ids, who = np.unique(on_floor["staff_id"].to_numpy(dtype=str)[ok], return_inverse=True)
    for _ in range(3):  # the star's own skill changes everyone's share of the hours they work in
        weight = skill.reindex(ids).to_numpy()[who]
        on_hour = np.bincount(hour_idx, weights=weight, minlength=len(hour_ts))
        by_colleague = pd.Series(hourly_tx[hour_idx] * weight / on_hour[hour_idx]).groupby(who).sum()
        expected = pd.Series(by_colleague.to_numpy(), index=ids[by_colleague.index])
        expected[COVER] = expected.get(COVER, 0.0) + hourly_tx[on_hour == 0].sum()  # see transactions_frame
        per_hour = (expected / worked).dropna()
        if star.empty or star[0] not in per_hour or len(per_hour) < 2:
            break
        best_other = per_hour.drop(star[0]).max()
        skill[star[0]] *= STAR_LEAD * best_other / per_hour[star[0]]
    return skill


def staff_on_floor(rota: pd.DataFrame) -> pd.DataFrame:
    """Return one row per worked staff-hour: timestamp (hour start) and staff_id."""
    worked = rota[~rota["absent"]]
    n_hours = ((worked["end"] - worked["start"]).dt.total_seconds() / 3600).astype(int).to_numpy()
    idx = np.repeat(np.arange(len(worked)), n_hours)
    offset = np.arange(len(idx)) - np.repeat(np.cumsum(n_hours) - n_hours, n_hours)
    return pd.DataFrame({
        "timestamp": worked["start"].to_numpy()[idx] + offset.astype("timedelta64[h]"),
        "staff_id": worked["staff_id"].to_numpy()[idx],
    })


def customers_table(profile: SectorProfile, n: int, start: pd.Timestamp, end: pd.Timestamp,
                    rng: np.random.Generator) -> pd.DataFrame:
    """Return `n` loyalty members: most joined before the period, about a fifth joined during it."""
    joined_during = rng.random(n) < 0.22
    before = start - pd.to_timedelta(rng.integers(1, 365 * 4, n), unit="D")
    period_days = (end - start).days + 1
    during = start + pd.to_timedelta(rng.integers(0, period_days, n), unit="D")
    segment = np.where(joined_during, "new", rng.choice(["regular", "occasional", "business"], n,
                                                          p=[0.27, 0.66, 0.07]))
    first, last = rng.choice(len(FIRST_NAMES), n), rng.choice(len(LAST_NAMES), n)  # as if choosing the names
    number = rng.integers(0, 1000, n)
    consent = rng.random(n) < by_segment(segment, CONSENT_CHANCE)
    joined = np.where(joined_during, during, before)
    order = np.argsort(joined, kind="stable")  # members in the order they joined
    first, last, number = first[order], last[order], number[order]
    frame = pd.DataFrame({
        "join_date": pd.DatetimeIndex(joined[order]).normalize(),
        "segment": segment[order],
        "name": _FIRST[first] + " " + _LAST[last],
        "email": _FIRST_LOWER[first] + "." + _LAST_LOWER[last] + _NUMBER_TEXT[number] + "@example.com",
        "phone": "07700 900" + _NUMBER_TEXT3[number],
        "marketing_consent": consent[order],
        "synthetic": np.ones(n, dtype=bool),
    })
    frame.insert(0, "customer_id", sequential_ids("C", n, 5))
    return frame


# The names and the numbers 0-999 as text, as object arrays: a member's name, email and phone number are joined
# from them element by element.
_FIRST, _LAST = np.array(FIRST_NAMES, dtype=object), np.array(LAST_NAMES, dtype=object)
_FIRST_LOWER, _LAST_LOWER = np.array([n.lower() for n in FIRST_NAMES], dtype=object), \
    np.array([n.lower() for n in LAST_NAMES], dtype=object)
_NUMBER_TEXT = np.array([str(k) for k in range(1000)], dtype=object)
_NUMBER_TEXT3 = np.array([f"{k:03d}" for k in range(1000)], dtype=object)


def by_segment(segment: np.ndarray, values: dict[str, float]) -> np.ndarray:
    """Return each member's value from a segment -> number map (NaN for a segment it lacks)."""
    out = np.full(len(segment), np.nan)
    for name, value in values.items():
        out[segment == name] = value
    return out


PURCHASE_WEIGHT = {"regular": 14.0, "occasional": 1.6, "new": 3.0, "business": 6.0}
# Engaged members (regulars) agree to marketing more often than occasional ones.
CONSENT_CHANCE = {"regular": 0.72, "occasional": 0.48, "new": 0.58, "business": 0.55}
# Survey mood by segment: members who chose to join are a little happier than shoppers at large, regulars
# most; business buyers (bulk orders, invoices, stock they need now) are the hardest to please.
SEGMENT_MOOD = {"regular": 0.35, "occasional": 0.15, "new": 0.2, "business": -1.2}


def lapse_dates(customers: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp,
                rng: np.random.Generator) -> np.ndarray:
    """Return the date after which each customer stops buying (churn); most never lapse in the period."""
    span = (end - start).days + 1
    lapses = (rng.random(len(customers)) < 0.18) & (customers["segment"] != "new").to_numpy()
    when = start + pd.to_timedelta(rng.integers(0, span, len(customers)), unit="D")
    return np.where(lapses, when.to_numpy(), (end + timedelta(days=1)).to_datetime64())

