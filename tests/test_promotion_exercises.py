"""Selling and promotion exercises (5.1, 5.2): every solution passes, every named mistake is named, odd answers
get a message.

Runs for learners in all four sectors, so the checks hold whatever promotion, product, neighbour and
add-on a learner's store happens to have.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

import course
from course import exercises
from course.exercises import nb_5_1_figures as pe
from course.exercises.helpers import promo_units

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = ROOT / "solutions" / "exercises"
NUMERIC = ["sell-baseline-daily", "sell-incremental-units", "sell-neighbour-lost", "sell-net-incremental",
           "sell-attach-rate", "sell-basket-penetration", "kpi-promo-lift", "kpi-gross-margin"]
NOTEBOOK_EXERCISES = [*NUMERIC, "sell-feature-benefit", "sell-pricing-law"]
LAW = {"was_now_label": "CTSI pricing guidance", "advert_claim": "ASA CAP Code", "checkout_fee": "DMCC Act 2024",
       "staff_reviews": "the Digital Markets, Competition and Consumers Act", "multibuy_offer": "HFSS rules"}


# `learner` (conftest.py): a started session for one learner in each sector.


def _notebook_names(data) -> dict:
    """The variables the notebook defines before its exercises (the solutions use them)."""
    products = data.products.set_index("product_id")
    promo = data.promotions.set_index("promo_id").loc["PR01"]
    lines = data.transaction_lines
    sale_day = data.transactions.set_index("transaction_id")["timestamp"].dt.normalize()
    all_days = pd.date_range(data.start, data.end, freq="D")

    def daily_units(product_id):
        product_lines = lines[lines["product_id"] == product_id]
        return product_lines.groupby(product_lines["transaction_id"].map(sale_day))["qty"].sum().reindex(
            all_days, fill_value=0)

    def units_by_day(product_id):
        return daily_units(product_id).rename_axis("day").rename("units").reset_index()

    return {"data": data, "pd": pd, "course": course, "products": products, "promo": promo,
            "___": course.___, "units_by_day": units_by_day,
            "baseline_first_day": promo["start"] - pd.Timedelta(days=28),
            "baseline_last_day": promo["start"] - pd.Timedelta(days=1),
            "promo_product": promo["product_id"], "anchor_category": products.loc[promo["product_id"], "category"],
            "neighbour_product": products.loc[promo["product_id"], "neighbour_id"],
            "promo_start": promo["start"], "promo_end": promo["end"],
            "promo_days": (promo["end"] - promo["start"]).days + 1, "daily_units": daily_units,
            "addon_product": pe.cross_sell_pair(data)[1]}


def _check(learner, exercise_id: str, answer):
    return course.check(exercise_id, answer, record=False)


@pytest.mark.parametrize("exercise_id", NOTEBOOK_EXERCISES)
def test_the_solution_file_passes(learner, exercise_id: str) -> None:
    names = _notebook_names(learner.data)
    in_order = exercises.ids(exercises.notebook_of(exercise_id))
    for earlier in in_order[:in_order.index(exercise_id) + 1]:  # later solutions use earlier answers' names
        if (SOLUTIONS / f"{earlier}.py").exists():
            exec(compile((SOLUTIONS / f"{earlier}.py").read_text(encoding="utf-8"), earlier, "exec"), names)
    result = _check(learner, exercise_id, names["answer"])
    assert result.status == "correct", result.message


@pytest.mark.parametrize("exercise_id", NUMERIC)
def test_each_misconception_is_named(learner, exercise_id: str) -> None:
    exercise = exercises.get(exercise_id)
    expected = float(exercise.expected(learner.data))
    tried = 0
    for mistake in exercise.misconceptions:
        wrong = float(mistake.wrong(learner.data))
        if math.isclose(wrong, expected, abs_tol=exercise.tolerance + 1e-9):
            continue  # this store happens to give the same number either way: nothing to tell apart
        result = _check(learner, exercise_id, wrong)
        assert result.status == "incorrect"
        assert mistake.name in result.message, (mistake.id, result.message)
        tried += 1
    assert tried >= 1


def test_the_promotion_figures_agree_with_kpi_promo_lift(learner) -> None:
    actual, baseline, days = promo_units(learner.data)
    figures = pe.promoted(learner.data)
    assert figures.actual == actual and figures.days == days
    assert math.isclose(figures.baseline, baseline)
    assert figures.actual > figures.baseline  # PR01 is a real uplift in every simulated store
    assert pe.lost(pe.neighbour(learner.data)) > 0  # ... and its neighbour loses sales


def test_the_add_on_is_outside_the_anchor_category(learner) -> None:
    anchor, addon = pe.cross_sell_pair(learner.data)
    category = learner.data.products.set_index("product_id")["category"]
    assert anchor == pe.promo_window(learner.data).product_id and category[anchor] != category[addon]


def test_rounded_and_formatted_answers_are_accepted(learner) -> None:
    baseline = pe.promoted(learner.data).baseline_daily
    assert _check(learner, "sell-baseline-daily", round(baseline, 2)).status == "correct"
    net = pe.incremental(pe.promoted(learner.data)) - pe.lost(pe.neighbour(learner.data))
    assert _check(learner, "sell-net-incremental", f"{round(net):,}").status == "correct"


def test_odd_answers_get_a_clear_message(learner) -> None:
    assert _check(learner, "sell-baseline-daily", None).status == "not_attempted"
    units = pe.daily_units(learner.data, pe.promo_window(learner.data).product_id)
    whole = _check(learner, "sell-baseline-daily", units)
    assert whole.status == "invalid" and "values" in whole.message
    assert _check(learner, "sell-attach-rate", "about half").status == "invalid"
    assert _check(learner, "sell-incremental-units", 10**9).status == "incorrect"
    assert _check(learner, "sell-feature-benefit", "It has a nice feature").status == "invalid"
    assert _check(learner, "sell-pricing-law", ["CTSI"]).status == "invalid"


# --- Features into benefits ------------------------------------------------------------------------

def _pitch(data, rows: int = 2, same_feature: bool = False) -> pd.DataFrame:
    product = data.products.set_index("product_id").loc[pe.promo_window(data).product_id]
    picks = [1, 1] if same_feature else [1, 2]
    return pd.DataFrame([{"customer_says": f"Customer {n} told me what matters most to them",
                          "feature": product[f"feature_{i}"],
                          "benefit": f"{product[f'benefit_{i}']}, which is what you asked for"}
                         for n, i in enumerate(picks[:rows], start=1)])


def test_feature_benefit_table(learner) -> None:
    good = _pitch(learner.data)
    assert _check(learner, "sell-feature-benefit", good).status == "correct"
    assert _check(learner, "sell-feature-benefit", good.to_dict("records")).status == "correct"
    features_only = good.assign(benefit=good["feature"])
    assert _check(learner, "sell-feature-benefit", features_only).misconception == "features-not-benefits"
    same = _check(learner, "sell-feature-benefit", _pitch(learner.data, same_feature=True))
    assert same.misconception == "not-tailored" and "same feature" in same.message
    assert _check(learner, "sell-feature-benefit", _pitch(learner.data, rows=1)).misconception == "not-tailored"
    no_cue = _check(learner, "sell-feature-benefit", good.assign(customer_says=["", None]))
    assert no_cue.misconception == "not-tailored"
    invented = _check(learner, "sell-feature-benefit", good.assign(feature=["Solar powered", "Gold plated"]))
    assert invented.misconception == "no-product-knowledge" and "not one of" in invented.message
    wrong_columns = _check(learner, "sell-feature-benefit", good.rename(columns={"benefit": "why"}))
    assert wrong_columns.status == "incorrect" and "'customer_says', 'feature' and 'benefit'" in wrong_columns.message


# --- Which rule covers it -----------------------------------------------------------------------------

def test_pricing_law_labels(learner) -> None:
    assert _check(learner, "sell-pricing-law", LAW).status == "correct"
    brc = _check(learner, "sell-pricing-law", dict(LAW, was_now_label="The BRC Code of Practice for sales promotions"))
    assert brc.misconception == "brc-code" and "out of date" in brc.message
    old = _check(learner, "sell-pricing-law", dict(LAW, checkout_fee="Consumer Protection from Unfair Trading "
                                                                   "Regulations 2008"))
    assert old.misconception == "outdated-cprs"
    swapped = _check(learner, "sell-pricing-law", dict(LAW, advert_claim="HFSS", multibuy_offer="CAP Code"))
    assert swapped.misconception == "law-mismatch"
    missing = _check(learner, "sell-pricing-law", {k: v for k, v in LAW.items() if k != "staff_reviews"})
    assert "'staff_reviews'" in missing.message
    assert _check(learner, "sell-pricing-law", dict(LAW, staff_reviews="no idea")).misconception == "law-mismatch"


# A misleading claim or "was" price breaks the DMCC Act too (domain-facts.md: accept either), and an answer
# naming two rules is read rule by rule, in whatever order and case they come.
ACCEPTED_LAW = [
    ("advert_claim", "DMCC Act 2024"),
    ("advert_claim", "ASA CAP Code and DMCC"),
    ("advert_claim", "the DMCC Act and the ASA's CAP Code"),
    ("advert_claim", "Committee of Advertising Practice (CAP) code, enforced by the Advertising Standards Authority"),
    ("advert_claim", "cap code"),
    ("was_now_label", "DMCC Act"),
    ("was_now_label", "DMCC Act 2024 and the CTSI guidance"),
    ("was_now_label", "CTSI Guidance for Traders on Pricing Practices (under the DMCC Act)"),
    ("checkout_fee", "Digital Markets, Competition and Consumers Act 2024 (drip pricing)"),
    ("staff_reviews", "DMCC - fake reviews are banned; the CMA can fine"),
    ("multibuy_offer", "England's HFSS promotion rules"),
    ("multibuy_offer", "The Food (Promotion and Placement) (England) Regulations 2021"),
]


@pytest.mark.parametrize(("scenario", "rule"), ACCEPTED_LAW, ids=[f"{s}:{r[:24]}" for s, r in ACCEPTED_LAW])
def test_pricing_law_accepts_every_rule_that_applies(learner, scenario: str, rule: str) -> None:
    result = _check(learner, "sell-pricing-law", dict(LAW, **{scenario: rule}))
    assert result.status == "correct", result.message


REJECTED_LAW = [
    ("advert_claim", "CTSI pricing guidance", "law-mismatch"),
    ("advert_claim", "CAP Code and HFSS rules", "law-mismatch"),
    ("was_now_label", "the ASA's CAP Code", "law-mismatch"),
    ("was_now_label", "CTSI guidance and the BRC Code of Practice", "brc-code"),
    ("checkout_fee", "CTSI pricing guidance", "law-mismatch"),
    ("checkout_fee", "ASA CAP Code", "law-mismatch"),
    ("staff_reviews", "HFSS rules", "law-mismatch"),
    ("staff_reviews", "Consumer Protection from Unfair Trading Regulations 2008", "outdated-cprs"),
    ("multibuy_offer", "DMCC Act 2024", "law-mismatch"),
    ("multibuy_offer", "the CAP Code", "law-mismatch"),
    ("multibuy_offer", "consumer law", "law-mismatch"),
]


@pytest.mark.parametrize(("scenario", "rule", "misconception"), REJECTED_LAW,
                         ids=[f"{s}:{r[:24]}" for s, r, _m in REJECTED_LAW])
def test_pricing_law_still_rejects_a_rule_that_does_not_apply(learner, scenario: str, rule: str,
                                                               misconception: str) -> None:
    result = _check(learner, "sell-pricing-law", dict(LAW, **{scenario: rule}))
    assert result.status == "incorrect" and result.misconception == misconception, result.message
    assert f"'{scenario}'" in result.message


def test_exercise_ids_use_the_sell_prefix_and_notebook() -> None:
    folder = "5-promotion-teamwork/"
    selling = [i for i in exercises.ids(folder + "5.1-selling-to-customer-needs.ipynb") if i.startswith("sell-")]
    promotions = [i for i in exercises.ids(folder + "5.2-promotions.ipynb") if i.startswith("sell-")]
    assert selling == ["sell-feature-benefit", "sell-attach-rate"]
    assert len(promotions) == 6
    assert set(selling + promotions) == {i for i in NOTEBOOK_EXERCISES if i.startswith("sell-")}
    assert all(exercises.get(i).marking_point for i in selling + promotions)
