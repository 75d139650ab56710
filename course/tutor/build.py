"""`course build --edition learner|solutions --out DIR`: write an edition of the workbook for tutors."""

from __future__ import annotations

from pathlib import Path

from course.notebooks import build_edition


def main(*, edition: str, out: Path, src: Path = Path("notebooks"),
         solutions: Path = Path("solutions/exercises")) -> int:
    """Build the edition into `out` and list the notebooks written. Return 0."""
    written = build_edition(edition, src=src, out=out, solutions=solutions)
    for path in written:
        print(f"wrote {path}")
    print(f"{edition} edition: {len(written)} notebooks in {out}/")
    return 0
