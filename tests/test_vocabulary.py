"""The learner vocabulary on `data`: each helper against plain pandas, every error message, blanks, the guide."""

from __future__ import annotations

import re
import tomllib
import traceback
from collections.abc import Callable
from dataclasses import fields
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import course
from course import guide
from course.blank import ___
from course.store import StoreData
from course.store.schema import TABLES, TABLES_BY_NAME
from course.vocabulary import Vocabulary, VocabularyError

ROOT = Path(__file__).resolve().parents[1]
HELPERS = {name for name in dir(Vocabulary) if not name.startswith("_")}  # the mixins' helpers too


@pytest.fixture(scope="module")
def data(store_of: Callable[..., StoreData]) -> StoreData:
    return store_of("amara", sector="apparel")


# --- Each helper against an independent plain-pandas calculation --------------------------------------------

def test_count_total_average_median(data: StoreData) -> None:
    assert data.count("transactions") == data.transactions.shape[0]
    assert data.total("footfall", "visitors") == pytest.approx(float(data.footfall["visitors"].to_numpy().sum()))
    csat = data.surveys["csat"].dropna().to_numpy()
    assert data.average("surveys", "csat") == pytest.approx(csat.sum() / len(csat))
    assert data.median("transactions", "net_value") == pytest.approx(float(data.transactions["net_value"].median()))
    assert data.total("transactions", "promotion") == int(data.transactions["promotion"].sum())  # True counts 1


def test_keep_by_value_list_and_range(data: StoreData) -> None:
    s = data.surveys
    kept = data.keep("surveys", "solicited", True)
    assert len(kept) == int(s["solicited"].sum()) and kept["solicited"].all()
    two = data.keep("surveys", "source", ["receipt survey", "email survey"])
    assert len(two) == int(((s["source"] == "receipt survey") | (s["source"] == "email survey")).sum())
    assert len(data.keep("surveys", "csat", at_least=4)) == int((s["csat"] >= 4).sum())
    assert len(data.keep("footfall", "queue_minutes", at_most=5)) == int((data.footfall["queue_minutes"] <= 5).sum())
    units = data.transactions["units"]
    assert len(data.keep("transactions", "units", between=(2, 4))) == int(((units >= 2) & (units <= 4)).sum())
    rota = data.keep("rota", "date", at_least="2025-03-01", at_most="2025-03-31")
    assert len(rota) == int(((data.rota["date"] >= "2025-03-01") & (data.rota["date"] <= "2025-03-31")).sum())
    assert list(kept.columns) == list(s.columns)


def test_dates_between_before_and_after(data: StoreData) -> None:
    t = data.transactions
    days = t["timestamp"].dt.strftime("%Y-%m-%d")
    march = data.between("transactions", "2025-03-01", "2025-03-31")
    assert len(march) == int(days.str.startswith("2025-03").sum()) > 0
    assert len(data.before("transactions", "2025-03-10")) == int((days < "2025-03-10").sum())
    assert len(data.after("transactions", "2025-03-10")) == int((days > "2025-03-10").sum())
    assert len(data.between("complaints", "2025-01-01", "2025-06-30")) == int(
        (data.complaints["received"].dt.strftime("%Y-%m-%d") <= "2025-06-30").sum()
        - (data.complaints["received"].dt.strftime("%Y-%m-%d") < "2025-01-01").sum())


def test_keep_a_day_and_count_a_per_table(data: StoreData) -> None:
    one_day = data.keep("rota", "date", "2025-03-03")
    assert len(one_day) == int((data.rota["date"].dt.strftime("%Y-%m-%d") == "2025-03-03").sum()) > 0
    per_staff = data.per("transactions", "net_value", by="staff_id")
    assert data.count(per_staff) == data.transactions["staff_id"].nunique()
    assert data.total(per_staff) == pytest.approx(float(data.transactions["net_value"].sum()))


def test_a_kept_table_works_wherever_a_table_goes(data: StoreData) -> None:
    asked = data.keep("surveys", "solicited", True)
    nps = asked["nps"].dropna().to_numpy()
    assert data.average(asked, "nps") == pytest.approx(nps.sum() / len(nps))
    march_asked = data.between(asked, "2025-03-01", "2025-03-31")
    assert data.count(march_asked) == int((asked["timestamp"].dt.month == 3).sum())


