"""The baselines of benchmarks/bench_cohort.py, and its per-notebook breakdown of `course run`'s cost.

- `papermill_loop`: one `papermill` CLI call per (learner, notebook), passing every parameter (learner_id,
  sector, data_dir, progress_path), then each report as `papermill` + `jupyter nbconvert`, run against a
  copy of the run's gradebook and results, so the report's cells really run (the loop does not grade).
- `nbclient_loop`: one Python process, one fresh kernel per notebook (nbclient's NotebookClient, as
  nbgrader and otter-grader run submissions), the same parameters injected, each notebook written once;
  each report executed the same way and exported with course.tutor.report.export_html.
- `breakdown`: one learner's notebooks through course.tutor.execute.run_task (exactly what `course run`
  does per task), timing the kernel start, the first cell (`import course` and `course.start`), the other
  cells and papermill's saves of the notebook.

The loops may run on a sample of (learner, notebook) pairs: `sample_pairs` takes the workbook's notebooks
in turn, each with a learner drawn at random, so the sample holds the notebooks in the cohort's proportions.
Run `python -m benchmarks.cohort_loops nbclient|breakdown ARGS.json` (bench_cohort.py does).
"""

from __future__ import annotations

import asyncio
import json
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
REPORT_TEMPLATE = ROOT / "notebooks" / "templates" / "learner-report.ipynb"
Pair = tuple[str, str, str]  # learner id, sector, notebook (relative to the learner's folder)


def sample_pairs(learners: list[tuple[str, str]], notebooks: list[str], sample: int) -> list[Pair]:
    """Return every (learner, sector, notebook), or `sample` of them: the notebooks in turn, learners at random."""
    if not sample:
        return [(lid, sector, nb) for lid, sector in learners for nb in notebooks]
    rng = random.Random(1)
    return [(*rng.choice(learners), notebooks[i % len(notebooks)]) for i in range(sample)]


def sample_reports(learners: list[tuple[str, str]], pairs: int, total_pairs: int) -> list[tuple[str, str]]:
    """Return the learners whose reports a loop makes: all, or as many as the sample's share of the cohort."""
    if pairs == total_pairs:
        return learners
    share = max(1, round(len(learners) * pairs / total_pairs))
    return random.Random(2).sample(learners, min(share, len(learners)))


def prepare_loop_folder(out: Path, run: Path, submissions: Path, learners: list[tuple[str, str]]) -> None:
    """Give a loop its own folder: a copy of each learner's progress log, and the run's gradebook and results."""
    out.mkdir(parents=True, exist_ok=True)
    for learner_id, _ in learners:
        (out / learner_id).mkdir(exist_ok=True)
        log = submissions / learner_id / "course-progress.jsonl"
        if log.is_file():
            shutil.copyfile(log, out / learner_id / "course-progress.jsonl")
    shutil.copyfile(run / "gradebook.sqlite", out / "gradebook.sqlite")
    shutil.copytree(run / "results", out / "results", dirs_exist_ok=True)


def _params(learner_id: str, sector: str, out: Path) -> dict[str, Any]:
    return {"learner_id": learner_id, "sector": sector, "data_dir": None,
            "progress_path": str(out / learner_id / "course-progress.jsonl")}


def _report_params(learner_id: str, sector: str, out: Path) -> dict[str, Any]:
    return {"learner_id": learner_id, "name": f"Learner {learner_id}", "sector": sector, "run_dir": str(out),
            "pseudonymise": False}


