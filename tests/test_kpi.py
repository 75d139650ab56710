"""Tests for course.kpi: the worked checks in domain-facts.md, misconception guards, bad input.

The worked checks are copied from the KPI table in /work/shared/domain-facts.md and must match it
exactly. Property tests (hypothesis) check ranges, container independence (list, tuple, numpy
array, pandas Series give the same answer) and that bad input only ever raises KPIError.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course import kpi
from course.kpi import KPIError, Uplift

FAST = settings(max_examples=100, deadline=None, database=None)
NAN, INF = float("nan"), float("inf")


def containers(values: list[Any]) -> list[Any]:
    """The same values as a list, tuple, numpy array, pandas Series (two indexes) and generator."""
    return [list(values), tuple(values), np.array(values), pd.Series(values),
            pd.Series(values, index=[f"R{i}" for i in range(len(values))]), iter(values)]


def assert_plain_finite(result: Any) -> None:
    """A KPI result is a plain Python float (or an Uplift of them), never NaN or infinite."""
    numbers = [result.incremental, result.lift_pct] if isinstance(result, Uplift) else [result]
    for number in numbers:
        assert type(number) is float
        assert math.isfinite(number)


# --- The worked checks in domain-facts.md, exactly -----------------------------------------------

NPS_EXAMPLE = [10] * 35 + [9] * 25 + [8] * 15 + [7] * 10 + [6] * 5 + [3] * 5 + [0] * 5
CSAT_EXAMPLE = [5] * 10 + [4] * 20 + [3] * 10 + [2] * 5 + [1] * 5


def test_nps_worked_check_60_promoters_25_passives_15_detractors_is_45() -> None:
    assert kpi.nps(NPS_EXAMPLE) == 45.0


def test_csat_worked_check_is_60() -> None:
    assert kpi.csat(CSAT_EXAMPLE) == 60.0


def test_fcr_worked_check_246_of_354_is_69_5() -> None:
    result = kpi.fcr([True] * 246 + [False] * 108)
    assert result == pytest.approx(246 / 354 * 100)
    assert round(result, 1) == 69.5


def test_conversion_worked_check_180_of_1200_is_15() -> None:
    assert kpi.conversion_rate(180, 1200) == 15.0


def test_retention_worked_check_s200_e220_n60_is_80() -> None:
    assert kpi.retention_rate(start=200, end=220, new=60) == 80.0


def test_churn_worked_check_10_of_250_is_4() -> None:
    assert kpi.churn_rate(10, 250) == 4.0


def test_repeat_customer_worked_check_500_of_2000_is_25() -> None:
    counts = pd.Series([2, 3, 4, 5, 7] * 100 + [1] * 1500,
                       index=[f"C{i:04d}" for i in range(2000)], name="purchases")
    assert kpi.repeat_customer_rate(counts) == 25.0


def test_clv_worked_check_50_x_5_x_3_is_750() -> None:
    assert kpi.clv(50, 5, 3) == 750.0


def test_sales_per_labour_hour_worked_check_is_62_50() -> None:
    assert kpi.sales_per_labour_hour(50_000, 800) == 62.5


def test_gross_margin_worked_check_price_2_cost_1_11_is_44_5() -> None:
    assert kpi.gross_margin(2.00, 1.11) == pytest.approx(44.5)


def test_markup_for_the_same_price_and_cost_is_80_2_not_44_5() -> None:
    assert kpi.markup(2.00, 1.11) == pytest.approx(0.89 / 1.11 * 100)
    assert round(kpi.markup(2.00, 1.11), 1) == 80.2


def test_promotion_uplift_worked_check_100_vs_80_is_25_not_20() -> None:
    assert kpi.promotion_uplift(actual=100, baseline=80) == Uplift(incremental=20.0, lift_pct=25.0)


def test_basket_penetration_worked_check_40_of_100_is_40() -> None:
    assert kpi.basket_penetration(40, 100) == 40.0


def test_attach_rate_is_divided_by_baskets_with_the_anchor_not_all_baskets() -> None:
    assert kpi.attach_rate(30, 120) == 25.0
    with pytest.raises(KPIError, match="swapped"):
        kpi.attach_rate(120, 30)


def test_year_on_year_growth_is_divided_by_last_year() -> None:
    assert kpi.year_on_year_growth(90, 100) == -10.0
    assert kpi.year_on_year_growth(110, 100) == pytest.approx(10.0)


def test_margin_of_error_of_50_percent_from_100_answers_is_9_8_points() -> None:
    assert kpi.margin_of_error(50, 100) == pytest.approx(9.8, abs=0.01)
    assert kpi.margin_of_error(50, 25) == pytest.approx(19.6, abs=0.01)  # quarter the sample: double the error
    with pytest.raises(KPIError, match="62% as 62"):
        kpi.margin_of_error(150, 100)


def test_pipeline_velocity_worked_check_is_3333_a_day() -> None:
    result = kpi.pipeline_velocity(50, 10_000, 0.20, 30)
    assert result == pytest.approx(10_000 / 3)
    assert round(result) == 3333


# --- Misconception guards and other conventions --------------------------------------------------

def test_csat_is_the_share_of_4s_and_5s_not_the_mean() -> None:
    mean = float(np.mean(CSAT_EXAMPLE))  # 3.5
    assert kpi.csat(CSAT_EXAMPLE) not in (mean, mean / 5 * 100)


def test_nps_is_promoters_minus_detractors_not_the_mean() -> None:
    mean = float(np.mean(NPS_EXAMPLE))
    assert kpi.nps(NPS_EXAMPLE) not in (mean, mean * 10)


def test_nps_counts_passives_in_the_total() -> None:
    assert kpi.nps([10, 7]) == 50.0
    assert kpi.nps([7, 8]) == 0.0


def test_lift_is_divided_by_the_baseline_not_the_actual() -> None:
    uplift = kpi.promotion_uplift(100, 80)
    assert uplift.lift_pct == 25.0
    assert uplift.lift_pct != uplift.incremental / 100 * 100  # ÷ actual (100) would give 20


def test_uplift_can_be_negative_and_is_frozen() -> None:
    uplift = kpi.promotion_uplift([40, 50], [60, 40])
    assert uplift == Uplift(incremental=-10.0, lift_pct=-10.0)
    with pytest.raises(dataclasses.FrozenInstanceError):
        uplift.lift_pct = 0.0  # type: ignore[misc]  # writing to a frozen dataclass, on purpose


def test_margin_and_markup_differ() -> None:
    assert kpi.gross_margin(2.00, 1.11) != pytest.approx(kpi.markup(2.00, 1.11))


def test_margin_of_columns_uses_totals_not_the_mean_of_row_margins() -> None:
    sales, cost = pd.Series([10.0, 90.0]), pd.Series([5.0, 81.0])  # row margins 50% and 10%
    assert kpi.gross_margin(sales, cost) == pytest.approx(14.0)
    assert kpi.markup(sales, cost) == pytest.approx(14 / 86 * 100)


def test_gross_margin_is_negative_when_selling_at_a_loss() -> None:
    assert kpi.gross_margin(1.0, 1.5) == pytest.approx(-50.0)


def test_conversion_of_columns_sums_them() -> None:
    assert kpi.conversion_rate(pd.Series([20, 30]), pd.Series([100, 200])) == pytest.approx(50 / 3)
    assert kpi.conversion_rate([20, 30], 300) == pytest.approx(50 / 3)


def test_conversion_refuses_more_transactions_than_visitors() -> None:
    with pytest.raises(KPIError, match=r"transactions \(1300\) is more than footfall \(1200\)"):
        kpi.conversion_rate(1300, 1200)


def test_atv_upt_and_complaint_rate() -> None:
    assert kpi.atv(1_250.0, 50) == 25.0
    assert kpi.upt(130, 50) == 2.6
    assert kpi.complaint_rate(3, 1_500) == 2.0  # per 1,000 transactions


def test_money_and_units_columns_may_hold_refund_rows_but_not_a_negative_total() -> None:
    assert kpi.atv([30.0, -10.0, 20.0], [1, 0, 1]) == 20.0
    assert kpi.upt(pd.Series([3, -1, 2]), 2) == 2.0
    with pytest.raises(KPIError, match="total of net_sales"):
        kpi.atv([-30.0, 10.0], [1, 1])


def test_ces_is_the_mean_on_its_scale() -> None:
    assert kpi.ces([7, 6, 5]) == 6.0
    assert kpi.ces([5, 4], scale=5) == 4.5
    with pytest.raises(KPIError, match="1 to 5"):
        kpi.ces([6], scale=5)


def test_fcr_accepts_bools_ints_and_numpy_bools_alike() -> None:
    expected = 50.0
    assert kpi.fcr([True, False]) == expected
    assert kpi.fcr([1, 0]) == expected
    assert kpi.fcr(np.array([True, False])) == expected
    assert kpi.fcr([np.bool_(True), np.bool_(False)]) == expected
    assert kpi.fcr(pd.Series([True, False], dtype="boolean")) == expected


@pytest.mark.parametrize("values", [np.array([1.0, 0.0]), pd.Series([1.0, 0.0]), [1.0, 0.0]],
                         ids=["float array", "float Series", "float list"])
def test_fcr_refuses_floats_even_when_they_are_0_and_1(values: Any) -> None:
    with pytest.raises(KPIError, match="True/False"):
        kpi.fcr(values)


@pytest.mark.parametrize("func", [kpi.nps, kpi.csat, kpi.ces, kpi.repeat_customer_rate])
def test_scores_refuse_true_false_in_any_container(func: Callable[..., float]) -> None:
    for values in containers([True, True]):
        with pytest.raises(KPIError, match="True/False value, not a number"):
            func(values)


def test_parts_larger_than_their_whole_are_refused() -> None:
    with pytest.raises(KPIError, match=r"lost \(11\) is more than start \(10\)"):
        kpi.churn_rate(11, 10)
    with pytest.raises(KPIError, match=r"baskets_with_item \(41\) is more than all_baskets"):
        kpi.basket_penetration(41, 40)


def test_retention_refuses_new_above_end_and_more_kept_than_started() -> None:
    with pytest.raises(KPIError, match=r"new \(60\) is more than end \(50\)"):
        kpi.retention_rate(200, 50, 60)
    with pytest.raises(KPIError, match="more customers were kept"):
        kpi.retention_rate(100, 220, 60)


def test_repeat_customer_rate_refuses_a_customer_with_no_purchases() -> None:
    with pytest.raises(KPIError, match="0 purchases is not in it"):
        kpi.repeat_customer_rate(pd.Series([1, 0, 2], index=["C1", "C2", "C3"]))


def test_pipeline_win_rate_above_1_hints_at_a_percentage() -> None:
    with pytest.raises(KPIError, match="Did you pass a percentage"):
        kpi.pipeline_velocity(50, 10_000, 20, 30)


def test_like_for_like_counts_only_keys_trading_in_both() -> None:
    current = {"S01": 120.0, "S02": 90.0, "S03": 50.0, "S05": 10.0}  # S03 is new
    previous = {"S01": 100.0, "S02": 100.0, "S04": 70.0, "S05": NAN}  # S04 closed, S05 no data
    assert kpi.like_for_like_growth(current, previous) == pytest.approx(5.0)
    assert kpi.like_for_like_growth(pd.Series(current), pd.Series(previous)) == pytest.approx(5.0)
    assert kpi.like_for_like_growth({"S01": 90, "S02": 0}, {"S01": 100, "S02": 50}) == -10.0


@pytest.mark.parametrize(("current", "previous", "message"), [
    ({"S01": 100}, {"S02": 100}, "nothing like-for-like"),
    ({"S01": 100}, {"S01": 0}, "nothing like-for-like"),
    ({}, {"S01": 100}, "empty"),
    ([100, 110], [90, 100], "indexed by store"),
    (pd.Series([1, 2], index=["S01", "S01"]), {"S01": 1}, "more than once"),
    ({"S01": -5}, {"S01": 100}, "cannot be negative"),
    ({"S01": "100"}, {"S01": 100}, "not a number"),
    ({"S01": INF}, {"S01": 100}, "infinite"),
])
def test_like_for_like_refusals(current: Any, previous: Any, message: str) -> None:
    with pytest.raises(KPIError, match=message):
        kpi.like_for_like_growth(current, previous)


# --- Bad input: every function, every argument ---------------------------------------------------

VALID: dict[Callable[..., Any], dict[str, Any]] = {
    kpi.nps: {"scores": [9, 10, 3]},
    kpi.csat: {"scores": [5, 4, 1]},
    kpi.ces: {"scores": [7, 5, 1], "scale": 7},
    kpi.fcr: {"resolved_at_first_contact": [True, False, True]},
    kpi.conversion_rate: {"transactions": 180, "footfall": 1200},
    kpi.atv: {"net_sales": 500.0, "transactions": 20},
    kpi.upt: {"units": 50, "transactions": 20},
    kpi.retention_rate: {"start": 200, "end": 220, "new": 60},
    kpi.churn_rate: {"lost": 10, "start": 250},
    kpi.repeat_customer_rate: {"purchases_per_customer": [1, 2, 3]},
    kpi.clv: {"atv": 50, "purchases_per_year": 5, "years": 3},
    kpi.sales_per_labour_hour: {"net_sales": 50_000, "hours": 800},
    kpi.like_for_like_growth: {"current": {"S01": 110.0}, "previous": {"S01": 100.0}},
    kpi.gross_margin: {"price": 2.0, "cost": 1.11},
    kpi.markup: {"price": 2.0, "cost": 1.11},
    kpi.promotion_uplift: {"actual": 100, "baseline": 80},
    kpi.basket_penetration: {"baskets_with_item": 40, "all_baskets": 100},
    kpi.complaint_rate: {"complaints": 3, "transactions": 1500},
    kpi.pipeline_velocity: {"opportunities": 50, "avg_deal_value": 10_000, "win_rate": 0.2,
                            "cycle_days": 30},
    kpi.attach_rate: {"baskets_with_both": 30, "baskets_with_anchor": 120},
    kpi.year_on_year_growth: {"current": 110.0, "previous": 100.0},
    kpi.margin_of_error: {"percentage": 50, "respondents": 100},
}
SLOTS = [(func, arg) for func, kwargs in VALID.items() for arg in kwargs]
GARBAGE = {
    "empty list": [], "empty array": np.array([]), "empty Series": pd.Series([], dtype=float),
    "NaN": NAN, "list with NaN": [1, NAN], "None": None, "list with None": [1, None],
    "inf": INF, "list with inf": [1, INF], "text": "abc", "numeric text": "12",
    "list with text": [1, "x"], "True": True, "table": pd.DataFrame({"a": [1, 2]}),
    "nullable NA": pd.Series([1, None], dtype="Int64"), "2-D array": np.ones((2, 2)),
}


def call_with(func: Callable[..., Any], arg: str, value: Any) -> Any:
    return func(**{**VALID[func], arg: value})


def slot_id(slot: tuple[Callable[..., Any], str]) -> str:
    return f"{slot[0].__name__}.{slot[1]}"


def test_every_public_function_is_covered_and_documented() -> None:
    public = {getattr(kpi, name) for name in kpi.__all__} - {KPIError, Uplift}
    assert public == set(VALID)
    for func in public:
        first_line = (func.__doc__ or "").splitlines()[0]
        assert any(sign in first_line for sign in "÷×−") or "mean" in first_line, func.__name__


@pytest.mark.parametrize("func", list(VALID), ids=lambda f: f.__name__)
def test_valid_calls_return_plain_finite_floats(func: Callable[..., Any]) -> None:
    assert_plain_finite(func(**VALID[func]))


@pytest.mark.parametrize("slot", SLOTS, ids=slot_id)
def test_garbage_in_any_argument_raises_kpierror(slot: tuple[Any, str]) -> None:
    for label, value in GARBAGE.items():  # any other exception fails the test with its traceback
        try:
            result = call_with(*slot, value)
        except KPIError:
            continue
        pytest.fail(f"{slot_id(slot)} accepted {label} and returned {result!r}")


def test_kpierror_is_a_valueerror() -> None:
    assert issubclass(KPIError, ValueError)


@pytest.mark.parametrize(("func", "scores", "message"), [
    (kpi.nps, [3, 11, 12], r"at position 1 is 11, .*from 0 to 10 .*\(2 values are wrong\)"),
    (kpi.nps, [-1], "from 0 to 10"), (kpi.nps, [7.5], "whole number from 0 to 10"),
    (kpi.csat, [0], "from 1 to 5"), (kpi.csat, [6], "from 1 to 5"), (kpi.csat, [4.5], "1 to 5"),
    (kpi.ces, [0], "from 1 to 7"), (kpi.ces, [8], "from 1 to 7"),
    (kpi.fcr, [2], "True/False"), (kpi.fcr, [-1], "True/False"), (kpi.fcr, [0.5], "True/False"),
    (kpi.fcr, [1.0], "True/False"), (kpi.fcr, ["yes"], "True/False"),
    (kpi.nps, [True, False], "True/False value, not a number"),
    (kpi.repeat_customer_rate, [1.5], "whole number, 1 or more"),
])
def test_out_of_range_values_are_named_with_the_allowed_range(
        func: Callable[..., float], scores: list[Any], message: str) -> None:
    with pytest.raises(KPIError, match=message):
        func(scores)


def test_missing_values_are_counted_and_located() -> None:
    scores = pd.Series([9, NAN, 3, None], index=["a", "b", "c", "d"])
    with pytest.raises(KPIError, match=r"2 missing value\(s\).*at index 'b'"):
        kpi.nps(scores)


def test_text_is_named() -> None:
    with pytest.raises(KPIError, match=r"position 1 is 'x' \(str\), not a number"):
        kpi.csat([5, "x"])


@pytest.mark.parametrize("call", [
    lambda: kpi.conversion_rate(0, 0), lambda: kpi.conversion_rate([0, 0], [0, 0]),
    lambda: kpi.atv(100, 0), lambda: kpi.upt(10, 0), lambda: kpi.retention_rate(0, 10, 5),
    lambda: kpi.churn_rate(0, 0), lambda: kpi.sales_per_labour_hour(100, 0),
    lambda: kpi.gross_margin(0, 0), lambda: kpi.markup(10, 0),
    lambda: kpi.promotion_uplift(10, 0), lambda: kpi.basket_penetration(0, 0),
    lambda: kpi.complaint_rate(0, 0), lambda: kpi.pipeline_velocity(5, 100, 0.2, 0),
])
def test_zero_denominators_are_refused(call: Callable[[], Any]) -> None:
    with pytest.raises(KPIError, match=r"is 0, so the .* cannot be calculated"):
        call()


@pytest.mark.parametrize("call", [
    lambda: kpi.conversion_rate(-1, 10), lambda: kpi.conversion_rate([5, -1], [10, 10]),
    lambda: kpi.churn_rate(-1, 10), lambda: kpi.retention_rate(200, 220, -1),
    lambda: kpi.basket_penetration(-1, 10), lambda: kpi.complaint_rate(-1, 10),
    lambda: kpi.pipeline_velocity(-1, 100, 0.2, 30), lambda: kpi.sales_per_labour_hour(10, -8),
    lambda: kpi.clv(50, -5, 3),
])
def test_negative_counts_are_refused(call: Callable[[], Any]) -> None:
    with pytest.raises(KPIError, match="0 or more"):
        call()


def test_columns_of_different_lengths_are_refused() -> None:
    with pytest.raises(KPIError, match="transactions has 2 values but footfall has 3"):
        kpi.conversion_rate([1, 2], [10, 10, 10])


def test_huge_values_raise_kpierror_rather_than_returning_inf() -> None:
    with pytest.raises(KPIError, match="too large"):
        kpi.atv([1e308, 1e308], 2)
    with pytest.raises(KPIError, match="too large"):
        kpi.clv(1e200, 1e200, 1e200)


# --- Property tests ------------------------------------------------------------------------------

nps_scores = st.lists(st.integers(0, 10), min_size=1, max_size=60)
csat_scores = st.lists(st.integers(1, 5), min_size=1, max_size=60)
flags = st.lists(st.booleans(), min_size=1, max_size=60)


@FAST
@given(nps_scores)
def test_nps_is_between_minus_100_and_100(scores: list[int]) -> None:
    assert -100.0 <= kpi.nps(scores) <= 100.0


@FAST
@given(st.lists(st.sampled_from([9, 10]), min_size=1, max_size=60))
def test_nps_of_only_promoters_is_100(scores: list[int]) -> None:
    assert kpi.nps(scores) == 100.0


@FAST
@given(csat_scores, flags)
def test_csat_and_fcr_are_percentages(scores: list[int], resolved: list[bool]) -> None:
    assert 0.0 <= kpi.csat(scores) <= 100.0
    assert 0.0 <= kpi.fcr(resolved) <= 100.0


@FAST
@given(st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 10**6)), min_size=1, max_size=30))
def test_conversion_is_a_percentage_and_columns_equal_totals(days: list[tuple[int, int]]) -> None:
    transactions = [min(a, b) for a, b in days]
    footfall = [max(a, b) for a, b in days]
    if sum(footfall) == 0:
        return
    rate = kpi.conversion_rate(transactions, footfall)
    assert 0.0 <= rate <= 100.0
    assert rate == kpi.conversion_rate(sum(transactions), sum(footfall))
    assert rate == kpi.conversion_rate(pd.Series(transactions), np.array(footfall))


@FAST
@given(nps_scores, st.lists(st.integers(1, 7), min_size=1, max_size=60), flags,
       st.lists(st.integers(1, 20), min_size=1, max_size=60))
def test_lists_arrays_and_series_give_the_same_results(
        nps_s: list[int], ces_s: list[int], resolved: list[bool], counts: list[int]) -> None:
    for func, values in ((kpi.nps, nps_s), (kpi.csat, [1 + s % 5 for s in nps_s]),
                         (kpi.ces, ces_s), (kpi.fcr, resolved),
                         (kpi.fcr, [int(r) for r in resolved]),
                         (kpi.repeat_customer_rate, counts)):
        results = {func(container) for container in containers(values)}
        assert len(results) == 1, (func.__name__, results)
    assert kpi.nps(pd.Series(nps_s, dtype="Int64")) == kpi.nps(nps_s)


GARBAGE_ATOMS = st.one_of(
    st.none(), st.booleans(), st.text(max_size=5), st.integers(-10**6, 10**6),
    st.floats(allow_nan=True, allow_infinity=True), st.just(pd.NA),
)
ANY_INPUT = st.one_of(
    GARBAGE_ATOMS,
    st.lists(GARBAGE_ATOMS, max_size=6),
    st.lists(st.floats(allow_nan=True, allow_infinity=True), max_size=6).map(np.array),
    st.lists(st.integers(-3, 12), max_size=6).map(pd.Series),
    st.dictionaries(st.text(max_size=3), GARBAGE_ATOMS, max_size=4),
)


@settings(max_examples=200, deadline=None, database=None)
@given(st.sampled_from(SLOTS), ANY_INPUT)
def test_any_input_gives_a_finite_float_or_a_kpierror(slot: tuple[Any, str], value: Any) -> None:
    try:
        result = call_with(*slot, value)
    except KPIError:
        return
    assert_plain_finite(result)
