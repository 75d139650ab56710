"""Recording-systems exercises: timely and accurate entries, retrieving and analysing the service log,
output vs outcome data, data quality, UK GDPR (subject access, retention) and the portfolio extract."""

from __future__ import annotations

import pandas as pd

from course import kpi
from course.exercises.registry import Exercise, Misconception as M, register
from course.exercises.structured_service import review_extract, review_output_outcome
from course.store import StoreData

RETENTION_DAYS = 183  # the store's policy in the notebook: keep contact records for six months


def resolution_hours(data: StoreData) -> pd.Series:
    """Return hours from received to resolved for the complaints that were resolved."""
    c = data.complaints.dropna(subset=["resolved"])
    return (c["resolved"] - c["received"]).dt.total_seconds() / 3600


def latest_complaint_day(data: StoreData) -> pd.Timestamp:
    """Return the day the most recent complaint was received (the notebook's subject access request)."""
    return data.complaints["received"].max().normalize()


def _retention_cutoff(data: StoreData) -> pd.Timestamp:
    return pd.Timestamp(data.end) + pd.Timedelta(days=1) - pd.Timedelta(days=RETENTION_DAYS)


def _phone(data: StoreData) -> pd.DataFrame:
    return data.interactions[data.interactions["channel"] == "phone"]


def busiest_customer(data: StoreData) -> str:
    """Return the member with the most contacts among those who have complained (ties: lowest id)."""
    complained = set(data.complaints["customer_id"].dropna())
    counts = data.interactions["customer_id"].value_counts()
    counts = counts[counts.index.isin(complained)]
    return str(counts[counts == counts.max()].sort_index().index[0])


def _records_held(data: StoreData, *, interactions_only: bool = False) -> int:
    who = busiest_customer(data)
    contacts = int((data.interactions["customer_id"] == who).sum())
    return contacts if interactions_only else contacts + int((data.complaints["customer_id"] == who).sum())