def _by_hand(frame: pd.DataFrame, keys: pd.Series, column: str, how: str) -> dict[Any, float]:
    out: dict[Any, list[float]] = {}
    for key, value in zip(keys, frame[column]):
        out.setdefault(key, []).append(value)
    pick = {"total": sum, "average": lambda v: sum(v) / len(v), "count": len}
    return {k: float(pick[how](v)) for k, v in out.items()}


@pytest.mark.parametrize(("by", "keys"), [
    ("hour", lambda t: t["timestamp"].dt.hour),
    ("day", lambda t: t["timestamp"].dt.strftime("%Y-%m-%d")),
    ("weekday", lambda t: t["timestamp"].dt.day_name()),
    ("week", lambda t: t["timestamp"].dt.to_period("W-SUN").dt.start_time.dt.strftime("%Y-%m-%d")),
    ("month", lambda t: t["timestamp"].dt.strftime("%Y-%m")),
    ("staff_id", lambda t: t["staff_id"]),
])
@pytest.mark.parametrize("how", ["total", "average", "count"])
def test_per_matches_a_by_hand_grouping(data: StoreData, by: str, keys: Callable[[pd.DataFrame], pd.Series],
                                        how: str) -> None:
    t = data.transactions
    got = data.per("transactions", "net_value", by=by, how=how)
    expected = _by_hand(t, keys(t), "net_value", how)
    assert {k: float(v) for k, v in got.items()} == pytest.approx(expected)
    assert got.index.name == ("week starting" if by == "week" else by)


def test_per_orders_weekdays_and_counts_rows_without_a_column(data: StoreData) -> None:
    per_day = data.per("transactions", by="weekday", how="count")
    assert list(per_day.index) == [d for d in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
                                               "Sunday") if d in set(per_day.index)]
    assert per_day.sum() == len(data.transactions)
    answered = data.per("surveys", "nps", by="source", how="count")
    assert answered.sum() == data.surveys["nps"].notna().sum()  # a count of a column leaves empty cells out


def test_highest_lowest_top_and_share(data: StoreData) -> None:
    per_hour = data.per("footfall", "visitors", by="hour")
    by_hand = data.footfall.groupby(data.footfall["timestamp"].dt.hour)["visitors"].sum()
    assert data.highest(per_hour) == by_hand.idxmax() and type(data.highest(per_hour)) is int
    assert data.lowest(per_hour) == by_hand.idxmin()
    top = data.top(per_hour, 3)
    assert list(top.index) == list(by_hand.sort_values(ascending=False).index[:3])
    s = data.surveys
    assert data.share("surveys", "solicited", True) == pytest.approx(100 * s["solicited"].sum() / len(s))
    assert data.average(data.per("footfall", "visitors", by="day")) == pytest.approx(
        data.footfall.groupby(data.footfall["timestamp"].dt.date)["visitors"].sum().mean())


def test_filled_empty_leave_out_and_choose(data: StoreData) -> None:
    c = data.complaints
    resolved, open_ = data.filled("complaints", "resolved"), data.empty("complaints", "resolved")
    assert len(resolved) == int(c["resolved"].notna().sum()) and len(open_) == int(c["resolved"].isna().sum())
    assert resolved["resolved"].notna().all() and open_["resolved"].isna().all()
    kept = data.leave_out("complaints", "outcome", ["refund", "apology"])
    assert len(kept) == sum(o not in ("refund", "apology") for o in c["outcome"])
    chosen = data.choose("complaints", "severity", "category")
    assert list(chosen.columns) == ["severity", "category"] and chosen.shape[0] == c.shape[0]
    assert list(data.choose("complaints", ["category"]).columns) == ["category"]


