"""The KPI exercises every section uses: each store measure computed exactly as domain-facts.md
defines it (through course.kpi), with the wrong answers that common misconceptions produce."""

from __future__ import annotations

import pandas as pd

from course import kpi
from course.exercises.registry import Exercise, Misconception as M, register
from course.store import StoreData

PCT = 0.06    # accept a percentage rounded to one decimal place
MONEY = 0.006  # accept pounds rounded to the penny


def solicited(data: StoreData) -> pd.DataFrame:
    """Return the survey responses the store asked for (receipt and email surveys)."""
    return data.surveys[data.surveys["solicited"]]


def worked_hours(data: StoreData) -> float:
    """Return staff hours actually worked (rostered shifts that were not absences)."""
    return float(data.rota.loc[~data.rota["absent"], "hours"].sum())


def promo_units(data: StoreData, promo_id: str = "PR01") -> tuple[float, float, float]:
    """Return (actual units, baseline units, promotion days) of a promotion's product.

    The baseline is the average daily units in the 28 days before the promotion, times its days.
    """
    promo = data.promotions.set_index("promo_id").loc[promo_id]
    lines = data.transaction_lines[data.transaction_lines["product_id"] == promo["product_id"]]
    item = lines.merge(data.transactions[["transaction_id", "timestamp"]], on="transaction_id")
    day = item["timestamp"].dt.normalize()
    days = (promo["end"] - promo["start"]).days + 1
    actual = item.loc[(day >= promo["start"]) & (day <= promo["end"]), "qty"].sum()
    before = item.loc[(day >= promo["start"] - pd.Timedelta(days=28)) & (day < promo["start"]), "qty"].sum()
    return float(actual), float(before / 28 * days), float(days)


def _cost_of_goods(data: StoreData) -> float:
    cost = data.transaction_lines["product_id"].map(data.products.set_index("product_id")["cost"])
    return float((cost * data.transaction_lines["qty"]).sum())


def _lift_over_actual(data: StoreData) -> float:
    actual, baseline, _ = promo_units(data)
    return (actual - baseline) / actual * 100


def _lift_whole_period_baseline(data: StoreData) -> float:
    actual, _, days = promo_units(data)
    pid = data.promotions.set_index("promo_id").loc["PR01", "product_id"]
    total = data.transaction_lines.loc[data.transaction_lines["product_id"] == pid, "qty"].sum()
    baseline = total / ((data.end - data.start).days + 1) * days
    return (actual - baseline) / baseline * 100


def _visitors(d: StoreData) -> float:
    return float(d.footfall["visitors"].sum())


