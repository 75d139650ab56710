"""`course run`: execute every learner's submitted notebooks, collect their results and fill the gradebook.

For each learner on the roster and each notebook of the workbook (`--notebooks`), a task runs the
learner's copy in a fresh kernel (see course.tutor.execute) on a local process pool or a Dask cluster
(course.tutor.executors); each worker forks its kernels from its own pre-imported parent (course.tutor.forked).
Each learner's store is simulated once per run, by the first worker to need it, and signed with a key made
afresh for the run and never given to a kernel (course.store.signed); the kernels, the judge and the integrity
checks all use that one entry, and the tutor's processes check its signature first.
As each task finishes, its result file is already on disk and its rows go into RUN/gradebook.sqlite in one
transaction, so Ctrl-C loses nothing that had finished.

Resuming: a (learner, notebook) whose result file holds the same submission_sha256, roster entry (sector, data
folder) and kit version is not run again; only its quiz results, scenario plays and hints used are regraded from
the learner's progress log when that changed. `--only LEARNER_ID` runs one learner's notebooks again whatever
resume says (a regrade); the rows a run replaces stay in the gradebook's results_history. Delete a result file
(or RUN/) to run a notebook again, e.g. after changing `--timeout`.
A notebook that is missing, corrupt, too slow, crashes its kernel or raises an error is recorded as a
failure for that learner and notebook; everything else carries on, the summary names each failure,
and the exit status is 1. Nothing under the submissions folder is ever written.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import math
import numbers
import sys
import time
from collections.abc import Callable
from concurrent.futures import Executor, as_completed
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeGuard

from course.store import signed
from course.tutor import evidence, execute, executors, forked, gradebook, integrity, plan, results
from course.tutor.roster import learner_id_problem

WALL_FACTOR = 3          # a whole notebook may run for WALL_FACTOR x --timeout before its kernel is stopped
LOG_NAME = "run.log"
INTERRUPTED = 130


def run_cohort(*, roster: Path, submissions: Path, out: Path, jobs: int | None, timeout: float,
               executor: str, scheduler: str | None, notebooks: Path, only: str | None = None) -> int:
    """Run the cohort into `out`; return 0 when every notebook was marked, 1 if any failed, 130 if interrupted.

    With `only` (a learner id on the roster), run that learner's notebooks again, all of them, whatever resume
    would say, and leave everyone else's results as they are."""
    roster, submissions, out, notebooks = Path(roster), Path(submissions), Path(out), Path(notebooks)
    jobs = executors.default_jobs() if jobs is None else jobs
    _check_arguments(submissions, out, jobs, timeout, executor, scheduler)
    learners = _read_roster(roster)
    plans = plan.plan_workbook(notebooks)
    secret = signed.new_secret()  # signs this run's stores (course.store.signed); kernels never see it
    tasks = _only(_tasks(learners, plans, submissions.resolve(), out.resolve(), timeout,
                         cell_bars=jobs == 1 and executor == "local", roster=roster,
                         workbook=notebooks.resolve(), secret=secret), only)
    out.mkdir(parents=True, exist_ok=True)
    _remove_stale_temporaries(out)
    conn = gradebook.connect(out / "gradebook.sqlite")
    try:
        gradebook.set_catalogue(conn, learners, plans, plan.items(plans))
        run_id = gradebook.start_run(conn, executor=executor, jobs=jobs, total=len(tasks))
        finished, todo = ([], tasks) if only else _resume(tasks, conn, run_id)
        todo = _with_kernels(todo, jobs)
        _log(out, f"run {run_id} started: {len(learners)} learners x {len(plans)} notebooks; {len(todo)} to run, "
                  f"{len(finished)} unchanged; executor {executor}, jobs {jobs}, timeout {timeout:g} s; "
                  f"kernels {_kernels(forks_pay=all(t.fork_kernels for t in todo))}")
        started, unchanged, interrupted = time.perf_counter(), len(finished), False
        checked: dict[str, integrity.LearnerChecks] = {}  # learners' own integrity checks, by the workers
        try:
            _run_all(todo, finished, conn, out, executor=executor, jobs=min(jobs, max(len(todo), 1)),
                     scheduler=scheduler, run_id=run_id,
                     then=lambda pool: checked.update(integrity.checks_on(
                         pool, run_dir=out, learners=learners, submissions=submissions, secret=secret)))
        except KeyboardInterrupt:
            interrupted = True
            _remove_stale_temporaries(out)  # a worker stopped while writing its result leaves one
        except Exception as err:
            _log(out, f"run {run_id} stopped: {type(err).__name__}: {err}")
            raise
        failed = [r for r in finished if r["status"] != "ok"]
        gradebook.finish_run(conn, run_id, failed=len(failed))
        gradebook.export_csv(conn, out / "gradebook.csv")
        if not interrupted:
            _log(out, f"integrity: {len(checked)} of {len(learners)} learners' own checks done by the workers")
            integrity.after_run(conn, out=out, learners=learners, submissions=submissions, secret=secret,
                                checked=checked)
    finally:
        conn.close()
    _summarise(out, finished, failed, total=len(tasks), unchanged=unchanged,
               seconds=time.perf_counter() - started, interrupted=interrupted)
    if interrupted:
        return INTERRUPTED
    report_status = _make_reports(out)
    return 1 if failed or report_status else 0


