"""Exercises of 1.2 (staffing to footfall): peaks in footfall, seasonal planning, staffing to a
service standard, and what the staff shortage did to queues, complaints and conversion."""

from __future__ import annotations

import math

import pandas as pd

from course import kpi
from course.exercises.helpers import whole_label
from course.exercises.misconceptions import MISCONCEPTIONS
from course.exercises.registry import Exercise, Misconception, register
from course.store import StoreData

NOTEBOOK = "1-planning/1.2-staffing-to-footfall.ipynb"
VISITORS_PER_COLLEAGUE = 25  # service standard used in the notebook: one colleague per 25 visitors an hour
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WHOLE_PERIOD = MISCONCEPTIONS["whole-period-average"]


def hourly_profile(data: StoreData) -> pd.Series:
    """Return average visitors by clock hour, over the days the store was open at that hour."""
    ff = data.footfall
    return ff.groupby(ff["timestamp"].dt.hour)["visitors"].mean()


def daily_footfall(data: StoreData) -> pd.Series:
    """Return visitors per open day, indexed by date."""
    ff = data.footfall
    return ff.groupby(ff["timestamp"].dt.normalize())["visitors"].sum()


def saturday_peak_hour_visitors(data: StoreData) -> float:
    """Return the average visitors in the busiest clock hour on Saturdays."""
    ff = data.footfall[data.footfall["timestamp"].dt.day_of_week == 5]
    return float(ff.groupby(ff["timestamp"].dt.hour)["visitors"].mean().max())


def shortage_window(data: StoreData) -> tuple[pd.Timestamp, pd.Timestamp]:
    """Return the first and last day of the staff shortage, from the store diary."""
    notes = data.events[data.events["kind"] == "staffing"].sort_values("date")
    start = notes.loc[notes["note"].str.startswith("Staff sickness"), "date"].iloc[0]
    end = notes.loc[(notes["note"].str.startswith("Team back")) & (notes["date"] >= start), "date"].iloc[0]
    return start, end


def in_shortage(stamps: pd.Series, data: StoreData) -> pd.Series:
    """Return True where a timestamp falls on a day of the staff shortage (both ends included)."""
    start, end = shortage_window(data)
    day = stamps.dt.normalize()
    return (day >= start) & (day <= end)


def december_uplift(data: StoreData, use_totals: bool = False) -> float:
    """Return how much busier December's average day is than the year's (%); totals are a mistake."""
    days = daily_footfall(data)
    month = pd.DatetimeIndex(days.index).month
    december = days[month == 12]
    if use_totals:
        return (december.sum() / days.groupby(month).sum().mean() - 1) * 100
    return (december.mean() / days.mean() - 1) * 100


def conversion_in_shortage(data: StoreData) -> float:
    """Return the conversion rate (%) over the shortage days."""
    in_tx = in_shortage(data.transactions["timestamp"], data).sum()
    visitors = data.footfall.loc[in_shortage(data.footfall["timestamp"], data), "visitors"].sum()
    return kpi.conversion_rate(in_tx, visitors)


def _busiest_day(d: StoreData) -> str:
    days = daily_footfall(d)
    return DAY_NAMES[whole_label(days.groupby(pd.DatetimeIndex(days.index).day_of_week).mean().idxmax())]


def _busiest_single_hour(d: StoreData) -> int:
    """Return the clock hour of the single busiest hour of the whole period (a misconception)."""
    busiest = d.footfall["visitors"].argmax()  # the row's position: the first of the highest
    return int(d.footfall["timestamp"].iloc[busiest].hour)


