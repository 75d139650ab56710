"""Faults during a cohort run (`course run`): killed kernels, endless notebooks, a full or read-only disk,
a gradebook write failing half way, Ctrl-C mid-cohort, and the run resumed after each.

After every fault: nothing already finished is lost (finished result files are compared before and
after; tally("data lost", n) must total 0), no half-written file is left (no *.tmp, executed copies all
complete), no submission is modified (every file hashed before and after), and the gradebook agrees
with the result files on disk (each result goes in with one transaction: all of its rows or none).

The submissions are tiny notebooks that start in a second (no `import course`): they hand over their answer
and display a results output themselves, as course.handover and `course.results()` would; the runner judges
the answer against the learner's store (so `answer = RIGHT` is worked out here from the same store). Reports
are not made (run._make_reports is replaced; the report verb has its own tests). Some tests run the cohort's
tasks on threads in this process, so that a fault can be injected into the very code that writes results; the
others use the real process pool.
"""

from __future__ import annotations

import contextlib
import csv
import errno
import functools
import hashlib
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

import course
from course import exercises, files, progress, session
from course.cli import main as cli
from course.store import simulate
from course.tutor import gradebook, results, run
from tests.helpers import processes_working_in, shared_store_work

ROOT = Path(__file__).resolve().parents[2]
# Seconds per cell (a notebook may run 3x this in all): generous, as kernels start slowly on a busy machine.
TIMEOUT = 10
NOTEBOOKS = {"1-planning/f1.ipynb": "kpi-atv", "2-recording/f2.ipynb": "kpi-upt"}
PARAMS = 'learner_id = "demo"\nsector = "apparel"\ndata_dir = None\nprogress_path = None'
PLACEHOLDER = "answer = None  # your working here"
RESULTS = ('from IPython.display import display\nimport json, os\n'  # stands in for course.handover's hook
           'with open(os.environ["COURSE_ANSWERS_PATH"], "a") as handle:\n'
           '    handle.write(json.dumps({"item_id": "{id}", "answer": answer}) + "\\n")\n'
           'status = "not_attempted" if answer is None else "incorrect"  # it cannot know better\n'
           'display({"' + progress.RESULTS_MIME + '": {"schema": 1, "learner_id": learner_id, "notebook": "n",\n'
           '         "results": [{"item_id": "{id}", "kind": "exercise", "status": status,\n'
           '                      "misconception": None}]}, "text/plain": "results"}, raw=True)')
KILL = "import os\nos.kill(os.getpid(), 9)"
LOOP = "while True:\n    pass"


# --- the workbook, submissions and what a run leaves behind ---------------------------------------

def notebook(*cells: tuple[str, str | None]) -> nbformat.NotebookNode:
    nb = new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    for source, tag in cells:
        cell = new_code_cell(source)
        if tag:
            cell.metadata["tags"] = [tag]
        nb.cells.append(cell)
    return nb


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("workbook")
    for name, exercise in NOTEBOOKS.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(notebook((PARAMS, "parameters"), (PLACEHOLDER, f"exercise:{exercise}"),
                                (RESULTS.replace("{id}", exercise), None)), root / name)
    return root


def submit(workbook: Path, subs: Path, learner: str, answer: str = "answer = 1", *,
           extra: dict[str, str] | None = None) -> None:
    """Hand in every notebook with `answer` (RIGHT in it: the learner's right answer, as the runner judges it);
    `extra` puts a cell (KILL, LOOP, a sleep) before it in one notebook."""
    for name in NOTEBOOKS:
        nb = nbformat.read(workbook / name, as_version=4)
        if extra and name in extra:
            nb.cells.insert(1, new_code_cell(extra[name]))
        for cell in nb.cells:
            if any(t.startswith("exercise:") for t in cell.metadata.get("tags", [])):
                cell.source = answer.replace("RIGHT", repr(right_answer(learner, NOTEBOOKS[name])))
        target = subs / learner / name
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, target)


@functools.cache
def right_answer(learner: str, exercise_id: str) -> float:
    """The learner's right answer, from their store as the roster below defines it (apparel, the whole year)."""
    return exercises.reference_value(exercise_id, simulate(learner, sector="apparel"))


