"""Exercises of 4.3 (customer insight): surveys by segment and their margin of error, the repeat customer rate,
churn and the simple lifetime value of a loyalty member.

Survey segments come from joining the solicited surveys to the loyalty members (data.customers).
Churn compares the members who bought in the first half of the period with those who bought in the
second half. 4.4's SWOT, PESTLE and recommendation exercises are in nb_4_4_evidence.py.
"""

from __future__ import annotations

import pandas as pd

from course import kpi
from course.exercises.helpers import PCT, nps_without_passives
from course.exercises.misconceptions import MISCONCEPTIONS
from course.exercises.registry import Exercise, register
from course.exercises.registry import Misconception as M
from course.store import StoreData

NOTEBOOK = "4-data-analysis/4.3-customer-insight.ipynb"
FOCUS_SEGMENT = "business"
MIN_ANSWERS = 30     # fewer answers than this: too few to act on, whatever the margin says
MAX_MARGIN = 10.0    # ± percentage points: a wider margin is too uncertain to act on
CLV_YEARS = 3        # the planning assumption for how long a member stays
DAYS_PER_YEAR = 365


# --- Surveys by segment ----------------------------------------------------------------------------

def segment_answers(data: StoreData, score: str) -> pd.DataFrame:
    """Return solicited survey answers with a `score` ('nps', 'csat' or 'ces'), joined to members' segments."""
    surveys = data.surveys[data.surveys["solicited"] & data.surveys["customer_id"].notna()]
    joined = surveys[["customer_id", score]].merge(data.customers[["customer_id", "segment"]], on="customer_id")
    return joined.dropna(subset=[score]).assign(segment=lambda t: t["segment"].astype(str))


def _focus(data: StoreData, score: str) -> pd.Series:
    answers = segment_answers(data, score)
    return answers.loc[answers["segment"] == FOCUS_SEGMENT, score]


def focus_margin(data: StoreData, *, respondents: str = "answers", as_fraction: bool = False) -> float:
    """Return the ± margin of error (points) of the focus segment's CSAT; the other options are mistakes."""
    scores = _focus(data, "csat")
    csat = kpi.csat(scores)
    n = {"answers": len(scores),
         "members": int((data.customers["segment"].astype(str) == FOCUS_SEGMENT).sum()),
         "all answers": int(data.surveys.loc[data.surveys["solicited"], "csat"].notna().sum())}[respondents]
    return kpi.margin_of_error(csat / 100 if as_fraction else csat, n)


def lowest_trusted_csat(data: StoreData, *, any_size: bool = False, n_from_members: bool = False) -> str:
    """Return the member segment with the lowest CSAT among those solid enough to act on (or 'none')."""
    members = data.customers["segment"].astype(str).value_counts()
    candidates = []
    for segment, scores in segment_answers(data, "csat").groupby("segment")["csat"]:
        csat = kpi.csat(scores)
        n = int(members[segment]) if n_from_members else len(scores)
        if any_size or (n >= MIN_ANSWERS and kpi.margin_of_error(csat, n) <= MAX_MARGIN):
            candidates.append((csat, str(segment)))  # already text: segment_answers made it so
    return min(candidates)[1] if candidates else "none"


# --- Loyalty: churn and customer lifetime value ----------------------------------------------------

def period_days(data: StoreData) -> int:
    """Return the number of days in the period, both ends included."""
    return (pd.Timestamp(data.end) - pd.Timestamp(data.start)).days + 1


