"""IQA: the second-marking sample is reproducible and stratified; agreement is counted correctly."""

from __future__ import annotations

import sqlite3
from collections import Counter
from pathlib import Path

import pytest

from course.tutor import iqa, marks
from tests.marking_run import make_run


@pytest.fixture
def conn(tmp_path: Path) -> sqlite3.Connection:
    conn = make_run(tmp_path)[1]
    points = list(marks.marking_points())
    for i, (learner, point) in enumerate((lr, p) for lr in ("ada", "raj", "zoe") for p in points):
        marks.record(conn, learner, point, marks.DECISIONS[i % 3], marker=("Sam", "Ola")[i % 2])
    return conn


def _strata(conn: sqlite3.Connection) -> set[tuple[str, str, str]]:
    firsts = marks.current(conn, "first")
    return {(m.marker, m.decision, marks.section_of(p)) for (_, p), m in firsts.items()}


def test_the_sample_is_reproducible_with_its_seed(conn: sqlite3.Connection) -> None:
    first = iqa.draw_sample(conn, 10, seed=4)
    assert iqa.draw_sample(conn, 10, seed=4) == first
    assert iqa.sample(conn) == [(s.learner_id, s.marking_point) for s in first]
    assert iqa.draw_sample(conn, 10, seed=5) != first
    assert len(set(iqa.sample(conn))) == 10


def test_the_sample_covers_every_stratum_before_repeating_one(conn: sqlite3.Connection) -> None:
    strata = _strata(conn)
    drawn = iqa.draw_sample(conn, len(strata), seed=1)
    assert {(s.first_marker, s.decision, s.section) for s in drawn} == strata
    bigger = iqa.draw_sample(conn, len(strata) + 5, seed=1)
    counts = Counter((s.first_marker, s.decision, s.section) for s in bigger)
    assert set(counts) == strata and max(counts.values()) == 2
    markers = Counter(s.first_marker for s in iqa.draw_sample(conn, 6, seed=2))
    assert set(markers) == {"Sam", "Ola"}


def test_the_sample_is_never_larger_than_what_was_marked(conn: sqlite3.Connection) -> None:
    assert len(iqa.draw_sample(conn, 10_000)) == len(marks.current(conn, "first"))
    with pytest.raises(ValueError, match="at least one"):
        iqa.draw_sample(conn, 0)


def test_the_second_marker_never_checks_their_own_marks(conn: sqlite3.Connection) -> None:
    iqa.draw_sample(conn, 12, seed=9)
    own = {p for p, m in marks.current(conn, "first").items() if m.marker == "Sam"}
    queue = marks.queue(conn, role="second", marker="Sam")
    assert queue and not set(queue) & own
    assert len(marks.queue(conn, role="second", marker="Kim")) == 12


def test_agreement_rate_and_disagreements_with_their_resolver(conn: sqlite3.Connection) -> None:
    firsts = marks.current(conn, "first")
    pairs = sorted(firsts)[:4]
    for pair in pairs[:3]:
        marks.record(conn, *pair, firsts[pair].decision, marker="Kim", role="second")
    other = next(d for d in marks.DECISIONS if d != firsts[pairs[3]].decision)
    marks.record(conn, *pairs[3], other, marker="Kim", role="second")
    result = iqa.agreement(conn)
    assert (result.compared, result.agreed, result.rate) == (4, 3, 0.75)
    assert [(d.learner_id, d.marking_point, d.second.decision) for d in result.disagreements] == [(*pairs[3], other)]
    assert result.open == result.disagreements and result.disagreements[0].resolved_by is None
    marks.record(conn, *pairs[3], other, "Agreed with the IQA.", marker="Lee", role="resolution")
    resolved = iqa.agreement(conn)
    assert resolved.rate == 0.75 and resolved.open == [] and resolved.disagreements[0].resolved_by == "Lee"


def test_no_second_marks_means_no_rate(conn: sqlite3.Connection) -> None:
    assert iqa.agreement(conn).rate is None
