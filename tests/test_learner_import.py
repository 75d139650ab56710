"""A learner's kernel starts fast: `import course`, course.start, course.check and course.quiz never load
the tutor-only libraries (nbformat with jsonschema takes over a second to import)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TUTOR_ONLY = ["nbformat", "jsonschema", "nbclient", "papermill", "sqlite3", "course.tutor", "course.commands"]

PROBE = """
import json, sys
loaded = lambda: sorted(m for m in {tutor_only!r} if m in sys.modules)
import course
steps = {{"import": loaded()}}
course.start("demo-learner", sector="apparel", progress_path={log!r})
steps["start"] = loaded()
course.check("kpi-conversion", 0.5)
steps["check"] = loaded()
course.quiz("planning")
course.quiz("planning")
steps["quiz twice"] = loaded()
print(json.dumps(steps))
"""


def test_learner_paths_do_not_import_tutor_only_libraries(tmp_path: Path) -> None:
    probe = PROBE.format(tutor_only=TUTOR_ONLY, log=str(tmp_path / "progress.jsonl"))
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert done.returncode == 0, done.stderr
    steps = json.loads(done.stdout.strip().splitlines()[-1])
    assert steps == {"import": [], "start": [], "check": [], "quiz twice": []}


def test_the_plain_import_probe_of_the_issue() -> None:
    done = subprocess.run([sys.executable, "-c", "import course, sys; print('nbformat' in sys.modules)"],
                          capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert done.returncode == 0 and done.stdout.strip() == "False", done.stderr
