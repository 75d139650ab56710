"""`course build --edition learner|solutions --out DIR`: write an edition of the workbook for tutors."""

from __future__ import annotations

from pathlib import Path


def main(*, edition: str, out: Path, src: Path = Path("notebooks"),
         solutions: Path = Path("solutions/exercises")) -> int:
    """Build the edition into `out` and list the notebooks written. Return 0; ValueError if `src` has none."""
    from course.notebooks import build_edition

    written = build_edition(edition, src=Path(src), out=Path(out), solutions=Path(solutions))
    if not written:
        raise ValueError(f"--src {src}: no notebooks found; point it at the workbook (the course's notebooks/ folder)")
    for path in written:
        print(f"wrote {path}")
    print(f"{edition} edition: {len(written)} notebooks in {out}/")
    return 0
