"""A store with some tables missing (issue 19, parts 2 and 3): reading it, filling it from the practice store,
saying so where it happens, recording the data source, and money in the store's own currency."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

import course
from course import progress, session
from course.dashboard import format_dashboard
from course.exercises import ids
from course.exercises.needs import needs, scenario_contexts
from course.exercises.registry import get
from course.money import money, unit_label
from course.store import TABLES, SchemaError, StoreData, simulate
from course.store.partial import REQUIREMENTS, Sources, exercise_source, missing_words, plan

SALES = ["transactions", "transaction_lines", "products"]


# The store the tests that write an export use: eight weeks (the shortest simulation), since what they check of
# reading an export does not depend on its length, and a year's tables take seconds to write and read.
EIGHT_WEEKS = {"start": "2025-03-03", "end": "2025-04-27"}


def short_store(store_of: Callable[..., StoreData]) -> StoreData:
    """The eight-week store (part-short, apparel) the export tests write, simulated once in the session."""
    return store_of("part-short", **EIGHT_WEEKS)


def partial_folder(data: StoreData, folder: Path, tables: list[str], **meta: object) -> Path:
    """Write `data` as an import with only `tables` (store.json lists them, as `course import` writes it).

    Only those tables' files are written (`to_csv` leaves out the absent ones); store.json is the one a full
    export writes (learner, sector, period), then the import's fields."""
    replace(data, absent=frozenset(t.name for t in TABLES) - set(tables)).to_csv(folder)
    written = json.loads((folder / "store.json").read_text(encoding="utf-8"))
    for field in ("tables", "currency", "vat"):  # to_csv's for a store with tables absent; given below
        written.pop(field)
    written.update(tables=tables, source="import", **meta)
    (folder / "store.json").write_text(json.dumps(written), encoding="utf-8")
    return folder


@pytest.fixture(autouse=True)
def _no_session(store_of: Callable[..., StoreData], monkeypatch: pytest.MonkeyPatch) -> None:
    """No session left from another test; `course.start` simulates with the session's stores (conftest's
    `store_of`, as its `start_learner` does), so each practice store is simulated once, not at every start."""
    session.end()
    monkeypatch.setattr(session, "simulate", store_of)


