"""`course sweep`: its roster covers every sector, model answers fill every exercise, and a model answer
that a learner's store marks wrong, or a failed notebook, fails the sweep by name."""

from __future__ import annotations

import csv
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from course.commands import sweep
from course.store.schema import SECTORS
from course.tutor import gradebook


def test_the_roster_spreads_learners_over_every_sector() -> None:
    rows = list(csv.DictReader(sweep._roster(9).splitlines()))
    assert [r["learner_id"] for r in rows] == [f"sweep-{i:03d}" for i in range(9)]
    assert {r["sector"] for r in rows} == set(SECTORS)


def _fake_run(results: list[tuple[str, str, str]], status: int) -> Any:
    def run(*, out: Path, **_: Any) -> int:
        out.mkdir(parents=True, exist_ok=True)
        with sqlite3.connect(out / "gradebook.sqlite") as conn:
            conn.executescript(gradebook.SCHEMA)
            conn.executemany("INSERT INTO items(item_id, kind) VALUES (?, ?)",
                             [("kpi-atv", "exercise"), ("q1", "quiz"), ("complaint-heat", "scenario")])
            conn.executemany("INSERT INTO results(learner_id, item_id, status, misconception, attempts) "
                             "VALUES (?, ?, ?, 'atv-units', 1)", results)
        return status
    return run


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A sweep folder for one learner, assigned and filled with the model answers by a sweep, its run removed: the
    tests below copy it, so the sweep each runs resumes there (as a stopped sweep does) and fills nothing again."""
    from course.commands import run

    out = tmp_path_factory.mktemp("filled") / "sweep"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(run, "main", _fake_run([("sweep-000", "kpi-atv", "correct")], 0))
        assert sweep.main(learners=1, out=out) == 0
    shutil.rmtree(out / "run")
    return out


@pytest.mark.parametrize(("results", "status", "expected"), [
    ([("sweep-000", "kpi-atv", "correct"), ("sweep-000", "q1", "incorrect")], 0, 0),  # a quiz is not an answer
    ([("sweep-000", "kpi-atv", "correct"), ("sweep-000", "complaint-heat", "not_attempted")], 0, 0),  # played live
    ([("sweep-000", "kpi-atv", "incorrect")], 0, 1),
    ([("sweep-000", "kpi-atv", "correct")], 1, 1),  # a notebook failed
])
def test_a_wrong_model_answer_or_a_failed_notebook_fails_the_sweep(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], filled: Path,
        results: list[tuple[str, str, str]], status: int, expected: int) -> None:
    from course.commands import run

    shutil.copytree(filled, tmp_path / "sweep")
    capsys.readouterr()
    monkeypatch.setattr(run, "main", _fake_run(results, status))
    assert sweep.main(learners=1, out=tmp_path / "sweep") == expected
    printed = capsys.readouterr().out
    assert ("sweep-000  kpi-atv  incorrect  atv-units" in printed) == (results[0][2] == "incorrect")
    filled = (tmp_path / "sweep" / "submissions" / "sweep-000" / "0-start-here.ipynb").read_text(encoding="utf-8")
    assert "simulated learner" not in filled and "kpi-conversion" in filled


def test_learners_must_be_one_or_more(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="give 1 or more"):
        sweep.main(learners=0, out=tmp_path)


def test_the_leak_sweep_runs_the_learner_edition_and_names_an_answer_shown_early(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook, new_output

    from course.commands import run
    from course.exercises import registry
    from course.store import simulate

    splh = registry.get("kpi-splh").expected(simulate("sweep-000", sector=SECTORS[0]))  # type: ignore[misc]
    notebook = registry.notebook_of("kpi-splh")
    submitted: list[Path] = []

    def fake_run(*, submissions: Path, out: Path, **_: Any) -> int:
        submitted.append(submissions)
        shown = new_output("stream", name="stdout", text=f"SPLH £{splh:,.2f}")
        leaked = new_notebook(cells=[new_code_cell("print(...)", outputs=[shown]),
                                     new_code_cell('course.check("kpi-splh", answer)')])
        (out / "executed" / "sweep-000" / notebook).parent.mkdir(parents=True)
        nbformat.write(leaked, out / "executed" / "sweep-000" / notebook)
        return 0

    monkeypatch.setattr(run, "main", fake_run)
    assert sweep.main(learners=1, out=tmp_path / "sweep", leaks=True) == 1
    assert submitted == [tmp_path / "sweep" / "assigned"]  # the learner edition, as assigned and unfilled
    assert f"sweep-000  kpi-splh: {notebook} cell 0" in capsys.readouterr().out


def test_a_sweep_folder_is_made_afresh_when_its_notebooks_or_answers_change(tmp_path: Path,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "sweep"
    digest = iter(["inputs-1", "inputs-1", "inputs-2"])
    monkeypatch.setattr(sweep, "_inputs_digest", lambda: next(digest))
    sweep._start_afresh_if_changed(out)
    (out / "submissions" / "sweep-000").mkdir(parents=True)
    sweep._start_afresh_if_changed(out)  # nothing changed: the filled workbook stays
    assert (out / "submissions" / "sweep-000").is_dir()
    sweep._start_afresh_if_changed(out)  # a notebook or model answer changed: it is made afresh
    assert not (out / "submissions").exists()
    assert (out / "inputs.txt").read_text(encoding="utf-8") == "inputs-2\n"


def test_the_sweep_inputs_digest_follows_the_notebooks_and_model_answers(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("notebooks/1.1.ipynb", "solutions/exercises/kpi-atv.py"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("first", encoding="utf-8")
    monkeypatch.setattr(sweep, "ROOT", tmp_path)
    first = sweep._inputs_digest()
    assert sweep._inputs_digest() == first
    (tmp_path / "solutions/exercises/kpi-atv.py").write_text("second", encoding="utf-8")
    second = sweep._inputs_digest()
    (tmp_path / "notebooks/1.1.ipynb").write_text("second", encoding="utf-8")
    assert len({first, second, sweep._inputs_digest()}) == 3
