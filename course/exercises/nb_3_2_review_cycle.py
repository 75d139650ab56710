"""Exercises of 3.2 (the review cycle): the PDCA before-and-after of the service improvement and the
review meeting's action log (checked here). Complaint handling and service recovery are in nb_3_3_complaints."""

from __future__ import annotations

from typing import Any

import pandas as pd

from course import kpi
from course.exercises.misconceptions import MISCONCEPTIONS
from course.exercises.registry import Exercise, Misconception, Problem, register
from course.exercises.structured import as_table, blank, find_column
from course.store import StoreData

NOTEBOOK = "3-reviewing/3.2-the-review-cycle.ipynb"
ACTION_LOG_COLUMNS = {"action": ("action",), "owner": ("owner", "who"), "due": ("due", "deadline", "by", "when"),
                      "measure": ("measure", "kpi", "success"), "status": ("status", "progress")}


def review_action_log(_data: Any, answer: Any) -> list[Problem]:
    """Return what a review meeting's action log lacks: action, owner, due date, measure and status."""
    table = as_table(answer)
    found = {need: find_column(table, words) for need, words in ACTION_LOG_COLUMNS.items()}
    problems = [Problem(f"Add a '{need}' column.", "review-no-owner" if need in ("owner", "due") else None)
                for need, column in found.items() if column is None]
    if len(table) < 3:
        problems.append(Problem("Record at least three action points from the review.", None))
    for need, column in found.items():
        if column is not None and blank(table[column]).any():
            problems.append(Problem(f"Every action point needs a {need}.", "review-no-owner"))
    if found["due"] is not None and not table[found["due"]].astype(str).str.contains(r"\d").all():
        problems.append(Problem("Give each due date as a date (e.g. 2025-07-31).", "review-one-off"))
    return problems


def improvement_day(data: StoreData) -> pd.Timestamp:
    """Return the date of the service improvement, from the store diary ('process change')."""
    return data.events.loc[data.events["kind"] == "process change", "date"].min()


def complaint_rate_split(data: StoreData) -> tuple[float, float]:
    """Return complaints per 1,000 transactions (before, from) the improvement day."""
    cut = improvement_day(data)
    received, sold = data.complaints["received"], data.transactions["timestamp"]
    before = kpi.complaint_rate((received < cut).sum(), (sold < cut).sum())
    after = kpi.complaint_rate((received >= cut).sum(), (sold >= cut).sum())
    return before, after


def complaint_change(data: StoreData, how: str = "percent") -> float:
    """Return the change in the complaint rate (% of the before rate); the other `how`s are mistakes."""
    before, after = complaint_rate_split(data)
    if how == "over after":
        return (after - before) / after * 100
    if how == "points":
        return after - before
    return (after / before - 1) * 100


COUNT_NOT_RATE = MISCONCEPTIONS["complaint-count-not-rate"]
register(
    NOTEBOOK,
    Exercise(
        id="rev-complaint-rate-before", title="Complaints per 1,000 transactions before the improvement",
        kind="number", marking_point="001:MP4", expected=lambda d: complaint_rate_split(d)[0], tolerance=0.06,
        covers=("000:ET1", "001:ET4"),
        hint="Only complaints and transactions before the diary's 'process change' date.",
        hints=(
            "Which date marks the improvement, and which side of it are you looking at?",
            "Complaints divided by transactions, times 1,000, counting only those before the improvement date.",
            "First, find the improvement date: the note of kind process change in the store diary (the events table). "
            "Next, count the complaints received before that date, and the transactions with a timestamp before it. "
            "Then divide the complaints by the transactions and multiply by 1,000."),
        misconceptions=(
            MISCONCEPTIONS["whole-period-average"].producing(
                lambda d: kpi.complaint_rate(len(d.complaints), len(d.transactions))),
            COUNT_NOT_RATE.producing(lambda d: int((d.complaints["received"] < improvement_day(d)).sum())))),
    Exercise(
        id="rev-complaint-rate-after", title="Complaints per 1,000 transactions from the improvement on",
        kind="number", marking_point="001:MP4", expected=lambda d: complaint_rate_split(d)[1], tolerance=0.06,
        covers=("000:CM2", "001:CM3"), hint="Only complaints and transactions on or after the improvement date.",
        hints=(
            "Does the day of the improvement itself belong to the before or the after?",
            "Complaints divided by transactions, times 1,000, counting only those on or after the improvement date.",
            "First, take the same improvement date from the store diary (the events table, kind process change). Next,"
            " count the complaints received on or after it, and the transactions on or after it. Then divide the "
            "complaints by the transactions and multiply by 1,000."),
        misconceptions=(COUNT_NOT_RATE.producing(
            lambda d: int((d.complaints["received"] >= improvement_day(d)).sum())),)),
    Exercise(
        id="rev-complaint-change", title="Change in the complaint rate after the improvement (%)", kind="number",
        marking_point="001:MP4", expected=complaint_change, unit="%", tolerance=0.06, covers=("000:ET1",),
        hint="(after − before) ÷ before × 100: a fall is a negative number.",
        hints=(
            "A change is measured against where you started: which rate is the starting point?",
            "The change in % is the after rate minus the before rate, divided by the before rate, times 100. A fall "
            "is a negative number. It is not the plain difference between the two rates.",
            "First, work out the two complaint rates as in the last two exercises, from the complaints and "
            "transactions tables split at the improvement date. Next, take the before rate away from the after rate. "
            "Then divide that by the before rate, multiply by 100, and round only at the end."),
        misconceptions=(Misconception("change-over-after", "Dividing by the after rate",
                                      "Change is measured against where you started: divide by the before rate.",
                                      lambda d: complaint_change(d, "over after")),
                        Misconception("points-not-percent", "The difference in rates, not a % change",
                                      "Divide the difference by the before rate and multiply by 100.",
                                      lambda d: complaint_change(d, "points")))),
    Exercise(
        id="rev-action-log", title="The review meeting's action log", kind="structured", marking_point="001:MP2",
        review=review_action_log, covers=("000:MP5", "001:CM3"),
        hints=(
            "When the team meets again, how will they know whether each action was done, and by whom?",
            "The assessor looks for at least three action points with the columns action, owner, due, measure and "
            "status, every row filled in, and each due given as a date.",
            "First, write three actions from your review: what to standardise, the biggest remaining complaint "
            "category and a proactive step. Next, give each one a named owner, a due date and the measure that will "
            "show it worked. Then set each status, usually not started."),
        misconceptions=(Misconception("review-no-owner", "Action points without an owner or a date",
                                      "Each action needs someone responsible and a due date."),
                        Misconception("review-one-off", "A review treated as a one-off",
                                      "Date the actions and the next review: the cycle continues."))),
)
