"""Learner attempt log (append-only JSONL) and the results summary a tutor's run reads back.

Each exercise check or quiz attempt is one JSON line (and so is each hint shown: kind "hint", status
"shown", with the hint's ``rung`` on the exercise's hint ladder; and each reply chosen in a conversation
scenario: kind "scenario", with its decision ``node``, plus one closing record with the play's ``outcome``;
quiz attempts and scenario replies also keep the ``choice`` made, which a tutor's run regrades),
appended under an exclusive ``flock`` with one ``os.write`` on an ``O_APPEND`` fd, so writers never interleave;
readers skip damaged lines with a ``ProgressLogWarning``. Results leave a notebook as a custom MIME output
(``results_bundle``) that the runner collects with ``read_results``.
"""

from __future__ import annotations

import json
import os
import warnings
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:  # nbformat (with jsonschema) takes a second to import: only the tutor's runner needs it
    import nbformat

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: single-kernel use, no cross-process lock
    fcntl = None  # type: ignore[assignment]  # the module is absent, and the code checks for None

LOG_ENV = "COURSE_PROGRESS_PATH"
DEFAULT_LOG_NAME = "course-progress.jsonl"
RESULTS_MIME = "application/vnd.course.results+json"

KINDS = ("exercise", "quiz", "hint", "scenario")
HINT = "hint"             # the kind of a record saying a hint was shown; it is not an attempt
HINT_STATUS = "shown"     # the status of every hint record
SCENARIO = "scenario"     # a reply chosen in a conversation scenario (with its node), or a play's end (with outcome)
OUTCOMES = ("good", "mixed", "poor")
LOGGED_STATUSES = ("correct", "incorrect", "invalid")
RESULT_STATUSES = (*LOGGED_STATUSES, "not_attempted")
MAX_CHOICE = 4000         # characters of JSON a logged choice may take
SUMMARY_COLUMNS = ["learner_id", "item_id", "kind", "attempts", "correct",
                   "first_correct_attempt", "last_status", "misconceptions"]

PathArg = str | os.PathLike[str] | None


class ProgressLogWarning(UserWarning):
    """A line of the progress log was damaged or invalid and has been skipped."""


@dataclass(frozen=True)
class Attempt:
    """One logged attempt at an exercise or quiz question, or one hint shown (kind "hint", with its rung)."""

    timestamp: str
    learner_id: str
    item_id: str
    kind: str
    status: str
    correct: bool
    misconception: str | None
    attempt: int
    notebook: str | None = None
    rung: int | None = None  # hint records only: which hint of the exercise's ladder was shown (1 = first)
    node: str | None = None  # scenario records only: the decision node (or, closing a play, the end node)
    outcome: str | None = None  # the record closing a scenario play only: good, mixed or poor
    choice: Any = None  # quiz: the response given; scenario step: the reply said (a tutor's run regrades these)
    source: str | None = None  # an exercise on a learner's own data: "own", or "practice" for the practice store


def resolve_log_path(path: PathArg = None) -> Path:
    """Return the log path: explicit ``path`` > $COURSE_PROGRESS_PATH > ./course-progress.jsonl."""
    if path is not None:
        return Path(path).expanduser()
    from_env = os.environ.get(LOG_ENV, "").strip()
    if from_env:
        return Path(from_env).expanduser()
    return Path.cwd() / DEFAULT_LOG_NAME


def record(
    *, learner_id: str, item_id: str, kind: str, status: str, misconception: str | None = None,
    notebook: str | None = None, path: PathArg = None, now: datetime | None = None, rung: int | None = None,
    node: str | None = None, outcome: str | None = None, choice: Any = None, source: str | None = None,
) -> Attempt:
    """Append one attempt (or, with kind "hint", one hint shown) to the log, durably under a file lock.

    Attempts and hints are numbered separately: a hint record's `attempt` counts the hints shown for
    that item, so hints never change an exercise's attempt numbers.
    """
    _validate_record_args(learner_id, item_id, kind, status, misconception, notebook)
    _validate_rung(kind, status, rung)
    _validate_scenario(kind, node, outcome)
    choice = _plain_choice(choice)
    timestamp = _utc_timestamp(now)
    log_path = resolve_log_path(path)
    log_path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(log_path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o666)
    try:
        _lock(fd, exclusive=True)  # released when fd is closed
        existing = _read_fd(fd)
        earlier = _earlier_counts(str(log_path), existing)[(learner_id, item_id, kind == HINT)]
        attempt = Attempt(timestamp, learner_id, item_id, kind, status, status == "correct",
                          misconception, earlier + 1, notebook, rung, node, outcome, choice, source)
        fields = {k: v for k, v in asdict(attempt).items()  # attempts: as before; the newer fields only when set
                  if k not in _OPTIONAL_FIELDS[1:] or v is not None}
        line = json.dumps(fields, sort_keys=True, ensure_ascii=False) + "\n"
        prefix = b"\n" if existing and not existing.endswith(b"\n") else b""  # torn last line
        payload = prefix + line.encode("utf-8")
        if os.write(fd, payload) != len(payload):  # disk full: next record() mends the line
            raise OSError(f"{log_path}: short write; check free disk space.")
        os.fsync(fd)
    finally:
        os.close(fd)
    return attempt


