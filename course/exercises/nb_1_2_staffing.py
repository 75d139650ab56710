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
        own_data_needs=("hourly-footfall",),
        marking_point="000:MP1", expected=lambda d: whole_label(hourly_profile(d).idxmax()), covers=("002:MP6",),
        hint="Average the visitors for each clock hour across the year, then take the highest.",
        hints=(
            "Do you staff for one record-breaking day, or for the hour that is busy week in, week out?",
            "Average the visitors for each clock hour over all the open days, then take the hour with the highest "
            "average.",
            "First, take the clock hour of each timestamp in the footfall table. Next, average the visitors column for"
            " each clock hour. Then give the hour with the highest average as a whole number on the 24-hour clock."),
        misconceptions=(Misconception(
            "peak-single-busiest-hour", "The single busiest hour of the whole year",
            "One record-breaking hour (often a December Saturday) is not the usual pattern: average each hour "
            "across all days.", _busiest_single_hour),)),
    Exercise(
        id="plan-peak-day", title="The busiest day of the week (e.g. 'Monday')", kind="label",
        marking_point="000:MP1", expected=_busiest_day,
        hint="Total the visitors per day, then average by day of the week.",
        hints=(
            "Sunday has short opening hours: are you comparing whole days, or single hours?",
            "Total the visitors of each open day, then average those day totals for each day of the week, and take the"
            " highest.",
            "First, add up the visitors of the footfall table for each date, giving one total per open day. Next, "
            "average those day totals for each day of the week. Then give the name of the day with the highest "
            "average, in full."),
        misconceptions=(Misconception(
            "peak-per-hour-not-per-day", "Busiest per opening hour, not per day",
            "Short Sunday hours make each hour look busy: compare whole days.",
            lambda d: DAY_NAMES[whole_label(d.footfall.groupby(d.footfall["timestamp"].dt.day_of_week)
                                            ["visitors"].mean().idxmax())]),)),
    Exercise(
        id="plan-december-uplift", title="December's average day vs the year's average day (% more)",
        kind="number", marking_point="002:MP6", expected=december_uplift, unit="%", tolerance=0.06,
        own_data_needs=("december-footfall",),
        covers=("001:ET1",),
        hint="Average visitors per open day in December ÷ average per open day overall, minus 1, × 100.",
        hints=(
            "December has more trading days than some months: should you compare month totals, or an average day?",
            "Average visitors per open day in December, divided by the average visitors per open day over the whole "
            "period, minus one, times 100.",
            "First, add up the visitors of the footfall table for each date, one total per open day. Next, average the"
            " December days, and separately average all the days. Then divide the December average by the overall "
            "average, take away one and multiply by 100."),
        misconceptions=(Misconception(
            "month-totals-not-daily", "Comparing monthly totals",
            "Months have different numbers of trading days: compare the average day.",
            lambda d: december_uplift(d, use_totals=True)),)),
    Exercise(
        id="plan-staff-needed", own_data_needs=("hourly-footfall",),
        title=f"Colleagues needed on the floor in the Saturday peak hour (1 per {VISITORS_PER_COLLEAGUE} visitors)",
        kind="number", marking_point="000:MP1",
        expected=lambda d: math.ceil(saturday_peak_hour_visitors(d) / VISITORS_PER_COLLEAGUE),
        tolerance=0, covers=("002:MP6", "002:ET2"),
        hint="Take the average visitors in Saturday's busiest hour, divide by the standard and round UP.",
        hints=(
            "Should the rota cover the average hour, or the hour when the queues form?",
            "Take the average visitors in the busiest clock hour of Saturdays and divide by the standard of one "
            "colleague per 25 visitors. Always round up: you cannot roster part of a person.",
            "First, keep only the Saturday rows of the footfall table. Next, average the visitors column for each "
            "clock hour and take the highest of those averages. Then divide it by 25 and round up to the next whole "
            "person."),
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
        hints=(
            "Which days was the team short-staffed, and where did the manager write that down?",
            "The average of queue_minutes over the hours of the shortage days only, the first and last day included.",
            "First, find the shortage in the store diary (the events table, kind staffing): it starts with the note "
            "about staff sickness and ends with the note that the team is back. Next, keep the footfall rows whose day"
            " falls on or between those two dates. Then average their queue_minutes column."),
        misconceptions=(WHOLE_PERIOD.producing(lambda d: d.footfall["queue_minutes"].mean()),)),
    Exercise(
        id="plan-shortage-complaint-rate", title="Complaints per 1,000 transactions during the shortage",
        kind="number", marking_point="000:MP4",
        expected=lambda d: kpi.complaint_rate(in_shortage(d.complaints["received"], d).sum(),
                                              in_shortage(d.transactions["timestamp"], d).sum()),
        tolerance=0.06, covers=("002:MP6",),
        hint="Count complaints and transactions in the shortage dates, then complaints ÷ transactions × 1,000.",
        hints=(
            "Were there more complaints simply because there were more customers, or did the rate change?",
            "Complaints divided by transactions, times 1,000, both counted only on the shortage days, the first and "
            "last day included.",
            "First, take the shortage dates from the store diary (the events table). Next, count the complaints whose "
            "received date falls in those days, and the transactions whose timestamp falls in them. Then divide the "
            "complaints by the transactions and multiply by 1,000."),
        misconceptions=(
            MISCONCEPTIONS["complaint-count-not-rate"].producing(
                lambda d: in_shortage(d.complaints["received"], d).sum()),
            WHOLE_PERIOD.producing(lambda d: kpi.complaint_rate(len(d.complaints), len(d.transactions))))),
    Exercise(
        id="plan-shortage-conversion", title="Conversion rate during the staff shortage", kind="number",
        marking_point="000:MP4", expected=conversion_in_shortage, unit="%", tolerance=0.06, covers=("001:ET1",),
        hint="Transactions ÷ visitors × 100, both counted only on the shortage dates.",
        hints=(
            "When fewer colleagues were on the floor, did the visitors who came in still buy?",
            "Transactions divided by visitors, times 100, both counted only on the shortage days.",
            "First, take the shortage dates from the store diary (the events table). Next, count the transactions "
            "whose timestamp falls in those days, and add up the visitors column of footfall for the same days. Then "
            "divide the transactions by the visitors and multiply by 100."),
        misconceptions=(WHOLE_PERIOD.producing(
            lambda d: kpi.conversion_rate(len(d.transactions), d.footfall["visitors"].sum())),)),
)
