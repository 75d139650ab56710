"""Exercises of 5.2 (promotions): the promotion's baseline, incremental units and lift, the units its
neighbour lost and the net effect, the category's basket penetration during it, and which law covers
each pricing scenario. The written check of the law is here; the promotion's figures are in
nb_5_1_figures.py, shared with 5.1.
"""

from __future__ import annotations

import re
from typing import Any

from course import kpi
from course.exercises.answers import AnswerProblem
from course.exercises.helpers import PCT, promo_units
from course.exercises.misconceptions import MISCONCEPTIONS
from course.exercises.nb_5_1_figures import incremental, lost, neighbour, prepare, promoted
from course.exercises.registry import Exercise, Problem, register
from course.exercises.registry import Misconception as M
from course.store import StoreData

NOTEBOOK = "5-promotion-teamwork/5.2-promotions.ipynb"
UNITS = 0.5  # accept units to the nearest whole unit


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
