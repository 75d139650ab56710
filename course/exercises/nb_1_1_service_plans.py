"""Exercises of 1.1 (service standards and plans): the complaint-handling SLA, who the regulars are,
what customers complain and ask about, a SMART objective and the service plan table (checked here)."""

from __future__ import annotations

from typing import Any

from course.exercises.misconceptions import MISCONCEPTIONS
from course.exercises.registry import Exercise, Misconception, Problem, register
from course.exercises.structured import as_table, blank, find_column, review_smart
from course.store import StoreData

NOTEBOOK = "1-planning/1.1-service-standards-and-plans.ipynb"
SLA_HOURS = 48  # complaint-handling standard: resolved within 48 hours
PREVENTABLE_REASONS = ("stock check", "order status")
PLAN_COLUMNS = {"objective": ("objective", "action", "standard", "task"),
                "owner": ("owner", "who", "responsible", "lead"),
                "timing": ("timing", "when", "deadline", "timeline", "date", "by"),
                "contingency": ("contingency", "backup", "fallback", "plan b", "if")}


def review_service_plan(_data: Any, answer: Any) -> list[Problem]:
    """Return what a service plan table lacks: owners, timings and a contingency for every row."""
    table = as_table(answer)
    found = {need: find_column(table, words) for need, words in PLAN_COLUMNS.items()}
    problems = [Problem(f"Add a column for the {need} (e.g. '{words[0]}').",
                        "plan-no-contingency" if need == "contingency" else "plan-no-owner")
                for need, words in PLAN_COLUMNS.items() if found[need] is None]
    if len(table) < 3:
        problems.append(Problem("Plan at least three objectives or actions.", "plan-too-thin"))
    for need, column in found.items():
        if column is not None and blank(table[column]).any():
            row = int(blank(table[column]).to_numpy().nonzero()[0][0]) + 1
            problems.append(Problem(f"Row {row} has no {need}: every row needs one.",
                                    "plan-no-contingency" if need == "contingency" else "plan-no-owner"))
    return problems


def resolved_within_sla(data: StoreData, *, include_open_as_met: bool = False) -> float:
    """Return the % of complaints resolved within SLA_HOURS (open ones count as not met unless told)."""
    c = data.complaints
    hours = (c["resolved"] - c["received"]).dt.total_seconds() / 3600
    met = hours <= SLA_HOURS
    if include_open_as_met:
        met = met | c["resolved"].isna()
    return float(met.sum() / len(c) * 100)


def regular_share(data: StoreData, *, count_people: bool = False) -> float:
    """Return the % of loyalty-card sales made by 'regular' members (or, a mistake, the % of members)."""
    members = data.customers.set_index("customer_id")["segment"]
    if count_people:
        return float((members == "regular").mean() * 100)
    card_sales = data.transactions["customer_id"].dropna()
    return float((card_sales.map(members) == "regular").mean() * 100)


def _sla_resolved_only_base(d: StoreData) -> float:
    hours = (d.complaints["resolved"] - d.complaints["received"]).dt.total_seconds() / 3600
    return float((hours <= SLA_HOURS).sum() / d.complaints["resolved"].notna().sum() * 100)