def read_attempts(path: PathArg = None) -> list[Attempt]:
    """Return every valid attempt in file order; damaged lines are skipped with a warning."""
    log_path = resolve_log_path(path)
    try:
        fd = os.open(log_path, os.O_RDONLY)
    except FileNotFoundError:
        return []
    try:
        _lock(fd, exclusive=False)  # so a write in progress is never seen half done
        data = _read_fd(fd)
    finally:
        os.close(fd)
    attempts: list[Attempt] = []
    for line_no, row, error in _parsed_lines(data):
        problem = error or _record_problem(row)
        if problem:
            warnings.warn(f"{log_path}: line {line_no} is not a valid progress record ({problem});"
                          " skipped it. The other lines are unaffected.", ProgressLogWarning,
                          stacklevel=2)
        else:
            attempts.append(Attempt(**{k: row[k] for k in _FIELD_CHECKS if k in row}))
    return attempts


def summary(path: PathArg = None, *, learner_id: str | None = None) -> pd.DataFrame:
    """Return one row per (learner_id, item_id) summarising attempts (hints shown are not attempts)."""
    groups: dict[tuple[str, str], list[Attempt]] = {}
    for a in read_attempts(path):
        if a.kind != HINT and (learner_id is None or a.learner_id == learner_id):
            groups.setdefault((a.learner_id, a.item_id), []).append(a)
    rows = []
    for (learner, item), attempts in sorted(groups.items()):
        first_correct = next((a.attempt for a in attempts if a.correct), None)
        misconceptions = sorted({a.misconception for a in attempts if a.misconception})
        rows.append([learner, item, attempts[0].kind, len(attempts), first_correct is not None,
                     first_correct, attempts[-1].status, ", ".join(misconceptions)])
    frame = pd.DataFrame(rows, columns=SUMMARY_COLUMNS)
    return frame.astype({"attempts": "int64", "correct": "bool", "first_correct_attempt": "Int64"})


def results_bundle(results: list[dict[str, Any]], *, learner_id: str, notebook: str) -> dict[str, object]:
    """Return a MIME bundle (for ``display(bundle, raw=True)``) carrying the notebook's results."""
    _check_results(results)
    try:  # a plain, JSON-safe copy: later changes to `results` cannot alter the bundle
        copied = json.loads(json.dumps(results, sort_keys=True, ensure_ascii=False))
    except (TypeError, ValueError) as exc:
        raise ValueError(f"results cannot be saved as JSON ({exc}); use str, number, "
                         "bool or None values.") from exc
    counts = {s: sum(1 for r in results if r["status"] == s) for s in RESULT_STATUSES}
    parts = [f"{counts['correct']} correct", f"{counts['incorrect']} not quite"]
    if counts["invalid"]:
        parts.append(f"{counts['invalid']} could not be checked")
    parts.append(f"{counts['not_attempted']} not attempted")
    noun = "item" if len(results) == 1 else "items"
    text = (f"Results for learner '{learner_id}' in {notebook}: "
            f"{', '.join(parts)} ({len(results)} {noun}).")
    payload = {"schema": 1, "learner_id": learner_id, "notebook": notebook, "results": copied}
    return {RESULTS_MIME: payload, "text/plain": text}