def halfway(data: StoreData) -> pd.Timestamp:
    """Return the first day of the second half of the period."""
    return pd.Timestamp(data.start) + pd.Timedelta(days=period_days(data) // 2)


def half_buyers(data: StoreData) -> tuple[set[str], set[str]]:
    """Return the members who bought in the first half and those who bought in the second half."""
    card = data.transactions.dropna(subset=["customer_id"])
    first = (card["timestamp"] < halfway(data)).to_numpy()
    ids = card["customer_id"].to_numpy(dtype=object)  # plain arrays: a set from a string Series is slower
    return set(ids[first]), set(ids[~first])


def churn(data: StoreData) -> float:
    """Return the churn rate: first-half buyers who did not buy in the second half ÷ first-half buyers × 100."""
    start, end = half_buyers(data)
    return kpi.churn_rate(len(start - end), len(start))


def _churn_wrong(data: StoreData, mistake: str) -> float:
    start, end = half_buyers(data)
    lost = len(start - end)
    return {"over end": lost / len(end) * 100, "net change": (len(start) - len(end)) / len(start) * 100,
            "retention": kpi.retention_rate(len(start), len(end), len(end - start)),
            "all members": lost / len(data.customers) * 100}[mistake]


def member_clv(data: StoreData, *, all_sales_atv: bool = False, all_members: bool = False,
               years: float = CLV_YEARS) -> float:
    """Return the simple CLV (£) of a member: ATV of card sales × purchases a year per buyer × years."""
    card = data.transactions.dropna(subset=["customer_id"])
    sales = data.transactions if all_sales_atv else card
    atv = kpi.atv(sales["net_value"].sum(), len(sales))
    buyers = len(data.customers) if all_members else card["customer_id"].nunique()
    per_year = len(card) / buyers * DAYS_PER_YEAR / period_days(data)
    return kpi.clv(atv, per_year, years)


def repeat_sales_share(data: StoreData) -> float:
    """Return the % of card sales made by members who bought twice or more (a repeat-rate mistake)."""
    counts = data.transactions["customer_id"].value_counts()
    members = data.transactions["customer_id"].dropna()
    return members.isin(counts[counts >= 2].index).mean() * 100


SEGMENT_NOT_FILTERED = M("segment-not-filtered", "The NPS of more than the segment (the whole store, or every "
                         "member who answered)", f"Filter the joined answers to segment == '{FOCUS_SEGMENT}' "
                         "before working out the NPS.")


register(
    NOTEBOOK,
    Exercise(id="insight-segment-nps", kind="number", marking_point="003:MP2",
             title=f"NPS of the {FOCUS_SEGMENT} segment (solicited surveys)",
             expected=lambda d: kpi.nps(_focus(d, "nps")), tolerance=0.5,
             covers=("003:KC4", "004:KC4"),
             hint=f"Join the solicited surveys to data.customers on customer_id, keep segment '{FOCUS_SEGMENT}', "
                  "then NPS = % promoters (9–10) − % detractors (0–6).",
             hints=(
                 "Which customers were asked, and which of them are business customers?",
                 "The NPS of the business segment is the % of promoters (9 or 10) minus the % of detractors (0 to 6),"
                 " among the solicited survey answers of business members. Passives stay in the total.",
                 "First, take the solicited survey answers that have a customer_id, and look up each customer's "
                 "segment in the customers table. Next, keep the answers whose segment is business and that have an "
                 "nps score. Then take the % scoring 9 or 10 minus the % scoring 6 or less."),
             misconceptions=(
                 MISCONCEPTIONS["nps-as-mean"].producing(lambda d: _focus(d, "nps").mean()),
                 MISCONCEPTIONS["nps-as-mean"].producing(lambda d: _focus(d, "nps").mean() * 10),
                 SEGMENT_NOT_FILTERED.producing(
                     lambda d: kpi.nps(d.surveys.loc[d.surveys["solicited"], "nps"].dropna())),
                 SEGMENT_NOT_FILTERED.producing(lambda d: kpi.nps(segment_answers(d, "nps")["nps"])),
                 MISCONCEPTIONS["nps-passives-excluded"].producing(lambda d: nps_without_passives(_focus(d, "nps"))),
             )),
    Exercise(id="insight-segment-margin", kind="number", marking_point="003:MP2",
             title=f"Margin of error of the {FOCUS_SEGMENT} segment's CSAT (± percentage points)",
             expected=focus_margin, unit="points", tolerance=0.06, covers=("003:ET1", "003:CM3"),
             hint="course.kpi.margin_of_error(csat, n): csat as a percentage (e.g. 78.5), n = the segment's answers.",
             hints=(
                 "How many business customers actually answered, rather than how many business members there are?",
                 "Work out the business segment's CSAT as a percentage, then its margin of error from that CSAT and "
                 "n, the number of business answers: 1.96 times the square root of p times one minus p, divided by n,"
                 " times 100, with p the CSAT as a fraction.",
                 "First, keep the solicited answers in the surveys table that have a csat score and whose customer is"
                 " in the business segment of the customers table. Next, work out their CSAT, the % scoring 4 or 5, "
                 "and count the answers: that count is n. Then give the course's margin of error helper the CSAT as a"
                 " percentage (not a fraction) and n."),
             misconceptions=(
                 MISCONCEPTIONS["margin-members-not-answers"].producing(
                   lambda d: focus_margin(d, respondents="members")),
                 M("margin-all-answers", "Using every survey answer in the store as n",
                   "n is the segment's own answers: a small segment has a wide margin.",
                   lambda d: focus_margin(d, respondents="all answers")),
                 M("margin-fraction", "Passing CSAT as a fraction (0.78) instead of a percentage (78)",
                   "course.kpi.margin_of_error takes the percentage from 0 to 100.",
                   lambda d: focus_margin(d, as_fraction=True)),
             )),
    Exercise(id="insight-trusted-segment", kind="label", marking_point="003:MP2",
             title="The lowest-CSAT member segment that is solid enough to act on (or 'none')",
             expected=lowest_trusted_csat, covers=("003:CM3", "003:ET1"), stretch=True,
             hint=f"For each segment: CSAT, its answers n and its margin of error. Keep segments with n ≥ "
                  f"{MIN_ANSWERS} and a margin of ±{MAX_MARGIN:g} points or less; then take the lowest CSAT.",
             hints=(
                 "Would you act on a score that rests on a handful of answers?",
                 "For each segment, work out its CSAT, its number of answers and its margin of error. Keep the "
                 "segments with at least 30 answers and a margin of 10 points or less; of those, take the lowest "
                 "CSAT, or none if no segment passes.",
                 "First, join the solicited survey answers that have a csat score to the customers table, to get each"
                 " answer's segment. Next, for each segment work out the CSAT, count its answers and work out the "
                 "margin of error. Then drop the segments with fewer than 30 answers or a margin over 10 points, and "
                 "name the one with the lowest CSAT of those left."),
             misconceptions=(
                 M("small-sample-overread", "Picking the lowest score without checking the sample size",
                   "A segment with a handful of answers can score anything by chance: apply the rule first.",
                   lambda d: lowest_trusted_csat(d, any_size=True)),
                 MISCONCEPTIONS["margin-members-not-answers"].producing(
                   lambda d: lowest_trusted_csat(d, n_from_members=True)),
             )),
    Exercise(id="kpi-repeat-rate", kind="number", marking_point="003:MP2",
             title="Repeat customer rate (loyalty members)",
             expected=lambda d: kpi.repeat_customer_rate(d.transactions["customer_id"].value_counts()),
             unit="%", tolerance=PCT, covers=("003:KC4",),
             hint="Of the members who bought at least once, what % bought twice or more?",
             hints=(
                 "Which customers could have come back at all: every member, or those who bought at least once?",
                 "Members with two or more card sales divided by members with at least one, times 100.",
                 "First, count the sales in the transactions table per customer_id: a sale with no card belongs to "
                 "no member, so every member counted bought at least once. Then give those counts to the course's "
                 "repeat customer rate helper: it divides the members with two or more sales by the members with at "
                 "least one, and multiplies by 100."),
             misconceptions=(
                 M("repeat-over-all-members", "Dividing by every member, including those who never bought",
                   "The base is customers with at least one purchase in the period.",
                   lambda d: (d.transactions["customer_id"].value_counts() >= 2).sum() / len(d.customers) * 100),
                 M("repeat-share-of-sales", "The share of sales made by repeat customers",
                   "Count customers, not transactions.",
                   repeat_sales_share),
             )),
    Exercise(id="insight-churn", kind="number", marking_point="003:MP2",
             title="Churn rate of loyalty members, first half to second half (%)",
             expected=churn, unit="%", tolerance=0.06, covers=("003:KC4", "000:KC3"),
             hint="S = members who bought in the first half; lost = those of them with no purchase in the second "
                  "half. Churn = lost ÷ S × 100.",
             hints=(
                 "Which customers did you start with, and which of them have you not seen since?",
                 "Churn is the members who bought in the first half but not in the second half, divided by the "
                 "members who bought in the first half, times 100.",
                 "First, take the members who bought in the first half of the period (S) and those who bought in the "
                 "second half: the worked example lists both from the card sales in the transactions table. Next, "
                 "keep the members of S missing from the second list: they are lost. Then divide the number lost by "
                 "the number in S and multiply by 100."),
             misconceptions=(
                 M("churn-wrong-base", "Dividing by the customers at the end",
                   "Churn is measured against the customers you started with: count the first half's buyers "
                   "underneath, not the second half's.",
                   lambda d: _churn_wrong(d, "over end")),
                 M("churn-net-change", "The net fall in customers (start − end)",
                   "New customers replace lost ones and hide them: count the customers lost, not the net change.",
                   lambda d: _churn_wrong(d, "net change")),
                 M("churn-retention-swapped", "The retention rate instead of churn",
                   "Retention is the share kept; churn is the share lost.",
                   lambda d: _churn_wrong(d, "retention")),
                 M("churn-all-members", "Dividing by every member of the scheme",
                   "The base is the members who bought in the first half (first_half_buyers), not everyone who "
                   "ever joined.",
                   lambda d: _churn_wrong(d, "all members")),
             )),
    Exercise(id="insight-member-clv", kind="number", marking_point="003:MP2",
             title=f"Simple CLV of a loyalty member over {CLV_YEARS} years (£)",
             expected=member_clv, unit="£", tolerance=0.5, covers=("003:KC4", "003:KC5"),
             hint="ATV of card sales × card sales per buying member per year × 3 years.",
             hints=(
                 "What is one member worth over all the years they shop with you, not just on one visit?",
                 "Simple CLV is the ATV of card sales times the card purchases per buying member per year, times the "
                 "3 years a member is expected to stay.",
                 "First, the ATV: the total net_value of the card sales (the rows of transactions with a customer_id)"
                 " divided by their number. Next, purchases per year: the card sales divided by the number of "
                 "different members who bought, times 365, divided by the days in your period. Then multiply the ATV "
                 "by the purchases per year and by 3, and round only at the end."),
             misconceptions=(
                 M("clv-one-year", "One year's value instead of the lifetime",
                   f"Multiply by the {CLV_YEARS} years a member is expected to stay.",
                   lambda d: member_clv(d, years=1)),
                 M("clv-all-members", "Purchases shared over every member, including those who never bought",
                   "Divide card sales by the members who bought in the period.",
                   lambda d: member_clv(d, all_members=True)),
                 M("clv-all-sales-atv", "ATV of all sales, not members' sales",
                   "Use the card sales (customer_id present) for the ATV too.",
                   lambda d: member_clv(d, all_sales_atv=True)),
             )),
)
