"""Tutor marks with the automatic checks: who decides each marking point, IQA agreement, section scores with
written marking points, and how the class summary and report tables show them (hand-made gradebooks)."""

from __future__ import annotations

import csv
import html
from pathlib import Path

import pytest

from course.tutor import decisions, gradebook, iqa, marking_view, report
from course.tutor import gradebook_view as gv
from course.tutor.decisions import TutorData
from course.tutor.evidence import Written
from course.tutor.marks import Mark
from course.tutor.summary import render_class_summary
from tests.marking_fixtures import PLAN_NB, add_marks, add_written
from tests.test_tutor_report import make_run

WRITTEN_MP = "002:MP8"  # a point no item of the fixture checks: evidenced by written work only
AUTO_MP = "000:MP3"  # checked by plan-top-complaint in the fixture


def _mark(i: int, learner: str, point: str, decision: str, role: str, marker: str = "Ann Tutor",
          comment: str = "") -> Mark:
    return Mark(i, learner, point, decision, comment, marker, role)


def test_resolution_outranks_first_which_outranks_the_automatic_checks() -> None:
    marks = [_mark(1, "a", "p1", "not yet", "first"), _mark(2, "a", "p1", "met", "first", "Bo"),  # later first wins
             _mark(3, "a", "p2", "met", "first"), _mark(4, "a", "p2", "partly", "second", "Iqa"),
             _mark(5, "a", "p2", "partly", "resolution", "Lead"), _mark(6, "a", "p3", "met", "second", "Iqa")]
    auto = {("a", "p1"): "partly", ("a", "p3"): "not yet", ("a", "p4"): "met"}
    found = decisions.effective(auto, TutorData(tuple(marks)))
    assert (found["a", "p1"].level, found["a", "p1"].decided_by, found["a", "p1"].overrides) == ("met", "Bo", True)
    assert (found["a", "p2"].level, found["a", "p2"].decided_by) == ("partly", "Lead")
    assert (found["a", "p3"].level, found["a", "p3"].decided_by) == ("not yet", decisions.AUTOMATIC)  # second alone
    assert not found["a", "p4"].by_tutor
    sentence = decisions.outranks_sentence(found["a", "p1"])
    assert "Bo" in sentence and "outranks" in sentence and "partly" in sentence


def test_agreement_counts_current_pairs_and_lists_who_resolved() -> None:
    marks = [_mark(1, "a", "p1", "met", "first"), _mark(2, "a", "p1", "met", "second", "Iqa"),
             _mark(3, "b", "p1", "met", "first"), _mark(4, "b", "p1", "not yet", "second", "Iqa"),
             _mark(5, "c", "p1", "partly", "first"), _mark(6, "c", "p1", "met", "second", "Iqa"),
             _mark(7, "c", "p1", "met", "resolution", "Lead"),
             _mark(8, "d", "p1", "met", "first"), _mark(9, "d", "p1", "not yet", "second", "Iqa"),
             _mark(10, "d", "p1", "not yet", "second", "Iqa"), _mark(11, "d", "p1", "met", "second", "Iqa"),
             _mark(12, "e", "p1", "met", "first")]  # no second mark: not a pair
    agreed = iqa.compare(marks)
    assert (agreed.compared, agreed.agreed) == (4, 2)  # d's current second agrees
    assert agreed.rate == pytest.approx(0.5)
    assert [(d.learner_id, d.resolved_by) for d in agreed.disagreements] == [("b", None), ("c", "Lead")]
    assert [d.learner_id for d in agreed.open] == ["b"]
    assert iqa.compare([]).rate is None


def test_still_to_mark_is_written_evidence_without_a_decision_or_an_open_disagreement() -> None:
    written = (Written("a", "p1", PLAN_NB, "t1", "My plan."), Written("a", "p2", PLAN_NB, "t2", "Why."),
               Written("a", "p3", PLAN_NB, "t3", "Review."))
    marks = (_mark(1, "a", "p1", "met", "first"), _mark(2, "a", "p3", "met", "first"),
             _mark(3, "a", "p3", "partly", "second", "Iqa"))
    assert decisions.still_to_mark("a", TutorData(marks, written)) == ["p2", "p3"]
    settled = (*marks, _mark(4, "a", "p3", "met", "resolution", "Lead"), _mark(5, "a", "p2", "partly", "first"))
    assert decisions.still_to_mark("a", TutorData(settled, written)) == []
    assert decisions.still_to_mark("b", TutorData(marks, written)) == []


def _marked_run(tmp_path: Path) -> Path:
    run = make_run(tmp_path / "run")
    add_written(run, [("kx-07", WRITTEN_MP, PLAN_NB, "cell-a", "I would plan the rota around the Saturday peak."),
                      ("qz-19", WRITTEN_MP, PLAN_NB, "cell-a", "More staff when busy."),
                      ("kx-07", "declaration", "0-start-here.ipynb", "decl", "This is my own work.")])
    add_marks(run, [("kx-07", WRITTEN_MP, "met", "A clear plan, Priya Shah.", "Ann Tutor", "first"),
                    ("qz-19", WRITTEN_MP, "not yet", "Say when and why.", "Ann Tutor", "first"),
                    ("qz-19", WRITTEN_MP, "partly", "It names busy times.", "Ann Tutor", "first"),  # supersedes
                    ("kx-07", WRITTEN_MP, "partly", "Thin on detail.", "Ian Qa", "second"),
                    ("mb-33", AUTO_MP, "not yet", "The answer was a guess.", "Ann Tutor", "first")])
    return run


