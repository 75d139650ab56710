"""The run's gradebook (RUN/gradebook.sqlite): its schema, how results go in, scores, evidence, CSV export.

The schema is that of docs/tutor-data.md. Only the process running `course run` writes it. Each result
file goes in with one transaction (its notebook_runs row and its items' results rows together), so a
crash or Ctrl-C never leaves it half updated. A failed notebook keeps no results rows for its
exercises (they are "not marked"); its quiz rows still come from the learner's progress log.
All SQL is parameterised. Scores and evidence follow the contract: a section's score is its correct
items over all its items, x 100; a marking point is met / partly / not yet by the items mapped to it.
Neither counts a stretch exercise (kind plan.STRETCH): it is recorded and reported, never scored.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from course import syllabus
from course.files import write_text_atomic
from course.sections import course_order
from course.tutor import evidence as written_evidence
from course.tutor import history, marks, tampering
from course.tutor.plan import EXERCISE, QUIZ, QUIZ_PREFIX, SCENARIO, STRETCH, Item, NotebookPlan

SCHEMA = """
CREATE TABLE IF NOT EXISTS learners(learner_id TEXT PRIMARY KEY, name TEXT, sector TEXT);
CREATE TABLE IF NOT EXISTS notebooks(notebook TEXT PRIMARY KEY, section TEXT);
CREATE TABLE IF NOT EXISTS items(item_id TEXT PRIMARY KEY, kind TEXT, section TEXT, notebook TEXT,
    marking_point TEXT, covers TEXT);
CREATE TABLE IF NOT EXISTS results(learner_id TEXT, item_id TEXT, status TEXT, misconception TEXT,
    attempts INTEGER, hints INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (learner_id, item_id));
CREATE TABLE IF NOT EXISTS notebook_runs(learner_id TEXT, notebook TEXT, status TEXT, failure_kind TEXT,
    failure_detail TEXT, seconds REAL, PRIMARY KEY (learner_id, notebook));
CREATE TABLE IF NOT EXISTS runs(run_id INTEGER PRIMARY KEY, started TEXT, finished TEXT, executor TEXT,
    jobs INTEGER, notebooks_total INTEGER, notebooks_failed INTEGER);
"""
# Columns added since the first schema, with their definitions: `connect` adds them to an older gradebook.
ADDED_COLUMNS = {"results": {"hints": "INTEGER NOT NULL DEFAULT 0",  # hints shown per exercise (no effect on scores)
                             "outcome": "TEXT",  # a scenario's ending: good, mixed or poor (else NULL)
                             "misconceptions": "TEXT"}}  # a scenario's misconceptions shown, a JSON list (else NULL)
EVIDENCE_LEVELS = ("met", "partly", "not yet")
# Spreadsheet programs run a cell starting with one of these as a formula: names are free text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class LearnerLike(Protocol):
    """Anything with a learner's id, name and sector (a roster row)."""
    learner_id: str
    name: str
    sector: str


@dataclass(frozen=True)
class Evidence:
    """How far one learner has shown one marking point."""
    learner_id: str
    marking_point: str
    level: str       # "met", "partly" or "not yet"
    correct: int
    items: int


def connect(path: Path) -> sqlite3.Connection:
    """Open (creating if needed) the gradebook at `path`; transactions are explicit (see `transaction`)."""
    conn = sqlite3.connect(path, isolation_level=None, timeout=30)
    conn.executescript(SCHEMA)
    _add_new_columns(conn)
    marks.create_tables(conn)  # marks, comment_bank, iqa_sample, run_identity: course/tutor/marks.py
    written_evidence.create(conn)  # written_evidence (course/tutor/evidence.py)
    history.create(conn)  # results_history: rows a later run replaced
    from course.tutor import integrity  # it uses this module's `transaction`

    integrity.create_table(conn)  # integrity_flags: course/tutor/integrity.py
    return conn


