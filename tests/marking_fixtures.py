"""Tutor marks and written evidence put straight into a hand-made gradebook (tests.test_tutor_report.make_run),
by the exact schemas of the tables' owners (docs/tutor-data.md): for the decisions, release and export tests."""

from __future__ import annotations

import sqlite3
from pathlib import Path

MARKS = """CREATE TABLE IF NOT EXISTS marks(mark_id INTEGER PRIMARY KEY AUTOINCREMENT, learner_id TEXT NOT NULL,
    marking_point TEXT NOT NULL, decision TEXT NOT NULL CHECK (decision IN ('met','partly','not yet')),
    comment TEXT NOT NULL DEFAULT '', marker TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('first','second','resolution')), marked_at TEXT NOT NULL)"""
WRITTEN = """CREATE TABLE IF NOT EXISTS written_evidence(learner_id TEXT, marking_point TEXT, notebook TEXT, task TEXT,
    text TEXT, words INTEGER, supplied TEXT, PRIMARY KEY (learner_id, marking_point, notebook, task))"""
FLAGS = """CREATE TABLE IF NOT EXISTS integrity_flags(learner_id TEXT, kind TEXT, strength TEXT, other_learner TEXT,
    item_id TEXT, detail TEXT, similarity REAL)"""
PLAN_NB = "1-planning/1.1-service-standards-and-plans.ipynb"


def add_marks(run: Path, marks: list[tuple[str, str, str, str, str, str]]) -> None:
    """Append marks (learner, marking point, decision, comment, marker, role), in order (later supersedes)."""
    with sqlite3.connect(run / "gradebook.sqlite") as con:
        con.execute(MARKS)
        con.executemany("INSERT INTO marks (learner_id, marking_point, decision, comment, marker, role, marked_at) "
                        "VALUES (?, ?, ?, ?, ?, ?, '2025-06-02T10:00:00Z')", marks)
    con.close()


def add_written(run: Path, rows: list[tuple[str, str, str, str, str]]) -> None:
    """Add written evidence (learner, marking point, notebook, task, text)."""
    with sqlite3.connect(run / "gradebook.sqlite") as con:
        con.execute(WRITTEN)
        con.executemany("INSERT INTO written_evidence VALUES (?, ?, ?, ?, ?, ?, '')",
                        [(*r, len(r[4].split())) for r in rows])
    con.close()


def add_flags(run: Path, rows: list[tuple[str, str, str, str, str, str, float]]) -> None:
    with sqlite3.connect(run / "gradebook.sqlite") as con:
        con.execute(FLAGS)
        con.executemany("INSERT INTO integrity_flags VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    con.close()
