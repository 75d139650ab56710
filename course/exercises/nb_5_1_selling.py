"""Exercises of 5.1 (selling to customer needs): features turned into benefits for two customers, the
attach rate of a cross-selling pair, and the store's gross margin. The written check of the features and
benefits is here; the pair's basket counts are in nb_5_1_figures.py, shared with 5.2.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from course import kpi
from course.exercises.helpers import PCT
from course.exercises.nb_5_1_figures import prepare, promo_window
from course.exercises.registry import Exercise, Problem, register
from course.exercises.registry import Misconception as M
from course.exercises.structured import as_table, find_column
from course.store import StoreData

NOTEBOOK = "5-promotion-teamwork/5.1-selling-to-customer-needs.ipynb"


def _norm(text: Any) -> str:
    return " ".join(str(text).casefold().replace("’", "'").split()).rstrip(".")


def product_features(data: StoreData, product_id: str) -> list[str]:
    """Return the product's features as listed in products.csv (two or three)."""
    row = data.products.set_index("product_id").loc[product_id]
    return [str(row[f"feature_{i}"]) for i in (1, 2, 3) if pd.notna(row.get(f"feature_{i}"))
            and str(row[f"feature_{i}"]).strip()]


def _known(feature: str, features: list[str]) -> str | None:
    given = _norm(feature)
    for real in features:
        if given == _norm(real) or (len(given) >= 8 and given in _norm(real)):
            return real
    return None


def review_feature_benefit(data: StoreData, answer: Any, *, product_of: Callable[[StoreData], str]) -> list[Problem]:
    """Return what a features-to-benefits table lacks: real features, benefits for the customer, tailoring.

    `product_of(data)` names the product being sold (looked up only once the table's columns are right).
    """
    table = as_table(answer)
    cols = {need: find_column(table, words) for need, words in
            (("customer", ("customer", "need", "cue", "says")), ("feature", ("feature",)), ("benefit", ("benefit",)))}
    if None in cols.values():
        return [Problem("Use the columns 'customer_says', 'feature' and 'benefit'.", None)]
    product = product_of(data)
    features = product_features(data, product)
    problems = [] if len(table) >= 2 else [Problem("Write one row for each of two different customers.",
                                                   "not-tailored")]
    matched = []
    text = {k: table[c].where(table[c].notna(), "").astype(str).tolist() for k, c in cols.items()}
    for i, (cue, feature, benefit) in enumerate(zip(text["customer"], text["feature"], text["benefit"]), start=1):
        real = _known(feature, features)
        matched.append(real)
        if real is None:
            problems.append(Problem(f"Row {i}: {feature[:40]!r} is not one of {product}'s features in "
                                    "data.products; copy one from the table above.", "no-product-knowledge"))
        if len(cue.split()) < 3:
            problems.append(Problem(f"Row {i}: write what this customer told you (their need or cue).",
                                    "not-tailored"))
        if len(benefit.split()) < 4 or _known(benefit, features) or _norm(benefit) == _norm(feature):
            problems.append(Problem(f"Row {i}: say what the feature does for this customer ('so you ...'), "
                                    "not what the product has.", "features-not-benefits"))
    if len(table) >= 2 and None not in matched and len(set(matched)) == 1:
        problems.append(Problem("Every customer got the same feature: lead with the one that meets each "
                                "customer's own need.", "not-tailored"))
    return problems


def cost_of_goods(data: StoreData) -> float:
    """Return the cost of the goods sold over the period (£)."""
    lines = data.transaction_lines
    at = pd.Index(data.products["product_id"]).get_indexer(lines["product_id"])  # each line's product's row; -1: none
    costs = np.append(data.products["cost"].to_numpy(dtype=float), np.nan)  # so a product not listed costs NaN
    return float((pd.Series(costs[at], index=lines.index) * lines["qty"]).sum())


