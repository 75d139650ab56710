"""The tally of what the reliability and security suites try (bad inputs, faults injected, data lost...).

Each `record(suite, kind, n)` appends one JSON line to build/reliability/tally.jsonl (a single O_APPEND
write, so pytest-xdist workers can share the file); tests/conftest.py clears it when the run starts
and prints the totals when it ends.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

TALLY_FILE = Path(__file__).resolve().parents[2] / "build" / "reliability" / "tally.jsonl"


def record(suite: str, kind: str, n: int = 1) -> None:
    """Count `n` things of `kind` tried by `suite`."""
    line = json.dumps({"suite": suite, "kind": kind, "n": n}) + "\n"
    TALLY_FILE.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(TALLY_FILE, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, line.encode("utf-8"))
    finally:
        os.close(fd)


def reset() -> None:
    """Start a new tally."""
    TALLY_FILE.unlink(missing_ok=True)


def totals() -> Counter[tuple[str, str]]:
    """Sum the tally: (suite, kind) -> count."""
    counts: Counter[tuple[str, str]] = Counter()
    if TALLY_FILE.exists():
        for line in TALLY_FILE.read_text(encoding="utf-8").splitlines():
            entry = json.loads(line)
            counts[(entry["suite"], entry["kind"])] += entry["n"]
    return counts
