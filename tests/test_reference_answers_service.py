"""Reference answers worked out independently (recording, reviewing and teamwork exercises).

As in test_reference_answers.py: each exercise's expected value is compared with a calculation written
out here in plain pandas from the raw tables, following the course's KPI definitions (its domain facts)
and the exercise's title and hint, for two fixed stores (apparel and grocery).
"""

from __future__ import annotations

import calendar
import dataclasses
from collections.abc import Callable
from datetime import date

import pandas as pd
import pytest

from course.exercises.nb_5_3_scenarios import style_scenario, tuckman_scenario
from course.store import StoreData
from tests.reference import REFERENCE_STORES, expected_value, same


@pytest.fixture(params=REFERENCE_STORES, ids=[sector for _, sector in REFERENCE_STORES])
def data(request: pytest.FixtureRequest, store_of: Callable[..., StoreData]) -> StoreData:
    """Each reference store, simulated once in the session (conftest's store_of)."""
    learner_id, sector = request.param
    return store_of(learner_id, sector=sector)


def hours_to_resolve(c: pd.DataFrame) -> pd.Series:
    return (c["resolved"] - c["received"]).dt.total_seconds() / 3600


# --- Recording exercises ---------------------------------------------------------------------------

def rec_late_entry_rate(d: StoreData) -> float:
    return d.interactions["entered_late"].sum() / len(d.interactions) * 100


def rec_median_resolution_hours(d: StoreData) -> float:
    hours = sorted(hours_to_resolve(d.complaints[d.complaints["resolved"].notna()]))
    middle = len(hours) // 2
    return hours[middle] if len(hours) % 2 else (hours[middle - 1] + hours[middle]) / 2


def rec_repeat_contact_rate(d: StoreData) -> float:
    return d.interactions["repeat_of"].notna().sum() / len(d.interactions) * 100


def rec_phone_fcr(d: StoreData) -> float:
    phone = d.interactions[d.interactions["channel"] == "phone"]
    return phone["resolved_first_contact"].sum() / len(phone) * 100


def rec_open_complaints(d: StoreData) -> int:
    return int(d.complaints["resolved"].isna().sum())


def rec_satisfaction_after(d: StoreData) -> float:
    replies = d.complaints["satisfaction_after"].dropna()
    return replies.sum() / len(replies)


def rec_sar_deadline(d: StoreData) -> str:
    """One calendar month from the latest complaint's day; a month without that day ends on its last day."""
    received: date = d.complaints["received"].max().date()
    year, month = (received.year + 1, 1) if received.month == 12 else (received.year, received.month + 1)
    return date(year, month, min(received.day, calendar.monthrange(year, month)[1])).isoformat()


def rec_retention_count(d: StoreData) -> int:
    cutoff = pd.Timestamp(d.end) + pd.Timedelta(days=1) - pd.Timedelta(days=183)
    return int((d.interactions["timestamp"] < cutoff).sum())


def rec_consent_share(d: StoreData) -> float:
    return d.customers["marketing_consent"].sum() / len(d.customers) * 100


def rec_sar_records(d: StoreData) -> int:
    """The member with the most contacts among those who complained (lowest id on a tie)."""
    complained = set(d.complaints["customer_id"].dropna())
    contacts = d.interactions[d.interactions["customer_id"].isin(complained)].groupby("customer_id").size()
    who = min(contacts[contacts == contacts.max()].index)
    return int(contacts[who] + (d.complaints["customer_id"] == who).sum())


# --- Reviewing exercises ---------------------------------------------------------------------------

def visit_averages(d: StoreData) -> pd.Series:
    shops = d.mystery_shops.assign(earned=d.mystery_shops["weight"].where(d.mystery_shops["passed"], 0))
    visits = shops.groupby(["store", "visit_id"])[["earned", "weight"]].sum()
    return (visits["earned"] / visits["weight"] * 100).groupby(level="store").mean()


def rev_mystery_score(d: StoreData) -> float:
    return visit_averages(d)["Our store"]


def rev_mystery_rank(d: StoreData) -> int:
    averages = visit_averages(d)
    return int((averages.drop("Our store") > averages["Our store"]).sum())


def improvement(d: StoreData) -> pd.Timestamp:
    return pd.Timestamp(d.events.loc[d.events["kind"] == "process change", "date"].min())


def rev_complaint_rate_before(d: StoreData) -> float:
    cut = improvement(d)
    return (d.complaints["received"] < cut).sum() / (d.transactions["timestamp"] < cut).sum() * 1000


def rev_complaint_rate_after(d: StoreData) -> float:
    cut = improvement(d)
    return (d.complaints["received"] >= cut).sum() / (d.transactions["timestamp"] >= cut).sum() * 1000


def rev_complaint_change(d: StoreData) -> float:
    before, after = rev_complaint_rate_before(d), rev_complaint_rate_after(d)
    return (after - before) / before * 100


