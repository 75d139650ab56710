"""The exercise package's layout: each exercise registered by the module of the notebook that asks it,
and each misconception id meaning one thing (one name, one fix) wherever it is used."""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

from course import exercises
from course.exercises.misconceptions import MISCONCEPTIONS

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def _tagged() -> dict[str, set[str]]:
    """Return {notebook path under notebooks/: exercise ids of its cells tagged exercise:<id>}."""
    found: dict[str, set[str]] = defaultdict(set)
    for path in NOTEBOOKS.rglob("*.ipynb"):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            for tag in cell.get("metadata", {}).get("tags", []):
                if tag.startswith("exercise:"):
                    found[path.relative_to(NOTEBOOKS).as_posix()].add(tag.removeprefix("exercise:"))
    return found


def test_every_exercise_is_registered_with_the_notebook_that_tags_it() -> None:
    tagged = _tagged()
    for exercise_id in exercises.ids():
        notebook = exercises.notebook_of(exercise_id)
        assert exercise_id in tagged.get(notebook, set()), f"{exercise_id}: no cell in {notebook} is tagged for it"
    for notebook, ids in tagged.items():
        assert ids == set(exercises.ids(notebook)), f"{notebook}: tagged and registered exercises differ"


def test_each_notebook_module_registers_exercises_for_its_notebook() -> None:
    for name, module in list(sys.modules.items()):
        if name.startswith("course.exercises.nb_") and hasattr(module, "NOTEBOOK"):
            assert exercises.ids(module.NOTEBOOK), f"{name} declares {module.NOTEBOOK} but registers nothing for it"


def test_ids_of_a_folder_are_its_notebooks_exercises() -> None:
    planning = exercises.ids(folder="1-planning")
    assert set(planning) == set(exercises.ids("1-planning/1.1-service-standards-and-plans.ipynb")) | set(
        exercises.ids("1-planning/1.2-staffing-to-footfall.ipynb"))
    assert "plan-peak-hour" in planning and "kpi-atv" not in planning


def test_no_misconception_id_has_two_names_or_fixes() -> None:
    seen: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for exercise_id in exercises.ids():
        for mis in exercises.get(exercise_id).misconceptions:
            seen[mis.id].add((mis.name, mis.fix))
    doubled = {mid: wordings for mid, wordings in seen.items() if len(wordings) > 1}
    assert not doubled, f"misconception ids declared with different wording: {sorted(doubled)}"
    for mid, mis in MISCONCEPTIONS.items():
        assert seen.get(mid) == {(mis.name, mis.fix)}, f"{mid} is in the catalogue but used differently or not at all"


def test_producing_keeps_the_declared_id_name_and_fix() -> None:
    declared = MISCONCEPTIONS["nps-as-mean"]
    made = declared.producing(lambda d: 1.0)
    assert (made.id, made.name, made.fix) == (declared.id, declared.name, declared.fix)
    assert made.wrong is not None and declared.wrong is None
