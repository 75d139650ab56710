"""Written evidence on the tutor's side: `course run` collects every evidence: cell of each submitted notebook into
the gradebook's written_evidence table (idempotent on a re-run), simulated learners write varied evidence of their
own, and the learner report shows the authenticity declaration or says it is missing."""

from __future__ import annotations

import contextlib
import dataclasses
import sqlite3
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_markdown_cell

from course import written
from course.evidence_rules import EVIDENCE_PLACEHOLDER, check, placeholder_in, words
from course.tutor import evidence, integrity_prose, simulated_writing
from course.tutor.evidence import Written
from course.written import WrittenCell
from tests.test_tutor_run import FAST_RESULTS, PARAMS, PLACEHOLDER, notebook, roster_file, run_cohort

PROMPT = "## Your evaluation\n\nSay what went well, with evidence, and what you would change next."
ANN = ("Complaints dropped once we rang customers back within a day; the comments praised it. I would keep the "
       "call-back and train new starters on it.")
NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
SELECT = "SELECT learner_id, marking_point, notebook, task, text, words, supplied FROM written_evidence ORDER BY 1, 2"


def _workbook(root: Path) -> Path:
    nb = notebook((PARAMS, "parameters"), (PLACEHOLDER, "exercise:kpi-atv"),
                  (FAST_RESULTS.replace("{id}", "kpi-atv"), None))
    nb.cells.insert(1, new_markdown_cell(PROMPT, id="prompt"))
    nb.cells.insert(2, new_markdown_cell(EVIDENCE_PLACEHOLDER, id="nb-eval",
                                         metadata={"tags": ["evidence:002:MP8", "evidence:001:MP2"]}))
    (root / "3-reviewing").mkdir(parents=True)
    nbformat.write(nb, root / "3-reviewing" / "r.ipynb")
    return root


def _submit(workbook: Path, subs: Path, learner: str, text: str | None, *, tags: list[str] | None = None) -> None:
    nb = nbformat.read(workbook / "3-reviewing" / "r.ipynb", as_version=4)
    cell = next(c for c in nb.cells if c.get("id") == "nb-eval")
    if text is None:
        nb.cells.remove(cell)
    else:
        cell.source = text
        if tags is not None:
            cell.metadata["tags"] = tags
    target = subs / learner / "3-reviewing" / "r.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, target)


def _rows(out: Path) -> list[tuple]:
    with contextlib.closing(sqlite3.connect(out / "gradebook.sqlite")) as conn:
        return conn.execute(SELECT).fetchall()


@pytest.mark.notebooks
@pytest.mark.slow
def test_course_run_collects_written_evidence_idempotently(tmp_path: Path) -> None:
    workbook, subs = _workbook(tmp_path / "notebooks"), tmp_path / "subs"
    _submit(workbook, subs, "ann", ANN, tags=["evidence:004:MP3"])  # a learner's own tags are ignored
    _submit(workbook, subs, "bob", EVIDENCE_PLACEHOLDER)  # left as handed out
    _submit(workbook, subs, "cy", None)  # deleted the cell
    roster = roster_file(tmp_path / "roster.csv", [("ann", "Ann", "electronics"), ("bob", "Bob", "apparel"),
                                                   ("cy", "Cy", "homeware")])
    first = run_cohort(roster=roster, subs=subs, out=tmp_path / "run", workbook=workbook, jobs=1, timeout=30)
    assert first.status == 0, first.stdout
    rows = _rows(tmp_path / "run")
    supplied = f"{PROMPT}\n\n{EVIDENCE_PLACEHOLDER}"
    nb = "3-reviewing/r.ipynb"
    ann_words = len([w for w in words(ANN) if w not in set(words(supplied))])
    assert rows == [(learner, point, nb, "nb-eval", ANN if learner == "ann" else "",
                     ann_words if learner == "ann" else 0, supplied)
                    for learner in ("ann", "bob", "cy") for point in ("001:MP2", "002:MP8")]
    assert 10 < ann_words < len(words(ANN))
    again = run_cohort(roster=roster, subs=subs, out=tmp_path / "run", workbook=workbook, jobs=1, timeout=30)
    assert again.status == 0 and _rows(tmp_path / "run") == rows
    _submit(workbook, subs, "bob", "Queues got shorter after the change.")
    run_cohort(roster=roster, subs=subs, out=tmp_path / "run", workbook=workbook, jobs=1, timeout=30)
    bob = [r for r in _rows(tmp_path / "run") if r[0] == "bob"]
    assert [r[4] for r in bob] == ["Queues got shorter after the change."] * 2 and len(_rows(tmp_path / "run")) == 6


def test_collect_without_a_workbook_uses_the_notebooks_own_cells(tmp_path: Path) -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [new_markdown_cell(PROMPT, id="p"),
                new_markdown_cell(ANN, id="e", metadata={"tags": ["evidence:declaration"]})]
    nbformat.write(nb, tmp_path / "n.ipynb")
    [row] = evidence.collect(tmp_path / "n.ipynb", None)
    assert row["marking_point"] == "declaration" and row["text"] == ANN and row["words"] > 10
    assert evidence.collect(tmp_path / "missing.ipynb", None) == []


