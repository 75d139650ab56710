"""Helpers for the answer-secrecy scans: the strings that would give a quiz or conversation-scenario answer away."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
_CORRECT_FLAG = re.compile(r"['\"]?correct['\"]?\s*:\s*true", re.IGNORECASE)
_BEST_FLAG = re.compile(r"['\"]?quality['\"]?\s*:\s*['\"]?best", re.IGNORECASE)
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
MIN_FRAGMENT = 25  # a scenario text's longest fixed part (between {placeholders}) shorter than this is no secret


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
    found.update(scenario_secrets())
    return frozenset(s for s in found if s)


def scenario_secrets() -> set[str]:
    """Return each scenario's reply feedback, misconception fixes and debriefs (their longest fixed part: a
    learner's own facts fill the {placeholders}), from the sources in solutions/scenarios/."""
    texts = []
    for path in sorted((ROOT / "solutions" / "scenarios").glob("*.yaml")):
        scenario = yaml.safe_load(path.read_text(encoding="utf-8"))
        texts += [m["fix"] for m in (scenario.get("misconceptions") or {}).values()]
        for node in scenario["nodes"].values():
            texts += [r["feedback"] for r in node.get("replies") or []]
            texts += [node["debrief"]] if node.get("debrief") else []
    fragments = {max((_normal(part) for part in _PLACEHOLDER.split(text)), key=len) for text in texts}
    return {f for f in fragments if len(f) >= MIN_FRAGMENT}


def leaks(text: str, *, code: bool = False) -> list[str]:
    """Return the secrets (first 60 characters each) found in `text`, plus any `correct: true` flag.

    In source code (`code=True`) the words "correct: true" are the validator talking about the source
    format, not a flag on an answer, so only the secrets are looked for.
    """
    flat = _normal(text)
    hits = [s[:60] for s in answer_secrets() if s in flat]
    if not code and _CORRECT_FLAG.search(text):
        hits.append("correct: true")
    if not code and _BEST_FLAG.search(text):
        hits.append("quality: best")
    return hits
