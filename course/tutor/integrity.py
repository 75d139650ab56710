"""Integrity flags: the gradebook's `integrity_flags` table, how flags are written and read, and the run's check.

A flag is evidence for the tutor, never a verdict: an answer that fits another learner's store
(`foreign_answer`, course.tutor.integrity_answers), a notebook handed in with another learner's parameters
or results (`wrong_identity`, course.tutor.integrity_identity), written evidence near-identical to another
learner's (`shared_prose`, course.tutor.integrity_prose), or a tampering attempt seen when the tutor's
process judged the answers (`tampering`, written by that code through `record`; and, with no item, a store
entry the checks found changed after the run signed it). `strength` is `strong`
(several pieces of evidence agree) or `weak` ("worth a look": one coincidence can explain it).

Flags are for the teaching team only: the class summary's integrity section shows them
(course.tutor.integrity_view), and only when it names learners; learner reports, pseudonymised pages and
released feedback never read this table. `course run` calls `after_run` once its notebooks have finished; before
its workers stop, they do each learner's own part (`checks_on`: their store's fit and their identity flags, about
1 s a learner), so only the comparisons between learners are left to the tutor's process.
"""

from __future__ import annotations

import contextlib
import sqlite3
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Executor
from dataclasses import astuple, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from course.tutor.gradebook import transaction as _transaction

if TYPE_CHECKING:
    from course.store import StoreData
    from course.tutor.integrity_answers import StoreFit

KINDS = ("foreign_answer", "wrong_identity", "shared_prose", "tampering")
DETECTED = ("foreign_answer", "wrong_identity", "shared_prose")  # what `detect` finds again on every run
STRENGTHS = ("strong", "weak")
SCHEMA = """
CREATE TABLE IF NOT EXISTS integrity_flags(learner_id TEXT, kind TEXT, strength TEXT, other_learner TEXT,
    item_id TEXT, detail TEXT, similarity REAL);
"""


@dataclass(frozen=True)
class Flag:
    """One row of integrity_flags: who, what kind, how strong, whose work it fits, which item, and why."""
    learner_id: str
    kind: str
    strength: str
    other_learner: str | None
    item_id: str | None
    detail: str
    similarity: float | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"integrity flag kind {self.kind!r} is not known; use one of {', '.join(KINDS)}")
        if self.strength not in STRENGTHS:
            raise ValueError(f"integrity flag strength {self.strength!r} is not known; use strong or weak")


def create_table(conn: sqlite3.Connection) -> None:
    """Create integrity_flags when the gradebook lacks it (gradebook.connect calls this)."""
    conn.executescript(SCHEMA)


def record(conn: sqlite3.Connection, rows: Iterable[Flag | Sequence[Any]]) -> int:
    """Add flags (Flag objects or 7-tuples in column order) in one transaction; a row already there exactly
    is not added twice. Return how many rows were added."""
    flags = [row if isinstance(row, Flag) else Flag(*row) for row in rows]
    create_table(conn)
    added = 0
    with _transaction(conn):
        for flag in flags:
            values = astuple(flag)
            found = conn.execute("SELECT 1 FROM integrity_flags WHERE learner_id IS ? AND kind IS ? AND strength IS ? "
                                 "AND other_learner IS ? AND item_id IS ? AND detail IS ? AND similarity IS ?",
                                 values).fetchone()
            if found is None:
                conn.execute("INSERT INTO integrity_flags VALUES (?, ?, ?, ?, ?, ?, ?)", values)
                added += 1
    return added


def replace_detected(conn: sqlite3.Connection, rows: Iterable[Flag]) -> None:
    """Make the detected kinds' rows exactly `rows` (one transaction), with the tampering rows of no item (a changed
    store entry the checks found); the tampering rows a notebook's judging wrote are left as they are."""
    flags = list(rows)
    create_table(conn)
    with _transaction(conn):
        conn.execute("DELETE FROM integrity_flags WHERE kind IN (?, ?, ?) OR (kind = 'tampering' AND item_id IS NULL)",
                     DETECTED)
        conn.executemany("INSERT INTO integrity_flags VALUES (?, ?, ?, ?, ?, ?, ?)", [astuple(f) for f in flags])


def flags(conn: sqlite3.Connection, learner_id: str | None = None) -> list[Flag]:
    """Return the flags (of one learner, or all), strong first, then by learner, kind, other learner and item."""
    if not _has_table(conn):
        return []
    rows = conn.execute("SELECT learner_id, kind, strength, other_learner, item_id, detail, similarity "
                        "FROM integrity_flags WHERE ? IS NULL OR learner_id = ?", (learner_id, learner_id))
    found = [Flag(*row) for row in rows]
    return sorted(found, key=lambda f: (f.strength != "strong", f.learner_id, f.kind, f.other_learner or "",
                                        f.item_id or ""))


def counts(conn: sqlite3.Connection) -> dict[str, dict[str, int]]:
    """Return {learner_id: {"strong": n, "weak": n}} for learners with any flag."""
    out: dict[str, dict[str, int]] = {}
    for flag in flags(conn):
        out.setdefault(flag.learner_id, {"strong": 0, "weak": 0})[flag.strength] += 1
    return out


