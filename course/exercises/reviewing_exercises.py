"""Reviewing exercises: mystery shopping against the chain, the PDCA before-and-after of the service
improvement, service recovery, linking service to sales, the action log and a HEAT response.

(The KPI exercises the reviewing notebooks also use — NPS, CSAT, CES, FCR, complaint rate — live in
kpi_exercises.py because other sections use them too.)
"""

from __future__ import annotations

import pandas as pd

from course import kpi
from course.exercises.registry import Exercise, Misconception as M, register
from course.exercises.structured_service import review_action_log, review_heat
from course.store import StoreData

RECOVERY_HOURS = 48


def visit_scores(data: StoreData, *, weighted: bool = True) -> pd.DataFrame:
    """Return one row per mystery-shop visit: store and score (% of checklist points earned)."""
    shops = data.mystery_shops.assign(points=lambda t: t["weight"] * t["passed"] if weighted else t["passed"],
                                      possible=lambda t: t["weight"] if weighted else 1)
    per_visit = shops.groupby(["visit_id", "store"], as_index=False)[["points", "possible"]].sum()
    return per_visit.assign(score=per_visit["points"] / per_visit["possible"] * 100)


def store_averages(data: StoreData, *, weighted: bool = True) -> pd.Series:
    """Return each store's average visit score, highest first."""
    return visit_scores(data, weighted=weighted).groupby("store")["score"].mean().sort_values(ascending=False)


def improvement_day(data: StoreData) -> pd.Timestamp:
    """Return the date of the service improvement, from the store diary ('process change')."""
    return data.events.loc[data.events["kind"] == "process change", "date"].min()


def complaint_rate_split(data: StoreData) -> tuple[float, float]:
    """Return complaints per 1,000 transactions (before, from) the improvement day."""
    cut = improvement_day(data)
    before = kpi.complaint_rate((data.complaints["received"] < cut).sum(), (data.transactions["timestamp"] < cut).sum())
    after = kpi.complaint_rate((data.complaints["received"] >= cut).sum(), (data.transactions["timestamp"] >= cut).sum())
    return before, after


def recovered_well(data: StoreData) -> pd.DataFrame:
    """Return complaints resolved within 48 hours with a real remedy, that the customer rated afterwards."""
    c = data.complaints
    hours = (c["resolved"] - c["received"]).dt.total_seconds() / 3600
    mask = (hours <= RECOVERY_HOURS) & (c["outcome"] != "no further action") & c["satisfaction_after"].notna()
    return c[mask]


def _change_pct(data: StoreData) -> float:
    before, after = complaint_rate_split(data)
    return (after / before - 1) * 100


def _change_over_after(data: StoreData) -> float:
    before, after = complaint_rate_split(data)
    return (after - before) / after * 100


def _change_in_points(data: StoreData) -> float:
    before, after = complaint_rate_split(data)
    return after - before


def _ours_rank(data: StoreData, weighted: bool = True) -> int:
    averages = store_averages(data, weighted=weighted)
    return int((averages > averages["Our store"]).sum())


