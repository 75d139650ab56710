"""A run's result files: where everything of a (learner, notebook) goes under RUN/, and reading and
writing results/<learner_id>/<notebook>.json (docs/tutor-data.md) atomically.

Also the parts of a result that need no kernel, from the learner's submitted progress log, regraded against
the learner's own store (course.tutor.regrade): each quiz question's status (correct if any attempt's choice
earns it, else the last attempt's), each scenario's result (its plays replayed: outcome and misconceptions
shown), and the hints each exercise needed (the highest hint shown; hints never change a status or a score).
What a result was made from (the roster entry, the kit version, the log's SHA-256) is kept with it, for resuming.
"""

from __future__ import annotations

import hashlib
import json
import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from course import progress
from course.files import write_text_atomic
from course.store import StoreData

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


@dataclass(frozen=True)
class Logged:
    """The parts of a result regraded from the learner's progress log, and the tampering signs seen there."""
    quiz: list[dict[str, Any]]
    scenarios: list[dict[str, Any]]
    signs: list[Any]


def logged_results(task: Any) -> Logged:
    """Regrade the task's quiz choices and scenario replies from the learner's log against their own store
    (course.tutor.regrade): the status each log line claims is never trusted. No log: nothing attempted."""
    from course.tutor import regrade

    attempts = _read_log(task.own_log)
    if not task.quiz_ids and not task.scenario_ids:
        return Logged([], [], [])
    store = learner_store(task)
    quiz, quiz_signs = regrade.quiz_results(attempts, task.quiz_ids, store)
    played, play_signs = regrade.scenario_results(attempts, task.scenario_ids, store, task.learner_id)
    return Logged(quiz, played, [*quiz_signs, *play_signs])


def learner_store(task: Any) -> StoreData:
    """The store the task's notebook used, as the roster defines it: their data folder's export (with the
    practice store's tables it lacked, for this notebook), else their simulated store (the judge's signed
    copy). Never anything the notebook says. See course.tutor.judge_data."""
    from course.tutor import judge_data

    return judge_data.notebook_store(task).data


def keys_of(task: Any) -> dict[str, Any]:
    """What a saved result was made from, besides the submission: the roster entry, the kit and the log."""
    return {"roster_entry": {"sector": task.sector, "data_dir": getattr(task, "data_dir", None)},
            "kit_version": kit_version(), "log_sha256": submission_sha256(task.own_log) if task.own_log else None}


@lru_cache(maxsize=1)
def kit_version() -> str:
    """The kit's version and a digest of its code, checks, quiz banks and scenarios: a fix changes it."""
    import course

    root = Path(course.__file__).parent
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.suffix in (".py", ".yaml") and "__pycache__" not in p.parts):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return f"{course.__version__}+{digest.hexdigest()[:12]}"


def sign_rows(signs: list[Any]) -> list[dict[str, str]]:
    """The tampering signs as result rows (item_id, detail), each once, in order."""
    rows = [{"item_id": sign.item_id, "detail": sign.detail} for sign in signs]
    return [dict(t) for t in dict.fromkeys(tuple(r.items()) for r in rows)]


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
