"""Helpers for the answer-secrecy scans: the strings that would give a quiz answer away."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
_CORRECT_FLAG = re.compile(r"['\"]?correct['\"]?\s*:\s*true", re.IGNORECASE)


def _normal(text: str) -> str:
    return " ".join(str(text).split())


@functools.cache
def answer_secrets() -> frozenset[str]:
    """Return every explanation and option feedback in the sources (each gives its answer away).

    Accepted answers of text questions are not secrets here: they are the course's terms ("moment of
    truth"), which the lessons teach in plain words. Their hashes are what keeps the quiz honest.
    """
    found: set[str] = set()
    for path in sorted((ROOT / "solutions" / "quiz").glob("*.yaml")):
        for q in yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]:
            found.add(_normal(q["explanation"]))
            found.update(_normal(o["feedback"]) for o in q.get("options", []) if o.get("feedback"))
    return frozenset(s for s in found if s)


def leaks(text: str, *, code: bool = False) -> list[str]:
    """Return the secrets (first 60 characters each) found in `text`, plus any `correct: true` flag.

    In source code (`code=True`) the words "correct: true" are the validator talking about the source
    format, not a flag on an answer, so only the secrets are looked for.
    """
    flat = _normal(text)
    hits = [s[:60] for s in answer_secrets() if s in flat]
    if not code and _CORRECT_FLAG.search(text):
        hits.append("correct: true")
    return hits
