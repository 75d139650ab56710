"""The marks table: append-only, the latest mark of a role is current, history, queue order and resume,
and the comment starters written for every marking point."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from course.tutor import marks
from tests.marking_run import make_run


@pytest.fixture
def conn(tmp_path: Path) -> sqlite3.Connection:
    return make_run(tmp_path)[1]


def test_a_later_mark_supersedes_but_never_erases(conn: sqlite3.Connection) -> None:
    marks.record(conn, "ada", "002:MP8", "partly", "Add feedback.", marker="Sam")
    marks.record(conn, "ada", "002:MP8", "met", "Good.", marker="Sam")
    marks.record(conn, "ada", "002:MP8", "not yet", "IQA view.", marker="Kim", role="second")
    assert marks.current(conn, "first")[("ada", "002:MP8")].decision == "met"
    assert marks.current(conn, "second")[("ada", "002:MP8")].marker == "Kim"
    assert [(m.decision, m.role) for m in marks.history(conn, "ada", "002:MP8")] == [
        ("partly", "first"), ("met", "first"), ("not yet", "second")]
    assert conn.execute("SELECT COUNT(*) FROM marks").fetchone()[0] == 3


def test_a_resolution_outranks_first_and_second(conn: sqlite3.Connection) -> None:
    marks.record(conn, "ada", "002:MP8", "met", marker="Sam")
    marks.record(conn, "ada", "002:MP8", "partly", marker="Kim", role="second")
    assert marks.final(conn)[("ada", "002:MP8")].decision == "met"
    marks.record(conn, "ada", "002:MP8", "partly", marker="Lee", role="resolution")
    assert marks.final(conn)[("ada", "002:MP8")].marker == "Lee"


def test_a_second_mark_alone_never_stands(conn: sqlite3.Connection) -> None:
    marks.record(conn, "ada", "002:MP8", "met", marker="Kim", role="second")
    assert ("ada", "002:MP8") not in marks.final(conn)
    marks.record(conn, "ada", "002:MP8", "not yet", marker="Sam")
    assert marks.final(conn)[("ada", "002:MP8")].marker == "Sam"


@pytest.mark.parametrize(("learner", "point", "decision", "marker", "role", "words"), [
    ("nobody", "002:MP8", "met", "Sam", "first", "unknown learner"),
    ("ada", "002:MP99", "met", "Sam", "first", "unknown marking point"),
    ("ada", "002:MP8", "great", "Sam", "first", "bad decision"),
    ("ada", "002:MP8", "met", " ", "first", "no marker"),
    ("ada", "002:MP8", "met", "Sam", "third", "unknown role")])
def test_a_bad_mark_is_refused_and_nothing_written(conn: sqlite3.Connection, learner: str, point: str,
                                                    decision: str, marker: str, role: str, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        marks.record(conn, learner, point, decision, marker=marker, role=role)
    assert conn.execute("SELECT COUNT(*) FROM marks").fetchone()[0] == 0


def test_the_table_itself_refuses_a_bad_decision(conn: sqlite3.Connection) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("INSERT INTO marks (learner_id, marking_point, decision, marker, role, marked_at) "
                     "VALUES ('ada', '002:MP8', 'maybe', 'Sam', 'first', 'now')")


def test_the_queue_orders_by_learner_or_point_and_shuffles_reproducibly(conn: sqlite3.Connection) -> None:
    points = list(marks.marking_points())
    by_learner = marks.queue(conn, order="learner")
    assert by_learner[:2] == [("ada", points[0]), ("ada", points[1])]
    assert len(by_learner) == 3 * len(points)
    by_point = marks.queue(conn, order="point")
    assert by_point[:3] == [("ada", points[0]), ("raj", points[0]), ("zoe", points[0])]
    shuffled = marks.queue(conn, order="point", shuffle=7)
    assert shuffled == marks.queue(conn, order="point", shuffle=7)
    assert shuffled != by_point and sorted(shuffled) == sorted(by_point)
    assert marks.queue(conn, order="point", shuffle=8) != shuffled
    first_group = {p for _, p in shuffled[:3]}
    assert len(first_group) == 1  # still grouped by marking point


def test_marking_resumes_at_the_first_unmarked_pair(conn: sqlite3.Connection) -> None:
    pairs = marks.queue(conn)
    for learner, point in pairs[:3]:
        marks.record(conn, learner, point, "met", marker="Sam")
    assert marks.next_unmarked(conn, pairs) == pairs[3]
    assert marks.next_unmarked(conn, pairs, role="second") == pairs[0]
    marks.record(conn, *pairs[5], "met", marker="Sam")
    assert marks.next_unmarked(conn, pairs, after=pairs[4]) == pairs[6]
    assert marks.next_unmarked(conn, pairs, after=pairs[-1]) == pairs[3]  # wraps round


def test_the_resolution_queue_holds_only_disagreements(conn: sqlite3.Connection) -> None:
    marks.record(conn, "ada", "002:MP8", "met", marker="Sam")
    marks.record(conn, "ada", "002:MP8", "partly", marker="Kim", role="second")
    marks.record(conn, "raj", "002:MP8", "met", marker="Sam")
    marks.record(conn, "raj", "002:MP8", "met", marker="Kim", role="second")
    assert marks.queue(conn, role="resolution") == [("ada", "002:MP8")]


def test_the_bank_offers_starters_then_the_markers_own(conn: sqlite3.Connection) -> None:
    marks.add_to_bank(conn, "Sam", "002:MP8", "Lovely detail about the till.")
    marks.add_to_bank(conn, "Sam", "002:MP8", "Lovely detail about the till.")
    offered = marks.bank("Sam", "002:MP8", conn)
    assert offered[:len(marks.starters()["002:MP8"])] == marks.starters()["002:MP8"]
    assert offered.count("Lovely detail about the till.") == 1
    assert "Lovely detail about the till." not in marks.bank("Kim", "002:MP8", conn)


def test_every_marking_point_has_comment_starters_in_uk_english() -> None:
    starters, points = marks.starters(), marks.marking_points()
    assert set(starters) - set(points) == set()
    assert [p for p in points if len(starters.get(p, [])) < 2] == []
    texts = [s for entries in starters.values() for s in entries]
    assert len(set(texts)) == len(texts)
    assert [s for s in texts if not re.fullmatch(r"[A-Z].{30,}[.?]", s)] == []  # whole sentences
    assert [s for s in texts if re.search(r"\b(analyze|organize|recognize|color|behavior)", s)] == []


def test_every_marking_point_has_a_section() -> None:
    from course import sections

    known = {*sections.keys(), sections.START}
    assert {p: marks.section_of(p) for p in marks.marking_points() if marks.section_of(p) not in known} == {}


def test_the_run_key_is_made_once(conn: sqlite3.Connection) -> None:
    assert marks.run_key(conn) == marks.run_key(conn)
    assert marks.run_key(conn).startswith("run-")
