"""The store's calendar: trading days, opening hours, UK seasonality, weather and hourly footfall.

Shapes follow domain-facts.md: January low, rising through spring, high summer, a peak in the first
two weeks of December, the busiest day of all on the last Saturday before Christmas and a sharp drop
after Christmas; Saturday the busiest day of the week, while a six-hour Sunday packs most of a
weekday's trade into its hours (so it is the busiest per open hour); weekdays peak at lunchtime and
weekends in the early afternoon; about 85% of visitors between 9am and 6pm; rain and storms cut
footfall and a dry bank holiday lifts it. Every period has at least one storm on a day the store is
open (about four a year, mostly October to March), so the storm story is in every store.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

from course.store.profile import SectorProfile, Stories

# Share of a weekday's visitors by hour since opening at 8am (8..19), peaking at lunchtime: 85% in 9am-6pm.
_HOUR_SHARE = np.array([0.05, 0.06, 0.08, 0.11, 0.14, 0.11, 0.10, 0.09, 0.09, 0.07, 0.05, 0.05])
# Weekends and bank holidays start later and peak in the early afternoon (2pm): 87% in 9am-6pm.
_WEEKEND_SHARE = np.array([0.03, 0.05, 0.07, 0.09, 0.10, 0.12, 0.14, 0.13, 0.10, 0.07, 0.05, 0.05])
# Monday .. Sunday; Sunday's six hours (Sunday Trading Act 1994) still take most of a weekday's visitors
_DOW_FACTOR = np.array([0.86, 0.86, 0.90, 0.95, 1.10, 1.45, 0.92])
_MONTH_FACTOR = np.array([0.74, 0.88, 0.91, 0.96, 1.00, 1.01, 1.06, 1.05, 0.95, 0.97, 1.04, 1.30])
_RAIN_CHANCE = np.array([0.45, 0.40, 0.38, 0.33, 0.30, 0.28, 0.28, 0.30, 0.33, 0.42, 0.45, 0.45])
_STORMS_PER_YEAR = 4
SUNDAY_HOURS = (10, 16)  # Sunday Trading Act 1994: large shops open six hours
SUPER_SATURDAY = 1.3  # the last Saturday before Christmas, usually the busiest day of the year
COMPETITOR_EFFECT = 0.92  # share of our footfall left after the competitor opens


def easter_sunday(year: int) -> date:
    """Return Easter Sunday (Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month, day = divmod(h + m - 7 * n + 114, 31)
    return date(year, month, day + 1)


def bank_holidays(year: int) -> set[date]:
    """Return England and Wales bank holidays of a year (with weekend substitutes)."""
    easter = easter_sunday(year)

    def first_monday(month: int) -> date:
        d = date(year, month, 1)
        return d + timedelta(days=(7 - d.weekday()) % 7)

    def last_monday(month: int) -> date:
        d = date(year, month + 1, 1) - timedelta(days=1)
        return d - timedelta(days=d.weekday())

    new_year = date(year, 1, 1)
    new_year += timedelta(days={5: 2, 6: 1}.get(new_year.weekday(), 0))
    xmas, boxing = date(year, 12, 25), date(year, 12, 26)
    if xmas.weekday() >= 5:
        xmas, boxing = date(year, 12, 27), date(year, 12, 28)
    elif boxing.weekday() >= 5:
        boxing = date(year, 12, 28)
    return {new_year, easter - timedelta(days=2), easter + timedelta(days=1), first_monday(5),
            last_monday(5), last_monday(8), xmas, boxing}


def trading_days(start: date, end: date) -> pd.DataFrame:
    """Return one row per calendar day with opening hours (closed on Christmas and Easter Sunday)."""
    days = pd.date_range(start, end, freq="D")
    years = range(start.year, end.year + 1)
    closed = {date(y, 12, 25) for y in years} | {easter_sunday(y) for y in years}
    holidays = set().union(*(bank_holidays(y) for y in years))
    as_dates = [d.date() for d in days]
    return pd.DataFrame({
        "day": days,
        "dow": days.day_of_week.to_numpy(),
        "month": days.month.to_numpy(),
        "open": [d not in closed for d in as_dates],
        "bank_holiday": [d in holidays for d in as_dates],
    })


def day_factors(days: pd.DataFrame, stories: Stories, rng: np.random.Generator) -> pd.DataFrame:
    """Add weather and the expected-visitor multiplier of each day to `days` (a new frame)."""
    out = days.copy()
    n = len(out)
    rain = rng.random(n) < _RAIN_CHANCE[out["month"].to_numpy() - 1]
    storm_chance = _STORMS_PER_YEAR / 365 * np.where(np.isin(out["month"], [1, 2, 3, 10, 11, 12]), 1.7, 0.3)
    storm = rng.random(n) < storm_chance
    is_open = out["open"].to_numpy()
    if not (storm & is_open).any():  # every store has a storm day; drawn only here, so other stores keep their weather
        storm[rng.choice(n, p=storm_chance * is_open / (storm_chance * is_open).sum())] = True
    out["weather"] = np.select([storm, rain], ["storm", "rain"], "dry")
    factor = _DOW_FACTOR[out["dow"]] * _MONTH_FACTOR[out["month"] - 1] * _december(out["day"])
    factor *= np.where(_super_saturday(out["day"]), SUPER_SATURDAY, 1.0)
    factor *= np.select([storm, rain], [0.62, 0.88], 1.0)
    factor *= np.where(out["bank_holiday"] & ~rain & ~storm, 1.18, 1.0)
    factor *= np.where(out["day"].dt.date >= stories.competitor_open, COMPETITOR_EFFECT, 1.0)
    factor *= rng.lognormal(0.0, 0.07, n)
    out["factor"] = np.where(out["open"], factor, 0.0)
    return out


def seasonal_shape(days: pd.DataFrame) -> pd.Series:
    """Return each day's expected visitors multiplier from the calendar alone (weekday, month, December,
    closures), without weather, noise or any story: the shape every store of the chain shares."""
    shape = _DOW_FACTOR[days["dow"]] * _MONTH_FACTOR[days["month"] - 1] * _december(days["day"])
    shape *= np.where(_super_saturday(days["day"]), SUPER_SATURDAY, 1.0)
    return pd.Series(np.where(days["open"], shape, 0.0), index=pd.DatetimeIndex(days["day"]))


def _super_saturday(day: pd.Series) -> np.ndarray:
    """Return True on 'Super Saturday', the last Saturday before Christmas (the 18th to the 24th)."""
    return ((day.dt.month == 12) & (day.dt.day_of_week == 5) & day.dt.day.between(18, 24)).to_numpy()


def _december(day: pd.Series) -> np.ndarray:
    """Return December's extra multiplier: peak in the first two weeks, a sharp drop after Christmas."""
    dec, dom = (day.dt.month == 12).to_numpy(), day.dt.day.to_numpy()
    bump = np.select([dom <= 14, dom <= 23, dom == 24, dom == 26, dom >= 27], [1.12, 1.05, 0.85, 0.95, 0.70], 1.0)
    return np.where(dec, bump, 1.0)


def open_hours(days: pd.DataFrame, profile: SectorProfile) -> pd.DataFrame:
    """Return one row per open hour: day index, timestamp and the hour's share of the day's visitors."""
    opening = np.where(days["dow"] == 6, SUNDAY_HOURS[0], profile.open_hour)
    closing = np.where(days["dow"] == 6, SUNDAY_HOURS[1], profile.close_hour)
    hours_open = np.where(days["open"], closing - opening, 0)
    day_idx = np.repeat(np.arange(len(days)), hours_open)
    offset = np.arange(len(day_idx)) - np.repeat(np.cumsum(hours_open) - hours_open, hours_open)
    hour = opening[day_idx] + offset
    weekend = (days["dow"].to_numpy() >= 5) | days["bank_holiday"].to_numpy()
    share = _hour_share(hour, weekend[day_idx])
    share /= np.bincount(day_idx, weights=share, minlength=len(days))[day_idx]
    timestamp = days["day"].to_numpy()[day_idx] + hour.astype("timedelta64[h]")
    return pd.DataFrame({"day_idx": day_idx, "timestamp": timestamp, "hour": hour, "share": share})


def _hour_share(hour: np.ndarray, weekend: np.ndarray) -> np.ndarray:
    """Return a relative hourly weight for any clock hour (the 8am-8pm curves, tails for longer hours):
    the weekday curve, or the weekend one where `weekend` is true."""
    weekday = np.concatenate([[0.015, 0.03], _HOUR_SHARE, [0.035, 0.02]])  # 6am .. 9pm
    weekend_curve = np.concatenate([[0.01, 0.02], _WEEKEND_SHARE, [0.035, 0.02]])
    at = np.clip(hour - 6, 0, len(weekday) - 1)
    return np.where(weekend, weekend_curve[at], weekday[at])


def hourly_footfall(hours: pd.DataFrame, days: pd.DataFrame, base: float,
                    rng: np.random.Generator) -> np.ndarray:
    """Return visitors per open hour: a Poisson draw around base × day factor × hour share × opening hours."""
    day_hours = np.bincount(hours["day_idx"], minlength=len(days))
    # Busier days are spread over their opening hours; a short Sunday still gets most of a day's trade.
    expected = base * days["factor"].to_numpy()[hours["day_idx"]] * hours["share"].to_numpy()
    expected *= np.where(day_hours[hours["day_idx"]] <= 6, 0.85, 1.0)
    return rng.poisson(expected)