def _register_all() -> None:
    for exercise in (
        Exercise("kpi-conversion", "reviewing", "Conversion rate for the whole period", "number", "000:MP5",
                 expected=lambda d: kpi.conversion_rate(len(d.transactions), _visitors(d)), unit="%", tolerance=PCT,
                 covers=("000:KC2",), hint="Conversion = transactions ÷ footfall × 100.",
                 misconceptions=(
                     M("conversion-inverted", "Footfall divided by transactions",
                       "Put transactions on top: of everyone who came in, what share bought?",
                       lambda d: _visitors(d) / len(d.transactions) * 100),
                     M("conversion-inverted", "Footfall divided by transactions",
                       "Put transactions on top: of everyone who came in, what share bought?",
                       lambda d: _visitors(d) / len(d.transactions)),
                     M("conversion-units", "Units sold instead of transactions",
                       "Count sales (baskets), not items: one customer buying three items is one conversion.",
                       lambda d: d.transactions["units"].sum() / _visitors(d) * 100),
                 )),
        Exercise("kpi-atv", "reviewing", "Average transaction value (£, ex VAT)", "number", "000:MP5",
                 expected=lambda d: kpi.atv(d.transactions["net_value"].sum(), len(d.transactions)),
                 unit="£", tolerance=MONEY, covers=("000:KC2",),
                 hint="ATV = net sales ÷ number of transactions.",
                 misconceptions=(
                     M("atv-per-unit", "Sales divided by units instead of transactions",
                       "That is the average item price. ATV divides by the number of sales (baskets).",
                       lambda d: d.transactions["net_value"].sum() / d.transactions["units"].sum()),
                     M("atv-per-line", "The average of basket lines",
                       "A basket has several lines; total each basket first, or divide total sales by transactions.",
                       lambda d: d.transaction_lines["net_value"].mean()),
                 )),
        Exercise("kpi-upt", "reviewing", "Units per transaction", "number", "000:MP5",
                 expected=lambda d: kpi.upt(d.transactions["units"].sum(), len(d.transactions)), tolerance=0.006,
                 hint="UPT = units sold ÷ number of transactions.",
                 misconceptions=(
                     M("upt-lines-not-units", "Counting lines instead of units",
                       "A line can hold several of the same item: add up qty, not rows.",
                       lambda d: len(d.transaction_lines) / len(d.transactions)),
                 )),
        Exercise("kpi-nps", "reviewing", "Net Promoter Score (solicited surveys)", "number", "004:MP1",
                 expected=lambda d: kpi.nps(solicited(d)["nps"].dropna()), tolerance=0.5, covers=("004:KC4",),
                 hint="NPS = % promoters (9–10) − % detractors (0–6); passives (7–8) stay in the total.",
                 misconceptions=(
                     M("nps-as-mean", "The mean score", "NPS is not an average: count promoters and detractors.",
                       lambda d: solicited(d)["nps"].mean()),
                     M("nps-as-mean", "The mean score times ten",
                       "NPS is not an average: count promoters and detractors.",
                       lambda d: solicited(d)["nps"].mean() * 10),
                     M("nps-passives-excluded", "Leaving the passives out of the total",
                       "Passives (7–8) count in the total even though they are neither promoters nor detractors.",
                       lambda d: _nps_without_passives(solicited(d)["nps"].dropna())),
                     M("nps-promoters-only", "Only the % of promoters", "Subtract the % of detractors (0–6).",
                       lambda d: (solicited(d)["nps"].dropna() >= 9).mean() * 100),
                 )),
        Exercise("kpi-csat", "reviewing", "CSAT (solicited surveys)", "number", "004:MP1",
                 expected=lambda d: kpi.csat(solicited(d)["csat"].dropna()), unit="%", tolerance=PCT,
                 covers=("004:KC4",), hint="CSAT = responses scoring 4 or 5 ÷ all responses × 100.",
                 misconceptions=(
                     M("csat-as-mean", "The mean score", "CSAT counts the satisfied (4 or 5), it is not the mean.",
                       lambda d: solicited(d)["csat"].mean()),
                     M("csat-as-mean", "The mean score as a percentage of 5",
                       "CSAT counts the satisfied (4 or 5), it is not the mean.",
                       lambda d: solicited(d)["csat"].mean() / 5 * 100),
                     M("csat-fives-only", "Counting only the 5s", "Scores of 4 count as satisfied too.",
                       lambda d: (solicited(d)["csat"].dropna() == 5).mean() * 100),
                     M("csat-unsolicited-mixed-in", "Mixing in reviews", "Use the surveys (solicited = True): "
                       "reviews are unsolicited and lean negative.",
                       lambda d: kpi.csat(d.surveys["csat"].dropna())),
                 )),
        Exercise("kpi-ces", "reviewing", "Customer Effort Score (mean, 1–7 scale)", "number", "000:MP5",
                 expected=lambda d: kpi.ces(solicited(d)["ces"].dropna()), tolerance=0.006,
                 hint="CES here is the mean agreement on a 1–7 scale; higher means easier.",
                 misconceptions=(
                     M("ces-as-percent", "A % agreeing instead of the mean",
                       "This course reports CES as the mean on the 1–7 scale, and says so.",
                       lambda d: (solicited(d)["ces"].dropna() >= 5).mean() * 100),
                 )),
        Exercise("kpi-fcr", "reviewing", "First contact resolution", "number", "004:MP1",
                 expected=lambda d: kpi.fcr(d.interactions["resolved_first_contact"]), unit="%", tolerance=PCT,
                 covers=("004:KC4",), hint="FCR = contacts resolved at the first contact ÷ all contacts × 100.",
                 misconceptions=(
                     M("fcr-first-contacts-only", "Leaving repeat contacts out of the total",
                       "Repeat contacts are contacts too: divide by all contacts.",
                       lambda d: kpi.fcr(d.interactions.loc[d.interactions["repeat_of"].isna(),
                                                            "resolved_first_contact"])),
                     M("fcr-unresolved", "The share NOT resolved", "FCR is the share resolved first time.",
                       lambda d: 100 - kpi.fcr(d.interactions["resolved_first_contact"])),
                 )),
        Exercise("kpi-complaint-rate", "reviewing", "Complaints per 1,000 transactions", "number", "000:MP3",
                 expected=lambda d: kpi.complaint_rate(len(d.complaints), len(d.transactions)), tolerance=0.006,
                 hint="Complaint rate = complaints ÷ transactions × 1,000.",
                 misconceptions=(
                     M("complaint-rate-percent", "A percentage instead of per thousand",
                       "Multiply by 1,000, not 100: complaint rates are per thousand transactions.",
                       lambda d: len(d.complaints) / len(d.transactions) * 100),
                     M("complaint-count-not-rate", "The number of complaints",
                       "A count is output data that grows with trade; divide by transactions for a rate.",
                       lambda d: len(d.complaints)),
                     M("complaints-per-contact", "Complaints per contact",
                       "Divide by transactions, not by CRM contacts.",
                       lambda d: len(d.complaints) / len(d.interactions) * 1000),
                 )),
        Exercise("kpi-repeat-rate", "data-analysis", "Repeat customer rate (loyalty members)", "number",
                 "003:MP2", expected=lambda d: kpi.repeat_customer_rate(d.transactions["customer_id"].value_counts()),
                 unit="%", tolerance=PCT, covers=("003:KC4",),
                 hint="Of the members who bought at least once, what % bought twice or more?",
                 misconceptions=(
                     M("repeat-over-all-members", "Dividing by every member, including those who never bought",
                       "The base is customers with at least one purchase in the period.",
                       lambda d: (d.transactions["customer_id"].value_counts() >= 2).sum() / len(d.customers) * 100),
                     M("repeat-share-of-sales", "The share of sales made by repeat customers",
                       "Count customers, not transactions.",
                       lambda d: _repeat_sales_share(d)),
                 )),
        Exercise("kpi-gross-margin", "promotion-teamwork", "Gross margin on the period's sales", "number",
                 "004:MP2", expected=lambda d: kpi.gross_margin(d.transaction_lines["net_value"].sum(), _cost_of_goods(d)),
                 unit="%", tolerance=PCT, hint="Gross margin = (sales − cost of goods) ÷ sales × 100.",
                 misconceptions=(
                     M("margin-markup-confusion", "Markup instead of margin",
                       "Margin divides the profit by the sales price; markup divides it by the cost.",
                       lambda d: kpi.markup(d.transaction_lines["net_value"].sum(), _cost_of_goods(d))),
                     M("margin-before-discounts", "Using shelf prices before discounts",
                       "Use net sales (after discounts): the discount came out of your margin.",
                       lambda d: kpi.gross_margin((d.transaction_lines["qty"] * d.transaction_lines["unit_price"]).sum(),
                                                  _cost_of_goods(d))),
                 )),
        Exercise("kpi-splh", "promotion-teamwork", "Sales per labour hour (£)", "number", "004:MP3",
                 expected=lambda d: kpi.sales_per_labour_hour(d.transactions["net_value"].sum(), worked_hours(d)),
                 unit="£", tolerance=MONEY, hint="Net sales ÷ hours actually worked (leave out absences).",
                 misconceptions=(
                     M("splh-rostered-hours", "Counting absent shifts as hours worked",
                       "Leave out shifts marked absent: nobody worked them.",
                       lambda d: d.transactions["net_value"].sum() / d.rota["hours"].sum()),
                 )),
        Exercise("kpi-promo-lift", "promotion-teamwork", "Lift of promotion PR01 (units)", "number", "004:MP2",
                 expected=lambda d: kpi.promotion_uplift(*promo_units(d)[:2]).lift_pct, unit="%", tolerance=0.06,
                 hint="Lift % = (actual − baseline) ÷ baseline × 100, with the 28-day baseline.",
                 misconceptions=(
                     M("lift-over-actual", "Dividing by actual instead of baseline",
                       "Lift compares with what would have happened anyway: divide by the baseline.",
                       _lift_over_actual),
                     M("baseline-whole-period", "A baseline from the whole period",
                       "The whole period includes the promotion itself; use the 28 days before it.",
                       _lift_whole_period_baseline),
                 )),
    ):
        register(exercise)


def _nps_without_passives(scores: pd.Series) -> float:
    core = scores[(scores >= 9) | (scores <= 6)]
    return ((core >= 9).mean() - (core <= 6).mean()) * 100


def _repeat_sales_share(d: StoreData) -> float:
    counts = d.transactions["customer_id"].value_counts()
    members = d.transactions["customer_id"].dropna()
    return members.isin(counts[counts >= 2].index).mean() * 100


_register_all()
