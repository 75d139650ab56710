"""Money follows the store actually used (issue 19, part 3): data.money, data.symbol, data.label and the session's
currency line, then one notebook run end to end on a store in euros: no "£" in any output its code works out.

The practice store's side (its outputs still in pounds, unchanged) is checked here at unit level and by every
simulated run of tests/test_notebooks_run.py and the answer-leak scan, which compare outputs. The euro run is slow
(one papermill run), so it carries the `notebooks` marker; 4.1, the notebook with the most money in its code
cells, runs whatever COURSE_NOTEBOOKS says. Quiz questions are authored text, like markdown (a worked example
"A took £420k"), so a quiz cell's output is not searched; nor is the start-up line that says what "£" means.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import papermill
import pytest

from course.blank import ___
from course.money import currency_line
from course.notebooks import read
from course.session import Session
from course.store import StoreData, simulate
from course.store import cache as store_cache
from course.store.partial import Sources
from course.tutor.kernels import logged_manager

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = "4-data-analysis/4.1-sales-trends.ipynb"


@pytest.fixture(scope="module")
def pounds() -> StoreData:
    return simulate("money-words", sector="grocery")


def test_the_practice_store_says_pounds_as_the_notebooks_always_did(pounds: StoreData) -> None:
    assert (pounds.money(1234.5), pounds.money(1234.56, 0), pounds.symbol) == ("£1,234.50", "£1,235", "£")
    assert pounds.label("ATV (£ ex VAT)") == "ATV (£ ex VAT)"
    assert pounds.money(-3) == "-£3.00" and pounds.money(___) is ___


def test_another_currency_and_vat_are_said_in_the_datas_own_terms(pounds: StoreData) -> None:
    euros = replace(pounds, currency="EUR", vat="included")
    assert (euros.money(1234.5), euros.symbol, euros.label("ATV (£ ex VAT)")) == ("€1,234.50", "€", "ATV (€ inc VAT)")
    francs = replace(pounds, currency="CHF", vat="unknown")
    assert francs.money(1234.5, 0) == "1,234 CHF" and francs.label("sales (£ ex VAT)") == "sales (CHF VAT not known)"


def test_the_session_says_which_money_an_own_data_notebook_uses(pounds: StoreData, tmp_path: Path) -> None:
    simulated = Session(learner_id="ab12", data=pounds, progress_path=tmp_path / "log.jsonl")
    assert "Money is" not in repr(simulated)  # the practice store's start-up line is as it always was
    euros = replace(pounds, currency="EUR", vat="included")
    own = Session(learner_id="ab12", data=euros, progress_path=tmp_path / "log.jsonl",
                  sources=Sources(euros, lambda: pounds))
    line = repr(own).splitlines()[-1]
    assert line == "Money is in euros (€), including VAT. Where the text says £, read the currency of your data."
    own_pounds = Session(learner_id="ab12", data=pounds, progress_path=tmp_path / "log.jsonl",
                         sources=Sources(pounds, lambda: pounds))
    assert repr(own_pounds).splitlines()[-1] == "Money is in pounds (£), excluding VAT."


def _euro_store(folder: Path) -> Path:
    """A complete store in euros with VAT included, as a learner's own export (store.json says so). An electronics
    store, the smallest: every sector's tables have the same money columns, and a grocery year made the notebook
    read and write about five times the rows for the same claim."""
    replace(simulate("money-owner", sector="electronics"), currency="EUR", vat="included").to_csv(folder)
    assert json.loads((folder / "store.json").read_text(encoding="utf-8"))["currency"] == "EUR"
    return folder


def _outputs(nb: object) -> list[str]:
    """Every text an executed notebook's code shows: streams, plain text, HTML and markdown (charts' words too)."""
    texts = []
    for cell in nb.cells:  # type: ignore[attr-defined]
        if cell.cell_type != "code" or "course.quiz(" in cell.source:
            continue
        for output in cell.get("outputs", []):
            texts.append(output.get("text", ""))
            texts += [str(v) for k, v in output.get("data", {}).items() if k.startswith("text/")]
    return texts


@pytest.mark.notebooks
def test_a_notebook_on_a_store_in_euros_shows_no_pounds(editions: dict[str, Path], tmp_path: Path) -> None:
    data_dir = str(_euro_store(tmp_path / "own"))
    target = tmp_path / "run" / NOTEBOOK
    target.parent.mkdir(parents=True)
    papermill.execute_notebook(str(editions["solutions"] / NOTEBOOK), str(target), kernel_name="python3",
                               progress_bar=False, cwd=str(target.parent),
                               parameters={"learner_id": "nb-money", "sector": "electronics", "data_dir": data_dir,
                                           "progress_path": str(tmp_path / "progress.jsonl")},
                               # forked from a pre-imported parent, as the notebook harness's kernels are
                               kernel_manager_class=logged_manager(log=tmp_path / "kernel.log", extra_env=store_cache
                                                                   .kernel_env(ROOT / "build" / "nbmoney")))
    shown = "\n".join(_outputs(read(target))).replace(currency_line("EUR", "included"), "")
    assert "€" in shown and "inc VAT" in shown and "Money is in euros" in "\n".join(_outputs(read(target)))
    assert "£" not in shown, [line for line in shown.splitlines() if "£" in line][:5]
