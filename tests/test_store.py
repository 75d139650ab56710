"""The simulated store: determinism, realism against domain-facts.md, and the four embedded stories."""

from __future__ import annotations

import filecmp
import hashlib
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from course import kpi
from course.store import SECTORS, SchemaError, StoreData, market, simulate, stories_of
from course.store.calendar import bank_holidays, easter_sunday
from course.store.profile import learner_seed

SEEDS = [f"learner-{i}" for i in range(12)]


@pytest.fixture(scope="module")
def stores() -> dict[tuple[str, str], StoreData]:
    """A year for 12 learners spread over the four sectors."""
    return {(lid, SECTORS[i % 4]): simulate(lid, sector=SECTORS[i % 4]) for i, lid in enumerate(SEEDS)}


def test_same_id_gives_identical_csv_bytes_in_another_process(tmp_path: Path) -> None:
    here, there = tmp_path / "here", tmp_path / "there"
    simulate("ab12", sector="grocery", start="2025-01-01", end="2025-03-31").to_csv(here)
    code = ("from course.store import simulate; "
            f"simulate('ab12', sector='grocery', start='2025-01-01', end='2025-03-31').to_csv({str(there)!r})")
    subprocess.run([sys.executable, "-c", code], check=True, env={"PYTHONHASHSEED": "123", "PATH": ""})
    names = sorted(p.name for p in here.iterdir())
    assert names == sorted(p.name for p in there.iterdir())
    match, mismatch, errors = filecmp.cmpfiles(here, there, names, shallow=False)
    assert mismatch == [] and errors == [] and len(match) == 16


def test_seed_is_a_stable_hash_not_pythons_hash() -> None:
    expected = int.from_bytes(hashlib.sha256(b"course-kit/v1/ab12").digest()[:8], "big")
    assert learner_seed("ab12") == expected
    assert learner_seed("ab12") != learner_seed("ab13")


def test_different_learners_get_different_numbers_and_story_timings() -> None:
    half = {"start": "2025-01-01", "end": "2025-06-30"}
    a, b = simulate("amara", **half), simulate("ben", **half)
    assert len(a.transactions) != len(b.transactions)
    assert a.transactions["net_value"].sum() != pytest.approx(b.transactions["net_value"].sum())
    timings = {stories_of(lid) for lid in SEEDS}
    assert len({t.shortage_start for t in timings}) > 6
    assert len({t.improvement for t in timings}) > 6
    assert len({t.promo_start for t in timings}) > 6


def test_round_trip_through_csv_is_exact(tmp_path: Path) -> None:
    data = simulate("rt", sector="homeware", start="2025-03-01", end="2025-05-31")
    back = StoreData.from_csv(data.to_csv(tmp_path / "s"))
    assert (back.sector, back.start, back.end, back.learner_id) == ("homeware", data.start, data.end, "rt")
    for name, frame in data.tables().items():
        pd.testing.assert_frame_equal(frame, back.tables()[name], obj=name)


@pytest.mark.parametrize("sector, low, high", [("apparel", 20, 30), ("electronics", 15, 25),
                                              ("homeware", 30, 45), ("grocery", 50, 80)])
def test_conversion_is_in_the_sector_range(stores, sector: str, low: float, high: float) -> None:
    for (_, s), data in stores.items():
        if s == sector:
            rate = kpi.conversion_rate(len(data.transactions), data.footfall["visitors"].sum())
            assert low <= rate <= high, (sector, rate)


def test_grocery_spend_per_visit_matches_published_range(stores) -> None:
    for (_, s), data in stores.items():
        if s == "grocery":
            assert 18 <= kpi.atv(data.transactions["net_value"].sum(), len(data.transactions)) <= 26


def test_footfall_shape_january_low_december_peak_saturday_busiest(stores) -> None:
    for key, data in stores.items():
        ff = data.footfall
        daily = ff.groupby(ff["timestamp"].dt.normalize())["visitors"].sum()
        by_month = daily.groupby(daily.index.month).mean()
        assert by_month.idxmin() == 1, key
        assert by_month.idxmax() == 12, key
        dec = daily[daily.index.month == 12]
        assert dec[dec.index.day <= 14].mean() > dec[dec.index.day >= 27].mean() * 1.3, key
        assert daily.groupby(daily.index.day_of_week).mean().idxmax() == 5, key