register(
    NOTEBOOK,
    Exercise(id="sell-feature-benefit", kind="structured", marking_point="004:MP2",
             title="Features turned into benefits for two customers",
             covers=("004:CM2", "002:ET3", "002:MP3"),
             review=partial(review_feature_benefit, product_of=lambda d: promo_window(d).product_id),
             hints=(
                 "What did each customer actually tell you they need?",
                 "The assessor looks for two rows, one per customer: what the customer said, a real feature of the "
                 "product copied from the table, and a benefit that says what it does for them. The two customers "
                 "lead with different features.",
                 "First, pick two different customers, such as a regular and a business buyer, and write what each "
                 "one said. Next, copy a different feature of PR01's product for each, from the features in the "
                 "products table. Then turn each feature into what it does for that customer, starting with the words"
                 " so you."),
             misconceptions=(M("features-not-benefits", "Features listed without the benefit to the customer",
                               "Say what each feature does for this customer: 'so you ...'."),
                             M("not-tailored", "The same pitch for every customer",
                               "Lead with the feature that meets what this customer told you."),
                             M("no-product-knowledge", "A feature the product does not have",
                               "Use the features listed for the product in data.products."))),
    Exercise(id="sell-attach-rate", kind="number", marking_point="004:MP2",
             title="Attach rate of the add-on to PR01's product",
             expected=lambda d: kpi.attach_rate(prepare(d).pair_counts.both, prepare(d).pair_counts.anchor),
             unit="%", tolerance=0.006, covers=("000:KC1", "001:KC3"),
             hint="Baskets holding both ÷ baskets holding the anchor product × 100, to 2 decimal places.",
             hints=(
                 "Of the customers who bought the main product, how many also picked up the add-on?",
                 "The attach rate is the baskets holding both the anchor and the add-on, divided by the baskets "
                 "holding the anchor, times 100, over the whole period.",
                 "First, in transaction_lines, list the different transaction ids that hold the anchor product, and "
                 "those that hold the add-on. Next, count the baskets on both lists, and the baskets on the anchor's "
                 "list. Then divide the first count by the second, multiply by 100 and keep two decimal places."),
             misconceptions=(
                 M("attach-over-all-baskets", "Dividing by all baskets (that is basket penetration)",
                   "The base of an attach rate is the baskets that hold the anchor product: count with_anchor "
                   "underneath, not every basket.",
                   lambda d: prepare(d).pair_counts.both / prepare(d).pair_counts.all * 100),
                 M("attach-wrong-base", "Dividing by the add-on's baskets instead of the anchor's",
                   "Ask: of the baskets with the anchor product, what share also held the add-on? The anchor's "
                   "baskets (with_anchor) go underneath, not the add-on's.",
                   lambda d: prepare(d).pair_counts.both / prepare(d).pair_counts.addon * 100),
                 M("attach-lines-not-baskets", "Counting lines instead of baskets",
                   "A basket can hold the add-on on two lines: count each basket once, as data.ids does with "
                   "its transaction_id.",
                   lambda d: prepare(d).pair_counts.addon_lines_with_anchor / prepare(d).pair_counts.anchor * 100),
             )),
    Exercise(id="kpi-gross-margin", kind="number", marking_point="004:MP2", own_data_needs=("product-costs",),
             title="Gross margin on the period's sales",
             expected=lambda d: kpi.gross_margin(d.transaction_lines["net_value"].sum(), cost_of_goods(d)),
             unit="%", tolerance=PCT, hint="Gross margin = (sales − cost of goods) ÷ sales × 100.",
             hints=(
                 "Is margin the profit as a share of what the customer paid, or of what the goods cost?",
                 "Gross margin is sales minus the cost of goods, divided by sales, times 100. Use sales after "
                 "discounts, and the cost of each line is its quantity times the product's unit cost.",
                 "First, add up the net_value column of transaction_lines: the sales after discounts. Next, for each "
                 "line, multiply its qty by the product's cost from the products table, and add those up. Then take "
                 "the cost away from the sales, divide by the sales and multiply by 100."),
             misconceptions=(
                 M("margin-markup-confusion", "Markup instead of margin",
                   "Margin divides the profit by the sales (net_sales); markup divides it by the cost of goods.",
                   lambda d: kpi.markup(d.transaction_lines["net_value"].sum(), cost_of_goods(d))),
                 M("margin-before-discounts", "Using shelf prices before discounts",
                   "Use net sales, what customers paid after discounts (net_sales, not shelf_price_sales): the "
                   "discount came out of your margin.",
                   lambda d: kpi.gross_margin((d.transaction_lines["qty"] * d.transaction_lines["unit_price"]).sum(),
                                              cost_of_goods(d))),
             )),
)