register(
    NOTEBOOK,
    Exercise(
        id="plan-peak-hour", title="The busiest hour of the day (24-hour clock, e.g. 13)", kind="label",
        marking_point="000:MP1", expected=lambda d: whole_label(hourly_profile(d).idxmax()), covers=("002:MP6",),
        hint="Average the visitors for each clock hour across the year, then take the highest.",
        misconceptions=(Misconception(
            "peak-single-busiest-hour", "The single busiest hour of the whole year",
            "One record-breaking hour (often a December Saturday) is not the usual pattern: average each hour "
            "across all days.", _busiest_single_hour),)),
    Exercise(
        id="plan-peak-day", title="The busiest day of the week (e.g. 'Monday')", kind="label",
        marking_point="000:MP1", expected=_busiest_day,
        hint="Total the visitors per day, then average by day of the week.",
        misconceptions=(Misconception(
            "peak-per-hour-not-per-day", "Busiest per opening hour, not per day",
            "Short Sunday hours make each hour look busy: compare whole days.",
            lambda d: DAY_NAMES[whole_label(d.footfall.groupby(d.footfall["timestamp"].dt.day_of_week)
                                            ["visitors"].mean().idxmax())]),)),
    Exercise(
        id="plan-december-uplift", title="December's average day vs the year's average day (% more)",
        kind="number", marking_point="002:MP6", expected=december_uplift, unit="%", tolerance=0.06,
        covers=("001:ET1",),
        hint="Average visitors per open day in December ÷ average per open day overall, minus 1, × 100.",
        misconceptions=(Misconception(
            "month-totals-not-daily", "Comparing monthly totals",
            "Months have different numbers of trading days: compare the average day.",
            lambda d: december_uplift(d, use_totals=True)),)),
    Exercise(
        id="plan-staff-needed",
        title=f"Colleagues needed on the floor in the Saturday peak hour (1 per {VISITORS_PER_COLLEAGUE} visitors)",
        kind="number", marking_point="000:MP1",
        expected=lambda d: math.ceil(saturday_peak_hour_visitors(d) / VISITORS_PER_COLLEAGUE),
        tolerance=0, covers=("002:MP6", "002:ET2"),
        hint="Take the average visitors in Saturday's busiest hour, divide by the standard and round UP.",
        misconceptions=(
            Misconception("staffing-rounded-down", "Rounding down", "You cannot roster part of a person, and "
                          "rounding down breaks the standard: always round up.",
                          lambda d: math.floor(saturday_peak_hour_visitors(d) / VISITORS_PER_COLLEAGUE)),
            Misconception("staffing-to-average", "Staffing to the average hour, not the peak",
                          "Plan to the peak: the average hides the busy hours when the queues form.",
                          lambda d: math.ceil(d.footfall[d.footfall["timestamp"].dt.day_of_week == 5]["visitors"]
                                              .mean() / VISITORS_PER_COLLEAGUE)))),
    Exercise(
        id="plan-shortage-queue", title="Average queue (minutes) during the staff shortage", kind="number",
        marking_point="000:MP4",
        expected=lambda d: d.footfall.loc[in_shortage(d.footfall["timestamp"], d), "queue_minutes"].mean(),
        unit="minutes", tolerance=0.06, covers=("001:ET1",),
        hint="Find the shortage dates in data.events, then average queue_minutes between them (inclusive).",
        misconceptions=(WHOLE_PERIOD.producing(lambda d: d.footfall["queue_minutes"].mean()),)),
    Exercise(
        id="plan-shortage-complaint-rate", title="Complaints per 1,000 transactions during the shortage",
        kind="number", marking_point="000:MP4",
        expected=lambda d: kpi.complaint_rate(in_shortage(d.complaints["received"], d).sum(),
                                              in_shortage(d.transactions["timestamp"], d).sum()),
        tolerance=0.06, covers=("002:MP6",),
        hint="Count complaints and transactions in the shortage dates, then complaints ÷ transactions × 1,000.",
        misconceptions=(
            MISCONCEPTIONS["complaint-count-not-rate"].producing(
                lambda d: in_shortage(d.complaints["received"], d).sum()),
            WHOLE_PERIOD.producing(lambda d: kpi.complaint_rate(len(d.complaints), len(d.transactions))))),
    Exercise(
        id="plan-shortage-conversion", title="Conversion rate during the staff shortage", kind="number",
        marking_point="000:MP4", expected=conversion_in_shortage, unit="%", tolerance=0.06, covers=("001:ET1",),
        hint="Transactions ÷ visitors × 100, both counted only on the shortage dates.",
        misconceptions=(WHOLE_PERIOD.producing(
            lambda d: kpi.conversion_rate(len(d.transactions), d.footfall["visitors"].sum())),)),
)
