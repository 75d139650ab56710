"""Deterministic static rendering of a quiz (text/plain and text/html), without answers.

This is what papermill, nbval and nbconvert keep from a quiz cell: the questions and options,
and a line saying to open the notebook in JupyterLab to answer them. No ids, no timestamps.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import Any

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_CODE = re.compile(r"`([^`]+)`")
HOW_TO = {
    "single": "Choose one.",
    "multiple": "Choose all that apply.",
    "numeric": "Type a number.",
    "text": "Type a short answer.",
    "ordering": "Put these in order.",
    "matching": "Match each term to a definition.",
}


def prompt_html(prompt: str) -> str:
    """Return ``prompt`` as safe HTML: escaped, with **bold**, `code` and line breaks kept."""
    escaped = html.escape(prompt, quote=True)
    escaped = _CODE.sub(r"<code>\1</code>", escaped)
    escaped = _BOLD.sub(r"<strong>\1</strong>", escaped)
    return escaped.replace("\n", "<br>")


def how_to_answer(question: Any) -> str:
    """Return the short instruction for answering ``question``, e.g. "Type a number (in %)."."""
    if question.type == "numeric" and question.unit:
        return f"Type a number (in {question.unit})."
    return HOW_TO[question.type]


def _choices(question: Any) -> list[tuple[str, list[str]]]:
    """Return the (heading, entries) lists shown under a question; never reveals the answer."""
    if question.type in ("single", "multiple"):
        return [("", [option.text for option in question.options])]
    if question.type == "ordering":
        return [("", list(question.items))]
    if question.type == "matching":
        return [("Terms:", list(question.terms)), ("Definitions:", list(question.definitions))]
    return []


def headline(bank: str, count: int) -> str:
    """Return the first line of a static quiz, e.g. "Quiz: planning — 15 questions. ..."."""
    noun = "question" if count == 1 else "questions"
    return (f"Quiz: {bank} — {count} {noun}. "
            "Open this notebook in JupyterLab to answer them.")


def render_text(bank: str, title: str, questions: Sequence[Any]) -> str:
    """Return the text/plain rendering of a quiz."""
    lines = [headline(bank, len(questions)), title]
    for number, question in enumerate(questions, start=1):
        lines += ["", f"{number}. {question.prompt}", f"   {how_to_answer(question)}"]
        for heading, entries in _choices(question):
            if heading:
                lines.append(f"   {heading}")
            lines += [f"   - {entry}" for entry in entries]
    return "\n".join(lines)


def _question_html(question: Any) -> str:
    parts = [f"<p>{prompt_html(question.prompt)}</p>",
             f"<p><em>{html.escape(how_to_answer(question))}</em></p>"]
    for heading, entries in _choices(question):
        if heading:
            parts.append(f"<p>{html.escape(heading)}</p>")
        items = "".join(f"<li>{html.escape(entry)}</li>" for entry in entries)
        parts.append(f"<ul>{items}</ul>")
    return f"<li>{''.join(parts)}</li>"


def render_html(bank: str, title: str, questions: Sequence[Any]) -> str:
    """Return the text/html rendering of a quiz (a self-contained fragment)."""
    body = "".join(_question_html(question) for question in questions)
    return (f'<div class="course-quiz course-quiz-static">'
            f"<p><strong>{html.escape(headline(bank, len(questions)))}</strong></p>"
            f"<p>{html.escape(title)}</p><ol>{body}</ol></div>")
