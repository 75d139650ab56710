"""The CI harness: every notebook for four learners (one in each sector) in the solution edition, one in the learner's.

Each test is one notebook for one learner in one edition, so pytest-xdist spreads them over the workers.
1. papermill executes the notebook into build/nbrun/<edition>/<learner>/executed/ (never over the sources), in a
   kernel forked from a pre-imported parent as `course run` does (course.tutor.forked), each learner's store
   simulated once into build/nbrun/store-cache/ and loaded after that (course.store.cache, as in `course run`);
2. every check cell must say "Correct" (solution edition) or "Not attempted yet" (learner edition), no
   cell may have an error output, the results output must list every exercise of the notebook with that
   status, and no quiz answer may be saved in it;
   One learner's solution edition (AGG) runs under matplotlib's agg backend, so a chart that draws on the
   previous cell's figure fails here (see test_notebooks_agg.py for the static check beside it);
3. once for every notebook, `pytest --nbval` then re-executes one executed copy in an ordinary kernel of its own,
   and every output must reproduce exactly (so a forked kernel's outputs match a fresh one's). The notebooks take
   turns in workbook order: the 1st, 3rd, 5th... are re-run in the learner edition (its learner, the one a learner
   opens in a fresh kernel in JupyterLab), the 2nd, 4th... in the solution edition for REPRODUCED's learner, so
   each edition's own cells (blanks, model answers) are re-run too. The other copies are checked as in 2;
4. in the learner edition, no output may show a numeric exercise's answer before the exercise asks for it,
   in that notebook or for any later notebook's exercise (course.tutor.leaks; issue 14).
A failure names the notebook, the learner and the cell. Run times go to build/nbrun/timings.csv.

Authors can run just their own notebooks: `COURSE_NOTEBOOKS=4.1 pytest tests/test_notebooks_run.py` runs
the notebooks whose path contains "4.1" (comma-separate several), in build/nbrun-4.1/.
"""

from __future__ import annotations

import contextlib
import csv
import os
import resource
import shutil
import subprocess
import sys
import time
from functools import cache
from pathlib import Path

import papermill
import pytest

from course import progress
from course.notebooks import EDITIONS, exercise_cells, read, workbook
from course.store import cache as store_cache
from course.tutor import leaks as answer_leaks
from course.tutor.kernels import LoggedKernelManager, logged_manager
from tests.secrets import leaks

ROOT = Path(__file__).resolve().parents[1]
ONLY = [part.strip() for part in os.environ.get("COURSE_NOTEBOOKS", "").split(",") if part.strip()]
BUILD = ROOT / "build" / ("nbrun-" + "-".join(ONLY) if ONLY else "nbrun")
STORES = store_cache.kernel_env(BUILD)  # each learner's store simulated once, as in `course run` (course.store.cache)
SANITIZE = Path(__file__).with_name("nbval-sanitize.cfg")
LEARNERS = [("nb-amara", "apparel"), ("nb-ben", "grocery"), ("nb-chen", "electronics"), ("nb-dylan", "homeware")]
# The solution edition runs for all four sectors, so every sector's store is run through every notebook with every
# check "Correct". The learner edition differs from it only in its exercise cells (blanks), so it runs for one
# learner, which keeps `make test` under 12 minutes with 16 notebooks; its answer-leak scan covers 12 learners,
# 3 per sector, in `make sweep-leaks`, run before notebook changes land.
LEARNER_EDITION = ("nb-amara",)
REPRODUCED = {"learner": "nb-amara", "solutions": "nb-ben"}  # whose executed copies nbval re-runs (see 3)
# One learner's solution edition runs under the agg backend instead (issue 14, part 7): the inline backend starts a
# fresh figure for every cell, which hides a chart that draws on whatever figure is current instead of making its
# own; under agg (or a learner's ipympl widgets) it lands on the previous cell's axes and can fail.
AGG = ("solutions", "nb-chen")
EXPECTED = {"solutions": ("correct", "✔ Correct"), "learner": ("not_attempted", "… Not attempted yet")}
# Kernels draw figures inline so executed notebooks keep their charts; a stray MPLBACKEND=agg in the
# environment would silently drop them (and make the two runs differ).
INLINE = "module://matplotlib_inline.backend_inline"
# nbval's pytest, started without rfc3987-syntax: jsonschema (through nbformat) builds its IRI grammars at
# import, about 3 s of CPU per re-run, for a format check no notebook uses. Without it jsonschema skips that check.
# Its pytest loads nbval alone (PYTEST_DISABLE_PLUGIN_AUTOLOAD, then `-p nbval.plugin`), not hypothesis, xdist or anyio.
NBVAL_PYTEST = "import sys; sys.modules['rfc3987_syntax'] = None; import pytest; raise SystemExit(pytest.main())"

