"""`course report`: write each learner's HTML report and the class summary of a run; see course.tutor.report."""

from __future__ import annotations

from pathlib import Path


def main(*, run: Path, pseudonymise: bool = False) -> int:
    """Write the reports and the class summary of the run folder `run`. Return 0, or 1 if any report failed."""
    from course.tutor import report

    return report.write_reports(run=run, pseudonymise=pseudonymise)
