"""Who the store is: stable seeds from learner ids, sector settings, and when each data story happens.

Everything random in the simulation draws from a named stream made here, so the same learner id gives
the same numbers on any machine (a SHA-256 of the id, never Python's salted `hash()`), and adding a
new stream never shifts the numbers of the others.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np

from course.store.schema import SECTORS, SchemaError

GENERATOR_VERSION = 1
DEFAULT_START = date(2025, 1, 1)
DEFAULT_END = date(2025, 12, 31)
MIN_DAYS = 56
MAX_DAYS = 366 * 3


def learner_seed(learner_id: str) -> int:
    """Return a 64-bit seed from a stable hash of the learner id (same on every machine)."""
    digest = hashlib.sha256(f"course-kit/v{GENERATOR_VERSION}/{learner_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


def stream(seed: int, name: str) -> np.random.Generator:
    """Return an independent random generator for one named part of the simulation."""
    name_key = int.from_bytes(hashlib.sha256(name.encode()).digest()[:4], "big")
    return np.random.default_rng([seed, name_key])


def sequential_ids(prefix: str, count: int, width: int) -> np.ndarray:
    """Return ids like T0000001, T0000002, ... as a numpy unicode array (built without a Python loop)."""
    size = len(prefix) + width
    raw = np.empty((count, size), dtype=np.uint8)  # one row of ASCII codes per id
    raw[:, :len(prefix)] = np.frombuffer(prefix.encode("ascii"), dtype=np.uint8)
    numbers = np.arange(1, count + 1, dtype=np.int64)
    for column in range(size - 1, len(prefix) - 1, -1):  # the last digit first
        numbers, digit = np.divmod(numbers, 10)
        raw[:, column] = digit + ord("0")
    return raw.view(f"S{size}").ravel().astype(f"U{size}")


@dataclass(frozen=True)
class SectorProfile:
    """Simulation settings of a sector (sim choices, listed in datasets/DATA_DICTIONARY.md)."""
    sector: str
    daily_footfall: float     # average visitors on an ordinary weekday in May
    conversion: float         # share of visitors who buy (domain-facts: sector ranges)
    lines_per_basket: float   # mean product lines per basket
    qty_per_line: float       # mean quantity per line
    open_hour: int            # Monday to Saturday opening hour
    close_hour: int           # Monday to Saturday closing hour
    staff: int                # headcount
    loyalty_share: float      # share of sales where a loyalty card is scanned
    member_visits: float      # average purchases a year per loyalty member

    def members(self, scale: float, days: int) -> int:
        """Return how many loyalty members a store of this size has for a period of `days`."""
        card_sales = self.daily_footfall * scale * self.conversion * self.loyalty_share * days
        return max(200, int(card_sales / (self.member_visits * min(days, 365) / 365)))


PROFILES: dict[str, SectorProfile] = {
    "apparel": SectorProfile("apparel", 700, 0.24, 1.6, 1.15, 8, 20, 14, 0.40, 2.6),
    "grocery": SectorProfile("grocery", 520, 0.62, 6.5, 2.0, 7, 22, 16, 0.45, 18.0),
    "electronics": SectorProfile("electronics", 520, 0.19, 1.3, 1.05, 8, 20, 12, 0.35, 1.6),
    "homeware": SectorProfile("homeware", 460, 0.36, 1.8, 1.2, 8, 20, 10, 0.38, 2.2),
}


def profile(sector: str) -> SectorProfile:
    """Return the sector's settings, or raise SchemaError naming the known sectors."""
    if sector not in PROFILES:
        raise SchemaError(f"unknown sector {sector!r}; choose one of: {', '.join(SECTORS)}")
    return PROFILES[sector]


def parse_period(start: str | date | None, end: str | date | None) -> tuple[date, date]:
    """Return (start, end) as dates from ISO strings or dates; defaults give the 2025 calendar year."""
    first = _as_date(start, "start") if start is not None else DEFAULT_START
    last = _as_date(end, "end") if end is not None else (
        DEFAULT_END if start is None else first + timedelta(days=364))
    days = (last - first).days + 1
    if days < 1:
        raise SchemaError(f"start {first} is after end {last}: swap them, or pick an end after the start")
    if days < MIN_DAYS:
        raise SchemaError(f"the period {first} to {last} is {days} days; it must be at least {MIN_DAYS} days "
                          "(8 weeks) so that the store's stories fit in it")
    if days > MAX_DAYS:
        raise SchemaError(f"the period {first} to {last} is {days} days; the most is {MAX_DAYS} days (3 years)")
    return first, last


def _as_date(value: str | date, name: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise SchemaError(f"{name} {value!r} is not a date; write it as YYYY-MM-DD, e.g. 2025-01-01") from None


@dataclass(frozen=True)
class Stories:
    """When the four data stories happen for one learner (dates inclusive)."""
    shortage_start: date
    shortage_end: date
    improvement: date
    promo_start: date
    promo_end: date
    competitor_open: date


def story_dates(seed: int, start: date, end: date) -> Stories:
    """Return the story timings for a period: they move with the seed but keep clear of each other."""
    rng = stream(seed, "stories")
    days = (end - start).days + 1

    def at(lo: float, hi: float) -> date:
        return start + timedelta(days=int(rng.uniform(lo, hi) * days))

    shortage = at(0.12, 0.28)
    shortage_len = int(rng.integers(9, 15))
    promo = at(0.62, 0.74)
    promo_len = 14 if days < 200 else int(rng.integers(14, 22))
    return Stories(
        shortage_start=shortage,
        shortage_end=shortage + timedelta(days=shortage_len - 1),
        improvement=at(0.40, 0.55),
        promo_start=promo,
        promo_end=min(promo + timedelta(days=promo_len - 1), end),
        competitor_open=at(0.78, 0.88),
    )
