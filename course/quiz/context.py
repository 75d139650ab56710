"""The quiz's links to the rest of the course package: session, exercises and progress log.

They are one typed object, `LINKS` (a `Links`), so the interface is visible and a test can swap in
stand-ins with `monkeypatch.setattr(context, "LINKS", Links(...))`. The quiz keeps working without
a session for fixed-answer questions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from course import exercises, progress, session

SESSION_MESSAGE = ("Start your session first: run the first cells of the notebook "
                   "(course.start(...)).")
ANONYMOUS = "anonymous"


class NoSessionError(RuntimeError):
    """A question needs the learner's own data, but no session has been started."""


@dataclass(frozen=True)
class Links:
    """What the quiz uses from the course package (defaults: the package's own functions)."""
    current_session: Callable[[], Any | None] = session.current_or_none  # the active session or None
    reference_value: Callable[[str, Any], float] = exercises.reference_value  # (exercise id, StoreData)
    record: Callable[..., Any] = progress.record  # course.progress.record's keyword arguments


LINKS = Links()


def current_session() -> Any | None:
    """Return the active course session, or None if none was started."""
    return LINKS.current_session()


def reference_value(exercise_id: str) -> float:
    """Return the expected value of exercise ``exercise_id`` for the active session's data.

    Raise NoSessionError (message: SESSION_MESSAGE) when no session has been started.
    """
    active = current_session()
    if active is None:
        raise NoSessionError(SESSION_MESSAGE)
    return float(LINKS.reference_value(exercise_id, active.data))


def record_attempt(*, item_id: str, status: str, misconception: str | None, choice: Any = None) -> str | None:
    """Log one quiz attempt (with the response given, `choice`) for the session's learner (or "anonymous");
    return a note on failure.

    ``not_attempted`` is never logged. A failure to log never breaks the quiz: the returned note
    tells the learner their attempt was not saved.
    """
    if status == "not_attempted":
        return None
    active = current_session()
    try:
        LINKS.record(
            learner_id=active.learner_id if active is not None else ANONYMOUS,
            item_id=item_id, kind="quiz", status=status, misconception=misconception, choice=choice,
            notebook=active.notebook if active is not None else None,
            path=active.progress_path if active is not None else None,
        )
    except Exception as err:  # noqa: BLE001 - the learner must still see their feedback
        return f"This attempt was not saved to your progress log ({type(err).__name__}: {err})."
    return None