def _with_kernels(todo: list[execute.Task], jobs: int) -> list[execute.Task]:
    """The tasks, told whether to fork their kernels: not when no worker has a second notebook to run (`todo` fits
    in `jobs` workers), since a worker's fork server then costs its imports (a few seconds of CPU) and forks nothing:
    a worker's first notebook runs in an ordinary kernel while its fork server starts anyway."""
    if len(todo) > jobs:
        return todo
    return [dataclasses.replace(task, fork_kernels=False) for task in todo]


def _kernels(*, forks_pay: bool = True) -> str:
    """How this run's kernels start, for run.log; says so on stderr, once, when they cannot be forked."""
    reason = forked.availability()
    forked.notice()
    if reason:
        return f"ordinary ({reason})"
    return "forked from a pre-imported parent" if forks_pay else "ordinary (no worker has a second notebook to run)"


def _remove_stale_temporaries(out: Path) -> None:
    """Delete the temporary files of results that were being written when a run was stopped."""
    for stale in (out / "results").glob("**/.*.tmp"):
        stale.unlink(missing_ok=True)


def _run_all(tasks: list[execute.Task], finished: list[dict[str, Any]], conn: Any, out: Path, *,
             executor: str, jobs: int, scheduler: str | None, run_id: int | None = None,
             then: Callable[[Executor], None] | None = None) -> None:
    """Run the tasks on the executor, recording each result as it arrives, then `then(executor)` while its workers
    are still up (the integrity checks); Ctrl-C stops the executor."""
    if not tasks:
        return
    from tqdm import tqdm

    bar = tqdm(total=len(tasks), unit="notebook", desc="course run", disable=None, file=sys.stderr,
               dynamic_ncols=True)
    try:
        with executors.open_executor(executor, jobs=jobs, scheduler=scheduler) as pool:
            try:
                _collect(pool, tasks, lambda result: _record(result, conn=conn, out=out, bar=bar,
                                                             finished=finished, run_id=run_id))
                bar.close()
                if then is not None:
                    then(pool)
            except KeyboardInterrupt:
                executors.abort(pool)
                raise
    finally:
        bar.close()


def _collect(pool: Executor, tasks: list[execute.Task], record: Callable[[dict[str, Any]], None]) -> None:
    futures = {pool.submit(execute.run_task, task): task for task in tasks}
    for future in as_completed(futures):
        task = futures[future]
        try:
            result = future.result()
        except Exception as err:  # noqa: BLE001
            # the task itself did not finish: worker lost, cluster gone, unreadable file
            result = results.make_result(
                task.learner_id, task.notebook, sha=None, seconds=0.0, exercises=[], quiz=[],
                failure={"kind": "error", "detail": f"the task did not finish ({type(err).__name__}: {err}); "
                                                    "no result was saved, so the next run tries it again"})
        record(result)


