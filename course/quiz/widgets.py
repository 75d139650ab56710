"""The live quiz UI (ipywidgets 8, JupyterLab 4): one box per question and a running score.

Each question shows its prompt, an answer input, a "Check" button and a feedback area. Feedback is
in words ("Correct." / "Not quite.", the option feedback naming the misconception, then the
explanation); explanations appear only after an attempt. Every real attempt is logged through
``course.progress.record``. Answers and hashes stay in Python, never in a widget model.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import ipywidgets as w

from course.keyboard import track_choice, track_typed
from course.quiz import context
from course.quiz.grading import QuizOutcome, grade
from course.quiz.inputs import Look, make_input
from course.quiz.static import how_to_answer, prompt_html

_HEADS = ("Correct.", "Not quite.")


@dataclass(frozen=True)
class Score:
    """Questions whose latest check was correct, out of all questions in the quiz."""

    correct: int
    attempted: int
    total: int

    def __str__(self) -> str:
        return f"Score: {self.correct} of {self.total} correct"


def feedback_lines(outcome: QuizOutcome, note: str | None) -> list[str]:
    """Return the feedback for ``outcome`` as plain-text lines (headline first)."""
    lines = [outcome.feedback]
    if outcome.explanation:
        lines.append(f"Explanation: {outcome.explanation}")
    if note:
        lines.append(note)
    return lines


def feedback_html(outcome: QuizOutcome, note: str | None) -> str:
    """Return the feedback for ``outcome`` as escaped HTML, the headline word in bold."""
    text = html.escape(outcome.feedback)
    for head in _HEADS:
        if outcome.feedback.startswith(head):
            text = f"<strong>{head}</strong>{html.escape(outcome.feedback[len(head):])}"
    parts = [f"<p>{text}</p>"]
    if outcome.explanation:
        parts.append(f"<p><strong>Explanation:</strong> {html.escape(outcome.explanation)}</p>")
    if note:
        parts.append(f"<p><em>{html.escape(note)}</em></p>")
    return f'<div role="status" aria-live="polite">{"".join(parts)}</div>'


class QuestionWidget:
    """One question: prompt, answer input, Check button and feedback; knows its latest outcome."""

    def __init__(self, question: Any, *, salt: str, number: int, look: Look | None = None,
                 on_checked: Callable[[QuestionWidget], None] | None = None) -> None:
        look = look or Look()
        self.question, self.number = question, number
        self._salt, self._on_checked = salt, on_checked
        self.outcome: QuizOutcome | None = None
        self.feedback_text = ""
        self._error: Exception | None = None
        self.input = make_input(question, look)
        self.prompt = w.HTML(value=(f"<p><strong>Question {number}.</strong> "
                                    f"{prompt_html(question.prompt)}</p>"
                                    f"<p><em>{html.escape(how_to_answer(question))}</em></p>"),
                             style=look.html, layout=look.plain)
        self.button = w.Button(description="Check", icon="check", style=look.button,
                               layout=look.plain, tooltip=f"Check your answer to question {number}")
        self.feedback = w.HTML(value="", style=look.html, layout=look.plain)
        self.button.on_click(self._on_click)
        if isinstance(self.input.widget, w.RadioButtons):  # Check waits until the kernel has the choice on screen
            track_choice(self.input.widget, self.button)  # (course.keyboard)
        if getattr(self.input, "typed", None) is not None:  # or the text typed in the box
            track_typed(self.input.typed, self.button)
        self.box = w.VBox([self.prompt, self.input.widget, self.button, self.feedback],
                          layout=look.spaced)

    @property
    def status(self) -> str:
        """Latest status: correct, incorrect, invalid, or not_attempted before any check."""
        return self.outcome.status if self.outcome is not None else "not_attempted"

    def set_response(self, value: Any) -> None:
        """Put ``value`` into the answer input, as if the learner had entered it."""
        self.input.set_response(value)

    def check(self) -> QuizOutcome:
        """Press the Check button (the same path as a click) and return the outcome."""
        self._error = None
        self.button.click()
        if self._error is not None:
            raise self._error
        assert self.outcome is not None
        return self.outcome

    def _on_click(self, _button: w.Button) -> None:
        try:
            response = self.input.get_response()
            outcome = grade(self.question, response, salt=self._salt)
            note = context.record_attempt(item_id=outcome.question_id, status=outcome.status,
                                          misconception=outcome.misconception, choice=response)
        except Exception as err:  # noqa: BLE001 - show something in words, re-raised by check()
            self._error = err
            self.feedback.value = ("<p>Sorry, this answer could not be checked "
                                   f"({html.escape(type(err).__name__)}). Please tell your "
                                   "tutor.</p>")
            return
        self.outcome = outcome
        self.feedback_text = "\n".join(feedback_lines(outcome, note))
        self.feedback.value = feedback_html(outcome, note)
        if self._on_checked is not None:
            self._on_checked(self)


class QuizWidget:
    """All questions of a quiz in one column, with the score line above and below them."""

    def __init__(self, *, title: str, questions: Sequence[Any], salt: str) -> None:
        look = Look()
        self.questions = [QuestionWidget(q, salt=salt, number=n, look=look,
                                         on_checked=self._update_score)
                          for n, q in enumerate(questions, start=1)]
        self.score_labels = [w.Label(value=str(self.score), style=look.label, layout=look.plain)
                             for _ in range(2)]
        header = w.HTML(value=f"<h3>{html.escape(title)}</h3>", style=look.html,
                        layout=look.plain)
        self.box = w.VBox([header, self.score_labels[0], *(q.box for q in self.questions),
                           self.score_labels[1]], layout=look.plain)
        self.box.add_class("course-keys")  # arrow keys reach its radio buttons in JupyterLab (course.keyboard)

    @property
    def score(self) -> Score:
        statuses = [q.status for q in self.questions]
        return Score(statuses.count("correct"),
                     sum(s in ("correct", "incorrect") for s in statuses), len(statuses))

    def _update_score(self, _question: QuestionWidget) -> None:
        for label in self.score_labels:
            label.value = str(self.score)