pytestmark = pytest.mark.notebooks


@cache
def _workbook_names() -> list[str]:
    """Every notebook of the workbook, in order (paths relative to notebooks/), whatever COURSE_NOTEBOOKS says."""
    return [path.relative_to(ROOT / "notebooks").as_posix() for path in workbook(ROOT / "notebooks")]


NOTEBOOKS = [name for name in _workbook_names() if not ONLY or any(part in name for part in ONLY)]  # to run
EDITIONS_BY_TURN = ("learner", "solutions")  # which edition nbval re-runs, by the notebook's place (see 3)


def _reproduces(edition: str, learner_id: str, name: str) -> bool:
    """Whether this case's executed copy is the one nbval re-runs: REPRODUCED's learner, in the edition whose turn
    it is for this notebook (a COURSE_NOTEBOOKS selection keeps the whole workbook's turns)."""
    turn = EDITIONS_BY_TURN[_workbook_names().index(name) % len(EDITIONS_BY_TURN)]
    return REPRODUCED[edition] == learner_id and turn == edition


# The re-executed (slower) cases come first, so that the workers do not finish on a long one.
CASES = sorted((pytest.param(edition, learner_id, sector, name, id=f"{edition}-{learner_id}-{name}")
                for edition in EDITIONS for learner_id, sector in LEARNERS for name in NOTEBOOKS
                if edition == "solutions" or learner_id in LEARNER_EDITION),
               key=lambda case: not _reproduces(*case.values[:2], case.values[3]))


def test_course_notebooks_selects_a_notebook() -> None:
    assert NOTEBOOKS, f"COURSE_NOTEBOOKS={','.join(ONLY)} matches no notebook under notebooks/"