def roster(path: Path, learners: list[str]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([("learner_id", "name", "sector"), *((i, i.title(), "apparel") for i in learners)])
    return path


def hashes(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def finished(out: Path) -> dict[str, bytes]:
    """The result files on disk: what a fault must never take away."""
    folder = out / "results"
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*.json"))} \
        if folder.is_dir() else {}


def lost(before: dict[str, bytes], after: dict[str, bytes]) -> int:
    return sum(after.get(name) != data for name, data in before.items())


def assert_no_partial_files(out: Path, *, interrupted: bool = False) -> None:
    """No temporary files anywhere; every executed copy is a whole notebook whose run ended (papermill
    writes its output after every cell, so a copy caught mid-run has no end time), and one with a result
    (after Ctrl-C, a task may have been stopped between moving its copy in and writing its result)."""
    assert [p for p in out.rglob("*") if p.name.endswith(".tmp")] == []
    done = {name.removesuffix(".json") for name in finished(out)}
    for path in (out / "executed").rglob("*.ipynb") if (out / "executed").is_dir() else []:
        nb = nbformat.read(path, as_version=4)  # raises on a truncated file
        assert nb.metadata.get("papermill", {}).get("end_time"), f"{path}: a notebook caught mid-run"
        assert interrupted or path.relative_to(out / "executed").with_suffix("").as_posix() in done, path


def assert_gradebook_matches_results(out: Path, *, interrupted: bool = False) -> None:
    """Every result file on disk is in the gradebook exactly: its notebook_runs row and its results rows.

    After Ctrl-C, a result that reached the disk in the last instant may not be in the gradebook yet (the
    next run puts it in), but never in part.
    """
    with contextlib.closing(sqlite3.connect(out / "gradebook.sqlite")) as conn:
        runs = {(lr, nb): (st, kind) for lr, nb, st, kind in
                conn.execute("SELECT learner_id, notebook, status, failure_kind FROM notebook_runs")}
        rows = {(lr, it): st for lr, it, st in conn.execute("SELECT learner_id, item_id, status FROM results")}
    for data in map(json.loads, finished(out).values()):
        key = (data["learner_id"], data["notebook"])
        if interrupted and key not in runs:
            assert not [k for k in rows if k == (data["learner_id"], NOTEBOOKS[data["notebook"]])], key
            continue
        assert runs.get(key) == (data["status"], (data["failure"] or {}).get("kind")), key
        for entry in data["exercises"]:
            assert rows.get((data["learner_id"], entry["item_id"])) == entry["status"], (key, entry)
        if data["status"] != "ok":
            assert (data["learner_id"], NOTEBOOKS[data["notebook"]]) not in rows, key
    for key, (status, _) in runs.items():
        if status == "ok":
            assert json.loads((out / "results" / key[0] / Path(key[1]).with_suffix(".json")).read_bytes())


@contextlib.contextmanager
def threads(kind: str, *, jobs: int, scheduler: str | None = None) -> Iterator[ThreadPoolExecutor]:
    """An executor running the tasks on threads of this process, where a monkeypatched fault reaches them."""
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        yield pool


def course_run(subs: Path, out: Path, roster_file: Path, workbook: Path, *, jobs: int = 2,
               in_process: bool = False, timeout: float = TIMEOUT) -> tuple[int, str, str]:
    """`course run` through the CLI, reports left out; assert the submissions are untouched. Return status,
    stdout and stderr."""
    before = hashes(subs)
    stdout, stderr = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as patch, contextlib.redirect_stdout(stdout), \
            contextlib.redirect_stderr(stderr), warnings.catch_warnings(), shared_store_work():
        warnings.simplefilter("ignore")
        patch.setattr(run, "_make_reports", lambda out: 0)
        if in_process:
            patch.setattr(run.executors, "open_executor", threads)
        status = cli(["run", "--roster", str(roster_file), "--submissions", str(subs), "--out", str(out),
                      "--jobs", str(jobs), "--timeout", str(timeout), "--notebooks", str(workbook)])
    assert hashes(subs) == before, "a submission was written or changed"
    assert "Traceback" not in stderr.getvalue(), stderr.getvalue()
    return status, stdout.getvalue(), stderr.getvalue()


def statuses(out: Path) -> dict[tuple[str, str], str]:
    return {(d["learner_id"], d["notebook"]): d["status"] if d["status"] == "ok" else d["failure"]["kind"]
            for d in map(json.loads, finished(out).values())}


# --- kernels that die or never finish -----------------------------------------------------------------

@pytest.mark.notebooks
@pytest.mark.slow
def test_a_killed_kernel_and_an_endless_notebook_cost_only_their_own_notebook(workbook: Path, tmp_path: Path,
                                                                              tally) -> None:
    subs, out = tmp_path / "subs", tmp_path / "run"
    for learner in ("ann", "bob"):
        submit(workbook, subs, learner)
    assert course_run(subs, out, roster(tmp_path / "two.csv", ["ann", "bob"]), workbook)[0] == 0
    before = finished(out)
    assert len(before) == 4

    submit(workbook, subs, "kim", extra={"1-planning/f1.ipynb": KILL})
    submit(workbook, subs, "lou", extra={"2-recording/f2.ipynb": LOOP})
    started = time.perf_counter()
    status, stdout, _ = course_run(subs, out, roster(tmp_path / "four.csv", ["ann", "bob", "kim", "lou"]), workbook,
                                   timeout=8)
    tally("fault injected", 2)
    assert status == 1 and "4 unchanged since the last run" in stdout
    assert time.perf_counter() - started < 180
    assert statuses(out) == {**{(lr, nb): "ok" for lr in ("ann", "bob", "kim", "lou") for nb in NOTEBOOKS},
                             ("kim", "1-planning/f1.ipynb"): "kernel_died", ("lou", "2-recording/f2.ipynb"): "timeout"}
    assert "kernel_died" in stdout and "timeout" in stdout  # the summary names each failure
    tally("data lost", lost(before, finished(out)))
    assert lost(before, finished(out)) == 0
    assert_no_partial_files(out)
    assert_gradebook_matches_results(out)


# --- a full or read-only disk, in the middle of the cohort --------------------------------------------

class DiskFault:
    """After `allowed` result files, every write under RUN fails with `code` (ENOSPC: the disk is full,
    EROFS: it became read-only): both creating a temporary file and renaming one into place."""

    def __init__(self, out: Path, allowed: int, code: int) -> None:
        self.out, self.allowed, self.code, self.armed = str(out), allowed, code, True
        self.real_replace, self.real_mkstemp = os.replace, tempfile.mkstemp

    def _check(self, path: object) -> None:
        if self.armed and self.allowed <= 0 and str(path).startswith(self.out):
            raise OSError(self.code, os.strerror(self.code), str(path))

    def replace(self, src: object, dst: object, **kwargs: object) -> None:
        self._check(dst)
        self.real_replace(src, dst, **kwargs)  # type: ignore[arg-type]  # passes through whatever os.replace was given
        if str(dst).startswith(os.path.join(self.out, "results")):
            self.allowed -= 1

    def mkstemp(self, *args: object, dir: object = None, **kwargs: object) -> tuple[int, str]:
        self._check(dir)
        return self.real_mkstemp(*args, dir=dir, **kwargs)  # type: ignore[call-overload]  # passes through whatever tempfile.mkstemp was given


@pytest.mark.notebooks
@pytest.mark.slow
@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS], ids=["disk full", "read-only"])
def test_a_disk_that_fills_mid_cohort_loses_nothing_and_the_run_resumes(workbook: Path, tmp_path: Path,
                                                                        code: int, monkeypatch, tally) -> None:
    subs, out = tmp_path / "subs", tmp_path / "run"
    learners = ["ann", "bob", "cy"]
    for learner in learners:
        submit(workbook, subs, learner, "answer = RIGHT")  # every answer right: 100
    roster_file = roster(tmp_path / "roster.csv", learners)
    fault = DiskFault(out, allowed=2, code=code)
    monkeypatch.setattr(os, "replace", fault.replace)
    monkeypatch.setattr(files.tempfile, "mkstemp", fault.mkstemp)
    status, _, err = course_run(subs, out, roster_file, workbook, jobs=1, in_process=True)
    tally("fault injected")
    assert status == 2 and os.strerror(code) in err and len(err.strip().splitlines()) == 1, err
    assert "free some disk space" in err if code == errno.ENOSPC else "read-only" in err
    kept = finished(out)
    assert len(kept) == 2 and all(json.loads(d)["status"] == "ok" for d in kept.values())
    assert_no_partial_files(out)
    assert_gradebook_matches_results(out)
    with contextlib.closing(sqlite3.connect(out / "gradebook.sqlite")) as conn:
        not_saved = conn.execute("SELECT COUNT(*) FROM notebook_runs WHERE failure_detail LIKE "
                                 "'%no result was saved, so the next run tries it again'").fetchone()[0]
    assert not_saved == 4  # the tasks after the disk filled: recorded, to be run again

    fault.armed = False  # space is freed: the same command again does the rest
    status, stdout, _ = course_run(subs, out, roster_file, workbook, jobs=1, in_process=True)
    assert status == 0 and "2 unchanged since the last run" in stdout
    tally("data lost", lost(kept, finished(out)))
    assert lost(kept, finished(out)) == 0 and len(finished(out)) == 6
    assert_no_partial_files(out)
    assert_gradebook_matches_results(out)
    assert list(csv.reader((out / "gradebook.csv").open(encoding="utf-8")))[1:] == [
        [learner, learner.title(), "100.0", "100.0", "100.0"] for learner in learners]


