"""The 4.1 sales-trend and 4.2 benchmark exercises: reference answers worked out independently, each misconception
named, the structured checks (method choice, findings table) and odd answers."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import course
from course import exercises, session
from course.exercises.nb_4_1_trends import SCENARIOS

NUMERIC = ["trend-moving-average", "trend-yoy-growth", "trend-lfl-growth", "trend-conversion-gap",
           "trend-footfall-change", "trend-price-gap"]
YEAR = pd.Timedelta(weeks=52)


# `learner` (conftest.py): a started session for one learner in each sector.
@pytest.fixture
def one(start_learner):
    return start_learner("trend-one", "apparel")


def _independent(d) -> dict[str, float]:
    """Each answer worked out with plain pandas, as the notebook teaches (not through the registry)."""
    tx = d.transactions
    monday = tx["timestamp"].dt.normalize() - pd.to_timedelta(tx["timestamp"].dt.day_of_week, unit="D")
    weekly = tx.groupby(monday)["net_value"].sum()
    start, end = pd.Timestamp(d.start), pd.Timestamp(d.end)
    weekly = weekly[(weekly.index >= start) & (weekly.index + pd.Timedelta(days=6) <= end)]

    b = d.benchmarks
    now = b[b["week_start"] >= start]
    before = b[(b["week_start"] + YEAR).isin(set(now["week_start"]))]

    def total(rows, kind, column="net_sales"):
        return rows.loc[rows["kind"] == kind, column].sum()

    chain_now = now[now["kind"] == "our chain"].groupby("store")["net_sales"].sum()
    chain_before = before[before["kind"] == "our chain"].groupby("store")["net_sales"].sum()
    both = chain_before.index  # stores with figures last year
    lfl = (chain_now[both].sum() - chain_before.sum()) / chain_before.sum() * 100

    def conversion(rows):
        return (rows["conversion"] * rows["footfall"]).sum() / rows["footfall"].sum()

    opening = d.events.loc[d.events["kind"] == "competitor", "date"].min()
    ours_after = now[(now["kind"] == "own store") & (now["week_start"] >= opening)]
    ours_year_before = before[(before["kind"] == "own store")
                              & (before["week_start"] + YEAR).isin(set(ours_after["week_start"]))]
    local = b.loc[b["kind"] == "competitor", "store"].iloc[0]
    checks = d.competitor_prices[d.competitor_prices["competitor"] == local].merge(
        d.products[["product_id", "price"]], on="product_id", suffixes=("", "_ours"))
    return {
        "trend-moving-average": weekly.iloc[-4:].mean(),
        "trend-yoy-growth": (total(now, "own store") / total(before, "own store") - 1) * 100,
        "trend-lfl-growth": lfl,
        "trend-conversion-gap": (conversion(now[now["kind"] == "own store"])
                                 - conversion(now[now["kind"] == "our chain"])),
        "trend-footfall-change": (ours_after["footfall"].sum() / ours_year_before["footfall"].sum() - 1) * 100,
        "trend-price-gap": ((checks["price"] / checks["price_ours"] - 1) * 100).mean(),
    }


def test_at_least_six_exercises_with_the_trend_prefix_each_with_misconceptions() -> None:
    ids = [i for i in exercises.ids(folder="4-data-analysis") if i.startswith("trend-")]
    assert len(ids) >= 6
    for exercise_id in ids:
        exercise = exercises.get(exercise_id)
        assert exercise.misconceptions and exercise.marking_point.startswith(("003:", "000:"))


def test_independent_working_is_marked_correct(learner) -> None:
    for exercise_id, value in _independent(learner.data).items():
        result = course.check(exercise_id, float(value))
        assert result.status == "correct", (exercise_id, value, result.message)


def test_each_misconception_is_named(learner) -> None:
    data = learner.data
    for exercise_id in NUMERIC:
        exercise = exercises.get(exercise_id)
        expected = float(exercise.expected(data))

        def same(a: float, b: float, exercise: exercises.Exercise = exercise) -> bool:
            return math.isclose(a, b, abs_tol=exercise.tolerance + 1e-9)

        for mis in exercise.misconceptions:
            wrong = float(mis.wrong(data))
            result = course.check(exercise_id, wrong)
            twins = [m.id for m in exercise.misconceptions if not same(float(m.wrong(data)), expected)
                     and same(float(m.wrong(data)), wrong)]
            assert result.misconception == twins[0], (exercise_id, mis.id, result.message)
            assert mis.name in result.message or result.misconception != mis.id


def test_the_headline_misconceptions_are_told_apart_for_every_store(learner) -> None:
    """The mistakes the notebook warns about must be distinguishable, not coincide with the answer."""
    data = learner.data
    for exercise_id, mistake in (("trend-lfl-growth", "lfl-new-store-included"),
                                 ("trend-footfall-change", "season-ignored"),
                                 ("trend-footfall-change", "totals-unequal-periods"),
                                 ("trend-moving-average", "partial-week-included"),
                                 ("trend-price-gap", "price-gap-pounds"),
                                 ("trend-conversion-gap", "conversion-mean-of-rates")):
        wrong = next(m for m in exercises.get(exercise_id).misconceptions if m.id == mistake).wrong(data)
        assert course.check(exercise_id, wrong).misconception == mistake, (exercise_id, mistake)


def test_like_for_like_leaves_out_the_store_new_this_year(one) -> None:
    b = one.data.benchmarks
    chain = b[b["kind"] == "our chain"]
    new = set(chain["store"]) - set(chain.loc[chain["week_start"] < pd.Timestamp(one.data.start), "store"])
    assert new == {"Retail Park"}
    result = course.check("trend-lfl-growth", exercises.get("trend-lfl-growth").misconceptions[0].wrong(one.data))
    assert "did not trade last year" in result.message


def test_a_fraction_instead_of_a_percentage_is_named(one) -> None:
    value = exercises.get("trend-footfall-change").expected(one.data) / 100
    assert course.check("trend-footfall-change", value).misconception == "fraction-not-percent"


@pytest.mark.parametrize("answer, words", [
    ("about ten per cent down", "give a number"),
    (pd.DataFrame({"a": [1.0, 2.0]}), "whole table"),
    ([1.0, 2.0, 3.0], "3 values"),
    (float("nan"), "not a number"),
    (True, "True/False"),
])
def test_odd_answers_get_a_clear_message(one, answer, words) -> None:
    result = course.check("trend-yoy-growth", answer)
    assert result.status == "invalid" and words in result.message


def test_a_weekly_series_instead_of_one_number(one) -> None:
    weekly = one.data.transactions.groupby(one.data.transactions["timestamp"].dt.to_period("W"))["net_value"].sum()
    result = course.check("trend-moving-average", weekly.rolling(4).mean())
    assert result.status == "invalid" and "one number" in result.message


def test_a_period_ending_on_a_sunday_has_no_part_week(tmp_path: Path) -> None:
    active = course.start("trend-sunday", sector="grocery", progress_path=tmp_path / "log.jsonl",
                          start="2025-01-06", end="2025-11-30")
    try:
        exercise = exercises.get("trend-moving-average")
        part_week = exercise.misconceptions[0].wrong(active.data)
        assert math.isclose(part_week, exercise.expected(active.data))
        assert course.check("trend-moving-average", part_week).status == "correct"
        independent = _independent(active.data)["trend-footfall-change"]
        assert course.check("trend-footfall-change", independent).status == "correct"
    finally:
        session.end()


# --- trend-method-choice -----------------------------------------------------------------------------

GOOD_METHODS = {
    "visitors per hour on Saturdays since the competitor opened":
        ("Footfall counter", "it counts every visitor in each hour automatically"),
    "which product lines have sold fewer units since the competitor opened":
        ("EPOS report", "the tills record units of every line sold each week"),
    "whether colleagues greet customers and explain the returns policy":
        ("mystery shopper", "a shopper sees the service exactly as a customer does"),
    "why customers who use both stores choose the competitor":
        ("survey", "only customers can tell us their reasons for choosing"),
    "Whether customers find the new returns point easy to use":
        {"method": "questionnaire", "why": "ease is a feeling, so ask the users themselves"},
}


def test_method_choice_accepts_synonyms_and_any_case(one) -> None:
    assert {k.casefold() for k in GOOD_METHODS} == {k.casefold() for k in SCENARIOS}
    assert course.check("trend-method-choice", GOOD_METHODS).status == "correct"


VISITORS, SALES, GREETING, WHY, EASE = SCENARIOS
METHOD_VARIANTS = [
    (SALES, "EPOS sales report"), (SALES, "Till (EPOS) report"), (SALES, "POS report"), (SALES, "till"),
    (SALES, "sales-report from the tills"), (SALES, "Point-of-sale data"), (SALES, "  SALES REPORT. "),
    (VISITORS, "door counter"), (VISITORS, "Footfall-counter data"), (VISITORS, "people counting: footfall"),
    (VISITORS, "counter"), (GREETING, "Mystery-shopper visits"), (GREETING, "mystery shop survey"),
    (WHY, "Customer questionnaire!"), (WHY, "an exit survey"), (EASE, "Survey of returns-point users"),
    (EASE, "comment cards"),
]


@pytest.mark.parametrize(("scenario", "method"), METHOD_VARIANTS, ids=[m for _s, m in METHOD_VARIANTS])
def test_method_choice_accepts_reasonable_variants(one, scenario: str, method: str) -> None:
    answer = dict(GOOD_METHODS, **{_as_given(scenario): (method, "it measures exactly what this question asks")})
    assert course.check("trend-method-choice", answer).status == "correct", method


WRONG_VARIANTS = [
    (SALES, "customer survey", "sales-vs-satisfaction-data"), (WHY, "EPOS sales report", "sales-vs-satisfaction-data"),
    (VISITORS, "Mystery-shopper visits", "wrong-method-for-purpose"), (GREETING, "till (POS) data",
                                                                        "wrong-method-for-purpose"),
    (EASE, "footfall counter", "sales-vs-satisfaction-data"), (SALES, "survey and EPOS report", None),
    (SALES, "posters", None), (VISITORS, "countertop display", None),
]


@pytest.mark.parametrize(("scenario", "method", "misconception"), WRONG_VARIANTS,
                         ids=[m for _s, m, _x in WRONG_VARIANTS])
def test_method_choice_still_rejects_wrong_methods(one, scenario: str, method: str, misconception) -> None:
    answer = dict(GOOD_METHODS, **{_as_given(scenario): (method, "it measures exactly what this question asks")})
    result = course.check("trend-method-choice", answer)
    assert result.status == "incorrect" and result.misconception == misconception, result.message


def _as_given(scenario: str) -> str:
    """The key GOOD_METHODS uses for a scenario (its keys differ from SCENARIOS' in case only)."""
    return next(k for k in GOOD_METHODS if k.casefold() == scenario.casefold())


def test_method_choice_names_sales_data_used_for_a_satisfaction_question(one) -> None:
    wrong = dict(GOOD_METHODS, **{"why customers who use both stores choose the competitor":
                                  ("sales report", "sales show which store customers prefer")})
    result = course.check("trend-method-choice", wrong)
    assert result.misconception == "sales-vs-satisfaction-data"
    asked = dict(GOOD_METHODS, **{"visitors per hour on Saturdays since the competitor opened":
                                  ("questionnaire", "ask customers when they usually come in")})
    assert course.check("trend-method-choice", asked).misconception == "sales-vs-satisfaction-data"


def test_method_choice_names_a_method_that_does_not_fit(one) -> None:
    wrong = dict(GOOD_METHODS, **{"visitors per hour on Saturdays since the competitor opened":
                                  ("mystery shopping", "a shopper could count the people they see")})
    assert course.check("trend-method-choice", wrong).misconception == "wrong-method-for-purpose"


def test_method_choice_needs_a_justification(one) -> None:
    bare = {scenario: method for scenario, (method, _about) in SCENARIOS.items()}
    result = course.check("trend-method-choice", bare)
    assert result.misconception == "method-not-justified" and "at least 5 words" in result.message


def test_method_choice_odd_answers(one) -> None:
    assert course.check("trend-method-choice", "questionnaire").status == "invalid"
    unknown = dict(GOOD_METHODS, **{"visitors per hour on Saturdays since the competitor opened":
                                    ("crystal ball", "it always knows the answer somehow")})
    assert "is not one of" in course.check("trend-method-choice", unknown).message
    partial = dict(list(GOOD_METHODS.items())[:2])
    assert "Choose a method for" in course.check("trend-method-choice", partial).message
    shaped = dict(GOOD_METHODS, **{"visitors per hour on Saturdays since the competitor opened": (1, 2, 3)})
    assert course.check("trend-method-choice", shaped).status == "invalid"


# --- trend-findings ------------------------------------------------------------------------------------

def _findings() -> pd.DataFrame:
    return pd.DataFrame([
        {"finding": "Footfall is down since the rival opened", "evidence": "-7.5% on the same weeks last year",
         "tool": "trend analysis (year-on-year)",
         "impact": "Every customer who still comes in must be greeted and served quickly"},
        {"finding": "Conversion is in line with the chain", "evidence": "+0.1 points against the chain",
         "tool": "benchmarking",
         "impact": "Staff turn visitors into buyers as well as elsewhere, so keep service standards at peaks"},
        {"finding": "The rival is a little cheaper", "evidence": "-3.3% average price gap",
         "tool": "competitor analysis",
         "impact": "Customers need a service reason to choose us: advice, easy returns and loyalty rewards"},
    ])


def test_findings_table_passes_and_may_be_a_list_of_dicts(one) -> None:
    assert course.check("trend-findings", _findings()).status == "correct"
    assert course.check("trend-findings", _findings().to_dict("records")).status == "correct"


def test_findings_without_a_figure(one) -> None:
    table = _findings().assign(evidence=["the chart", "the table", "the checks"])
    assert course.check("trend-findings", table).misconception == "finding-without-evidence"


def test_findings_from_one_tool_only(one) -> None:
    table = _findings().assign(tool="benchmarking")
    assert course.check("trend-findings", table).misconception == "one-tool-only"


def test_findings_not_linked_to_service(one) -> None:
    table = _findings().assign(impact=["sales are lower", "conversion is fine", "prices differ by a bit"])
    assert course.check("trend-findings", table).misconception == "finding-not-linked-to-service"


def test_findings_odd_answers(one) -> None:
    assert "Add the column(s) 'impact'" in course.check("trend-findings", _findings().drop(columns="impact")).message
    assert "at least three" in course.check("trend-findings", _findings().head(2)).message
    assert course.check("trend-findings", "footfall is down").status == "invalid"
    assert course.check("trend-findings", pd.DataFrame()).status == "invalid"
    blank = _findings()
    blank.loc[1, "finding"] = np.nan
    assert "Every row needs a finding" in course.check("trend-findings", blank).message
