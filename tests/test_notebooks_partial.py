"""Every notebook runs to the end on an import with only sales tables (issue 19, part 2).

The learner's "import" is a simulated store written with StoreData.to_csv, with every table but transactions,
transaction lines and products deleted and store.json listing the three (as `course import` writes it). Each
notebook's solution edition runs under papermill with data_dir pointing at it: no cell may fail, every check
must say "Correct", and each exercise's result must say whether it used the learner's data or the practice store,
as course.store.partial plans it. A second import adds footfall; 0-start-here's three exercises then run on the
learner's own data, and the figures its checks accept are compared with figures computed here from the CSV files.

The import is written once for the module and only read by the notebooks (each test checks it is unchanged); the
kernels are forked from a pre-imported parent, as the notebook harness's are (course.tutor.forked: the harness's
nbval step shows a forked kernel's outputs are a fresh kernel's), and the practice store is simulated once into
build/nbpartial/store-cache/. Run one notebook with COURSE_NOTEBOOKS, as tests/test_notebooks_run.py.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pandas as pd
import papermill
import pytest

from course import progress
from course.exercises import ids
from course.exercises.needs import needs
from course.notebooks import read, workbook
from course.store import cache as store_cache
from course.store import simulate
from course.store.partial import plan
from course.tutor.kernels import logged_manager

ROOT = Path(__file__).resolve().parents[1]
ONLY = [part.strip() for part in os.environ.get("COURSE_NOTEBOOKS", "").split(",") if part.strip()]
BUILD = ROOT / "build" / ("nbpartial-" + "-".join(ONLY) if ONLY else "nbpartial")
SALES = ["transactions", "transaction_lines", "products"]
LEARNER, OWNER = "nb-partial", "partial-shop"
NOTEBOOKS = [p.relative_to(ROOT / "notebooks").as_posix() for p in workbook(ROOT / "notebooks")
             if not ONLY or any(part in p.as_posix() for part in ONLY)]

pytestmark = pytest.mark.notebooks


def import_folder(folder: Path, tables: list[str]) -> Path:
    """Write a store with only `tables`, as `course import` would (store.json lists them)."""
    simulate(OWNER, sector="grocery").to_csv(folder)
    for path in folder.glob("*.csv"):
        if path.stem not in tables:
            path.unlink()
    meta = json.loads((folder / "store.json").read_text(encoding="utf-8"))
    meta.update(tables=tables, source="import", currency="GBP", vat="excluded",
                period={"start": meta["start"], "end": meta["end"]})
    (folder / "store.json").write_text(json.dumps(meta), encoding="utf-8")
    return folder


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
        pytest.fail(f"{name} failed on a sales-only import in cell {err.cell_index}: {err.ename}: {err.evalue}",
                    pytrace=False)
    assert _files(data_dir) == before, f"{name} changed the learner's import in {data_dir}"
    return read(target)


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
    for index, cell in enumerate(nb.cells):  # type: ignore[attr-defined]
        for output in cell.get("outputs", []):
            assert output.get("output_type") != "error", f"{name}, cell {index}: {output.get('ename')}"
        if cell.cell_type == "code" and cell.source.lstrip().startswith("course.check("):
            shown = " ".join(o.get("data", {}).get("text/plain", "") for o in cell.outputs)
            assert "✔ Correct" in shown, f"{name}, cell {index}: {shown[:300]}"
    results = {r["item_id"]: r for r in progress.read_results(tmp_path / "run" / name)[-1]["results"]
               if r["kind"] == "exercise"}
    practice = store_of(LEARNER, sector="grocery")
    chosen = plan(frozenset(t for t in _all_tables() if t not in SALES), [needs(i, practice) for i in ids(name)])
    for exercise_id in ids(name):
        assert results[exercise_id]["source"] == chosen.source(needs(exercise_id, practice)), exercise_id
        if results[exercise_id]["source"] == "practice":
            said = _check_output(nb, exercise_id)
            assert "uses your practice store" in said, f"{name}: {exercise_id} does not say it used the practice store"


def test_start_here_uses_own_sales_and_footfall_with_right_answers(solutions: Path, tmp_path: Path) -> None:
    name = "0-start-here.ipynb"
    if ONLY and not any(part in name for part in ONLY):
        pytest.skip("0-start-here is not selected by COURSE_NOTEBOOKS")
    folder = import_folder(tmp_path / "import", [*SALES, "footfall"])
    nb = _run(solutions, name, folder, tmp_path / "run")
    results = progress.read_results(tmp_path / "run" / name)[-1]["results"]
    assert {r["item_id"]: r.get("source") for r in results if r["kind"] == "exercise"} == \
        {"kpi-conversion": "own", "kpi-atv": "own", "kpi-upt": "own"}
    sales = pd.read_csv(folder / "transactions.csv")
    visitors = pd.read_csv(folder / "footfall.csv")["visitors"].sum()
    expected = {"kpi-atv": sales["net_value"].sum() / len(sales), "kpi-upt": sales["units"].sum() / len(sales),
                "kpi-conversion": len(sales) / visitors * 100}
    for exercise_id, figure in expected.items():
        said = _check_output(nb, exercise_id)
        shown = float(re.sub(r"[^0-9.]", "", said.split(" is right")[0].split(":")[-1]))
        assert shown == pytest.approx(figure, abs=0.01), f"{exercise_id}: {said}"


def _check_output(nb: object, exercise_id: str) -> str:
    for cell in nb.cells:  # type: ignore[attr-defined]
        if cell.cell_type == "code" and cell.source.lstrip().startswith(f'course.check("{exercise_id}"'):
            return " ".join(o.get("data", {}).get("text/plain", "") for o in cell.outputs)
    raise AssertionError(f"no check cell for {exercise_id}")


def _all_tables() -> list[str]:
    from course.store import TABLES

    return [t.name for t in TABLES]
