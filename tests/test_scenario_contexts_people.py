"""The people contexts (course/scenario/contexts/people.py) for 22 learners across the 4 sectors.

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

from course import kpi
from course.scenario import contexts
from course.scenario.contexts import people
from course.store import StoreData
from tests import scenario_facts as shared

LEARNERS = shared.LEARNERS
SCENARIOS = {"comms-colleague-conflict": "colleague_conflict", "coaching-grow": "coaching_dip",
             "appraisal-one-to-one": "appraisal"}
MANAGERS = {"store manager", "assistant manager"}


@pytest.fixture(scope="module")
def stores(store_of: Callable[..., StoreData]) -> list[StoreData]:
    return shared.stores(store_of)


@pytest.fixture(scope="module")
def facts(stores: list[StoreData]) -> dict[str, list[dict[str, Any]]]:
    """scenario id -> the context's facts for each learner, in LEARNERS order (run through the engine)."""
    by_context = shared.facts_of([f"people.{fn}" for fn in SCENARIOS.values()], stores)
    return {sid: by_context[f"people.{fn}"] for sid, fn in SCENARIOS.items()}


def _staff_id(data: StoreData, name: str) -> str:
    match = data.staff.loc[data.staff["name"] == name, "staff_id"]
    assert len(match) == 1, f"{name} is not exactly one colleague"
    return str(match.iloc[0])


def _pct(text: str) -> float:
    return float(text.rstrip("%"))


@pytest.mark.parametrize("sid", SCENARIOS)
def test_every_placeholder_is_a_fact_and_every_branch_a_bool(sid: str, facts: dict[str, list[dict[str, Any]]]
                                                              ) -> None:
    context = f"people.{SCENARIOS[sid]}"
    assert shared.sources()[sid].context == context
    shared.check_fits_scenarios(context, facts[sid])


@pytest.mark.parametrize("sid", SCENARIOS)
def test_branches_go_both_ways_across_learners(sid: str, facts: dict[str, list[dict[str, Any]]]) -> None:
    one_way = {"long_absence"}  # the appraisee is the best seller, and every simulated store gives them a sick spell
    shared.check_branches_both_ways(f"people.{SCENARIOS[sid]}", facts[sid], one_way=one_way)


def test_both_kinds_of_dip_are_met(facts: dict[str, list[dict[str, Any]]]) -> None:
    assert {got["dip_text"] for got in facts["coaching-grow"]} == {people.FELL, people.BELOW}


def test_facts_are_deterministic(stores: list[StoreData], facts: dict[str, list[dict[str, Any]]]) -> None:
    for sid, fn in SCENARIOS.items():
        assert [contexts.resolve(f"people.{fn}")(data) for data in stores[:4]] == facts[sid][:4]
    names = {got["colleague_name"] for got in facts["coaching-grow"]}
    assert len(names) > 5, "the coached colleague should differ between learners"


def test_the_conflict_colleague_has_the_saturdays_stated(stores: list[StoreData],
                                                         facts: dict[str, list[dict[str, Any]]]) -> None:
    for data, got in zip(stores, facts["comms-colleague-conflict"]):
        who = _staff_id(data, got["colleague_name"])
        staff = data.staff.set_index("staff_id")
        assert staff.loc[who, "role"] == got["colleague_role"] and staff.loc[who, "role"] not in MANAGERS
        since = pd.Timestamp(data.end) - pd.Timedelta(days=83)
        sats = data.rota[(data.rota["date"] >= since) & (data.rota["date"].dt.day_name() == "Saturday")]
        per_person = {s: sats.loc[sats["staff_id"] == s, "date"].nunique() for s in staff.index}
        assert per_person[who] == got["saturdays"] and sats["date"].nunique() == got["saturdays_open"]
        assert 2 * got["saturdays"] >= got["saturdays_open"], "they say they are always on Saturdays"
        band = {s: 8 if h >= 30 else 6 if h >= 24 else 4 for s, h in staff["contracted_hours"].items()}  # shift length
        team = [s for s in staff.index if s != who and staff.loc[s, "role"] not in MANAGERS]
        peers = [s for s in team if band[s] == band[who]] or team
        assert len(peers) == got["peer_count"]
        average = sum(per_person[s] for s in peers) / len(peers)
        assert f"{average:.1f}" == got["peer_average"]
        assert got["more_saturdays_than_peers"] == (got["saturdays"] >= average + 1)


