"""Errors raised for question banks that break the format in docs/QUIZ-BANK-FORMAT.md.

A ``BankError`` carries one ``Problem`` per mistake; each renders as one readable line that names
the file, the question and the field, and says how to fix it, e.g.
``planning.yaml: question 'plan-smart-letters': field 'options': the answer is not among
the options``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One mistake in a bank: where it is (file, question, field) and what to do about it."""

    file: str
    message: str
    question_id: str | None = None
    field: str | None = None
    line: int | None = None
    position: int | None = None  # 1-based place of a question that has no usable id

    def __str__(self) -> str:
        parts = [self.file]
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.question_id is not None:
            parts.append(f"question '{self.question_id}'")
        elif self.position is not None:
            parts.append(f"question #{self.position} (no id)")
        if self.field is not None:
            parts.append(f"field '{self.field}'")
        return ": ".join([*parts, self.message])


MAX_SHOWN = 25


class BankError(ValueError):
    """A question bank breaks the bank format; ``problems`` lists every mistake found."""

    def __init__(self, problems: list[Problem]) -> None:
        if not problems:
            raise ValueError("BankError needs at least one problem")
        self.problems = list(problems)
        lines = [str(p) for p in self.problems[:MAX_SHOWN]]
        if len(self.problems) > MAX_SHOWN:
            lines.append(f"... and {len(self.problems) - MAX_SHOWN} more problems like these.")
        super().__init__("\n".join(lines))

    @classmethod
    def single(cls, file: str, message: str, *, question_id: str | None = None, field: str | None = None,
               line: int | None = None) -> BankError:
        """Return a BankError holding one problem, with where it is if known."""
        return cls([Problem(file=file, message=message, question_id=question_id, field=field, line=line)])
