"""The workbook's notebooks as data: where they are, their tagged cells, and the two editions.

The learner edition is notebooks/ as committed. The solution edition is the same notebooks with
each `exercise:<id>` cell's source replaced by solutions/exercises/<id>.py. A stretch exercise (optional
free coding) is built like any other; its heading, exercise and check cells are also tagged `stretch`.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from course.blank import NAME as BLANK

if TYPE_CHECKING:  # nbformat imports jsonschema (seconds): only the functions that read or write notebooks load it
    import nbformat

EXERCISE_TAG = "exercise:"
PARAMETERS_TAG = "parameters"
STRETCH_TAG = "stretch"  # on a stretch exercise's heading, exercise and check cells
STRETCH_HEADING = "Stretch (optional, for those who want to code)"  # how a stretch exercise's heading starts
PLACEHOLDER = "answer = None  # your working here"
EDITIONS = ("learner", "solutions")


@dataclass(frozen=True)
class ExerciseCell:
    """A notebook cell tagged as an exercise, with its place and source."""
    notebook: Path
    index: int
    exercise_id: str
    source: str


def workbook(root: Path) -> list[Path]:
    """Return the workbook's notebooks under `root`, in reading order (checkpoints and templates excluded)."""
    return sorted(p for p in root.rglob("*.ipynb")
                  if ".ipynb_checkpoints" not in p.parts and "templates" not in p.parts)


def read(path: Path) -> nbformat.NotebookNode:
    """Return a notebook, or raise ValueError naming the file when it is not a valid notebook."""
    import nbformat

    try:
        return nbformat.read(path, as_version=4)
    except Exception as err:  # noqa: BLE001 - nbformat raises several unrelated types for a broken file
        raise ValueError(f"{path}: not a readable notebook ({type(err).__name__}: {err})") from None


def tags(cell: nbformat.NotebookNode) -> list[str]:
    """Return a cell's tags (none if it has no metadata)."""
    return list(cell.get("metadata", {}).get("tags", []))


def exercise_cells(path: Path, nb: nbformat.NotebookNode | None = None) -> Iterator[ExerciseCell]:
    """Yield every cell tagged `exercise:<id>` in a notebook."""
    nb = nb if nb is not None else read(path)
    for index, cell in enumerate(nb.cells):
        for tag in tags(cell):
            if tag.startswith(EXERCISE_TAG):
                yield ExerciseCell(path, index, tag[len(EXERCISE_TAG):], cell.source)


def is_learner_cell(source: str) -> bool:
    """Return True if an exercise cell is as the learner edition hands it out: the placeholder, or a
    skeleton whose blanks ___ are still to fill (a filled cell is a solution, or a learner's work)."""
    return source.rstrip().splitlines()[-1:] == [PLACEHOLDER] or BLANK in source


def solution_path(solutions: Path, exercise_id: str) -> Path:
    """Return where an exercise's model answer lives in the solutions folder."""
    return solutions / f"{exercise_id}.py"


def build_edition(edition: str, *, src: Path, out: Path, solutions: Path) -> list[Path]:
    """Write an edition of every notebook under `src` into `out` (same relative paths); return them.

    Refuses to write into `src` itself, so the learner edition can never be overwritten.
    """
    if edition not in EDITIONS:
        raise ValueError(f"unknown edition {edition!r}; choose one of: {', '.join(EDITIONS)}")
    if out.resolve() == src.resolve() or src.resolve() in out.resolve().parents:
        raise ValueError(f"--out {out} is inside {src}; build editions somewhere else, e.g. build/solutions")
    import nbformat

    written = []
    for path in workbook(src):
        target = out / path.relative_to(src)
        target.parent.mkdir(parents=True, exist_ok=True)
        if edition == "learner":
            shutil.copyfile(path, target)
        else:
            nbformat.write(with_solutions(read(path), path, solutions), target)
        written.append(target)
    return written


def with_solutions(nb: nbformat.NotebookNode, path: Path, solutions: Path) -> nbformat.NotebookNode:
    """Return a copy of `nb` with each exercise cell's source replaced by its solution file."""
    import nbformat

    solved = nbformat.from_dict(nb)
    for cell in exercise_cells(path, solved):
        answer = solution_path(solutions, cell.exercise_id)
        if not answer.exists():
            raise ValueError(f"{path}: cell {cell.index} is exercise {cell.exercise_id!r} but "
                             f"{answer} does not exist; write the solution there")
        solved.cells[cell.index].source = answer.read_text(encoding="utf-8").rstrip("\n")
    return solved
