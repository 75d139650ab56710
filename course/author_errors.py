"""Problems in an author's file (a question bank, a conversation scenario), one readable line each.

Quiz banks (course.quiz.errors) and scenarios (course.scenario.errors) each name where a problem is in their own
terms (a question; a scenario and its node). This module writes the line, "file: line 4: question 'x': field
'options': what to do", and gathers every problem of a file into one error that shows the first few.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Generic, TypeVar

MAX_SHOWN = 25
P = TypeVar("P")


def located(file: str, line: int | None, places: Iterable[str], message: str) -> str:
    """Return one problem's line: the file, the line if known, each named place, then what is wrong."""
    parts = [file, *([f"line {line}"] if line is not None else []), *places]
    return ": ".join([*parts, message])


class ProblemsError(ValueError, Generic[P]):
    """An author's file breaks its format; ``problems`` lists every mistake found (the message shows 25)."""

    def __init__(self, problems: Sequence[P]) -> None:
        if not problems:
            raise ValueError(f"{type(self).__name__} needs at least one problem")
        self.problems = list(problems)
        lines = [str(p) for p in self.problems[:MAX_SHOWN]]
        if len(self.problems) > MAX_SHOWN:
            lines.append(f"... and {len(self.problems) - MAX_SHOWN} more problems like these.")
        super().__init__("\n".join(lines))
