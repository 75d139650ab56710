"""3.1 run with one exercise cell stopped by an error and the next left as handed out: the KPI scorecard shows the
reminder for both, never another exercise's figure (the previous answer stays in `answer` after an error).

One notebook, under nbclient with errors allowed, as a learner runs it top to bottom in JupyterLab.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from course.notebooks import exercise_cells, read, tags

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "3-reviewing" / "3.1-measuring-service.ipynb"
SOLUTIONS = ROOT / "solutions" / "exercises"
STOPPED, UNTOUCHED = "kpi-nps", "kpi-ces"  # NPS: a typo stops its cell; CES: left as handed out
REMINDER = "not worked out yet"

pytestmark = pytest.mark.notebooks


def _learners_copy(tmp_path: Path) -> nbformat.NotebookNode:
    nb = read(NOTEBOOK)
    for cell in exercise_cells(NOTEBOOK, nb):
        if cell.exercise_id == STOPPED:
            nb.cells[cell.index].source = "answer = promoterz - detractors   # a typo: NameError"
        elif cell.exercise_id != UNTOUCHED:
            nb.cells[cell.index].source = (SOLUTIONS / f"{cell.exercise_id}.py").read_text(encoding="utf-8")
    parameters = next(c for c in nb.cells if c.cell_type == "code" and "parameters" in tags(c))
    parameters.source = (f'learner_id = "stale-run"\nsector = "grocery"\ndata_dir = None\n'
                          f'progress_path = {str(tmp_path / "progress.jsonl")!r}')
    nb.cells.append(nbformat.v4.new_code_cell(
        'import json\nprint(json.dumps({m: str(v) for m, v in zip(scorecard["measure"], scorecard["value"])}))'))
    return nb


def _text(cell: nbformat.NotebookNode) -> str:
    return " ".join(str(o.get("text", "")) + str(o.get("data", {}).get("text/plain", "")) for o in cell.outputs)


def test_the_scorecard_never_shows_the_previous_exercises_figure(tmp_path: Path) -> None:
    nb = _learners_copy(tmp_path)
    NotebookClient(nb, timeout=300, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    errors = [(i, o.ename) for i, c in enumerate(nb.cells) if c.cell_type == "code" for o in c.outputs
              if o.output_type == "error"]
    stopped = next(c.index for c in exercise_cells(NOTEBOOK, nb) if c.exercise_id == STOPPED)
    assert errors == [(stopped, "NameError")], "only the cell with the typo may fail"
    check = _text(nb.cells[stopped + 1])
    assert "Not attempted yet" in check and "previous exercise (kpi-csat)" in check, check
    values = json.loads(nb.cells[-1].outputs[0]["text"])
    assert values["NPS"] == REMINDER and values["CES"] == REMINDER, values
    assert values["CSAT"] != REMINDER and list(values.values()).count(values["CSAT"]) == 1, values
    attempts = [json.loads(line)["item_id"] for line in (tmp_path / "progress.jsonl").read_text().splitlines()]
    assert STOPPED not in attempts and UNTOUCHED not in attempts and "kpi-csat" in attempts
