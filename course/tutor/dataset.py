"""The committed demo export in datasets/ (store CSVs, data dictionary, roster), rebuilt by `course dataset`.

A test regenerates this and compares it byte for byte with what is committed, so the demo data can
never drift from the generator.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from course.files import write_text_atomic
from course.store import simulate
from course.store.dictionary import data_dictionary

DEMO_LEARNER = "demo-learner"
DEMO_SECTOR = "apparel"
DEMO_START, DEMO_END = "2025-01-01", "2025-03-31"
DEMO_ROSTER = (
    ("learner_id", "name", "sector"),
    ("amara-o", "Amara Okafor", "apparel"),
    ("ben-t", "Ben Thompson", "grocery"),
    ("chen-l", "Chen Li", "electronics"),
    ("dylan-m", "Dylan Morgan", "homeware"),
    ("eve-r", "Eve Roberts", "grocery"),
    ("farah-k", "Farah Khan", "apparel"),
)


def build(out: Path) -> list[Path]:
    """Write the demo export, the data dictionary and the demo roster under `out`; return the files."""
    data = simulate(DEMO_LEARNER, sector=DEMO_SECTOR, start=DEMO_START, end=DEMO_END)
    store_dir = data.to_csv(out / "demo-store")
    write_text_atomic(out / "DATA_DICTIONARY.md", data_dictionary())
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(DEMO_ROSTER)
    write_text_atomic(out / "demo-roster.csv", buffer.getvalue())
    return [*sorted(store_dir.iterdir()), out / "DATA_DICTIONARY.md", out / "demo-roster.csv"]

