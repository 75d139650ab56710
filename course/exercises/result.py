"""CheckResult: what course.check() returns, with a readable, deterministic text and HTML display.

A recorded wrong or unreadable answer, or a skeleton whose blanks ___ are still to fill, also offers a live
"Need a hint?" button (course.exercises.hints) in a running kernel only, as a widget view next to the
same text and HTML: nbval ignores widget views, so saved outputs stay deterministic.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

STATUS_WORDS = {"correct": "Correct", "incorrect": "Not quite", "not_attempted": "Not attempted yet",
                "invalid": "Cannot check this yet", "no_session": "No session"}
_ICONS = {"correct": "✔", "incorrect": "✘", "not_attempted": "…", "invalid": "?", "no_session": "!"}


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one check: status, the message for the learner and any misconception shown."""
    exercise_id: str
    status: str  # correct | incorrect | not_attempted | invalid | no_session
    message: str
    misconception: str | None = None
    misconception_name: str | None = None
    offers_hint: bool = False  # show the live "Need a hint?" button (course.check: a wrong answer, or blanks left)
    source: str | None = None  # own data only: "own", or "practice" when it lacks a table the exercise needs

    @property
    def correct(self) -> bool:
        return self.status == "correct"

    @property
    def headline(self) -> str:
        return f"{_ICONS[self.status]} {STATUS_WORDS[self.status]} ({self.exercise_id})"

    def __str__(self) -> str:
        return f"{self.headline}: {self.message}"

    def __repr__(self) -> str:
        return str(self)

    def __bool__(self) -> bool:
        return self.correct

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        bundle: dict[str, Any] = {"text/plain": str(self), "text/html": self._repr_html_()}
        if self.offers_hint and self.status in ("incorrect", "invalid", "not_attempted"):
            from course.exercises.hints import WIDGET_MIME, widget_view

            view = widget_view(self.exercise_id, bundle["text/html"])
            if view is not None:
                bundle[WIDGET_MIME] = view
        return bundle

    def _repr_html_(self) -> str:
        border = {"correct": "#1b7837", "incorrect": "#b35806"}.get(self.status, "#5e5e5e")
        return (f'<div class="course-check course-check-{self.status}" role="status" '
                f'style="border-left:4px solid {border};padding:4px 10px;margin:4px 0">'
                f"<strong>{html.escape(self.headline)}</strong><br>{html.escape(self.message)}</div>")
