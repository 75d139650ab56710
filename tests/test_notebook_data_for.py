"""Each exercise an import could run on has its `data = course.data_for("<id>")` cell, and no other exercise does.

An import gives at most sales, basket lines, products, customers and footfall (course/importer). An exercise
whose tables are all among those picks its store with a data_for cell after the previous exercise, so the
learner's working and the check use the same store (course.store.partial). A data-reading exercise of any other
kind, after such a cell, follows a `data = course.data_for(None)` cell: back to the notebook's own store, whose
tables for it are the practice store's, as its check's are.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from course.exercises.needs import needs
from course.notebooks import read, workbook
from course.store import simulate

ROOT = Path(__file__).resolve().parents[1] / "notebooks"
IMPORTABLE = frozenset({"transactions", "transaction_lines", "products", "customers", "footfall"})
PICK = re.compile(r'^data = course\.data_for\((?:"([a-z0-9-]+)"|None)\)', re.MULTILINE)
NOTEBOOKS = [p.relative_to(ROOT).as_posix() for p in workbook(ROOT)]


@pytest.fixture(scope="module")
def store():  # type: ignore[no-untyped-def]
    return simulate("table-needs", sector="grocery")


def _walk(name: str) -> list[tuple[str, str]]:
    """The notebook's exercise cells and data_for cells in order: ("exercise", id) or ("pick", id or "")."""
    steps = []
    for cell in read(ROOT / name).cells:
        tags = cell.get("metadata", {}).get("tags", [])
        exercise = next((t.removeprefix("exercise:") for t in tags if t.startswith("exercise:")), None)
        if exercise is not None:
            steps.append(("exercise", exercise))
            continue
        if cell.cell_type == "code":
            steps += [("pick", m.group(1) or "") for m in PICK.finditer(cell.source)]
    return steps


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_exercises_an_import_could_run_pick_their_data(name: str, store) -> None:  # type: ignore[no-untyped-def]
    picked: set[str] = set()  # data_for cells since the previous exercise
    on_exercise_data = False  # a data_for("<id>") cell has run and no data_for(None) since
    for kind, value in _walk(name):
        if kind == "pick":
            picked.add(value)
            on_exercise_data = value != ""
            continue
        used = needs(value, store)
        if used and used <= IMPORTABLE:
            assert value in picked, f"{name}: {value} has no data_for(\"{value}\") cell before it"
        else:
            assert not picked - {""}, f"{name}: {value} has a data_for cell, but an import could never run it"
            assert not (used and on_exercise_data), \
                f"{name}: {value} follows a data_for(\"...\") cell: put data = course.data_for(None) before it"
        assert picked <= {value, ""}, f"{name}: a data_for cell before {value} names {sorted(picked)}"
        picked = set()
    assert not picked - {""}, f"{name}: a data_for cell after the last exercise"
