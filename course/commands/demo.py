"""`course demo`: the whole tutor pipeline on the built-in demo cohort (what `make demo` runs).

Six simulated learners (datasets/demo-roster.csv), each with a different sector and skill level:
assign their workbooks, let each fill in the exercises and quizzes as a learner of that skill would
(right with probability `skill`, otherwise one of the exercise's known mistakes), then run the cohort
and write the per-learner reports, the gradebook and the class summary under `out`. Two learners are planted
integrity cases (course/tutor/simulated_cheats.py): farah-k copies amara-o's numeric answers, and ben-t hands
in dylan-m's notebook 3.1; the class summary's integrity section flags both, and no one else. It takes `course run`'s
fast path: each notebook's kernel is forked from a pre-imported parent (course.tutor.forked). Then a simulated
tutor marks the written evidence from a sheet, a simulated IQA second-marks a seeded sample (one disagreement
resolved, one open), the reports are written again and the feedback is released (course.tutor.demo_marking).
"""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SKILLS = {"amara-o": 0.9, "ben-t": 0.45, "chen-l": 0.75, "dylan-m": 0.6, "eve-r": 0.85, "farah-k": 0.3}


def main(*, out: Path = Path("build/demo"), jobs: int | None = None) -> int:
    """Run the demo cohort end to end into `out`; print where the reports are. Return the run's status."""
    from course.commands import assign, run
    from course.tutor.roster import read_roster

    roster_path = ROOT / "datasets" / "demo-roster.csv"
    learners = read_roster(roster_path)
    assigned, submissions = out / "assigned", out / "submissions"
    status = assign.main(roster=roster_path, out=assigned, notebooks=ROOT / "notebooks")
    if status:
        return status
    for learner in learners:
        target = submissions / learner.learner_id
        if target.exists():
            print(f"demo: {learner.learner_id}'s submission already exists; kept as it is")
            continue
        _simulate_learner(assigned / learner.learner_id, target, learner.learner_id, learner.sector,
                          {lr.learner_id: lr.sector for lr in learners})
    status = run.main(roster=roster_path, submissions=submissions, out=out / "run", jobs=jobs,
                      notebooks=ROOT / "notebooks")
    _print_paths(out)
    if (out / "run" / "gradebook.sqlite").is_file():
        _mark_and_release(out)
    return status


def _mark_and_release(out: Path) -> None:
    """Mark, quality-assure and release the run's written evidence as a tutor would; print what happened."""
    from course.tutor import demo_marking

    print("\nMarking the written evidence, IQA and releasing feedback:")
    outcome = demo_marking.mark_and_release(out / "run", out)
    print("\n".join(demo_marking.summary(outcome, out / "run", out)))


def _simulate_learner(assigned: Path, target: Path, learner_id: str, sector: str, sectors: dict[str, str]) -> None:
    """Copy the learner's assigned folder and fill it in as the simulated learner would (or plant a case)."""
    from course.tutor.simulated_cheats import plant
    from course.tutor.simulated_learner import Persona, fill_notebooks, quiz_attempts, scenario_plays

    work = target.with_name(f".{target.name}.partial")
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(assigned, work)
    persona = Persona(learner_id, SKILLS.get(learner_id, 0.6))
    fill_notebooks(work, persona, sector, ROOT / "solutions" / "exercises")
    quiz_attempts(work, persona, work / "course-progress.jsonl", ROOT / "solutions" / "quiz", sector)
    scenario_plays(work, persona, work / "course-progress.jsonl", sector)
    planted = plant(work, learner_id, sectors=sectors, assigned=assigned.parent,
                    solutions=ROOT / "solutions" / "exercises")
    if planted:
        print(f"demo: {learner_id} is a planted integrity case: {planted}")
    work.rename(target)


def _print_paths(out: Path) -> None:
    run_dir = out / "run"
    print("\nDemo cohort finished. Open these in a browser or JupyterLab:")
    for label, path in (("class summary", run_dir / "class-summary.html"),
                        ("per-learner reports", run_dir / "reports"),
                        ("gradebook (SQLite)", run_dir / "gradebook.sqlite"),
                        ("gradebook for your LMS (CSV)", run_dir / "gradebook.csv"),
                        ("assigned workbooks", out / "assigned"),
                        ("simulated submissions", out / "submissions")):
        print(f"  {label:30s} {path}{'' if path.exists() else '  (not written: see the messages above)'}")
