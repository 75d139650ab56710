"""The selling scenarios' contexts (course/scenario/contexts/sales.py), on 22 learners across the 4 sectors.

Each context must serve its scenarios (every placeholder a fact, every branch fact a bool), be
deterministic, take its branches both ways across learners, and state only what the learner's own
tables say: the facts are recomputed here from the raw tables, not from the module's helpers.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import pandas as pd
import pytest

from course.scenario import contexts
from course.scenario.contexts import sales
from course.store import StoreData
from tests import scenario_facts as shared

CONTEXTS = ("sales.hurried_buyer", "sales.undecided_browser", "sales.upsell_basket")


@pytest.fixture(scope="module")
def played(store_of: Callable[..., StoreData]) -> list[tuple[StoreData, dict[str, dict[str, Any]]]]:
    """Each sample learner's store with the facts of every selling context."""
    data = shared.stores(store_of)
    facts = shared.facts_of(CONTEXTS, data)
    return [(store, {name: facts[name][i] for name in CONTEXTS}) for i, store in enumerate(data)]


def _promo(data: StoreData) -> pd.Series:
    return data.promotions.set_index("promo_id").loc["PR01"]


def _name(data: StoreData, product_id: str) -> str:
    return str(data.products.set_index("product_id").loc[product_id, "name"])


def _pairs(data: StoreData, product_name: str) -> set[tuple[str, str]]:
    row = data.products.set_index("name").loc[product_name]
    return {(sales.lower_first(str(row[f"feature_{i}"])), sales.lower_first(str(row[f"benefit_{i}"])))
            for i in (1, 2, 3) if isinstance(row[f"feature_{i}"], str)}


@pytest.mark.parametrize("context", CONTEXTS)
def test_every_context_serves_its_scenarios(played: list, context: str) -> None:
    shared.check_fits_scenarios(context, [facts[context] for _, facts in played])


def test_branches_are_taken_both_ways(played: list) -> None:
    for context in CONTEXTS:  # the browser's need_fits_promoted and marketing_consent
        shared.check_branches_both_ways(context, [facts[context] for _, facts in played])


def test_contexts_are_deterministic(played: list) -> None:
    for data, facts in played[:4]:
        for context in CONTEXTS:
            assert contexts.resolve(context)(data) == facts[context], context


def test_learners_meet_different_products_and_customers(played: list) -> None:
    assert len({f["sales.hurried_buyer"]["customer_name"] for _, f in played}) >= 12
    assert len({f["sales.upsell_basket"]["anchor"] for _, f in played}) >= 6


def test_hurried_buyer_is_true_of_the_data(played: list) -> None:
    for data, facts in played:
        f, promo = facts["sales.hurried_buyer"], _promo(data)
        assert f["product"] == _name(data, promo["product_id"])
        assert (f["product_feature"], f["product_benefit"]) in _pairs(data, str(f["product"]))
        price = float(data.products.set_index("product_id").loc[promo["product_id"], "price"])
        assert f["promo_price"] == f"£{price * (1 - promo['discount_pct'] / 100):,.2f}"
        day = pd.Timestamp(f"{str(f['scene_day']).split(' ', 1)[1]}")
        assert day.day_of_week == 5 and promo["start"] <= day <= promo["end"]
        customer = data.customers.set_index("name").loc[[f["customer_name"]]]
        assert "regular" in set(customer["segment"])
        ids = set(customer["customer_id"])
        tx, crm = data.transactions, data.interactions
        bought = tx[tx["customer_id"].isin(ids) & (tx["timestamp"] < day)]
        assert f["purchases_text"] == sales.purchases_words(len(bought)) or len(ids) > 1
        contacts = crm[crm["customer_id"].isin(ids) & (crm["timestamp"] < day)]
        assert f"{contacts['timestamp'].max():%B %Y}" in f["last_contact"] or len(ids) > 1


def test_undecided_browser_is_true_of_the_data(played: list) -> None:
    for data, facts in played:
        f, promo = facts["sales.undecided_browser"], _promo(data)
        promoted = _name(data, promo["product_id"])
        neighbour = _name(data, data.products.set_index("product_id").loc[promo["product_id"], "neighbour_id"])
        assert {f["fit"], f["other"]} == {promoted, neighbour} and f["promoted"] == promoted
        assert f["need_fits_promoted"] == (f["fit"] == promoted)
        assert (f["fit_feature"], f["fit_benefit"]) in _pairs(data, str(f["fit"]))
        customer = data.customers.set_index("name").loc[[f["customer_name"]]]
        match = customer[customer["segment"] == f["segment"]]
        assert f["segment"] in ("new", "occasional") and len(match)
        assert f["marketing_consent"] in set(match["marketing_consent"])


def _baskets_with(data: StoreData, product_id: str) -> set[str]:
    lines = data.transaction_lines
    return set(lines.loc[lines["product_id"] == product_id, "transaction_id"])


def test_upsell_basket_is_true_of_the_data(played: list) -> None:
    for data, facts in played:
        f = facts["sales.upsell_basket"]
        products = data.products.set_index("name")
        anchor, upgrade = products.loc[f["anchor"]], products.loc[f["upgrade"]]
        assert upgrade["price"] > anchor["price"]
        assert anchor["neighbour_id"] == upgrade["product_id"] or upgrade["neighbour_id"] == anchor["product_id"]
        assert f["upgrade_feature"] not in {feature for feature, _ in _pairs(data, str(f["anchor"]))}
        assert f["price_gap"] == f"£{upgrade['price'] - anchor['price']:,.2f}"
        with_upgrade = _baskets_with(data, upgrade["product_id"])
        for key in ("partner", "unrelated"):
            other = _baskets_with(data, products.loc[f[key], "product_id"])
            rate = len(with_upgrade & other) / len(with_upgrade) * 100
            penetration = len(other) / len(data.transactions) * 100
            assert f[f"{key}_rate"] == sales.percent(rate) and f[f"{key}_penetration"] == sales.percent(penetration)
            assert products.loc[f[key], "category"] != upgrade["category"]
            if key == "partner":  # the scenario says customers buy it with the upgrade more than they buy it at all
                assert rate >= sales.REAL_LIFT * penetration and f["partner_is_real"]
            else:  # ... and that they buy this one with it less often than they buy it at all
                assert rate < penetration


def test_a_store_without_pr01_or_members_is_refused_with_a_clear_message(played: list) -> None:
    data = played[0][0]
    without_pr01 = dataclasses.replace(data, promotions=data.promotions[data.promotions["promo_id"] != "PR01"])
    for fn in map(contexts.resolve, CONTEXTS):  # the scenes happen on a day of PR01
        with pytest.raises(ValueError, match=r"promotions\.csv has no promotion 'PR01'"):
            fn(without_pr01)
    no_members = dataclasses.replace(data, customers=data.customers.iloc[0:0])
    with pytest.raises(ValueError, match=r"customers\.csv is empty"):
        sales.hurried_buyer(no_members)