def _register_all() -> None:
    for exercise in (
        Exercise("rev-mystery-score", "reviewing", "Our store's average mystery-shop score (%)", "number", "000:MP2",
                 expected=lambda d: float(store_averages(d)["Our store"]), unit="%", tolerance=0.06,
                 covers=("000:MP5",), hint="Per visit: points earned ÷ points possible × 100; then average the visits.",
                 misconceptions=(M("mystery-unweighted", "Counting items passed, ignoring their weights",
                                   "Each checklist item is worth its weight in points: use the weights.",
                                   lambda d: float(store_averages(d, weighted=False)["Our store"])),)),
        Exercise("rev-mystery-rank", "reviewing", "How many chain stores scored higher than ours on average?",
                 "number", "000:MP5", expected=_ours_rank, tolerance=0, covers=("000:MP2",),
                 hint="Average each store's visit scores, then count the stores above ours.",
                 misconceptions=(M("mystery-unweighted", "Ranking by unweighted scores",
                                   "Use the weighted visit scores.", lambda d: _ours_rank(d, weighted=False)),)),
        Exercise("rev-complaint-rate-before", "reviewing", "Complaints per 1,000 transactions before the improvement",
                 "number", "001:MP4", expected=lambda d: complaint_rate_split(d)[0], tolerance=0.06,
                 covers=("000:ET1", "001:ET4"),
                 hint="Only complaints and transactions before the diary's 'process change' date.",
                 misconceptions=(M("whole-period-average", "The rate for the whole period",
                                   "Split at the improvement date: PDCA's Check compares before with after.",
                                   lambda d: kpi.complaint_rate(len(d.complaints), len(d.transactions))),
                                 M("complaint-count-not-rate", "A count, not a rate",
                                   "Divide by transactions in the same dates and multiply by 1,000.",
                                   lambda d: int((d.complaints["received"] < improvement_day(d)).sum())))),
        Exercise("rev-complaint-rate-after", "reviewing", "Complaints per 1,000 transactions from the improvement on",
                 "number", "001:MP4", expected=lambda d: complaint_rate_split(d)[1], tolerance=0.06,
                 covers=("000:CM2", "001:CM3"),
                 hint="Only complaints and transactions on or after the improvement date.",
                 misconceptions=(M("complaint-count-not-rate", "A count, not a rate",
                                   "Divide by transactions in the same dates and multiply by 1,000.",
                                   lambda d: int((d.complaints["received"] >= improvement_day(d)).sum())),)),
        Exercise("rev-complaint-change", "reviewing", "Change in the complaint rate after the improvement (%)",
                 "number", "001:MP4", expected=_change_pct,
                 unit="%", tolerance=0.06, covers=("000:ET1",),
                 hint="(after − before) ÷ before × 100: a fall is a negative number.",
                 misconceptions=(M("change-over-after", "Dividing by the after rate",
                                   "Change is measured against where you started: divide by the before rate.",
                                   _change_over_after),
                                 M("points-not-percent", "The difference in rates, not a % change",
                                   "Divide the difference by the before rate and multiply by 100.",
                                   _change_in_points))),
        Exercise("rev-recovered-csat", "reviewing", "CSAT (% scoring 4–5) of complaints recovered well", "number",
                 "002:MP7", expected=lambda d: kpi.csat(recovered_well(d)["satisfaction_after"]), unit="%",
                 tolerance=0.06, covers=("003:KC3", "002:KC2"),
                 hint=f"Resolved within {RECOVERY_HOURS} hours, not 'no further action', with a reply: % scoring 4 or 5.",
                 misconceptions=(M("csat-as-mean", "The mean score", "CSAT counts scores of 4 or 5.",
                                   lambda d: float(recovered_well(d)["satisfaction_after"].mean())),
                                 M("recovery-all-complaints", "All complaints, not only the well-recovered ones",
                                   "Filter to fast resolutions with a real remedy first.",
                                   lambda d: kpi.csat(d.complaints["satisfaction_after"].dropna())))),
        Exercise("rev-card-atv", "reviewing", "ATV of loyalty-card sales (£)", "number", "000:ET3",
                 expected=lambda d: kpi.atv(d.transactions.dropna(subset=["customer_id"])["net_value"].sum(),
                                            d.transactions["customer_id"].notna().sum()),
                 unit="£", tolerance=0.006, covers=("003:KC5", "003:KC4"),
                 hint="Net sales of the sales with a customer_id ÷ the number of those sales.",
                 misconceptions=(M("mean-of-customer-averages", "The average of each customer's average",
                                   "Pool all card sales: total value ÷ number of sales.",
                                   lambda d: float(d.transactions.dropna(subset=["customer_id"])
                                                   .groupby("customer_id")["net_value"].mean().mean())),
                                 M("atv-all-sales", "All sales, not just card sales",
                                   "Filter to sales with a loyalty customer first.",
                                   lambda d: kpi.atv(d.transactions["net_value"].sum(), len(d.transactions))))),
        Exercise("rev-action-log", "reviewing", "The review meeting's action log", "structured", "001:MP2",
                 review=review_action_log, covers=("000:MP5", "001:CM3"),
                 misconceptions=(M("review-no-owner", "Action points without an owner or a date",
                                   "Each action needs someone responsible and a due date."),
                                 M("review-one-off", "A review treated as a one-off",
                                   "Date the actions and the next review: the cycle continues."))),
        Exercise("rev-heat-response", "reviewing", "A HEAT response to a complaint in your log", "structured",
                 "002:MP7", review=review_heat, covers=("002:KC2", "004:KC2", "002:ET6"),
                 misconceptions=(M("heat-step-missing", "A HEAT step left out",
                                   "Hear, Empathise, Apologise, Take action: write each one."),
                                 M("heat-vague-action", "A vague 'take action'",
                                   "Say exactly what you will do and by when."))),
    ):
        register(exercise)


_register_all()
