"""The tutor's judge uses the store the learner's notebook used (issues 17 and 19): the roster's own data folder,
filled from the practice store per notebook as course.start fills it, and says per exercise which data it used.

No kernel runs here: the kernel's handover file is written directly, as course.handover writes it."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from course import handover, session
from course.store import StoreData
from course.store import cache as store_cache
from course.tutor import execute, judge_data, report, results, run
from course.tutor.roster import Learner
from tests.helpers import shared_store_work
from tests.test_partial_store import SALES, partial_folder
from tests.test_store_cache import entries

LEARNER = "judge-learner"  # the roster's learner: their practice store is simulated from this id
# The own data's sector: any but the roster's (apparel), so the practice store that fills its gaps must follow
# store.json to be right; electronics, the smallest export to write and read back.
OWN_SECTOR = "electronics"
START = "0-start-here.ipynb"
CONSENT_NOTEBOOK = "2-recording/2.2-data-protection-and-evidence.ipynb"  # rec-consent-share: marketing consent


def task(tmp_path: Path, data_dir: str | None, notebook: str = START,
         exercises: tuple[str, ...] = ("kpi-conversion", "kpi-atv", "kpi-upt")) -> execute.Task:
    """A task as course.tutor.run makes it, with the roster's data folder resolved as run.py resolves it."""
    roster = tmp_path / "roster.csv"
    return execute.Task(LEARNER, "apparel", notebook, tmp_path / "subs" / LEARNER, tmp_path / "run", 60.0, 120.0,
                        exercises, (),
                        data_dir=run._data_dir(Learner(LEARNER, "Jo", "apparel", data_dir), roster),
                        judge_secret="k" * 64)


def judged(job: execute.Task, answers: dict[str, float]) -> dict[str, dict[str, object]]:
    """Hand `answers` over as the kernel would, judge them as run_task does, and return each exercise's row."""
    return judged_and_signs(job, answers)[0]


def judged_and_signs(job: execute.Task, answers: dict[str, float]) -> tuple[dict[str, dict[str, object]], list[str]]:
    """As `judged`, with the tampering signs the judging found (their details)."""
    scratch = results.scratch_dir(job.run_dir, job.learner_id, job.notebook)
    scratch.mkdir(parents=True, exist_ok=True)
    (scratch / "answers.jsonl").write_text("".join(
        json.dumps({"item_id": item, "answer": handover.encode(value)}) + "\n" for item, value in answers.items()),
        encoding="utf-8")
    rows, signs = execute.judged_exercises(job, nbformat.v4.new_notebook())
    return {str(row["item_id"]): row for row in rows}, [sign.detail for sign in signs]


def atv(sales: pd.DataFrame) -> float:
    return float(sales["net_value"].sum() / len(sales))


@pytest.fixture(autouse=True)
def _fresh() -> Iterator[None]:
    session.end()
    judge_data._own.cache_clear()
    with shared_store_work():  # each task's new run folder: the judge's practice stores simulated once a session
        yield


def test_own_data_is_judged_on_the_roster_s_folder_and_says_so(store_of: Callable[..., StoreData],
                                                                tmp_path: Path) -> None:
    partial_folder(store_of("part-a", sector=OWN_SECTOR), tmp_path / "imp", [*SALES, "footfall"])  # roster: imp
    sales = pd.read_csv(tmp_path / "imp" / "transactions.csv")
    conversion = len(sales) / pd.read_csv(tmp_path / "imp" / "footfall.csv")["visitors"].sum() * 100
    simulated = store_of(LEARNER).transactions  # the roster's sector's simulated store: not what they used
    rows = judged(task(tmp_path, "imp"), {"kpi-atv": atv(sales), "kpi-conversion": 100 / conversion * 100,
                                          "kpi-upt": atv(simulated)})
    assert rows["kpi-atv"]["status"] == "correct" and rows["kpi-atv"]["source"] == "own"
    assert rows["kpi-conversion"]["status"] == "incorrect" and rows["kpi-conversion"]["source"] == "own"
    assert rows["kpi-upt"]["status"] == "incorrect"
    assert judged(task(tmp_path / "again", str(tmp_path / "imp")), {"kpi-atv": atv(simulated)}
                  )["kpi-atv"]["status"] == "incorrect"  # the simulated store's answer, on an own-data exercise