def test_most_visitors_arrive_between_nine_and_six(stores) -> None:
    for (_, sector), data in stores.items():
        hour = data.footfall["timestamp"].dt.hour
        share = data.footfall.loc[(hour >= 9) & (hour < 18), "visitors"].sum() / data.footfall["visitors"].sum()
        assert (0.76 if sector == "grocery" else 0.80) <= share <= 0.90, (sector, share)


def test_closed_on_christmas_day_and_easter_sunday(stores) -> None:
    days = set(next(iter(stores.values())).footfall["timestamp"].dt.date)
    assert pd.Timestamp("2025-12-25").date() not in days
    assert easter_sunday(2025) not in days
    assert easter_sunday(2025) == pd.Timestamp("2025-04-20").date()
    assert pd.Timestamp("2025-08-25").date() in bank_holidays(2025)


def test_service_kpis_are_realistic(stores) -> None:
    for key, data in stores.items():
        surveys = data.surveys[data.surveys["solicited"]]
        assert 60 <= kpi.fcr(data.interactions["resolved_first_contact"]) <= 82, key
        assert 65 <= kpi.csat(surveys["csat"].dropna()) <= 92, key
        assert 0 <= kpi.nps(surveys["nps"].dropna()) <= 60, key
        assert 0.5 <= kpi.complaint_rate(len(data.complaints), len(data.transactions)) <= 6, key


def test_loyalty_customers_repeat_and_only_buy_after_joining(stores) -> None:
    for key, data in stores.items():
        counts = data.transactions["customer_id"].value_counts()
        assert kpi.repeat_customer_rate(counts) > 25, key
        joined = data.transactions["customer_id"].map(data.customers.set_index("customer_id")["join_date"])
        card = data.transactions["customer_id"].notna()
        assert (joined[card] <= data.transactions.loc[card, "timestamp"]).all(), key


def test_first_contact_resolution_follows_the_seven_day_rule(stores) -> None:
    for data in stores.values():
        log = data.interactions.set_index("interaction_id")
        repeats = log[log["repeat_of"].notna()]
        originals = log.loc[repeats["repeat_of"]]
        gap = repeats["timestamp"].to_numpy() - originals["timestamp"].to_numpy()
        assert (gap <= np.timedelta64(7, "D")).all()
        assert not originals["resolved_first_contact"].any()
        assert not repeats["resolved_first_contact"].any()


def test_baskets_add_up(stores) -> None:
    data = stores[("learner-1", "grocery")]
    lines = data.transaction_lines
    assert np.allclose(lines["net_value"], lines["qty"] * lines["unit_price"] - lines["discount"], atol=0.006)
    totals = lines.groupby("transaction_id")["net_value"].sum()
    assert np.allclose(totals.reindex(data.transactions["transaction_id"]).to_numpy(),
                       data.transactions["net_value"].to_numpy(), atol=0.011)


def _window(data: StoreData, frame: pd.DataFrame, column: str, first, last) -> pd.DataFrame:
    day = frame[column].dt.normalize()
    return frame[(day >= pd.Timestamp(first)) & (day <= pd.Timestamp(last))]


def test_story_staff_shortage_raises_queues_and_complaints(stores) -> None:
    for (lid, sector), data in stores.items():
        s = stories_of(lid, sector=sector)
        during = _window(data, data.footfall, "timestamp", s.shortage_start, s.shortage_end)
        assert during["queue_minutes"].mean() > 1.3 * data.footfall["queue_minutes"].mean(), lid
        absent = _window(data, data.rota, "date", s.shortage_start, s.shortage_end)["absent"].mean()
        assert absent > 3 * data.rota["absent"].mean() / 2, lid
        c = _window(data, data.complaints, "received", s.shortage_start, s.shortage_end)
        t = _window(data, data.transactions, "timestamp", s.shortage_start, s.shortage_end)
        assert len(c) / len(t) > len(data.complaints) / len(data.transactions), lid