register(
    NOTEBOOK,
    Exercise(
        id="plan-smart-objective", title="A SMART service objective for your store", kind="structured",
        marking_point="000:MP1", review=review_smart, covers=("000:CM1", "000:CM4", "001:CM1"),
        hints=(
            "If your manager read your objective, could they tell on the deadline day whether you had hit it?",
            "The assessor looks for a full sentence with a named measure (such as the complaint rate, FCR or the wait "
            "at the tills), a number to reach and a deadline. Whether it is achievable is for you and your tutor to "
            "judge.",
            "First, pick one measure other than CSAT and find your store's figure in the table above. Next, choose a "
            "realistic number to reach. Then write one sentence: what moves from where to where, by when, and who owns"
            " it, and put it in quotes."),
        misconceptions=(MISCONCEPTIONS["smart-vague"], MISCONCEPTIONS["smart-no-deadline"])),
    Exercise(
        id="plan-sla-met", title=f"% of complaints resolved within the {SLA_HOURS}-hour standard", kind="number",
        marking_point="001:MP1", expected=resolved_within_sla, unit="%", tolerance=0.06, covers=("000:KC3",),
        hint="Hours to resolve = resolved − received. Open complaints have not met the standard.",
        hints=(
            "Has a complaint that is still open been put right within the standard?",
            "Complaints resolved within 48 hours of being received, divided by all complaints, times 100. Open "
            "complaints stay in the total and count as not met.",
            "First, for each row of the complaints table, take the resolved time minus the received time, in hours. "
            "Next, count the complaints where that is 48 hours or less; open ones, with resolved empty, do not count "
            "as met. Then divide by the number of rows in complaints and multiply by 100."),
        misconceptions=(
            Misconception("sla-open-counted-as-met", "Counting open complaints as met",
                          "A complaint still open has not been resolved within the standard.",
                          lambda d: resolved_within_sla(d, include_open_as_met=True)),
            Misconception("sla-resolved-only-base", "Leaving open complaints out of the total",
                          "Divide by all complaints, including the open ones.", _sla_resolved_only_base))),
    Exercise(
        id="plan-regular-share", title="% of loyalty-card sales made by 'regular' customers", kind="number",
        marking_point="002:MP3", expected=regular_share, unit="%", tolerance=0.06, covers=("002:CM5",),
        hint="Join each card sale to its customer's segment, then take the share that is 'regular'.",
        hints=(
            "Do regular customers matter because there are many of them, or because they shop often?",
            "Count sales, not people: card sales made by regular members divided by all card sales, times 100.",
            "First, keep the rows of transactions that have a customer_id: those are the card sales. Next, look up "
            "each sale's customer in the customers table to find their segment. Then count the card sales whose "
            "segment is regular, divide by all card sales and multiply by 100."),
        misconceptions=(Misconception("segment-people-not-sales", "The share of members, not of sales",
                                      "Regulars are few but buy often: take the share of the card sales joined to "
                                      "their customers, not of the customers table.",
                                      lambda d: regular_share(d, count_people=True)),)),
    Exercise(
        id="plan-top-complaint", title="The most common complaint category", kind="label", marking_point="000:MP3",
        expected=lambda d: d.complaints["category"].value_counts().sort_index().idxmax(),
        covers=("002:KC1",), hint="Count complaints by category and take the largest.",
        hints=(
            "Which log records complaints, as opposed to every contact a customer makes?",
            "Count the complaints in each category and take the category with the most. On a tie, take the one that "
            "comes first in alphabetical order.",
            "First, use the complaints table, not interactions. Next, count the rows for each value of the category "
            "column. Then give the category with the highest count as text, spelt exactly as in the table."),
        misconceptions=(Misconception("contact-reason-not-complaint", "The most common contact reason",
                                      "Use the complaints table: most contacts are not complaints.",
                                      lambda d: d.interactions["reason"].value_counts().sort_index().idxmax()),)),
    Exercise(
        id="plan-preventable-contacts", title="% of contacts that were stock checks or order-status chases",
        kind="number", marking_point="002:MP2",
        expected=lambda d: float(d.interactions["reason"].isin(PREVENTABLE_REASONS).mean() * 100),
        unit="%", tolerance=0.06, covers=("002:CM2", "003:KC2"),
        hint="These are the contacts proactive service (telling customers first) can prevent.",
        hints=(
            "Which contacts happen only because the customer had to chase us for information?",
            "Contacts whose reason is a stock check or an order status, divided by all contacts, times 100.",
            "First, count all the rows of the interactions table. Next, count the rows whose reason column is stock "
            "check or order status. Then divide the second count by the first and multiply by 100."),
        misconceptions=(Misconception("complaints-only-reactive", "Counting only complaints",
                                      "Proactive service prevents ordinary chasing contacts too, not just complaints.",
                                      lambda d: float((d.interactions["reason"] == "complaint").mean() * 100)),)),
    Exercise(
        id="plan-service-plan", title="Your service plan table", kind="structured", marking_point="002:MP1",
        review=review_service_plan, covers=("000:MP4", "001:MP1", "002:MP6", "002:ET2"),
        hints=(
            "If this plan went wrong on a busy Saturday, would everyone know who does what, and what happens next?",
            "The assessor looks for at least three rows and the columns objective, measure, target, owner, timing and "
            "contingency, with no row missing its owner, timing or contingency.",
            "First, list three objectives from your own figures: the SLA, the contacts proactive service could prevent"
            " and your top complaint. Next, give each a measure and a target. Then name an owner and a timing for each"
            " row, and say what you will do if it goes wrong, such as sickness at a peak."),
        misconceptions=(Misconception("plan-no-contingency", "No contingency",
                                      "Say what you will do if it goes wrong (e.g. sickness at a peak)."),
                        Misconception("plan-no-owner", "No owner or timing", "Name who does it and by when."),
                        Misconception("plan-too-thin", "Too few actions", "Cover at least three objectives."))),
)
