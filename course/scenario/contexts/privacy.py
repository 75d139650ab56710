"""Data-protection contexts: a loyalty member of the learner's own store, their records and a request date.

Used by the scenario "privacy-caller-and-access": a caller asks for a member's details, then the member
asks what the store holds about them (a subject access request, answered within one calendar month).
Every pick is deterministic from the learner's own tables; a seed comes from ``data.learner_id``.
"""

from __future__ import annotations

import calendar
import contextlib
import hashlib
from datetime import date, timedelta

import pandas as pd

from course.store import StoreData

RELATIONS = ("partner", "brother", "sister", "neighbour", "flatmate", "cousin")
Facts = dict[str, str | int | float | bool]


def _seed(data: StoreData, purpose: str) -> int:
    text = f"{data.learner_id or data.sector}\x1f{data.sector}\x1f{purpose}"
    return int(hashlib.sha256(text.encode()).hexdigest()[:12], 16)


def one_calendar_month_after(day: date) -> date:
    """Return the same date in the next month, or that month's last day if it has no such date (UK GDPR)."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def long_date(day: date) -> str:
    """Return e.g. "Thursday 1 January 2026"."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def weeks_ago(moment: pd.Timestamp, today: date) -> str:
    """Return how long before ``today`` ``moment`` was, in words ("yesterday", "3 weeks ago")."""
    days = (today - moment.date()).days
    if days <= 1:
        return "yesterday" if days == 1 else "today"
    if days < 14:
        return f"{days} days ago"
    if days < 63:
        return f"{days // 7} weeks ago"
    return f"{days // 30} months ago"


def _member(data: StoreData) -> pd.Series:
    """A member with contacts in the CRM log (the busiest complainant left out: 2.2 asks about them)."""
    from course.exercises.nb_2_2_data_protection import busiest_customer

    contacted = set(data.interactions["customer_id"].dropna())
    with contextlib.suppress(IndexError, KeyError):  # no member complained: nobody to leave out
        contacted.discard(busiest_customer(data))
    pool = data.customers[data.customers["customer_id"].isin(contacted)]
    if pool.empty:
        pool = data.customers
    pool = pool.sort_values("customer_id").reset_index(drop=True)
    return pool.iloc[_seed(data, "member") % len(pool)]


def caller_and_access(data: StoreData) -> Facts:
    """Pick a loyalty member with CRM contacts, who rings and who later asks what the store holds about them.

    The member comes from the learner's customers table (seeded by learner id), their contacts from the CRM
    contact log, their marketing choice from the customers table (it decides a branch), and the request day
    is the morning after the data ends, so the one-calendar-month deadline is exact.
    """
    member = _member(data)
    today = data.end + timedelta(days=1)
    contacts = data.interactions[data.interactions["customer_id"] == member["customer_id"]]
    contacts = contacts.sort_values("timestamp")
    count = len(contacts)
    last = contacts.iloc[-1] if count else None
    first_name, _, surname = str(member["name"]).partition(" ")
    return {
        "member_name": str(member["name"]),
        "member_first": first_name,
        "member_surname": surname or first_name,
        "segment": str(member["segment"]),
        "relation": RELATIONS[_seed(data, "relation") % len(RELATIONS)],
        "join_date": long_date(pd.Timestamp(member["join_date"]).date()),
        "contact_count": count,
        "contacts_text": f"{count} contact{'' if count == 1 else 's'}",
        "last_contact": weeks_ago(pd.Timestamp(last["timestamp"]), today) if last is not None else "never",
        "last_channel": str(last["channel"]) if last is not None else "no channel",
        "request_day": long_date(today),
        "sar_deadline": long_date(one_calendar_month_after(today)),
        "has_marketing_consent": bool(member["marketing_consent"]),
    }