def test_story_staff_shortage_is_visible_but_realistic_in_size(stores) -> None:
    """Issue 14: CSAT from about 80% to 25-47% and FCR from 74% to 52% in a fortnight was more than a real
    store sees. Averaged over the stores (a small store's fortnight holds few surveys, so one store can
    go either way), CSAT now drops about 10-20 points and first contact resolution about 8-12."""
    csat_drops, fcr_drops = [], []
    for (lid, sector), data in stores.items():
        s = stories_of(lid, sector=sector)
        surveys = data.surveys[data.surveys["solicited"] & data.surveys["csat"].notna()]
        in_surveys = surveys.index.isin(_window(data, surveys, "timestamp", s.shortage_start, s.shortage_end).index)
        contacts = data.interactions
        in_contacts = contacts.index.isin(
            _window(data, contacts, "timestamp", s.shortage_start, s.shortage_end).index)
        csat_drops.append(kpi.csat(surveys.loc[~in_surveys, "csat"]) - kpi.csat(surveys.loc[in_surveys, "csat"]))
        fcr_drops.append(kpi.fcr(contacts.loc[~in_contacts, "resolved_first_contact"])
                         - kpi.fcr(contacts.loc[in_contacts, "resolved_first_contact"]))
    assert 8 <= np.mean(csat_drops) <= 25, csat_drops
    assert 5 <= np.mean(fcr_drops) <= 14, fcr_drops


def test_story_improvement_lowers_the_complaint_rate(stores) -> None:
    for (lid, sector), data in stores.items():
        cut = pd.Timestamp(stories_of(lid, sector=sector).improvement)
        received, sold = data.complaints["received"], data.transactions["timestamp"]
        before = kpi.complaint_rate((received < cut).sum(), (sold < cut).sum())
        after = kpi.complaint_rate((received >= cut).sum(), (sold >= cut).sum())
        assert after < 0.8 * before, (lid, before, after)
        notes = data.events[data.events["kind"] == "process change"]
        assert list(notes["date"]) == [cut]


def test_story_promotion_has_uplift_and_cannibalises_the_neighbour(stores) -> None:
    for (lid, _), data in stores.items():
        promo = data.promotions.set_index("promo_id").loc["PR01"]
        neighbour = data.products.set_index("product_id").loc[promo["product_id"], "neighbour_id"]
        lines = data.transaction_lines.merge(data.transactions[["transaction_id", "timestamp"]])
        day = lines["timestamp"].dt.normalize()
        days = (promo["end"] - promo["start"]).days + 1
        during = (day >= promo["start"]) & (day <= promo["end"])
        before = (day >= promo["start"] - pd.Timedelta(days=28)) & (day < promo["start"])

        def daily(product: str, mask: pd.Series, n: int) -> float:
            return lines.loc[mask & (lines["product_id"] == product), "qty"].sum() / n

        assert daily(promo["product_id"], during, days) > 1.5 * daily(promo["product_id"], before, 28), lid
        assert daily(neighbour, during, days) < 0.9 * daily(neighbour, before, 28), lid


def test_story_competitor_opening_cuts_our_footfall_against_the_chain(stores) -> None:
    for (lid, sector), data in stores.items():
        opened = pd.Timestamp(stories_of(lid, sector=sector).competitor_open)
        weeks = data.benchmarks["week_start"]
        b = data.benchmarks[weeks >= weeks.min() + pd.Timedelta(days=364)]
        ours = b[b["kind"] == "own store"].set_index("week_start")["footfall"]
        chain = b[(b["kind"] == "our chain") & (b["store"] != "Retail Park")].groupby("week_start")["footfall"].mean()
        ratio = ours / chain
        window = pd.Timedelta(days=42)
        after = ratio[(ratio.index >= opened + pd.Timedelta(days=7)) & (ratio.index < opened + window)].mean()
        before = ratio[(ratio.index < opened - pd.Timedelta(days=7)) & (ratio.index >= opened - window)].mean()
        assert after < before * 0.97, (lid, before, after)
        assert (data.benchmarks.loc[data.benchmarks["kind"] == "competitor", "week_start"] >= opened).all()


