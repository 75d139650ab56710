"""Exercises of 2.1 (recording systems): timely entries, retrieving and analysing the service log,
and output vs outcome data (its labelling check is here too)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from course import kpi
from course.exercises.answers import AnswerProblem
from course.exercises.misconceptions import MISCONCEPTIONS
from course.exercises.registry import Exercise, Misconception, Problem, register
from course.store import StoreData

NOTEBOOK = "2-recording/2.1-recording-systems.ipynb"

# Measures a recording system holds, and whether each is output data (activity) or outcome data (effect).
MEASURE_KINDS: dict[str, str] = {
    "complaints handled": "output",
    "calls answered": "output",
    "CRM records entered": "output",
    "staff trained on the CRM": "output",
    "satisfaction after a complaint": "outcome",
    "repeat purchase rate": "outcome",
    "first contact resolution": "outcome",
    "Net Promoter Score": "outcome",
}
MEASURES: tuple[str, ...] = tuple(sorted(MEASURE_KINDS))  # the names only, for the notebook to show


def review_output_outcome(_data: Any, answer: Any) -> list[Problem]:
    """Return the measures labelled wrongly as output or outcome data (answer: {measure: kind})."""
    if not isinstance(answer, dict):
        raise AnswerProblem(f"your answer is a {type(answer).__name__}; give a dict like "
                            "{'complaints handled': 'output', ...}")
    given = {str(k).strip().casefold(): str(v).strip().casefold() for k, v in answer.items()}
    problems = []
    for measure, kind in MEASURE_KINDS.items():
        label = given.get(measure.casefold())
        if label is None:
            problems.append(Problem(f"Label '{measure}' too.", None))
        elif label != kind:
            problems.append(Problem(f"'{measure}' is not {label} data: ask whether it counts what the team "
                                    "did (output) or what changed for customers (outcome).", "output-vs-outcome"))
    return problems


def resolution_hours(data: StoreData) -> pd.Series:
    """Return hours from received to resolved for the complaints that were resolved."""
    c = data.complaints.dropna(subset=["resolved"])
    return (c["resolved"] - c["received"]).dt.total_seconds() / 3600


def phone_contacts(data: StoreData) -> pd.DataFrame:
    """Return the contacts made by phone."""
    return data.interactions[data.interactions["channel"] == "phone"]


register(
    NOTEBOOK,
    Exercise(
        id="rec-late-entry-rate", title="% of contacts entered late (after the shift)", kind="number",
        marking_point="001:MP3", expected=lambda d: float(d.interactions["entered_late"].mean() * 100), unit="%",
        tolerance=0.06, covers=("001:CM2", "001:CM4"), hint="Late entries ÷ all contacts × 100.",
        hints=(
            "Is this asking how many entries were late, or what share of all contacts they are?",
            "Contacts entered late divided by all contacts, times 100.",
            "First, count all the rows of the interactions table (the store's records, not your practice log). Next, "
            "count the rows where entered_late is True. Then divide the late ones by all of them and multiply by 100."),
        misconceptions=(Misconception("count-not-rate", "The number of late entries, not the share",
                                      "Divide by all contacts so months and stores can be compared.",
                                      lambda d: int(d.interactions["entered_late"].sum())),)),
    Exercise(
        id="rec-median-resolution-hours", title="Median hours to resolve a complaint", kind="number",
        marking_point="000:MP3", expected=lambda d: float(resolution_hours(d).median()), unit="hours",
        tolerance=0.06, covers=("000:KC3",),
        hint="Use resolved − received for resolved complaints, then the median.",
        hints=(
            "A handful of complaints took days: do you want the typical case, or an average those few pull up?",
            "For the resolved complaints only, take the hours from received to resolved, then the median: the middle "
            "value once the times are in order.",
            "First, work out the hours from received to resolved for each row of the complaints table. Next, keep "
            "only the complaints whose resolved time is filled in: an open one has no time to resolve yet. Then take "
            "the median of those hours, the middle value once they are in order, not the average."),
        misconceptions=(Misconception("mean-not-median", "The mean instead of the median",
                                      "A few very slow cases pull the mean up; the median is the typical case: "
                                      "data.median, not data.average.",
                                      lambda d: float(resolution_hours(d).mean())),
                        Misconception("resolution-in-days", "Days instead of hours",
                                      "Give hours, as data.with_hours works them out: do not divide by 24.",
                                      lambda d: float(resolution_hours(d).median() / 24)))),
    Exercise(
        id="rec-repeat-contact-rate", title="% of contacts that repeat an earlier contact", kind="number",
        marking_point="000:MP3", expected=lambda d: float(d.interactions["repeat_of"].notna().mean() * 100),
        unit="%", tolerance=0.06, hint="Contacts with a repeat_of link ÷ all contacts × 100.",
        hints=(
            "When a customer gets back in touch about the same thing, which of the two contacts is the repeat?",
            "Contacts that have a repeat_of link, divided by all contacts, times 100. Count each repeat once.",
            "First, count all the rows of the interactions table. Next, count the rows whose repeat_of column is "
            "filled in. Then divide the second count by the first and multiply by 100."),
        misconceptions=(Misconception("repeat-counted-twice", "Counting both the original and the repeat",
                                      "Count only the repeat contacts (those with a repeat_of link).",
                                      lambda d: float((d.interactions["repeat_of"].notna().sum() * 2)
                                                      / len(d.interactions) * 100)),)),
    Exercise(
        id="rec-phone-fcr", title="First contact resolution of phone contacts", kind="number",
        marking_point="000:MP3", expected=lambda d: kpi.fcr(phone_contacts(d)["resolved_first_contact"]), unit="%",
        tolerance=0.06, covers=("004:KC4",),
        hint="Filter to channel == 'phone', then resolved at first contact ÷ contacts.",
        hints=(
            "Which contacts came in by phone, and does a customer who had to ring back still count?",
            "FCR is the contacts resolved at the first contact divided by all contacts, times 100, for phone contacts "
            "only. Repeat contacts stay in the total.",
            "First, keep the rows of the interactions table whose channel is phone. Next, count how many of them have "
            "resolved_first_contact True. Then divide by the number of phone contacts and multiply by 100."),
        misconceptions=(
            MISCONCEPTIONS["fcr-first-contacts-only"].producing(
                lambda d: kpi.fcr(phone_contacts(d).loc[phone_contacts(d)["repeat_of"].isna(),
                                                        "resolved_first_contact"])),
            Misconception("fcr-all-channels", "All channels instead of phone", "Filter to the phone channel first.",
                          lambda d: kpi.fcr(d.interactions["resolved_first_contact"])))),
    Exercise(
        id="rec-output-outcome", title="Label each measure as output or outcome data", kind="structured",
        marking_point="000:MP3", review=review_output_outcome, covers=("000:CM3",),
        hints=(
            "Does each measure count what the team did, or show what changed for the customer?",
            "The assessor looks for all eight measures, each named exactly as printed and labelled output or outcome. "
            "Output counts activity and workload; outcome shows the effect on customers.",
            "First, copy the eight measure names exactly as printed. Next, ask of each one: is it a count of work "
            "done, such as calls answered? Then it is output. Does it show how customers ended up, such as how "
            "satisfied they were? Then it is outcome. Write the label beside each name."),
        misconceptions=(MISCONCEPTIONS["output-vs-outcome"],)),
    Exercise(
        id="rec-open-complaints", title="Complaints with no resolution recorded", kind="number",
        marking_point="000:MP6", expected=lambda d: int(d.complaints["resolved"].isna().sum()), tolerance=0,
        covers=("000:CM5",), hint="Count complaints whose resolved time is empty.",
        hints=(
            "Which customers are still waiting for us to close their complaint?",
            "Count the complaints with no resolved time recorded. The question asks for a count, not a percentage.",
            "First, look at the resolved column of the complaints table. Next, count the rows where it is empty. Then "
            "give that count as a whole number."),
        misconceptions=(Misconception("open-as-share", "A percentage instead of a count",
                                      "The question asks how many records need chasing: count them.",
                                      lambda d: float(d.complaints["resolved"].isna().mean() * 100)),)),
)
