"""Benchmark: a kernel forked from the pre-imported parent (course.tutor.forked) against a fresh kernel.

Prints, as medians of --repeat tries:
- kernel start: from asking for a kernel to its first kernel_info reply;
- the first cell: the workbook's import cell (`import course`, pandas, pyplot, seaborn, `course.style()`),
  without `course.start`, whose store simulation is the same in both; then the same cell with
  `course.start(...)` as the notebooks have it (the store simulated, or loaded from a cache);
and then one learner's whole workbook (the learner edition, as assigned) through `course run`, with forked
kernels and with COURSE_FORK_KERNELS=0, one after the other. Asserts nothing: figures, not tests.

    PYTHONPATH=. python benchmarks/bench_kernel_start.py [--repeat 5] [--jobs 2] [--no-run]

The `course run` part runs `python -m course run` in a subprocess with this PYTHONPATH, so pointing
PYTHONPATH at another checkout (e.g. `git archive` of an older commit) times that code instead.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIRST_CELL = ("import course\nfrom course import ___\nanswer = ___\nimport matplotlib.pyplot as plt\n"
              "import pandas as pd\nimport seaborn as sns\ncourse.style()")
START = ('\nsession = course.start("bench-amara", sector="apparel", progress_path="progress.jsonl", '
         'notebook="1-planning/1.1-service-standards-and-plans")')
LEARNER = ("bench-amara", "Amara Bench", "apparel")


async def _one_kernel(fork: bool, folder: Path, cell: str = FIRST_CELL) -> tuple[float, float]:
    """Return (start seconds, first-cell seconds) of one kernel running `cell` first."""
    from course.tutor.kernels import logged_manager

    km = logged_manager(log=folder / "kernel.log", fork=fork)(kernel_name="python3")
    started = time.perf_counter()
    await km.start_kernel(cwd=str(folder))
    kc = km.client()
    kc.start_channels()
    try:
        await kc.wait_for_ready(timeout=120)
        ready = time.perf_counter()
        msg_id = kc.execute(cell)
        while (reply := await kc.get_shell_msg(timeout=120))["parent_header"].get("msg_id") != msg_id:
            pass
        assert reply["content"]["status"] == "ok", reply["content"]
        return ready - started, time.perf_counter() - ready
    finally:
        kc.stop_channels()
        await km.shutdown_kernel(now=True)


def kernels(repeat: int) -> None:
    from course.tutor import forked

    with tempfile.TemporaryDirectory() as folder:
        asyncio.run(_one_kernel(True, Path(folder)))  # starts the fork server: once per worker, not per kernel
        print(f"fork server started (once per worker process); its pid {forked.server().pid}")
        for fork, label in ((True, "forked"), (False, "fresh")):
            times = [asyncio.run(_one_kernel(fork, Path(folder))) for _ in range(repeat)]
            start, first = (statistics.median(t[i] for t in times) for i in (0, 1))
            print(f"{label:>6} kernel: start {start:.2f} s, first cell {first:.2f} s, "
                  f"start + first cell {start + first:.2f} s (median of {repeat})")
            with_start = statistics.median(asyncio.run(_one_kernel(fork, Path(folder), FIRST_CELL + START))[1]
                                           for _ in range(repeat))
            print(f"{label:>6} kernel: the first cell with course.start {with_start:.2f} s (median of {repeat})")


def course_run(jobs: int, switches: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        roster = folder / "roster.csv"
        with roster.open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows([("learner_id", "name", "sector"), LEARNER])
        env = {**os.environ, "PYTHONPATH": os.environ.get("PYTHONPATH") or str(ROOT)}
        command = [sys.executable, "-m", "course"]
        subprocess.run([*command, "assign", "--roster", str(roster), "--out", str(folder / "subs"),
                        "--notebooks", str(ROOT / "notebooks")], check=True, env=env, capture_output=True)
        count = len(list((folder / "subs" / LEARNER[0]).rglob("*.ipynb")))
        for switch in switches:
            label = "forked where available" if switch == "1" else "ordinary (COURSE_FORK_KERNELS=0)"
            started = time.perf_counter()
            done = subprocess.run([*command, "run", "--roster", str(roster), "--submissions", str(folder / "subs"),
                                   "--out", str(folder / f"run-{switch}"), "--jobs", str(jobs),
                                   "--notebooks", str(ROOT / "notebooks")],
                                  env={**env, "COURSE_FORK_KERNELS": switch}, capture_output=True, text=True)
            seconds = time.perf_counter() - started
            summary = next((ln for ln in done.stdout.splitlines() if ln.startswith("course run:")), done.stdout[-200:])
            print(f"course run, 1 learner x {count} notebooks + report, jobs {jobs}, kernels {label}: "
                  f"{seconds:.1f} s (exit {done.returncode}; {summary})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--no-run", action="store_true", help="only the kernel figures, not `course run`")
    parser.add_argument("--run-only", action="store_true", help="only `course run`, not the kernel figures")
    parser.add_argument("--switches", default="1,0", help="COURSE_FORK_KERNELS values to run `course run` with")
    args = parser.parse_args()
    if not args.run_only:
        kernels(args.repeat)
    if not args.no_run:
        course_run(args.jobs, args.switches.split(","))


if __name__ == "__main__":
    main()
