"""The CI harness: every notebook, in both editions, for three learners in different sectors.

1. papermill executes each notebook into build/nbrun/<edition>/<learner>/ (never over the sources);
2. every check cell must say "Correct" (solution edition) or "Not attempted yet" (learner edition),
   and the results output must list every exercise of the notebook with that status;
3. `pytest --nbval` then re-executes the executed copies and every output must reproduce exactly.
A failure names the notebook, the learner and the cell. Run times go to build/nbrun/timings.csv.

Authors can run just their own notebooks: `COURSE_NOTEBOOKS=4.1 pytest tests/test_notebooks_run.py` runs
the notebooks whose path contains "4.1" (comma-separate several), in build/nbrun-4.1/.
"""

from __future__ import annotations

import csv
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import papermill
import pytest

from course import progress
from course.notebooks import build_edition, exercise_cells, read
from tests.secrets import leaks

ROOT = Path(__file__).resolve().parents[1]
ONLY = [part.strip() for part in os.environ.get("COURSE_NOTEBOOKS", "").split(",") if part.strip()]
BUILD = ROOT / "build" / ("nbrun-" + "-".join(ONLY) if ONLY else "nbrun")
SANITIZE = Path(__file__).with_name("nbval-sanitize.cfg")
LEARNERS = [("nb-amara", "apparel"), ("nb-ben", "grocery"), ("nb-chen", "electronics")]
EXPECTED = {"solutions": ("correct", "✔ Correct"), "learner": ("not_attempted", "… Not attempted yet")}
# Kernels draw figures inline so executed notebooks keep their charts; a stray MPLBACKEND=agg in the
# environment would silently drop them (and make the two runs differ).
INLINE = "module://matplotlib_inline.backend_inline"

pytestmark = pytest.mark.notebooks


@pytest.mark.parametrize("edition", sorted(EXPECTED))
@pytest.mark.parametrize("learner_id, sector", LEARNERS)
def test_workbook_runs_and_reproduces(edition: str, learner_id: str, sector: str, monkeypatch) -> None:
    monkeypatch.setenv("MPLBACKEND", INLINE)
    run_dir = BUILD / edition / learner_id
    shutil.rmtree(run_dir, ignore_errors=True)
    source = build_edition(edition, src=ROOT / "notebooks", out=run_dir / "source",
                           solutions=ROOT / "solutions" / "exercises")
    executed = []
    for notebook in source:
        if ONLY and not any(part in str(notebook.relative_to(run_dir / "source")) for part in ONLY):
            continue
        relative = notebook.relative_to(run_dir / "source")
        target = run_dir / "executed" / relative
        seconds, cpu = _execute(notebook, target, relative, edition, learner_id, sector, run_dir)
        _record_time(edition, learner_id, relative, seconds, cpu)
        _assert_checks(target, relative, edition, learner_id)
        assert leaks(target.read_text(encoding="utf-8")) == [], f"{relative}: a quiz answer is in the saved notebook"
        executed.append(target)
    assert executed, f"COURSE_NOTEBOOKS={','.join(ONLY)} matches no notebook under notebooks/"
    _assert_reproduces_under_nbval(executed, run_dir, edition, learner_id)


def _execute(notebook: Path, target: Path, relative: Path, edition: str, learner_id: str, sector: str,
             run_dir: Path) -> tuple[float, float]:
    """Run one notebook; return (wall seconds, CPU seconds of the kernel and papermill together)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    started, cpu_before = time.perf_counter(), _cpu()
    try:
        papermill.execute_notebook(
            str(notebook), str(target), kernel_name="python3", progress_bar=False, cwd=str(target.parent),
            parameters={"learner_id": learner_id, "sector": sector,
                        "progress_path": str(run_dir / "progress.jsonl")})
    except papermill.PapermillExecutionError as err:
        pytest.fail(f"{relative} failed for learner {learner_id!r} ({edition} edition) in cell "
                    f"{err.cell_index} (execution count {err.exec_count}): {err.ename}: {err.evalue}", pytrace=False)
    return time.perf_counter() - started, _cpu() - cpu_before


def _cpu() -> float:
    """CPU seconds used so far by this process and its finished children (the kernels)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _assert_checks(target: Path, relative: Path, edition: str, learner_id: str) -> None:
    status, words = EXPECTED[edition]
    nb = read(target)
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for output in cell.get("outputs", []):
            assert output.get("output_type") != "error", \
                f"{relative}, learner {learner_id!r}, cell {index}: error output {output.get('ename')}"
        if cell.source.lstrip().startswith("course.check("):
            shown = " ".join(o.get("data", {}).get("text/plain", "") for o in cell.outputs)
            assert words in shown, f"{relative}, learner {learner_id!r} ({edition}), cell {index}: {shown[:300]}"
    exercise_ids = {c.exercise_id for c in exercise_cells(target, nb)}
    payloads = progress.read_results(target)
    assert payloads, f"{relative}: no results output (is course.results() the last cell?)"
    results = {r["item_id"]: r["status"] for r in payloads[-1]["results"] if r["kind"] == "exercise"}
    assert exercise_ids <= set(results), f"{relative}: results miss {exercise_ids - set(results)}"
    wrong = {i: s for i, s in results.items() if i in exercise_ids and s != status}
    assert not wrong, f"{relative}, learner {learner_id!r} ({edition}): {wrong}"


def _assert_reproduces_under_nbval(executed: list[Path], run_dir: Path, edition: str, learner_id: str) -> None:
    ini = run_dir / "pytest.ini"
    ini.write_text("[pytest]\n", encoding="utf-8")
    command = [sys.executable, "-m", "pytest", "-c", str(ini), "--rootdir", str(run_dir), "-p", "no:cacheprovider",
               "-p", "no:xdist", "--nbval", "--nbval-current-env", "--nbval-sanitize-with", str(SANITIZE),
               "--nbval-cell-timeout", "120", "-q", *map(str, executed)]
    done = subprocess.run(command, capture_output=True, text=True, cwd=run_dir,
                          env={**os.environ, "MPLBACKEND": INLINE})
    if done.returncode != 0:
        failures = [ln for ln in done.stdout.splitlines() if "FAILED" in ln or "Error" in ln][:15]
        pytest.fail(f"nbval: outputs did not reproduce for learner {learner_id!r} ({edition} edition):\n"
                    + "\n".join(failures) + "\n" + done.stdout[-3000:], pytrace=False)


def _record_time(edition: str, learner_id: str, relative: Path, seconds: float, cpu: float) -> None:
    path = BUILD / "timings.csv"
    new = not path.exists()
    with path.open("a", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        if new:
            writer.writerow(["edition", "learner_id", "notebook", "wall_seconds", "cpu_seconds"])
        writer.writerow([edition, learner_id, str(relative), f"{seconds:.2f}", f"{cpu:.2f}"])