def test_join_adds_each_rows_match_and_keeps_every_row(data: StoreData) -> None:
    joined = data.join("transactions", "customers")
    t, segment_of = data.transactions, dict(zip(data.customers["customer_id"], data.customers["segment"]))
    assert len(joined) == len(t) and list(joined["transaction_id"]) == list(t["transaction_id"])
    expected = [segment_of.get(cid) if isinstance(cid, str) else None for cid in t["customer_id"]]
    assert [s if isinstance(s, str) else None for s in joined["segment"]] == expected
    lines = data.join("transaction_lines", "products")
    cost_of = dict(zip(data.products["product_id"], data.products["cost"]))
    by_hand = sum(q * cost_of[p] for q, p in zip(data.transaction_lines["qty"], data.transaction_lines["product_id"]))
    assert data.total(lines, "qty", times="cost") == pytest.approx(by_hand)


def test_ids_are_each_value_once_and_combine_like_sets(data: StoreData) -> None:
    complainers = data.ids("complaints", "customer_id")
    assert complainers == set(data.complaints["customer_id"].dropna())
    contacted = data.ids("interactions", "customer_id")
    both = complainers & contacted
    assert both == set(complainers) & set(contacted) and type(both).__name__ == "Ids"
    assert data.count(complainers - contacted) == len(set(complainers) - set(contacted))
    assert repr(complainers).startswith(f"{len(complainers)} ids: ")
    kept = data.keep("interactions", "customer_id", complainers)
    assert len(kept) == sum(cid in complainers for cid in data.interactions["customer_id"])


def test_ids_with_a_blank_give_the_blank(data: StoreData) -> None:
    """A skeleton's `data.count(___ & ___)` half filled in (`in_category & ___`) is still a blank, not a TypeError."""
    complainers = data.ids("complaints", "customer_id")
    assert all(result is ___ for result in (complainers & ___, ___ & complainers, complainers | ___,
                                            ___ | complainers, complainers - ___, ___ - complainers))
    assert data.count(complainers & ___) is ___


def test_dates_latest_earliest_add_days_months_and_hours(data: StoreData) -> None:
    received = data.complaints["received"]
    assert data.latest("complaints") == received.max().strftime("%Y-%m-%d")
    assert data.earliest("complaints", "received") == received.min().strftime("%Y-%m-%d")
    assert data.add_days("2025-03-01", 30) == "2025-03-31"
    assert data.add_days("2025-03-01", -1) == "2025-02-28"
    assert data.add_months("2025-01-31", 1) == "2025-02-28"  # a calendar month, to the month's last day
    assert data.add_months("2024-03-15", 1) == "2024-04-15"
    timed = data.with_hours("complaints", "received", "resolved")
    c = data.complaints
    for got, start, end in zip(timed["hours"], c["received"], c["resolved"]):
        assert (pd.isna(got) and pd.isna(end)) or got == pytest.approx((end - start).total_seconds() / 3600)
    assert list(timed.columns) == [*c.columns, "hours"]


def test_rank_is_the_place_highest_first(data: StoreData) -> None:
    per_hour = data.per("footfall", "visitors", by="hour")
    ordered = sorted(per_hour.items(), key=lambda kv: -kv[1])
    for place, (hour, _) in enumerate(ordered, start=1):
        assert data.rank(per_hour, hour) == place
    assert data.rank(pd.Series([5.0, 7.0, 7.0], index=["a", "b", "c"]), "c") == 1  # level places are shared


def test_change_and_columns(data: StoreData) -> None:
    assert data.change(120, 150) == pytest.approx(25.0)
    assert data.change(200, 150) == pytest.approx(-25.0)
    cols = data.columns("footfall")
    assert list(cols["column"]) == TABLES_BY_NAME["footfall"].column_names
    assert list(cols.columns) == ["column", "type", "unit", "meaning"]


def test_pandas_is_untouched_and_nothing_is_shadowed(data: StoreData) -> None:
    assert isinstance(data.footfall, pd.DataFrame) and isinstance(data.tables(), dict)
    assert HELPERS.isdisjoint(f.name for f in fields(StoreData))
    assert HELPERS.isdisjoint({"tables", "summary", "to_csv", "from_csv"})
    meta = {"learner_id", "sector", "start", "end", "absent", "currency", "vat"}
    assert {f.name for f in fields(StoreData)} == meta | {t.name for t in TABLES}


# --- Misuse: clear messages that name the fix --------------------------------------------------------------------

