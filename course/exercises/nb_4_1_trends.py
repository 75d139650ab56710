"""Exercises of 4.1 (sales trends): choosing a data collection method (checked here), the moving
average, and year-on-year and like-for-like growth. The figures are in nb_4_1_figures.py.
"""

from __future__ import annotations

import re
from typing import Any

from course.exercises.answers import AnswerProblem
from course.exercises.misconceptions import MISCONCEPTIONS
from course.exercises.nb_4_1_figures import (
    WINDOW,
    chain_lfl,
    chain_mean_growth,
    chain_total_growth,
    growth,
    latest_moving_average,
    own_sales_growth,
    own_totals,
    weekly_sales,
)
from course.exercises.registry import Exercise, Problem, register
from course.exercises.registry import Misconception as M

NOTEBOOK = "4-data-analysis/4.1-sales-trends.ipynb"

# Scenario -> (the method that fits, what the question is about).
SCENARIOS: dict[str, tuple[str, str]] = {
    "visitors per hour on Saturdays since the competitor opened": ("footfall counter", "traffic"),
    "which product lines have sold fewer units since the competitor opened": ("sales report", "sales"),
    "whether colleagues greet customers and explain the returns policy": ("mystery shopping", "behaviour"),
    "why customers who use both stores choose the competitor": ("questionnaire", "satisfaction"),
    "whether customers find the new returns point easy to use": ("questionnaire", "satisfaction"),
}
# The words that name each method. An answer names a method when it holds one of them as whole words, after
# case, punctuation and hyphens are set aside ("EPOS sales report", "Till (POS) report", "mystery-shopper visits").
METHOD_WORDS: dict[str, tuple[str, ...]] = {
    "footfall counter": ("footfall", "door counter", "door count", "people counter", "people count",
                         "visitor counter", "visitor count", "traffic counter", "footfall counter"),
    "sales report": ("sales report", "sales reports", "sales data", "sales figures", "sales records", "till report",
                     "till reports", "till data", "till records", "till figures", "till receipts", "epos", "pos",
                     "point of sale", "transaction data", "transaction report", "transaction records"),
    "mystery shopping": ("mystery shopping", "mystery shop", "mystery shops", "mystery shopper", "mystery shoppers"),
    "questionnaire": ("questionnaire", "questionnaires", "survey", "surveys", "customer survey", "exit survey",
                      "feedback form", "feedback forms", "comment card", "comment cards"),
}
# Said on its own, "counter" or "till" is the door counter or the till report.
METHOD_ALONE = {"counter": "footfall counter", "counters": "footfall counter", "till": "sales report",
                "tills": "sales report"}
JUSTIFY_WORDS = 5


def _key(text: Any) -> str:
    return " ".join(str(text).casefold().split())


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.casefold()).split())


def methods_named(text: str) -> set[str]:
    """Return the methods that `text` names (case, punctuation and hyphens set aside)."""
    said = f" {_words(text)} "
    found = {m for m, words in METHOD_WORDS.items() if any(f" {w} " in said for w in words)}
    if "mystery shopping" in found:
        found.discard("questionnaire")  # a mystery shopper's "survey" or "questionnaire" is their checklist
    if not found and said.strip() in METHOD_ALONE:
        found.add(METHOD_ALONE[said.strip()])
    return found


def _choice(value: Any) -> tuple[str, str]:
    if isinstance(value, str):
        return value, ""
    if isinstance(value, dict):
        return str(value.get("method", "")), str(value.get("why", value.get("reason", "")))
    if isinstance(value, (tuple, list)) and 1 <= len(value) <= 2:
        return str(value[0]), str(value[1]) if len(value) == 2 else ""
    raise AnswerProblem("give each scenario a pair like (\"questionnaire\", \"because ...\")")


def review_method_choice(_data: Any, answer: Any) -> list[Problem]:
    """Return the scenarios given an unsuitable or unjustified method (answer: {scenario: (method, why)})."""
    if not isinstance(answer, dict):
        raise AnswerProblem(f"your answer is a {type(answer).__name__}; give a dict like "
                            "{'scenario': ('method', 'why it fits'), ...}")
    given = {_key(k): v for k, v in answer.items()}
    problems = []
    for scenario, (right, about) in SCENARIOS.items():
        if _key(scenario) not in given:
            problems.append(Problem(f"Choose a method for '{scenario}'."))
            continue
        text, why = _choice(given[_key(scenario)])
        named = methods_named(text)
        method = next(iter(named)) if len(named) == 1 else None
        if not named:
            problems.append(Problem(f"'{text}' (for '{scenario}') is not one of: {', '.join(METHOD_WORDS)}."))
        elif method is None:
            problems.append(Problem(f"'{text}' (for '{scenario}') names {len(named)} methods; choose the one "
                                    "that fits best."))
        elif method != right:
            counts = method in ("sales report", "footfall counter")
            mixed = ((about == "satisfaction" and counts)
                     or (about in ("sales", "traffic") and method == "questionnaire"))
            problems.append(Problem(
                f"'{method}' does not answer '{scenario}': ask what the question is about (visitors, sales, "
                "what colleagues do, or what customers think).",
                "sales-vs-satisfaction-data" if mixed else "wrong-method-for-purpose"))
        if len(why.split()) < JUSTIFY_WORDS:
            problems.append(Problem(f"Justify the method for '{scenario}' in at least {JUSTIFY_WORDS} words: "
                                    "why does it fit this purpose?", "method-not-justified"))
    return problems