def _add_new_columns(conn: sqlite3.Connection) -> None:
    """Bring a gradebook from an earlier version up to SCHEMA: add the columns it lacks, with their defaults."""
    for table, columns in ADDED_COLUMNS.items():
        have = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
        for name, definition in columns.items():
            if name not in have:
                conn.execute(f"ALTER TABLE {table} ADD COLUMN {name} {definition}")


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """Run the block's statements as one transaction: all of them, or (on any error) none."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def set_catalogue(conn: sqlite3.Connection, learners: Iterable[LearnerLike], plans: list[NotebookPlan],
                  items: list[Item]) -> None:
    """Make learners, notebooks and items those of this run; drop rows of learners or items no longer in it."""
    with transaction(conn):
        for table in ("learners", "notebooks", "items"):
            conn.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed table names, no input
        conn.executemany("INSERT INTO learners VALUES (?, ?, ?)",
                         [(lr.learner_id, lr.name, lr.sector) for lr in learners])
        conn.executemany("INSERT INTO notebooks VALUES (?, ?)", [(p.notebook, p.section) for p in plans])
        conn.executemany("INSERT INTO items VALUES (?, ?, ?, ?, ?, ?)",
                         [(i.item_id, i.kind, i.section, i.notebook, i.marking_point, i.covers_json) for i in items])
        conn.execute("DELETE FROM results WHERE learner_id NOT IN (SELECT learner_id FROM learners) "
                     "OR item_id NOT IN (SELECT item_id FROM items)")
        conn.execute("DELETE FROM notebook_runs WHERE learner_id NOT IN (SELECT learner_id FROM learners) "
                     "OR notebook NOT IN (SELECT notebook FROM notebooks)")


def write_result(conn: sqlite3.Connection, result: dict[str, Any], run_id: int | None = None) -> None:
    """Put one result (a results/*.json content) into the gradebook, in one transaction; the rows it changes
    are kept in results_history under `run_id` (course.tutor.history), and its tampering signs replace the
    notebook's earlier ones (course.tutor.tampering)."""
    learner, notebook = result["learner_id"], result["notebook"]
    failure = result.get("failure") or {}
    owned = _owned_items(conn, notebook)
    rows = [(learner, owned[(kind, entry["item_id"])], entry["status"], entry.get("misconception"),
             entry.get("plays", entry.get("attempts")), _count(entry.get("hints")), entry.get("outcome"),
             json.dumps(entry["misconceptions"]) if kind == SCENARIO else None)
            for kind, entries in ((EXERCISE, result.get("exercises") or []), (QUIZ, result.get("quiz") or []),
                                  (SCENARIO, result.get("scenarios") or []))
            for entry in entries if (kind, entry["item_id"]) in owned]
    with transaction(conn):
        conn.execute("INSERT OR REPLACE INTO notebook_runs VALUES (?, ?, ?, ?, ?, ?)",
                     (learner, notebook, result["status"], failure.get("kind"), failure.get("detail"),
                      result.get("seconds")))
        history.keep(conn, learner, notebook, run_id, rows)
        tampering.replace_signs(conn, learner, notebook, result.get("tampering") or [])
        conn.execute("DELETE FROM results WHERE learner_id = ? AND item_id IN "
                     "(SELECT item_id FROM items WHERE notebook = ?)", (learner, notebook))
        conn.executemany("INSERT OR REPLACE INTO results (learner_id, item_id, status, misconception, attempts, hints, "
                         "outcome, misconceptions) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
        written_evidence.write(conn, result)  # the notebook's written evidence, in the same transaction


def start_run(conn: sqlite3.Connection, *, executor: str, jobs: int, total: int) -> int:
    """Record the start of a run; return its run_id."""
    with transaction(conn):
        cursor = conn.execute("INSERT INTO runs (started, executor, jobs, notebooks_total) VALUES (?, ?, ?, ?)",
                              (_now(), executor, jobs, total))
    return int(cursor.lastrowid or 0)


def finish_run(conn: sqlite3.Connection, run_id: int, *, failed: int) -> None:
    """Record that the run finished, and how many notebooks failed."""
    with transaction(conn):
        conn.execute("UPDATE runs SET finished = ?, notebooks_failed = ? WHERE run_id = ?", (_now(), failed, run_id))


def sections(conn: sqlite3.Connection) -> list[str]:
    """Return the sections that have items: course order first, then others in workbook order."""
    found = [row[0] for row in conn.execute(
        "SELECT section FROM items GROUP BY section ORDER BY MIN(rowid)")]
    return course_order(found)


def scores(conn: sqlite3.Connection) -> dict[str, dict[str, float | None]]:
    """Return {learner_id: {section: %, ..., "total": %}}, rounded to 1 dp; None for a section without items.
    Tutor-marked written marking points count as items too (course.tutor.decisions.credits_of)."""
    from course.tutor.decisions import credits_of

    counts = conn.execute(
        "SELECT l.learner_id, i.section, COUNT(*), SUM(CASE WHEN r.status = 'correct' THEN 1 ELSE 0 END) "
        "FROM learners l CROSS JOIN items i "
        "LEFT JOIN results r ON r.learner_id = l.learner_id AND r.item_id = i.item_id "
        "WHERE i.kind != ? GROUP BY l.learner_id, i.section", (STRETCH,)).fetchall()
    counts += [(learner, section, 1, credit) for learner, section, _point, credit in credits_of(conn)]
    names = course_order([*sections(conn), *(section for _, section, _, _ in counts)])
    sums: dict[tuple[str, str], list[float]] = {}
    for learner, section, items, correct in counts:
        acc = sums.setdefault((learner, section), [0.0, 0.0])
        acc[0] += correct or 0
        acc[1] += items
    table: dict[str, dict[str, float | None]] = {}
    for (learner,) in conn.execute("SELECT learner_id FROM learners ORDER BY rowid"):
        row = table[learner] = dict.fromkeys([*names, "total"])
        for section in names:
            correct, items = sums.get((learner, section), (0.0, 0.0))
            row[section] = _percent(correct, items)
        row["total"] = _percent(sum(sums.get((learner, s), (0.0, 0.0))[0] for s in names),
                                sum(sums.get((learner, s), (0.0, 0.0))[1] for s in names))
    return table


def evidence(conn: sqlite3.Connection, learner_id: str | None = None) -> list[Evidence]:
    """Return, per learner and per marking point mapped to an item of this run, met / partly / not yet."""
    mapped: dict[str, list[str]] = {}
    for item_id, marking_point, covers in conn.execute(
            "SELECT item_id, marking_point, covers FROM items WHERE kind != ? ORDER BY rowid", (STRETCH,)):
        for code in dict.fromkeys([marking_point, *covered_codes(covers)]):
            if code and syllabus.items().get(code, ("",))[0] == "marking_point":
                mapped.setdefault(code, []).append(item_id)
    learners = [r[0] for r in conn.execute("SELECT learner_id FROM learners ORDER BY rowid")
                if learner_id is None or r[0] == learner_id]
    correct = {(lr, it) for lr, it in conn.execute("SELECT learner_id, item_id FROM results WHERE status = ?",
                                                   ("correct",))}
    out = []
    for learner in learners:
        for code in sorted(mapped, key=_code_order):
            hits = sum((learner, item) in correct for item in mapped[code])
            level = "met" if hits == len(mapped[code]) else "partly" if hits else "not yet"
            out.append(Evidence(learner, code, level, hits, len(mapped[code])))
    return out


def export_csv(conn: sqlite3.Connection, path: Path) -> Path:
    """Write the LMS export: learner_id,name,<section>...,total (percentages, 1 dp), atomically."""
    table = scores(conn)
    names = [s for s in next(iter(table.values()), {}) if s != "total"] or sections(conn)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["learner_id", "name", *names, "total"])
    for learner, name in conn.execute("SELECT learner_id, name FROM learners ORDER BY rowid"):
        row = table[learner]
        writer.writerow([learner, _safe_cell(name or ""),
                         *("" if row[s] is None else f"{row[s]:.1f}" for s in [*names, "total"])])
    write_text_atomic(path, buffer.getvalue())
    return path


# --- helpers -------------------------------------------------------------------------------

def _owned_items(conn: sqlite3.Connection, notebook: str) -> dict[tuple[str, str], str]:
    """Return {(list in results files, id there): gradebook item_id} for the items this notebook owns; a
    results file lists stretch exercises among its exercises."""
    return {(QUIZ, item_id.removeprefix(QUIZ_PREFIX)) if kind == QUIZ
            else (SCENARIO if kind == SCENARIO else EXERCISE, item_id): item_id
            for item_id, kind in conn.execute("SELECT item_id, kind FROM items WHERE notebook = ?", (notebook,))}



def _count(value: Any) -> int:
    """Return a count from a result file (0 when absent, as in results from before hints, or not a count)."""
    return value if type(value) is int and value >= 0 else 0


def _percent(correct: float | None, items: float) -> float | None:
    return round((correct or 0) / items * 100, 1) if items else None


def covered_codes(text: str | None) -> list[str]:
    """Return the codes of an item's `covers` (a JSON list; [] when empty or unreadable)."""
    try:
        value = json.loads(text or "[]")
    except ValueError:
        return []
    return [str(v) for v in value] if isinstance(value, list) else []


def _code_order(code: str) -> tuple[str, int]:
    part, _, rest = code.partition(":")
    digits = "".join(ch for ch in rest if ch.isdigit())
    return part, int(digits) if digits else 0


def _safe_cell(text: str) -> str:
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