def papermill_loop(pairs: list[Pair], reports: list[tuple[str, str]], submissions: Path, out: Path,
                   env: dict[str, str]) -> dict[str, Any]:
    """Run the pairs, then the reports, as sequential CLI calls; return the seconds of each part and failures."""
    failures: list[str] = []
    started = time.perf_counter()
    for learner_id, sector, notebook in pairs:
        target = out / learner_id / notebook
        target.parent.mkdir(parents=True, exist_ok=True)
        args = [arg for name, value in _params(learner_id, sector, out).items()
                for arg in ("-p", name, "None" if value is None else str(value))]
        done = subprocess.run([str(BIN / "papermill"), str(submissions / learner_id / notebook), str(target), *args,
                               "--cwd", str(target.parent), "--no-progress-bar"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False)
        if done.returncode:
            failures.append(f"{learner_id} {notebook}")
    notebooks_done = time.perf_counter()
    for learner_id, sector in reports:
        report = out / "reports" / f"{learner_id}.ipynb"
        report.parent.mkdir(parents=True, exist_ok=True)
        args = [arg for name, value in _report_params(learner_id, sector, out).items()
                for arg in ("-p", name, str(value))]
        steps = [[str(BIN / "papermill"), str(REPORT_TEMPLATE), str(report), *args, "--no-progress-bar"],
                 [str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(report)]]
        for step in steps:
            if subprocess.run(step, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
                              check=False).returncode:
                failures.append(f"{learner_id} report ({Path(step[0]).name})")
                break
    return {"notebooks": notebooks_done - started, "reports": time.perf_counter() - notebooks_done,
            "failures": failures}


def nbclient_loop(pairs: list[Pair], reports: list[tuple[str, str]], submissions: Path, out: Path) -> dict[str, Any]:
    """Run the pairs and reports in this process, a fresh kernel each; return the seconds of each part."""
    import nbformat
    from nbclient import NotebookClient
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    from course.tutor.report import export_html

    def execute(source: Path, target: Path, parameters: dict[str, Any]) -> bool:
        nb = parameterize_notebook(load_notebook_node(str(source)), parameters, kernel_name="python3",
                                   language="python")
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            NotebookClient(nb, timeout=600, kernel_name="python3",
                           resources={"metadata": {"path": str(target.parent)}}).execute()
            return True
        except Exception:  # noqa: BLE001 - a failing notebook is counted, as course run counts it
            return False
        finally:
            nbformat.write(nb, target)

    failures: list[str] = []
    started = time.perf_counter()
    for learner_id, sector, notebook in pairs:
        if not execute(submissions / learner_id / notebook, out / learner_id / notebook,
                       _params(learner_id, sector, out)):
            failures.append(f"{learner_id} {notebook}")
    notebooks_done = time.perf_counter()
    for learner_id, sector in reports:
        report = out / "reports" / f"{learner_id}.ipynb"
        if execute(REPORT_TEMPLATE, report, _report_params(learner_id, sector, out)):
            report.with_suffix(".html").write_text(export_html(report, title=f"Progress report: {learner_id}"),
                                                   encoding="utf-8")
        else:
            failures.append(f"{learner_id} report")
    return {"notebooks": notebooks_done - started, "reports": time.perf_counter() - notebooks_done,
            "failures": failures}


def breakdown(learner_id: str, sector: str, submissions: Path, workbook: Path, run: Path) -> list[dict[str, Any]]:
    """Run one learner's notebooks as `course run`'s tasks, one after another; return each one's parts."""
    import nbclient.client
    import nbformat
    import papermill.engines

    from course.store import signed
    from course.tutor import execute, plan, results

    timer: dict[str, float] = {"kernel": 0.0, "save": 0.0, "saves": 0}

    def timed(original: Any, key: str) -> Any:  # papermill calls the sync methods, nbclient's own execute the async
        if asyncio.iscoroutinefunction(original):
            async def timed_async(*args: Any, **kw: Any) -> Any:
                begun = time.perf_counter()
                try:
                    return await original(*args, **kw)
                finally:
                    timer[key] += time.perf_counter() - begun
            return timed_async

        def timed_sync(*args: Any, **kw: Any) -> Any:
            begun = time.perf_counter()
            try:
                return original(*args, **kw)
            finally:
                timer[key] += time.perf_counter() - begun
                timer[key + "s"] = timer.get(key + "s", 0) + 1
        return timed_sync

    client = nbclient.client.NotebookClient
    for name in ("start_new_kernel", "start_new_kernel_client", "async_start_new_kernel",
                 "async_start_new_kernel_client"):
        setattr(client, name, timed(getattr(client, name), "kernel"))
    papermill.engines.write_ipynb = timed(papermill.engines.write_ipynb, "save")
    cells: dict[int, float] = {}  # cell index -> seconds executing it (papermill's own durations include a save)
    for name in ("execute_cell", "async_execute_cell"):
        setattr(client, name, _timed_cells(getattr(client, name), cells))
    rows = []
    execute.init_worker()
    secret = signed.new_secret()  # as `course run`: the store is simulated once, signed, before the first kernel
    for p in plan.plan_workbook(workbook):
        task = execute.Task(learner_id, sector, p.notebook, submissions / learner_id, run, 600.0, 1800.0,
                            p.exercise_ids, p.quiz_ids, judge_secret=secret)
        timer.update(kernel=0.0, save=0.0, saves=0)
        cells.clear()
        begun = time.perf_counter()
        result = execute.run_task(task)
        total = time.perf_counter() - begun
        executed = nbformat.read(results.executed_path(run, learner_id, p.notebook), as_version=4)
        own = [cells.get(i, 0.0) for i, c in enumerate(executed.cells) if c.cell_type == "code"
               and not {"parameters", "injected-parameters"} & set(c.metadata.get("tags", []))]
        rows.append({"notebook": p.notebook, "status": result["status"], "total": total, "kernel": timer["kernel"],
                     "first_cell": own[0] if own else 0.0, "cells": sum(own[1:]), "save": timer["save"],
                     "saves": timer["saves"]})
    return rows


def _timed_cells(original: Any, cells: dict[int, float]) -> Any:
    """Wrap NotebookClient.(async_)execute_cell(cell, cell_index, ...) to record each cell's seconds."""
    if asyncio.iscoroutinefunction(original):
        async def timed_async(self: Any, cell: Any, cell_index: int, *args: Any, **kw: Any) -> Any:
            begun = time.perf_counter()
            try:
                return await original(self, cell, cell_index, *args, **kw)
            finally:
                cells[cell_index] = cells.get(cell_index, 0.0) + time.perf_counter() - begun
        return timed_async

    def timed_sync(self: Any, cell: Any, cell_index: int, *args: Any, **kw: Any) -> Any:
        begun = time.perf_counter()
        try:
            return original(self, cell, cell_index, *args, **kw)
        finally:
            cells[cell_index] = cells.get(cell_index, 0.0) + time.perf_counter() - begun
    return timed_sync


def cache_timing(learner_id: str, sector: str, folder: Path) -> dict[str, float]:
    """Return the seconds to simulate a learner's store, to save it in the cache and to load it back."""
    from course.store import cache, simulate

    begun = time.perf_counter()
    data = simulate(learner_id, sector=sector)
    simulated = time.perf_counter() - begun
    key = cache.cache_key(learner_id, sector=sector, start=None, end=None)
    path = cache.entry_path(folder, key)
    begun = time.perf_counter()
    cache.write_entry(path, key, data)
    written = time.perf_counter() - begun
    begun = time.perf_counter()
    assert cache.read_entry(path, key) is not None
    return {"simulate": simulated, "write": written, "load": time.perf_counter() - begun,
            "mb": path.stat().st_size / 1e6}


def _main() -> None:
    """Entry point of the child processes: `python -m benchmarks.cohort_loops KIND ARGS.json` prints JSON."""
    kind, args = sys.argv[1], json.loads(Path(sys.argv[2]).read_text(encoding="utf-8"))
    if kind == "nbclient":
        found: Any = nbclient_loop([tuple(p) for p in args["pairs"]], [tuple(r) for r in args["reports"]],
                                   Path(args["submissions"]), Path(args["out"]))
    else:
        found = {"rows": breakdown(args["learner_id"], args["sector"], Path(args["submissions"]),
                                   Path(args["workbook"]), Path(args["run"])),
                 "cache": cache_timing(args["learner_id"], args["sector"], Path(args["run"]) / "cache-timing")}
    print(json.dumps(found))


if __name__ == "__main__":
    _main()
