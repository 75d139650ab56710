"""Planning exercises: peaks in footfall, staffing to a service standard, the shortage story, the
complaint-handling SLA, seasonal planning, and the written plan (SMART objective, service plan table)."""

from __future__ import annotations

import math

import pandas as pd

from course import kpi
from course.exercises.registry import Exercise, Misconception as M, register
from course.exercises.structured import review_service_plan, review_smart
from course.store import StoreData

VISITORS_PER_COLLEAGUE = 25  # service standard used in the notebook: one colleague per 25 visitors an hour
SLA_HOURS = 48               # complaint-handling standard: resolved within 48 hours
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


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


def _in_shortage(stamps: pd.Series, data: StoreData) -> pd.Series:
    start, end = shortage_window(data)
    day = stamps.dt.normalize()
    return (day >= start) & (day <= end)


def _resolved_within_sla(data: StoreData, *, include_open_as_met: bool = False) -> float:
    c = data.complaints
    hours = (c["resolved"] - c["received"]).dt.total_seconds() / 3600
    met = hours <= SLA_HOURS
    if include_open_as_met:
        met = met | c["resolved"].isna()
    return float(met.sum() / len(c) * 100)


def _december_uplift(data: StoreData, use_totals: bool = False) -> float:
    days = daily_footfall(data)
    december = days[days.index.month == 12]
    if use_totals:
        return (december.sum() / days.groupby(days.index.month).sum().mean() - 1) * 100
    return (december.mean() / days.mean() - 1) * 100


def _regular_share(data: StoreData, *, count_people: bool = False) -> float:
    members = data.customers.set_index("customer_id")["segment"]
    if count_people:
        return float((members == "regular").mean() * 100)
    card_sales = data.transactions["customer_id"].dropna()
    return float((card_sales.map(members) == "regular").mean() * 100)


PREVENTABLE_REASONS = ("stock check", "order status")


def _conversion_in_shortage(data: StoreData) -> float:
    in_tx = _in_shortage(data.transactions["timestamp"], data).sum()
    visitors = data.footfall.loc[_in_shortage(data.footfall["timestamp"], data), "visitors"].sum()
    return kpi.conversion_rate(in_tx, visitors)


