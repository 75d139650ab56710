"""Internal quality assurance of tutor marks: a seeded, stratified sample for a second marker, and agreement.

`draw_sample` takes the pairs (learner, marking point) that have a current first mark, groups them into
strata by first marker, decision and section (where the syllabus map first teaches the marking point), and
takes them in turn from each stratum (strata and their members shuffled with the seed) until it has N: so
every stratum is sampled once before any is sampled twice, and the same seed gives the same sample. The
sample replaces the run's previous one in `iqa_sample`; second marks (role 'second') are kept beside the
first in `marks`.

`agreement` (of an open gradebook) and `compare` (of marks already read, e.g. course.tutor.decisions's)
compare each pair's current first and second marks: the rate of exact agreement, and each disagreement with
its resolution (a 'resolution' mark, with who made it) if any, in learner then marking-point order.
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from course.tutor import marks


@dataclass(frozen=True)
class Sampled:
    """One pair drawn for second marking, with what its stratum was."""
    learner_id: str
    marking_point: str
    first_marker: str
    decision: str
    section: str


@dataclass(frozen=True)
class Disagreement:
    """A pair whose first and second marks differ, and its resolution if one was recorded."""
    learner_id: str
    marking_point: str
    first: marks.Mark
    second: marks.Mark
    resolution: marks.Mark | None

    @property
    def resolved_by(self) -> str | None:
        """Who resolved it (None while it is open)."""
        return self.resolution.marker if self.resolution else None


@dataclass(frozen=True)
class Agreement:
    """First and second marks compared: how many pairs, how many agree, and the disagreements."""
    compared: int
    agreed: int
    disagreements: list[Disagreement]

    @property
    def rate(self) -> float | None:
        """The share of compared pairs where both markers made the same decision (None when none compared)."""
        return self.agreed / self.compared if self.compared else None

    @property
    def open(self) -> list[Disagreement]:
        """The disagreements nobody has resolved yet."""
        return [d for d in self.disagreements if d.resolution is None]


def draw_sample(conn: sqlite3.Connection, size: int, *, seed: int = 0) -> list[Sampled]:
    """Draw `size` first-marked pairs, stratified by first marker, decision and section; store and return them."""
    from course.tutor.gradebook import transaction

    if size < 1:
        raise ValueError(f"--sample {size}: draw at least one pair")
    firsts = marks.current(conn, "first")
    if not firsts:
        raise ValueError("nothing has been first-marked yet, so there is nothing to sample; mark first")
    strata: dict[tuple[str, str, str], list[Sampled]] = {}
    for (learner, point), mark in sorted(firsts.items(), key=lambda kv: (kv[0][0], marks.code_order(kv[0][1]))):
        entry = Sampled(learner, point, mark.marker, mark.decision, marks.section_of(point))
        strata.setdefault((entry.first_marker, entry.decision, entry.section), []).append(entry)
    rng = random.Random(seed)
    keys = sorted(strata)
    rng.shuffle(keys)
    for key in keys:
        rng.shuffle(strata[key])
    drawn: list[Sampled] = []
    while len(drawn) < size and any(strata.values()):
        for key in keys:
            if strata[key] and len(drawn) < size:
                drawn.append(strata[key].pop())
    with transaction(conn):
        conn.execute("DELETE FROM iqa_sample")
        conn.executemany("INSERT INTO iqa_sample VALUES (?, ?, ?, ?)",
                         [(i, s.learner_id, s.marking_point, seed) for i, s in enumerate(drawn)])
    return drawn


def sample(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """Return the run's current IQA sample as (learner, marking point) pairs, in drawn order."""
    return [(lr, mp) for lr, mp in conn.execute("SELECT learner_id, marking_point FROM iqa_sample ORDER BY position")]


def agreement(conn: sqlite3.Connection) -> Agreement:
    """Compare every pair's current first and second marks in an open gradebook (`compare`)."""
    return compare(marks.all_marks(conn))


def compare(found: Iterable[marks.Mark]) -> Agreement:
    """Compare every pair's current first and second marks among `found` (for the class summary, release and
    `course mark`): pairs with both, how many agree, and the disagreements with their resolution if any."""
    now = marks.latest(found)
    both = sorted({(lr, mp) for lr, mp, role in now if role == "first" and (lr, mp, "second") in now},
                  key=lambda p: (p[0], marks.code_order(p[1])))
    disagreements = [Disagreement(lr, mp, now[lr, mp, "first"], now[lr, mp, "second"], now.get((lr, mp, "resolution")))
                     for lr, mp in both if now[lr, mp, "first"].decision != now[lr, mp, "second"].decision]
    return Agreement(len(both), len(both) - len(disagreements), disagreements)
