"""Benchmark: a cohort run (`course run`, notebooks and reports) against the two ways others run a class, in
the same run and with the same `course` package (this checkout's, for every process and kernel):

- a sequential loop of `papermill` CLI calls passing every parameter, whose reports run against a copy of
  the run's gradebook (benchmarks/cohort_loops.py);
- a sequential single-process nbclient loop with a fresh kernel per notebook (the nbgrader/otter model);

plus `course run`'s peak memory as the cohort grows, and one learner's per-notebook breakdown (kernel start,
first cell, other cells, papermill's saves) with the store cache's simulate/load times.
Prints figures; asserts nothing. Usage (defaults in brackets):

    python benchmarks/bench_cohort.py [--learners 30] [--notebooks all|N] [--loop-sample 0] [--jobs 2]
                                      [--memory 30,120] [--memory-notebooks 1] [--parts speed,breakdown,memory]

--loop-sample K times each loop on K (learner, notebook) pairs (each notebook in turn, learners at random)
and on the same share of the reports, and scales up to the whole cohort (0: the whole loop); the output says
so. Each cohort is the demo's simulated learners (skill 0.7) in a temporary folder.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SECTORS = ("apparel", "grocery", "electronics", "homeware")
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
ENV.pop("COURSE_STORE_CACHE", None)  # only `course run` sets it, for its own kernels

from benchmarks import cohort_loops as loops  # noqa: E402 - after the checkout is on the path


def build_cohort(base: Path, learners: int, notebooks: int | None) -> tuple[Path, Path, Path]:
    """Return (roster, submissions, workbook) for a cohort of simulated learners."""
    from course.commands import assign
    from course.tutor.simulated_learner import Persona, fill_notebooks, quiz_attempts

    workbook = base / "workbook"
    shutil.copytree(ROOT / "notebooks", workbook, ignore=shutil.ignore_patterns("templates"))
    if notebooks:
        keep = sorted(p for p in workbook.rglob("*.ipynb"))[:notebooks]
        for path in set(workbook.rglob("*.ipynb")) - set(keep):
            path.unlink()
    roster = base / "roster.csv"
    with roster.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["learner_id", "name", "sector"])
        writer.writerows((f"bench-{i:03d}", f"Learner {i}", SECTORS[i % 4]) for i in range(learners))
    with contextlib.redirect_stdout(io.StringIO()):
        assign.main(roster=roster, out=base / "assigned", notebooks=workbook)
    submissions = base / "submissions"
    for folder in sorted((base / "assigned").iterdir()):
        target = submissions / folder.name
        shutil.copytree(folder, target)
        persona = Persona(folder.name, 0.7)
        fill_notebooks(target, persona, sector_of(folder.name), ROOT / "solutions" / "exercises")
        quiz_attempts(target, persona, target / "course-progress.jsonl", ROOT / "solutions" / "quiz")
    return roster, submissions, workbook


def note(text: str) -> None:
    """Say on stderr what the benchmark is doing and how busy the machine is (figures go to stdout)."""
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"[{time.strftime('%H:%M:%S')}] (load average {load}) {text}", file=sys.stderr, flush=True)


def sector_of(learner_id: str) -> str:
    return SECTORS[int(learner_id.split("-")[1]) % 4]


_PEAK_WRAPPER = ("import resource, subprocess, sys; "
                 "done = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True); "
                 "print(done.stdout); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
_SUMMARY = re.compile(r"(\d+) ok, (\d+) failed \((\d+) run in ([\d.]+) s")


def time_course_run(roster: Path, submissions: Path, workbook: Path, out: Path, jobs: int) -> dict[str, Any]:
    """Return `course run`'s seconds (all, and its notebooks' part), failures and the largest process's peak MB.

    The run starts from a wrapper process of its own, so its peak is not mixed with earlier runs'.
    """
    command = [sys.executable, "-m", "course", "run", "--roster", str(roster), "--submissions", str(submissions),
               "--out", str(out), "--jobs", str(jobs), "--notebooks", str(workbook)]
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _PEAK_WRAPPER, *command], capture_output=True, text=True, env=ENV)
    seconds = time.perf_counter() - started
    lines = done.stdout.strip().splitlines()
    found = _SUMMARY.search(done.stdout)
    notebooks = float(found.group(4)) if found else float("nan")
    failures = lines[lines.index("Failed (learner, notebook, why):") + 1:] if "Failed (learner, notebook, why):" \
        in lines else []
    return {"seconds": seconds, "notebooks": notebooks, "reports": seconds - notebooks,
            "failed": int(found.group(2)) if found else -1, "peak_mb": int(lines[-1]) / 1024,
            "failures": [ln.strip() for ln in failures if ln.startswith("  ")],
            "report_line": next((ln for ln in lines if ln.startswith("wrote ")), "no report line")}


def _child(kind: str, args: dict[str, Any], folder: Path) -> dict[str, Any]:
    """Run `python -m benchmarks.cohort_loops KIND` on `args`; return its JSON answer and its wall time."""
    spec = folder / f"{kind}.json"
    spec.write_text(json.dumps(args), encoding="utf-8")
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "benchmarks.cohort_loops", kind, str(spec)], capture_output=True,
                          text=True, env=ENV, cwd=folder, check=False)
    if done.returncode:
        raise RuntimeError(f"benchmarks.cohort_loops {kind} failed:\n{done.stderr[-3000:]}")
    answer = json.loads(done.stdout.strip().splitlines()[-1])
    answer["wall"] = time.perf_counter() - started
    return answer


def time_loops(run: Path, submissions: Path, workbook: Path, base: Path, sample: int) -> dict[str, Any]:
    """Time both loops on the same (sampled) pairs and reports; return their figures, scaled to the cohort."""
    learners = [(p.name, sector_of(p.name)) for p in sorted(submissions.iterdir())]
    notebooks = sorted(p.relative_to(workbook).as_posix() for p in workbook.rglob("*.ipynb"))
    pairs = loops.sample_pairs(learners, notebooks, sample)
    total = len(learners) * len(notebooks)
    reports = loops.sample_reports(learners, len(pairs), total)
    found: dict[str, Any] = {"pairs": len(pairs), "reports_timed": len(reports), "notebooks_total": total,
                             "reports_total": len(learners)}
    for name in ("papermill", "nbclient"):
        note(f"{name} loop: {len(pairs)} notebooks, {len(reports)} reports")
        out = base / f"loop-{name}"
        loops.prepare_loop_folder(out, run, submissions, learners)
        if name == "papermill":
            timed = loops.papermill_loop(pairs, reports, submissions, out, ENV)
        else:
            timed = _child("nbclient", {"pairs": pairs, "reports": reports, "submissions": str(submissions),
                                        "out": str(out)}, base)
        timed["scaled"] = timed["notebooks"] / len(pairs) * total + timed["reports"] / len(reports) * len(learners)
        found[name] = timed
    return found


def print_speed(args: argparse.Namespace, count: int, ours: dict[str, Any], loops_: dict[str, Any]) -> None:
    per_learner = count // args.learners
    print(f"Cohort of {args.learners} learners x {per_learner} notebooks ({count} notebooks) + {args.learners} "
          f"reports, jobs={args.jobs}, one run, `course` from {ROOT}:")
    rate = count / ours["seconds"] * 60
    print(f"  course run (with reports)      {ours['seconds']:8.1f} s  {rate:6.1f} notebooks/min "
          f"(notebooks {ours['notebooks']:.1f} s, reports {ours['reports']:.1f} s; {ours['failed']} failed)")
    print(f"    {ours['report_line']}")
    for line in ours["failures"]:
        print(f"    failed: {line}")
    sampled = loops_["pairs"] != loops_["notebooks_total"]
    how = (f"extrapolated from {loops_['pairs']} of {loops_['notebooks_total']} notebooks and "
           f"{loops_['reports_timed']} of {loops_['reports_total']} reports" if sampled else "measured, whole cohort")
    for name, label in (("papermill", "sequential papermill CLI loop"), ("nbclient", "nbclient loop, fresh kernels")):
        loop = loops_[name]
        per_nb, per_report = loop["notebooks"] / loops_["pairs"], loop["reports"] / loops_["reports_timed"]
        print(f"  {label:30s} {loop['scaled']:8.1f} s  {count / loop['scaled'] * 60:6.1f} notebooks/min "
              f"({how}: {per_nb:.2f} s a notebook, {per_report:.2f} s a report; "
              f"failures in the timed part: {len(loop['failures'])}{': ' if loop['failures'] else ''}"
              f"{', '.join(loop['failures'][:4])})")
    print(f"  speed-up over the papermill loop {loops_['papermill']['scaled'] / ours['seconds']:6.2f}x")
    print(f"  speed-up over the nbclient loop  {loops_['nbclient']['scaled'] / ours['seconds']:6.2f}x")


def print_breakdown(found: dict[str, Any], learner_id: str, sector: str) -> None:
    rows = found["rows"]
    print(f"Per notebook, one learner ({learner_id}, {sector}) through `course run`'s task, one at a time "
          "(seconds; the first notebook simulates the store into the cache, the others load it):")
    print(f"  {'notebook':52s} {'total':>6s} {'kernel':>6s} {'1st cell':>8s} {'cells':>6s} {'saves':>12s} {'rest':>6s}")
    for r in rows:
        rest = r["total"] - r["kernel"] - r["first_cell"] - r["cells"] - r["save"]
        print(f"  {r['notebook'][:52]:52s} {r['total']:6.2f} {r['kernel']:6.2f} {r['first_cell']:8.2f} "
              f"{r['cells']:6.2f} {r['save']:6.2f} ({r['saves']:3d}) {rest:6.2f}"
              + ("" if r["status"] == "ok" else f"  {r['status']}"))
    sums = {k: sum(r[k] for r in rows) for k in ("total", "kernel", "first_cell", "cells", "save", "saves")}
    print(f"  {'all ' + str(len(rows)):52s} {sums['total']:6.2f} {sums['kernel']:6.2f} {sums['first_cell']:8.2f} "
          f"{sums['cells']:6.2f} {sums['save']:6.2f} ({sums['saves']:3.0f})")
    c = found["cache"]
    print(f"  store cache, {sector}: simulate {c['simulate']:.3f} s, write {c['write']:.3f} s, "
          f"load {c['load']:.3f} s ({c['simulate'] / c['load']:.1f}x), {c['mb']:.1f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=30)
    parser.add_argument("--notebooks", default="all", help="'all' or the first N notebooks of the workbook")
    parser.add_argument("--loop-sample", type=int, default=0)
    parser.add_argument("--memory", default="30,120", help="cohort sizes for the memory check ('' to skip)")
    parser.add_argument("--memory-notebooks", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--parts", default="speed,breakdown,memory",
                        help="which parts to run: speed (course run and both loops), breakdown, memory")
    args = parser.parse_args()
    notebooks = None if args.notebooks == "all" else int(args.notebooks)
    parts = set(args.parts.split(","))
    with tempfile.TemporaryDirectory(prefix="bench-cohort-") as tmp:
        base = Path(tmp)
        note(f"building a cohort of {args.learners} learners in {base}")
        roster, submissions, workbook = build_cohort(base / "speed", args.learners, notebooks)
        count = sum(1 for _ in submissions.rglob("*.ipynb"))
        if "speed" in parts:
            note(f"course run: {count} notebooks and {args.learners} reports, jobs={args.jobs}")
            ours = time_course_run(roster, submissions, workbook, base / "speed" / "run", args.jobs)
            found = time_loops(base / "speed" / "run", submissions, workbook, base / "speed", args.loop_sample)
            print_speed(args, count, ours, found)
            print(f"  load average after the three: {', '.join(f'{x:.1f}' for x in os.getloadavg())} "
                  f"on {os.cpu_count()} CPUs (other work on the machine slows every figure)")
        if "breakdown" in parts:
            note("breakdown: one learner's notebooks, one at a time")
            learner = sorted(submissions.iterdir())[0].name
            print_breakdown(_child("breakdown", {"learner_id": learner, "sector": sector_of(learner),
                                                 "submissions": str(submissions), "workbook": str(workbook),
                                                 "run": str(base / "speed" / "breakdown")}, base / "speed"),
                            learner, sector_of(learner))
        for size in [int(s) for s in args.memory.split(",") if s and "memory" in parts]:
            note(f"memory: {size} learners x {args.memory_notebooks} notebook(s)")
            r, s, w = build_cohort(base / f"mem{size}", size, args.memory_notebooks)
            run = time_course_run(r, s, w, base / f"mem{size}" / "run", args.jobs)
            print(f"  memory: {size:4d} learners x {args.memory_notebooks} notebook(s) + reports: "
                  f"{run['seconds']:7.1f} s, peak RSS of the largest process {run['peak_mb']:6.0f} MB")


if __name__ == "__main__":
    main()
