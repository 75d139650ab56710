"""The adapting contexts (course/scenario/contexts/adapting.py) for 22 learners across the 4 sectors.

Each context returns every fact its scenario uses, branch facts as True/False, the same facts every
time, branches taken both ways across learners (or, where every simulated store goes one way, both ways
on a store changed to force the other), and facts that are true of the learner's data, recomputed here
in a simpler way.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import pandas as pd
import pytest

from course.scenario import contexts
from course.scenario.contexts import adapting
from course.scenario.graph import reachable
from course.store import SECTORS, StoreData
from tests import scenario_facts as shared

LEARNERS = shared.LEARNERS
SCENARIOS = {"adapt-disability": "disability_cue", "adapt-hurried": "hurried_collect"}


@pytest.fixture(scope="module")
def stores(store_of: Callable[..., StoreData]) -> list[StoreData]:
    return shared.stores(store_of)


@pytest.fixture(scope="module")
def facts(stores: list[StoreData]) -> dict[str, list[dict[str, Any]]]:
    """scenario id -> the context's facts for each learner, in LEARNERS order (run through the engine)."""
    by_context = shared.facts_of([f"adapting.{fn}" for fn in SCENARIOS.values()], stores)
    return {sid: by_context[f"adapting.{fn}"] for sid, fn in SCENARIOS.items()}


def test_the_learners_cover_every_sector() -> None:
    assert {sector for _, sector in LEARNERS} == set(SECTORS)


def test_product_names_read_inside_a_sentence() -> None:
    assert adapting.product_label("Full-sugar cola, 2 litres") == "Full-sugar cola (2 litres)"
    assert adapting.product_label("15.6-inch laptop, 8 GB RAM, 256 GB SSD") == "15.6-inch laptop (8 GB RAM, 256 GB SSD)"
    assert adapting.product_label("Oxford shirt") == "Oxford shirt" and adapting.product_label("") == ""


@pytest.mark.parametrize("sid", SCENARIOS)
def test_every_placeholder_is_a_fact_and_every_branch_a_bool(sid: str, facts: dict[str, list[dict[str, Any]]]
                                                              ) -> None:
    context = f"adapting.{SCENARIOS[sid]}"
    assert shared.sources()[sid].context == context
    shared.check_fits_scenarios(context, facts[sid])


@pytest.mark.parametrize("sid", SCENARIOS)
def test_branches_go_both_ways_across_learners(sid: str, facts: dict[str, list[dict[str, Any]]]) -> None:
    one_way = {"has_substitute"}  # every product in the simulated catalogues has a closest substitute
    shared.check_branches_both_ways(f"adapting.{SCENARIOS[sid]}", facts[sid], one_way=one_way)


def test_facts_are_deterministic_and_vary_between_learners(stores: list[StoreData],
                                                           facts: dict[str, list[dict[str, Any]]]) -> None:
    for sid, fn in SCENARIOS.items():
        assert [contexts.resolve(f"adapting.{fn}")(data) for data in stores[:4]] == facts[sid][:4]
    assert len({got["need_key"] for got in facts["adapt-disability"]}) >= 3
    assert len({got["customer_name"] for got in facts["adapt-hurried"]}) > 10


def test_the_disabled_customer_bought_what_the_scenario_says(stores: list[StoreData],
                                                             facts: dict[str, list[dict[str, Any]]]) -> None:
    for data, got in zip(stores, facts["adapt-disability"]):
        assert got["need_key"] in adapting.NEEDS and got["need"] == adapting.NEEDS[got["need_key"]]["need"]
        product = data.products[data.products["name"].map(adapting.product_label) == got["product"]].iloc[0]
        assert got["feature"] == product["feature_1"] and got["benefit"].lower() == product["benefit_1"].lower()
        customer = data.customers.set_index("customer_id").loc[got["customer_id"]]
        assert customer["name"] == got["customer_name"] and customer["segment"] == got["segment"]
        sales = data.transactions[data.transactions["customer_id"] == got["customer_id"]]
        lines = data.transaction_lines[data.transaction_lines["transaction_id"].isin(sales["transaction_id"])
                                       & (data.transaction_lines["product_id"] == product["product_id"])]
        days = sales.set_index("transaction_id").loc[lines["transaction_id"], "timestamp"]
        assert got["bought_on"] in {f"{d.day} {d:%B}" for d in days}, "they bought it on the day stated"
        assert got["follow_up_channel"] in set(data.interactions["channel"])
        assert got["follow_up_channel"] in adapting.NEEDS[got["need_key"]]["channels"]


def test_the_hurried_customer_comes_at_the_busiest_hour(stores: list[StoreData],
                                                        facts: dict[str, list[dict[str, Any]]]) -> None:
    for data, got in zip(stores, facts["adapt-hurried"]):
        ff = data.footfall.assign(day=data.footfall["timestamp"].dt.day_name(),
                                  hour=data.footfall["timestamp"].dt.hour)
        table = ff.pivot_table(index="day", columns="hour", values="visitors", aggfunc="mean")
        day, hour = table.stack().idxmax()
        assert got["peak_day"] == day and round(table.loc[day, hour]) == got["peak_visitors"]
        start = f"{hour - 12 if hour > 12 else hour}{'pm' if hour >= 12 else 'am'}"
        assert got["peak_hour"].startswith("noon" if hour == 12 else start + " to ")
        customer = data.customers.set_index("customer_id").loc[got["customer_id"]]
        assert customer["name"] == got["customer_name"] and customer["segment"] == got["segment"]
        assert (data.transactions["customer_id"] == got["customer_id"]).any(), "a member who has bought in store"
        chases = data.interactions[(data.interactions["customer_id"] == got["customer_id"])
                                   & (data.interactions["reason"] == "order status")]
        assert got["chased_order"] == (not chases.empty)
        if got["chased_order"]:
            last = chases.sort_values("interaction_id").iloc[-1]
            assert got["chase_date"] == f"{last['timestamp'].day} {last['timestamp']:%B}"
            assert got["chase_channel"] == last["channel"]
        products = data.products.set_index(data.products["name"].map(adapting.product_label))
        missing = products.loc[got["missing_product"]]
        assert got["product"] in products.index and got["product"] != got["missing_product"]
        assert got["has_substitute"] and products.loc[got["substitute"], "product_id"] == missing["neighbour_id"]


def test_the_one_way_branch_goes_the_other_way_on_other_data(stores: list[StoreData]) -> None:
    data = stores[0]
    no_neighbours = dataclasses.replace(data, products=data.products.assign(neighbour_id=None))
    got = adapting.hurried_collect(no_neighbours)
    assert got["has_substitute"] is False and got["substitute"] == ""
    scenario = shared.sources()["adapt-hurried"]
    assert "missing-refund" in reachable(scenario.nodes, scenario.start, got)


def test_a_store_without_card_sales_is_refused_with_a_reason(stores: list[StoreData]) -> None:
    data = stores[0]
    anonymous = dataclasses.replace(data, transactions=data.transactions.assign(customer_id=pd.NA))
    with pytest.raises(ValueError, match="customer_id"):
        adapting.disability_cue(anonymous)
