"""`course export`: the run's grades as a file an LMS imports: Moodle's grade import CSV, Canvas's
gradebook import CSV, or the kit's own CSV (the layout of RUN/gradebook.csv).

Grade items are the sections (percentages, out of 100; tutor-marked written points included, as in
course.tutor.gradebook.scores) and, with `marking_points`, every marking point of the run, its effective
decision (course.tutor.decisions: a tutor's mark outranks the automatic checks) mapped through the tutor's
scale (default met=2, partly=1, not yet=0; blank while still to mark). Identifiers come from the roster
(course.tutor.roster: idnumber, email, sis_user_id, sis_login_id, lms_section); a learner without the one a
format needs is refused, by name. Files are UTF-8, comma-separated, RFC 4180 quoting (csv module), CRLF
line ends, written atomically. docs/tutor-data.md says how to import each, with the documented formats.
"""

from __future__ import annotations

import csv
import io
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from course import sections
from course.files import write_text_atomic
from course.tutor import decisions, gradebook, marks
from course.tutor.roster import Learner, read_roster

FORMATS = ("moodle", "canvas", "csv")
ID_COLUMNS = {"idnumber": "ID number", "email": "Email address"}  # Moodle's own names for these user fields
CANVAS_LEADING = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
POINTS_POSSIBLE = "Points Possible"
DEFAULT_SCALE = 'met=2,partly=1,"not yet"=0'
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # as gradebook._FORMULA_START: a spreadsheet would run these


class ExportError(ValueError):
    """The export cannot be written as asked; the message names the learners, column or value to fix."""


@dataclass(frozen=True)
class GradeItem:
    """One grade column: its heading, its maximum, and each learner's value ("" for no grade yet)."""
    heading: str
    key: str  # the section key or marking-point code (the kit's own CSV uses it as the heading)
    kind: str  # "section" or "marking point"
    points_possible: float
    values: Mapping[str, str]


def parse_scale(text: str) -> dict[str, float]:
    """Parse 'met=2,partly=1,"not yet"=0' into {level: points}; every level once, numbers, met the highest."""
    cells = next(csv.reader([text], skipinitialspace=True), [])
    scale: dict[str, float] = {}
    for cell in cells:
        level, sep, number = cell.rpartition("=")
        level = level.strip().strip('"').strip().lower()
        try:
            points = float(number)
        except ValueError:
            points = -1.0
        if not sep or level not in marks.DECISIONS or level in scale or points < 0:
            raise ExportError(f"--scale {text!r}: {cell!r} is not level=points; write each of met, partly and "
                              f'"not yet" once with a number of 0 or more, e.g. {DEFAULT_SCALE}')
        scale[level] = points
    if set(scale) != set(marks.DECISIONS) or max(scale.values()) != scale["met"]:
        raise ExportError(f"--scale {text!r}: give met, partly and \"not yet\" each a number, met the highest "
                          f"(e.g. {DEFAULT_SCALE})")
    return scale


def grade_items(conn: sqlite3.Connection, *, marking_points: bool, scale: Mapping[str, float]) -> list[GradeItem]:
    """Return the sections' grade items, then (if asked) the marking points' in syllabus order."""
    table = gradebook.scores(conn)
    keys = [s for s in next(iter(table.values()), {}) if s != "total"]
    items = [GradeItem(sections.label(key), key, "section", 100.0,
                       {learner: _percent(row[key]) for learner, row in table.items()}) for key in keys]
    if not marking_points:
        return items
    automatic = {(e.learner_id, e.marking_point): e.level for e in gradebook.evidence(conn)}
    written = decisions.credits_of(conn)
    found = decisions.effective(automatic, decisions.load(conn), {(lr, p) for lr, _s, p, _c in written})
    for code in sorted({point for _lr, point in found}, key=marks.code_order):
        values = {lr: _points(scale[d.level]) if (d := found.get((lr, code))) and d.level else "" for lr in table}
        items.append(GradeItem(f"Marking point {code}", code, "marking point", scale["met"], values))
    return items


def moodle_rows(learners: Sequence[Learner], items: Sequence[GradeItem], id_column: str) -> list[list[str]]:
    """Return Moodle's grade import CSV: the identifier column, the full name, one column per grade item."""
    if id_column not in ID_COLUMNS:
        raise ExportError(f"--id-column {id_column!r}: choose {' or '.join(ID_COLUMNS)}")
    _require(learners, lambda lr: getattr(lr, id_column), f"the roster's {id_column} column",
             f"Moodle matches learners by {ID_COLUMNS[id_column].lower()}")
    rows = [[ID_COLUMNS[id_column], "Full name", *(i.heading for i in items)]]
    rows += [[getattr(lr, id_column), _safe(lr.name), *(i.values.get(lr.learner_id, "") for i in items)]
             for lr in learners]
    return rows


