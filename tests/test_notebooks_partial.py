"""Every notebook runs to the end on an import with only sales tables (issue 19, part 2).

The learner's "import" is a simulated store written with StoreData.to_csv, with every table but transactions,
transaction lines and products deleted and store.json listing the three (as `course import` writes it). A till
export without a customer column gives sales with no loyalty-card ids, so the sales-only import has none. Each
notebook's solution edition runs under papermill with data_dir pointing at it: no cell may fail, every check
must say "Correct", and each exercise's result must say whether it used the learner's data or the practice store:
its own data exactly when every table it needs is in the import and the import meets what it needs of them
(`_expected`: footfall counted by the hour, which an import's one count a day is not; loyalty-card ids on the
sales; marketing consent answers, which an import never has). Two more imports run only the notebooks whose
outcome they change: the sales with a customer column (card ids on the sales and the customers table `course
import` derives from them), for the notebooks holding an exercise on card sales or customers (`WITH_CUSTOMERS`,
checked by `test_the_customer_column_runs_the_notebooks_it_changes`), and the sales with daily footfall, for
0-start-here and 1.2. For every exercise that runs on the learner's data, the figure its check accepts is compared
with a figure computed here, with pandas, from the import's CSV files (`FIGURES`), never from the kit's own
formulas.

The import is written once for the module and only read by the notebooks (each test checks it is unchanged); the
kernels are forked from a pre-imported parent, as the notebook harness's are (course.tutor.forked: the harness's
nbval step shows a forked kernel's outputs are a fresh kernel's), and the practice store is simulated once into
build/nbpartial/store-cache/. Run one notebook with COURSE_NOTEBOOKS, as tests/test_notebooks_run.py.
"""

from __future__ import annotations

import functools
import json
import os
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pandas as pd
import papermill
import pytest

from course import progress
from course.exercises import ids
from course.exercises.needs import needs
from course.notebooks import read, workbook
from course.store import StoreData, simulate
from course.store import cache as store_cache
from course.tutor.kernels import logged_manager

ROOT = Path(__file__).resolve().parents[1]
ONLY = [part.strip() for part in os.environ.get("COURSE_NOTEBOOKS", "").split(",") if part.strip()]
BUILD = ROOT / "build" / ("nbpartial-" + "-".join(ONLY) if ONLY else "nbpartial")
SALES = ["transactions", "transaction_lines", "products"]
CUSTOMERS = [*SALES, "customers"]
LEARNER, OWNER = "nb-partial", "partial-shop"
NOTEBOOKS = [p.relative_to(ROOT / "notebooks").as_posix() for p in workbook(ROOT / "notebooks")
             if not ONLY or any(part in p.as_posix() for part in ONLY)]

pytestmark = pytest.mark.notebooks


def import_folder(folder: Path, tables: list[str]) -> Path:
    """Write a store with only `tables`, as `course import` would (store.json lists them; footfall one row a day,
    at 00:00, as the importer writes a door-counter export; card ids on the sales and a customers table only with
    "customers", as an export with a customer column gives them)."""
    owner = _owner()
    if "customers" in tables:
        owner = replace(owner, customers=_customers_as_imported(owner.transactions, list(owner.customers.columns)))
    else:
        owner = replace(owner, transactions=owner.transactions.assign(customer_id=None))
    owner.to_csv(folder)
    for path in folder.glob("*.csv"):
        if path.stem not in tables:
            path.unlink()
    if "footfall" in tables:
        hourly = pd.read_csv(folder / "footfall.csv", parse_dates=["timestamp"])
        days = hourly.groupby(hourly["timestamp"].dt.normalize())["visitors"].sum().reset_index()
        days.assign(queue_minutes=0.0, weather="dry").to_csv(folder / "footfall.csv", index=False,
                                                             date_format="%Y-%m-%d %H:%M:%S")
    meta = json.loads((folder / "store.json").read_text(encoding="utf-8"))
    meta.update(tables=tables, source="import", currency="GBP", vat="excluded",
                period={"start": meta["start"], "end": meta["end"]})
    (folder / "store.json").write_text(json.dumps(meta), encoding="utf-8")
    return folder


