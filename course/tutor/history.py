"""The gradebook's history: every result row a later run replaced, kept in `results_history` with that run's id.

Before a notebook's result rows are replaced (a rerun after a changed submission, roster entry or kit, or
`course run --only`), the rows that are about to change are appended here, so a regrade never loses what was
there before. Rows that a run writes again unchanged are not copied.

    results_history(run_id INTEGER, learner_id TEXT, item_id TEXT, status TEXT, misconception TEXT,
                    attempts INTEGER, hints INTEGER, outcome TEXT, misconceptions TEXT)

`run_id` is the run that replaced the row (runs.run_id); the row itself is as it stood before that run.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

SCHEMA = ("CREATE TABLE IF NOT EXISTS results_history(run_id INTEGER, learner_id TEXT, item_id TEXT, status TEXT, "
          "misconception TEXT, attempts INTEGER, hints INTEGER, outcome TEXT, misconceptions TEXT)")


def create(conn: sqlite3.Connection) -> None:
    """Create the history table when the gradebook has none."""
    conn.execute(SCHEMA)


def keep(conn: sqlite3.Connection, learner_id: str, notebook: str, run_id: int | None,
         new_rows: Sequence[Sequence[Any]]) -> int:
    """Append to the history the notebook's current rows that `new_rows` (in the results table's column order)
    would change or drop; return how many. The caller holds the transaction. Without a run id, nothing is kept."""
    if run_id is None:
        return 0
    old = conn.execute("SELECT learner_id, item_id, status, misconception, attempts, hints, outcome, "
                       "misconceptions FROM results WHERE learner_id = ? AND item_id IN "
                       "(SELECT item_id FROM items WHERE notebook = ?)",
                       (learner_id, notebook)).fetchall()
    staying = {tuple(row) for row in new_rows}
    changed = [(run_id, *row) for row in old if tuple(row) not in staying]
    conn.executemany("INSERT INTO results_history (run_id, learner_id, item_id, status, misconception, attempts, "
                     "hints, outcome, misconceptions) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", changed)
    return len(changed)


def of_learner(conn: sqlite3.Connection, learner_id: str) -> list[tuple[Any, ...]]:
    """Return a learner's history rows (run_id first), oldest run first."""
    return conn.execute("SELECT run_id, learner_id, item_id, status, misconception, attempts, hints, outcome, "
                        "misconceptions FROM results_history WHERE learner_id = ? ORDER BY run_id, item_id",
                        (learner_id,)).fetchall()
