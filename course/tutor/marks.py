"""Tutor marks against the syllabus's marking points: the append-only `marks` table of RUN/gradebook.sqlite.

A mark is one decision (met, partly, not yet) with a comment, by a named marker in a role: 'first' (the
assessor), 'second' (an internal quality assurer, on a sample: course.tutor.iqa) or 'resolution' (who settles
a first/second disagreement). Rows are only ever inserted: the latest row per (learner, marking point, role)
is current, and every earlier one stays as history. The tutor mark that stands (`standing`, `final`) is a
resolution, else the first mark; a second mark never decides alone (it is the IQA's check of the first).
course.tutor.decisions combines it with the automatic checks into the decision that counts.

The marking queue (`queue`) is every learner of the run times every marking point of the syllabus
(course/syllabus/items.yaml, kind MP), in learner or marking-point order, shuffled on request with a seed;
`next_unmarked` is where marking resumes. The tutor's own reusable comments are kept in `comment_bank`.
All SQL is parameterised.
"""

from __future__ import annotations

import functools
import random
import secrets
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from course import syllabus
from course.yamlfast import load_packaged

DECISIONS = ("met", "partly", "not yet")
DECISION_LABELS = {"met": "Met", "partly": "Partly met", "not yet": "Not yet"}
ROLES = ("first", "second", "resolution")
ORDERS = ("learner", "point")

SCHEMA = """
CREATE TABLE IF NOT EXISTS marks(mark_id INTEGER PRIMARY KEY AUTOINCREMENT, learner_id TEXT NOT NULL,
    marking_point TEXT NOT NULL, decision TEXT NOT NULL CHECK (decision IN ('met','partly','not yet')),
    comment TEXT NOT NULL DEFAULT '', marker TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('first','second','resolution')), marked_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS comment_bank(entry_id INTEGER PRIMARY KEY AUTOINCREMENT, marker TEXT NOT NULL,
    marking_point TEXT NOT NULL, text TEXT NOT NULL, UNIQUE (marker, marking_point, text));
CREATE TABLE IF NOT EXISTS iqa_sample(position INTEGER PRIMARY KEY, learner_id TEXT NOT NULL,
    marking_point TEXT NOT NULL, seed INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS run_identity(only INTEGER PRIMARY KEY CHECK (only = 1), run_key TEXT NOT NULL);
"""

Pair = tuple[str, str]  # (learner_id, marking point code)


@dataclass(frozen=True)
class Mark:
    """One row of `marks`."""
    mark_id: int
    learner_id: str
    marking_point: str
    decision: str
    comment: str
    marker: str
    role: str  # first, second or resolution
    marked_at: str = ""


def create_tables(conn: sqlite3.Connection) -> None:
    """Create the marking tables if they are missing (called by gradebook.connect)."""
    conn.executescript(SCHEMA)


def run_key(conn: sqlite3.Connection) -> str:
    """Return this gradebook's run identifier (made once, at random), which marking sheets carry so that a
    sheet from another run is refused."""
    row = conn.execute("SELECT run_key FROM run_identity").fetchone()
    if row:
        return str(row[0])
    conn.execute("INSERT OR IGNORE INTO run_identity VALUES (1, ?)", (f"run-{secrets.token_hex(6)}",))
    return str(conn.execute("SELECT run_key FROM run_identity").fetchone()[0])


def marking_points() -> dict[str, str]:
    """Return {code: text} for every marking point of the syllabus, in code order."""
    return dict(_points())


def code_order(code: str) -> tuple[str, int, str]:
    """Sort key of a syllabus code: '002:MP10' after '002:MP9'."""
    part, _, rest = code.partition(":")
    digits = "".join(ch for ch in rest if ch.isdigit())
    return part, int(digits) if digits else 0, rest


def learners(conn: sqlite3.Connection) -> dict[str, str]:
    """Return {learner_id: name} of the run, in roster order."""
    return {lr: name or "" for lr, name in conn.execute("SELECT learner_id, name FROM learners ORDER BY rowid")}


