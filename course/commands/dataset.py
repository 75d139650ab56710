"""`course dataset`: rebuild the committed demo export in datasets/ (see course.tutor.dataset)."""

from __future__ import annotations

from pathlib import Path


def main(*, out: Path = Path("datasets")) -> int:
    """Rebuild the demo export under `out` and list what was written. Return 0."""
    from course.tutor import dataset

    for path in dataset.build(Path(out)):
        print(f"wrote {path} ({path.stat().st_size:,} bytes)")
    return 0
