"""The quiz's links to the rest of the course package: session, exercises and progress log.

Each link is imported when used (through ``importlib.import_module``, so tests can put stand-ins
in ``sys.modules``), and the quiz keeps working without a session for fixed-answer questions.
"""

from __future__ import annotations

import importlib
from typing import Any

SESSION_MESSAGE = ("Start your session first: run the first cells of the notebook "
                   "(course.start(...)).")
ANONYMOUS = "anonymous"


class NoSessionError(RuntimeError):
    """A question needs the learner's own data, but no session has been started."""


def current_session() -> Any | None:
    """Return the active course session, or None if none was started (or sessions don't exist)."""
    try:
        session_module = importlib.import_module("course.session")
    except ImportError:
        return None
    return session_module.current_or_none()


def reference_value(exercise_id: str) -> float:
    """Return the expected value of exercise ``exercise_id`` for the active session's data.

    Raise NoSessionError (message: SESSION_MESSAGE) when no session has been started.
    """
    session = current_session()
    if session is None:
        raise NoSessionError(SESSION_MESSAGE)
    exercises = importlib.import_module("course.exercises")
    return float(exercises.reference_value(exercise_id, session.data))


def record_attempt(*, item_id: str, status: str, misconception: str | None) -> str | None:
    """Log one quiz attempt for the session's learner (or "anonymous"); return a note on failure.

    ``not_attempted`` is never logged. A failure to log never breaks the quiz: the returned note
    tells the learner their attempt was not saved.
    """
    if status == "not_attempted":
        return None
    session = current_session()
    try:
        progress = importlib.import_module("course.progress")
        progress.record(
            learner_id=session.learner_id if session is not None else ANONYMOUS,
            item_id=item_id, kind="quiz", status=status, misconception=misconception,
            notebook=session.notebook if session is not None else None,
            path=session.progress_path if session is not None else None,
        )
    except Exception as err:  # noqa: BLE001 - the learner must still see their feedback
        return f"This attempt was not saved to your progress log ({type(err).__name__}: {err})."
    return None