def _register_all() -> None:
    for exercise in (
        Exercise("rec-late-entry-rate", "recording", "% of contacts entered late (after the shift)", "number",
                 "001:MP3", expected=lambda d: float(d.interactions["entered_late"].mean() * 100), unit="%",
                 tolerance=0.06, covers=("001:CM2", "001:CM4"),
                 hint="Late entries ÷ all contacts × 100.",
                 misconceptions=(M("count-not-rate", "The number of late entries, not the share",
                                   "Divide by all contacts so months and stores can be compared.",
                                   lambda d: int(d.interactions["entered_late"].sum())),)),
        Exercise("rec-median-resolution-hours", "recording", "Median hours to resolve a complaint", "number",
                 "000:MP3", expected=lambda d: float(resolution_hours(d).median()), unit="hours", tolerance=0.06,
                 covers=("000:KC3",), hint="Use resolved − received for resolved complaints, then the median.",
                 misconceptions=(M("mean-not-median", "The mean instead of the median",
                                   "A few very slow cases pull the mean up; the median is the typical case.",
                                   lambda d: float(resolution_hours(d).mean())),
                                 M("resolution-in-days", "Days instead of hours",
                                   "Convert to hours: total seconds ÷ 3,600.",
                                   lambda d: float(resolution_hours(d).median() / 24)))),
        Exercise("rec-repeat-contact-rate", "recording", "% of contacts that repeat an earlier contact", "number",
                 "000:MP3", expected=lambda d: float(d.interactions["repeat_of"].notna().mean() * 100), unit="%",
                 tolerance=0.06, hint="Contacts with a repeat_of link ÷ all contacts × 100.",
                 misconceptions=(M("repeat-counted-twice", "Counting both the original and the repeat",
                                   "Count only the repeat contacts (those with a repeat_of link).",
                                   lambda d: float((d.interactions["repeat_of"].notna().sum() * 2)
                                                   / len(d.interactions) * 100)),)),
        Exercise("rec-phone-fcr", "recording", "First contact resolution of phone contacts", "number", "000:MP3",
                 expected=lambda d: kpi.fcr(_phone(d)["resolved_first_contact"]), unit="%", tolerance=0.06,
                 covers=("004:KC4",), hint="Filter to channel == 'phone', then resolved at first contact ÷ contacts.",
                 misconceptions=(M("fcr-first-contacts-only", "Leaving repeat contacts out of the total",
                                   "Repeat contacts are contacts too: divide by all phone contacts.",
                                   lambda d: kpi.fcr(_phone(d).loc[_phone(d)["repeat_of"].isna(),
                                                                   "resolved_first_contact"])),
                                 M("fcr-all-channels", "All channels instead of phone",
                                   "Filter to the phone channel first.",
                                   lambda d: kpi.fcr(d.interactions["resolved_first_contact"])))),
        Exercise("rec-open-complaints", "recording", "Complaints with no resolution recorded", "number", "000:MP6",
                 expected=lambda d: int(d.complaints["resolved"].isna().sum()), tolerance=0, covers=("000:CM5",),
                 hint="Count complaints whose resolved time is empty.",
                 misconceptions=(M("open-as-share", "A percentage instead of a count",
                                   "The question asks how many records need chasing: count them.",
                                   lambda d: float(d.complaints["resolved"].isna().mean() * 100)),)),
        Exercise("rec-satisfaction-after", "recording", "Average satisfaction after a complaint (1–5, replies only)",
                 "number", "000:MP3", expected=lambda d: float(d.complaints["satisfaction_after"].mean()),
                 tolerance=0.006, covers=("000:CM3",),
                 hint="Average satisfaction_after over the customers who replied (leave empty values out).",
                 misconceptions=(M("nonresponse-as-zero", "Counting non-replies as zero",
                                   "No reply is missing data, not a score of 0: leave it out.",
                                   lambda d: float(d.complaints["satisfaction_after"].fillna(0).mean())),
                                 M("output-vs-outcome", "Complaints handled (output) instead of satisfaction (outcome)",
                                   "The number handled is output data; satisfaction afterwards is the outcome.",
                                   lambda d: int(d.complaints["resolved"].notna().sum())))),
        Exercise("rec-output-outcome", "recording", "Label each measure as output or outcome data", "structured",
                 "000:MP3", review=review_output_outcome, covers=("000:CM3",),
                 misconceptions=(M("output-vs-outcome", "Output data taken for outcome data",
                                   "Output counts what the team did; outcome shows what changed for customers."),)),
        Exercise("rec-sar-deadline", "recording", "Deadline for a subject access request (YYYY-MM-DD)", "label",
                 "002:MP4", expected=lambda d: (latest_complaint_day(d) + pd.DateOffset(months=1)).date().isoformat(),
                 covers=("002:KC4", "002:CM6"),
                 hint="UK GDPR: one calendar month from receipt (extendable by two months if complex).",
                 misconceptions=(M("sar-30-days", "30 days instead of one calendar month",
                                   "The limit is one calendar month, not 30 days.",
                                   lambda d: (latest_complaint_day(d) + pd.Timedelta(days=30)).date().isoformat()),
                                 M("sar-40-days", "40 days (the old 1998 rule)",
                                   "The Data Protection Act 1998's 40 days was replaced: one calendar month now.",
                                   lambda d: (latest_complaint_day(d) + pd.Timedelta(days=40)).date().isoformat()))),
        Exercise("rec-retention-count", "recording",
                 f"Contacts a {RETENTION_DAYS}-day retention rule deletes at the end of the period", "number",
                 "002:MP4", expected=lambda d: int((d.interactions["timestamp"] < _retention_cutoff(d)).sum()),
                 tolerance=0, covers=("002:KC4",),
                 hint=f"Contacts older than {RETENTION_DAYS} days before the day after the period ends.",
                 misconceptions=(M("retention-kept-not-deleted", "The records kept instead of those deleted",
                                   "Count the contacts older than the cut-off: those are deleted.",
                                   lambda d: int((d.interactions["timestamp"] >= _retention_cutoff(d)).sum())),)),
        Exercise("rec-consent-share", "recording", "% of loyalty members who consented to marketing", "number",
                 "002:MP4", expected=lambda d: float(d.customers["marketing_consent"].mean() * 100), unit="%",
                 tolerance=0.06, covers=("002:KC4",),
                 hint="Members with marketing_consent True ÷ all members × 100.",
                 misconceptions=(M("consent-share-of-sales", "The share of sales, not of members",
                                   "Consent belongs to people: count members, not their purchases.",
                                   lambda d: float(d.transactions["customer_id"].dropna().map(
                                       d.customers.set_index("customer_id")["marketing_consent"]).mean() * 100)),)),
        Exercise("rec-sar-records", "recording", "Records held on your busiest customer (contacts + complaints)",
                 "number", "002:MP4", expected=_records_held, tolerance=0, covers=("002:CM6",),
                 hint="A subject access request covers everything: their contacts and their complaints.",
                 misconceptions=(M("sar-contacts-only", "Only the contacts",
                                   "Complaints are personal data too: a subject access request covers them.",
                                   lambda d: _records_held(d, interactions_only=True)),)),
        Exercise("rec-portfolio-extract", "recording", "An anonymised extract for your portfolio", "structured",
                 "000:MP6", review=review_extract, covers=("000:ET2", "002:KC4"),
                 misconceptions=(M("extract-personal-data", "Personal data left in",
                                   "Drop names, contact details and free-text notes."),
                                 M("extract-real-ids", "Real customer ids left in",
                                   "Replace customer ids with pseudonyms."))),
    ):
        register(exercise)


_register_all()
