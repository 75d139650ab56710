"""`course seal-scenarios`: validate the scenario sources and seal them into the package (course/scenario/sealed/)."""

from __future__ import annotations

import sys
from pathlib import Path


def main(*, src: Path = Path("solutions/scenarios"), out: Path = Path("course/scenario/sealed"),
         notebooks: Path = Path("notebooks")) -> int:
    """Seal every source scenario in `src` into `out`; print each one and return 0, or 1 with every problem."""
    from course.scenario.errors import ScenarioError
    from course.scenario.seal import seal_all, stale

    try:
        results = seal_all(src, out, notebooks=notebooks)
    except ScenarioError as err:
        print(err, file=sys.stderr)
        print("Nothing was sealed: fix the problems above and run again.", file=sys.stderr)
        return 1
    for result in results:
        state = "written" if result.changed else "unchanged"
        print(f"Sealed {result.scenario}: {result.decisions} decision points, {result.misconceptions} "
              f"misconceptions -> {result.path} ({state})")
    print(f"{len(results)} scenarios, {sum(r.decisions for r in results)} decision points, "
          f"{sum(r.misconceptions for r in results)} misconceptions")
    for reason in stale(src, out):
        print(f"Warning: {reason}", file=sys.stderr)
    return 0
