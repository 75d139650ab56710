"""`course check-scenario FILE...`: validate source scenario files and say what is in each."""

from __future__ import annotations

import sys
from pathlib import Path


def main(*, paths: list[Path], notebooks: Path = Path("notebooks")) -> int:
    """Validate each scenario file; print "OK: ..." per good file and every problem of a bad one; 0 if all are good."""
    from course.scenario.errors import ScenarioError
    from course.scenario.loader import load_source

    status = 0
    for path in map(Path, paths):
        try:
            scenario = load_source(path, notebooks=notebooks)
        except ScenarioError as err:
            print(err, file=sys.stderr)
            status = 1
            continue
        decisions = len(scenario.decision_nodes())
        print(f"OK: {path}: scenario '{scenario.id}', {len(scenario.nodes)} nodes, {decisions} decision points, "
              f"{len(scenario.misconceptions)} misconceptions; played in {scenario.notebook}")
    return status