def _record(result: dict[str, Any], *, conn: Any, out: Path, bar: Any, finished: list[dict[str, Any]],
            run_id: int | None = None) -> None:
    """What happens as each task finishes: gradebook (one transaction), run.log, progress bar."""
    gradebook.write_result(conn, result, run_id)
    finished.append(result)
    outcome = "ok" if result["status"] == "ok" else f"FAILED {result['failure']['kind']}"
    if result.get("cell_errors"):  # every cell still ran: the answers after an error are marked too
        outcome += f", {len(result['cell_errors'])} cell(s) ended in an error"
    _log(out, f"{result['learner_id']} {result['notebook']}: {outcome} ({result['seconds']:.1f} s)"
              + (f": {result['failure']['detail']}" if result["failure"] else ""))
    bar.set_postfix_str(f"{result['learner_id']} {result['notebook']}: {outcome}", refresh=False)
    bar.update(1)


def _resume(tasks: list[execute.Task], conn: Any, run_id: int | None = None
            ) -> tuple[list[dict[str, Any]], list[execute.Task]]:
    """Split tasks into results still valid (re-put in the gradebook, quiz and scenarios regraded when the
    learner's log changed, hints refreshed) and tasks to run."""
    finished, todo = [], []
    for task in tasks:
        path = results.result_path(task.run_dir, task.learner_id, task.notebook)
        result = results.read_result(path)
        if not _still_valid(result, task):
            todo.append(task)
            continue
        keys = results.keys_of(task)
        if keys["log_sha256"] != result.get("log_sha256"):  # the log changed: quiz, plays and hints need no kernel
            logged = results.logged_results(task)
            result.update(quiz=logged.quiz, scenarios=logged.scenarios, log_sha256=keys["log_sha256"],
                          exercises=results.with_hints(result.get("exercises") or [], task.own_log),
                          tampering=_kept_signs(result, task) + results.sign_rows(logged.signs))
            results.write_json_atomic(path, result)
        result["evidence"] = evidence.for_task(task)  # written evidence needs no kernel either
        gradebook.write_result(conn, result, run_id)
        finished.append(result)
    return finished, todo


def _kept_signs(result: dict[str, Any], task: execute.Task) -> list[dict[str, str]]:
    """The tampering signs of a result's exercises (those of its quiz and scenarios are found again)."""
    logged = {*task.quiz_ids, *task.scenario_ids}
    return [sign for sign in result.get("tampering") or [] if sign.get("item_id") not in logged]


def _still_valid(result: dict[str, Any] | None, task: execute.Task) -> TypeGuard[dict[str, Any]]:
    """Whether a saved result can be kept: it exists, is this task's, and its submission, the learner's roster
    entry (sector, data folder) and the kit version are all unchanged."""
    if result is None or (result.get("learner_id"), result.get("notebook")) != (task.learner_id, task.notebook):
        return False
    if result.get("submission_sha256") != results.submission_sha256(task.submitted):
        return False
    keys = results.keys_of(task)
    if (result.get("roster_entry"), result.get("kit_version")) != (keys["roster_entry"], keys["kit_version"]):
        return False
    shown = [e.get("item_id") for e in result.get("exercises") or []]
    return result.get("status") != "ok" or shown == list(task.exercise_ids)  # the workbook may have changed


def _only(tasks: list[execute.Task], learner_id: str | None) -> list[execute.Task]:
    """All tasks, or with --only the tasks of that one learner (ValueError when the roster does not list them)."""
    if learner_id is None:
        return tasks
    chosen = [task for task in tasks if task.learner_id == learner_id]
    if not chosen:
        raise ValueError(f"--only {learner_id!r}: no such learner on the roster; give a learner_id as the roster "
                         "spells it")
    return chosen


def _tasks(learners: list[Any], plans: list[plan.NotebookPlan], submissions: Path, out: Path, timeout: float,
           *, cell_bars: bool, roster: Path | None = None, workbook: Path | None = None,
           secret: str = "") -> list[execute.Task]:
    for learner in learners:
        problem = learner_id_problem(learner.learner_id)  # the roster's own rule, for callers that skip it
        if problem:
            raise ValueError(f"learner id {learner.learner_id!r} cannot be a folder name ({problem}); fix the roster")
    return [execute.Task(learner.learner_id, learner.sector, p.notebook, submissions / learner.learner_id, out,
                         float(timeout), float(timeout) * WALL_FACTOR, p.exercise_ids, p.quiz_ids,
                         cell_progress=cell_bars, scenario_ids=p.scenario_ids, workbook=workbook,
                         data_dir=_data_dir(learner, roster), judge_secret=secret)
            for learner in learners for p in plans]


