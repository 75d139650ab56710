"""The demo's planted integrity cases, and the honest simulated learners, without kernels."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

from course import exercises
from course.notebooks import exercise_cells
from course.store import simulate
from course.tutor import integrity_answers
from course.tutor.simulated_cheats import COPIED_NOTE, copy_answers, simulated_answers, written_literal
from course.tutor.simulated_learner import Persona, fill_notebooks

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = ROOT / "solutions" / "exercises"
COHORT = [("amara-o", "apparel", 0.9), ("chen-l", "electronics", 0.75), ("farah-k", "apparel", 0.3)]


def _workbook(tmp_path: Path, name: str) -> Path:
    return Path(shutil.copytree(ROOT / "notebooks", tmp_path / name, ignore=shutil.ignore_patterns("templates")))


def test_simulated_answers_are_what_the_filled_notebooks_hand_in_and_copies_are_flagged(tmp_path: Path) -> None:
    fits, honest = {}, {}
    for learner_id, sector, skill in COHORT:
        data = simulate(learner_id, sector=sector)
        fits[learner_id] = integrity_answers.store_fit(data)
        honest[learner_id] = simulated_answers(Persona(learner_id, skill), data, ROOT / "notebooks", SOLUTIONS)
        if learner_id == "farah-k":  # the planted copier: her numbers typed in from amara-o's screen
            folder = _workbook(tmp_path, "farah")
            fill_notebooks(folder, Persona(learner_id, skill), sector, SOLUTIONS)
            literal = _literal_answers(folder)
            assert {e: v for e, v in honest[learner_id].items() if e in literal} == literal and literal
            copied = copy_answers(folder, simulate("amara-o", sector="apparel"))
            copies = _literal_answers(folder, note=COPIED_NOTE)
            assert len(copies) == copied >= 40
    assert integrity_answers.foreign_answers(honest, fits) == []  # honest learners: no flags
    assert integrity_answers.store_swaps(honest, fits) == []
    flags = integrity_answers.foreign_answers({**honest, "farah-k": copies}, fits)
    assert {(f.learner_id, f.other_learner, f.strength) for f in flags} == {("farah-k", "amara-o", "strong")}
    assert len(flags) >= 0.8 * len(copies)


def _literal_answers(folder: Path, note: str = "# simulated learner:") -> dict[str, float]:
    """The numbers written as literals in numeric exercise cells (a simulated mistake, or a copy)."""
    found = {}
    for path in sorted(folder.rglob("*.ipynb")):
        for cell in exercise_cells(path):
            if exercises.get(cell.exercise_id).kind == "number" and note in cell.source:
                found[cell.exercise_id] = float(ast.literal_eval(written_literal(cell.source)))
    return found
