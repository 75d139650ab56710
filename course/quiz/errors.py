"""Errors raised for question banks that break the format in docs/QUIZ-BANK-FORMAT.md.

A ``BankError`` carries one ``Problem`` per mistake; each renders as one readable line that names
the file, the question and the field, and says how to fix it, e.g.
``planning.yaml: question 'plan-smart-letters': field 'options': the answer is not among
the options``.
"""

from __future__ import annotations

from dataclasses import dataclass

from course.author_errors import ProblemsError, located


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
        places = [f"question '{self.question_id}'" if self.question_id is not None
                  else f"question #{self.position} (no id)" if self.position is not None else None,
                  f"field '{self.field}'" if self.field is not None else None]
        return located(self.file, self.line, [p for p in places if p], self.message)


class BankError(ProblemsError[Problem]):
    """A question bank breaks the bank format; ``problems`` lists every mistake found."""

    @classmethod
    def single(cls, file: str, message: str, *, question_id: str | None = None, field: str | None = None,
               line: int | None = None) -> BankError:
        """Return a BankError holding one problem, with where it is if known."""
        return cls([Problem(file=file, message=message, question_id=question_id, field=field, line=line)])
