"""Portfolio evidence: save a learner's artefact (a table, a chart or a Markdown text) in their output folder,
only when it is the learner's own.

- Text goes in only in the learner's own words: never a placeholder, never the text the notebook supplied, and
  at least a task's minimum of words that are not in the question (course.evidence_rules).
- A table, chart or report that the code made goes in only with the learner's own interpretation, saved beside it
  as <name>.interpretation.md: from a written-evidence cell (`task=`, the cell's id) or as `interpretation=` text.
- `save_written` saves what the learner wrote in a Markdown cell tagged `evidence:<marking point>`, read from the
  saved notebook (course.written); `sign_declaration` saves the authenticity declaration of 0-start-here.
A refusal prints a warm message saying what to do, and writes nothing. Saving is atomic, and an earlier, different
version is kept beside the new one (name.previous.ext), so a re-run never silently loses the learner's work.
Every save updates portfolio/.meta.json and the contents page portfolio/index.md (course.portfolio_index).
"""

from __future__ import annotations

import io
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from course import evidence_rules, portfolio_index, session, written
from course.evidence_rules import DEFAULT_MIN_WORDS, EVIDENCE_PLACEHOLDER, EvidenceRefused
from course.files import is_windows_device_name, write_text_atomic

if TYPE_CHECKING:  # only for the annotation: saving a table must not import matplotlib
    from matplotlib.figure import Figure