def _data_dir(learner: Any, roster: Path | None) -> str | None:
    """The roster's data folder of a learner as an absolute path (relative ones are from the roster's folder)."""
    given = getattr(learner, "data_dir", None)
    if not given:
        return None
    folder = (Path(roster).resolve().parent if roster else Path.cwd()) / given
    if not (folder / "store.json").is_file():
        what = "has no store.json" if folder.is_dir() else "does not exist"
        raise ValueError(f"roster: the data_dir {given!r} of learner {learner.learner_id!r} {what} (looked in "
                         f"{folder}); give a folder written by `course import` or `course simulate`, relative to "
                         "the roster's folder, or leave the cell empty to use the learner's simulated store")
    return str(folder)


def _check_arguments(submissions: Path, out: Path, jobs: int, timeout: float, executor: str,
                     scheduler: str | None = None) -> None:
    if executor not in executors.EXECUTORS:
        raise ValueError(f"--executor {executor!r} is not known; use one of: {', '.join(executors.EXECUTORS)}")
    if scheduler and executor != "dask":
        raise ValueError("--scheduler is only used with --executor dask")
    if not isinstance(jobs, int) or jobs < 1:
        raise ValueError(f"--jobs must be a whole number of at least 1, got {jobs!r}")
    if not isinstance(timeout, numbers.Real) or not math.isfinite(timeout) or timeout <= 0:
        raise ValueError(f"--timeout must be a positive number of seconds, got {timeout!r}")
    if not submissions.is_dir():
        raise FileNotFoundError(f"--submissions {submissions}: no such folder; point it at the folder holding "
                                "one folder per learner")
    if out.exists() and not out.is_dir():
        raise ValueError(f"--out {out} is a file; give a folder for the run (it is made if it does not exist)")
    subs, run = submissions.resolve(), out.resolve()
    if run == subs or subs in run.parents:
        raise ValueError(f"--out {out} is inside --submissions {submissions}; submissions are never written, "
                         "so put the run somewhere else, e.g. run/")


def _read_roster(path: Path) -> list[Any]:
    from course.tutor.roster import read_roster  # written alongside this verb; imported when needed

    return read_roster(path)


def _make_reports(out: Path) -> int:
    """Write the learner reports and class summary when course.tutor.report exists; return its status."""
    if importlib.util.find_spec("course.tutor.report") is None:
        return 0
    from course.tutor import report

    try:
        return int(report.write_reports(run=out, pseudonymise=False) or 0)
    except Exception as err:  # noqa: BLE001 - the run's results stand; say why the reports are missing
        print(f"course run: the reports were not written ({type(err).__name__}: {err}); "
              f"try `course report --run {out}`", file=sys.stderr)
        return 1


def _summarise(out: Path, finished: list[dict[str, Any]], failed: list[dict[str, Any]], *, total: int,
               unchanged: int, seconds: float, interrupted: bool) -> None:
    ran = len(finished) - unchanged
    head = (f"course run: {len(finished)} of {total} notebooks done: {len(finished) - len(failed)} ok, "
            f"{len(failed)} failed ({ran} run in {seconds:.1f} s, {unchanged} unchanged since the last run).")
    lines = [head]
    if failed:
        lines += ["Failed (learner, notebook, why):", *_failure_table(failed)]
    if interrupted:
        lines.append(f"Interrupted: {total - len(finished)} notebooks were not run. Everything finished is "
                     "saved; run the same command again to do the rest.")
    text = "\n".join(lines)
    print(text)
    _log(out, text)


def _failure_table(failed: list[dict[str, Any]]) -> list[str]:
    rows = sorted((r["learner_id"], r["notebook"], r["failure"]["kind"], r["failure"]["detail"]) for r in failed)
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    return ["  " + "  ".join(cell.ljust(width) for cell, width in zip(row[:3], widths))
            + "  " + (row[3] if len(row[3]) <= 120 else row[3][:119] + "…") for row in rows]


def _log(out: Path, text: str) -> None:
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    with (out / LOG_NAME).open("a", encoding="utf-8") as handle:
        for line in text.splitlines():
            handle.write(f"{stamp} {line}\n")
