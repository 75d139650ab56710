"""`course assign`: write one folder per learner (signed notebooks, store data, README); see course.tutor.assign."""

from __future__ import annotations

from pathlib import Path


def main(*, roster: Path, out: Path, notebooks: Path = Path("notebooks")) -> int:
    """Write a folder for every learner on the roster into `out`, skipping existing ones. Return 0, or 1."""
    from course.tutor import assign

    return assign.assign_cohort(roster=roster, out=out, notebooks=notebooks)