def rev_recovered_csat(d: StoreData) -> float:
    c = d.complaints
    well = c[(hours_to_resolve(c) <= 48) & (c["outcome"] != "no further action") & c["satisfaction_after"].notna()]
    return (well["satisfaction_after"] >= 4).sum() / len(well) * 100


def rev_card_atv(d: StoreData) -> float:
    card = d.transactions[d.transactions["customer_id"].notna()]
    return card["net_value"].sum() / len(card)


# --- Teamwork exercises ----------------------------------------------------------------------------

def team_top_splh(d: StoreData) -> str:
    worked = d.rota[~d.rota["absent"]].groupby("staff_id")["hours"].sum()
    worked = worked[worked > 0]
    sales = d.transactions.groupby("staff_id")["net_value"].sum()
    splh = {str(staff): sales.get(staff, 0.0) / hours for staff, hours in worked.items()}
    best = max(splh.values())
    return min(staff for staff, value in splh.items() if value == best)


def team_staff_fcr(d: StoreData) -> float:
    handled = d.interactions.groupby("handled_by").size()
    colleague = min(handled[handled == handled.max()].index)
    theirs = d.interactions[d.interactions["handled_by"] == colleague]
    return theirs["resolved_first_contact"].sum() / len(theirs) * 100


def team_absence_rate(d: StoreData) -> float:
    return d.rota.loc[d.rota["absent"], "hours"].sum() / d.rota["hours"].sum() * 100


REFERENCE: dict[str, Callable[[StoreData], object]] = {
    "rec-late-entry-rate": rec_late_entry_rate, "rec-median-resolution-hours": rec_median_resolution_hours,
    "rec-repeat-contact-rate": rec_repeat_contact_rate, "rec-phone-fcr": rec_phone_fcr,
    "rec-open-complaints": rec_open_complaints, "rec-satisfaction-after": rec_satisfaction_after,
    "rec-sar-deadline": rec_sar_deadline, "rec-retention-count": rec_retention_count,
    "rec-consent-share": rec_consent_share, "rec-sar-records": rec_sar_records,
    "rev-mystery-score": rev_mystery_score, "rev-mystery-rank": rev_mystery_rank,
    "rev-complaint-rate-before": rev_complaint_rate_before, "rev-complaint-rate-after": rev_complaint_rate_after,
    "rev-complaint-change": rev_complaint_change, "rev-recovered-csat": rev_recovered_csat,
    "rev-card-atv": rev_card_atv,
    "team-top-splh": team_top_splh, "team-staff-fcr": team_staff_fcr, "team-absence-rate": team_absence_rate,
}


@pytest.mark.parametrize("exercise_id", list(REFERENCE))
def test_expected_value_matches_a_calculation_written_out_here(data: StoreData, exercise_id: str) -> None:
    mine = REFERENCE[exercise_id](data)
    expected = expected_value(exercise_id, data)
    assert same(expected, mine), (exercise_id, data.sector, expected, mine)


# --- The scenario labels: read the scenario the learner is shown -----------------------------------
# tuckman_scenario and style_scenario are what the 5.3 notebook itself imports to show the learner the
# scenario; the label is then read from that text here, not taken from the exercise.

STAGE_SIGNS = {"forming": "nobody has disagreed", "storming": "had words", "norming": "agreed its own rules",
               "performing": "ran itself", "adjourning": "contracts end"}
STYLE_SIGNS = {"assertive": ("calm voice", "calm, face to face"), "passive": ("looks at the floor", "looks away"),
               "aggressive": ("voice raised", "loud, pointing")}


def team_variants(d: StoreData, count: int = 60) -> list[StoreData]:
    """The store with its staff names tagged 1..count: the same first names, but a different scenario pick."""
    return [d] + [dataclasses.replace(d, staff=d.staff.assign(name=d.staff["name"] + f" {k}")) for k in range(1, count)]


def test_tuckman_stage_is_the_stage_the_diary_shows(data: StoreData) -> None:
    seen = set()
    for team in team_variants(data):
        text = tuckman_scenario(team)
        shown = [stage for stage, sign in STAGE_SIGNS.items() if sign in text]
        assert len(shown) == 1, text
        assert expected_value("team-tuckman-stage", team) == shown[0], text
        seen.add(shown[0])
    assert seen == set(STAGE_SIGNS)  # every stage was read at least once


def test_communication_style_is_the_style_the_exchange_shows(data: StoreData) -> None:
    seen = set()
    for team in team_variants(data):
        text = style_scenario(team)
        shown = [style for style, signs in STYLE_SIGNS.items() if any(sign in text for sign in signs)]
        assert len(shown) == 1, text
        assert expected_value("team-communication-style", team) == shown[0], text
        seen.add((shown[0], text.startswith("A customer says")))
    assert seen == {(style, with_customer) for style in STYLE_SIGNS for with_customer in (True, False)}