TABLE_LIST = ", ".join(t.name for t in TABLES)
ERRORS: list[tuple[Callable[[StoreData], Any], str]] = [
    (lambda d: d.total("footfall", "vistors"),
     "there is no column 'vistors' in footfall; its columns are: timestamp, visitors, queue_minutes, weather. "
     "Did you mean 'visitors'?"),
    (lambda d: d.total("sales", "net_value"), f"there is no table 'sales'; the tables are: {TABLE_LIST}"),
    (lambda d: d.count("transaction"), f"there is no table 'transaction'; the tables are: {TABLE_LIST}. "
                                       "Did you mean 'transactions'?"),
    (lambda d: d.total("footfall", "transactions"),
     "'transactions' is a table, not a column of footfall; a column is needed here, one of: "
     "timestamp, visitors, queue_minutes, weather"),
    (lambda d: d.total("visitors", "footfall"),
     "'visitors' is a column (of footfall), not a table; give the table first, then the column, "
     "e.g. data.total('footfall', 'visitors')"),
    (lambda d: d.total("footfall", "weather"),
     "'weather' in footfall holds text, not numbers; a number column is needed here, one of: visitors, queue_minutes"),
    (lambda d: d.average("transactions", "timestamp"), "'timestamp' in transactions holds dates, not numbers"),
    (lambda d: d.between("footfall", "2025-13-01", "2025-03-31"),
     "'2025-13-01' is not a date; write a date in quotes as year-month-day, e.g. \"2025-03-01\""),
    (lambda d: d.before("footfall", 20250301), "20250301 is not a date"),
    (lambda d: d.between("footfall", "2025-03-31", "2025-03-01"), "the first day (2025-03-31) is after the last"),
    (lambda d: d.before("products", "2025-03-01"), "products has no dates, so it cannot be kept by date"),
    (lambda d: d.keep("surveys", "source", "recipt survey"),
     "'source' in surveys is never 'recipt survey'; its values are: receipt survey, email survey, online review, "
     "social media. Did you mean 'receipt survey'?"),
    (lambda d: d.keep("transactions", "units", "3"), "'units' in transactions holds numbers, so '3' (text) never"),
    (lambda d: d.keep("surveys", "solicited"), "say which rows of surveys to keep"),
    (lambda d: d.keep("surveys", "solicited", "True"), "'solicited' in surveys is True or False, so 'True' never"),
    (lambda d: d.keep("transactions", "staff_id", 3), "'staff_id' in transactions holds text, so 3 never matches; "
                                                      "put the value in quotes, e.g. \"3\""),
    (lambda d: d.keep("surveys", "source", at_least=3), "'source' in surveys is not a number column"),
    (lambda d: d.keep("surveys", "csat", between=4), "between= needs two values"),
    (lambda d: d.per("footfall", "visitors", by="hours"), "by='hours': write by='hour'"),
    (lambda d: d.per("footfall", "visitors", by="staff"), "'staff' is a table, not a column of footfall"),
    (lambda d: d.per("footfall", "visitors", by="hour", how="sum"), "how='sum' is not one of the ways"),
    (lambda d: d.per("footfall", by="hour"), "say which column to total per hour"),
    (lambda d: d.highest("footfall"), "data.highest needs a per-table from data.per"),
    (lambda d: d.top(d.per("footfall", "visitors", by="hour"), 0), "how many to show must be a whole number"),
    (lambda d: d.total(d.per("footfall", "visitors", by="hour"), "visitors"), "that is a per-table"),
    (lambda d: d.average(d.per("transactions", "staff_id", by="hour", how="count").astype(str)),
     "data.average needs numbers; that per-table holds"),
    (lambda d: d.total("footfall"), "data.total needs a table and one of its number columns"),
    (lambda d: d.total(3, "visitors"), "a table is needed here, given as its name in quotes"),
    (lambda d: d.total("footfall", 3), "a column is needed here, given as its name in quotes"),
    (lambda d: d.average(d.keep("surveys", "csat", at_least=9), "csat"), "there are no figures to take the average"),
    (lambda d: d.share(d.keep("surveys", "csat", at_least=9), "solicited", True),
     "surveys has no rows, so there is no share"),
    (lambda d: d.change(0, 10), "the old figure is 0"),
    (lambda d: d.change("120", 150), "data.change needs two numbers, old then new"),
    (lambda d: d.change(-5, 10), "data.change works on figures of 0 or more"),
    (lambda d: d.filled("complaints", "resolvd"), "there is no column 'resolvd' in complaints"),
    (lambda d: d.leave_out("complaints", "outcome", "refnd"), "'outcome' in complaints is never 'refnd'"),
    (lambda d: d.choose("complaints"), "say which columns of complaints to keep"),
    (lambda d: d.choose("complaints", "category", "category"), "a column is named twice"),
    (lambda d: d.choose("complaints", "complaints"), "'complaints' is a table, not a column of complaints"),
    (lambda d: d.join("footfall", "customers"), "footfall and customers have no column in common"),
    (lambda d: d.join("customers", "transactions"),
     "transactions has more than one row for each customer_id, so a row of customers would match several; "
     "try the other way round: data.join('transactions', 'customers')"),
    (lambda d: d.ids("complaints", "customer"), "there is no column 'customer' in complaints"),
    (lambda d: d.latest("products"), "products has no dates"),
    (lambda d: d.latest("complaints", "category"), "'category' in complaints does not hold dates; a date column "
                                                   "is needed here, one of: received, resolved"),
    (lambda d: d.latest(d.keep("complaints", "severity", "high"), "resolved").upper() and d.latest(
        d.empty("complaints", "resolved"), "resolved"), "complaints has no dates to take the latest of"),
    (lambda d: d.add_months("2025-03-01", 1.5), "how many months must be a whole number"),
    (lambda d: d.add_days("next week", 3), "'next week' is not a date"),
    (lambda d: d.with_hours("complaints", "category", "resolved"), "'category' in complaints does not hold dates"),
    (lambda d: d.total(d.per("footfall", "visitors", by="hour"), times="visitors"), "times= works on a table's"),
    (lambda d: d.total("transaction_lines", "qty", times="product_id"),
     "'product_id' in transaction_lines holds text, not numbers"),
    (lambda d: d.rank(d.per("footfall", "visitors", by="hour"), 99), "99 is not one of the groups"),
    (lambda d: d.rank("footfall", 9), "data.rank needs a per-table from data.per"),
]


