"""course.preload.shipped(): what a tutor's fork server loads once before forking kernels."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PROBE = """
import json, sys
import course, course.preload
count = course.preload.shipped()
from course.quiz import banks, view
from course.scenario import ids, view as scenario_view
print(json.dumps({
    "count": count, "banks": len(banks()), "scenarios": len(ids()),
    "banks cached": view._load_package_bank.cache_info().currsize,
    "scenarios cached": scenario_view.load.cache_info().currsize,
    "quiz callable": callable(course.quiz) and type(course.quiz).__name__,
    "tutor-only": sorted(m for m in ("nbformat", "jsonschema", "papermill", "course.tutor") if m in sys.modules),
}))
"""


def test_shipped_caches_every_bank_and_scenario_and_loads_nothing_tutor_only() -> None:
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    shipped = len(list((ROOT / "course" / "quiz" / "banks").glob("*.yaml")))
    sealed = len(list((ROOT / "course" / "scenario" / "sealed").glob("*.yaml")))
    assert (seen["banks"], seen["scenarios"]) == (shipped, sealed) and shipped and sealed
    assert (seen["banks cached"], seen["scenarios cached"], seen["count"]) == (shipped, sealed, shipped + sealed)
    assert seen["quiz callable"] == "_CallableQuizPackage"  # as after a notebook's first quiz cell
    assert seen["tutor-only"] == []