def test_a_notebook_lacking_tables_is_judged_on_the_practice_store_as_the_notebook_used(
        store_of: Callable[..., StoreData], tmp_path: Path) -> None:
    partial_folder(store_of("part-a", sector=OWN_SECTOR), tmp_path / "imp", ["transactions"])
    own = pd.read_csv(tmp_path / "imp" / "transactions.csv")
    practice = store_of(LEARNER, sector=OWN_SECTOR)  # the sector of the data's store.json, as course.start uses
    job = task(tmp_path, "imp")
    rows = judged(job, {"kpi-atv": atv(practice.transactions), "kpi-upt": atv(own)})
    assert rows["kpi-atv"]["status"] == "correct" and rows["kpi-atv"]["source"] == "practice"
    assert rows["kpi-upt"]["status"] == "incorrect" and rows["kpi-upt"]["source"] == "practice"
    assert rows["kpi-conversion"] == {"item_id": "kpi-conversion", "status": "not_attempted", "misconception": None}
    notebook = session.start(LEARNER, sector="apparel", data_dir=str(tmp_path / "imp"), notebook="0-start-here",
                             progress_path=tmp_path / "log.jsonl")  # the store the learner's notebook used
    for name in ("transactions", "footfall", "products"):  # the quiz regrade reads the same store
        pd.testing.assert_frame_equal(getattr(results.learner_store(job), name), getattr(notebook.data, name))
    again = judged(task(tmp_path / "again", str(tmp_path / "imp")), {"kpi-atv": atv(own)})
    assert again["kpi-atv"]["status"] == "incorrect"  # right for the learner's own sales, not what the notebook used


def test_a_simulated_learner_is_judged_on_their_simulated_store_with_no_source(
        store_of: Callable[..., StoreData], tmp_path: Path) -> None:
    right = atv(store_of(LEARNER).transactions)
    rows = judged(task(tmp_path, None), {"kpi-atv": right})
    assert rows["kpi-atv"] == {"item_id": "kpi-atv", "status": "correct", "misconception": None,
                               "answer": pytest.approx(right)}


def test_the_tutor_report_shows_the_judge_s_data_sources(store_of: Callable[..., StoreData], tmp_path: Path) -> None:
    partial_folder(store_of("part-a"), tmp_path / "imp", ["transactions"])
    job = task(tmp_path, "imp")
    rows = judged(job, {"kpi-atv": 1.0})
    path = results.result_path(job.run_dir, LEARNER, START)
    results.write_json_atomic(path, results.make_result(LEARNER, START, sha=None, failure=None, seconds=0.0,
                                                        exercises=list(rows.values()), quiz=[]))
    assert report.data_sources(job.run_dir, LEARNER) == {"kpi-atv": "your practice store"}


def test_a_changed_practice_entry_is_a_sign_when_own_data_has_every_table(store_of: Callable[..., StoreData],
                                                                         tmp_path: Path) -> None:
    """Every table theirs, but no member agreed to marketing: the consent share is judged on the practice store,
    simulated only then. A kernel that changes that signed entry before the next notebook is judged is noted."""
    own = store_of("part-a", sector=OWN_SECTOR)
    replace(own, customers=own.customers.assign(marketing_consent=False)).to_csv(tmp_path / "imp")
    job = task(tmp_path, "imp", notebook=CONSENT_NOTEBOOK, exercises=("rec-consent-share",))
    assert judge_data.store_signs(judge_data.notebook_store(job), job.notebook) == []  # before the kernel
    rows, signs = judged_and_signs(job, {"rec-consent-share": 50.0})
    assert rows["rec-consent-share"]["source"] == "practice" and signs == []
    [entry] = entries(store_cache.folder(job.run_dir))  # the practice store, signed when judging needed it
    raw = bytearray(entry.read_bytes())
    raw[-100] ^= 0xFF  # a kernel changes the signed entry (kernels can write to the run's folder)
    entry.write_bytes(bytes(raw))
    rows, signs = judged_and_signs(job, {"rec-consent-share": 50.0})
    assert rows["rec-consent-share"]["source"] == "practice"
    assert len(signs) == 1 and "had been changed" in signs[0] and "simulated the store again" in signs[0]
