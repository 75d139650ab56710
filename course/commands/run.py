"""`course run`: execute every learner's submitted notebooks and fill the gradebook; see course.tutor.run."""

from __future__ import annotations

from pathlib import Path


def main(*, roster: Path, submissions: Path, out: Path, jobs: int | None = None, timeout: float = 120,
         executor: str = "local", scheduler: str | None = None, notebooks: Path = Path("notebooks"),
         only: str | None = None) -> int:
    """Run the cohort into `out`; return 0 when every notebook was marked, 1 if any failed, 130 if interrupted."""
    from course.tutor import run

    return run.run_cohort(roster=roster, submissions=submissions, out=out, jobs=jobs, timeout=timeout,
                          executor=executor, scheduler=scheduler, notebooks=notebooks, only=only)
