"""A run's result files: where everything of a (learner, notebook) goes under RUN/, and reading and
writing results/<learner_id>/<notebook>.json (docs/tutor-data.md) atomically.

Also the parts of a result that need no kernel, from the learner's submitted progress log: each quiz
question's status (correct if any attempt was, else the last attempt's status), each scenario's result
(its outcome and misconceptions shown), and the hints each
exercise needed (the highest hint shown; hints never change a status or a score).
"""

from __future__ import annotations

import hashlib
import json
import warnings
from pathlib import Path
from typing import Any

from course import progress
from course.files import write_text_atomic

SCHEMA = 1


def make_result(learner_id: str, notebook: str, *, sha: str | None, failure: dict[str, str] | None,
                seconds: float, exercises: list[dict[str, Any]], quiz: list[dict[str, Any]],
                scenarios: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Return a result dict in the shape of docs/tutor-data.md."""
    return {"schema": SCHEMA, "learner_id": learner_id, "notebook": notebook,
            "status": "failed" if failure else "ok", "failure": failure, "submission_sha256": sha,
            "seconds": round(seconds, 2), "exercises": exercises, "quiz": quiz, "scenarios": scenarios or []}


def submission_sha256(path: Path) -> str | None:
    """Return the SHA-256 of a submitted notebook's bytes, or None when it is not there."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None


def quiz_results(log: Path | None, quiz_ids: tuple[str, ...]) -> list[dict[str, Any]]:
    """Return each question's status from the learner's progress log (None: no log to read, so no
    attempts): correct if any attempt was."""
    attempts = _read_log(log)
    tries: dict[str, list[progress.Attempt]] = {}
    for attempt in attempts:
        if attempt.kind == "quiz" and attempt.item_id in quiz_ids:
            tries.setdefault(attempt.item_id, []).append(attempt)
    rows = []
    for question_id in quiz_ids:
        found = tries.get(question_id, [])
        correct = any(a.correct for a in found)
        last = found[-1] if found else None
        rows.append({"item_id": question_id,
                     "status": "correct" if correct else (last.status if last else "not_attempted"),
                     "misconception": None if correct or last is None else last.misconception,
                     "attempts": len(found)})
    return rows


def scenario_results(log: Path | None, scenario_ids: tuple[str, ...]) -> list[dict[str, Any]]:
    """Return each scenario's result from the learner's progress log (see course.scenario.record.scenario_result):
    status, outcome and the misconceptions shown; not_attempted without a finished play."""
    from course.scenario.record import plays, scenario_result

    attempts = _read_log(log)
    return [scenario_result(scenario_id, plays(attempts, scenario_id)) for scenario_id in scenario_ids]


def with_hints(exercises: list[dict[str, Any]], log: Path | None) -> list[dict[str, Any]]:
    """Return the exercise results with "hints": the highest hint of each exercise the log says was shown."""
    used: dict[str, int] = {}
    for record in _read_log(log):
        if record.kind == progress.HINT and record.rung is not None:
            used[record.item_id] = max(used.get(record.item_id, 0), record.rung)
    return [{**entry, "hints": used.get(str(entry.get("item_id")), 0)} for entry in exercises]


def _read_log(log: Path | None) -> list[progress.Attempt]:
    """Return the records of a learner's progress log (None: no log to read, so none)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", progress.ProgressLogWarning)  # damaged lines are skipped
        return progress.read_attempts(log) if log is not None else []


def result_path(run_dir: Path, learner_id: str, notebook: str) -> Path:
    """Return where a notebook's result JSON is kept in the run folder."""
    return Path(run_dir) / "results" / learner_id / Path(notebook).with_suffix(".json")


def executed_path(run_dir: Path, learner_id: str, notebook: str) -> Path:
    """Return where the executed copy of a learner's notebook is kept in the run folder."""
    return Path(run_dir) / "executed" / learner_id / notebook


def scratch_dir(run_dir: Path, learner_id: str, notebook: str) -> Path:
    """Where a task's kernel works: its copy of the progress log, portfolio files and kernel.log."""
    return Path(run_dir) / "scratch" / learner_id / Path(notebook).with_suffix("")


def read_result(path: Path) -> dict[str, Any] | None:
    """Return a result file's content, or None when it is missing or damaged (so the task runs again)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("schema") == SCHEMA else None


def write_json_atomic(path: Path, data: dict[str, Any]) -> None:
    """Write JSON to `path` atomically (temporary file, fsync, rename)."""
    write_text_atomic(path, json.dumps(data, ensure_ascii=False, indent=1) + "\n")
