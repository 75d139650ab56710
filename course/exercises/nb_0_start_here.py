"""Exercises of 0-start-here: the first three store KPIs (conversion, ATV and UPT), each computed as
domain-facts.md defines it (through course.kpi), with the wrong answers common mistakes give."""

from __future__ import annotations

from course import kpi
from course.exercises.helpers import MONEY, PCT
from course.exercises.registry import Exercise, Misconception, register
from course.store import StoreData

NOTEBOOK = "0-start-here.ipynb"

CONVERSION_INVERTED = Misconception(
    "conversion-inverted", "Footfall divided by transactions",
    "Put transactions on top: of everyone who came in, what share bought?")


def visitors(data: StoreData) -> float:
    """Return the store's footfall over the whole period."""
    return float(data.footfall["visitors"].sum())


register(
    NOTEBOOK,
    Exercise(
        id="kpi-conversion", title="Conversion rate for the whole period", kind="number", marking_point="000:MP5",
        expected=lambda d: kpi.conversion_rate(len(d.transactions), visitors(d)), unit="%", tolerance=PCT,
        covers=("000:KC2",), hint="Conversion = transactions ÷ footfall × 100.",
        hints=(
            "Of everyone who walked in, how many bought something, and which table has one row per sale?",
            "Conversion is the number of sales divided by the number of visitors, times 100. Sales go on top, visitors"
            " underneath, both over the whole period.",
            "First, add up the visitors column of the footfall table. Next, count the rows of the transactions table: "
            "one row is one sale. Then divide the sales by the visitors, multiply by 100 and round to one decimal "
            "place."),
        misconceptions=(
            CONVERSION_INVERTED.producing(lambda d: visitors(d) / len(d.transactions) * 100),
            CONVERSION_INVERTED.producing(lambda d: visitors(d) / len(d.transactions)),
            Misconception("conversion-units", "Units sold instead of transactions",
                          "Count sales (baskets), not items: one customer buying three items is one conversion.",
                          lambda d: d.transactions["units"].sum() / visitors(d) * 100),
        )),
    Exercise(
        id="kpi-atv", title="Average transaction value (£, ex VAT)", kind="number", marking_point="000:MP5",
        expected=lambda d: kpi.atv(d.transactions["net_value"].sum(), len(d.transactions)),
        unit="£", tolerance=MONEY, covers=("000:KC2",), hint="ATV = net sales ÷ number of transactions.",
        hints=(
            "When a customer pays at the till, is that one sale however many items are in the basket?",
            "ATV is net sales divided by the number of sales (baskets), not by the number of items. The sales are ex "
            "VAT.",
            "First, add up the net_value column of the transactions table. Next, count the rows of transactions. Then "
            "divide the total by the count and give the answer in pounds, to the penny."),
        misconceptions=(
            Misconception("atv-per-unit", "Sales divided by units instead of transactions",
                          "That is the average item price. ATV divides by the number of sales (baskets).",
                          lambda d: d.transactions["net_value"].sum() / d.transactions["units"].sum()),
            Misconception("atv-per-line", "The average of basket lines",
                          "A basket has several lines; total each basket first, or divide total sales by "
                          "transactions.", lambda d: d.transaction_lines["net_value"].mean()),
        )),
    Exercise(
        id="kpi-upt", title="Units per transaction", kind="number", marking_point="000:MP5",
        expected=lambda d: kpi.upt(d.transactions["units"].sum(), len(d.transactions)), tolerance=0.006,
        hint="UPT = units sold ÷ number of transactions.",
        hints=(
            "How many items does a typical basket hold, and is an item the same thing as a line on the receipt?",
            "UPT is the units sold divided by the number of sales. Count units (items), not lines.",
            "First, add up the units column of the transactions table. Next, count the rows of transactions. Then "
            "divide the units by the number of sales and round to two decimal places."),
        misconceptions=(
            Misconception("upt-lines-not-units", "Counting lines instead of units",
                          "A line can hold several of the same item: add up qty, not rows.",
                          lambda d: len(d.transaction_lines) / len(d.transactions)),
        )),
)