def read_results(notebook: nbformat.NotebookNode | str | os.PathLike[str]) -> list[dict[str, Any]]:
    """Return the payload of every RESULTS_MIME output in an executed notebook, in cell order."""
    import nbformat

    if isinstance(notebook, nbformat.NotebookNode):
        name, node = "<notebook>", notebook
    else:
        name = str(notebook)
        try:
            node = nbformat.read(notebook, as_version=4)
        except FileNotFoundError:
            raise
        except Exception as exc:  # nbformat raises many types for a damaged file
            raise ValueError(f"{name} is not a readable notebook ({type(exc).__name__}: {exc}); "
                             "collect the learner's copy again or re-run it.") from exc
    payloads: list[dict[str, Any]] = []
    try:
        for cell_index, cell in enumerate(node["cells"]):
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                if RESULTS_MIME not in data:
                    continue
                if not isinstance(data[RESULTS_MIME], dict):
                    raise ValueError(f"{name}: cell {cell_index} has a results output that is "
                                     "not a JSON object; re-run the notebook.")
                payloads.append(json.loads(json.dumps(data[RESULTS_MIME])))  # plain dicts
    except (KeyError, TypeError, AttributeError) as exc:
        raise ValueError(f"{name} does not have the structure of a notebook ({exc}).") from exc
    return payloads


# --- helpers -------------------------------------------------------------------------------

def _validate_record_args(learner_id: str, item_id: str, kind: str, status: str,
                          misconception: str | None, notebook: str | None) -> None:
    for name, value in (("learner_id", learner_id), ("item_id", item_id)):
        if not isinstance(value, str) or not value:
            raise ValueError(f"{name} must be a non-empty string, got {value!r}.")
    if kind not in KINDS:
        raise ValueError(f"kind {kind!r} is not valid; use one of {', '.join(KINDS)}.")
    if kind == HINT:
        if status != HINT_STATUS:
            raise ValueError(f"a hint record has status {HINT_STATUS!r}, not {status!r}.")
    elif status not in LOGGED_STATUSES:
        hint = " (not_attempted is never logged)" if status == "not_attempted" else ""
        raise ValueError(f"status {status!r} is not valid{hint}; use one of "
                         f"{', '.join(LOGGED_STATUSES)}.")
    for name, optional in (("misconception", misconception), ("notebook", notebook)):
        if optional is not None and not isinstance(optional, str):
            raise ValueError(f"{name} must be a string or None, got {optional!r}.")


def _validate_rung(kind: str, status: str, rung: int | None) -> None:
    if kind == HINT and not (type(rung) is int and rung >= 1):
        raise ValueError(f"a hint record needs the rung shown, a whole number from 1, got {rung!r}.")
    if kind != HINT and rung is not None:
        raise ValueError(f"only a hint record has a rung; a {kind} record has rung=None, got {rung!r}.")


def _validate_scenario(kind: str, node: str | None, outcome: str | None) -> None:
    if kind == SCENARIO and not (isinstance(node, str) and node):
        raise ValueError(f"a scenario record needs the node it was made at, got {node!r}.")
    if kind != SCENARIO and (node is not None or outcome is not None):
        raise ValueError(f"only a scenario record has a node or an outcome; a {kind} record has neither.")
    if outcome is not None and outcome not in OUTCOMES:
        raise ValueError(f"outcome {outcome!r} is not valid; use one of {', '.join(OUTCOMES)}.")


def _plain_choice(choice: Any) -> Any:
    """Return a quiz response or scenario reply as plain JSON (text, number, list or dict), at most MAX_CHOICE
    characters once written; anything else is recorded as None (no choice to regrade)."""
    if choice is None:
        return None
    try:
        text = json.dumps(choice, sort_keys=True, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError, RecursionError):
        return None
    return json.loads(text) if len(text) <= MAX_CHOICE else None


def _check_results(results: list[dict[str, Any]]) -> None:
    for index, item in enumerate(results):
        missing = [k for k in ("item_id", "kind", "status", "misconception")
                   if not isinstance(item, dict) or k not in item]
        if missing:
            raise ValueError(f"results[{index}] is missing {', '.join(missing)}; each result "
                             "must be a dict with item_id, kind, status and misconception.")
        if item["status"] not in RESULT_STATUSES:
            raise ValueError(f"results[{index}] has status {item['status']!r}; use one of "
                             f"{', '.join(RESULT_STATUSES)}.")


def _utc_timestamp(now: datetime | None) -> str:
    moment = datetime.now(UTC) if now is None else now
    if moment.tzinfo is None:
        raise ValueError("now must be timezone-aware, e.g. datetime(..., tzinfo=UTC).")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _lock(fd: int, *, exclusive: bool) -> None:
    """flock ``fd``; a reader on a filesystem without locks reads anyway."""
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
    except OSError:
        if exclusive:
            raise


