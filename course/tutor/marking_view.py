"""Tutor marks in the learner report and the class summary: each marking point's decision in words, who made
it and their comment; the IQA agreement rate, the disagreements to resolve, and the points most often not met.

The decisions themselves come from course.tutor.decisions (a tutor's mark outranks the automatic checks), the
agreement from course.tutor.iqa;
this module only turns them into tables and one summary section. Every comment is tutor text that may name
a learner, so it goes through the same `scrub` as the page it is shown on (pseudonymised pages replace ids
and names). Words, not colour: a decision is always written out ("Met", "Partly", "Not yet").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping

import pandas as pd

from course import syllabus
from course.tutor import decisions, iqa, marks
from course.tutor import gradebook_view as gv

WORDS = {"met": "Met", "partly": "Partly", "not yet": "Not yet", None: "Still to mark"}
TOP = 10


def _same(text: str) -> str:
    return text


def automatic_levels(gb: gv.Gradebook, learner_id: str | None = None) -> dict[tuple[str, str], str]:
    """Return {(learner, marking point): met / partly / not yet} from the automatic checks (gv.evidence)."""
    learners = [learner_id] if learner_id is not None else [str(i) for i in gb.learners["learner_id"]]
    return {(learner, str(row.code)): str(row.evidence).lower()
            for learner in learners for row in gv.evidence(gb, learner).itertuples()}


def learner_decisions(gb: gv.Gradebook, learner_id: str) -> list[decisions.Decision]:
    """Return one learner's decisions, in syllabus code order."""
    expected = {(learner_id, point) for _, _, point, _ in gb.written_credits}
    found = decisions.effective(automatic_levels(gb, learner_id), gb.tutor, expected)
    return [found[key] for key in sorted(found, key=lambda k: marks.code_order(k[1])) if key[0] == learner_id]


def decision_table(gb: gv.Gradebook, learner_id: str, scrub: Callable[[str], str] = _same) -> pd.DataFrame:
    """Return the report's marking-point table: code, text, decision in words, who decided, the tutor's
    comment (scrubbed) and one sentence on how it was decided."""
    texts = syllabus.items()
    checked = {str(r.code): f"{r.correct} of {r.items}" for r in gv.evidence(gb, learner_id).itertuples()}
    rows = [{"Code": d.marking_point, "Marking point": texts.get(d.marking_point, ("", d.marking_point))[1],
             "Decision": WORDS[d.level], "Decided by": d.decided_by or "–", "Tutor's comment": scrub(d.comment) or "–",
             "Items correct": checked.get(d.marking_point, "–"), "How it was decided": decisions.outranks_sentence(d)}
            for d in learner_decisions(gb, learner_id)]
    return pd.DataFrame(rows, columns=["Code", "Marking point", "Decision", "Decided by", "Tutor's comment",
                                       "Items correct", "How it was decided"])


def still_to_mark(gb: gv.Gradebook, learner_id: str) -> list[str]:
    """Return the marking points whose marking is unfinished for this learner (decisions.still_to_mark)."""
    return decisions.still_to_mark(learner_id, gb.tutor)


def marking_summary(gb: gv.Gradebook, people: Mapping[str, object], scrub: Callable[[str], str] = _same) -> str:
    """Return the class summary's section on tutor marking: IQA agreement, disagreements, points not yet met."""
    from course.tutor.html_page import html_table

    def label(learner: str) -> str:
        person = people.get(learner)
        return str(getattr(person, "label", None) or scrub(learner))

    title = "<section>\n<h2>8. Tutor marking and internal quality assurance</h2>\n"
    agreed = iqa.compare(gb.tutor.marks)
    parts = [title, _agreement_text(agreed)]
    if agreed.disagreements:
        rows = [[label(d.learner_id), *_disagreement(d, scrub)] for d in agreed.disagreements]
        parts.append(html_table(["Learner", "Marking point", "First marker", "Second marker", "Status"], rows,
                                f"Disagreements between first and second markers ({len(agreed.open)} to resolve)"))
    parts.append(_not_yet_met(gb))
    return "".join(parts) + "</section>"


def _disagreement(d: iqa.Disagreement, scrub: Callable[[str], str]) -> list[str]:
    """Return a disagreement's marking point, both marks (decision, marker, comment) and whether it is resolved."""
    def mark(m: marks.Mark) -> str:
        return f"{WORDS[m.decision]} ({scrub(m.marker)})" + (f": “{scrub(m.comment)}”" if m.comment else "")
    status = (f"Resolved by {scrub(d.resolution.marker)}: {WORDS[d.resolution.decision]}" if d.resolution
              else "To resolve")
    return [d.marking_point, mark(d.first), mark(d.second), status]


def _how(counts: Counter[str]) -> str:
    """Return e.g. "1 by a tutor; 2 by the automatic checks", leaving out the ways none was decided."""
    words = {"tutor": "by a tutor", "auto": "by the automatic checks", "none": "with no written evidence handed in"}
    return "; ".join(f"{counts[key]} {text}" for key, text in words.items() if counts[key])


def _agreement_text(agreed: iqa.Agreement) -> str:
    if agreed.rate is None:
        return "<p>No marking point has been second-marked yet, so there is no agreement rate.</p>\n"
    return (f"<p>Agreement between first and second markers: {agreed.agreed} of {agreed.compared} second-marked "
            f"decisions agree ({agreed.rate * 100:.0f}%). Disagreements to resolve: {len(agreed.open)}.</p>\n")


def _not_yet_met(gb: gv.Gradebook) -> str:
    from course.tutor.html_page import html_table

    expected = {(learner, point) for learner, _, point, _ in gb.written_credits}
    found = decisions.effective(automatic_levels(gb), gb.tutor, expected).values()
    learners = set(map(str, gb.learners["learner_id"]))  # marks of a learner no longer in the run do not count
    missed = [d for d in found if d.level == "not yet" and d.learner_id in learners]
    head = "<h3>Marking points most often not yet met</h3>\n"
    if not missed:
        return head + "<p>Every marking point decided so far is met or partly met.</p>\n"
    how: dict[str, Counter[str]] = {}
    for d in missed:
        how.setdefault(d.marking_point, Counter())[
            "tutor" if d.by_tutor else "auto" if d.decided_by == decisions.AUTOMATIC else "none"] += 1
    order = sorted(how, key=lambda code: (-sum(how[code].values()), marks.code_order(code)))[:TOP]
    texts = syllabus.items()
    rows = [[code, texts.get(code, ("", code))[1], f"{sum(how[code].values())} of {len(gb.learners)}",
             _how(how[code])] for code in order]
    return head + html_table(["Code", "Marking point", "Learners not yet", "Decided by"], rows,
                             "Marking points most often not yet met")
