"""Exercises of 3.1 (measuring service): the customer measures (CSAT, NPS, CES, FCR, complaint rate)
computed as domain-facts.md defines them, mystery shopping against the chain, and card sales' ATV."""

from __future__ import annotations

import pandas as pd

from course import kpi
from course.exercises.helpers import PCT, nps_without_passives, solicited
from course.exercises.misconceptions import MISCONCEPTIONS
from course.exercises.registry import Exercise, Misconception, register
from course.store import StoreData

NOTEBOOK = "3-reviewing/3.1-measuring-service.ipynb"
OUR_STORE = "Our store"


def visit_scores(data: StoreData, *, weighted: bool = True) -> pd.DataFrame:
    """Return one row per mystery-shop visit: store and score (% of checklist points earned)."""
    shops = data.mystery_shops.assign(points=lambda t: t["weight"] * t["passed"] if weighted else t["passed"],
                                      possible=lambda t: t["weight"] if weighted else 1)
    per_visit = shops.groupby(["visit_id", "store"], as_index=False)[["points", "possible"]].sum()
    return per_visit.assign(score=per_visit["points"] / per_visit["possible"] * 100)


def store_averages(data: StoreData, *, weighted: bool = True) -> pd.Series:
    """Return each store's average visit score, highest first."""
    return visit_scores(data, weighted=weighted).groupby("store")["score"].mean().sort_values(ascending=False)


def stores_above_ours(data: StoreData, weighted: bool = True) -> int:
    """Return how many chain stores have a higher average mystery-shop score than ours."""
    averages = store_averages(data, weighted=weighted)
    return int((averages > averages[OUR_STORE]).sum())


def _card_sales(d: StoreData) -> pd.DataFrame:
    return d.transactions.dropna(subset=["customer_id"])


