"""The complaint scenarios' contexts (course/scenario/contexts/complaints.py), on 22 learners in 4 sectors.

Each context must serve its scenarios (every placeholder a fact, every branch fact a bool), be
deterministic, take its branches both ways across learners, and state only what the learner's own
complaints log, CRM contacts and sales say: the facts are recomputed here from the raw tables.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import pandas as pd
import pytest

from course.scenario import contexts
from course.scenario.contexts import complaints
from course.store import StoreData
from tests import scenario_facts as shared

CONTEXTS = ("complaints.heat_complaint", "complaints.faulty_goods", "complaints.angry_customer")


@pytest.fixture(scope="module")
def played(store_of: Callable[..., StoreData]) -> list[tuple[StoreData, dict[str, dict[str, Any]]]]:
    """Each sample learner's store with the facts of every complaint context."""
    data = shared.stores(store_of)
    facts = shared.facts_of(CONTEXTS, data)
    return [(store, {name: facts[name][i] for name in CONTEXTS}) for i, store in enumerate(data)]


def _complaint(data: StoreData, complaint_id: object) -> pd.Series:
    return data.complaints.set_index("complaint_id").loc[str(complaint_id)]


def _long_date(day: pd.Timestamp) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


@pytest.mark.parametrize("context", CONTEXTS)
def test_every_context_serves_its_scenarios(played: list, context: str) -> None:
    shared.check_fits_scenarios(context, [facts[context] for _, facts in played])


def test_contexts_are_deterministic(played: list) -> None:
    for data, facts in played[:4]:
        for context in CONTEXTS:
            assert contexts.resolve(context)(data) == facts[context], context


def test_rights_branches_are_taken_both_ways(played: list) -> None:
    """Within 30 days and, among the learners past 30 days, within 6 months: each both ways."""
    goods = [facts["complaints.faulty_goods"] for _, facts in played]
    shared.check_branches_both_ways("complaints.faulty_goods", goods)


def test_heat_names_the_take_ownership_variant() -> None:
    """domain-facts: HEAT is Hear, Empathise, Apologise, Take action; "Take ownership" is a variant to mention."""
    introduction = shared.sources()["complaint-heat"].introduction
    assert "Take ownership" in introduction and "Hear, Empathise, Apologise, Take action" in introduction


def test_complaints_are_real_rows_of_the_log(played: list) -> None:
    for data, facts in played:
        channel_of = data.interactions.set_index("interaction_id")["channel"]
        names = data.customers.set_index("customer_id")["name"]
        for context in ("complaints.heat_complaint", "complaints.angry_customer"):
            f = facts[context]
            row = _complaint(data, f["complaint_id"])
            assert (f["category"], f["severity"], f["outcome"]) == (row["category"], row["severity"], row["outcome"])
            assert f["received_date"] == _long_date(row["received"])
            assert f["received_time"] == f"{row['received']:%H:%M}"
            assert f["channel"] == complaints.CHANNEL_WORDS[channel_of.loc[row["interaction_id"]]]
            assert f["customer_name"] == names.loc[row["customer_id"]]  # every sample learner has a known customer
            assert f["action"] == complaints.ACTION[row["category"]]


def test_heat_complaint_is_closed_and_not_the_exercises(played: list) -> None:
    for data, facts in played:
        f = facts["complaints.heat_complaint"]
        assert f["outcome"] != "open" and f["category"] != "product quality"
        closed = data.complaints[data.complaints["outcome"] != "open"]
        serious = closed[closed["severity"] == "high"]
        exercise = (serious if len(serious) else closed).sort_values("received").iloc[-1]["complaint_id"]
        assert f["complaint_id"] != exercise


def test_angry_customer_is_at_the_desk(played: list) -> None:
    # The scenario happens face to face at the service desk: every sample learner has a complaint raised in store.
    for _, facts in played:
        f = facts["complaints.angry_customer"]
        assert f["raised_in_store"] and f["channel"] == "in store" and f["category"] != "product quality"


def test_faulty_goods_days_decide_the_remedy(played: list) -> None:
    for data, facts in played:
        f = facts["complaints.faulty_goods"]
        row = _complaint(data, f["complaint_id"])
        sale = data.transactions.set_index("transaction_id").loc[f["transaction_id"]]
        assert sale["customer_id"] == row["customer_id"] and sale["timestamp"] < row["received"]
        assert row["category"] == "product quality"  # every sample learner has such a complaint with a purchase
        sold = data.transaction_lines[data.transaction_lines["transaction_id"] == f["transaction_id"]]
        names = set(data.products.set_index("product_id").loc[sold["product_id"], "name"])
        assert f["product"] in names
        days = (row["received"].normalize() - sale["timestamp"].normalize()).days
        assert (f["days_since_purchase"] == days and str(days) in f["days_text"]) or days == 0
        assert f["within_30_days"] == (days <= 30)
        six_months_on = sale["timestamp"].normalize() + pd.DateOffset(months=6)
        assert f["within_6_months"] == (row["received"].normalize() < six_months_on)
        assert f["purchase_date"] == _long_date(sale["timestamp"])
        assert f["complaint_date"] == _long_date(row["received"])


def test_a_store_without_complaints_is_refused_with_a_clear_message(played: list) -> None:
    data = played[0][0]
    empty = dataclasses.replace(data, complaints=data.complaints.iloc[0:0])
    for fn in (complaints.heat_complaint, complaints.angry_customer):
        with pytest.raises(ValueError, match=r"complaints\.csv is empty"):
            fn(empty)
    anonymous = dataclasses.replace(data, complaints=data.complaints.assign(customer_id=None))
    with pytest.raises(ValueError, match="no complaint from a loyalty customer with an earlier sale"):
        complaints.faulty_goods(anonymous)
