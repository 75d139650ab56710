"""Reference answers worked out independently (KPI, planning, 4.3 insight and 5.1/5.2 selling and promotion exercises).

Each exercise's expected value is compared with a calculation written out here in plain pandas from the
raw tables, following the course's KPI definitions (its domain facts) and the exercise's title and hint.
Nothing here calls course.kpi or the exercise modules' helpers: the point is a second, separate
calculation. Two fixed stores (apparel and grocery) catch sector-specific paths. The recording,
reviewing and teamwork exercises are in test_reference_answers_service.py, the trend exercises in
test_reference_answers_trends.py.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import pandas as pd
import pytest

from course.store import StoreData
from tests.reference import REFERENCE_STORES, expected_value, same

DAY = pd.Timedelta(days=1)


@pytest.fixture(params=REFERENCE_STORES, ids=[sector for _, sector in REFERENCE_STORES])
def data(request: pytest.FixtureRequest, store_of: Callable[..., StoreData]) -> StoreData:
    """Each reference store, simulated once in the session (conftest's store_of)."""
    learner_id, sector = request.param
    return store_of(learner_id, sector=sector)


# --- KPI exercises ---------------------------------------------------------------------------------
# test_exercises.py checks the first seven within each exercise's marking tolerance; here they are exact.

def kpi_conversion(d: StoreData) -> float:
    return len(d.transactions) / d.footfall["visitors"].sum() * 100


def kpi_atv(d: StoreData) -> float:
    return d.transactions["net_value"].sum() / len(d.transactions)


def kpi_upt(d: StoreData) -> float:
    return d.transactions["units"].sum() / len(d.transactions)


def solicited(d: StoreData, score: str) -> pd.Series:
    return d.surveys.loc[d.surveys["solicited"], score].dropna()


def kpi_nps(d: StoreData) -> float:
    scores = solicited(d, "nps")
    return ((scores >= 9).sum() - (scores <= 6).sum()) / len(scores) * 100


def kpi_csat(d: StoreData) -> float:
    scores = solicited(d, "csat")
    return (scores >= 4).sum() / len(scores) * 100


def kpi_fcr(d: StoreData) -> float:
    return d.interactions["resolved_first_contact"].sum() / len(d.interactions) * 100


def kpi_complaint_rate(d: StoreData) -> float:
    return len(d.complaints) / len(d.transactions) * 1000


def kpi_ces(d: StoreData) -> float:
    scores = solicited(d, "ces")
    return scores.sum() / len(scores)  # mean agreement on the 1–7 scale


def kpi_repeat_rate(d: StoreData) -> float:
    purchases = d.transactions.dropna(subset=["customer_id"]).groupby("customer_id").size()
    return (purchases >= 2).sum() / len(purchases) * 100  # base: members with at least one purchase


def kpi_gross_margin(d: StoreData) -> float:
    lines = d.transaction_lines.merge(d.products[["product_id", "cost"]], on="product_id", how="left")
    sales = lines["net_value"].sum()  # after discounts
    cost_of_goods = (lines["qty"] * lines["cost"]).sum()
    return (sales - cost_of_goods) / sales * 100


def kpi_splh(d: StoreData) -> float:
    hours_worked = d.rota.loc[~d.rota["absent"], "hours"].sum()  # absent shifts were not worked
    return d.transactions["net_value"].sum() / hours_worked


def pr01(d: StoreData) -> tuple[str, pd.Timestamp, pd.Timestamp]:
    row = d.promotions[d.promotions["promo_id"] == "PR01"].iloc[0]
    return row["product_id"], pd.Timestamp(row["start"]), pd.Timestamp(row["end"])


def promo_figures(d: StoreData, product_id: str) -> dict[str, float]:
    """A product's units in PR01's days, and in the 28 days just before it."""
    _, start, end = pr01(d)
    lines = d.transaction_lines[d.transaction_lines["product_id"] == product_id]
    sold = lines.merge(d.transactions[["transaction_id", "timestamp"]], on="transaction_id")
    day = sold["timestamp"].dt.normalize()
    days = (end - start).days + 1
    before = sold.loc[(day >= start - 28 * DAY) & (day <= start - DAY), "qty"].sum()
    return {"actual": sold.loc[(day >= start) & (day <= end), "qty"].sum(), "before": before,
            "days": days, "baseline": before / 28 * days}


def kpi_promo_lift(d: StoreData) -> float:
    f = promo_figures(d, pr01(d)[0])
    return (f["actual"] - f["baseline"]) / f["baseline"] * 100


# --- Planning exercises ----------------------------------------------------------------------------

def plan_peak_hour(d: StoreData) -> int:
    ff = d.footfall
    hour = ff["timestamp"].dt.hour
    total = ff.groupby(hour)["visitors"].sum()
    open_days = ff.groupby(hour)["timestamp"].apply(lambda t: t.dt.date.nunique())
    per_day = total / open_days
    return int(per_day.index[int(per_day.argmax())])


def plan_peak_day(d: StoreData) -> str:
    stamps = d.footfall["timestamp"]
    per_day = d.footfall.groupby([stamps.dt.normalize(), stamps.dt.day_name()])["visitors"].sum()
    by_weekday = per_day.groupby(level=1).mean()  # the average whole day, not the average hour
    return str(by_weekday.index[int(by_weekday.argmax())])


def plan_staff_needed(d: StoreData) -> int:
    saturday = d.footfall[d.footfall["timestamp"].dt.day_name() == "Saturday"]
    peak = saturday.groupby(saturday["timestamp"].dt.hour)["visitors"].mean().max()
    return math.ceil(peak / 25)  # one colleague per 25 visitors, rounded up


def shortage_days(d: StoreData) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The diary's sickness note starts the shortage; the next 'back' note ends it (both days included)."""
    staffing = d.events[d.events["kind"] == "staffing"].sort_values("date")
    first = staffing.loc[staffing["note"].str.contains("sickness", case=False), "date"].iloc[0]
    back = staffing[(staffing["date"] >= first) & staffing["note"].str.contains("back", case=False)]
    return pd.Timestamp(first), pd.Timestamp(back["date"].iloc[0])


def in_shortage(stamps: pd.Series, d: StoreData) -> pd.Series:
    first, last = shortage_days(d)
    return (stamps >= first) & (stamps < last + DAY)


def plan_shortage_queue(d: StoreData) -> float:
    return d.footfall.loc[in_shortage(d.footfall["timestamp"], d), "queue_minutes"].mean()


def plan_shortage_complaint_rate(d: StoreData) -> float:
    complaints = in_shortage(d.complaints["received"], d).sum()
    return complaints / in_shortage(d.transactions["timestamp"], d).sum() * 1000


def plan_shortage_conversion(d: StoreData) -> float:
    visitors = d.footfall.loc[in_shortage(d.footfall["timestamp"], d), "visitors"].sum()
    return in_shortage(d.transactions["timestamp"], d).sum() / visitors * 100


def plan_sla_met(d: StoreData) -> float:
    c = d.complaints
    met = c["resolved"].notna() & (c["resolved"] <= c["received"] + pd.Timedelta(hours=48))
    return met.sum() / len(c) * 100  # open complaints have not met it but stay in the total


def plan_december_uplift(d: StoreData) -> float:
    per_day = d.footfall.groupby(d.footfall["timestamp"].dt.date)["visitors"].sum()
    december = per_day[[day.month == 12 for day in per_day.index]]
    return (december.mean() / per_day.mean() - 1) * 100


def plan_regular_share(d: StoreData) -> float:
    card = d.transactions.dropna(subset=["customer_id"]).merge(d.customers[["customer_id", "segment"]],
                                                                on="customer_id", how="left")
    return (card["segment"] == "regular").sum() / len(card) * 100


def plan_top_complaint(d: StoreData) -> str:
    counts = d.complaints.groupby("category").size()
    return min(counts[counts == counts.max()].index)


def plan_preventable_contacts(d: StoreData) -> float:
    reasons = d.interactions["reason"]
    return ((reasons == "stock check") | (reasons == "order status")).sum() / len(reasons) * 100


# --- Insight exercises (4.3) -----------------------------------------------------------------------

def member_answers(d: StoreData, score: str) -> pd.DataFrame:
    """Solicited answers with a score, joined to the answering member's segment."""
    s = d.surveys[d.surveys["solicited"] & d.surveys["customer_id"].notna() & d.surveys[score].notna()]
    return s.merge(d.customers[["customer_id", "segment"]], on="customer_id")


def insight_segment_nps(d: StoreData) -> float:
    a = member_answers(d, "nps")
    scores = a.loc[a["segment"] == "business", "nps"]
    return ((scores >= 9).sum() - (scores <= 6).sum()) / len(scores) * 100


def margin(csat_pct: float, n: int) -> float:
    p = csat_pct / 100
    return 1.96 * math.sqrt(p * (1 - p) / n) * 100


def insight_segment_margin(d: StoreData) -> float:
    a = member_answers(d, "csat")
    scores = a.loc[a["segment"] == "business", "csat"]
    return margin((scores >= 4).sum() / len(scores) * 100, len(scores))


def insight_trusted_segment(d: StoreData) -> str:
    solid = []
    for segment, scores in member_answers(d, "csat").groupby("segment")["csat"]:
        csat = (scores >= 4).sum() / len(scores) * 100
        if len(scores) >= 30 and margin(csat, len(scores)) <= 10:
            solid.append((csat, str(segment)))
    return min(solid)[1] if solid else "none"


def halves(d: StoreData) -> tuple[set[str], set[str]]:
    days = (d.end - d.start).days + 1
    second_half = pd.Timestamp(d.start) + (days // 2) * DAY
    card = d.transactions.dropna(subset=["customer_id"])
    early = card["timestamp"] < second_half
    return set(card.loc[early, "customer_id"]), set(card.loc[~early, "customer_id"])


def insight_churn(d: StoreData) -> float:
    first, second = halves(d)
    return len(first - second) / len(first) * 100


def insight_member_clv(d: StoreData) -> float:
    card = d.transactions.dropna(subset=["customer_id"])
    atv = card["net_value"].sum() / len(card)
    per_year = len(card) / card["customer_id"].nunique() * 365 / ((d.end - d.start).days + 1)
    return atv * per_year * 3


# --- Selling and promotion exercises (5.1, 5.2) -------------------------------------------------------

def neighbour(d: StoreData) -> str:
    return d.products.loc[d.products["product_id"] == pr01(d)[0], "neighbour_id"].iloc[0]


def sell_baseline_daily(d: StoreData) -> float:
    return promo_figures(d, pr01(d)[0])["before"] / 28


def sell_incremental_units(d: StoreData) -> float:
    f = promo_figures(d, pr01(d)[0])
    return f["actual"] - f["baseline"]


def sell_neighbour_lost(d: StoreData) -> float:
    f = promo_figures(d, neighbour(d))
    return f["baseline"] - f["actual"]


def sell_net_incremental(d: StoreData) -> float:
    return sell_incremental_units(d) - sell_neighbour_lost(d)


def category_of(d: StoreData) -> pd.Series:
    return d.transaction_lines["product_id"].map(dict(zip(d.products["product_id"], d.products["category"])))


def sell_attach_rate(d: StoreData) -> float:
    """The add-on: the product outside the anchor's category found in the most baskets (lowest id on a tie)."""
    anchor, lines, category = pr01(d)[0], d.transaction_lines, category_of(d)
    outside = lines[category != category[lines["product_id"] == anchor].iloc[0]]
    baskets = outside.groupby("product_id")["transaction_id"].nunique()
    addon = min(baskets[baskets == baskets.max()].index)
    with_anchor = set(lines.loc[lines["product_id"] == anchor, "transaction_id"])
    with_addon = set(lines.loc[lines["product_id"] == addon, "transaction_id"])
    return len(with_anchor & with_addon) / len(with_anchor) * 100


def sell_basket_penetration(d: StoreData) -> float:
    anchor, start, end = pr01(d)
    tx = d.transactions
    during = set(tx.loc[(tx["timestamp"] >= start) & (tx["timestamp"] < end + DAY), "transaction_id"])
    lines, category = d.transaction_lines, category_of(d)
    own = d.products.loc[d.products["product_id"] == anchor, "category"].iloc[0]
    holding = set(lines.loc[(category == own) & lines["transaction_id"].isin(during), "transaction_id"])
    return len(holding) / len(during) * 100


REFERENCE: dict[str, Callable[[StoreData], object]] = {
    "kpi-conversion": kpi_conversion, "kpi-atv": kpi_atv, "kpi-upt": kpi_upt, "kpi-nps": kpi_nps,
    "kpi-csat": kpi_csat, "kpi-fcr": kpi_fcr, "kpi-complaint-rate": kpi_complaint_rate,
    "kpi-ces": kpi_ces, "kpi-repeat-rate": kpi_repeat_rate, "kpi-gross-margin": kpi_gross_margin,
    "kpi-splh": kpi_splh, "kpi-promo-lift": kpi_promo_lift,
    "plan-peak-hour": plan_peak_hour, "plan-peak-day": plan_peak_day,
    "plan-staff-needed": plan_staff_needed, "plan-shortage-queue": plan_shortage_queue,
    "plan-shortage-complaint-rate": plan_shortage_complaint_rate, "plan-sla-met": plan_sla_met,
    "plan-december-uplift": plan_december_uplift, "plan-regular-share": plan_regular_share,
    "plan-top-complaint": plan_top_complaint, "plan-preventable-contacts": plan_preventable_contacts,
    "plan-shortage-conversion": plan_shortage_conversion,
    "insight-segment-nps": insight_segment_nps, "insight-segment-margin": insight_segment_margin,
    "insight-trusted-segment": insight_trusted_segment, "insight-churn": insight_churn,
    "insight-member-clv": insight_member_clv,
    "sell-baseline-daily": sell_baseline_daily, "sell-incremental-units": sell_incremental_units,
    "sell-neighbour-lost": sell_neighbour_lost, "sell-net-incremental": sell_net_incremental,
    "sell-attach-rate": sell_attach_rate, "sell-basket-penetration": sell_basket_penetration,
}


@pytest.mark.parametrize("exercise_id", list(REFERENCE))
def test_expected_value_matches_a_calculation_written_out_here(data: StoreData, exercise_id: str) -> None:
    mine = REFERENCE[exercise_id](data)
    expected = expected_value(exercise_id, data)
    assert same(expected, mine), (exercise_id, data.sector, expected, mine)
