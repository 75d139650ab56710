"""Planted integrity cases for the demo cohort, and a simulated learner's numeric answers without running notebooks.

`course demo` plants two cases the integrity checks (course.tutor.integrity) must find: a learner who copies
another learner's numeric answers into their own notebooks (typed in as numbers, as if read off a classmate's
screen), and a learner who hands in another learner's filled-in notebook in place of their own. Every other
demo learner works honestly.

`simulated_answers` gives the numbers a simulated learner's notebooks hand `course.check`, without executing
them: the same choices as `fill_notebooks` (same seed, same order), with a solution's answer being the
exercise's expected value on the learner's store (the notebook harness checks that every solution computes it)
and a mistake's answer the literal it writes. benchmarks/bench_integrity.py uses it for a 30-learner cohort.
"""

from __future__ import annotations

import ast
import random
import shutil
import tempfile
from pathlib import Path

import nbformat

from course import exercises
from course.notebooks import exercise_cells, read
from course.store import StoreData, simulate
from course.tutor.simulated_learner import Persona, _answer, _rng, fill_notebooks

COPIES = {"farah-k": "amara-o"}  # learner -> whose numeric answers they copy
SWAPS = {"ben-t": ("dylan-m", "3-reviewing/3.1-measuring-service.ipynb")}  # learner -> (whose notebook, which one)
COPIED_NOTE = "# simulated learner: copied from a classmate's screen"


def plant(folder: Path, learner_id: str, *, sectors: dict[str, str], assigned: Path, solutions: Path) -> str | None:
    """Make `folder` (the learner's filled-in submission) one of the planted cases when the learner is one;
    return what was planted, or None."""
    if learner_id in COPIES:
        source = COPIES[learner_id]
        copied = copy_answers(folder, simulate(source, sector=sectors[source]))
        return f"copied {copied} numeric answers from {source}"
    if learner_id in SWAPS:
        source, notebook = SWAPS[learner_id]
        hand_in_notebook_of(folder, notebook, assigned / source, Persona(source, _skill(source)), sectors[source],
                            solutions)
        return f"handed in {source}'s {notebook}"
    return None


def copy_answers(folder: Path, source: StoreData) -> int:
    """Set every numeric exercise's answer under `folder` to the source store's right answer, on a last line after
    the cell's own steps; return how many."""
    copied = 0
    for path in sorted(folder.rglob("*.ipynb")):
        nb = read(path)
        for cell in list(exercise_cells(path, nb)):
            exercise = exercises.get(cell.exercise_id)
            if exercise.kind == "number" and exercise.expected is not None:
                steps = nb.cells[cell.index].source.rstrip("\n")  # kept: later cells read the steps' names
                nb.cells[cell.index].source = f"{steps}\nanswer = {float(exercise.expected(source))!r}  {COPIED_NOTE}"
                copied += 1
        nbformat.write(nb, path)
    return copied


def hand_in_notebook_of(folder: Path, notebook: str, source_assigned: Path, source: Persona, sector: str,
                        solutions: Path) -> None:
    """Replace `notebook` in `folder` with the source learner's own filled-in copy (as they would hand it in)."""
    with tempfile.TemporaryDirectory() as tmp:
        theirs = Path(shutil.copytree(source_assigned, Path(tmp) / "theirs",
                                      ignore=shutil.ignore_patterns("store", "*.jsonl")))
        fill_notebooks(theirs, source, sector, solutions)  # the whole folder: the same choices as their own
        shutil.copyfile(theirs / notebook, folder / notebook)


def simulated_answers(persona: Persona, data: StoreData, workbook: Path, solutions: Path) -> dict[str, float]:
    """Return {exercise: number} that `fill_notebooks` would make the persona's notebooks hand `course.check`."""
    rng = _rng(persona.learner_id, "exercises")
    found: dict[str, float] = {}
    for path in sorted(p for p in workbook.rglob("*.ipynb") if "templates" not in p.relative_to(workbook).parts):
        for cell in exercise_cells(path):
            source = _answer(cell.exercise_id, persona, data, solutions, rng)
            value = _number_of(cell.exercise_id, source, data, solutions)
            if value is not None:
                found[cell.exercise_id] = value
    return found


def _number_of(exercise_id: str, source: str | None, data: StoreData, solutions: Path) -> float | None:
    exercise = exercises.get(exercise_id)
    if source is None or exercise.kind != "number" or exercise.expected is None:
        return None
    if source == (solutions / f"{exercise_id}.py").read_text(encoding="utf-8").rstrip("\n"):
        return float(exercise.expected(data))
    return float(ast.literal_eval(written_literal(source)))


def written_literal(source: str) -> str:
    """The value a simulated mistake or copy writes on the cell's last line, `answer = <literal>  # ...`."""
    return source.rstrip("\n").splitlines()[-1].split("=", 1)[1].split("#", 1)[0].strip()


def _skill(learner_id: str) -> float:
    from course.commands.demo import SKILLS

    return SKILLS.get(learner_id, 0.6)


def slip(value: float, rng: random.Random) -> float:
    """Return an honest slip on a right answer: off by 5-40% either way, rounded as a learner might write it."""
    wrong = value * (1 + rng.choice((-1, 1)) * rng.uniform(0.05, 0.4))
    return float(round(wrong)) if float(value).is_integer() else round(wrong, rng.choice((1, 2)))
