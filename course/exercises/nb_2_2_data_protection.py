"""Exercises of 2.2 (data protection and evidence): UK GDPR (consent, subject access, retention),
data quality (non-replies) and the anonymised portfolio extract (checked here)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from course.exercises.misconceptions import MISCONCEPTIONS
from course.exercises.registry import Exercise, Misconception, Problem, register
from course.exercises.structured import as_table
from course.store import StoreData

NOTEBOOK = "2-recording/2.2-data-protection-and-evidence.ipynb"
RETENTION_DAYS = 183  # the store's policy in the notebook: keep contact records for six months
PERSONAL_COLUMNS = ("name", "email", "phone", "address", "postcode", "notes", "customer_id")


def review_extract(_data: Any, answer: Any) -> list[Problem]:
    """Return what stops a table being a safe portfolio extract: personal columns or real customer ids."""
    table = as_table(answer)
    problems = [Problem(f"Remove the column '{c}': it identifies a person or holds free text.", "extract-personal-data")
                for c in table.columns if str(c).casefold() in PERSONAL_COLUMNS]
    for column in table.columns:
        values = table[column].astype(str)
        if values.str.fullmatch(r"C\d{5}").any():
            problems.append(Problem(f"Column '{column}' still holds real customer ids (C00123); replace them "
                                    "with pseudonyms.", "extract-real-ids"))
        if values.str.contains(r"@|07700 900", regex=True).any():
            problems.append(Problem(f"Column '{column}' still holds an email or phone number.",
                                    "extract-personal-data"))
    if len(table) < 10:
        problems.append(Problem("Include at least 10 records so the extract shows the analysis.", None))
    return problems


def latest_complaint_day(data: StoreData) -> pd.Timestamp:
    """Return the day the most recent complaint was received (the notebook's subject access request)."""
    return data.complaints["received"].max().normalize()


def retention_cutoff(data: StoreData) -> pd.Timestamp:
    """Return the first moment a contact is young enough to keep at the end of the period."""
    return pd.Timestamp(data.end) + pd.Timedelta(days=1) - pd.Timedelta(days=RETENTION_DAYS)


def busiest_customer(data: StoreData) -> str:
    """Return the member with the most contacts among those who have complained (ties: lowest id)."""
    complained = set(data.complaints["customer_id"].dropna())
    counts = data.interactions["customer_id"].value_counts()
    counts = counts[counts.index.isin(complained)]
    return str(counts[counts == counts.max()].sort_index().index[0])


def records_held(data: StoreData, *, interactions_only: bool = False) -> int:
    """Return the records held on the busiest customer: contacts and complaints (or, a mistake, contacts)."""
    who = busiest_customer(data)
    contacts = int((data.interactions["customer_id"] == who).sum())
    return contacts if interactions_only else contacts + int((data.complaints["customer_id"] == who).sum())


def _sar_after(days: int) -> Callable[[StoreData], str]:
    return lambda d: (latest_complaint_day(d) + pd.Timedelta(days=days)).date().isoformat()


register(
    NOTEBOOK,
    Exercise(
        id="rec-consent-share", title="% of loyalty members who consented to marketing", kind="number",
        own_data_needs=("marketing-consent",),
        marking_point="002:MP4", expected=lambda d: float(d.customers["marketing_consent"].mean() * 100), unit="%",
        tolerance=0.06, covers=("002:KC4",), hint="Members with marketing_consent True ÷ all members × 100.",
        hints=(
            "Does consent belong to a purchase, or to a person?",
            "Members who opted in to marketing divided by all members, times 100.",
            "First, count all the rows of the customers table: one row per member. Next, count the rows where "
            "marketing_consent is True. Then divide the second count by the first and multiply by 100."),
        misconceptions=(Misconception("consent-share-of-sales", "The share of sales, not of members",
                                      "Consent belongs to people: count members, not their purchases.",
                                      lambda d: float(d.transactions["customer_id"].dropna().map(
                                          d.customers.set_index("customer_id")["marketing_consent"]).mean() * 100)),)),
    Exercise(
        id="rec-sar-deadline", title="Deadline for a subject access request (YYYY-MM-DD)", kind="label",
        marking_point="002:MP4",
        expected=lambda d: (latest_complaint_day(d) + pd.DateOffset(months=1)).date().isoformat(),
        covers=("002:KC4", "002:CM6"),
        hint="UK GDPR: one calendar month from receipt (extendable by two months if complex).",
        hints=(
            "Is the time limit for a subject access request counted in days, or in calendar months?",
            "The reply is due one calendar month after the day the request arrives: not 30 days, and not the old 40 "
            "days.",
            "First, find the latest received date in the complaints table: that is the day the letter arrives. Next, "
            "move forward one calendar month, not a number of days: the same day number in the next month, or that "
            "month's last day if the day does not exist. The helper that adds months gives the date as text, year, "
            "month and day with dashes, ready to check."),
        misconceptions=(Misconception("sar-30-days", "30 days instead of one calendar month",
                                      "The limit is one calendar month, not 30 days: data.add_months(received, 1), "
                                      "not data.add_days(received, 30).", _sar_after(30)),
                        Misconception("sar-40-days", "40 days (the old 1998 rule)",
                                      "The Data Protection Act 1998's 40 days was replaced: one calendar month now "
                                      "(data.add_months, not data.add_days).",
                                      _sar_after(40)))),
    Exercise(
        id="rec-sar-records", title="Records held on your busiest customer (contacts + complaints)", kind="number",
        marking_point="002:MP4", expected=records_held, tolerance=0, covers=("002:CM6",),
        hint="A subject access request covers everything: their contacts and their complaints.",
        hints=(
            "Is a complaint about a customer personal data, just as their contacts are?",
            "Everything held on that one customer: the number of their contacts plus the number of their complaints.",
            "First, list the customer ids that appear in the complaints table. Next, of those, find the one with the "
            "most rows in interactions (on a tie, the lowest id). Then count their rows in interactions, add their "
            "rows in complaints, and give the total."),
        misconceptions=(Misconception("sar-contacts-only", "Only the contacts",
                                      "Complaints are personal data too: a subject access request covers them, so add "
                                      "their complaints to their contacts.",
                                      lambda d: records_held(d, interactions_only=True)),)),
    Exercise(
        id="rec-retention-count",
        title=f"Contacts a {RETENTION_DAYS}-day retention rule deletes at the end of the period", kind="number",
        marking_point="002:MP4", expected=lambda d: int((d.interactions["timestamp"] < retention_cutoff(d)).sum()),
        tolerance=0, covers=("002:KC4",),
        hint=f"Contacts older than {RETENTION_DAYS} days before the day after the period ends.",
        hints=(
            "On the day the rule runs, which records are older than the store has decided to keep?",
            "The cut-off is the day after the period ends, minus 183 days. The contacts timed before the cut-off are "
            "the ones deleted.",
            "First, take the last day of your period, add one day, then take away 183 days: that is the cut-off, at "
            "midnight. Next, look at the timestamp column of the interactions table. Then count the rows timed before "
            "the cut-off."),
        misconceptions=(Misconception("retention-kept-not-deleted", "The records kept instead of those deleted",
                                      "Count the contacts older than the cut-off: those are deleted.",
                                      lambda d: int((d.interactions["timestamp"] >= retention_cutoff(d)).sum())),)),
    Exercise(
        id="rec-satisfaction-after", title="Average satisfaction after a complaint (1–5, replies only)",
        kind="number", marking_point="000:MP3", expected=lambda d: float(d.complaints["satisfaction_after"].mean()),
        tolerance=0.006, covers=("000:CM3",),
        hint="Average satisfaction_after over the customers who replied (leave empty values out).",
        hints=(
            "When a customer did not reply to the follow-up, do we know how they feel?",
            "The average of the satisfaction_after scores of the customers who replied. Leave the empty scores out; "
            "never count them as zero.",
            "First, take the satisfaction_after column of the complaints table. Next, leave out the empty ones. Then "
            "add up the scores that are left and divide by how many there are."),
        misconceptions=(Misconception("nonresponse-as-zero", "Counting non-replies as zero",
                                      "No reply is missing data, not a score of 0: leave it out.",
                                      lambda d: float(d.complaints["satisfaction_after"].fillna(0).mean())),
                        MISCONCEPTIONS["output-vs-outcome"].producing(
                            lambda d: int(d.complaints["resolved"].notna().sum())))),
    Exercise(
        id="rec-portfolio-extract", title="An anonymised extract for your portfolio", kind="structured",
        marking_point="000:MP6", review=review_extract, covers=("000:ET2", "002:KC4"),
        hints=(
            "Could anyone reading your extract work out who a customer or a colleague is?",
            "The assessor looks for one row per complaint and at least ten rows; no name, email, phone, address, notes"
            " or customer_id column; and no real customer id, email address or phone number anywhere.",
            "First, start from the log's anonymised extract and keep only the rows that have a complaint_id. Next, "
            "work out the hours from received to resolved. Then keep just the columns the analysis needs, such as "
            "channel, category, severity, outcome, the hours and satisfaction_after: no pseudonyms, staff ids or "
            "exact dates and times, and no email address or phone number."),
        misconceptions=(Misconception("extract-personal-data", "Personal data left in",
                                      "Drop names, contact details and free-text notes."),
                        Misconception("extract-real-ids", "Real customer ids left in",
                                      "Replace customer ids with pseudonyms."))),
)
