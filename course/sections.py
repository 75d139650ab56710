"""The course's sections, in course order: the one place that lists them (key, folder, label, quiz bank).

The syllabus map, the quiz rules, the tutor's plan and gradebook, the tests and the docs all read
`SECTIONS`. Adding a section is one entry here plus its content: the folder of notebooks under
notebooks/, the quiz bank (solutions/quiz/<bank>.yaml, sealed into course/quiz/banks/) and the
syllabus map entries that say where it teaches each item (see docs/authoring.md).

notebooks/0-start-here.ipynb sits outside every section's folder, so `of_notebook` gives None for it.
The tutor's plan and gradebook still file its items under their own key, `START` ("Start here"),
shown before the sections.

Cheap to import on purpose (standard library only): learner kernels import `course` on every start.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath


@dataclass(frozen=True)
class Section:
    """One section of the workbook."""
    key: str          # e.g. "planning": gradebook column, syllabus map `planned:` value
    folder: str       # its folder under notebooks/, e.g. "1-planning"
    label: str        # what learners and tutors see, e.g. "Planning"
    quiz_prefix: str  # every question id in its bank starts with this, e.g. "plan-"
    bank: str         # its quiz bank: course/quiz/banks/<bank>.yaml


SECTIONS: tuple[Section, ...] = (
    Section("planning", "1-planning", "Planning", "plan-", "planning"),
    Section("recording", "2-recording", "Recording", "rec-", "recording"),
    Section("reviewing", "3-reviewing", "Reviewing", "rev-", "reviewing"),
    Section("data-analysis", "4-data-analysis", "Data analysis", "data-", "data-analysis"),
    Section("promotion-teamwork", "5-promotion-teamwork", "Promotion and teamwork", "promo-", "promotion-teamwork"),
)

START = "start"                    # the key the tutor's gradebook files 0-start-here.ipynb's items under
START_NOTEBOOK = "0-start-here"    # that notebook's name without .ipynb, at the top of notebooks/
START_LABEL = "Start here"

_BY_KEY = {section.key: section for section in SECTIONS}
_BY_FOLDER = {section.folder: section for section in SECTIONS}


def keys() -> tuple[str, ...]:
    """Return the section keys in course order."""
    return tuple(_BY_KEY)


def get(key: str) -> Section:
    """Return the section with this key; raise KeyError naming the known keys."""
    try:
        return _BY_KEY[key]
    except KeyError:
        raise KeyError(f"no section {key!r}; the sections are {', '.join(_BY_KEY)} (course/sections.py)") from None


def of_bank(bank: str) -> Section | None:
    """Return the section whose quiz bank this is, or None."""
    return next((section for section in SECTIONS if section.bank == bank), None)


def of_notebook(path: str | PurePosixPath) -> Section | None:
    """Return the section of a workbook-relative notebook path from its first folder, e.g.
    "1-planning/1.1-x.ipynb" -> planning; None for a notebook outside every section (0-start-here.ipynb)."""
    parts = PurePosixPath(str(path).replace("\\", "/")).parts
    return _BY_FOLDER.get(parts[0]) if len(parts) > 1 else None


def label(key: str) -> str:
    """Return what learners and tutors see for a section key; an unknown key is shown tidied, e.g. "Extra"."""
    if key == START:
        return START_LABEL
    return _BY_KEY[key].label if key in _BY_KEY else str(key).replace("-", " ").capitalize()


def course_order(found: Iterable[str]) -> list[str]:
    """Return section keys in course order: start, then SECTIONS, then unknown keys in the order found."""
    found = list(dict.fromkeys(found))
    known = [START, *_BY_KEY]
    return sorted(found, key=lambda s: (known.index(s) if s in known else len(known), found.index(s)))
