"""The demo's simulated tutor: marks written evidence met, partly or not yet by plain, honest signals.

It judges each learner's written evidence for a marking point by two signals a real tutor also looks at first:
how many of the learner's own words there are (the `words` column of written_evidence: words not in what the
notebook supplied), and how many of the marking point's key terms (its longer words in
course/syllabus/items.yaml, less the examiners' own wording) the evidence uses. Its comment is a starter from
course/syllabus/comment_starters.yaml: the first (what was done well) for met, the second for partly and the
last for not yet. Nothing is random, so the same evidence always gets the same mark. It fills in a marking
sheet that course.tutor.mark_sheet exported (`fill_sheet`), as a tutor working offline would.
"""

from __future__ import annotations

import csv
import io
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from course.evidence_rules import words
from course.files import write_text_atomic
from course.tutor import mark_sheet, marks

MET_WORDS, PARTLY_WORDS = 35, 12  # own words for met (with a key term) and for partly
_GENERIC = frozenset({  # linking words, the examiners' own wording, and words every answer in retail uses
    "between", "including", "ensure", "should", "through", "within", "ability", "award", "candidate", "create",
    "credit", "demonstrating", "identifies", "outlines", "customer", "customers", "service"})
NOTHING = "There is no written evidence here yet: write your answer in your own words in the notebook's task."


@dataclass(frozen=True)
class Evidence:
    """All of one learner's written evidence for one marking point."""
    text: str
    own_words: int


Judge = Callable[[str, str, Evidence], tuple[str, str]]  # (learner, marking point, evidence) -> (decision, comment)


def key_terms(marking_point: str) -> set[str]:
    """Return the marking point's key terms: its words of six letters or more, less common linking words."""
    return {w for w in words(marks.marking_points().get(marking_point, "")) if len(w) >= 6 and w not in _GENERIC}


def judge(marking_point: str, evidence: Evidence) -> tuple[str, str]:
    """Return (decision, comment) for the evidence: met needs enough own words and a key term; partly some."""
    if not evidence.text.strip():
        return "not yet", NOTHING
    hits = len({t[:6] for t in key_terms(marking_point)} & {w[:6] for w in words(evidence.text)})  # stems, roughly
    if evidence.own_words >= MET_WORDS and hits >= 1:
        decision = "met"
    elif evidence.own_words >= PARTLY_WORDS or hits >= 2:
        decision = "partly"
    else:
        decision = "not yet"
    return decision, comment(marking_point, decision)


def comment(marking_point: str, decision: str) -> str:
    """Return the comment starter for this decision: the first starter for met, second for partly, last else."""
    found = marks.starters().get(marking_point) or ["Thank you for your evidence; see me to talk it through."]
    return found[{"met": 0, "partly": min(1, len(found) - 1)}.get(decision, len(found) - 1)]


def evidence(conn: sqlite3.Connection) -> dict[marks.Pair, Evidence]:
    """Return each (learner, marking point)'s written evidence in the run, its pieces joined in task order."""
    out: dict[marks.Pair, Evidence] = {}
    for learner, point, text, count in conn.execute(
            "SELECT learner_id, marking_point, text, words FROM written_evidence WHERE marking_point != 'declaration' "
            "ORDER BY learner_id, marking_point, notebook, task"):
        before = out.get((learner, point), Evidence("", 0))
        out[(learner, point)] = Evidence(f"{before.text}\n\n{text or ''}".strip(), before.own_words + int(count or 0))
    return out


def fill_sheet(path: Path, found: dict[marks.Pair, Evidence], decide: Judge) -> int:
    """Fill in the decision and comment of every row of the sheet at `path` that has written evidence, using
    `decide`; leave the other rows as they are. Write it back (UTF-8 with a BOM) and return the rows filled."""
    reader = csv.DictReader(io.StringIO(Path(path).read_text(encoding="utf-8-sig")))
    rows, filled = list(reader), 0
    for row in rows:
        pair = (row["learner_id"], row["marking_point"])
        if pair in found:
            row["decision"], text = decide(*pair, found[pair])
            row["comment"] = mark_sheet.safe_cell(text)
            filled += 1
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=reader.fieldnames or mark_sheet.COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    write_text_atomic(Path(path), "\ufeff" + buffer.getvalue())
    return filled
