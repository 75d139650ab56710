"""A small run gradebook for the marking tests: three learners, two items, results and written evidence."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from course.tutor import gradebook

LEARNERS = [("ada", "Ada Lovelace", "apparel"), ("raj", "Raj Patel", "grocery"), ("zoe", "Zoë <b>Hart</b>", "apparel")]
WRITTEN_EVIDENCE = """CREATE TABLE IF NOT EXISTS written_evidence(learner_id TEXT, marking_point TEXT, notebook TEXT,
    task TEXT, text TEXT, words INTEGER, supplied TEXT, PRIMARY KEY (learner_id, marking_point, notebook, task))"""


def make_run(root: Path) -> tuple[Path, sqlite3.Connection]:
    """Return (RUN folder, open gradebook) holding the learners, two items mapped to 002:MP8, and evidence."""
    run = root / "run"
    run.mkdir()
    conn = gradebook.connect(run / "gradebook.sqlite")
    conn.executemany("INSERT INTO learners VALUES (?, ?, ?)", LEARNERS)
    conn.executemany("INSERT INTO items VALUES (?, ?, ?, ?, ?, ?)", [
        ("rev-one", "exercise", "reviewing", "3-reviewing/3.2-the-review-cycle.ipynb", "002:MP8", "[]"),
        ("rev-two", "quiz", "reviewing", "3-reviewing/3.2-the-review-cycle.ipynb", "000:MP2", '["002:MP8"]')])
    conn.executemany("INSERT INTO results (learner_id, item_id, status) VALUES (?, ?, ?)",
                     [("ada", "rev-one", "correct"), ("ada", "rev-two", "incorrect")])
    conn.execute(WRITTEN_EVIDENCE)
    conn.execute("INSERT INTO written_evidence VALUES (?, ?, ?, ?, ?, ?, ?)",
                 ("ada", "002:MP8", "3-reviewing/3.2-the-review-cycle.ipynb", "reflect-1",
                  "The queue fell after we <script>alert('x')</script> opened a second till & asked customers.",
                  14, ""))
    return run, conn
