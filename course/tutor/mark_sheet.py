"""Offline marking: export a run's marking sheet as CSV, and import a filled-in sheet back as marks.

A sheet has one row per (learner, marking point) of a role's marking queue (course.tutor.marks.queue) with
the run's identifier, the learner's id and name, the marking point and its text, the current decision and
comment. Importing checks every row first and reports each problem by row number (unknown learner, unknown
marking point, bad decision, a sheet from another run); it writes nothing unless every row passes, and then
writes all of them in one transaction. A row with no decision is left unmarked; a row that repeats the
current mark is not recorded again. Free text that a spreadsheet would run as a formula is written with a
leading apostrophe (as gradebook.export_csv does), which importing removes again.
"""

from __future__ import annotations

import csv
import io
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from course.files import write_text_atomic
from course.tutor import marks

COLUMNS = ["run", "learner_id", "name", "marking_point", "marking_point_text", "decision", "comment"]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_DECISION_WORDS = {"met": "met", "partly": "partly", "partly met": "partly", "not yet": "not yet"}


class SheetError(ValueError):
    """A marking sheet was refused; the message lists every problem by row."""


@dataclass(frozen=True)
class SheetRow:
    """One checked row of a sheet that will be recorded."""
    learner_id: str
    marking_point: str
    decision: str
    comment: str


def export_sheet(conn: sqlite3.Connection, path: Path, *, role: str = "first", marker: str = "",
                 order: str = "learner", shuffle: int | None = None) -> int:
    """Write the marking sheet of `role` to `path` (UTF-8 with a BOM, for Excel), atomically; return its rows."""
    key = marks.run_key(conn)
    names = marks.learners(conn)
    texts = marks.marking_points()
    now = marks.current(conn, role)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    pairs = marks.queue(conn, role=role, marker=marker, order=order, shuffle=shuffle)
    for learner, point in pairs:
        mark = now.get((learner, point))
        writer.writerow([key, learner, safe_cell(names.get(learner, "")), point, texts[point],
                         mark.decision if mark else "", safe_cell(mark.comment) if mark else ""])
    write_text_atomic(Path(path), "\ufeff" + buffer.getvalue())
    return len(pairs)


def import_sheet(conn: sqlite3.Connection, path: Path, *, marker: str, role: str = "first") -> int:
    """Record the decided rows of the sheet at `path` as marks by `marker` in `role`, all or none; return how
    many marks were recorded. Raise SheetError listing every bad row (and write nothing)."""
    from course.tutor.gradebook import transaction

    rows = check_sheet(conn, Path(path), marker=marker, role=role)
    now = marks.current(conn, role)
    fresh = [r for r in rows if not _same(now.get((r.learner_id, r.marking_point)), r)]
    with transaction(conn):
        for row in fresh:
            marks.record(conn, row.learner_id, row.marking_point, row.decision, row.comment, marker=marker, role=role)
    return len(fresh)


def check_sheet(conn: sqlite3.Connection, path: Path, *, marker: str, role: str) -> list[SheetRow]:
    """Return the sheet's decided rows; raise SheetError naming every row that cannot be recorded."""
    if role not in marks.ROLES:
        raise SheetError(f"unknown role {role!r}; use one of {', '.join(marks.ROLES)}")
    if not marker.strip():
        raise SheetError("no marker name: say who marked the sheet (--marker NAME)")
    text = path.read_text(encoding="utf-8-sig")
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in ("run", "learner_id", "marking_point", "decision", "comment")
               if c not in (reader.fieldnames or [])]
    if missing:
        raise SheetError(f"{path}: row 1 (the header) lacks the column(s) {', '.join(missing)}; export a fresh "
                         "sheet with `course mark --run RUN --export FILE` and fill that in")
    key, learners, points = marks.run_key(conn), marks.learners(conn), marks.marking_points()
    own = {pair for pair, mark in marks.current(conn, "first").items() if mark.marker == marker.strip()}
    problems: list[str] = []
    rows: list[SheetRow] = []
    for number, raw in enumerate(reader, start=2):
        row = {k: (v or "").strip() for k, v in raw.items() if k}
        found = _row_problems(row, key, learners, points)
        if role == "second" and row["decision"] and (row["learner_id"], row["marking_point"]) in own:
            found.append(f"{marker} made the first mark of this pair, so cannot be its second marker")
        problems += [f"row {number}: {p}" for p in found]
        if not found and row["decision"]:
            rows.append(SheetRow(row["learner_id"], row["marking_point"], _DECISION_WORDS[row["decision"].lower()],
                                 unsafe_cell(row["comment"])))
    if problems:
        raise SheetError(f"{path}: nothing was imported; fix these rows and import again:\n  " + "\n  ".join(problems))
    return rows


def _row_problems(row: dict[str, str], key: str, learners: dict[str, str], points: dict[str, str]) -> list[str]:
    if row["run"] != key:
        return [f"this sheet is from another run ({row['run'] or 'no run'}), not this one ({key}); "
                "export a sheet from this run"]
    found = []
    if row["learner_id"] not in learners:
        found.append(f"unknown learner {row['learner_id']!r}")
    if row["marking_point"] not in points:
        found.append(f"unknown marking point {row['marking_point']!r}")
    if row["decision"] and row["decision"].lower() not in _DECISION_WORDS:
        found.append(f"bad decision {row['decision']!r}: write met, partly or not yet (or leave it empty)")
    return found


def _same(mark: marks.Mark | None, row: SheetRow) -> bool:
    return mark is not None and (mark.decision, mark.comment) == (row.decision, row.comment.strip())


def safe_cell(text: str) -> str:
    """Return free text that a spreadsheet will show as text, never run as a formula."""
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def unsafe_cell(text: str) -> str:
    """Undo `safe_cell`: drop the apostrophe put before text that starts like a formula."""
    return text[1:] if text.startswith("'") and text[1:].startswith(_FORMULA_START) else text