def test_a_full_disk_never_leaves_half_a_file_or_loses_the_old_one(tmp_path: Path, monkeypatch, tally) -> None:
    target = files.write_text_atomic(tmp_path / "gradebook.csv", "learner_id,total\nann,50.0\n")
    real_replace = os.replace

    def full(src: object, dst: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(dst))

    for write in (lambda: files.write_text_atomic(target, "learner_id,total\nann,100.0\n"),
                  lambda: results.write_json_atomic(target, {"schema": 1})):
        monkeypatch.setattr(os, "replace", full)
        with pytest.raises(OSError, match="No space left"):
            write()
        monkeypatch.setattr(os, "replace", real_replace)
        tally("fault injected")
        assert target.read_text(encoding="utf-8") == "learner_id,total\nann,50.0\n"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["gradebook.csv"]


# --- the gradebook: a write that fails half way -----------------------------------------------------------

class FailingGradebook:
    """A gradebook connection whose disk fills while one learner's results rows are being written."""

    def __init__(self, conn: sqlite3.Connection, victim: tuple[str, str]) -> None:
        self._conn, self.victim, self.failed = conn, victim, False

    def __getattr__(self, name: str) -> object:
        return getattr(self._conn, name)

    def execute(self, sql: str, *args: object) -> sqlite3.Cursor:
        if sql.startswith("DELETE FROM results WHERE learner_id = ?") and tuple(args[0]) == self.victim:
            self._conn.execute(sql, *args)  # the old rows are gone inside the transaction...
            self.failed = True
            raise sqlite3.OperationalError("database or disk is full")  # ...and then the disk fills
        return self._conn.execute(sql, *args)