def canvas_rows(learners: Sequence[Learner], items: Sequence[GradeItem]) -> list[list[str]]:
    """Return Canvas's gradebook import CSV: Student, ID, SIS User ID, SIS Login ID, Section, then one
    column per assignment, with the Points Possible row second."""
    _require(learners, lambda lr: lr.sis_user_id or lr.sis_login_id, "the roster's sis_user_id or sis_login_id "
             "column", "Canvas matches learners by their SIS user id or SIS login id")
    rows = [[*CANVAS_LEADING, *(i.heading for i in items)],
            [POINTS_POSSIBLE, "", "", "", "", *(_points(i.points_possible) for i in items)]]
    rows += [[_safe(lr.name), "", lr.sis_user_id, lr.sis_login_id, lr.lms_section,
              *(i.values.get(lr.learner_id, "") for i in items)] for lr in learners]
    return rows


def kit_rows(conn: sqlite3.Connection, items: Sequence[GradeItem]) -> list[list[str]]:
    """Return the kit's own CSV: learner_id, name, one column per section key, total, then marking points."""
    table = gradebook.scores(conn)
    section_items = [i for i in items if i.kind == "section"]
    point_items = [i for i in items if i.kind != "section"]
    rows = [["learner_id", "name", *(i.key for i in section_items), "total", *(i.key for i in point_items)]]
    for learner, name in conn.execute("SELECT learner_id, name FROM learners ORDER BY rowid"):
        rows.append([learner, _safe(name or ""), *(i.values.get(learner, "") for i in section_items),
                     _percent(table[learner]["total"]), *(i.values.get(learner, "") for i in point_items)])
    return rows


def export(*, run: Path, fmt: str, out: Path, roster: Path | None, id_column: str, marking_points: bool,
           scale: str) -> Path:
    """Write the run's grades in `fmt` to `out` atomically; return `out`."""
    if fmt not in FORMATS:
        raise ExportError(f"--format {fmt!r}: choose one of {', '.join(FORMATS)}")
    path = Path(run) / "gradebook.sqlite"
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no gradebook here; run `course run ... --out {run}` first")
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        items = grade_items(conn, marking_points=marking_points, scale=parse_scale(scale))
        if fmt == "csv":
            rows = kit_rows(conn, items)
        else:
            learners = _roster_learners(conn, roster, fmt)
            rows = moodle_rows(learners, items, id_column) if fmt == "moodle" else canvas_rows(learners, items)
    finally:
        conn.close()
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return write_text_atomic(out, buffer.getvalue())


def _roster_learners(conn: sqlite3.Connection, roster: Path | None, fmt: str) -> list[Learner]:
    """Return the run's learners, in gradebook order, as the roster lists them (with their identifiers)."""
    if roster is None:
        raise ExportError(f"--format {fmt} needs --roster ROSTER.csv: the learners' LMS identifiers come from "
                          "its idnumber, email, sis_user_id, sis_login_id and lms_section columns")
    listed = {lr.learner_id: lr for lr in read_roster(roster)}
    run_learners = [(str(i), str(n or "")) for i, n in conn.execute("SELECT learner_id, name FROM learners "
                                                                    "ORDER BY rowid")]
    missing = [f"{name} ({learner})" for learner, name in run_learners if learner not in listed]
    if missing:
        raise ExportError(f"{roster}: these learners of the run are not on this roster: {', '.join(missing)}; "
                          "use the roster the run was made from")
    return [listed[learner] for learner, _ in run_learners]


def _require(learners: Sequence[Learner], has: Callable[[Learner], str], column: str, why: str) -> None:
    lacking = [f"{lr.name} ({lr.learner_id})" for lr in learners if not has(lr)]
    if lacking:
        raise ExportError(f"{why}, and these learners have none in {column}: {', '.join(lacking)}; "
                          "fill them in and export again")


def _percent(value: float | None) -> str:
    """A section score as RUN/gradebook.csv writes it: one decimal place; "" for a section without items."""
    return "" if value is None else f"{value:.1f}"


def _points(value: float) -> str:
    return f"{value:g}"


def _safe(text: str) -> str:
    return f"'{text}" if text.startswith(_FORMULA_START) else text
