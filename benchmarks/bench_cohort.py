"""Benchmark: a cohort run (`course run`, which also writes the reports) against a plain sequential loop of
`papermill` CLI calls doing the same notebooks and reports, and the run's peak memory as the cohort grows.

Prints figures; asserts nothing. Usage (defaults in brackets):

    python benchmarks/bench_cohort.py [--learners 30] [--notebooks all|N] [--loop-sample 0]
                                      [--memory 30,120] [--memory-notebooks 1] [--jobs 2]

--loop-sample K times the papermill loop on K (learner, notebook) pairs and on K report templates and
scales up to the whole cohort (0: the whole loop); say so when quoting the figure. Each cohort is built
with the demo's simulated learners (skill 0.7) in a temporary folder.
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SECTORS = ("apparel", "grocery", "electronics", "homeware")


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
    assign.main(roster=roster, out=base / "assigned", notebooks=workbook)
    submissions = base / "submissions"
    for folder in sorted((base / "assigned").iterdir()):
        target = submissions / folder.name
        shutil.copytree(folder, target)
        persona = Persona(folder.name, 0.7)
        sector = SECTORS[int(folder.name.split("-")[1]) % 4]
        fill_notebooks(target, persona, sector, ROOT / "solutions" / "exercises")
        quiz_attempts(target, persona, target / "course-progress.jsonl", ROOT / "solutions" / "quiz")
    return roster, submissions, workbook


_PEAK_WRAPPER = ("import resource, subprocess, sys; "
                 "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
                 "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")


def time_course_run(roster: Path, submissions: Path, workbook: Path, out: Path, jobs: int) -> tuple[float, float]:
    """Return (seconds, peak MB of the largest process) for `course run` (reports included).

    The run starts from a wrapper process of its own, so its peak is not mixed with earlier runs'.
    """
    command = [str(BIN / "course"), "run", "--roster", str(roster), "--submissions", str(submissions),
               "--out", str(out), "--jobs", str(jobs), "--notebooks", str(workbook)]
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _PEAK_WRAPPER, *command], capture_output=True, text=True)
    seconds = time.perf_counter() - started
    return seconds, int(done.stdout.strip().splitlines()[-1]) / 1024


def time_papermill_loop(submissions: Path, out: Path, sample: int) -> tuple[float, int, int]:
    """Return (seconds, tasks timed, tasks in all) for sequential `papermill` CLI calls."""
    tasks = [(learner, nb) for learner in sorted(submissions.iterdir()) for nb in sorted(learner.rglob("*.ipynb"))]
    reports = sorted(submissions.iterdir())
    chosen = random.Random(1).sample(tasks, sample) if sample else tasks
    chosen_reports = reports[: max(1, sample // 7)] if sample else reports
    started = time.perf_counter()
    for learner, nb in chosen:
        target = out / learner.name / nb.relative_to(learner)
        target.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([str(BIN / "papermill"), str(nb), str(target), "-p", "learner_id", learner.name,
                        "-p", "progress_path", str(out / learner.name / "log.jsonl"), "--no-progress-bar"],
                       check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=target.parent)
    for learner in chosen_reports:  # the report: the template, then HTML with nbconvert
        report = out / "reports" / f"{learner.name}.ipynb"
        report.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([str(BIN / "papermill"), str(ROOT / "notebooks" / "templates" / "learner-report.ipynb"),
                        str(report), "-p", "learner_id", learner.name, "-p", "run_dir", str(out),
                        "--no-progress-bar"], check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        subprocess.run([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(report)],
                       check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    per_task = seconds / (len(chosen) + len(chosen_reports))
    return per_task * (len(tasks) + len(reports)), len(chosen) + len(chosen_reports), len(tasks) + len(reports)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=30)
    parser.add_argument("--notebooks", default="all", help="'all' or the first N notebooks of the workbook")
    parser.add_argument("--loop-sample", type=int, default=0)
    parser.add_argument("--memory", default="30,120", help="cohort sizes for the memory check ('' to skip)")
    parser.add_argument("--memory-notebooks", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    notebooks = None if args.notebooks == "all" else int(args.notebooks)
    with tempfile.TemporaryDirectory(prefix="bench-cohort-") as tmp:
        base = Path(tmp)
        roster, submissions, workbook = build_cohort(base / "speed", args.learners, notebooks)
        count = sum(1 for _ in submissions.rglob("*.ipynb"))
        ours, peak = time_course_run(roster, submissions, workbook, base / "speed" / "run", args.jobs)
        loop, timed, total = time_papermill_loop(submissions, base / "speed" / "loop", args.loop_sample)
        print(f"Cohort of {args.learners} learners x {count // args.learners} notebooks ({count} notebooks) "
              f"+ {args.learners} reports, jobs={args.jobs}:")
        print(f"  course run (with reports)        {ours:8.1f} s")
        how = "measured" if timed == total else f"extrapolated from {timed} of {total} calls"
        print(f"  sequential papermill CLI loop    {loop:8.1f} s ({how})")
        print(f"  speed-up                         {loop / ours:8.1f}x")
        for size in [int(s) for s in args.memory.split(",") if s]:
            r, s, w = build_cohort(base / f"mem{size}", size, args.memory_notebooks)
            seconds, peak = time_course_run(r, s, w, base / f"mem{size}" / "run", args.jobs)
            print(f"  memory: {size:4d} learners x {args.memory_notebooks} notebook(s): {seconds:7.1f} s, "
                  f"peak RSS of the largest process {peak:6.0f} MB")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
