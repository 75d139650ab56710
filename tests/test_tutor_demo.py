"""The demo cohort's simulated learners: right answers at their skill level, named mistakes otherwise."""

from __future__ import annotations

import shutil
from pathlib import Path

from course import progress
from course.notebooks import exercise_cells, is_learner_cell
from course.tutor.plan import plan_workbook
from course.tutor.simulated_learner import Persona, fill_notebooks, quiz_attempts

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