register(
    NOTEBOOK,
    Exercise(id="trend-method-choice", kind="structured", marking_point="003:MP1",
             title="Choose and justify a data collection method",
             review=review_method_choice, covers=("003:CM1",),
             hints=(
                 "Is each question about how many people came, what sold, what colleagues do, or what customers "
                 "think?",
                 "The assessor looks for one method for each of the five questions, a method that fits that purpose, "
                 "and a reason of at least five words linking the method to the question.",
                 "First, read each question and decide what it is about: visitors, sales, what colleagues do, or what"
                 " customers think. Next, match it: a door count for visitors, till figures for sales, a mystery "
                 "shopper for what colleagues do, and asking customers for what they think. Then write why the method"
                 " fits, and one limit if you can."),
             misconceptions=(M("sales-vs-satisfaction-data", "Sales data used for a satisfaction question (or "
                               "the other way round)", "Counts and till data show what happened; only asking "
                               "customers shows what they think and why."),
                             M("wrong-method-for-purpose", "A method that does not measure what the question asks",
                               "Start from the question, then pick the method that measures exactly that."),
                             M("method-not-justified", "A method chosen without a justification",
                               "Say why the method fits the purpose: that is where the marks are."))),
    Exercise(id="trend-moving-average", kind="number", marking_point="003:MP2", own_data_needs=("four-full-weeks",),
             title="The latest 4-week moving average of weekly sales (£)",
             expected=latest_moving_average, unit="£", tolerance=0.5,
             covers=("000:KC2", "003:ET2"),
             hint="Weekly sales of full Monday-to-Sunday weeks, then the mean of the last four.",
             hints=(
                 "Should a part week at the start or end of your data count as a week?",
                 "Use weekly sales of full Monday-to-Sunday weeks only. The moving average at the end is the average "
                 "of the last four of those weeks.",
                 "First, take the weekly sales the notebook gives you: net_value of the transactions table added up "
                 "for each Monday-to-Sunday week that lies wholly inside your period. Next, take the last four weeks."
                 " Then add them up and divide by four."),
             misconceptions=(M("partial-week-included", "A part-week left in at the end",
                               "A week cut short by the end of the data is not comparable: use full weeks only.",
                               lambda d: latest_moving_average(d, full_weeks_only=False)),
                             M("moving-total", "The 4-week total, not the average",
                               "A moving average divides the total of the window by the number of weeks in it.",
                               lambda d: float(weekly_sales(d).tail(WINDOW).sum())),
                             M("whole-period-mean", "The average of every week, not the latest four",
                               "The moving average at the end of the period uses only the last four weeks.",
                               lambda d: float(weekly_sales(d).mean())))),
    Exercise(id="trend-yoy-growth", kind="number", marking_point="003:MP2",
             title="Our store's year-on-year sales growth (%)",
             expected=own_sales_growth, unit="%", tolerance=0.06, covers=("000:KC2",),
             hint="Our store's sales in this year's benchmark weeks against the same weeks last year.",
             hints=(
                 "Are you comparing the same weeks in both years?",
                 "Growth is this year's sales minus last year's sales, divided by last year's sales, times 100, over "
                 "the same weeks. A fall is a negative number.",
                 "First, in the benchmarks table, keep the own store rows of this year's weeks and add up net_sales. "
                 "Next, do the same for the same weeks last year. Then take last year's total from this year's, "
                 "divide by last year's total and multiply by 100."),
             misconceptions=(MISCONCEPTIONS["growth-wrong-base"].producing(
                               lambda d: (own_totals(d)[0] - own_totals(d)[1]) / own_totals(d)[0] * 100),
                             M("yoy-unequal-periods", "Comparing periods of different lengths",
                               "The till total covers every day of the period, the benchmark weeks fewer: "
                               "compare the same weeks in both years.",
                               lambda d: growth(d.transactions["net_value"].sum(), own_totals(d)[1])),
                             M("ratio-not-growth", "This year as a % of last year, not the growth",
                               "Subtract last year first: (this − last) ÷ last × 100.",
                               lambda d: own_totals(d)[0] / own_totals(d)[1] * 100))),
    Exercise(id="trend-lfl-growth", kind="number", marking_point="003:MP2",
             title="Like-for-like sales growth of the other stores in our chain (%)",
             expected=chain_lfl, unit="%", tolerance=0.06, covers=("000:KC2",),
             hint="Only the chain stores with sales in both years; pooled sales, with course.kpi.like_for_like_growth.",
             hints=(
                 "Is it fair to count a store that was not trading in both years?",
                 "Like-for-like growth counts only the stores with sales in both years: their total this year minus "
                 "their total last year, divided by last year's total, times 100.",
                 "First, in the benchmarks table, keep the rows of kind our chain. Next, total net_sales for each "
                 "store this year, and for each store in the same weeks last year. Then leave out any store missing "
                 "from either year, add up the rest for each year and work out the growth of this year's total on "
                 "last year's."),
             misconceptions=(M("lfl-new-store-included", "Including a store that did not trade last year",
                               "A store that is new this year adds sales without any growth: leave it out.",
                               chain_total_growth),
                             M("lfl-mean-of-store-growths", "The average of each store's growth rate",
                               "Pool the sales: (total this year − total last year) ÷ total last year, so a "
                               "big store counts for more than a small one.", chain_mean_growth))),
)