def test_the_coached_colleague_really_dipped(stores: list[StoreData], facts: dict[str, list[dict[str, Any]]]) -> None:
    for data, got in zip(stores, facts["coaching-grow"]):
        who = _staff_id(data, got["colleague_name"])
        log = data.interactions
        assert data.staff.set_index("staff_id").loc[who, "role"] not in MANAGERS
        assert who != log["handled_by"].value_counts().sort_index().idxmax(), "5.4's review colleague is left out"
        cut = pd.Timestamp(data.end) + pd.Timedelta(days=1) - pd.Timedelta(days=91)
        recent = log[log["timestamp"] >= cut]
        before = log[(log["timestamp"] < cut) & (log["timestamp"] >= cut - pd.Timedelta(days=91))]
        mine = recent[recent["handled_by"] == who]["resolved_first_contact"]
        theirs_before = before[before["handled_by"] == who]["resolved_first_contact"]
        assert len(mine) == got["recent_contacts"] >= 10 and len(theirs_before) >= 10
        team = [s for s in data.staff["staff_id"] if s != log["handled_by"].value_counts().sort_index().idxmax()
                and data.staff.set_index("staff_id").loc[s, "role"] not in MANAGERS]
        for least in (30, 20, 10):  # the biggest fall among colleagues with enough contacts, fewer only if need be
            falls = {}
            for s in team:
                a = recent.loc[recent["handled_by"] == s, "resolved_first_contact"]
                b = before.loc[before["handled_by"] == s, "resolved_first_contact"]
                if len(a) >= least and len(b) >= least and b.mean() > a.mean():
                    falls[s] = b.mean() - a.mean()
            if falls:
                assert who == max(sorted(falls), key=lambda s: falls[s]) and got["dip_text"] == people.FELL
                assert mine.mean() < theirs_before.mean()
                break
        else:  # nobody's fell: the colleague furthest below the store over the last 13 weeks
            store_now = recent["resolved_first_contact"].mean()
            counts = recent["handled_by"].value_counts(), before["handled_by"].value_counts()
            counted = [s for s in team if min(counts[0].get(s, 0), counts[1].get(s, 0)) >= 10]
            fcr_now = recent.groupby("handled_by")["resolved_first_contact"].mean()
            gaps = {s: store_now - fcr_now[s] for s in counted}
            assert who == max(sorted(gaps), key=lambda s: gaps[s]) and got["dip_text"] == people.BELOW
            assert gaps[who] > 0
        assert _pct(got["fcr_recent"]) == round(mine.mean() * 100, 1)
        assert _pct(got["fcr_before"]) == round(theirs_before.mean() * 100, 1)
        store = recent["resolved_first_contact"].mean() * 100
        assert _pct(got["store_fcr_recent"]) == round(store, 1)
        margin = 1.96 * (store / 100 * (1 - store / 100) / len(mine)) ** 0.5 * 100
        assert got["margin"] == f"{margin:.0f} points"
        assert got["gap_beyond_chance"] == (store - mine.mean() * 100 > margin)
        tx = data.transactions[data.transactions["timestamp"] >= cut].groupby("staff_id")["net_value"].sum()
        assert tx[_staff_id(data, got["top_total_name"])] >= tx.get(who, 0.0), "the total-sales jibe is true"
        staff = data.staff.set_index("staff_id")
        buddy = _staff_id(data, got["buddy_name"])
        team = staff[~staff["role"].isin(MANAGERS) & (staff.index != who)]
        assert staff.loc[buddy, "start_date"] == team["start_date"].min()


def test_the_appraisee_leads_the_team_as_stated(stores: list[StoreData],
                                                facts: dict[str, list[dict[str, Any]]]) -> None:
    for data, got in zip(stores, facts["appraisal-one-to-one"]):
        who = _staff_id(data, got["appraisee_name"])
        index = people.splh_index(data)
        worked = data.rota[~data.rota["absent"]].groupby("staff_id")["hours"].sum()
        staff = data.staff.set_index("staff_id")
        eligible = [s for s in index.index if staff.loc[s, "role"] not in MANAGERS and worked[s] >= 200]
        assert index[who] == index[eligible].max() and got["splh_index"] == f"{index[who]:.0f}"
        assert int(got["splh_index"]) > int(got["next_index"]) and int(got["index_above"].rstrip("%")) > 0
        rota = data.rota[data.rota["staff_id"] == who]
        lost = rota.loc[rota["absent"], "hours"].sum() / rota["hours"].sum() * 100
        assert got["absence_pct"] == f"{lost:.0f}%" and got["long_absence"] == (lost >= 10)
        mine = data.interactions[data.interactions["handled_by"] == who]
        assert got["contacts"] == len(mine) and got["late_count"] == mine["entered_late"].sum()
        store_late = data.interactions["entered_late"].mean() * 100
        assert got["late_above_store"] == (mine["entered_late"].mean() * 100 > store_late)
        assert _pct(got["target_late_pct"]) < _pct(got["store_late_pct"]) or _pct(got["target_late_pct"]) == 1
        newest = _staff_id(data, got["newest_name"])
        others = staff[~staff["role"].isin(MANAGERS) & (staff.index != who)]
        assert staff.loc[newest, "start_date"] == others["start_date"].max()


def test_the_index_is_sales_against_the_store_on_the_same_days(stores: list[StoreData]) -> None:
    """One colleague's index by hand, shift by shift, with course.kpi's SPLH for each day."""
    data = stores[0]
    worked = data.rota[~data.rota["absent"]]
    who = str(worked["staff_id"].iloc[0])
    expected = 0.0
    for day, shifts in worked[worked["staff_id"] == who].groupby("date"):
        day_sales = data.transactions.loc[data.transactions["timestamp"].dt.normalize() == day, "net_value"].sum()
        expected += shifts["hours"].sum() * kpi.sales_per_labour_hour(day_sales, worked.loc[worked["date"] == day,
                                                                                              "hours"].sum())
    sales = data.transactions.loc[data.transactions["staff_id"] == who, "net_value"].sum()
    assert people.splh_index(data)[who] == pytest.approx(sales / expected * 100)


def test_the_one_way_branch_goes_the_other_way_on_other_data(stores: list[StoreData]) -> None:
    data = stores[0]
    no_absence = dataclasses.replace(data, rota=data.rota.assign(absent=False))
    got = people.appraisal(no_absence)
    assert got["long_absence"] is False and got["absence_pct"] == "0%"


def test_no_dip_is_refused_with_a_reason(stores: list[StoreData]) -> None:
    data = stores[0]
    flat = dataclasses.replace(data, interactions=data.interactions.assign(resolved_first_contact=True))
    with pytest.raises(ValueError, match="fell over the last 13 weeks or is below"):
        people.coaching_dip(flat)
