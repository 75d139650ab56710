"""`course export`: write a run's grades in an LMS's gradebook import format; see course.tutor.lms_export."""

from __future__ import annotations

from pathlib import Path


def main(*, run: Path, fmt: str, out: Path, roster: Path | None = None, id_column: str = "idnumber",
         marking_points: bool = False, scale: str = 'met=2,partly=1,"not yet"=0') -> int:
    """Write the grades of the run folder `run` to `out` as `fmt` (moodle, canvas or csv). Return 0."""
    from course.tutor import lms_export

    path = lms_export.export(run=run, fmt=fmt, out=out, roster=roster, id_column=id_column,
                             marking_points=marking_points, scale=scale)
    print(f"wrote {path} ({fmt} grade import file)")
    return 0
