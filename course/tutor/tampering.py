"""Writing a notebook's tampering signs into the gradebook's `integrity_flags` table (tutor-only evidence).

The table belongs to the integrity checks (#17 part 2, schema in docs/tutor-data.md); until they are joined
up, this module writes its rows with plain, parameterised SQL. Each result replaces the tampering rows of
its own notebook (its items, or the notebook itself), so a rerun that shows no sign clears them. Signs never
reach a learner's report: only the class summary's tutor-only section and the gradebook read this table.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import Any

KIND = "tampering"
STRENGTH = "strong"  # what was seen is in the learner's own files; the tutor still decides what it means
SCHEMA = ("CREATE TABLE IF NOT EXISTS integrity_flags(learner_id TEXT, kind TEXT, strength TEXT, "
          "other_learner TEXT, item_id TEXT, detail TEXT, similarity REAL)")


def replace_signs(conn: sqlite3.Connection, learner_id: str, notebook: str, signs: Iterable[dict[str, Any]]) -> None:
    """Replace the tampering rows of one (learner, notebook) by `signs` (dicts with item_id and detail); the
    caller holds the transaction."""
    conn.execute(SCHEMA)
    conn.execute("DELETE FROM integrity_flags WHERE learner_id = ? AND kind = ? AND (item_id = ? OR item_id IN "
                 "(SELECT item_id FROM items WHERE notebook = ?) OR item_id IN "
                 "(SELECT SUBSTR(item_id, 6) FROM items WHERE notebook = ? AND item_id LIKE 'quiz:%'))",
                 (learner_id, KIND, notebook, notebook, notebook))
    conn.executemany("INSERT INTO integrity_flags (learner_id, kind, strength, other_learner, item_id, detail, "
                     "similarity) VALUES (?, ?, ?, NULL, ?, ?, NULL)",
                     [(learner_id, KIND, STRENGTH, str(s["item_id"]), str(s["detail"])) for s in signs])


def signs_of(conn: sqlite3.Connection, learner_id: str | None = None) -> list[tuple[str, str, str]]:
    """Return (learner_id, item_id, detail) of the tampering rows, of one learner or all, sorted."""
    conn.execute(SCHEMA)
    rows = conn.execute("SELECT learner_id, item_id, detail FROM integrity_flags WHERE kind = ? "
                        "AND (? IS NULL OR learner_id = ?) ORDER BY learner_id, item_id, detail",
                        (KIND, learner_id, learner_id)).fetchall()
    return [(str(a), str(b), str(c)) for a, b, c in rows]