def read_flags(run: Path) -> list[Flag]:
    """Return a run's flags from RUN/gradebook.sqlite, opened read-only ([] without a gradebook or a table)."""
    path = Path(run) / "gradebook.sqlite"
    if not path.is_file():
        return []
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return flags(conn)
    finally:
        conn.close()


@dataclass(frozen=True)
class LearnerChecks:
    """What the checks find from one learner alone: their store's fit (course.tutor.integrity_answers), a
    tampering flag if their store's signed entry had changed, and their notebooks' wrong_identity flags."""
    fit: StoreFit
    tampering: tuple[Flag, ...]
    identity: tuple[Flag, ...]


def learner_checks(run_dir: Path, learner: Any, roster_ids: Sequence[str], submissions: Path,
                   secret: str = "") -> tuple[str, LearnerChecks]:
    """Return (learner id, their LearnerChecks): the part of `detect` that needs no other learner's work, so a
    run's workers can do it for a learner each (`checks_on`). Their store is read as `detect` reads it."""
    from course.tutor import integrity_answers, integrity_identity

    tampering: list[Flag] = []
    fit = integrity_answers.store_fit(_signed_loader(run_dir, secret, tampering)(learner))
    identity = integrity_identity.learner_identity(learner, submissions, run_dir, roster_ids)
    return learner.learner_id, LearnerChecks(fit, tuple(tampering), tuple(identity))


def checks_on(pool: Executor, *, run_dir: Path, learners: Sequence[Any], submissions: Path,
              secret: str = "") -> dict[str, LearnerChecks]:
    """Run `learner_checks` for every learner on `pool` (the run's own workers, before they stop), so the checks
    use every core; a learner whose task fails is left out, and `detect` checks them in this process instead."""
    roster_ids = [lr.learner_id for lr in learners]
    futures = [pool.submit(learner_checks, run_dir, learner, roster_ids, submissions, secret) for learner in learners]
    found: dict[str, LearnerChecks] = {}
    for future in futures:
        with contextlib.suppress(Exception):  # a lost worker: `detect` does this learner itself
            learner_id, checks = future.result()
            found[learner_id] = checks
    return found


def detect(run_dir: Path, learners: Sequence[Any], submissions: Path,
           conn: sqlite3.Connection | None = None, secret: str = "",
           checked: Mapping[str, LearnerChecks] | None = None) -> list[Flag]:
    """Find every flag of the detected kinds for a finished run: answers, identities and (from `conn`'s
    written_evidence table, when there is one) prose; with the run's key `secret`, the stores come from the run's
    signed entries, and an entry changed since it was signed is simulated again and flagged as tampering.
    `checked` holds learners' own checks done already (`checks_on`); the others are done here."""
    from course.tutor import evidence, integrity_answers, integrity_prose

    roster_ids = [lr.learner_id for lr in learners]
    answers = integrity_answers.run_answers(run_dir, roster_ids)
    each = [(checked or {}).get(lr.learner_id) or learner_checks(run_dir, lr, roster_ids, submissions, secret)[1]
            for lr in learners]
    fits = {lr.learner_id: checks.fit for lr, checks in zip(learners, each, strict=True)}
    found: list[Flag] = [flag for checks in each for flag in checks.tampering]
    found += integrity_answers.foreign_answers(answers, fits)
    found += integrity_answers.store_swaps(answers, fits)
    found += [flag for checks in each for flag in checks.identity]
    if conn is not None:
        found += integrity_prose.shared_prose(evidence.read(conn))
    return found


def _signed_loader(run_dir: Path, secret: str, found: list[Flag]) -> Callable[[Any], StoreData]:
    """A learner's store from the run's signed entry (course.store.signed); a changed entry adds a tampering flag."""
    from course.store import cache, signed

    def load(learner: Any) -> StoreData:
        trusted = signed.trusted_store(cache.folder(run_dir), learner.learner_id, sector=learner.sector, secret=secret)
        if trusted.changed:
            found.append(Flag(learner.learner_id, "tampering", "strong", None, None,
                              f"{trusted.changed} when the integrity checks read it; they simulated it again"))
        return trusted.data
    return load


def after_run(conn: sqlite3.Connection, *, out: Path, learners: Sequence[Any], submissions: Path,
              secret: str = "", checked: Mapping[str, LearnerChecks] | None = None) -> None:
    """`course run`'s hook: detect and record the flags; a failure here is reported and leaves the marks alone."""
    try:
        found = detect(out, learners, submissions, conn, secret, checked)
        replace_detected(conn, found)
    except Exception as err:  # noqa: BLE001 - the run's results stand; say why the flags are missing
        print(f"course run: the integrity checks did not finish ({type(err).__name__}: {err}); "
              "the marks are not affected", file=sys.stderr)
        return
    strong = sum(f.strength == "strong" for f in found)
    print(f"course run: integrity checks: {strong} strong and {len(found) - strong} weak flags "
          "(tutor-only; see the class summary's integrity section)")


def _has_table(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'integrity_flags'").fetchone() \
        is not None

