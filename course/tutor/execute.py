"""Run one learner's notebook in a fresh kernel and write its result file: the task of `course run`.

`run_task(task)` is what every executor (process pool or Dask worker) calls: a top-level function of
a picklable `Task`. It reads the submitted notebook (never writing under the submission), executes a
copy with papermill into RUN/executed/, and writes RUN/results/<learner>/<nb>.json atomically. The kernel only
hands over the raw answers (course.handover); the verdicts are judged here, in the tutor's process, against the
learner's store rebuilt from the roster (course.tutor.judge), and the quiz choices and scenario replies of the
learner's submitted progress log are regraded (course.tutor.regrade). The notebook's own results output is
only compared with the judged verdicts, for tampering signs. A missing, corrupt, timed-out, crashed or failing
notebook becomes a result with a `failure` (docs/tutor-data.md), never an exception. This module imports
papermill once per worker.

Each notebook gets a new kernel, forked from the worker's fork server (course.tutor.forked) where that is
available. The executed copy is written once: when the notebook ends, or, when it fails, as far as it got
(papermill's save after every cell is off: it cost about 1 s per notebook).

Before the kernel starts, the worker makes sure the learner's store is in the run's store cache, simulated once
per run by the tutor's process and signed (course.store.signed): the kernel loads it from there, and the judge
checks the signature again after the notebook has run.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import math
import os
import shutil
import signal
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
import papermill
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from papermill.execute import remove_error_markers

from course import handover, progress
from course.store import cache as store_cache
from course.tutor import evidence, forked, judge, judge_data, results
from course.tutor.kernels import LoggedKernelManager, logged_manager

KERNEL = "python3"
START_TIMEOUT = 60  # seconds a kernel may take to start
START_ATTEMPTS = 2  # a kernel that dies while starting (a busy machine, a port taken meanwhile) gets one more go


class Failure(Exception):
    """Why a notebook could not be marked: a kind from docs/tutor-data.md and a short detail."""

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind, self.detail = kind, detail


@dataclass(frozen=True)
class Task:
    """One (learner, notebook) to run. Paths are absolute, so any worker on a shared disk can run it."""
    learner_id: str
    sector: str
    notebook: str                 # path relative to the workbook, POSIX style
    submission: Path              # SUBS/<learner_id>/ (read only)
    run_dir: Path                 # RUN/
    timeout: float                # seconds per cell
    wall_seconds: float           # seconds for the whole notebook, kernel start included
    exercise_ids: tuple[str, ...]
    quiz_ids: tuple[str, ...]
    cell_progress: bool = False   # show papermill's per-cell bar (used when one notebook runs at a time)
    scenario_ids: tuple[str, ...] = ()
    workbook: Path | None = None  # the tutor's workbook: which cells are written evidence (course.tutor.evidence)
    data_dir: str | None = None   # the roster's data folder for this learner's store (None: the simulated store)
    judge_secret: str = ""        # this run's key signing its store cache (never given to a kernel; "": no signing)
    fork_kernels: bool = True     # False: an ordinary kernel, and no fork server (run: one notebook per worker)

    @property
    def submitted(self) -> Path:
        return self.submission / self.notebook

    @property
    def submitted_log(self) -> Path:
        return self.submission / progress.DEFAULT_LOG_NAME

    @property
    def own_log(self) -> Path | None:
        """The learner's progress log, or None when it is a link to a file outside their own folder."""
        return self.submitted_log if self.owns(self.submitted_log) else None

    def owns(self, path: Path) -> bool:
        """Return True when `path` is really inside the learner's submission folder (no link leads out)."""
        try:
            return path.resolve().is_relative_to(self.submission.resolve())
        except (OSError, RuntimeError):  # a link loop
            return False


def run_task(task: Task) -> dict[str, Any]:
    """Run one task, write its result file atomically and return the result (see docs/tutor-data.md)."""
    _quiet_loggers()
    started = time.perf_counter()
    sha: str | None = None
    exercises: list[dict[str, Any]] = []
    failure: dict[str, str] | None = None
    signs: list[judge.Sign] = []
    judging = 0.0
    errors: list[dict[str, Any]] = []
    try:
        data = _read_submission(task)
        sha = hashlib.sha256(data).hexdigest()
        notebook = _parse(data)
        if task.judge_secret:  # a tutor's run: the store its kernel loads, simulated (once per run) and signed here
            signs += judge_data.store_signs(judge_data.notebook_store(task), task.notebook)
        executed = _execute(task, notebook)
        errors = cell_errors(executed)
        judged_at = time.perf_counter()
        exercises, judged_signs = judged_exercises(task, executed)
        signs += judged_signs
        judging = time.perf_counter() - judged_at
        exercises = results.with_hints(exercises, task.own_log)
    except Failure as err:
        failure = {"kind": err.kind, "detail": err.detail}
        if err.kind in ("missing", "corrupt"):  # an executed copy from an earlier run is no longer theirs
            results.executed_path(task.run_dir, task.learner_id, task.notebook).unlink(missing_ok=True)
    judged_at = time.perf_counter()
    logged = results.logged_results(task)
    result = results.make_result(task.learner_id, task.notebook, sha=sha, failure=failure,
                                 seconds=time.perf_counter() - started, exercises=exercises,
                                 quiz=logged.quiz, scenarios=logged.scenarios)
    result.update(results.keys_of(task), tampering=results.sign_rows([*signs, *logged.signs]),
                  judging_seconds=round(judging + time.perf_counter() - judged_at, 3), cell_errors=errors)
    result["evidence"] = evidence.for_task(task)  # the learner's evidence: cells, read without a kernel
    results.write_json_atomic(results.result_path(task.run_dir, task.learner_id, task.notebook), result)
    return result