@pytest.mark.parametrize("edition, learner_id, sector, name", CASES)
def test_notebook_runs(editions: dict[str, Path], edition: str, learner_id: str, sector: str, name: str,
                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MPLBACKEND", "agg" if (edition, learner_id) == AGG else INLINE)
    relative = Path(name)
    run_dir = BUILD / edition / learner_id
    target = run_dir / "executed" / relative
    work = run_dir / "work" / relative.with_suffix("")  # this notebook's own progress log and portfolio
    target.unlink(missing_ok=True)
    shutil.rmtree(work, ignore_errors=True)
    seconds, cpu = _execute(editions[edition] / relative, target, relative, edition, learner_id, sector, work)
    _record_time(edition, learner_id, relative, seconds, cpu)
    _assert_checks(target, relative, edition, learner_id)
    assert leaks(target.read_text(encoding="utf-8")) == [], \
        f"{relative}, learner {learner_id!r} ({edition}): a quiz answer is in the saved notebook"
    if edition == "learner":
        _assert_no_answer_shown_early(target, relative, learner_id, sector)
    if _reproduces(edition, learner_id, name):
        _assert_reproduces_under_nbval(target, relative, work, edition, learner_id)


def test_every_notebook_is_reproduced_once_and_both_editions_take_turns() -> None:
    """What step 3 promises, from CASES itself: each selected notebook's copy is re-run by nbval exactly once."""
    reruns = [(case.values[0], case.values[3]) for case in CASES if _reproduces(*case.values[:2], case.values[3])]
    assert sorted(name for _, name in reruns) == sorted(NOTEBOOKS), f"not each notebook once: nbval re-runs {reruns}"
    if not ONLY:
        assert {edition for edition, _ in reruns} == set(EDITIONS), f"not both editions: nbval re-runs {reruns}"


def _execute(notebook: Path, target: Path, relative: Path, edition: str, learner_id: str, sector: str,
             work: Path) -> tuple[float, float]:
    """Run one notebook; return (wall seconds, CPU seconds of the kernel and papermill together)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    work.mkdir(parents=True, exist_ok=True)
    started, cpu_before = time.perf_counter(), _cpu()
    kernel_cpu: list[float] = []
    try:
        papermill.execute_notebook(
            str(notebook), str(target), kernel_name="python3", progress_bar=False, cwd=str(target.parent),
            parameters={"learner_id": learner_id, "sector": sector, "progress_path": str(work / "progress.jsonl")},
            request_save_on_cell_execute=False,  # written once at the end (and on an error), not after every cell
            start_timeout=180,  # a worker's first kernel waits for its fork server's imports (60 s is short if loaded)
            kernel_manager_class=logged_manager(log=work / "kernel.log",  # forked, as `course run`'s kernels are
                                                extra_env={"MPLBACKEND": os.environ["MPLBACKEND"], **STORES},
                                                base=_TimedKernelManager, cpu=kernel_cpu))
    except papermill.PapermillExecutionError as err:
        pytest.fail(f"{relative} failed for learner {learner_id!r} ({edition} edition) in cell "
                    f"{err.cell_index} (execution count {err.exec_count}): {err.ename}: {err.evalue}", pytrace=False)
    return time.perf_counter() - started, _cpu() - cpu_before + sum(kernel_cpu)


def _cpu() -> float:
    """CPU seconds used so far by this process (papermill's side)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime + own.ru_stime


class _TimedKernelManager(LoggedKernelManager):
    """Notes its kernel's CPU seconds just before stopping it (a forked kernel is not this process's child, so
    RUSAGE_CHILDREN would miss it)."""
    cpu: list[float]

    async def shutdown_kernel(self, now: bool = False, restart: bool = False) -> None:  # type: ignore[override]
        with contextlib.suppress(OSError, AttributeError, ValueError):
            fields = Path(f"/proc/{self.provisioner.pid}/stat").read_text().rsplit(")", 1)[1].split()
            self.cpu.append((int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"))  # utime + stime
        await super().shutdown_kernel(now=now, restart=restart)


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
    assert payloads, f"{relative}, learner {learner_id!r}: no results output (is course.results() the last cell?)"
    results = {r["item_id"]: r["status"] for r in payloads[-1]["results"] if r["kind"] == "exercise"}
    missing = exercise_ids - set(results)
    assert not missing, f"{relative}, learner {learner_id!r}: results miss {missing}"
    wrong = {i: s for i, s in results.items() if i in exercise_ids and s != status}
    assert not wrong, f"{relative}, learner {learner_id!r} ({edition}): {wrong}"


@cache
def _answers(learner_id: str, sector: str) -> tuple[answer_leaks.Target, ...]:
    """Every numeric exercise's figure for this learner's store (from the harness's store cache)."""
    return tuple(answer_leaks.targets(store_cache.load_or_simulate(store_cache.folder(BUILD), learner_id,
                                                                   sector=sector)))


def _assert_no_answer_shown_early(executed: Path, relative: Path, learner_id: str, sector: str) -> None:
    """Scanning each notebook for its own exercises (before their checks) and for every later notebook's
    is the whole-workbook leak test, one notebook at a time, so it needs no other notebook's copy."""
    found = answer_leaks.scan_notebook(read(executed), relative.as_posix(), _answers(learner_id, sector),
                                       _workbook_names())
    assert not found, (f"{relative}, learner {learner_id!r}: an exercise's answer is shown before it is asked:\n"
                       + "\n".join(map(str, found)))


def _assert_reproduces_under_nbval(executed: Path, relative: Path, work: Path, edition: str,
                                   learner_id: str) -> None:
    ini = work / "pytest.ini"
    ini.write_text("[pytest]\n", encoding="utf-8")
    command = [sys.executable, "-c", NBVAL_PYTEST, "-c", str(ini), "--rootdir", str(executed.parent),
               "-p", "no:cacheprovider", "-p", "nbval.plugin", "--nbval", "--nbval-current-env",
               "--nbval-sanitize-with", str(SANITIZE), "--nbval-cell-timeout", "120", "-q", str(executed)]
    done = subprocess.run(command, capture_output=True, text=True, cwd=executed.parent, check=False,
                          env={**os.environ, "MPLBACKEND": INLINE, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1", **STORES})
    if done.returncode != 0:
        failures = [ln for ln in done.stdout.splitlines() if "FAILED" in ln or "Error" in ln][:15]
        pytest.fail(f"nbval: {relative} did not reproduce its outputs for learner {learner_id!r} "
                    f"({edition} edition):\n" + "\n".join(failures) + "\n" + done.stdout[-3000:], pytrace=False)


def _record_time(edition: str, learner_id: str, relative: Path, seconds: float, cpu: float) -> None:
    path = BUILD / "timings.csv"
    new = not path.exists()
    with path.open("a", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        if new:
            writer.writerow(["edition", "learner_id", "notebook", "wall_seconds", "cpu_seconds"])
        writer.writerow([edition, learner_id, relative.as_posix(), f"{seconds:.2f}", f"{cpu:.2f}"])