@pytest.mark.notebooks
@pytest.mark.slow
def test_a_gradebook_write_that_fails_half_way_leaves_all_or_none(workbook: Path, tmp_path: Path,
                                                                  monkeypatch, tally) -> None:
    subs, out = tmp_path / "subs", tmp_path / "run"
    for learner in ("ann", "bob"):
        submit(workbook, subs, learner, "answer = RIGHT")
    roster_file = roster(tmp_path / "roster.csv", ["ann", "bob"])
    assert course_run(subs, out, roster_file, workbook, in_process=True)[0] == 0
    old = {t: rows(out, f"SELECT * FROM {t} ORDER BY 1, 2") for t in ("notebook_runs", "results")}

    submit(workbook, subs, "ann", "answer = 2")  # ann hands in again: both her notebooks are now wrong
    real_connect, made = gradebook.connect, []

    def connect(path: Path) -> FailingGradebook:
        made.append(FailingGradebook(real_connect(path), ("ann", "2-recording/f2.ipynb")))
        return made[-1]

    monkeypatch.setattr(gradebook, "connect", connect)
    status, _, err = course_run(subs, out, roster_file, workbook, jobs=1, in_process=True)
    monkeypatch.setattr(gradebook, "connect", real_connect)
    tally("fault injected")
    assert made[0].failed and status == 2 and "the gradebook could not be written" in err
    assert "database or disk is full" in err and "finished work is kept" in err
    after = {t: rows(out, f"SELECT * FROM {t} ORDER BY 1, 2") for t in ("notebook_runs", "results")}
    f2 = [r for r in old["results"] if r[:2] == ("ann", "kpi-upt")]
    # then hints shown (none), and a scenario's outcome and misconceptions (none: this is an exercise)
    assert f2 == [("ann", "kpi-upt", "correct", None, None, 0, None, None)]
    assert f2[0] in after["results"], "the half-written result took the old rows with it"
    assert [r for r in after["notebook_runs"] if r[:2] == ("ann", "2-recording/f2.ipynb")] == \
        [r for r in old["notebook_runs"] if r[:2] == ("ann", "2-recording/f2.ipynb")]
    new_results = finished(out)
    assert json.loads(new_results["ann/2-recording/f2.json"])["exercises"][0]["status"] == "incorrect"

    status, stdout, _ = course_run(subs, out, roster_file, workbook, jobs=1, in_process=True)
    assert status == 0 and "0 run in" in stdout and "4 unchanged" in stdout  # nothing needed a kernel again
    tally("data lost", lost(new_results, finished(out)))
    assert lost(new_results, finished(out)) == 0
    assert_gradebook_matches_results(out)
    assert_no_partial_files(out)