def judged_exercises(task: Task, executed: nbformat.NotebookNode) -> tuple[list[dict[str, Any]], list[judge.Sign]]:
    """Judge the answers the kernel handed over against the roster's store; compare with what the notebook shows."""
    scratch = results.scratch_dir(task.run_dir, task.learner_id, task.notebook)
    handed = judge.read_handed(scratch / judge.ANSWERS_NAME)
    store = judge_data.notebook_store(task)
    judged = judge.judge_exercises(task.exercise_ids, handed, store.data, source_of=store.source_of,
                                    data_for=store.data_for)
    shown = judge.shown_verdicts(executed)
    return judged, judge_data.store_signs(store, task.notebook) + judge.exercise_signs(judged, shown, handed)


def init_worker() -> None:
    """Prepare a local worker process: Ctrl-C is the parent's to handle; heavy imports are done."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _quiet_loggers()


# --- reading what the learner handed in --------------------------------------------------------

def _read_submission(task: Task) -> bytes:
    if not task.owns(task.submitted):  # e.g. a link to another learner's notebook
        raise Failure("missing", "the notebook handed in is a link to a file outside the learner's own folder; "
                                 "ask them to hand in the notebook itself")
    try:
        return task.submitted.read_bytes()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        if not task.submission.is_dir():
            raise Failure("missing", f"no submission folder {task.submission.name}/ for this learner") from None
        raise Failure("missing", "the notebook was not handed in") from None


def _parse(data: bytes) -> nbformat.NotebookNode:
    try:
        nb = nbformat.reads(data.decode("utf-8-sig"), as_version=4)
        if not isinstance(nb.get("cells"), list):
            raise ValueError("it has no list of cells")
    except Exception as err:  # noqa: BLE001 - nbformat raises many unrelated types for a damaged file
        raise Failure("corrupt", f"not a readable notebook ({type(err).__name__}: {_short(err)}); ask the "
                                 "learner to save it again from JupyterLab and hand it in again") from None
    return nb


# --- executing ---------------------------------------------------------------------------------

class _Watch:
    """The notebook's wall-clock guard: kills the kernel when the whole notebook runs too long."""

    def __init__(self, seconds: float) -> None:
        self.pid: int | None = None
        self.fired = False
        self.cell: int | None = None
        self.source = ""
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True
        self._timer.start()

    def kernel_started(self, pid: int | None) -> None:
        self.pid = pid
        if self.fired:  # the limit passed while the kernel was still starting
            self._fire()

    def cell_started(self, cell: Any = None, cell_index: int | None = None, **_: Any) -> None:
        self.cell, self.source = cell_index, str(getattr(cell, "source", ""))

    def _fire(self) -> None:
        self.fired = True
        if self.pid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)

    def stop(self) -> None:
        self._timer.cancel()

    def where(self) -> str:
        if self.cell is None:
            return "the kernel's start"
        first = next((line.strip() for line in self.source.splitlines() if line.strip()), "")
        return f"cell {self.cell}" + (f" ({first[:40]}{'…' if len(first) > 40 else ''})" if first else "")


class _TaskKernelManager(LoggedKernelManager):
    """A logged kernel manager that also tells the task's watchdog the kernel's pid."""
    watch: _Watch | None = None

    async def start_kernel(self, **kw: Any) -> None:  # type: ignore[override]  # the base declares a Callable attribute
        await super().start_kernel(**kw)
        if self.watch is not None:
            self.watch.kernel_started(getattr(self.provisioner, "pid", None))


class _StartFailed(Exception):
    """The kernel died or failed before the notebook's first cell ran: nothing of the learner's ran yet."""


