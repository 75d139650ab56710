"""Judging a learner's exercise answers in the tutor's process, never in the learner's kernel.

The kernel hands over raw answers only (course.handover writes them, one JSON line per check cell run, to
the task's scratch/answers.jsonl). Here each answer is decoded back into plain Python and pandas values and
judged with course.exercises' own code against the store the learner's notebook used, rebuilt from the roster
(learner id, sector, data folder: course.tutor.judge_data), its simulated or practice store from the run's store
cache only when its signature checks (course.store.signed): never the store, verdicts or results output of the
notebook.

What the notebook's own results output claims is only compared with the judged verdicts: a claim better
than the judged verdict, or a `course.check` that was no longer the kit's function, is a tampering sign
(course.tutor.tampering), shown to the tutor only.
"""

from __future__ import annotations

import datetime
import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from course import handover, progress
from course.blank import ___
from course.exercises import get
from course.exercises.answers import as_number
from course.exercises.checking import verdict
from course.store import StoreData

ANSWERS_NAME = "answers.jsonl"
MAX_LINES = 2_000                       # handover lines read from one notebook's answers file
_RANK = {"correct": 3, "incorrect": 1, "invalid": 1, "not_attempted": 0}


@dataclass(frozen=True)
class Handed:
    """What the kernel handed over for one exercise: the encoded answer, or why there is none."""
    answer: Any = None
    invalid: str | None = None
    kit_check: bool = True


@dataclass(frozen=True)
class Sign:
    """A tampering sign: the item it concerns (or the notebook) and what was seen, in neutral words."""
    item_id: str
    detail: str


def read_handed(path: Path) -> dict[str, Handed]:
    """Return the last handover of each exercise in an answers file (missing file: none)."""
    handed: dict[str, Handed] = {}
    try:
        with Path(path).open(encoding="utf-8", errors="replace") as handle:
            for count, line in enumerate(handle):
                if count >= MAX_LINES:
                    break
                row = _row(line)
                if row is not None:
                    handed[row["item_id"]] = Handed(row.get("answer"), _text(row.get("invalid")),
                                                    row.get("kit_check") is not False)
    except OSError:
        return handed
    return handed


def _row(line: str) -> dict[str, Any] | None:
    if len(line) > handover.MAX_JSON + 2_000:
        return None
    try:
        row = json.loads(line)
    except ValueError:
        return None
    return row if isinstance(row, dict) and isinstance(row.get("item_id"), str) else None


def _text(value: Any) -> str | None:
    return None if value is None else str(value)[:300]


def decode(value: Any, depth: int = 0) -> Any:
    """Return a handed-over answer as the Python, numpy or pandas value it was (see course.handover.encode)."""
    if depth > handover.MAX_DEPTH + 2:
        raise ValueError("nested too deeply")
    if isinstance(value, list):
        return [decode(item, depth + 1) for item in value]
    if not isinstance(value, dict):
        return value
    if value == handover.BLANK:
        return ___
    if value == handover.ELLIPSIS:
        return Ellipsis
    (tag, body), = value.items()
    if tag == "dict":
        return {key: decode(item, depth + 1) for key, item in body.items()}
    if tag == "float":
        return float(body)
    if tag == "timestamp":
        return pd.Timestamp(body)
    if tag == "date":
        return datetime.date.fromisoformat(body)
    if tag == "array":
        return np.array(decode(body, depth + 1))
    if tag == "series":
        return pd.Series(decode(body["values"], depth + 1), index=decode(body["index"], depth + 1) or None,
                         name=decode(body["name"], depth + 1), dtype=None if body["values"] else object)
    if tag == "table":
        columns = [decode(c, depth + 1) for c in body["columns"]]
        frame = pd.DataFrame({i: decode(col, depth + 1) for i, col in enumerate(body["data"])},
                             index=decode(body["index"], depth + 1) or None)
        frame.columns = columns
        return frame
    raise ValueError(f"unknown kind of value {tag!r}")


def judge_exercises(exercise_ids: tuple[str, ...], handed: dict[str, Handed], data: StoreData, *,
                    source_of: Callable[[str], str | None] | None = None,
                    data_for: Callable[[str], StoreData] | None = None) -> list[dict[str, Any]]:
    """Return each exercise's judged result: item_id, status, misconception (and detail when invalid).

    On a learner's own data (course.tutor.judge_data), `data_for` gives the store each exercise is judged on (their
    own, or the practice store) and `source_of` says which: "own" or "practice", recorded as "source" on each
    attempted exercise, as the kernel's check records it. Without `data_for` every exercise is judged on `data`."""
    judged = [_judge_one(exercise_id, handed.get(exercise_id), data_for if data_for is not None else data)
              for exercise_id in exercise_ids]
    for row in judged:
        source = None if source_of is None or row["status"] == "not_attempted" else source_of(row["item_id"])
        if source is not None:
            row["source"] = source
    return judged


def _judge_one(exercise_id: str, given: Handed | None,
               data: StoreData | Callable[[str], StoreData]) -> dict[str, Any]:
    if given is None:
        return {"item_id": exercise_id, "status": "not_attempted", "misconception": None}
    if given.invalid is not None:
        return {"item_id": exercise_id, "status": "invalid", "misconception": None,
                "detail": f"not handed over: {given.invalid}"}
    try:
        answer = decode(given.answer)
    except (ValueError, TypeError, KeyError, AttributeError) as err:
        return {"item_id": exercise_id, "status": "invalid", "misconception": None,
                "detail": f"the handed-over answer could not be read ({err})"}
    judged = verdict(exercise_id, answer, data(exercise_id) if callable(data) else data)
    return {"item_id": exercise_id, "status": judged.status, "misconception": judged.misconception,
            **_number_given(exercise_id, answer)}


def _number_given(exercise_id: str, answer: Any) -> dict[str, float]:
    """{"answer": x} for a numeric exercise's readable, finite answer, else {}: the integrity checks compare it
    with other learners' right answers (course/tutor/integrity_answers.py)."""
    if get(exercise_id).kind != "number":
        return {}
    try:
        value = as_number(answer)
    except Exception:  # noqa: BLE001 - an unreadable answer was judged invalid already: no number to pass on
        return {}
    return {"answer": value} if math.isfinite(value) else {}


def shown_verdicts(nb: Any) -> dict[str, str]:
    """Return the status of each exercise the notebook's last results output claims (none: no output)."""
    try:
        payloads = progress.read_results(nb)
    except ValueError:
        return {}
    last = payloads[-1].get("results") if payloads else None
    return {str(r.get("item_id")): str(r.get("status")) for r in last or []
            if isinstance(r, dict) and r.get("kind") == "exercise"}


def exercise_signs(judged: list[dict[str, Any]], shown: dict[str, str], handed: dict[str, Handed]) -> list[Sign]:
    """Return the tampering signs of a notebook's exercises: a shown verdict better than the judged one, and a
    course.check that was not the kit's own function when an answer was handed over."""
    signs = []
    for row in judged:
        claim = shown.get(row["item_id"])
        if claim is not None and _RANK.get(claim, 0) > _RANK[row["status"]]:
            signs.append(Sign(row["item_id"], f"the notebook's results output shows {claim!r} for this exercise; "
                                              f"its handed-over answer is judged {row['status']!r}"))
    replaced = sorted(item for item, given in handed.items() if not given.kit_check)
    if replaced:
        signs.append(Sign(replaced[0], "course.check was not the kit's own function when this exercise was "
                                       f"checked ({len(replaced)} exercise(s) in this notebook)"))
    return signs
