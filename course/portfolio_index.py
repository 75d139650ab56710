"""The portfolio's records for learner and assessor: portfolio/.meta.json (which notebook, task and marking
points each artefact serves) and portfolio/index.md, a contents page rewritten on every save.

Both are written atomically and hold no timestamps, so the same work gives the same files on any machine.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from course.files import write_text_atomic

META = ".meta.json"
INDEX = "index.md"
OWN, MADE = "own words", "made by the notebook"


@dataclass(frozen=True)
class Artefact:
    """What the portfolio knows about one saved file."""
    notebook: str
    task: str
    marking_points: tuple[str, ...]
    kind: str                      # OWN (the learner's writing) or MADE (a table, chart or report the code built)
    interpretation: str | None = None  # for MADE: the file beside it with the learner's own interpretation


def load(folder: Path) -> dict[str, Artefact]:
    """Return {file name: Artefact} from the folder's metadata (empty when there is none or it is damaged)."""
    try:
        raw = json.loads((folder / META).read_text(encoding="utf-8"))
        return {name: Artefact(**{**entry, "marking_points": tuple(entry.get("marking_points", ()))})
                for name, entry in raw.get("artefacts", {}).items()}
    except (OSError, ValueError, TypeError, AttributeError):
        return {}


def record(folder: Path, name: str, artefact: Artefact, *, learner_id: str) -> None:
    """Note `artefact` under `name` in .meta.json and rewrite index.md (both atomically)."""
    known = load(folder)
    known[name] = artefact
    entries = {key: {**asdict(value), "marking_points": list(value.marking_points)}
               for key, value in sorted(known.items())}
    write_text_atomic(folder / META, json.dumps({"artefacts": entries}, indent=1, ensure_ascii=False) + "\n")
    write_text_atomic(folder / INDEX, contents(known, learner_id=learner_id))


def contents(known: dict[str, Artefact], *, learner_id: str) -> str:
    """Return the contents page: every artefact by notebook, with its task, marking points and kind."""
    lines = [f"# Portfolio contents: learner {learner_id}", "",
             "The workbook rewrites this page each time you save to your portfolio. \"Own words\" is your writing; "
             "\"made by the notebook\" is a table, chart or report the code built from your store's data, with "
             "your interpretation beside it.", ""]
    declaration = next((n for n, a in known.items() if "declaration" in a.marking_points), None)
    signed = f"signed, see {declaration}" if declaration else "not signed yet (0-start-here)"
    lines += [f"Authenticity declaration: {signed}.",
              "", "| File | Notebook | Task | Marking points | What it is |", "|---|---|---|---|---|"]
    for name, a in sorted(known.items(), key=lambda item: (item[1].notebook, item[0])):
        what = a.kind + (f"; your interpretation: {a.interpretation}" if a.interpretation else "")
        lines.append(f"| {name} | {a.notebook or '—'} | {a.task or '—'} | {', '.join(a.marking_points) or '—'} "
                     f"| {what} |")
    return "\n".join(lines) + "\n"