def record(conn: sqlite3.Connection, learner_id: str, marking_point: str, decision: str, comment: str = "", *,
           marker: str, role: str = "first") -> Mark:
    """Append one mark and return it; raise ValueError for an unknown learner, marking point, decision or role,
    or an empty marker name. An earlier mark of the same role is superseded, never changed."""
    problem = mark_problem(conn, learner_id, marking_point, decision, marker, role)
    if problem:
        raise ValueError(problem)
    cursor = conn.execute("INSERT INTO marks (learner_id, marking_point, decision, comment, marker, role, marked_at) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?)",
                          (learner_id, marking_point, decision, comment.strip(), marker.strip(), role, _now()))
    row = conn.execute("SELECT * FROM marks WHERE mark_id = ?", (cursor.lastrowid,)).fetchone()
    return Mark(*row)


def mark_problem(conn: sqlite3.Connection, learner_id: str, marking_point: str, decision: str, marker: str,
                 role: str) -> str | None:
    """Return what is wrong with a mark before it is recorded (None when nothing is)."""
    if role not in ROLES:
        return f"unknown role {role!r}; use one of {', '.join(ROLES)}"
    if not marker.strip():
        return "no marker name: say who is marking (--marker NAME)"
    if not conn.execute("SELECT 1 FROM learners WHERE learner_id = ?", (learner_id,)).fetchone():
        return f"unknown learner {learner_id!r}: not in this run's roster"
    if marking_point not in marking_points():
        return f"unknown marking point {marking_point!r}: use a code such as 002:MP8 (course/syllabus/items.yaml)"
    if decision not in DECISIONS:
        return f"bad decision {decision!r}: use met, partly or not yet"
    return None


def current(conn: sqlite3.Connection, role: str = "first") -> dict[Pair, Mark]:
    """Return the current mark of `role` per (learner, marking point): the latest row."""
    rows = conn.execute("SELECT * FROM marks WHERE role = ? ORDER BY mark_id", (role,)).fetchall()
    return {(row[1], row[2]): Mark(*row) for row in rows}


def all_marks(conn: sqlite3.Connection) -> list[Mark]:
    """Return every row of `marks`, oldest first (all roles, superseded ones too)."""
    return [Mark(*row) for row in conn.execute("SELECT * FROM marks ORDER BY mark_id")]


def latest(found: Iterable[Mark]) -> dict[tuple[str, str, str], Mark]:
    """Return the current mark per (learner, marking point, role): the latest (highest mark_id) wins."""
    out: dict[tuple[str, str, str], Mark] = {}
    for mark in sorted(found, key=lambda m: m.mark_id):
        out[(mark.learner_id, mark.marking_point, mark.role)] = mark
    return out


def standing(found: Iterable[Mark]) -> dict[Pair, Mark]:
    """Return the tutor mark that stands per (learner, marking point) a tutor has decided: the current
    resolution, else the current first mark. A second mark alone decides nothing, and an unresolved
    first/second disagreement keeps the first mark (see iqa.agreement)."""
    now = latest(found)
    out: dict[Pair, Mark] = {}
    for (learner, point, role), mark in now.items():
        if role == "resolution" or (role == "first" and (learner, point, "resolution") not in now):
            out[(learner, point)] = mark
    return out


def final(conn: sqlite3.Connection) -> dict[Pair, Mark]:
    """Return the tutor mark that stands per (learner, marking point) of an open gradebook (`standing`)."""
    return standing(all_marks(conn))


def history(conn: sqlite3.Connection, learner_id: str, marking_point: str) -> list[Mark]:
    """Return every mark of one learner and marking point, oldest first (all roles)."""
    rows = conn.execute("SELECT * FROM marks WHERE learner_id = ? AND marking_point = ? ORDER BY mark_id",
                        (learner_id, marking_point)).fetchall()
    return [Mark(*row) for row in rows]


