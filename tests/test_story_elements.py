"""Every store has every story the notebooks and solutions rely on (issue 14, part 2).

Each story element is either guaranteed by the simulation, and checked here over 520 stores (130 in
each sector) without running a notebook, or handled wherever it may be absent:

- a storm on an open day: guaranteed (calendar.day_factors). Relied on by 0, 1.2's disruptions table,
  4.4's PESTLE evidence and the insight-pestle solution (`storm_gap`).
- storms cut footfall (storm days below dry days of the same weekday): guaranteed. Relied on by 4.4's
  PESTLE row, the insight-pestle solution ("stormy weather keeps shoppers at home") and the diary.
- Saturday the busiest day, January the quietest month, December the busiest: guaranteed. 1.2, 4.1, 4.2's
  example finding and plan-peak-day rely on them.
- the shortage, then the improvement, then PR01 with its 28-day baseline, then the competitor late in the
  year: guaranteed (profile.story_dates). Every notebook from 1.2 on relies on them.
- a rainy day, a dry bank holiday, a wet one: handled, not guaranteed (1.2 keeps only the kinds of day
  the store had).

Imported data (`course.start(data_dir=...)`) may still lack a storm: 4.4 then leaves out its storm row and
`storm_gap` is NaN, so the solution cell still runs. Only the weather and footfall are simulated here
(`simulate.daily_weather`, about 15 ms a store), so the whole file takes a few seconds; the effects of the
stories on service (queues, complaints, CSAT...) need whole stores and are in test_narrative_claims.py.
"""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pandas as pd
import pytest

from course.store import SECTORS
from course.store.simulate import daily_weather, stories_of

STORES_PER_SECTOR = 130  # 520 in all
BASELINE_DAYS = 28  # 5.2's baseline window before PR01


def _learners(sector: str) -> list[str]:
    return [f"story-{sector[:4]}-{i:03d}" for i in range(STORES_PER_SECTOR)]


def _weather_problems(days: pd.DataFrame) -> list[str]:
    """What is wrong with one store's weather and footfall story (an empty list when nothing is)."""
    open_days = days[days["open"].to_numpy()]
    visitors = open_days["visitors"].to_numpy(dtype=float)
    weekday = open_days["day"].dt.day_of_week.to_numpy()
    month = open_days["day"].dt.month.to_numpy()
    weather = open_days["weather"].to_numpy()
    problems = []
    storm, dry = weather == "storm", weather == "dry"
    if not storm.any():
        return ["no storm on a day the store is open"]
    dry_by_weekday = np.bincount(weekday[dry], weights=visitors[dry], minlength=7) / np.maximum(
        np.bincount(weekday[dry], minlength=7), 1)
    usual = dry_by_weekday[weekday[storm]]
    if (usual == 0).any():
        problems.append("a storm on a weekday with no dry day to compare with")
    storm_gap = (np.mean(visitors[storm] / usual) - 1) * 100
    if not storm_gap < 0:
        problems.append(f"storm days were not quieter than dry days of the same weekday ({storm_gap:+.0f}%)")
    by_weekday = np.bincount(weekday, weights=visitors, minlength=7) / np.bincount(weekday, minlength=7)
    if by_weekday.argmax() != 5:
        problems.append(f"the busiest day is weekday {by_weekday.argmax()}, not Saturday")
    by_month = np.bincount(month, weights=visitors, minlength=13)[1:] / np.bincount(month, minlength=13)[1:]
    if by_month.argmin() != 0:
        problems.append(f"the quietest month is {by_month.argmin() + 1}, not January")
    if by_month.argmax() != 11:
        problems.append(f"the busiest month is {by_month.argmax() + 1}, not December")
    return problems


def _story_problems(learner_id: str, sector: str) -> list[str]:
    """What is wrong with the order and length of one store's stories (default period: 2025)."""
    s = stories_of(learner_id, sector=sector)
    first, last = pd.Timestamp("2025-01-01").date(), pd.Timestamp("2025-12-31").date()
    checks = {
        "the shortage is inside the period": first <= s.shortage_start <= s.shortage_end <= last,
        "the shortage lasts 9 to 14 days": 9 <= (s.shortage_end - s.shortage_start).days + 1 <= 14,
        "the shortage ends before the improvement (3.2: it falls in the 'before' period)":
            s.shortage_end < s.improvement,
        "PR01 starts after the improvement": s.improvement < s.promo_start,
        "PR01's 28-day baseline is inside the period and after the improvement":
            s.promo_start - timedelta(days=BASELINE_DAYS) >= max(first, s.improvement),
        "PR01 runs at least 14 days": (s.promo_end - s.promo_start).days + 1 >= 14,
        "the competitor opens late in the period (3.2), after PR01 has started":
            s.promo_start < s.competitor_open <= last and s.competitor_open >= first + timedelta(days=270),
    }
    return [name for name, ok in checks.items() if not ok]


@pytest.mark.parametrize("sector", SECTORS)
def test_every_store_has_its_stories(sector: str) -> None:
    failures = {}
    for learner_id in _learners(sector):
        problems = _weather_problems(daily_weather(learner_id, sector=sector)) + _story_problems(learner_id, sector)
        if problems:
            failures[learner_id] = problems
    assert not failures, f"{len(failures)} of {STORES_PER_SECTOR} {sector} stores miss a story: " + \
        "; ".join(f"{learner}: {', '.join(p)}" for learner, p in list(failures.items())[:10])


def test_a_store_that_drew_no_storm_gets_one() -> None:
    # bench-002 (electronics) drew no storm before every store was given one (issue 14)
    days = daily_weather("bench-002", sector="electronics")
    assert (days.loc[days["open"], "weather"] == "storm").sum() >= 1


def test_a_short_period_still_has_a_storm() -> None:
    # a summer period of the shortest length the kit allows: storms are rare then, but one is guaranteed
    days = daily_weather("story-short", sector="grocery", start="2025-06-01", end="2025-07-26")
    assert ((days["weather"] == "storm") & days["open"]).any()
