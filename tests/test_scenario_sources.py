"""Every source scenario in solutions/scenarios/ passes the engine's validator (`course check-scenario`).

Each kind of broken scenario is shown to be caught in tests/test_scenario_check.py; each context's facts
are checked on many learners in tests/test_scenario_contexts_*.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from course.scenario.errors import ScenarioError
from course.scenario.loader import load_source

ROOT = Path(__file__).resolve().parents[1]
FILES = sorted((ROOT / "solutions" / "scenarios").glob("*.yaml"))


@pytest.mark.parametrize("path", FILES, ids=[path.stem for path in FILES])
def test_every_scenario_passes_the_validator(path: Path) -> None:
    try:
        load_source(path, notebooks=ROOT / "notebooks")
    except ScenarioError as err:
        pytest.fail(str(err))
