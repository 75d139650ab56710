"""`course sweep`: the author's proof that the solutions hold for every store (what `make sweep` runs).

N learners (default 40), spread over every sector, each get the workbook filled with its model answers
(solutions/exercises/); `course run` executes them all in parallel. The sweep then names every notebook
that failed (learner, notebook, cell and error) and every exercise a model answer did not get right for
some learner's store (learner, exercise, verdict, misconception). Run it before any change to the
notebooks or the store is submitted. Like `course run` it resumes: finished notebooks are not run again. A
sweep folder remembers what it was made from (OUT/inputs.txt: the notebooks, model answers and kit version);
when any of those has changed, its assigned and filled workbooks are made afresh, so nothing stale is judged.

`course sweep --leaks` (`make sweep-leaks`, 12 learners: 3 in each sector) runs the learner edition as
assigned, unfilled, into OUT/run-learner/, and names every numeric exercise whose answer an output shows
before the exercise asks for it (learner, exercise, notebook, cell, the text): see course.tutor.leaks.
"""

from __future__ import annotations

import csv
import io
import sqlite3
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PREFIX = "sweep"  # learner ids are sweep-000, sweep-001, ...


def main(*, learners: int = 40, out: Path = Path("build/sweep"), jobs: int | None = None,
         timeout: float = 120, leaks: bool = False) -> int:
    """Sweep `learners` learners' solution editions into `out`; return 0 when every answer held, else 1.

    With `leaks`, run their learner editions instead; return 0 when no answer is shown before it is asked."""
    from course.commands import assign, run
    from course.files import write_text_atomic

    if learners < 1:
        raise ValueError(f"--learners {learners}: give 1 or more")
    out = Path(out)
    _start_afresh_if_changed(out)
    roster = out / "roster.csv"
    write_text_atomic(roster, _roster(learners))
    status = assign.main(roster=roster, out=out / "assigned", notebooks=ROOT / "notebooks")
    if status:
        return status
    if leaks:
        status = run.main(roster=roster, submissions=out / "assigned", out=out / "run-learner", jobs=jobs,
                          timeout=timeout, notebooks=ROOT / "notebooks")
        found = _leaks(out / "run-learner", learners)
        _print_leaks(found, learners, out)
        return 1 if status or found else 0
    _fill(out, learners)
    status = run.main(roster=roster, submissions=out / "submissions", out=out / "run", jobs=jobs, timeout=timeout,
                      notebooks=ROOT / "notebooks")
    wrong = _not_correct(out / "run" / "gradebook.sqlite")
    _print_sweep(wrong, learners, out)
    return 1 if status or wrong else 0


def _inputs_digest() -> str:
    """A digest of what a sweep's workbooks are made from: the notebooks, the model answers and the kit."""
    import hashlib

    from course.tutor.results import kit_version

    digest = hashlib.sha256(kit_version().encode())
    for folder in (ROOT / "notebooks", ROOT / "solutions"):
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and ".ipynb_checkpoints" not in p.parts):
            digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _start_afresh_if_changed(out: Path) -> None:
    """Remove the sweep's own assigned and filled workbooks when what they were made from has changed."""
    import shutil

    from course.files import write_text_atomic

    stamp, digest = out / "inputs.txt", _inputs_digest()
    if stamp.exists() and stamp.read_text(encoding="utf-8").strip() == digest:
        return
    if (out / "assigned").exists() or (out / "submissions").exists():
        print(f"sweep: the notebooks, model answers or kit changed since the last sweep in {out}; "
              "its workbooks are made afresh")
    for folder in ("assigned", "submissions"):  # synthetic learners' folders, the sweep's own: no one's work
        shutil.rmtree(out / folder, ignore_errors=True)
    write_text_atomic(stamp, digest + "\n")


def _roster(learners: int) -> str:
    """The sweep's roster: learner ids sweep-000 ... with the sectors taken in turn."""
    from course.store.schema import SECTORS

    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(["learner_id", "name", "sector"])
    for i in range(learners):
        writer.writerow([f"{PREFIX}-{i:03d}", f"Sweep learner {i}", SECTORS[i % len(SECTORS)]])
    return text.getvalue()


def _fill(out: Path, learners: int) -> None:
    """Give each learner's folder the model answers (a learner who gets everything right and skips nothing)."""
    import shutil

    from course.store.schema import SECTORS
    from course.tutor.simulated_learner import Persona, fill_notebooks

    for i in range(learners):
        learner_id = f"{PREFIX}-{i:03d}"
        target = out / "submissions" / learner_id
        if target.exists():
            continue
        work = target.with_name(f".{learner_id}.partial")
        shutil.rmtree(work, ignore_errors=True)
        shutil.copytree(out / "assigned" / learner_id, work)
        fill_notebooks(work, Persona(learner_id, skill=1.0, skips=0.0), SECTORS[i % len(SECTORS)],
                       ROOT / "solutions" / "exercises")
        work.rename(target)


def _leaks(run_dir: Path, learners: int) -> list[tuple[str, str]]:
    """Every (learner, leak) in the learners' executed learner editions (a notebook that failed is not searched)."""
    from course.notebooks import workbook
    from course.store import simulate
    from course.store.schema import SECTORS
    from course.tutor import leaks, results

    notebooks = [path.relative_to(ROOT / "notebooks").as_posix() for path in workbook(ROOT / "notebooks")]
    found: list[tuple[str, str]] = []
    for i in range(learners):
        learner_id = f"{PREFIX}-{i:03d}"
        folder = results.executed_path(run_dir, learner_id, "")
        store = simulate(learner_id, sector=SECTORS[i % len(SECTORS)])
        found.extend((learner_id, str(leak)) for leak in leaks.scan_folder(folder, store, notebooks))
    return found


def _print_leaks(found: list[tuple[str, str]], learners: int, out: Path) -> None:
    print(f"\nLeak sweep of {learners} learners' learner editions (executed copies in {out / 'run-learner'}).")
    if not found:
        print("No exercise's answer is shown before it is asked, for any learner.")
        return
    print(f"{len(found)} answers are shown before they are asked (learner, exercise: notebook, cell, text):")
    for learner_id, leak in found:
        print(f"  {learner_id}  {leak}")


def _not_correct(gradebook: Path) -> list[tuple[str, str, str, str]]:
    """Every (learner, exercise, status, misconception) whose model answer was not marked correct.

    Quiz questions and conversation scenarios have no model answer in a notebook (a learner answers and plays
    them live in JupyterLab), so only exercises (stretch ones too) are looked at."""
    if not gradebook.exists():
        return []
    with sqlite3.connect(gradebook) as conn:
        rows = conn.execute(
            "SELECT r.learner_id, r.item_id, r.status, COALESCE(r.misconception, '') FROM results r "
            "JOIN items i ON i.item_id = r.item_id WHERE i.kind NOT IN ('quiz', 'scenario') AND r.status != 'correct' "
            "ORDER BY r.item_id, r.learner_id").fetchall()
    return [(str(a), str(b), str(c), str(d)) for a, b, c, d in rows]


def _print_sweep(wrong: list[tuple[str, str, str, str]], learners: int, out: Path) -> None:
    print(f"\nSweep of {learners} learners: notebook failures are listed above (learner, notebook, cell); "
          f"the executed copies are in {out / 'run'}.")
    if not wrong:
        print("Every model answer was marked correct for every learner.")
        return
    print(f"{len(wrong)} model answers were not marked correct (learner, exercise, verdict, misconception):")
    for learner_id, item, status, misconception in wrong:
        print(f"  {learner_id}  {item}  {status}  {misconception}")