def test_like_for_like_excludes_the_new_chain_store(stores) -> None:
    data = next(iter(stores.values()))
    b = data.benchmarks[data.benchmarks["kind"] == "our chain"]
    first_year = b["week_start"] < b["week_start"].min() + pd.Timedelta(days=364)
    assert "Retail Park" not in set(b.loc[first_year, "store"])
    assert "Retail Park" in set(b.loc[~first_year, "store"])


def test_synthetic_people_are_flagged_and_use_reserved_contact_details(stores) -> None:
    data = next(iter(stores.values()))
    assert data.customers["synthetic"].all()
    assert data.customers["email"].str.endswith("@example.com").all()
    assert data.customers["phone"].str.match(r"^07700 900\d{3}$").all()


def test_no_multibuy_on_hfss_food() -> None:
    for lid in SEEDS:
        data = simulate(lid, sector="grocery", start="2025-01-01", end="2025-04-30")
        multi = data.promotions[data.promotions["mechanic"] == "multi-buy"]["product_id"]
        assert not data.products.set_index("product_id").loc[multi, "hfss"].any()


@pytest.mark.parametrize("kwargs, words", [
    ({"sector": "toys"}, "unknown sector 'toys'"),
    ({"start": "2025-05-01", "end": "2025-01-01"}, "is after end"),
    ({"start": "2025-01-01", "end": "2025-01-20"}, "at least 56 days"),
    ({"start": "2020-01-01", "end": "2029-12-31"}, "the most is"),
    ({"start": "01/02/2025"}, "write it as YYYY-MM-DD"),
])
def test_bad_arguments_get_clear_errors(kwargs: dict, words: str) -> None:
    with pytest.raises(SchemaError, match=words):
        simulate("x", **kwargs)


def test_dates_accept_iso_strings_and_date_objects() -> None:
    a = simulate("d", start="2025-02-01", end="2025-04-30")
    b = simulate("d", start=pd.Timestamp("2025-02-01").date(), end=pd.Timestamp("2025-04-30").date())
    pd.testing.assert_frame_equal(a.transactions, b.transactions)
    assert (a.start.isoformat(), a.end.isoformat()) == ("2025-02-01", "2025-04-30")


def test_no_conversion_gap_mistake_lands_within_tolerance_of_the_right_gap(stores) -> None:
    """4.2's conversion gap (ours − the chain's, pooled): averaging the weekly rates instead, or pooling the
    competitor into the chain, must move it by more than the check's 0.01 points, for every benchmark table
    drawn (market.GAP_SPREAD). Written out here, not with the exercise's functions."""
    (learner, sector), data = next(iter(stores.items()))
    weeks = market.full_weeks(pd.Timestamp(data.start), pd.Timestamp(data.end))
    own = market.own_weekly(data.transactions, data.footfall, weeks)
    opened = pd.Timestamp(stories_of(learner, sector=sector).competitor_open)

    def pooled(rows: pd.DataFrame) -> float:
        return float((rows["conversion"] * rows["footfall"] / 100).sum() / rows["footfall"].sum() * 100)

    close = []
    for seed in range(30):
        table = market.benchmarks_table(own, opened, np.random.default_rng(seed))
        now = table[table["week_start"] >= weeks[0]]
        ours, chain, rival = (now[now["kind"] == kind] for kind in ("own store", "our chain", "competitor"))
        right = pooled(ours) - pooled(chain)
        mean_of_rates = ours["conversion"].mean() - chain["conversion"].mean()
        with_rival = pooled(ours) - pooled(pd.concat([chain, rival]))
        close += [(seed, name, round(wrong - right, 4)) for name, wrong in
                  (("mean of rates", mean_of_rates), ("competitor pooled in", with_rival)) if abs(wrong - right) < 0.04]
    assert not close, f"(seed, mistake, wrong − right) within 0.04 points of the right gap: {close}"
