"""CheckResult: what course.check() returns, with a readable, deterministic text and HTML display."""

from __future__ import annotations

import html
from dataclasses import dataclass

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

    def _repr_html_(self) -> str:
        border = {"correct": "#1b7837", "incorrect": "#b35806"}.get(self.status, "#5e5e5e")
        return (f'<div class="course-check course-check-{self.status}" role="status" '
                f'style="border-left:4px solid {border};padding:4px 10px;margin:4px 0">'
                f"<strong>{html.escape(self.headline)}</strong><br>{html.escape(self.message)}</div>")