def queue(conn: sqlite3.Connection, *, role: str = "first", marker: str = "", order: str = "learner",
          shuffle: int | None = None) -> list[Pair]:
    """Return the pairs to mark in `role`, in marking order.

    first: every learner x every marking point. second: the IQA sample (course.tutor.iqa), less the pairs
    this marker first-marked (nobody quality-assures their own marks). resolution: the pairs whose current
    first and second marks disagree. `order` groups by 'learner' or by 'point'; `shuffle` (a seed) shuffles
    the groups and the order within each group, reproducibly.
    """
    if order not in ORDERS:
        raise ValueError(f"unknown order {order!r}; use learner or point")
    pairs = _pairs_for(conn, role, marker)
    outer = 0 if order == "learner" else 1
    groups: dict[str, list[Pair]] = {}
    for pair in pairs:
        groups.setdefault(pair[outer], []).append(pair)
    keys = list(groups)
    if shuffle is not None:
        random.Random(f"{shuffle}").shuffle(keys)
        for key in keys:
            random.Random(f"{shuffle}:{key}").shuffle(groups[key])
    return [pair for key in keys for pair in groups[key]]


def _pairs_for(conn: sqlite3.Connection, role: str, marker: str) -> list[Pair]:
    """Return the pairs of `role`'s queue in learner-then-point order."""
    if role == "first":
        points = list(marking_points())
        return [(learner, point) for learner in learners(conn) for point in points]
    firsts = current(conn, "first")
    if role == "second":
        sample = [(lr, mp) for lr, mp in conn.execute(
            "SELECT learner_id, marking_point FROM iqa_sample ORDER BY position")]
        return [p for p in sample if p not in firsts or firsts[p].marker != marker.strip()]
    if role == "resolution":
        seconds = current(conn, "second")
        return [p for p in firsts if p in seconds and firsts[p].decision != seconds[p].decision]
    raise ValueError(f"unknown role {role!r}; use one of {', '.join(ROLES)}")


def next_unmarked(conn: sqlite3.Connection, pairs: list[Pair], *, role: str = "first",
                  after: Pair | None = None) -> Pair | None:
    """Return the first pair of `pairs` with no current mark in `role` (after `after`, wrapping round), or None
    when every pair is marked. A pair a colleague already marked in this role counts as marked."""
    done = set(current(conn, role))
    start = pairs.index(after) + 1 if after in pairs else 0
    for pair in pairs[start:] + pairs[:start]:
        if pair not in done:
            return pair
    return None


def bank(marker: str, marking_point: str, conn: sqlite3.Connection) -> list[str]:
    """Return the comments to offer: the starters written for this marking point, then the marker's own."""
    own = [text for (text,) in conn.execute(
        "SELECT text FROM comment_bank WHERE marker = ? AND marking_point = ? ORDER BY entry_id",
        (marker.strip(), marking_point))]
    return [*starters().get(marking_point, []), *own]


def add_to_bank(conn: sqlite3.Connection, marker: str, marking_point: str, text: str) -> None:
    """Keep `text` in the marker's own comment bank for this marking point (once)."""
    if text.strip():
        conn.execute("INSERT OR IGNORE INTO comment_bank (marker, marking_point, text) VALUES (?, ?, ?)",
                     (marker.strip(), marking_point, text.strip()))


@functools.cache
def starters() -> dict[str, list[str]]:
    """Return {marking point: comment starters} from course/syllabus/comment_starters.yaml."""
    data: dict[str, Any] = load_packaged("course.syllabus", "comment_starters.yaml") or {}
    for code, entries in data.items():
        bad = [e for e in entries or [] if not isinstance(e, str)]
        if bad or not entries:
            raise ValueError(f"comment_starters.yaml, {code}: each starter must be one quoted sentence; "
                             f"found {bad or 'none'}")
    return {str(code): [s.strip() for s in entries] for code, entries in data.items()}


@functools.cache
def section_of(marking_point: str) -> str:
    """Return the section key where the syllabus map first teaches this marking point ('unmapped' if none)."""
    from course import sections

    entry = _syllabus_map().get(marking_point) or {}
    taught = entry.get("taught") or []
    if not taught:
        return str(entry.get("planned") or "unmapped")
    section = sections.of_notebook(taught[0]["notebook"])
    return section.key if section else sections.START


@functools.cache
def _syllabus_map() -> dict[str, Any]:
    data: dict[str, Any] = load_packaged("course.syllabus", "map.yaml") or {}
    return data


@functools.cache
def _points() -> tuple[tuple[str, str], ...]:
    found = {code: text for code, (kind, text) in syllabus.items().items() if kind == "marking_point"}
    return tuple(sorted(found.items(), key=lambda kv: code_order(kv[0])))


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