@pytest.mark.parametrize(("misuse", "message"), ERRORS, ids=[m for _, m in ERRORS])
def test_misuse_gives_a_clear_message_and_no_pandas_traceback(data: StoreData, misuse: Callable[[StoreData], Any],
                                                              message: str) -> None:
    with pytest.raises(VocabularyError) as caught:
        misuse(data)
    assert str(caught.value).startswith(message)
    assert isinstance(caught.value, ValueError)
    assert caught.value.__context__ is None or caught.value.__suppress_context__  # no pandas chain shown
    frames = traceback.extract_tb(caught.value.__traceback__)
    ours = [f for f in frames if not f.filename.startswith(str(ROOT / "tests"))]
    assert [f.name for f in ours] == ["wrapper"], ours  # the learner's line, then the one hidden frame that raised


# --- Blanks: any argument that is or holds ___ gives ___ ----------------------------------------------------

CALLS: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = [
    ("count", ("transactions",), {}),
    ("total", ("footfall", "visitors"), {}),
    ("average", ("surveys", "csat"), {}),
    ("median", ("transactions", "net_value"), {}),
    ("keep", ("surveys", "solicited", True), {}),
    ("keep", ("surveys", "csat"), {"at_least": 4}),
    ("keep", ("transactions", "units"), {"between": (2, 4)}),
    ("between", ("footfall", "2025-03-01", "2025-03-31"), {}),
    ("before", ("footfall", "2025-03-10"), {}),
    ("after", ("footfall", "2025-03-10"), {}),
    ("per", ("transactions", "net_value"), {"by": "staff_id", "how": "average"}),
    ("share", ("surveys", "solicited", True), {}),
    ("change", (120, 150), {}),
    ("columns", ("footfall",), {}),
    ("total", ("transaction_lines", "qty"), {"times": "unit_price"}),
    ("filled", ("complaints", "resolved"), {}),
    ("empty", ("complaints", "resolved"), {}),
    ("leave_out", ("complaints", "outcome", "refund"), {}),
    ("choose", ("complaints", "category", "severity"), {}),
    ("join", ("transactions", "customers"), {}),
    ("ids", ("complaints", "customer_id"), {}),
    ("latest", ("complaints", "received"), {}),
    ("earliest", ("complaints",), {}),
    ("add_days", ("2025-03-01", 30), {}),
    ("add_months", ("2025-03-01", 1), {}),
    ("with_hours", ("complaints", "received", "resolved"), {}),
]
BLANKED = [(name, (*args[:i], blank, *args[i + 1:]), kwargs)
           for name, args, kwargs in CALLS for i in range(len(args)) for blank in (___, [___])] + [
          (name, args, {**kwargs, key: ___}) for name, args, kwargs in CALLS for key in kwargs]


