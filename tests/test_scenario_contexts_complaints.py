"""The complaint scenarios' contexts (course/scenario/contexts/complaints.py), on 20 learners in 4 sectors.

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

from course.scenario.contexts import complaints
from course.store import StoreData
from tests import scenario_rules as rules
from tests.scenario_facts import check_fits_scenarios

CONTEXTS: dict[str, Callable[[StoreData], dict[str, Any]]] = {
    "complaints.heat_complaint": complaints.heat_complaint, "complaints.faulty_goods": complaints.faulty_goods,
    "complaints.angry_customer": complaints.angry_customer}


@pytest.fixture(scope="module")
def played(store_of: Callable[..., StoreData]) -> list[tuple[StoreData, dict[str, dict[str, Any]]]]:
    """Each sample learner's store with the facts of every complaint context."""
    out = []
    for learner_id, sector in rules.SAMPLE_LEARNERS:
        data = store_of(learner_id, sector=sector)
        out.append((data, {name: fn(data) for name, fn in CONTEXTS.items()}))
    return out


def _complaint(data: StoreData, complaint_id: object) -> pd.Series:
    return data.complaints.set_index("complaint_id").loc[str(complaint_id)]


def _long_date(day: pd.Timestamp) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def test_every_context_serves_its_scenarios(played: list) -> None:
    for _, facts in played:
        for context, values in facts.items():
            check_fits_scenarios(context, values)


def test_contexts_are_deterministic(played: list) -> None:
    for data, facts in played[:4]:
        for context, fn in CONTEXTS.items():
            assert fn(data) == facts[context], context


def test_rights_branches_are_taken_both_ways(played: list) -> None:
    goods = [facts["complaints.faulty_goods"] for _, facts in played]
    assert {f["within_30_days"] for f in goods} == {True, False}
    assert {f["within_6_months"] for f in goods if not f["within_30_days"]} == {True, False}


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