def _register_all() -> None:
    for exercise in (
        Exercise("plan-peak-hour", "planning", "The busiest hour of the day (24-hour clock, e.g. 13)", "label",
                 "000:MP1", expected=lambda d: int(hourly_profile(d).idxmax()), covers=("002:MP6",),
                 hint="Average the visitors for each clock hour across the year, then take the highest.",
                 misconceptions=(M("peak-single-busiest-hour", "The single busiest hour of the whole year",
                                   "One record-breaking hour (often a December Saturday) is not the usual pattern: "
                                   "average each hour across all days.",
                                   lambda d: int(d.footfall.loc[d.footfall["visitors"].idxmax(), "timestamp"].hour)),)),
        Exercise("plan-peak-day", "planning", "The busiest day of the week (e.g. 'Monday')", "label", "000:MP1",
                 expected=lambda d: DAY_NAMES[int(daily_footfall(d).groupby(daily_footfall(d).index.day_of_week).mean().idxmax())],
                 hint="Total the visitors per day, then average by day of the week.",
                 misconceptions=(M("peak-per-hour-not-per-day", "Busiest per opening hour, not per day",
                                   "Short Sunday hours make each hour look busy: compare whole days.",
                                   lambda d: DAY_NAMES[int(d.footfall.groupby(d.footfall["timestamp"].dt.day_of_week)
                                                           ["visitors"].mean().idxmax())]),)),
        Exercise("plan-staff-needed", "planning",
                 f"Colleagues needed on the floor in the Saturday peak hour (1 per {VISITORS_PER_COLLEAGUE} visitors)",
                 "number", "000:MP1", expected=lambda d: math.ceil(saturday_peak_hour_visitors(d) / VISITORS_PER_COLLEAGUE),
                 tolerance=0, covers=("002:MP6", "002:ET2"),
                 hint="Take the average visitors in Saturday's busiest hour, divide by the standard and round UP.",
                 misconceptions=(
                     M("staffing-rounded-down", "Rounding down", "You cannot roster part of a person, and "
                       "rounding down breaks the standard: always round up.",
                       lambda d: math.floor(saturday_peak_hour_visitors(d) / VISITORS_PER_COLLEAGUE)),
                     M("staffing-to-average", "Staffing to the average hour, not the peak",
                       "Plan to the peak: the average hides the busy hours when the queues form.",
                       lambda d: math.ceil(d.footfall[d.footfall["timestamp"].dt.day_of_week == 5]["visitors"].mean()
                                           / VISITORS_PER_COLLEAGUE)),
                 )),
        Exercise("plan-shortage-queue", "planning", "Average queue (minutes) during the staff shortage", "number",
                 "000:MP4", expected=lambda d: d.footfall.loc[_in_shortage(d.footfall["timestamp"], d), "queue_minutes"].mean(),
                 unit="minutes", tolerance=0.06, covers=("001:ET1",),
                 hint="Find the shortage dates in data.events, then average queue_minutes between them (inclusive).",
                 misconceptions=(M("whole-period-average", "The average over the whole period",
                                   "Filter to the shortage dates first: the year's average hides the problem.",
                                   lambda d: d.footfall["queue_minutes"].mean()),)),
        Exercise("plan-shortage-complaint-rate", "planning", "Complaints per 1,000 transactions during the shortage",
                 "number", "000:MP4",
                 expected=lambda d: kpi.complaint_rate(_in_shortage(d.complaints["received"], d).sum(),
                                                       _in_shortage(d.transactions["timestamp"], d).sum()),
                 tolerance=0.06, covers=("002:MP6",),
                 hint="Count complaints and transactions in the shortage dates, then complaints ÷ transactions × 1,000.",
                 misconceptions=(
                     M("complaint-count-not-rate", "The number of complaints, not a rate",
                       "Divide by the transactions in the same dates and multiply by 1,000.",
                       lambda d: _in_shortage(d.complaints["received"], d).sum()),
                     M("whole-period-average", "The rate over the whole period",
                       "Filter to the shortage dates first.",
                       lambda d: kpi.complaint_rate(len(d.complaints), len(d.transactions))),
                 )),
        Exercise("plan-sla-met", "planning", f"% of complaints resolved within the {SLA_HOURS}-hour standard",
                 "number", "001:MP1", expected=_resolved_within_sla, unit="%", tolerance=0.06, covers=("000:KC3",),
                 hint="Hours to resolve = resolved − received. Open complaints have not met the standard.",
                 misconceptions=(M("sla-open-counted-as-met", "Counting open complaints as met",
                                   "A complaint still open has not been resolved within the standard.",
                                   lambda d: _resolved_within_sla(d, include_open_as_met=True)),
                                 M("sla-resolved-only-base", "Leaving open complaints out of the total",
                                   "Divide by all complaints, including the open ones.",
                                   lambda d: float(((d.complaints["resolved"] - d.complaints["received"])
                                                    .dt.total_seconds() / 3600 <= SLA_HOURS).sum()
                                                   / d.complaints["resolved"].notna().sum() * 100)))),
        Exercise("plan-december-uplift", "planning", "December's average day vs the year's average day (% more)",
                 "number", "002:MP6", expected=_december_uplift, unit="%", tolerance=0.06, covers=("001:ET1",),
                 hint="Average visitors per open day in December ÷ average per open day overall, minus 1, × 100.",
                 misconceptions=(M("month-totals-not-daily", "Comparing monthly totals",
                                   "Months have different numbers of trading days: compare the average day.",
                                   lambda d: _december_uplift(d, use_totals=True)),)),
        Exercise("plan-regular-share", "planning", "% of loyalty-card sales made by 'regular' customers", "number",
                 "002:MP3", expected=_regular_share, unit="%", tolerance=0.06, covers=("002:CM5",),
                 hint="Join each card sale to its customer's segment, then take the share that is 'regular'.",
                 misconceptions=(M("segment-people-not-sales", "The share of members, not of sales",
                                   "Regulars are few but buy often: count their sales, not the people.",
                                   lambda d: _regular_share(d, count_people=True)),)),
        Exercise("plan-top-complaint", "planning", "The most common complaint category", "label", "000:MP3",
                 expected=lambda d: d.complaints["category"].value_counts().sort_index().idxmax(),
                 covers=("002:KC1",), hint="Count complaints by category and take the largest.",
                 misconceptions=(M("contact-reason-not-complaint", "The most common contact reason",
                                   "Use the complaints table: most contacts are not complaints.",
                                   lambda d: d.interactions["reason"].value_counts().sort_index().idxmax()),)),
        Exercise("plan-preventable-contacts", "planning",
                 "% of contacts that were stock checks or order-status chases", "number", "002:MP2",
                 expected=lambda d: float(d.interactions["reason"].isin(PREVENTABLE_REASONS).mean() * 100),
                 unit="%", tolerance=0.06, covers=("002:CM2", "003:KC2"),
                 hint="These are the contacts proactive service (telling customers first) can prevent.",
                 misconceptions=(M("complaints-only-reactive", "Counting only complaints",
                                   "Proactive service prevents ordinary chasing contacts too, not just complaints.",
                                   lambda d: float((d.interactions["reason"] == "complaint").mean() * 100)),)),
        Exercise("plan-shortage-conversion", "planning", "Conversion rate during the staff shortage", "number",
                 "000:MP4", expected=_conversion_in_shortage, unit="%", tolerance=0.06, covers=("001:ET1",),
                 hint="Transactions ÷ visitors × 100, both counted only on the shortage dates.",
                 misconceptions=(M("whole-period-average", "The conversion of the whole period",
                                   "Filter both counts to the shortage dates.",
                                   lambda d: kpi.conversion_rate(len(d.transactions), d.footfall["visitors"].sum())),)),
        Exercise("plan-smart-objective", "planning", "A SMART service objective for your store", "structured",
                 "000:MP1", review=review_smart, covers=("000:CM1", "000:CM4", "001:CM1"),
                 misconceptions=(M("smart-vague", "A vague objective", "Say what will change, by how much, by when, "
                                   "and which measure will show it."),
                                 M("smart-no-deadline", "No deadline", "Add a date or a time span."))),
        Exercise("plan-service-plan", "planning", "Your service plan table", "structured", "002:MP1",
                 review=review_service_plan, covers=("000:MP4", "001:MP1", "002:MP6", "002:ET2"),
                 misconceptions=(M("plan-no-contingency", "No contingency", "Say what you will do if it goes wrong "
                                   "(e.g. sickness at a peak)."),
                                 M("plan-no-owner", "No owner or timing", "Name who does it and by when."),
                                 M("plan-too-thin", "Too few actions", "Cover at least three objectives."))),
    ):
        register(exercise)


_register_all()
