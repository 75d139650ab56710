"""Exercises of 5.1 (promoting products): features turned into benefits, the promotion's baseline,
incremental units, cannibalisation and lift, basket measures, margin, and which law covers each
pricing scenario. The two written checks are here; the promotion's figures are in nb_5_1_figures.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from typing import Any

import pandas as pd

from course import kpi
from course.exercises.answers import AnswerProblem
from course.exercises.helpers import PCT, promo_units
from course.exercises.misconceptions import MISCONCEPTIONS
from course.exercises.nb_5_1_figures import incremental, lost, neighbour, prepare, promo_window, promoted
from course.exercises.registry import Exercise, Problem, register
from course.exercises.registry import Misconception as M
from course.exercises.structured import as_table, find_column
from course.store import StoreData

NOTEBOOK = "5-promotion-teamwork/5.1-promoting-products.ipynb"
UNITS = 0.5  # accept units to the nearest whole unit


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


# The rules accepted for each scenario. A misleading price claim or "was" price breaks the DMCC Act as well as
# the CAP Code or the CTSI guidance written for it (domain-facts.md: accept either), so both are right there.
RULES_FOR: dict[str, frozenset[str]] = {
    "was_now_label": frozenset({"ctsi", "dmcc"}), "advert_claim": frozenset({"cap", "dmcc"}),
    "checkout_fee": frozenset({"dmcc"}), "staff_reviews": frozenset({"dmcc"}), "multibuy_offer": frozenset({"hfss"})}
RULE_NAMES = {"ctsi": "the CTSI pricing guidance", "dmcc": "the DMCC Act 2024", "cap": "the ASA's CAP Code",
              "hfss": "the HFSS promotion rules"}
_RULE_WORDS = (("ctsi", r"\bctsi\b|pricing practices|guidance for traders|trading standards"),
               ("dmcc", r"\bdmcc|digital markets|\bcma\b|competition and markets authority"),
               ("cap", r"\bcap\b|\basa\b|advertising standards|advertising practice"),
               ("hfss", r"\bhfss\b|less.healthy|high in fat|food \(promotion|promotion and placement"),
               ("brc", r"\bbrc\b|british retail consortium"), ("cprs", r"\bcprs?\b|unfair trading|\b2008\b"))


def rules_named(text: Any) -> set[str]:
    """Return every rule that `text` names, each looked for on its own (in any order, any case)."""
    return {rule for rule, pattern in _RULE_WORDS if re.search(pattern, str(text), re.IGNORECASE)}


def _listed(rules: set[str]) -> str:
    return " and ".join(RULE_NAMES[r] for r in sorted(rules))


def review_pricing_law(_data: StoreData, answer: Any) -> list[Problem]:
    """Return the scenarios matched to the wrong law or guidance (answer: {scenario: rule})."""
    if not isinstance(answer, dict):
        raise AnswerProblem(f"your answer is a {type(answer).__name__}; give a dict like "
                            "{'was_now_label': 'CTSI pricing guidance', ...}")
    given = {str(k).strip().casefold(): v for k, v in answer.items()}
    problems = []
    for scenario, accepted in RULES_FOR.items():
        if scenario not in given:
            problems.append(Problem(f"Name a rule for '{scenario}' too.", None))
            continue
        named = rules_named(given[scenario])
        wrong = named - accepted - {"brc", "cprs"}
        if "brc" in named:
            problems.append(Problem(f"'{scenario}': there is no current BRC Code of Practice for sales "
                                    "promotions; the syllabus is out of date here.", "brc-code"))
        elif "cprs" in named:
            problems.append(Problem(f"'{scenario}': the 2008 unfair trading regulations were replaced by the "
                                    "DMCC Act 2024 on 6 April 2025.", "outdated-cprs"))
        elif not named:
            problems.append(Problem(f"'{scenario}': name one of the four rules; ask which rule is written for "
                                    "exactly this situation.", "law-mismatch"))
        elif wrong:
            problems.append(Problem(f"'{scenario}': not {_listed(wrong)}; ask which rule is written for exactly "
                                    "this situation.", "law-mismatch"))
    return problems


def cost_of_goods(data: StoreData) -> float:
    """Return the cost of the goods sold over the period (£)."""
    cost = data.transaction_lines["product_id"].map(data.products.set_index("product_id")["cost"])
    return float((cost * data.transaction_lines["qty"]).sum())


def lift_over_actual(data: StoreData) -> float:
    """The lift a learner gets by dividing by the actual units instead of the baseline (a mistake)."""
    actual, baseline, _ = promo_units(data)
    return (actual - baseline) / actual * 100


def lift_whole_period_baseline(data: StoreData) -> float:
    """The lift a learner gets from a baseline averaged over the whole period (a mistake)."""
    actual, _, days = promo_units(data)
    pid = data.promotions.set_index("promo_id").loc["PR01", "product_id"]
    total = data.transaction_lines.loc[data.transaction_lines["product_id"] == pid, "qty"].sum()
    baseline = total / ((data.end - data.start).days + 1) * days
    return (actual - baseline) / baseline * 100


BASELINE_WHOLE_PERIOD = MISCONCEPTIONS["baseline-whole-period"]


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
    Exercise(id="sell-baseline-daily", kind="number", marking_point="004:MP2",
             title="Baseline: PR01 product's daily units before it ran",
             expected=lambda d: promoted(d).baseline_daily, unit="units a day", tolerance=PCT,
             covers=("004:ET1",), hint="Units in the 28 days just before the promotion ÷ 28.",
             hints=(
                 "What would the product have sold on an ordinary day, before the offer started?",
                 "The baseline is the units sold in the 28 days just before the promotion, divided by 28. Not the "
                 "whole period, and not a window that includes the promotion.",
                 "First, find PR01's product and start date in the promotions table. Next, add up the qty of that "
                 "product in transaction_lines for the sales in the 28 days before the start, up to the day before "
                 "it. Then divide by 28 and keep the decimals."),
             misconceptions=(
                 BASELINE_WHOLE_PERIOD.producing(lambda d: promoted(d).period_daily),
                 M("baseline-promo-days", "The promotion's own daily sales",
                   "That is the actual, not the baseline: the baseline is what sold before the offer.",
                   lambda d: promoted(d).actual / promoted(d).days),
                 M("baseline-total-not-daily", "The four-week total, not a daily figure",
                   "Divide the 28 days' units by 28 to get units a day.", lambda d: promoted(d).before_total),
                 M("baseline-days-mismatch", "Four weeks of sales divided by the promotion's length",
                   "Divide by the number of days the units came from: 28.",
                   lambda d: promoted(d).before_total / promoted(d).days),
             )),
    Exercise(id="sell-incremental-units", kind="number", marking_point="004:MP2",
             title="Incremental units of PR01's product",
             expected=lambda d: incremental(promoted(d)), unit="units", tolerance=UNITS, covers=("004:ET2",),
             hint="Incremental = actual units in the promotion − (baseline units a day × the promotion's days).",
             hints=(
                 "How many of these units would have sold anyway, without the offer?",
                 "Incremental units are the actual units on the promotion's days minus the baseline for those days: "
                 "the baseline units a day times the number of promotion days.",
                 "First, add up the promoted product's qty in transaction_lines on the promotion's days, the first "
                 "and last included. Next, multiply your baseline units a day by the number of promotion days. Then "
                 "take the second figure away from the first."),
             misconceptions=(
                 M("incremental-no-baseline", "The promotion's total units, with no baseline taken off",
                   "Some of those units would have sold anyway: take off the baseline.", lambda d: promoted(d).actual),
                 M("incremental-unscaled-baseline", "Taking off one day's baseline, not the whole promotion's",
                   "Multiply the baseline units a day by the number of days the promotion ran.",
                   lambda d: promoted(d).actual - promoted(d).baseline_daily),
                 M("incremental-window-mismatch", "Taking off four weeks of baseline from a shorter promotion",
                   "Compare like with like: scale the baseline to the promotion's days.",
                   lambda d: promoted(d).actual - promoted(d).before_total),
                 BASELINE_WHOLE_PERIOD.producing(
                   lambda d: promoted(d).actual - promoted(d).period_daily * promoted(d).days),
             )),
    Exercise(id="kpi-promo-lift", kind="number", marking_point="004:MP2",
             title="Lift of promotion PR01 (units)",
             expected=lambda d: kpi.promotion_uplift(*promo_units(d)[:2]).lift_pct, unit="%", tolerance=0.06,
             hint="Lift % = (actual − baseline) ÷ baseline × 100, with the 28-day baseline.",
             hints=(
                 "Is the lift measured against what you sold, or against what you would have sold anyway?",
                 "Lift in % is the actual units minus the baseline, divided by the baseline, times 100, for the "
                 "promotion's days.",
                 "First, add up the qty of PR01's product in transaction_lines on the promotion's days: that is the "
                 "actual. Next, work out the baseline for those days: its units in the 28 days before, divided by 28,"
                 " times the promotion days. Then take the baseline away from the actual, divide by the baseline and "
                 "multiply by 100."),
             misconceptions=(
                 M("lift-over-actual", "Dividing by actual instead of baseline",
                   "Lift compares with what would have happened anyway: divide by the baseline.",
                   lift_over_actual),
                 BASELINE_WHOLE_PERIOD.producing(lift_whole_period_baseline),
             )),
    Exercise(id="sell-neighbour-lost", kind="number", marking_point="004:MP2",
             title="Units the neighbouring product lost during PR01",
             expected=lambda d: lost(neighbour(d)), unit="units", tolerance=0.05,
             hint="The neighbour's baseline for the promotion's days − its actual units then (1 decimal place).",
             hints=(
                 "When the promoted product was cheaper, which similar product might customers have bought instead?",
                 "The units lost are the neighbour's baseline for the promotion's days minus what it actually sold on"
                 " those days. A loss is a positive number.",
                 "First, find the neighbour: the neighbour_id of PR01's product in the products table. Next, work out"
                 " its baseline exactly as for the promoted product: its units in the 28 days before, divided by 28, "
                 "times the promotion days. Then take away its actual units on the promotion's days and round to one "
                 "decimal place."),
             misconceptions=(
                 M("cannibalisation-sign", "The change (a negative number) instead of the units lost",
                   "Units lost = baseline − actual, a positive number when the neighbour sold less.",
                   lambda d: -lost(neighbour(d))),
                 M("cannibalisation-actual-only", "The neighbour's units sold, with no baseline",
                   "Compare with what the neighbour would normally have sold in those days.",
                   lambda d: neighbour(d).actual),
                 BASELINE_WHOLE_PERIOD.producing(
                   lambda d: neighbour(d).period_daily * neighbour(d).days - neighbour(d).actual),
             )),
    Exercise(id="sell-net-incremental", kind="number", marking_point="004:MP2",
             title="Net incremental units after cannibalisation",
             expected=lambda d: incremental(promoted(d)) - lost(neighbour(d)), unit="units", tolerance=UNITS,
             covers=("000:KC2",), hint="The promoted product's incremental units − the units its neighbour lost.",
             hints=(
                 "Were all the extra units new business for the category?",
                 "Net incremental units are the promoted product's incremental units minus the units its neighbour "
                 "lost.",
                 "First, take your answer for the incremental units of PR01's product. Next, take your answer for the"
                 " units the neighbour lost. Then take the second away from the first."),
             misconceptions=(
                 M("ignore-cannibalisation", "Ignoring the neighbour's lost units",
                   "Some extra units were taken from the neighbour: subtract its loss.",
                   lambda d: incremental(promoted(d))),
                 M("cannibalisation-added", "Adding the neighbour's loss instead of subtracting it",
                   "The neighbour's lost units are a cost of the offer: subtract them.",
                   lambda d: incremental(promoted(d)) + lost(neighbour(d))),
             )),
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
    Exercise(id="sell-basket-penetration", kind="number", marking_point="004:MP2",
             title="Basket penetration of PR01's category during it",
             expected=lambda d: prepare(d).in_promotion.penetration, unit="%", tolerance=PCT, covers=("000:KC1",),
             hint="Baskets during the promotion holding the category ÷ all baskets during it × 100.",
             hints=(
                 "Of all the customers who bought anything during the offer, how many took something from that "
                 "category?",
                 "Basket penetration is the baskets on the promotion's days holding at least one item from the "
                 "category, divided by all the baskets on those days, times 100. Count baskets, not lines.",
                 "First, keep the transactions with a timestamp on the promotion's days and count them. Next, find "
                 "the category of each line's product_id in the products table, and count the different baskets of "
                 "those days that hold the category. Then divide the second count by the first and multiply by 100."),
             misconceptions=(
                 M("penetration-lines-not-baskets", "Counting lines instead of baskets",
                   "A basket with two items from the category is still one basket: count each basket once, as "
                   "data.ids does with its transaction_id.",
                   lambda d: prepare(d).in_promotion.category_lines / prepare(d).in_promotion.baskets * 100),
                 M("penetration-share-of-lines", "The category's share of all lines (its sales mix)",
                   "Penetration counts baskets: of all baskets, what share held the category?",
                   lambda d: prepare(d).in_promotion.category_lines / prepare(d).in_promotion.lines * 100),
                 M("penetration-whole-period", "The whole period instead of the promotion's days",
                   "Keep only the baskets sold on the promotion's days: promo_start to promo_end, both included.",
                   lambda d: prepare(d).whole_period.penetration),
                 M("penetration-all-baskets-base", "Dividing by every basket of the period, not the promotion's",
                   "The base is the baskets sold on the promotion's days (promo_baskets), the same days as the "
                   "baskets on top.",
                   lambda d: kpi.basket_penetration(prepare(d).in_promotion.with_category,
                                                    prepare(d).whole_period.baskets)),
             )),
    Exercise(id="kpi-gross-margin", kind="number", marking_point="004:MP2",
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
    Exercise(id="sell-pricing-law", kind="structured", marking_point="002:MP4",
             title="Which law or guidance covers each scenario",
             review=review_pricing_law, covers=("000:KC5", "004:KC5", "001:KC4"),
             hints=(
                 "Which rule was written for exactly this kind of situation, and is it still in force today?",
                 "The assessor looks for one rule named for each of the five scenarios: the rule written for that "
                 "situation, and a current one. There is no current BRC code for promotions, and the 2008 unfair "
                 "trading regulations have been replaced.",
                 "First, decide what each scenario is about. Next, match it: was and now prices go with the CTSI "
                 "Guidance for Traders on Pricing Practices; claims in adverts with the CAP Code; fees added at the "
                 "end and fake reviews with the DMCC Act 2024; multi-buy deals on less-healthy food with the HFSS "
                 "rules. A misleading price or claim also breaks the DMCC Act, so naming it there is right too. "
                 "Then write the rule's name beside each scenario."),
             misconceptions=(M("brc-code", "Naming the 'BRC Code of Practice for sales promotions'",
                               "No such current code exists: the syllabus is out of date."),
                             M("outdated-cprs", "Naming the 2008 unfair trading regulations",
                               "They were replaced by the DMCC Act 2024 from 6 April 2025."),
                             M("law-mismatch", "A real rule, but not the one written for the situation",
                               "Match the situation: was/now prices, adverts, drip pricing and fake reviews, "
                               "or volume deals on HFSS food."))),
)