def _customers_as_imported(sales: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """The customers table `course import` derives from a customer column (course.importer.derive): one row per
    card holder, joined on the day of their first purchase, segmented by how often they bought (4 or more sales
    regular, 2 or 3 occasional, 1 new), with no names or contact details and nobody assumed to have agreed to
    marketing."""
    card = sales.dropna(subset=["customer_id"])
    per = card.groupby("customer_id")
    bought = per["transaction_id"].nunique()
    members = pd.DataFrame({
        "customer_id": bought.index, "join_date": per["timestamp"].min().dt.normalize().to_numpy(),
        "segment": ["regular" if n >= 4 else "occasional" if n >= 2 else "new" for n in bought],
        "name": "withheld", "email": "withheld", "phone": "withheld", "marketing_consent": False, "synthetic": False})
    return members[columns]


@functools.cache
def _owner() -> StoreData:
    """The store the imports are cut from, simulated once for the module: an apparel store, the smallest sector
    (a grocery year made every notebook read about five times as many rows, 18 s against 8 s a notebook, for
    the same claims; the notebook harness covers every sector with simulated stores)."""
    return simulate(OWNER, sector="apparel")


def _sales(folder: Path) -> pd.DataFrame:
    return pd.read_csv(folder / "transactions.csv", parse_dates=["timestamp"])


def _period(folder: Path) -> tuple[pd.Timestamp, pd.Timestamp]:
    period = json.loads((folder / "store.json").read_text(encoding="utf-8"))["period"]
    return pd.Timestamp(period["start"]), pd.Timestamp(period["end"])


def _daily_visitors(folder: Path) -> pd.Series:
    ff = pd.read_csv(folder / "footfall.csv", parse_dates=["timestamp"])
    return ff.groupby(ff["timestamp"].dt.normalize())["visitors"].sum()


def _moving_average(folder: Path) -> float:
    start, end = _period(folder)
    sales = _sales(folder)
    monday = sales["timestamp"].dt.normalize() - pd.to_timedelta(sales["timestamp"].dt.day_of_week, unit="D")
    weekly = sales.groupby(monday)["net_value"].sum()
    full = weekly[(weekly.index >= start) & (weekly.index + pd.Timedelta(days=6) <= end)]
    return float(full.iloc[-4:].mean())


def _gross_margin(folder: Path) -> float:
    lines = pd.read_csv(folder / "transaction_lines.csv").merge(pd.read_csv(folder / "products.csv"), on="product_id")
    net = lines["net_value"].sum()
    return float((net - (lines["qty"] * lines["cost"]).sum()) / net * 100)


def _card_sales(folder: Path) -> pd.DataFrame:
    return _sales(folder).dropna(subset=["customer_id"])


def _card_atv(folder: Path) -> float:
    card = _card_sales(folder)
    return float(card["net_value"].sum() / len(card))


def _regular_share(folder: Path) -> float:
    """% of card sales made by customers the import's customers table calls regular (sales, not people)."""
    segment = pd.read_csv(folder / "customers.csv").set_index("customer_id")["segment"]
    return float((_card_sales(folder)["customer_id"].map(segment) == "regular").mean() * 100)


def _repeat_rate(folder: Path) -> float:
    """Card holders with two or more sales, of those with at least one, × 100."""
    sales_each = _card_sales(folder)["customer_id"].value_counts()
    return float((sales_each >= 2).sum() / len(sales_each) * 100)


def _days(folder: Path) -> int:
    start, end = _period(folder)
    return (end - start).days + 1


def _churn(folder: Path) -> float:
    """Card holders who bought in the first half of the period (the first days // 2 days) and not in the second,
    of those who bought in the first half, × 100."""
    card = _card_sales(folder)
    first = card["timestamp"] < _period(folder)[0] + pd.Timedelta(days=_days(folder) // 2)
    before, after = set(card.loc[first, "customer_id"]), set(card.loc[~first, "customer_id"])
    return len(before - after) / len(before) * 100


def _member_clv(folder: Path) -> float:
    """ATV of card sales × card sales a year per card holder who bought × 3 years."""
    card = _card_sales(folder)
    per_year = len(card) / card["customer_id"].nunique() * 365 / _days(folder)
    return float(card["net_value"].mean() * per_year * 3)


def _peak_day(folder: Path) -> str:
    days = _daily_visitors(folder)
    return str(days.groupby(days.index.day_name()).mean().idxmax())


def _december_uplift(folder: Path) -> float:
    days = _daily_visitors(folder)
    return float((days[days.index.month == 12].mean() / days.mean() - 1) * 100)


# The figure each exercise that runs on the learner's data must accept, worked out here from the import's files
FIGURES: dict[str, Callable[[Path], float | str]] = {
    "kpi-atv": lambda f: float(_sales(f)["net_value"].sum() / len(_sales(f))),
    "kpi-upt": lambda f: float(_sales(f)["units"].sum() / len(_sales(f))),
    "kpi-conversion": lambda f: float(len(_sales(f)) / _daily_visitors(f).sum() * 100),
    "rev-card-atv": _card_atv,
    "trend-moving-average": _moving_average,
    "kpi-gross-margin": _gross_margin,
    "plan-peak-day": _peak_day,
    "plan-december-uplift": _december_uplift,
    "plan-regular-share": _regular_share,
    "kpi-repeat-rate": _repeat_rate,
    "insight-churn": _churn,
    "insight-member-clv": _member_clv,
}
HOURLY = {"plan-peak-hour", "plan-staff-needed"}  # they need counts by the hour, which an import's footfall lacks
CARD = {"rev-card-atv"}  # it needs loyalty-card ids on the sales, which come only with a customer column
CONSENT = {"rec-consent-share"}  # it needs marketing consent answers, which no export gives
WITH_FOOTFALL = ["0-start-here.ipynb", "1-planning/1.2-staffing-to-footfall.ipynb"]
WITH_CUSTOMERS = ["1-planning/1.1-service-standards-and-plans.ipynb", "3-reviewing/3.1-measuring-service.ipynb",
                  "4-data-analysis/4.3-customer-insight.ipynb"]


def _files(folder: Path) -> dict[str, tuple[int, int]]:
    """Each file of `folder` with its size and modification time (to see that a run left an import alone)."""
    return {p.name: (p.stat().st_size, p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


def _run(solutions: Path, name: str, data_dir: Path, out: Path) -> object:
    target = out / name
    target.parent.mkdir(parents=True, exist_ok=True)
    before = _files(data_dir)
    try:
        papermill.execute_notebook(str(solutions / name), str(target), kernel_name="python3",
                                   progress_bar=False, cwd=str(target.parent), request_save_on_cell_execute=False,
                                   kernel_manager_class=logged_manager(log=out / "kernel.log",  # a forked kernel
                                                                       extra_env=store_cache.kernel_env(BUILD)),
                                   parameters={"learner_id": LEARNER, "sector": "apparel", "data_dir": str(data_dir),
                                               "progress_path": str(out / "progress.jsonl")})
    except papermill.PapermillExecutionError as err:
        pytest.fail(f"{name} failed on an import of {', '.join(_listed(data_dir))} in cell {err.cell_index}: "
                    f"{err.ename}: {err.evalue}", pytrace=False)
    assert _files(data_dir) == before, f"{name} changed the learner's import in {data_dir}"
    return read(target)


def _listed(folder: Path) -> list[str]:
    return json.loads((folder / "store.json").read_text(encoding="utf-8"))["tables"]


@pytest.fixture(scope="module")
def solutions(editions: dict[str, Path]) -> Path:
    """The solution edition (its exercise cells filled in)."""
    return editions["solutions"]


@pytest.fixture(scope="module")
def sales_only(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One sales-only import for every notebook of the module (they only read it)."""
    return import_folder(tmp_path_factory.mktemp("import"), SALES)


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_on_a_sales_only_import(solutions: Path, sales_only: Path, store_of, tmp_path: Path,
                                              name: str) -> None:
    nb = _run(solutions, name, sales_only, tmp_path / "run")
    _no_error_and_all_correct(nb, name)
    _sources_and_figures(nb, name, tmp_path / "run", sales_only, SALES, store_of)


def _no_error_and_all_correct(nb: object, name: str) -> None:
    for index, cell in enumerate(nb.cells):  # type: ignore[attr-defined]
        for output in cell.get("outputs", []):
            assert output.get("output_type") != "error", f"{name}, cell {index}: {output.get('ename')}"
        if cell.cell_type == "code" and cell.source.lstrip().startswith("course.check("):
            shown = " ".join(o.get("data", {}).get("text/plain", "") for o in cell.outputs)
            assert "✔ Correct" in shown, f"{name}, cell {index}: {shown[:300]}"


@pytest.fixture(scope="module")
def with_customers(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sales import with a customer column: card ids on the sales and the customers table derived from them."""
    return import_folder(tmp_path_factory.mktemp("import-customers"), CUSTOMERS)


@pytest.mark.parametrize("name", [n for n in WITH_CUSTOMERS if not ONLY or any(part in n for part in ONLY)])
def test_customer_exercises_use_own_card_sales_and_customers_with_right_answers(
        solutions: Path, with_customers: Path, store_of, tmp_path: Path, name: str) -> None:
    nb = _run(solutions, name, with_customers, tmp_path / "run")
    _no_error_and_all_correct(nb, name)
    ran = _sources_and_figures(nb, name, tmp_path / "run", with_customers, CUSTOMERS, store_of)
    practice = store_of(LEARNER, sector="apparel")
    assert any(_expected(i, needs(i, practice), SALES) == "practice" for i in ran), \
        f"{name}: no exercise ran on own data that the sales alone could not give"


def test_the_customer_column_runs_the_notebooks_it_changes(store_of) -> None:
    """WITH_CUSTOMERS is every notebook where a customer column changes which store an exercise uses (no papermill
    run: the notebooks whose outcome it leaves alone are covered by the sales-only run)."""
    practice = store_of(LEARNER, sector="apparel")
    changed = [name for name in (p.relative_to(ROOT / "notebooks").as_posix() for p in workbook(ROOT / "notebooks"))
               if any(_expected(i, needs(i, practice), SALES) != _expected(i, needs(i, practice), CUSTOMERS)
                      for i in ids(name))]
    assert changed == WITH_CUSTOMERS


def _expected(exercise_id: str, used: frozenset[str], tables: list[str]) -> str:
    """The data an exercise must use on an import of `tables`: "own" when they hold every table it reads and the
    import meets what it needs of them, else "practice"."""
    met = (exercise_id not in HOURLY and exercise_id not in CONSENT
           and (exercise_id not in CARD or "customers" in tables))
    return "own" if used <= set(tables) and met else "practice"


@pytest.fixture(scope="module")
def with_footfall(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sales import with a door-counter export added (one count a day)."""
    return import_folder(tmp_path_factory.mktemp("import-footfall"), [*SALES, "footfall"])


@pytest.mark.parametrize("name", [n for n in WITH_FOOTFALL if not ONLY or any(part in n for part in ONLY)])
def test_footfall_exercises_use_own_daily_footfall_with_right_answers(solutions: Path, with_footfall: Path, store_of,
                                                                      tmp_path: Path, name: str) -> None:
    nb = _run(solutions, name, with_footfall, tmp_path / "run")
    ran = _sources_and_figures(nb, name, tmp_path / "run", with_footfall, [*SALES, "footfall"], store_of)
    assert ran & {"kpi-conversion", "plan-peak-day", "plan-december-uplift"}, "no exercise ran on own footfall"


def _sources_and_figures(nb: object, name: str, run: Path, folder: Path, tables: list[str], store_of) -> set[str]:
    """Check each exercise's recorded source against the rule, and each own-data figure against FIGURES; return
    the exercises that ran on the learner's data."""
    results = {r["item_id"]: r for r in progress.read_results(run / name)[-1]["results"] if r["kind"] == "exercise"}
    practice = store_of(LEARNER, sector="apparel")
    own = set()
    for exercise_id in ids(name):
        used = needs(exercise_id, practice)
        expected = _expected(exercise_id, used, tables)
        assert results[exercise_id]["source"] == expected, exercise_id
        said = _data_for_output(nb, exercise_id) + " " + _check_output(nb, exercise_id)
        if expected == "practice":
            assert "uses your practice store" in said, f"{name}: {exercise_id} does not say it used the practice store"
        elif used:
            own.add(exercise_id)
            assert "This exercise uses your own" in said, f"{name}: {exercise_id} does not say it used your data"
    assert own <= set(FIGURES), f"{name}: {sorted(own - set(FIGURES))} ran on own data but have no figure in FIGURES"
    for exercise_id in own:
        _assert_accepts(nb, exercise_id, FIGURES[exercise_id](folder))
    return own


def _assert_accepts(nb: object, exercise_id: str, figure: float | str) -> None:
    said = _check_output(nb, exercise_id)
    shown = said.split(" is right")[0].split(":")[-1].strip()
    if isinstance(figure, str):
        assert shown.strip("'\"") == figure.lower(), f"{exercise_id}: {said}"  # a label is said in lower case
        return
    number = float(re.sub(r"[^0-9.\-]", "", shown))
    assert number == pytest.approx(figure, rel=1e-3, abs=0.01), f"{exercise_id}: {said}"


def _data_for_output(nb: object, exercise_id: str) -> str:
    for cell in nb.cells:  # type: ignore[attr-defined]
        if cell.cell_type == "code" and f'data = course.data_for("{exercise_id}")' in cell.source:
            return " ".join(o.get("text", "") for o in cell.outputs)
    return ""


def _check_output(nb: object, exercise_id: str) -> str:
    for cell in nb.cells:  # type: ignore[attr-defined]
        if cell.cell_type == "code" and cell.source.lstrip().startswith(f'course.check("{exercise_id}"'):
            return " ".join(o.get("data", {}).get("text/plain", "") for o in cell.outputs)
    raise AssertionError(f"no check cell for {exercise_id}")