def test_a_written_marking_point_is_one_item_of_its_section_for_every_learner(tmp_path: Path) -> None:
    before = gv.section_scores(gv.read_gradebook(make_run(tmp_path / "plain"))).set_index(["learner_id", "section"])
    gb = gv.read_gradebook(_marked_run(tmp_path))
    after = gv.section_scores(gb).set_index(["learner_id", "section"])
    credit = {"kx-07": 1.0, "qz-19": 0.5, "mb-33": 0.0}  # met, partly, never marked
    for learner, extra in credit.items():
        old = before.loc[(learner, "planning")]
        assert after.loc[(learner, "planning"), "items"] == old["items"] + 1
        assert after.loc[(learner, "planning"), "score"] == pytest.approx(
            round((old["correct"] + extra) / (old["items"] + 1) * 100, 1))
        assert after.loc[(learner, "start"), "score"] == before.loc[(learner, "start"), "score"]  # other section
    assert gv.total_scores(gb)["kx-07"] > gv.total_scores(gv.read_gradebook(tmp_path / "plain"))["kx-07"]


def test_lms_csv_uses_the_same_scores_as_the_reports(tmp_path: Path) -> None:
    run = _marked_run(tmp_path)
    conn = gradebook.connect(run / "gradebook.sqlite")
    gradebook.export_csv(conn, run / "gradebook.csv")
    conn.close()
    rows = {r["learner_id"]: r for r in csv.DictReader((run / "gradebook.csv").open(encoding="utf-8"))}
    gb = gv.read_gradebook(run)
    for r in gv.section_scores(gb).itertuples():
        assert float(rows[r.learner_id][r.section]) == pytest.approx(r.score)
    for learner, total in gv.total_scores(gb).items():
        assert float(rows[learner]["total"]) == pytest.approx(total)


def test_report_table_says_who_decided_in_words_and_scrubs_comments(tmp_path: Path) -> None:
    run = _marked_run(tmp_path)
    gb = gv.read_gradebook(run)
    table = marking_view.decision_table(gb, "kx-07").set_index("Code")
    assert table.at[WRITTEN_MP, "Decision"] == "Met" and table.at[WRITTEN_MP, "Decided by"] == "Ann Tutor"
    assert table.at[AUTO_MP, "Decided by"] == decisions.AUTOMATIC
    overridden = marking_view.decision_table(gb, "mb-33").set_index("Code")
    assert overridden.at[AUTO_MP, "Decision"] == "Not yet"  # the automatic checks said met
    assert "outranks" in overridden.at[AUTO_MP, "How it was decided"]
    assert overridden.at[WRITTEN_MP, "Decision"] == "Not yet"  # a written point of the run, nothing handed in
    assert "No written evidence" in overridden.at[WRITTEN_MP, "How it was decided"]
    shown = report.people(run, gb, pseudonymise=True)
    scrubbed = marking_view.decision_table(gb, "kx-07", gv.scrubber(gb, shown)).set_index("Code")
    assert "Priya Shah" not in scrubbed.at[WRITTEN_MP, "Tutor's comment"]
    assert shown["kx-07"].label in scrubbed.at[WRITTEN_MP, "Tutor's comment"]


def test_class_summary_shows_agreement_disagreements_and_points_not_yet_met(tmp_path: Path) -> None:
    run = _marked_run(tmp_path)
    gb = gv.read_gradebook(run)
    page = render_class_summary(gb, report.people(run, gb, pseudonymise=False), False)
    section = page[page.index("Tutor marking and internal quality assurance"):]
    assert "0 of 1 second-marked decisions agree (0%)" in section
    assert "To resolve" in section and "Ian Qa" in section
    not_yet = section[section.index("most often not yet met"):]
    assert AUTO_MP in not_yet and "1 by a tutor" in not_yet
    assert f"{WRITTEN_MP}</th><td>" in not_yet  # mb-33 wrote nothing for it
    shared = render_class_summary(gb, report.people(run, gb, pseudonymise=True), True)
    assert "Priya Shah" not in shared and html.escape("Priya Shah") not in shared
    assert "A clear plan, Learner " in shared  # the comment is kept, its name replaced


def test_a_gradebook_without_marks_reads_as_no_tutor_data(tmp_path: Path) -> None:
    gb = gv.read_gradebook(make_run(tmp_path / "run"))
    assert gb.tutor == TutorData() and gb.written_credits == ()
    assert "no agreement rate" in render_class_summary(gb, report.people(tmp_path / "run", gb, pseudonymise=False),
                                                       False)


@pytest.mark.notebooks
@pytest.mark.slow
def test_the_report_shows_each_decision_in_words_with_who_decided_and_the_comment(tmp_path: Path) -> None:
    run = _marked_run(tmp_path)
    add_written(run, [("kx-07", "002:MP9", PLAN_NB, "cell-b", "Feedback changed our queue plan.")])  # not marked
    gb = gv.read_gradebook(run)
    person = report.people(run, gb, pseudonymise=False)["kx-07"]
    page = report.write_report(run, "kx-07", "Priya Shah", "grocery", person, template=report.default_template(),
                               pseudonymise=False).read_text("utf-8")
    evidence = page[page.index("Marking-point evidence"):page.index("Notebooks that could not be marked")]
    assert "<td>Ann Tutor</td>" in evidence and "A clear plan, Priya Shah." in evidence
    assert "<td>Still to mark</td>" in evidence
    # 002:MP8 too: its first and second markers disagree and no one has resolved it yet
    assert "not finished marking these points yet, so their decision may change: 002:MP8, 002:MP9." in evidence
    assert "Decided by the automatic checks." in evidence
    assert "<th>Decision</th>" in evidence and "<th>Decided by</th>" in evidence  # a table with headers