@pytest.mark.parametrize(("name", "args", "kwargs"), BLANKED, ids=[f"{n}{a}{k}" for n, a, k in BLANKED])
def test_a_blank_in_any_argument_gives_the_blank(data: StoreData, name: str, args: tuple[Any, ...],
                                                 kwargs: dict[str, Any]) -> None:
    assert getattr(data, name)(*args, **kwargs) is ___


@pytest.mark.parametrize("name", ["highest", "lowest", "top", "rank"])
def test_a_blank_per_table_gives_the_blank(data: StoreData, name: str) -> None:
    assert getattr(data, name)(___) is ___
    assert getattr(data, name)(pd.Series([1.0, ___], index=["a", "b"])) is ___


def test_every_helper_has_a_blank_test() -> None:
    assert {name for name, _, _ in CALLS} | {"highest", "lowest", "top", "rank"} == HELPERS


def test_the_issue_skeleton_stays_blank_until_filled(data: StoreData) -> None:
    visitors = data.total("footfall", ___)
    sales = data.count(___)
    assert ___ / visitors * 100 is ___ and sales / ___ * 100 is ___
    visitors, sales = data.total("footfall", "visitors"), data.count("transactions")
    assert sales / visitors * 100 == pytest.approx(course.kpi.conversion_rate(len(data.transactions),
                                                                              data.footfall["visitors"]))


# --- The learner guide and course.help() ------------------------------------------------------------------------

def test_the_docs_page_is_the_guide_that_ships_in_the_package() -> None:
    assert (ROOT / "docs" / "learner-guide.md").read_text(encoding="utf-8") == guide.guide_text()


def test_the_guide_is_package_data_so_it_ships_in_the_wheel() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert guide.GUIDE_FILE in config["tool"]["setuptools"]["package-data"]["course"]
    assert (ROOT / "course" / guide.GUIDE_FILE).is_file()


def test_every_data_example_in_the_guide_runs(data: StoreData) -> None:
    examples = [e for e in re.findall(r"`(data\.[^`]+)`", guide.guide_text()) if "..." not in e]
    assert len(examples) >= 25
    names = {"data": data, "course": course, "asked": data.keep("surveys", "solicited", True), "before": 100.0,
             "after": 110.0}
    for example in examples:
        eval(example, names)


def test_every_helper_is_in_the_guide() -> None:
    text = guide.guide_text()
    for name in HELPERS:
        assert f"data.{name}(" in text, name


def test_help_prints_the_guide_outside_a_notebook(capsys: pytest.CaptureFixture[str]) -> None:
    course.help()
    assert capsys.readouterr().out == guide.guide_text() + "\n"


def test_help_displays_the_guide_as_markdown_in_a_notebook(monkeypatch: pytest.MonkeyPatch) -> None:
    import IPython
    import IPython.display

    shown: list[Any] = []
    monkeypatch.setattr(IPython, "get_ipython", lambda: object())
    monkeypatch.setattr(IPython.display, "display", shown.append)
    course.help()
    assert len(shown) == 1 and isinstance(shown[0], IPython.display.Markdown)
    assert shown[0].data == guide.guide_text()
