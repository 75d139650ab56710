"""The demo cohort's simulated learners: right answers at their skill level, named mistakes otherwise; and the
demo's marking steps showing in the class summary."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from course import progress
from course.notebooks import exercise_cells, is_learner_cell
from course.tutor import gradebook_view as gv
from course.tutor import report, summary
from course.tutor.marking_view import WORDS
from course.tutor.plan import plan_workbook
from course.tutor.simulated_learner import Persona, fill_notebooks, quiz_attempts
from tests.test_demo_marking import marked_run

ROOT = Path(__file__).resolve().parents[1]


def _copy_workbook(tmp_path: Path) -> Path:
    return Path(shutil.copytree(ROOT / "notebooks", tmp_path / "wb", ignore=shutil.ignore_patterns("templates")))


def test_a_perfect_learner_writes_every_solution(tmp_path: Path) -> None:
    folder = _copy_workbook(tmp_path)
    fill_notebooks(folder, Persona("perfect", 1.0), "apparel", ROOT / "solutions" / "exercises")
    cells = [c for p in sorted(folder.rglob("*.ipynb")) for c in exercise_cells(p)]
    solutions = {c.exercise_id: (ROOT / "solutions" / "exercises" / f"{c.exercise_id}.py").read_text().rstrip("\n")
                 for c in cells}
    untouched = {c.exercise_id: c.source for p in sorted((ROOT / "notebooks").rglob("*.ipynb"))
                 for c in exercise_cells(p)}
    answered = [c for c in cells if c.source == solutions[c.exercise_id]]
    assert len(answered) >= 0.85 * len(cells)  # the rest are the few it skipped, left as they were
    assert all(c.source in (untouched[c.exercise_id], solutions[c.exercise_id]) for c in cells)
    assert all(is_learner_cell(untouched[c.exercise_id]) for c in cells)


def test_a_weak_learner_makes_named_mistakes(tmp_path: Path) -> None:
    folder = _copy_workbook(tmp_path)
    fill_notebooks(folder, Persona("weak", 0.0), "grocery", ROOT / "solutions" / "exercises")
    sources = [c.source for p in sorted(folder.rglob("*.ipynb")) for c in exercise_cells(p)]
    assert sum("# simulated learner:" in s for s in sources) >= 0.6 * len(sources)


def test_quiz_attempts_cover_every_quiz_question_shown(tmp_path: Path) -> None:
    folder = _copy_workbook(tmp_path)
    log = tmp_path / "log.jsonl"
    made = quiz_attempts(folder, Persona("quizzer", 0.5), log, ROOT / "solutions" / "quiz")
    shown = {q for plan in plan_workbook(folder) for q in plan.quiz_ids}
    attempted = {a.item_id for a in progress.read_attempts(log)}
    assert made >= len(shown) and attempted == shown
    assert any(a.misconception for a in progress.read_attempts(log) if a.status == "incorrect")


def test_the_class_summary_shows_the_demo_iqa_agreement_and_a_tutors_decision(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run, _, outcome = marked_run(tmp_path, monkeypatch)
    gb = gv.read_gradebook(run)
    page = summary.write_class_summary(run, report.people(run, gb, pseudonymise=False), gradebook=gb).read_text(
        encoding="utf-8")
    agreed = outcome.agreement
    assert agreed.rate is not None
    assert f"{agreed.agreed} of {agreed.compared} second-marked decisions agree ({agreed.rate * 100:.0f}%)" in page
    assert f"Disagreements to resolve: {len(agreed.open)}" in page
    first = agreed.disagreements[0].first  # a tutor's decision, with who made it
    assert f"{WORDS[first.decision]} ({first.marker})" in page and first.marker == "Demo Tutor"
    assert "Resolved by Demo IQA" in page and "To resolve" in page
    assert "by a tutor" in page  # the points not yet met say who decided them