def test_simulated_learners_write_varied_own_words_deterministically() -> None:
    tasks = list(simulated_writing.POINTS)
    learners = [f"demo-{i:02d}" for i in range(12)]
    answers = {(lr, t): simulated_writing.answer(lr, t, skill) for lr, skill in zip(learners, [0.9, 0.5, 0.2] * 4)
               for t in tasks}
    assert answers == {(lr, t): simulated_writing.answer(lr, t, skill)
                       for lr, skill in zip(learners, [0.9, 0.5, 0.2] * 4) for t in tasks}
    texts = [a for a in answers.values() if a]
    assert all(placeholder_in(a) is None and a != EVIDENCE_PLACEHOLDER for a in texts)
    lengths = sorted(len(words(a)) for a in texts)
    assert lengths[0] <= 6 and lengths[-1] >= 40  # weak and good answers both occur
    assert sum(a is None for a in answers.values()) > 0  # and some are left unwritten
    for task in tasks:  # learners write differently from one another
        written = [answers[(lr, task)] for lr in learners if answers[(lr, task)]]
        assert len(set(written)) >= len(written) - 2
    declarations = [simulated_writing.answer(lr, "nb0-declaration", 0.9) for lr in learners]
    assert any(declarations) and all(d is None or "September 2026" in d for d in declarations)


def _workbook_cells() -> list[tuple[str, WrittenCell]]:
    return [(str(path.relative_to(NOTEBOOKS)), cell) for path in sorted(NOTEBOOKS.rglob("*.ipynb"))
            if "templates" not in path.parts for cell in written.cells(written.read_notebook(path) or {})
            if cell.task != "nb0-declaration"]


def test_every_task_has_its_own_points_and_good_answers_pass_the_portfolio_rules() -> None:
    cells = _workbook_cells()
    assert {cell.task for _, cell in cells} == set(simulated_writing.POINTS)  # a bank for each task, no stale ones
    for _, cell in cells:
        for learner in (f"good-{i:02d}" for i in range(20)):
            text = simulated_writing.answer(learner, cell.task, 1.0, prompt=cell.prompt, min_words=cell.min_words)
            assert text is not None
            check(text, supplied=EVIDENCE_PLACEHOLDER, prompt=cell.prompt, min_words=cell.min_words, what=cell.title)
        good = [len(words(simulated_writing.answer(f"lr-{i:02d}", cell.task, 1.0) or "")) for i in range(20)]
        weak = [len(words(simulated_writing.answer(f"lr-{i:02d}", cell.task, 0.0) or "")) for i in range(20)]
        assert sum(weak) < 0.6 * sum(good) and sum(n < integrity_prose.MIN_WORDS for n in weak) >= 5  # shorter, vaguer


def test_honest_simulated_learners_share_no_prose() -> None:
    """A 30-learner cohort (the demo's six and 24 more, skill 0.3-0.9) writes every task: no shared_prose flag."""
    from course.commands.demo import SKILLS

    cohort = {**SKILLS, **{f"learner-{i:02d}": (0.3, 0.45, 0.6, 0.75, 0.9)[i % 5] for i in range(24)}}
    rows = [Written(learner, point, notebook, cell.task, text, f"{cell.prompt}\n\n{cell.text}")
            for notebook, cell in _workbook_cells() for learner, skill in cohort.items()
            if (text := simulated_writing.answer(learner, cell.task, skill, prompt=cell.prompt,
                                                 min_words=cell.min_words))
            for point in cell.marking_points]
    compared = {(r.learner_id, r.task) for r in rows
                if len(integrity_prose.own_words(r.text, r.supplied).split()) >= integrity_prose.MIN_WORDS}
    assert len(compared) > 10 * len(cohort)  # most tasks of most learners are long enough to compare
    assert integrity_prose.shared_prose(rows) == []
    copier = next(r for r in rows if r.learner_id == "amara-o")  # and a copy among them is still seen
    flags = integrity_prose.shared_prose([*rows, dataclasses.replace(copier, learner_id="farah-k")])
    assert {(f.learner_id, f.other_learner, f.strength) for f in flags} >= {("farah-k", "amara-o", "strong")}


@pytest.mark.notebooks
@pytest.mark.slow
def test_the_report_shows_the_declaration_or_says_it_is_missing(tmp_path: Path) -> None:
    from course.tutor import gradebook_view as gv
    from course.tutor import report
    from tests.test_tutor_report import make_run

    run = make_run(tmp_path / "run")
    signed = "I confirm this workbook is all my own work <b>honestly</b>. Signed kx-07, 4 September 2026."
    with contextlib.closing(sqlite3.connect(run / "gradebook.sqlite")) as conn, conn:
        evidence.create(conn)
        evidence.write(conn, {"learner_id": "kx-07", "notebook": "0-start-here.ipynb", "evidence": [
            {"marking_point": "declaration", "task": "nb0-declaration", "text": signed, "words": 12, "supplied": ""}]})
    assert evidence.declaration(run, "kx-07") == signed and evidence.declaration(run, "mb-33") is None
    people = report.people(run, gv.read_gradebook(run), pseudonymise=False)
    pages = {learner: report.write_report(run, learner, name, sector, people[learner],
                                          template=report.default_template(), pseudonymise=False).read_text("utf-8")
             for learner, name, sector in (("kx-07", "Priya Shah", "grocery"), ("mb-33", "Tom O'Neil", "electronics"))}
    assert "Authenticity declaration" in pages["kx-07"] and "&lt;b&gt;honestly&lt;/b&gt;" in pages["kx-07"]
    assert "4 September 2026" in pages["kx-07"] and "<b>honestly" not in pages["kx-07"]
    assert "Authenticity declaration: missing." in pages["mb-33"] and "Signed kx-07" not in pages["mb-33"]