def _execute(task: Task, nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Execute the notebook in a fresh kernel into RUN/executed/; raise Failure when it does not finish.

    Only a kernel that fails before the first cell starts is tried again (START_ATTEMPTS in all): a
    notebook whose own cells fail is never run twice.
    """
    for attempt in range(1, START_ATTEMPTS + 1):
        try:
            return _execute_once(task, nb)
        except _StartFailed as err:
            if attempt == START_ATTEMPTS:
                raise Failure("error", f"the kernel would not start ({_short(err)}), {attempt} tries") from None
    raise AssertionError("unreachable: the loop returns or raises")


def _execute_once(task: Task, nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """One attempt of `_execute`; raise _StartFailed when the kernel fails before any cell has started."""
    scratch = results.scratch_dir(task.run_dir, task.learner_id, task.notebook)
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    log = scratch / progress.DEFAULT_LOG_NAME
    if task.own_log is not None and task.own_log.is_file():
        shutil.copyfile(task.own_log, log)  # content only: the copy is writable, the original untouched
    target = results.executed_path(task.run_dir, task.learner_id, task.notebook)
    target.parent.mkdir(parents=True, exist_ok=True)
    work = scratch / ".executed.ipynb"  # written once, then moved in whole
    if task.fork_kernels:  # this worker's fork server starts in the background the first time: no notebook waits
        forked.prepare()
    watch = _Watch(task.wall_seconds)
    env = {progress.LOG_ENV: str(log), **store_cache.kernel_env(task.run_dir),  # RUN/store-cache/: load the store
           handover.ENV: str(scratch / judge.ANSWERS_NAME)}  # where the kernel hands over the raw answers
    manager = logged_manager(log=scratch / "kernel.log", extra_env=env,
                             base=_TaskKernelManager, watch=watch, fork=task.fork_kernels)
    running: list[nbformat.NotebookNode] = []  # the notebook papermill executes, for the copy after a failure
    try:
        return papermill.execute_notebook(
            nb, str(work), kernel_name=KERNEL, language="python", progress_bar=_cell_bar(task),
            parameters={"learner_id": task.learner_id, "sector": task.sector, "data_dir": task.data_dir,
                        "progress_path": str(log)},
            execution_timeout=math.ceil(task.timeout), start_timeout=START_TIMEOUT,
            kernel_manager_class=manager, resources={"metadata": {"path": str(scratch)}},
            request_save_on_cell_execute=False, shutdown_kernel="immediate", on_cell_start=watch.cell_started,
            on_notebook_start=lambda notebook, **_: running.append(notebook),
            allow_errors=True)  # a learner's error costs that cell, not the exercises after it (as nbgrader runs)
    except papermill.PapermillExecutionError:  # every cell ran; papermill wrote the copy with its banner
        return _without_banner(work)  # ("... encountered an exception here and stopped": it did not stop)
    except CellTimeoutError:
        _write_partial(running, work)
        raise Failure("timeout", f"{watch.where()} ran longer than {task.timeout:g} s") from None
    except DeadKernelError:
        _write_partial(running, work)
        if watch.fired:
            raise Failure("timeout", f"the notebook ran longer than {task.wall_seconds:g} s in all; "
                                     f"stopped in {watch.where()}") from None
        raise Failure("kernel_died", f"the kernel stopped in {watch.where()}{_last_words(scratch)}") from None
    except Exception as err:  # noqa: BLE001 - kernel would not start, papermill could not write, ...
        if watch.cell is None and not watch.fired:
            raise _StartFailed(f"{type(err).__name__}: {_short(err)}") from None
        _write_partial(running, work)
        raise Failure("error", f"{type(err).__name__}: {_short(err)}") from None
    finally:
        watch.stop()
        if work.exists():
            os.replace(work, target)
        else:
            target.unlink(missing_ok=True)  # an earlier run's copy is not this submission's


def cell_errors(executed: nbformat.NotebookNode) -> list[dict[str, Any]]:
    """The cells that ended in an error, in order: [{"cell": index, "error": "NameError: ..."}] (the index
    counts papermill's injected parameters cell, as the notebook's other failure details do)."""
    return [{"cell": index, "error": _short(f"{out.get('ename', 'Error')}: {out.get('evalue', '')}")}
            for index, cell in enumerate(executed.cells) if cell.cell_type == "code"
            for out in cell.get("outputs", []) if out.get("output_type") == "error"]


def _without_banner(work: Path) -> nbformat.NotebookNode:
    """Read the executed copy and drop papermill's error banner and anchor cells from it (rewritten in place)."""
    nb = remove_error_markers(nbformat.read(str(work), as_version=4))
    nbformat.write(nb, str(work))
    return nb


def _write_partial(running: list[nbformat.NotebookNode], work: Path) -> None:
    """Write the notebook as far as it ran (papermill has marked its end), once, after it failed."""
    if running and not work.exists():
        with contextlib.suppress(OSError):  # the failure is what gets reported; a copy is only a help
            nbformat.write(running[0], str(work))


def _cell_bar(task: Task) -> bool | dict[str, Any]:
    if not task.cell_progress:
        return False
    return {"desc": f"{task.learner_id} {task.notebook}", "leave": False, "position": 1, "disable": None}


def _last_words(scratch: Path) -> str:
    """Return '; kernel said: <last line>' from the kernel's log, when it said anything useful."""
    try:
        lines = (scratch / "kernel.log").read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    useful = [ln.strip() for ln in lines if ln.strip() and "running over TCP without encryption" not in ln]
    return f"; kernel said: {_short(useful[-1])}" if useful else ""


def _short(value: object, limit: int = 200) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _quiet_loggers() -> None:
    """papermill and traitlets warn on stderr about things a tutor cannot act on (e.g. unknown parameters)."""
    for name in ("papermill", "traitlets", "nbclient"):  # failures are reported in the run's summary
        logging.getLogger(name).setLevel(logging.CRITICAL)