def test_a_listed_subset_is_read_and_validated(store_of: Callable[..., StoreData], tmp_path: Path) -> None:
    folder = partial_folder(short_store(store_of), tmp_path / "imp", SALES)
    data = StoreData.from_csv(folder)
    assert data.own_tables() == SALES
    assert data.absent == {t.name for t in TABLES} - set(SALES)
    assert len(data.footfall) == 0 and list(data.footfall.columns) == [c.name for c in TABLES[0].columns]
    pd.testing.assert_frame_equal(data.transactions, short_store(store_of).transactions)
    lines = (folder / "transactions.csv").read_text(encoding="utf-8").splitlines()
    first = lines[1].split(",")
    first[4] = "three"  # units of the first sale
    lines[1] = ",".join(first)
    (folder / "transactions.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(SchemaError, match=r"transactions\.csv: column 'units'"):
        StoreData.from_csv(folder)


def test_a_missing_table_not_listed_is_still_an_error(store_of: Callable[..., StoreData], tmp_path: Path) -> None:
    folder = tmp_path / "full"
    short_store(store_of).to_csv(folder)
    (folder / "footfall.csv").unlink()
    with pytest.raises(SchemaError, match=r"footfall\.csv: missing table file"):
        StoreData.from_csv(folder)
    listed = partial_folder(short_store(store_of), tmp_path / "listed", SALES)
    (listed / "products.csv").unlink()
    with pytest.raises(SchemaError, match=r"products\.csv: missing table file"):
        StoreData.from_csv(listed)
    meta = json.loads((listed / "store.json").read_text(encoding="utf-8"))
    (listed / "store.json").write_text(json.dumps({**meta, "tables": ["transactions", "tills"]}), encoding="utf-8")
    with pytest.raises(SchemaError, match="no table called 'tills'"):
        StoreData.from_csv(listed)


def test_the_notebook_text_plan_never_mixes_own_and_practice_tables() -> None:
    chosen = plan(frozenset({"footfall"}), [frozenset({"footfall", "transactions"}),
                                           frozenset({"transactions", "transaction_lines"}),
                                           frozenset({"products"}), frozenset()])
    assert chosen.practice_tables == {"footfall", "transactions", "transaction_lines"}
    assert chosen.lacking == {"footfall"}
    assert missing_words(["events", "footfall"]) == "footfall counts and store diary"


def test_daily_footfall_sends_1_2_s_hourly_text_to_the_practice_store(store_of: Callable[..., StoreData]) -> None:
    """1.2 charts footfall by the hour ("x% of your visitors came in between 9am and 6pm"): on an import's daily
    counts (all at 00:00) that would print 0% as a fact of the learner's store. Its text takes the practice store's
    footfall (its staffing exercises read footfall with the rota, which no import has), while the exercises that a
    daily count can answer still run on the learner's own counts. 0-start-here keeps the learner's counts: its
    tour says what they hold (course.tour). If this fails because an exercise's needs changed, 1.2's text needs a
    rule of its own for a daily count."""
    practice = store_of("part-learner")
    own = store_of("part-a")
    day = own.footfall["timestamp"].dt.normalize()
    daily = own.footfall.groupby(day, as_index=False).agg(visitors=("visitors", "sum"))
    daily = daily.assign(queue_minutes=0.0, weather="dry")[list(own.footfall.columns)]
    own = replace(own, footfall=daily, absent=frozenset(t.name for t in TABLES) - {*SALES, "footfall"})
    assert not REQUIREMENTS["hourly-footfall"].met(own)
    data, chosen = session.with_practice(own, practice, "1-planning/1.2-staffing-to-footfall")
    assert {"footfall", "transactions"} <= chosen.practice_tables
    assert data.footfall is practice.footfall and chosen.lacking <= own.absent
    sources = Sources(own, lambda: practice)
    assert sources.source("plan-peak-day") == "own" and sources.source("plan-peak-hour") == "practice"
    data, chosen = session.with_practice(own, practice, "0-start-here")
    assert "footfall" not in chosen.practice_tables
    assert data.footfall is own.footfall


def test_a_scenario_s_tables_come_from_one_store_in_the_notebook_s_text(store_of: Callable[..., StoreData]) -> None:
    """3.3's faulty-goods scenario finds a complaint and the sale behind it: on sales alone, the complaints are the
    practice store's, so the sales and basket lines of its text must be too (no exercise of 3.3 ties them)."""
    from course.scenario import ids as scenario_ids
    from course.scenario import load

    assert scenario_contexts() == [(load(i).notebook, load(i).context) for i in scenario_ids()]
    practice = store_of("part-learner")
    own = replace(store_of("part-a"), absent=frozenset(t.name for t in TABLES) - set(SALES))
    notebook = "3-reviewing/3.3-complaints-and-service-recovery"
    assert not any({"complaints", "transactions"} <= needs(i, practice) for i in ids(f"{notebook}.ipynb"))
    data, chosen = session.with_practice(own, practice, notebook)
    assert {"complaints", "transactions", "transaction_lines"} <= chosen.practice_tables
    assert data.transactions is practice.transactions and data.complaints is practice.complaints


def test_an_exercise_runs_on_own_data_when_its_tables_are_all_there(store_of: Callable[..., StoreData]) -> None:
    own = replace(store_of("part-a"), absent=frozenset({"footfall", "events"}))
    assert exercise_source(own, {"transactions", "transaction_lines"}) == ("own", "")
    assert exercise_source(own, set()) == ("own", "")  # a written answer: the learner's own words
    source, why = exercise_source(own, {"footfall", "transactions"})
    assert source == "practice"
    assert why == "Your data has no footfall counts, so this exercise uses your practice store."
    assert exercise_source(own, {"events", "footfall"})[1].startswith(
        "Your data has no footfall counts and store diary")


def daily(data: StoreData) -> StoreData:
    """`data` with its footfall counted per day at 00:00, as `course import` writes a door-counter export."""
    day = data.footfall["timestamp"].dt.normalize()
    counts = data.footfall.groupby(day, as_index=False).agg(visitors=("visitors", "sum"))
    return replace(data, footfall=counts.assign(queue_minutes=0.0, weather="dry")[list(data.footfall.columns)])


def test_a_requirement_beside_the_exercise_sends_it_to_practice(store_of: Callable[..., StoreData]) -> None:
    own = replace(daily(store_of("part-a")), absent=frozenset({"events"}))
    sources = Sources(own, lambda: store_of("part-learner"))
    assert get("plan-peak-hour").own_data_needs == ("hourly-footfall",)
    assert (sources.source("plan-peak-hour"), sources.source("plan-peak-day")) == ("practice", "own")
    assert sources.note("plan-peak-hour") == ("Your footfall counts are one total a day, not counts hour by hour, so "
                                              "this exercise uses your practice store.")
    assert sources.note("plan-peak-day") == "This exercise uses your own footfall counts."
    assert sources.store("plan-peak-hour") is sources.practice
    own_store = sources.store("plan-peak-day")
    pd.testing.assert_frame_equal(own_store.footfall, own.footfall)
    pd.testing.assert_frame_equal(own_store.events, store_of("part-learner").events)  # filled, for later cells
    no_costs = replace(own, products=own.products.assign(cost=own.products["price"]))
    assert Sources(no_costs, lambda: store_of("part-learner")).source("kpi-gross-margin") == "practice"
    assert Sources(own, lambda: store_of("part-learner")).source("kpi-gross-margin") == "own"
    assert set(REQUIREMENTS) >= {n for i in ids() for n in get(i).own_data_needs}


def test_a_simulated_learner_s_data_for_is_the_session_s_store(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    active = course.start("plain-learner", progress_path=tmp_path / "log.jsonl", notebook="0-start-here")
    assert course.data_for("kpi-atv") is active.data and course.data_for(None) is active.data
    assert capsys.readouterr().out == ""
    assert active.source_of("kpi-atv") is None and active.from_where("kpi-atv") == ""
    with pytest.raises(KeyError, match="no exercise called"):
        course.data_for("kpi-atvv")


def test_exercises_read_the_tables_their_figures_need(store_of: Callable[..., StoreData]) -> None:
    data = store_of("part-a")
    assert needs("kpi-conversion", data) == {"footfall", "transactions"}
    assert needs("kpi-gross-margin", data) == {"products", "transaction_lines"}
    assert needs("insight-swot", data) == frozenset()  # a written answer reads no table


def test_a_check_says_once_it_used_the_practice_store_and_records_it(store_of: Callable[..., StoreData],
                                                                      tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    own = short_store(store_of)
    folder = partial_folder(own, tmp_path / "imp", SALES)
    log = tmp_path / "log.jsonl"
    active = course.start("part-learner", data_dir=str(folder), notebook="0-start-here", progress_path=log)
    practice = store_of("part-learner")
    pd.testing.assert_frame_equal(active.data.footfall, practice.footfall)
    pd.testing.assert_frame_equal(active.data.transactions, practice.transactions)  # the text: never mixed
    assert "(your practice store, for this notebook's text and charts)" in repr(active)
    assert "Your data has no footfall counts" in repr(active)
    mine = course.data_for("kpi-atv")  # the learner's own sales, whatever the notebook's text uses
    assert capsys.readouterr().out == "This exercise uses your own till sales and basket lines.\n"
    pd.testing.assert_frame_equal(mine.transactions, own.transactions)
    atv = own.transactions["net_value"].sum() / len(own.transactions)
    first = course.check("kpi-atv", atv)
    assert first.correct and first.source == "own" and "practice" not in first.message
    conversion = course.check("kpi-conversion", 1.0)
    assert conversion.message.startswith("Your data has no footfall counts, so this exercise uses your practice")
    again = course.check("kpi-conversion", 1.0)
    assert "practice store" not in again.message
    assert course.data_for("kpi-conversion") is active.sources.practice  # type: ignore[union-attr]
    assert capsys.readouterr().out.startswith("Your data has no footfall counts")
    assert [a.source for a in progress.read_attempts(log)] == ["own", "practice", "practice"]
    assert active.results["kpi-atv"]["source"] == "own"
    assert (active.from_where("kpi-atv"), active.from_where("kpi-conversion")) == \
        (" (your own data)", " (your practice store)")


def test_exercises_whose_tables_are_present_use_own_data_with_misconception_feedback(
        store_of: Callable[..., StoreData], tmp_path: Path) -> None:
    own = short_store(store_of)
    folder = partial_folder(own, tmp_path / "imp", [*SALES, "footfall"])
    log = tmp_path / "log.jsonl"
    course.start("part-learner", data_dir=str(folder), notebook="0-start-here", progress_path=log)
    sales = pd.read_csv(folder / "transactions.csv")
    visitors = pd.read_csv(folder / "footfall.csv")["visitors"].sum()
    conversion = len(sales) / visitors * 100
    right = course.check("kpi-conversion", conversion)
    assert right.correct and right.source == "own" and "practice" not in right.message
    wrong = course.check("kpi-conversion", visitors / len(sales) * 100)  # upside down
    assert wrong.misconception is not None and wrong.source == "own"
    assert {a.source for a in progress.read_attempts(log)} == {"own"}


def test_a_simulated_learner_records_no_source(tmp_path: Path) -> None:
    course.start("plain-learner", progress_path=tmp_path / "log.jsonl")
    result = course.check("kpi-atv", 1.0)
    assert result.source is None
    assert "source" not in (tmp_path / "log.jsonl").read_text(encoding="utf-8")


def test_money_is_said_in_the_data_s_currency() -> None:
    assert money(1234.5) == "£1,234.50"
    assert money(1234.5, "EUR") == "€1,234.50"
    assert money(-3, "chf") == "-3.00 CHF"
    assert unit_label("GBP") == "£"
    assert unit_label("EUR") == "the currency of your data (EUR)"


def two_weeks(data: StoreData) -> StoreData:
    """The store cut to its first two weeks (a simulation is at least 8 weeks long; an import may be shorter)."""
    end = pd.Timestamp(data.start) + pd.Timedelta(days=14)
    sales = data.transactions[data.transactions["timestamp"] < end]
    return replace(data, end=(end - pd.Timedelta(days=1)).date(), transactions=sales,
                   footfall=data.footfall[data.footfall["timestamp"] < end],
                   transaction_lines=data.transaction_lines[data.transaction_lines["transaction_id"].isin(
                       sales["transaction_id"])])


def test_a_two_week_euro_store_and_a_large_store(store_of: Callable[..., StoreData], tmp_path: Path) -> None:
    small = two_weeks(short_store(store_of))
    folder = partial_folder(small, tmp_path / "euro", [*SALES, "footfall"], currency="EUR", vat="included",
                            period={"start": "2025-03-03", "end": "2025-03-16"})
    data = StoreData.from_csv(folder)
    assert (data.currency, data.vat, data.start.isoformat(), data.end.isoformat()) == \
        ("EUR", "included", "2025-03-03", "2025-03-16")
    assert "€" in format_dashboard(data) and "£" not in format_dashboard(data)
    course.start("part-learner", data_dir=str(folder), notebook="0-start-here", progress_path=tmp_path / "l.jsonl")
    atv = data.transactions["net_value"].sum() / len(data.transactions)
    result = course.check("kpi-atv", atv)
    assert result.correct and result.source == "own" and result.message.startswith("€")
    big = simulate("part-big", sector="grocery", start="2025-01-06", end="2025-03-02", scale=5)
    large = StoreData.from_csv(partial_folder(big, tmp_path / "big", [*SALES, "footfall"]))
    course.start("part-learner", data_dir=str(tmp_path / "big"), notebook="0-start-here",
                 progress_path=tmp_path / "l.jsonl")
    assert len(large.transactions) > 5 * len(small.transactions)
    upt = large.transactions["units"].sum() / len(large.transactions)
    assert course.check("kpi-upt", upt).source == "own" and course.check("kpi-upt", upt).correct
    assert "£" in format_dashboard(large)  # a pounds store still says pounds


def test_every_exercise_runs_wholly_on_one_store(store_of: Callable[..., StoreData]) -> None:
    practice = store_of("part-learner")
    own = replace(store_of("part-a"), absent=frozenset(t.name for t in TABLES) - set(SALES))
    sources = Sources(own, lambda: practice)
    for exercise_id in ids():
        used = needs(exercise_id, practice)
        store = sources.store(exercise_id)
        if sources.source(exercise_id) == "own":
            assert used <= set(SALES), exercise_id
            assert all(getattr(store, t) is getattr(own, t) for t in used), exercise_id
        else:
            assert used - set(SALES) and store is practice, exercise_id


def test_the_import_page_s_table_is_the_plan_s(store_of: Callable[..., StoreData]) -> None:
    from course.exercises import own_data

    rows = own_data.coverage(practice=store_of("part-learner"))
    page = (Path(__file__).resolve().parents[1] / "docs" / "importing-your-data.md").read_text(encoding="utf-8")
    assert own_data.markdown(rows) in page, "rerun python -m course.exercises.own_data and paste its table"
    start_here = next(r for r in rows if r.notebook == "0-start-here.ipynb")
    assert (start_here.sales_only, start_here.with_customers, start_here.with_footfall) == (2, 0, 1)  # as
    # test_notebooks_partial.py runs it; there, a customer column moves exercises of 1.1, 3.1 and 4.3 only
    assert [r.notebook for r in rows if r.with_customers] == [
        "1-planning/1.1-service-standards-and-plans.ipynb", "3-reviewing/3.1-measuring-service.ipynb",
        "4-data-analysis/4.3-customer-insight.ipynb"]
    assert all(r.sales_only + r.with_customers + r.with_footfall <= r.reading for r in rows)


def test_the_tutor_report_says_which_data_each_exercise_used(tmp_path: Path) -> None:
    from course.tutor.report import data_sources

    folder = tmp_path / "results" / "ab12" / "0-start-here"
    folder.mkdir(parents=True)
    (tmp_path / "results" / "ab12" / "0-start-here.json").write_text(json.dumps({"exercises": [
        {"item_id": "kpi-atv", "status": "correct", "source": "own"},
        {"item_id": "kpi-conversion", "status": "correct", "source": "practice"},
        {"item_id": "kpi-upt", "status": "correct"}]}), encoding="utf-8")
    assert data_sources(tmp_path, "ab12") == {"kpi-atv": "your own data", "kpi-conversion": "your practice store"}
    assert data_sources(tmp_path, "nobody") == {}


def test_the_tutor_s_judge_uses_the_same_rule_as_the_kernel(store_of: Callable[..., StoreData], tmp_path: Path) -> None:
    from types import SimpleNamespace

    from course import handover
    from course.tutor import judge, judge_data

    own = short_store(store_of)
    folder = partial_folder(own, tmp_path / "imp", SALES)
    task = SimpleNamespace(learner_id="part-learner", sector="grocery", notebook="0-start-here.ipynb",
                           run_dir=tmp_path / "run", judge_secret="a secret", data_dir=str(folder))
    store = judge_data.notebook_store(task)
    kernel = course.start("part-learner", data_dir=str(folder), notebook="0-start-here",
                          progress_path=tmp_path / "log.jsonl")
    practice = store_of("part-learner")
    for exercise_id in ids("0-start-here.ipynb"):
        assert store.source_of(exercise_id) == kernel.source_of(exercise_id), exercise_id
    own_atv = own.transactions["net_value"].sum() / len(own.transactions)
    practice_conversion = len(practice.transactions) / practice.footfall["visitors"].sum() * 100
    handed = {"kpi-atv": judge.Handed(handover.encode(own_atv)),
              "kpi-conversion": judge.Handed(handover.encode(practice_conversion))}
    found = judge.judge_exercises(("kpi-atv", "kpi-conversion"), handed, store.data, source_of=store.source_of,
                                  data_for=store.data_for)
    assert [(r["status"], r["source"]) for r in found] == [("correct", "own"), ("correct", "practice")]
