"""A scenario's progress-log records and the results read back from them.

Each reply chosen is one record (kind "scenario", item_id = scenario id, the decision node, the reply said
as ``choice``, the misconception shown or None, status correct for a best or good reply); the end of a play is one more
record at the end node with the ``outcome``, status "correct" when the play ended good with no
misconception shown, and the first misconception shown. ``plays`` rebuilds finished plays from a log;
``scenario_result`` is what course.results(), a tutor's run and the static rendering report.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from course import progress, session
from course.scenario.play import Play, Step

ANONYMOUS = "anonymous"


@dataclass(frozen=True)
class PlayRecord:
    """One finished play as the log holds it."""
    outcome: str
    status: str
    misconceptions: tuple[str, ...]


def _where() -> dict[str, Any]:
    active = session.current_or_none()
    if active is None:
        return {"learner_id": ANONYMOUS, "notebook": None, "path": None}
    return {"learner_id": active.learner_id, "notebook": active.notebook, "path": active.progress_path}


def log_step(play: Play, step: Step) -> str | None:
    """Log one reply chosen; return a note for the learner if it could not be saved (the play goes on)."""
    return _log(item_id=play.scenario.id, status=step.status, misconception=step.misconception, node=step.node,
                choice=step.said)


def log_end(play: Play) -> str | None:
    """Log the end of a finished play and remember the scenario's result for course.results(); return a note
    on failure. The result counts every finished play in the log (the first correct one, else the latest)."""
    first = play.misconceptions[0] if play.misconceptions else None
    note = _log(item_id=play.scenario.id, status=play.status, misconception=first, node=play.node_id,
                outcome=play.outcome)
    active = session.current_or_none()
    if active is not None:
        finished = [PlayRecord(play.outcome or "poor", play.status, tuple(play.misconceptions))]
        if note is None:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", progress.ProgressLogWarning)
                finished = plays(progress.read_attempts(active.progress_path), play.scenario.id, active.learner_id)
        remember(active, scenario_result(play.scenario.id, finished))
    return note


def remember(active: session.Session, result: dict[str, Any]) -> None:
    """Keep a scenario's result in the session, for course.results()."""
    active.remember(result["item_id"], progress.SCENARIO, result["status"], result["misconception"],
                    outcome=result["outcome"], misconceptions=result["misconceptions"])


def _log(**fields: Any) -> str | None:
    try:
        progress.record(kind=progress.SCENARIO, **fields, **_where())
    except Exception as err:  # noqa: BLE001 - the learner must still see their feedback
        return f"This step was not saved to your progress log ({type(err).__name__}: {err})."
    return None


def plays(attempts: Iterable[progress.Attempt], scenario_id: str, learner_id: str | None = None) -> list[PlayRecord]:
    """Return the finished plays of ``scenario_id`` in ``attempts`` (of ``learner_id``, if given), in order."""
    found, shown = [], []  # type: list[PlayRecord], list[str]
    for attempt in attempts:
        if attempt.kind != progress.SCENARIO or attempt.item_id != scenario_id:
            continue
        if learner_id is not None and attempt.learner_id != learner_id:
            continue
        if attempt.outcome is None:
            if attempt.misconception and attempt.misconception not in shown:
                shown.append(attempt.misconception)
            continue
        found.append(PlayRecord(attempt.outcome, attempt.status, tuple(shown)))
        shown = []
    return found


def scenario_result(scenario_id: str, finished: list[PlayRecord]) -> dict[str, Any]:
    """Return the result of one scenario from its finished plays (the first correct play counts, else the last).

    Keys: item_id, kind "scenario", status (not_attempted without a finished play), misconception (the
    counted play's first), outcome, misconceptions (every one shown in any play, in order), plays.
    """
    if not finished:
        return {"item_id": scenario_id, "kind": progress.SCENARIO, "status": "not_attempted",
                "misconception": None, "outcome": None, "misconceptions": [], "plays": 0}
    counted = next((p for p in finished if p.status == "correct"), finished[-1])
    every = list(dict.fromkeys(m for p in finished for m in p.misconceptions))
    return {"item_id": scenario_id, "kind": progress.SCENARIO, "status": counted.status,
            "misconception": counted.misconceptions[0] if counted.misconceptions else None,
            "outcome": counted.outcome, "misconceptions": every, "plays": len(finished)}
