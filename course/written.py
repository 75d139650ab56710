"""Written evidence in a learner's notebook: the Markdown cells tagged `evidence:<marking point>`.

A learner writes in a Markdown cell, which their kernel cannot see, so this reads the notebook as saved on disk
(plain JSON: the learner's kernel never imports nbformat) and finds the tagged cell by its id. The prompt is the
Markdown cell just before it. The tutor's side (course.tutor.evidence) reads submitted notebooks the same way.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from course.evidence_rules import DEFAULT_MIN_WORDS, not_written_yet

TAG = "evidence:"
DECLARATION = "declaration"  # the marking point of the authenticity declaration (0-start-here)


@dataclass(frozen=True)
class WrittenCell:
    """One written-evidence cell of a notebook: its id (the task), marking points, text and the prompt before it."""
    task: str
    marking_points: tuple[str, ...]
    text: str
    prompt: str
    title: str
    min_words: int


def _source(cell: dict[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def cells(nb: dict[str, Any]) -> list[WrittenCell]:
    """Return the notebook's written-evidence cells (from its JSON as a dict), in order."""
    found, prompt = [], ""
    for cell in nb.get("cells") or []:
        if not isinstance(cell, dict) or cell.get("cell_type") != "markdown":
            continue
        meta = _mapping(cell.get("metadata"))
        points = tuple(str(t)[len(TAG):] for t in meta.get("tags") or [] if str(t).startswith(TAG))
        if points:
            extra = _mapping(meta.get("evidence"))
            found.append(WrittenCell(str(cell.get("id", "")), points, _source(cell).strip(), prompt,
                                     str(extra.get("title") or "this task"),
                                     int(extra.get("min_words") or DEFAULT_MIN_WORDS)))
        prompt = _source(cell).strip()
    return found


def read_notebook(path: Path) -> dict[str, Any] | None:
    """Return a saved notebook's JSON, or None when it is not there or not readable."""
    try:
        nb = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except (OSError, ValueError):
        return None
    return nb if isinstance(nb, dict) else None


def notebook_file(notebook: str | None) -> Path | None:
    """Return where the learner's notebook is saved: Jupyter's own note of it, else <cwd>/<its name>.ipynb."""
    session_name = os.environ.get("JPY_SESSION_NAME", "")
    if session_name.endswith(".ipynb") and Path(session_name).is_file():
        return Path(session_name)
    if not notebook:
        return None
    return Path.cwd() / f"{Path(notebook).name}.ipynb"


def find(notebook: str | None, task: str) -> WrittenCell:
    """Return the learner's saved answer in the evidence cell `task`; EvidenceRefused if it is not saved yet."""
    path = notebook_file(notebook)
    nb = read_notebook(path) if path else None
    for cell in cells(nb or {}):
        if cell.task == task:
            return cell
    if nb is None:
        raise not_written_yet()
    raise ValueError(f"this notebook has no written-evidence cell {task!r}; check the name in the cell you ran")
