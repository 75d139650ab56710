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


def staff_table(profile: SectorProfile, rng: np.random.Generator, start: pd.Timestamp) -> pd.DataFrame:
    """Return the team: a manager, an assistant, two team leaders and advisors on mixed contracts."""
    n = profile.staff
    roles = [r for r, _ in _ROLE_PLAN] + [
        "customer service advisor" if i % 4 == 0 else "sales advisor" for i in range(n - len(_ROLE_PLAN))]
    hours = np.concatenate([[h for _, h in _ROLE_PLAN], rng.choice(_ADVISOR_HOURS, n - len(_ROLE_PLAN))])
    names = rng.choice(FIRST_NAMES, n, replace=False)
    service_days = rng.integers(30, 365 * 8, n)
    return pd.DataFrame({
        "staff_id": [f"S{i + 1:02d}" for i in range(n)],
        "name": names.astype(object),
        "role": roles,
        "contracted_hours": hours.astype(float),
        "start_date": (start - pd.to_timedelta(service_days, unit="D")).normalize(),
    })


def rota_table(days: pd.DataFrame, staff: pd.DataFrame, profile: SectorProfile, stories: Stories,
               rng: np.random.Generator) -> pd.DataFrame:
    """Return planned shifts: more people on busier days; absences spike during the shortage story."""
    open_days = days[days["open"]].reset_index(drop=True)
    weekly_shifts = staff["contracted_hours"].sum() / SHIFT_PAID_HOURS
    mean_factor = open_days["factor"].mean()
    wanted = np.rint(weekly_shifts / 7 * 0.97 * open_days["factor"].to_numpy() / mean_factor).astype(int)
    wanted = np.clip(wanted, 3, len(staff))
    chosen_day, chosen_staff, order = _pick_staff(wanted, staff["contracted_hours"].to_numpy(), rng)
    day = open_days["day"].to_numpy()[chosen_day]
    start_h, end_h = _shift_times(open_days["dow"].to_numpy()[chosen_day], order, profile)
    in_shortage = (day >= np.datetime64(stories.shortage_start)) & (day <= np.datetime64(stories.shortage_end))
    absent = rng.random(len(day)) < np.where(in_shortage, 0.38, 0.03)
    rota = pd.DataFrame({
        "date": day,
        "staff_id": staff["staff_id"].to_numpy()[chosen_staff],
        "start": day + start_h.astype("timedelta64[h]"),
        "end": day + end_h.astype("timedelta64[h]"),
        "hours": np.minimum(end_h - start_h, 8) - 0.5,
        "absent": absent,
    }).sort_values(["date", "start", "staff_id"], kind="stable").reset_index(drop=True)
    rota.insert(0, "shift_id", sequential_ids("R", len(rota), 5))
    return rota


def _pick_staff(wanted: np.ndarray, weights: np.ndarray, rng: np.random.Generator
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Weighted sampling without replacement for every day at once (Efraimidis-Spirakis keys)."""
    keys = rng.random((len(wanted), len(weights))) ** (1.0 / weights)
    ranked = np.argsort(-keys, axis=1, kind="stable")
    order = np.broadcast_to(np.arange(len(weights)), ranked.shape)
    take = order < wanted[:, None]
    day_idx = np.broadcast_to(np.arange(len(wanted))[:, None], ranked.shape)
    return day_idx[take], ranked[take], order[take]


def _shift_times(dow: np.ndarray, order: np.ndarray, profile: SectorProfile) -> tuple[np.ndarray, np.ndarray]:
    """Return shift start and end hours: early, late and peak shifts in turn; Sunday shifts cover the day."""
    sunday = dow == 6
    kind = order % 3  # 0 early, 1 late, 2 peak
    start = np.select([kind == 0, kind == 1], [profile.open_hour, profile.close_hour - 8], 11)
    start = np.where(sunday, SUNDAY_HOURS[0], start)
    end = np.where(sunday, SUNDAY_HOURS[1], start + 8)
    return start.astype(int), np.minimum(end, profile.close_hour).astype(int)


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
    first, last = rng.choice(FIRST_NAMES, n), rng.choice(LAST_NAMES, n)
    number = rng.integers(0, 1000, n)
    order = np.argsort(np.where(joined_during, during, before), kind="stable")
    frame = pd.DataFrame({
        "join_date": np.where(joined_during, during, before),
        "segment": segment,
        "name": np.char.add(np.char.add(first, " "), last).astype(object),
        "email": np.char.add(np.char.add(np.char.lower(first), "."),
                             np.char.add(np.char.lower(last), np.char.add(number.astype(str), "@example.com"))
                             ).astype(object),
        "phone": np.char.add("07700 900", np.char.zfill(number.astype(str), 3)).astype(object),
        "marketing_consent": rng.random(n) < 0.55,
        "synthetic": np.ones(n, dtype=bool),
    }).iloc[order].reset_index(drop=True)
    frame["join_date"] = pd.to_datetime(frame["join_date"]).dt.normalize()
    frame.insert(0, "customer_id", sequential_ids("C", n, 5))
    return frame


PURCHASE_WEIGHT = {"regular": 14.0, "occasional": 1.6, "new": 3.0, "business": 6.0}


def lapse_dates(customers: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp,
                rng: np.random.Generator) -> np.ndarray:
    """Return the date after which each customer stops buying (churn); most never lapse in the period."""
    span = (end - start).days + 1
    lapses = (rng.random(len(customers)) < 0.18) & (customers["segment"] != "new").to_numpy()
    when = start + pd.to_timedelta(rng.integers(0, span, len(customers)), unit="D")
    return np.where(lapses, when.to_numpy(), (end + timedelta(days=1)).to_datetime64())

