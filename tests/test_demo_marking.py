"""The demo's marking steps on a small hand-made run: a simulated tutor's sheet imported as first marks, a seeded
IQA sample second-marked with planted disagreements (one resolved, one open), the agreement rate, a release,
and a second run that records no new marks and releases beside the first, never over it."""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from course.tutor import demo_marking, gradebook, iqa, marks, report
from course.tutor import simulated_tutor as tutor
from tests.marking_fixtures import PLAN_NB, add_written
from tests.test_tutor_report import LEARNERS, make_run

GOOD = ("Our service plan sets standards for each shift: the team leader checks queue times every hour, complaints "
        "are answered within 48 hours and the returns promise follows the Consumer Rights Act. If two colleagues are "
        "off on a Saturday we call the on-call list, and we review the plan with the team every month.")
POINTS = ["000:MP1", "000:MP2", "000:MP4", "002:MP8"]


def _run(tmp_path: Path) -> Path:
    run = make_run(tmp_path / "run")
    texts = [GOOD, "More staff on Saturdays, and a quicker reply to complaints.", "Be nice."]
    add_written(run, [(learner, point, PLAN_NB, f"cell-{point}", texts[(n + k) % 3])
                      for n, (learner, _, _) in enumerate(LEARNERS) for k, point in enumerate(POINTS)])
    return run


def _stand_in_reports(*, run: Path, pseudonymise: bool) -> int:
    """Stand-ins for `course report`'s pages (it executes a notebook per learner: too slow here)."""
    (run / "reports").mkdir(exist_ok=True)
    later = (run / "gradebook.sqlite").stat().st_mtime_ns + 10**9
    for learner, _, _ in LEARNERS:
        page = run / "reports" / f"{learner}.html"
        page.write_text(f"<p>Report for {learner}</p>", encoding="utf-8")
        os.utime(page, ns=(later, later))
    return 0


def marked_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path, demo_marking.Outcome]:
    """A small run put through the demo's marking steps (reports stood in for): (RUN, OUT, what it did)."""
    monkeypatch.setattr(report, "write_reports", _stand_in_reports)
    run, out = _run(tmp_path), tmp_path / "demo"
    return run, out, demo_marking.mark_and_release(run, out)


@pytest.fixture
def marked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path, demo_marking.Outcome]:
    return marked_run(tmp_path, monkeypatch)


def _all_marks(run: Path) -> list[marks.Mark]:
    with closing(sqlite3.connect(run / "gradebook.sqlite")) as conn:
        return marks.all_marks(conn)


def test_the_tutor_marks_every_piece_of_evidence_by_its_signals(
        marked: tuple[Path, Path, demo_marking.Outcome]) -> None:
    run, out, outcome = marked
    firsts = {(m.learner_id, m.marking_point): m for m in _all_marks(run) if m.role == "first"}
    assert len(firsts) == outcome.first_marks == len(LEARNERS) * len(POINTS)
    assert outcome.learners_marked == len(LEARNERS)
    assert {m.marker for m in firsts.values()} == {demo_marking.TUTOR}
    assert {m.decision for m in firsts.values()} == {"met", "partly", "not yet"}  # good, partial and weak evidence
    assert all(m.comment in marks.starters()[m.marking_point] for m in firsts.values())
    assert (out / "marking" / "first-marks.csv").is_file()


def test_the_iqa_disagrees_twice_resolves_one_and_the_rate_is_reported(
        marked: tuple[Path, Path, demo_marking.Outcome]) -> None:
    run, _, outcome = marked
    seconds = [m for m in _all_marks(run) if m.role == "second"]
    assert seconds and {m.marker for m in seconds} == {demo_marking.IQA}
    agreed = outcome.agreement
    assert agreed.compared == len(seconds) == min(demo_marking.SAMPLE, len(LEARNERS) * len(POINTS))
    assert len(agreed.disagreements) == demo_marking.PLANTED
    assert agreed.rate == pytest.approx((len(seconds) - demo_marking.PLANTED) / len(seconds))
    assert [d.resolved_by for d in agreed.disagreements].count(demo_marking.IQA) == 1
    assert len(agreed.open) == 1
    left = agreed.open[0]
    assert list(outcome.partial) == [left.learner_id] and left.marking_point in outcome.partial[left.learner_id]


def test_feedback_is_released_for_everyone_with_the_unfinished_one_partial(
        marked: tuple[Path, Path, demo_marking.Outcome]) -> None:
    _, out, outcome = marked
    assert {p.parent.name for p in outcome.released} == {learner for learner, _, _ in LEARNERS}
    assert all((p / "feedback.md").is_file() and (p / "report.html").is_file() for p in outcome.released)
    open_learner = next(iter(outcome.partial))
    assert "not finished marking" in (out / "released" / open_learner / outcome.released[0].name / "feedback.md"
                                      ).read_text(encoding="utf-8")
    text = "\n".join(demo_marking.summary(outcome, out / "run", out))
    assert f"{len(outcome.released)} feedback folders" in text and "still to mark" in text


def test_a_second_run_adds_no_marks_and_releases_beside_the_first(
        marked: tuple[Path, Path, demo_marking.Outcome]) -> None:
    run, out, first = marked
    before = _all_marks(run)
    again = demo_marking.mark_and_release(run, out)
    assert _all_marks(run) == before and again.first_marks == again.second_marks == 0
    assert again.agreement == first.agreement
    assert all(p.name.endswith("-2") for p in again.released) and all(p.is_dir() for p in first.released)


def test_the_same_seed_draws_the_same_sample(marked: tuple[Path, Path, demo_marking.Outcome]) -> None:
    run, _, _ = marked
    with closing(gradebook.connect(run / "gradebook.sqlite")) as conn:
        drawn = iqa.sample(conn)
        again = [(s.learner_id, s.marking_point) for s in iqa.draw_sample(conn, demo_marking.SAMPLE,
                                                                            seed=demo_marking.SEED)]
    assert again == drawn


def test_the_judge_reads_own_words_and_key_terms() -> None:
    assert tutor.judge("000:MP1", tutor.Evidence(GOOD, len(GOOD.split())))[0] == "met"
    assert tutor.judge("000:MP1", tutor.Evidence("Be nice.", 2))[0] == "not yet"
    assert tutor.judge("000:MP1", tutor.Evidence("", 0)) == ("not yet", tutor.NOTHING)
