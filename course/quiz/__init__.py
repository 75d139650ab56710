"""Self-check quizzes for the course notebooks: sealed question banks and their ipywidgets UI.

    from course.quiz import quiz
    quiz("planning")                       # every question of a bank
    quiz("planning", concept="SMART objectives")

Banks are authored in solutions/quiz/*.yaml (see docs/QUIZ-BANK-FORMAT.md) and shipped sealed in
course/quiz/banks/ by ``course seal-banks``; answers never appear in plain text in a notebook.
"""

from __future__ import annotations

import sys
import types
from typing import Any

from course.quiz.errors import BankError, Problem
from course.quiz.grading import QuizOutcome, grade
from course.quiz.schema import Bank, SealedBank, SourceBank, load_bank
from course.quiz.view import Quiz, banks, load, quiz
from course.quiz.widgets import QuestionWidget, Score

__all__ = [
    "Bank", "BankError", "Problem", "QuestionWidget", "Quiz", "QuizOutcome", "Score",
    "SealedBank", "SourceBank", "banks", "grade", "load", "load_bank", "quiz",
]


class _CallableQuizPackage(types.ModuleType):
    """Importing this package rebinds the name `course.quiz` from the function to the package, so the
    package is callable too: `course.quiz("planning")` works however often a learner re-runs the cell."""

    def __call__(self, bank: str, **kwargs: Any) -> Quiz:
        return quiz(bank, **kwargs)


sys.modules[__name__].__class__ = _CallableQuizPackage
