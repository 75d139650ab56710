"""Round trip: a quiz notebook run by papermill, then re-run and compared by nbval.

nbval compares every MIME type of an output's data except the widget view (and PNG/JPEG), so
the quiz's text/plain and text/html must be deterministic; the saved notebook (outputs and
metadata.widgets) must not hold any answer.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import nbformat
import papermill
import pytest

from course.quiz import load_bank, quiz
from course.quiz.canonical import reveal
from tests.helpers import run_nbval

REPO = Path(__file__).resolve().parents[1]
FIXTURE = Path(__file__).parent / "fixtures" / "banks" / "sampler.yaml"


def _notebook(path: Path) -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    parameters = nbformat.v4.new_code_cell('bank_path = ""')
    parameters.metadata["tags"] = ["parameters"]
    nb.cells = [
        parameters,
        nbformat.v4.new_code_cell("from course.quiz import quiz\nquiz('sampler', path=bank_path)"),
        nbformat.v4.new_code_cell("quiz('sampler', path=bank_path, concept='PDCA')"),
    ]
    nbformat.write(nb, path)


@pytest.mark.notebooks
def test_papermill_then_nbval(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pythonpath = os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    monkeypatch.setenv("PYTHONPATH", pythonpath)
    monkeypatch.setenv("COURSE_PROGRESS_PATH", str(tmp_path / "progress.jsonl"))
    monkeypatch.setenv("MPLBACKEND", "agg")
    _notebook(tmp_path / "in.ipynb")
    out = tmp_path / "out.ipynb"
    papermill.execute_notebook(str(tmp_path / "in.ipynb"), str(out), kernel_name="python3",
                               parameters={"bank_path": str(FIXTURE)}, cwd=str(tmp_path),
                               progress_bar=False)

    saved = nbformat.read(out, as_version=4)
    shown = [o for cell in saved.cells for o in cell.get("outputs", [])]
    scripts = [o for o in shown if "application/javascript" in o.get("data", {})]  # arrow keys (course.keyboard)
    outputs = [o for o in shown if o not in scripts]
    assert len(outputs) == 2 and len(scripts) == 2
    assert all(set(o["data"]) == {"application/javascript", "text/plain"} for o in scripts)
    assert all(set(o["data"]) == {"text/plain", "text/html",
                                  "application/vnd.jupyter.widget-view+json"} for o in outputs)
    assert outputs[0]["data"]["text/plain"] == quiz("sampler", path=FIXTURE).to_text()
    _assert_no_answers(out.read_text(encoding="utf-8"))

    run = run_nbval(out, timeout=120)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert "4 passed" in run.stdout


def _assert_no_answers(saved_json: str) -> None:
    data = json.loads(saved_json)
    assert "widgets" in data["metadata"], "papermill should save the widget state"
    source = load_bank(FIXTURE)
    sealed = quiz("sampler", path=FIXTURE).bank
    assert sealed.salt not in saved_json and "sha256" not in saved_json
    assert '"correct": true' not in saved_json and "correct: true" not in saved_json
    for question in source.questions:
        assert json.dumps(question.explanation)[1:-1] not in saved_json, question.id
        for option in getattr(question, "options", []):
            if option.feedback:
                assert json.dumps(option.feedback)[1:-1] not in saved_json
            if option.misconception:
                assert option.misconception not in saved_json
    sealed_q = sealed.question("smp-smart-m")
    assert reveal(sealed.salt, sealed_q.id, "explanation", sealed_q.explanation_sealed) \
        not in saved_json
    assert "checking" not in saved_json.lower()