NPS_AS_MEAN, CSAT_AS_MEAN = MISCONCEPTIONS["nps-as-mean"], MISCONCEPTIONS["csat-as-mean"]
register(
    NOTEBOOK,
    Exercise(
        id="kpi-csat", title="CSAT (solicited surveys)", kind="number", marking_point="004:MP1",
        expected=lambda d: kpi.csat(solicited(d)["csat"].dropna()), unit="%", tolerance=PCT,
        covers=("004:KC4",), hint="CSAT = responses scoring 4 or 5 ÷ all responses × 100.",
        hints=(
            "Which customers did we actually ask, and which wrote to us without being asked?",
            "CSAT is the answers scoring 4 or 5, divided by all answers, times 100, from the solicited surveys only. "
            "It is not the average score.",
            "First, keep the rows of the surveys table where solicited is True, and leave out the empty csat scores. "
            "Next, count the scores of 4 or 5. Then divide by the number of scores and multiply by 100."),
        misconceptions=(
            CSAT_AS_MEAN.producing(lambda d: solicited(d)["csat"].mean()),
            CSAT_AS_MEAN.producing(lambda d: solicited(d)["csat"].mean() / 5 * 100),
            Misconception("csat-fives-only", "Counting only the 5s", "Scores of 4 count as satisfied too.",
                          lambda d: (solicited(d)["csat"].dropna() == 5).mean() * 100),
            Misconception("csat-unsolicited-mixed-in", "Mixing in reviews", "Use the surveys (solicited = True): "
                          "reviews are unsolicited and lean negative.", lambda d: kpi.csat(d.surveys["csat"].dropna())),
        )),
    Exercise(
        id="kpi-nps", title="Net Promoter Score (solicited surveys)", kind="number", marking_point="004:MP1",
        expected=lambda d: kpi.nps(solicited(d)["nps"].dropna()), tolerance=0.5, covers=("004:KC4",),
        hint="NPS = % promoters (9–10) − % detractors (0–6); passives (7–8) stay in the total.",
        hints=(
            "Which customers did we ask how likely they are to recommend us, and who counts as a fan?",
            "NPS is the % of promoters (9 or 10) minus the % of detractors (0 to 6), from the solicited surveys. "
            "Passives (7 or 8) stay in the total. It is a plain number, not a percentage.",
            "First, keep the rows of the surveys table where solicited is True, and leave out the empty nps scores. "
            "Next, work out the % scoring 9 or 10 and the % scoring 6 or less, each out of all the scores. Then take "
            "the second % away from the first."),
        misconceptions=(
            NPS_AS_MEAN.producing(lambda d: solicited(d)["nps"].mean()),
            NPS_AS_MEAN.producing(lambda d: solicited(d)["nps"].mean() * 10),
            MISCONCEPTIONS["nps-passives-excluded"].producing(
                lambda d: nps_without_passives(solicited(d)["nps"].dropna())),
            Misconception("nps-promoters-only", "Only the % of promoters", "Subtract the % of detractors (0–6).",
                          lambda d: (solicited(d)["nps"].dropna() >= 9).mean() * 100),
        )),
    Exercise(
        id="kpi-ces", title="Customer Effort Score (mean, 1–7 scale)", kind="number", marking_point="000:MP5",
        expected=lambda d: kpi.ces(solicited(d)["ces"].dropna()), tolerance=0.006,
        hint="CES here is the mean agreement on a 1–7 scale; higher means easier.",
        hints=(
            "Is the Customer Effort Score a share of customers, or an average on its own scale?",
            "CES is the average of the ces scores on the 1 to 7 scale, from the solicited surveys only. Higher means "
            "easier.",
            "First, keep the rows of the surveys table where solicited is True. Next, leave out the empty ces scores. "
            "Then add up the scores, divide by how many there are and round to two decimal places."),
        misconceptions=(
            Misconception("ces-as-percent", "A % agreeing instead of the mean",
                          "This course reports CES as the mean on the 1–7 scale, and says so.",
                          lambda d: (solicited(d)["ces"].dropna() >= 5).mean() * 100),
        )),
    Exercise(
        id="kpi-fcr", title="First contact resolution", kind="number", marking_point="004:MP1",
        expected=lambda d: kpi.fcr(d.interactions["resolved_first_contact"]), unit="%", tolerance=PCT,
        covers=("004:KC4",), hint="FCR = contacts resolved at the first contact ÷ all contacts × 100.",
        hints=(
            "When a customer had to come back about the same issue, was their first contact really resolved?",
            "FCR is the contacts resolved at the first contact divided by all contacts, times 100. Repeat contacts "
            "stay in the total.",
            "First, count all the rows of the interactions table. Next, count the rows where resolved_first_contact is"
            " True. Then divide the second count by the first and multiply by 100."),
        misconceptions=(
            MISCONCEPTIONS["fcr-first-contacts-only"].producing(
                lambda d: kpi.fcr(d.interactions.loc[d.interactions["repeat_of"].isna(), "resolved_first_contact"])),
            MISCONCEPTIONS["fcr-unresolved"].producing(
                lambda d: 100 - kpi.fcr(d.interactions["resolved_first_contact"])),
        )),
    Exercise(
        id="kpi-complaint-rate", title="Complaints per 1,000 transactions", kind="number", marking_point="000:MP3",
        expected=lambda d: kpi.complaint_rate(len(d.complaints), len(d.transactions)), tolerance=0.006,
        hint="Complaint rate = complaints ÷ transactions × 1,000.",
        hints=(
            "Would a busier store, with more sales, naturally get more complaints?",
            "Complaints divided by transactions, times 1,000: complaints per thousand sales, not a percentage.",
            "First, count the rows of the complaints table. Next, count the rows of the transactions table. Then "
            "divide the complaints by the transactions, multiply by 1,000 and round to two decimal places."),
        misconceptions=(
            Misconception("complaint-rate-percent", "A percentage instead of per thousand",
                          "Multiply by 1,000, not 100: complaint rates are per thousand transactions.",
                          lambda d: len(d.complaints) / len(d.transactions) * 100),
            MISCONCEPTIONS["complaint-count-not-rate"].producing(lambda d: len(d.complaints)),
            Misconception("complaints-per-contact", "Complaints per contact",
                          "Divide by transactions, not by CRM contacts.",
                          lambda d: len(d.complaints) / len(d.interactions) * 1000),
        )),
    Exercise(
        id="rev-mystery-score", title="Our store's average mystery-shop score (%)", kind="number",
        marking_point="000:MP2", expected=lambda d: float(store_averages(d)[OUR_STORE]), unit="%", tolerance=0.06,
        covers=("000:MP5",), hint="Per visit: points earned ÷ points possible × 100; then average the visits.",
        hints=(
            "Is every item on the checklist worth the same, or do some carry more points?",
            "For each visit, the points earned divided by the points possible, times 100. Then average the visit "
            "scores of our store.",
            "First, keep the rows of the mystery_shops table whose store is Our store. Next, for each visit_id, add up"
            " the weight of the items passed and the weight of all its items, and divide the first by the second, "
            "times 100. Then average those visit scores."),
        misconceptions=(MISCONCEPTIONS["mystery-unweighted"].producing(
            lambda d: float(store_averages(d, weighted=False)[OUR_STORE])),)),
    Exercise(
        id="rev-mystery-rank", title="How many chain stores scored higher than ours on average?", kind="number",
        marking_point="000:MP5", expected=stores_above_ours, tolerance=0, covers=("000:MP2",),
        hint="Average each store's visit scores, then count the stores above ours.",
        hints=(
            "Is one visit a fair comparison, or the average over all of a store's visits?",
            "Work out every store's average visit score, weighted by points, the same way as for ours. Then count how "
            "many other stores have a higher average than ours.",
            "First, for each store in the mystery_shops table, add up the weights of the items passed and the "
            "weights of all its items. Every visit is out of the same points, so the first divided by the second, "
            "times 100, is the store's average visit score. Next, find the place of Our store when the stores are in "
            "order, highest average first. Then take one off that place: that is how many stores are above ours, as "
            "a whole number."),
        misconceptions=(MISCONCEPTIONS["mystery-unweighted"].producing(
            lambda d: stores_above_ours(d, weighted=False)),)),
    Exercise(
        id="rev-card-atv", title="ATV of loyalty-card sales (£)", kind="number", marking_point="000:ET3",
        own_data_needs=("card-sales",),
        expected=lambda d: kpi.atv(_card_sales(d)["net_value"].sum(), d.transactions["customer_id"].notna().sum()),
        unit="£", tolerance=0.006, covers=("003:KC5", "003:KC4"),
        hint="Net sales of the sales with a customer_id ÷ the number of those sales.",
        hints=(
            "How do you tell a loyalty-card sale from any other sale?",
            "The ATV of card sales is the net sales of the sales that have a customer_id, divided by the number of "
            "those sales.",
            "First, keep the rows of the transactions table that have a customer_id. Next, add up their net_value "
            "column and count the rows. Then divide the total by the count and give pounds, to the penny."),
        misconceptions=(Misconception("mean-of-customer-averages", "The average of each customer's average",
                                      "Pool all card sales: total value ÷ number of sales.",
                                      lambda d: float(_card_sales(d).groupby("customer_id")["net_value"]
                                                      .mean().mean())),
                        Misconception("atv-all-sales", "All sales, not just card sales",
                                      "Filter to sales with a loyalty customer first.",
                                      lambda d: kpi.atv(d.transactions["net_value"].sum(), len(d.transactions))))),
)