def rows(out: Path, sql: str) -> list[tuple]:
    with contextlib.closing(sqlite3.connect(out / "gradebook.sqlite")) as conn:
        return conn.execute(sql).fetchall()


# --- Ctrl-C: SIGINT to a real `course run` mid-cohort, then the same command again --------------------
# Waits poll until something happens or a deadline passes: a loaded machine makes everything slower, and
# a fixed sleep would be either too short there or wasted time here.
CTRL_C_DEADLINE_S = 300
CTRL_C_LIVE = ("import signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
               "from course.cli import main; sys.exit(main(sys.argv[1:]))")


def wait_until(happened, seconds: float = CTRL_C_DEADLINE_S, step: float = 0.1) -> bool:
    """Poll `happened()` until it is true or `seconds` pass; return its last value."""
    deadline = time.monotonic() + seconds
    while not (done := bool(happened())) and time.monotonic() < deadline:
        time.sleep(step)
    return done


def tail(text: str, lines: int = 15) -> str:
    return "\n".join(text.splitlines()[-lines:]) or "(nothing)"


def what_happened(process: subprocess.Popen, stdout: str, stderr: str, out: Path) -> str:
    return (f"exit code {process.returncode}; result files {sorted(finished(out))}\n"
            f"stdout (last lines):\n{tail(stdout)}\nstderr (last lines):\n{tail(stderr)}")


