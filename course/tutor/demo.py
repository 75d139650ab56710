"""`course demo`: the demo job that `make demo` runs.

For now it builds the demo learner's store under build/demo/ and prints its KPI dashboard; the
tutor toolkit will extend it to run the whole demo cohort.
"""

from __future__ import annotations

from pathlib import Path

from course.tutor import simulate

DEMO_LEARNER = "demo-learner"
DEMO_SECTOR = "apparel"


def main(*, out: Path = Path("build/demo")) -> int:
    """Write the demo learner's store to `out`/store and print its dashboard. Return 0."""
    return simulate.main(learner_id=DEMO_LEARNER, sector=DEMO_SECTOR, out=out / "store")
