"""Written evidence for the gradebook: what each learner wrote in their notebooks' `evidence:` cells.

`course run` collects, from each submitted notebook, every Markdown cell tagged `evidence:<marking point>` in
the tutor's own workbook (the workbook decides what is evidence, never a learner's copy), with the text the
workbook supplied there. The rows go into the `written_evidence` table in the same transaction as the notebook's
other rows (gradebook.write_result), and replace that notebook's earlier rows, so a re-run changes nothing.
The authenticity declaration of 0-start-here is a row with marking point 'declaration'. See docs/tutor-data.md.
`read` is the one reader of the table for marking (course.tutor.decisions) and shared prose (integrity_prose).
"""

from __future__ import annotations

import contextlib
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from course import written
from course.evidence_rules import EVIDENCE_PLACEHOLDER, own_words, words

SCHEMA = """
CREATE TABLE IF NOT EXISTS written_evidence(learner_id TEXT, marking_point TEXT, notebook TEXT, task TEXT,
    text TEXT, words INTEGER, supplied TEXT, PRIMARY KEY (learner_id, marking_point, notebook, task));
"""


@dataclass(frozen=True)
class Written:
    """One written_evidence row: a learner's text for one marking point of a task, and what the notebook supplied."""
    learner_id: str
    marking_point: str
    notebook: str
    task: str
    text: str
    supplied: str = ""


def read(conn: sqlite3.Connection) -> list[Written]:
    """Return the written evidence of an open gradebook: every row with text, except authenticity declarations,
    by learner, marking point, notebook and task ([] when the gradebook has no written_evidence table)."""
    found = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'written_evidence'").fetchone()
    if found is None:
        return []
    rows = conn.execute("SELECT learner_id, marking_point, notebook, task, text, supplied FROM written_evidence "
                        "WHERE marking_point != ? AND TRIM(COALESCE(text, '')) != '' "
                        "ORDER BY learner_id, marking_point, notebook, task", (written.DECLARATION,))
    return [Written(*(str(v or "") for v in row)) for row in rows]


def create(conn: sqlite3.Connection) -> None:
    """Create the written_evidence table if the gradebook has none (called by gradebook.connect)."""
    conn.executescript(SCHEMA)


def collect(submitted: Path | None, supplied: Path | None) -> list[dict[str, Any]]:
    """Return one row per marking point of each evidence cell: the learner's text and own words, and the supplied text.

    `supplied` is the notebook in the tutor's workbook; without it the submitted notebook's own tags are used.
    A cell the learner left as supplied (or deleted) gives an empty text and 0 words, so a marker sees the gap.
    """
    mine = {c.task: c for c in written.cells(written.read_notebook(submitted) or {})} if submitted else {}
    given = written.cells(written.read_notebook(supplied) or {}) if supplied else list(mine.values())
    rows = []
    for cell in given:
        placeholder = cell.text if supplied else EVIDENCE_PLACEHOLDER
        supplied_text = f"{cell.prompt}\n\n{placeholder}".strip()
        text = mine[cell.task].text if cell.task in mine else ""
        if _same(text, placeholder):
            text = ""
        rows += [{"marking_point": point, "task": cell.task, "text": text,
                  "words": own_words(text, supplied_text), "supplied": supplied_text}
                 for point in cell.marking_points]
    return rows


def _same(a: str, b: str) -> bool:
    return " ".join(words(a)) == " ".join(words(b))


def for_task(task: Any) -> list[dict[str, Any]]:
    """Return the written evidence of one `course run` task (an execute.Task): its submitted notebook against the
    same notebook in the tutor's workbook. A notebook that is not the learner's own file gives no text."""
    submitted = task.submitted if task.owns(task.submitted) else None
    return collect(submitted, Path(task.workbook) / task.notebook if task.workbook else None)


def write(conn: sqlite3.Connection, result: dict[str, Any]) -> None:
    """Replace one notebook's written evidence with the result's (inside the caller's transaction)."""
    learner, notebook = result["learner_id"], result["notebook"]
    conn.execute("DELETE FROM written_evidence WHERE learner_id = ? AND notebook = ?", (learner, notebook))
    conn.executemany("INSERT OR REPLACE INTO written_evidence VALUES (?, ?, ?, ?, ?, ?, ?)",
                     [(learner, row["marking_point"], notebook, row["task"], row["text"], int(row["words"]),
                       row["supplied"]) for row in result.get("evidence") or []])


def declaration(run: Path, learner_id: str) -> str | None:
    """Return the learner's authenticity declaration from RUN/gradebook.sqlite, or None when it is not written."""
    try:
        with contextlib.closing(sqlite3.connect(f"file:{Path(run) / 'gradebook.sqlite'}?mode=ro", uri=True)) as conn:
            row = conn.execute("SELECT text FROM written_evidence WHERE learner_id = ? AND marking_point = ? "
                               "AND text != '' ORDER BY notebook, task LIMIT 1",
                               (learner_id, written.DECLARATION)).fetchone()
    except sqlite3.OperationalError:  # no gradebook, or one from before written evidence was collected
        return None
    return str(row[0]) if row else None