@pytest.mark.notebooks
@pytest.mark.slow
def test_ctrl_c_mid_cohort_keeps_what_finished_and_the_same_command_does_the_rest(workbook: Path, tmp_path: Path,
                                                                                  tally) -> None:
    subs, out = tmp_path / "subs", tmp_path / "run"
    learners = ["ann", "bob", "cy"]
    for learner in learners:
        submit(workbook, subs, learner, extra=dict.fromkeys(NOTEBOOKS, "import time\ntime.sleep(1.5)"))
    roster_file = roster(tmp_path / "roster.csv", learners)
    before_subs = hashes(subs)
    # A job started in the background of a non-interactive shell (as CI may start the suite) inherits
    # SIGINT ignored, and Python then never turns Ctrl-C into KeyboardInterrupt. A tutor's terminal
    # delivers it, so the run gets Python's own Ctrl-C handler back before the command starts.
    command = [sys.executable, "-c", CTRL_C_LIVE, "run", "--roster", str(roster_file), "--submissions", str(subs),
               "--out", str(out), "--jobs", "2", "--timeout", str(TIMEOUT), "--notebooks", str(workbook)]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)  # its own process group, as a terminal's job is
    try:
        started = wait_until(lambda: finished(out) or process.poll() is not None)
        if process.poll() is not None:
            stdout, stderr = process.communicate()
            pytest.fail("expected the run to be still going when its first result was written, so that Ctrl-C "
                        "lands mid-cohort; it had ended:\n" + what_happened(process, stdout, stderr, out))
        assert started, (f"expected a first result file within {CTRL_C_DEADLINE_S} s of starting "
                         f"`course run`; found none under {out / 'results'}")
        before = finished(out)
        os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in the tutor's terminal does
        tally("fault injected")
        try:
            stdout, stderr = process.communicate(timeout=CTRL_C_DEADLINE_S)
        except subprocess.TimeoutExpired:
            pytest.fail(f"expected `course run` to stop after Ctrl-C; it was still running {CTRL_C_DEADLINE_S} s "
                        f"later (result files {sorted(finished(out))})")
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
    happened = what_happened(process, stdout, stderr, out)
    assert process.returncode == run.INTERRUPTED, \
        f"expected exit code {run.INTERRUPTED} (interrupted) after Ctrl-C; {happened}"
    assert "Traceback" not in stderr, f"expected no traceback after Ctrl-C; {happened}"
    assert "Interrupted" in stdout and "run the same command again" in stdout, \
        f"expected 'Interrupted ... run the same command again' on stdout; {happened}"
    assert hashes(subs) == before_subs, "expected the submissions untouched; Ctrl-C changed one"
    # an orphaned kernel notices within a second or two, later on a busy machine
    left = [] if wait_until(lambda: not processes_working_in(out), step=0.2) else processes_working_in(out)
    assert left == [], f"expected no kernel or worker left running after Ctrl-C; still running: pids {left}"
    interrupted = finished(out)
    tally("data lost", lost(before, interrupted))
    assert lost(before, interrupted) == 0, \
        f"expected every result finished before Ctrl-C kept unchanged: before {sorted(before)}, " \
        f"after {sorted(interrupted)}"
    assert 1 <= len(interrupted) < 6, \
        f"expected between 1 and 5 of the 6 results after Ctrl-C; found {sorted(interrupted)}"
    assert_no_partial_files(out, interrupted=True)
    assert_gradebook_matches_results(out, interrupted=True)

    status, stdout, stderr = course_run(subs, out, roster_file, workbook)
    assert status == 0 and f"{len(interrupted)} unchanged since the last run" in stdout, \
        f"expected the same command to finish (exit code 0) and say '{len(interrupted)} unchanged since the " \
        f"last run'; exit code {status}\nstdout:\n{tail(stdout)}\nstderr:\n{tail(stderr)}"
    tally("data lost", lost(interrupted, finished(out)))
    assert lost(interrupted, finished(out)) == 0 and len(finished(out)) == 6, \
        f"expected the 6 results, the {len(interrupted)} from before unchanged; found {sorted(finished(out))}"
    assert_no_partial_files(out)
    assert_gradebook_matches_results(out)


# --- a full disk in the learner's own kernel ---------------------------------------------------------------

class HalfWrites:
    """The `os` module as course.progress sees it, on a disk that fills part way through a write."""

    def __getattr__(self, name: str) -> object:
        return getattr(os, name)

    @staticmethod
    def write(fd: int, data: bytes) -> int:
        return os.write(fd, data[: len(data) // 2])


def test_a_full_disk_while_checking_keeps_every_earlier_attempt(tmp_path: Path, monkeypatch, tally) -> None:
    log = tmp_path / progress.DEFAULT_LOG_NAME
    course.start("disk-full", progress_path=log, start="2025-01-01", end="2025-02-25")
    try:
        for answer in (1.0, 2.0):
            course.check("kpi-atv", answer)
        earlier = progress.read_attempts(log)
        monkeypatch.setattr(progress, "os", HalfWrites())  # only the progress log's writes, nobody else's
        result = course.check("kpi-atv", 3.0)
        monkeypatch.undo()
        tally("fault injected")
        assert result.status == "incorrect" and "could not be saved in your progress log" in result.message
        course.check("kpi-atv", 4.0)  # space is freed: the next attempt mends the torn line
    finally:
        session.end()
    with pytest.warns(progress.ProgressLogWarning, match="line 3"):
        now = progress.read_attempts(log)
    tally("data lost", sum(a not in now for a in earlier))
    assert now[:2] == earlier and len(now) == 3