_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,80}\.(csv|md|png)")
_RESERVED = {portfolio_index.INDEX}
DECLARATION_FILE = "declaration.md"
DECLARATION_MIN_WORDS = 12
_DATE = re.compile(r"\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}(?:st|nd|rd|th)?\s+"
                   r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{4}\b", re.I)


def folder() -> Path:
    """Return the learner's portfolio folder (beside their progress log)."""
    return session.current().progress_path.parent / "portfolio"


def save(name: str, content: pd.DataFrame | str, *, task: str | None = None, interpretation: str | None = None,
         min_words: int = DEFAULT_MIN_WORDS) -> None:
    """Save `content` as portfolio/<name> (a .csv for a table, a .md for text) and say where.

    A table, or a report the code built, needs the learner's interpretation: `task` names the notebook's
    written-evidence cell that holds it, or `interpretation` gives it as text. A .md without either is the
    learner's own writing and is checked as such. Returns None on purpose: a returned path would be displayed,
    and absolute paths differ between machines (use `course.portfolio.folder()` to find the file).
    """
    path = _target(name)
    if name.endswith(".csv"):
        if not isinstance(content, pd.DataFrame):
            raise ValueError(f"{name}: a .csv artefact needs a table (DataFrame), not {type(content).__name__}")
        data: str | bytes = content.to_csv(index=False, lineterminator="\n")
    elif name.endswith(".md"):
        if not isinstance(content, str):
            raise ValueError(f"{name}: a .md artefact needs text, not {type(content).__name__}")
        data = content if content.endswith("\n") else content + "\n"
    else:
        raise ValueError(f"{name}: save charts with course.portfolio.save_figure")
    made = name.endswith(".csv") or task is not None or interpretation is not None
    try:
        if made:
            _save_made(path, data, task=task, interpretation=interpretation, min_words=min_words)
        else:
            evidence_rules.check(content if isinstance(content, str) else "", min_words=min_words,
                                 what=f"'{name}'")
            _write(path, data, portfolio_index.Artefact(_notebook(), "", (), portfolio_index.OWN))
    except EvidenceRefused as refused:
        print(refused)


def save_figure(name: str, figure: Figure, *, task: str | None = None, interpretation: str | None = None,
                min_words: int = DEFAULT_MIN_WORDS) -> None:
    """Save a matplotlib figure as portfolio/<name>.png, with the learner's interpretation beside it (see save)."""
    path = _target(name)
    if path.suffix != ".png":
        raise ValueError(f"{name}: a figure is saved as .png, e.g. 'complaints-before-after.png'")
    image = io.BytesIO()
    figure.savefig(image, format="png", dpi=100, bbox_inches="tight")
    try:
        _save_made(path, image.getvalue(), task=task, interpretation=interpretation, min_words=min_words)
    except EvidenceRefused as refused:
        print(refused)


def save_written(name: str, *, task: str) -> None:
    """Save the learner's answer in this notebook's written-evidence cell `task` as portfolio/<name> (.md).

    The answer is read from the saved notebook, so the learner saves it (Ctrl+S) first.
    """
    path = _target(name)
    if path.suffix != ".md":
        raise ValueError(f"{name}: written evidence is saved as .md, e.g. 'service-plan-summary.md'")
    try:
        cell = _checked_cell(task)
        _write(path, cell.text + "\n", portfolio_index.Artefact(_notebook(), task, cell.marking_points,
                                                                 portfolio_index.OWN))
    except EvidenceRefused as refused:
        print(refused)


def ready(task: str) -> bool:
    """Return True when the learner's own words are in the saved evidence cell `task`; else say what to do.

    A notebook's portfolio cell asks this once before saving several artefacts with `task=`, so a learner who
    has not written yet sees one message, not one per file.
    """
    try:
        _checked_cell(task)
    except EvidenceRefused as refused:
        print(refused)
        return False
    return True


def sign_declaration(task: str) -> None:
    """Check the authenticity declaration in cell `task` (own words and a date) and save it as declaration.md."""
    try:
        cell = written.find(_notebook(), task)
        evidence_rules.check(cell.text, supplied=EVIDENCE_PLACEHOLDER, prompt=cell.prompt,
                             min_words=DECLARATION_MIN_WORDS, what="your declaration")
        if not _DATE.search(cell.text):
            raise EvidenceRefused("Not saved yet: please add today's date to your declaration, for example "
                                  f"3 March 2026 or 03/03/2026, save the notebook (Ctrl+S) and run this cell again. "
                                  f"{evidence_rules.KEEP}")
        _write(_target(DECLARATION_FILE), cell.text + "\n",
               portfolio_index.Artefact(_notebook(), task, (written.DECLARATION,), portfolio_index.OWN))
    except EvidenceRefused as refused:
        print(refused)


def _checked_cell(task: str) -> written.WrittenCell:
    cell = written.find(_notebook(), task)
    evidence_rules.check(cell.text, supplied=EVIDENCE_PLACEHOLDER, prompt=cell.prompt, min_words=cell.min_words,
                         what=cell.title)
    return cell


def _save_made(path: Path, data: str | bytes, *, task: str | None, interpretation: str | None,
               min_words: int) -> None:
    """Save an artefact the code made, with the learner's own interpretation beside it (checked first)."""
    points: tuple[str, ...] = ()
    if task is not None:
        cell = _checked_cell(task)
        text, points = cell.text, cell.marking_points
    elif interpretation is not None:
        evidence_rules.check(interpretation, min_words=min_words, what="your interpretation")
        text = interpretation
    else:
        raise EvidenceRefused(f"Not saved yet: {path.name} was made by the notebook, so it goes into your portfolio "
                              "only with your own interpretation of it: what it shows about your store and what you "
                              f"would do about it. {evidence_rules.KEEP}")
    beside = path.with_name(f"{path.stem}.interpretation.md")
    own = portfolio_index.Artefact(_notebook(), task or "", points, portfolio_index.OWN)
    _write(beside, text.strip() + "\n", own, quiet=True)
    _write(path, data, portfolio_index.Artefact(_notebook(), task or "", points, portfolio_index.MADE, beside.name))


def _notebook() -> str:
    return session.current().notebook or ""


def _write(path: Path, data: str | bytes, artefact: portfolio_index.Artefact, *, quiet: bool = False) -> None:
    """Write one file (keeping a different earlier version as name.previous.ext) and note it in the index."""
    new = data.encode("utf-8") if isinstance(data, str) else data
    if path.exists() and path.read_bytes() != new:
        os.replace(path, path.with_name(f"{path.stem}.previous{path.suffix}"))
    write_text_atomic(path, new)
    portfolio_index.record(path.parent, path.name, artefact, learner_id=session.current().learner_id)
    if not quiet:
        print(f"Saved to your portfolio: portfolio/{path.name}"
              + (f", with your interpretation in {artefact.interpretation}" if artefact.interpretation else ""))


def _target(name: str) -> Path:
    if not isinstance(name, str) or not _SAFE_NAME.fullmatch(name) or ".." in name:
        raise ValueError(f"portfolio file name {name!r} is not allowed; use letters, digits, '-' or '_' "
                         "and end in .csv (tables), .md (text) or .png (charts), e.g. 'service-plan.csv'")
    if is_windows_device_name(name):  # "con.csv" cannot be opened there, so the portfolio could not be handed in
        raise ValueError(f"portfolio file name {name!r} is a name Windows keeps for a device, so the file could "
                         "not be opened there; choose another name, e.g. 'service-plan.csv'")
    if name in _RESERVED or name.endswith(".interpretation.md"):
        raise ValueError(f"portfolio file name {name!r} is kept for the portfolio's own use; choose another name")
    path = folder() / name
    path.parent.mkdir(parents=True, exist_ok=True)
    return path