def _read_fd(fd: int) -> bytes:
    return os.pread(fd, os.fstat(fd).st_size, 0)  # whole file: logs stay far below 2 GB


_Counts = Counter[tuple[str, str, bool]]  # (learner_id, item_id, is a hint record) -> valid records in the log
_COUNTED: dict[str, tuple[bytes, _Counts]] = {}  # the last log record() wrote: its whole lines read, and counts


def _earlier_counts(key: str, data: bytes) -> _Counts:
    """Return the valid records in the log ``data`` counted by (learner_id, item_id, hint or not).

    A notebook records many attempts in one log: the whole lines counted last time (kept for the last log
    written, keyed by its path) are not parsed again while the log still begins with them, byte for byte.
    Lines another writer appended are parsed; a log changed in any other way is counted again from the start.
    """
    cached = _COUNTED.get(key)
    done, counts = cached if cached is not None and data.startswith(cached[0]) else (b"", Counter())
    whole = data.rfind(b"\n") + 1  # up to the last line end: a torn last line is counted now, never kept
    counts = counts + _count_records(data[len(done):whole])
    _COUNTED.clear()
    _COUNTED[key] = (data[:whole], counts)
    return counts + _count_records(data[whole:])


def _count_records(data: bytes) -> _Counts:
    """Return the valid records in ``data`` (whole lines of a log) by (learner_id, item_id, hint or not)."""
    return Counter((row["learner_id"], row["item_id"], row["kind"] == HINT) for _, row, error in _parsed_lines(data)
                   if not (error or _record_problem(row)))


def _parsed_lines(data: bytes) -> Iterator[tuple[int, Any, str]]:
    """Yield (line number, parsed JSON or None, error or '') for each non-blank line."""
    for line_no, raw in enumerate(data.split(b"\n"), start=1):
        if not raw.strip():
            continue
        try:
            yield line_no, json.loads(raw.decode("utf-8")), ""
        except ValueError as exc:  # includes UnicodeDecodeError
            yield line_no, None, f"not JSON: {exc}"


_OPTIONAL_FIELDS = ("notebook", "rung", "node", "outcome", "choice", "source")  # absent in older logs; all but
# the first only when set
_FIELD_CHECKS: dict[str, Callable[[Any], bool]] = {  # field -> is the value acceptable?
    "timestamp": lambda v: isinstance(v, str), "learner_id": lambda v: isinstance(v, str),
    "item_id": lambda v: isinstance(v, str), "kind": lambda v: v in KINDS,
    "status": lambda v: v in (*LOGGED_STATUSES, HINT_STATUS), "correct": lambda v: isinstance(v, bool),
    "attempt": lambda v: type(v) is int and v >= 1,
    "misconception": lambda v: v is None or isinstance(v, str),
    "notebook": lambda v: v is None or isinstance(v, str),
    "rung": lambda v: v is None or (type(v) is int and v >= 1),
    "node": lambda v: v is None or (isinstance(v, str) and bool(v)),
    "source": lambda v: v in (None, "own", "practice"),
    "outcome": lambda v: v is None or v in OUTCOMES,
    "choice": lambda v: True,  # any JSON value: a tutor's run regrades it and never trusts it
}


def _record_problem(row: Any) -> str:
    """Return what is wrong with a parsed log line, or '' if it is a valid attempt."""
    if not isinstance(row, dict):
        return "not a JSON object"
    missing = [k for k in _FIELD_CHECKS if k not in row and k not in _OPTIONAL_FIELDS]
    if missing:
        return f"missing field(s) {', '.join(missing)}"
    bad = [k for k, ok in _FIELD_CHECKS.items() if not ok(row.get(k))]
    if bad:
        return f"bad value for {', '.join(bad)}"
    is_hint = row["kind"] == HINT
    if is_hint != (row["status"] == HINT_STATUS) or is_hint != (row.get("rung") is not None):
        return "a hint record needs status 'shown' and a rung; other records have neither"
    if (row["kind"] == SCENARIO) != (row.get("node") is not None) or (
            row.get("outcome") is not None and row["kind"] != SCENARIO):
        return "a scenario record needs a node; other records have no node or outcome"
    return ""

