"""`course release`: hand each learner's marked feedback back, one dated folder each; see course.tutor.release."""

from __future__ import annotations

from pathlib import Path


def main(*, run: Path, out: Path, partial: bool = False) -> int:
    """Release the run's feedback into `out`. Return 0, or 1 if any learner was refused (marking unfinished)."""
    from course.tutor import release

    return release.release_all(run=run, out=out, partial=partial)
