"""Who decided each marking point, and how far tutors agree: tutor marks combined with the automatic checks.

The effective decision for one (learner, marking point) is the tutor mark that stands (course.tutor.marks.
standing: the latest 'resolution' mark, else the latest 'first' mark; a 'second' mark never decides by
itself), else the automatic checks' level (course.tutor.gradebook.evidence). A tutor's decision outranks the
automatic one. The marks table, its Mark rows and their order belong to course.tutor.marks; IQA agreement to
course.tutor.iqa.

Everything here is pure (lists of marks and rows in, decisions out) except `load`, which reads the two
tables other modules own, `marks` and `written_evidence` (schemas in docs/tutor-data.md), from an open
gradebook, through their owners' readers (course.tutor.marks, course.tutor.evidence); a gradebook without
them simply has no tutor marks. Section scores count each *written* marking point (see `written_points`) as
one item of its section: met 1, partly 0.5, not yet 0, and no tutor decision yet 0 (like an item in a
notebook not yet run), so every learner has the same items.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from course import sections
from course.tutor import evidence, iqa
from course.tutor.evidence import Written
from course.tutor.gradebook import covered_codes
from course.tutor.marks import Mark, all_marks, code_order, standing

CREDIT = {"met": 1.0, "partly": 0.5, "not yet": 0.0}  # a written marking point's share of one item
AUTOMATIC = "the automatic checks"


@dataclass(frozen=True)
class TutorData:
    """A gradebook's tutor marks and written evidence (both empty when the tables are absent)."""
    marks: tuple[Mark, ...] = ()
    written: tuple[Written, ...] = field(default=())


@dataclass(frozen=True)
class Decision:
    """The decision that counts for one learner and marking point, with who made it."""
    learner_id: str
    marking_point: str
    level: str | None  # met, partly, not yet; None: written evidence still to mark, no automatic result
    decided_by: str  # the tutor's name, or AUTOMATIC; "" while still to mark
    comment: str
    by_tutor: bool
    automatic: str | None  # what the automatic checks said (None: no item checks this point)

    @property
    def overrides(self) -> bool:
        """True when a tutor's decision replaced a different automatic result."""
        return self.by_tutor and self.automatic is not None and self.automatic != self.level


def load(conn: sqlite3.Connection) -> TutorData:
    """Read the marks and written_evidence tables of an open gradebook (absent tables: none)."""
    have = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    marks = all_marks(conn) if "marks" in have else []
    return TutorData(tuple(marks), tuple(evidence.read(conn)))


def effective(automatic: Mapping[tuple[str, str], str], tutor: TutorData,
              expected: Iterable[tuple[str, str]] = ()) -> dict[tuple[str, str], Decision]:
    """Return the decision per (learner, marking point) over every point with an automatic result, a tutor
    mark or written evidence; `automatic` maps (learner, point) to met / partly / not yet. A pair in
    `expected` (a written point of the run) with none of these is "not yet", decided by no one."""
    decided = standing(tutor.marks)
    wrote = {(w.learner_id, w.marking_point) for w in tutor.written}
    out = {}
    for key in set(automatic) | set(decided) | wrote | set(expected):
        auto, mark = automatic.get(key), decided.get(key)
        if mark is not None:
            out[key] = Decision(*key, mark.decision, mark.marker, mark.comment, True, auto)
        elif auto is not None:
            out[key] = Decision(*key, auto, AUTOMATIC, "", False, auto)
        else:
            out[key] = Decision(*key, None if key in wrote else "not yet", "", "", False, None)
    return out


def outranks_sentence(decision: Decision) -> str:
    """Return one plain sentence saying who decided, and that a tutor's decision outranks the checks."""
    if not decision.by_tutor:
        if decision.level is None:
            return "Still to be marked by your tutor."
        return ("Decided by the automatic checks." if decision.decided_by == AUTOMATIC else
                "No written evidence for this point has been handed in yet.")
    if decision.automatic is None:
        return f"Decided by your tutor, {decision.decided_by}."
    if decision.overrides:
        return (f"Decided by your tutor, {decision.decided_by}: this replaces the automatic checks' "
                f"“{decision.automatic}”, because a tutor's decision outranks them.")
    return f"Decided by your tutor, {decision.decided_by}, who agreed with the automatic checks."


def still_to_mark(learner_id: str, tutor: TutorData) -> list[str]:
    """Return the marking points that keep a learner's marking unfinished, in code order: written evidence
    with no tutor decision, and first/second disagreements not yet resolved."""
    decided = standing(tutor.marks)
    open_points = {w.marking_point for w in tutor.written
                   if w.learner_id == learner_id and (learner_id, w.marking_point) not in decided}
    open_points |= {d.marking_point for d in iqa.compare(tutor.marks).open if d.learner_id == learner_id}
    return sorted(open_points, key=code_order)


def written_points(tutor: TutorData, items: Iterable[tuple[str, str, Iterable[str]]],
                   automatic_points: Iterable[str]) -> dict[str, str | None]:
    """Return {marking point: its section} of the written marking points of a run: those some learner wrote
    evidence for, and those a tutor marked that no automatic item checks. `items` are (section, notebook,
    codes) of the run's scored items. A point's section is that of the first notebook (course order) holding
    written evidence for it, else of the items checking it, else None (then it is in no section score)."""
    items = list(items)
    notebook_section = {notebook: section for section, notebook, _ in items}
    checked = set(automatic_points)
    points: dict[str, set[str]] = {}
    for w in tutor.written:
        points.setdefault(w.marking_point, set()).add(_section_of(w.notebook, notebook_section))
    for mark in tutor.marks:
        if mark.marking_point not in checked:
            points.setdefault(mark.marking_point, set())
    out: dict[str, str | None] = {}
    for point, found in points.items():
        ordered = sections.course_order(found or {s for s, _, codes in items if point in set(codes)})
        out[point] = ordered[0] if ordered else None
    return dict(sorted(out.items(), key=lambda kv: code_order(kv[0])))


def credits(learners: Iterable[str], points: Mapping[str, str | None],
            tutor: TutorData) -> list[tuple[str, str, str, float]]:
    """Return (learner, section, marking point, credit) for every learner and written point with a section:
    the tutor decision's CREDIT, 0 while still to mark."""
    decided = standing(tutor.marks)
    return [(learner, section, point,
             CREDIT[decided[(learner, point)].decision] if (learner, point) in decided else 0.0)
            for learner in learners for point, section in points.items() if section is not None]


def credits_of(conn: sqlite3.Connection) -> list[tuple[str, str, str, float]]:
    """Return (learner, section, marking point, credit) per learner and written marking point of an open
    gradebook: the items tutor marks add to section scores (none without tutor marks or written evidence)."""
    tutor = load(conn)
    if not tutor.marks and not tutor.written:
        return []
    items = [(section, notebook, [point, *covered_codes(covers)]) for section, notebook, point, covers in conn.execute(
        "SELECT section, notebook, marking_point, covers FROM items WHERE kind != 'stretch'")]
    checked = {code for _, _, codes in items for code in codes if code}
    learners = [row[0] for row in conn.execute("SELECT learner_id FROM learners ORDER BY rowid")]
    return credits(learners, written_points(tutor, items, checked), tutor)


def _section_of(notebook: str, known: Mapping[str, str]) -> str:
    if notebook in known:
        return known[notebook]
    found = sections.of_notebook(notebook)
    return found.key if found else sections.START
