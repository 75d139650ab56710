"""The ``Quiz`` object a notebook cell shows, and finding and loading sealed banks.

A ``Quiz`` displays as ONE output bundle: deterministic text/plain and text/html (what papermill,
nbval and nbconvert keep) plus the widget view that JupyterLab renders live.
"""

from __future__ import annotations

import importlib.resources
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from course import keyboard
from course.quiz.errors import BankError
from course.quiz.schema import SealedBank, SourceBank, load_bank, validate_bank_data
from course.quiz.seal import checked_when_sealed
from course.quiz.static import render_html, render_text
from course.quiz.widgets import QuestionWidget, QuizWidget, Score
from course.quiz.yamlio import parse_yaml

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


def _package_banks() -> Any:
    return importlib.resources.files("course.quiz").joinpath("banks")


def banks() -> list[str]:
    """Return the names of the sealed banks shipped in course/quiz/banks/, sorted."""
    folder = _package_banks()
    if not folder.is_dir():
        return []
    return sorted(entry.name[:-5] for entry in folder.iterdir() if entry.name.endswith(".yaml"))


@lru_cache(maxsize=32)
def _load_package_bank(bank: str) -> SealedBank:
    """Return a shipped bank: its structure and the bank as a whole always checked; each question's meaning too
    unless its bytes are those `course seal-banks` validated in full (``checked_when_sealed``), so a changed or
    damaged bank is reported as before."""
    text = _package_banks().joinpath(f"{bank}.yaml").read_text(encoding="utf-8")
    file = f"{bank}.yaml"
    loaded = validate_bank_data(parse_yaml(text, file, sealed=True), file=file, stem=bank,
                                each_question=not checked_when_sealed(text))
    if not isinstance(loaded, SealedBank):
        raise BankError.single(file, "the shipped bank is not sealed; run `course seal-banks`")
    return loaded


@lru_cache(maxsize=32)
def _load_path_bank(path: Path, _mtime_ns: int, _size: int) -> SealedBank:
    from course.quiz.seal import seal_in_memory

    loaded = load_bank(path)
    return seal_in_memory(loaded) if isinstance(loaded, SourceBank) else loaded


def load(bank: str, *, path: Path | str | None = None) -> SealedBank:
    """Return the sealed bank ``bank``, validated.

    By default from the package (course/quiz/banks/). ``path`` may name a bank file or a folder
    holding ``<bank>.yaml``; a source bank found there is sealed in memory.
    """
    if path is None:
        names = banks()
        if bank not in names:
            raise ValueError(f"There is no quiz bank '{bank}'. "
                             f"Banks: {', '.join(names) or 'none'}.")
        return _load_package_bank(bank)
    file = Path(path) / f"{bank}.yaml" if Path(path).is_dir() else Path(path)
    if not file.is_file():
        raise ValueError(f"There is no quiz bank file {file}; check the path.")
    stat = os.stat(file)
    return _load_path_bank(file.resolve(), stat.st_mtime_ns, stat.st_size)


class Quiz:
    """Some questions of one bank, shown as live widgets in JupyterLab and as text elsewhere."""

    def __init__(self, bank: SealedBank, questions: list[Any]) -> None:
        self.bank = bank
        self.questions = list(questions)
        self._view: QuizWidget | None = None

    @property
    def view(self) -> QuizWidget:
        """The widget UI, built on first use."""
        if self._view is None:
            self._view = QuizWidget(title=self.bank.title, questions=self.questions,
                                    salt=self.bank.salt)
        return self._view

    def widget_for(self, question_id: str) -> QuestionWidget:
        """Return the widget of question ``question_id`` (for tests and scripted use)."""
        for widget in self.view.questions:
            if widget.question.id == question_id:
                return widget
        ids = ", ".join(q.id for q in self.questions)
        raise KeyError(f"question '{question_id}' is not in this quiz; it has: {ids}")

    @property
    def score(self) -> Score:
        """Questions answered correctly at their latest check, out of all in the quiz."""
        return self.view.score

    def to_text(self) -> str:
        """The deterministic text/plain rendering (no answers)."""
        return render_text(self.bank.bank, self.bank.title, self.questions)

    def to_html(self) -> str:
        """The deterministic text/html rendering (no answers)."""
        return render_html(self.bank.bank, self.bank.title, self.questions)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        bundle: dict[str, Any] = {"text/plain": self.to_text(), "text/html": self.to_html()}
        keyboard.enable_arrow_keys()  # radio buttons answer to the arrow keys in JupyterLab (course.keyboard)
        widget_bundle = self.view.box._repr_mimebundle_() or {}
        if WIDGET_MIME in widget_bundle:
            bundle[WIDGET_MIME] = widget_bundle[WIDGET_MIME]
        return bundle

    def __repr__(self) -> str:
        return f"<Quiz {self.bank.bank}: {len(self.questions)} questions>"


def _select(bank: SealedBank, ids: list[str] | None, concept: str | None) -> list[Any]:
    chosen = list(bank.questions)
    if ids is not None:
        known = {q.id: q for q in bank.questions}
        unknown = [i for i in ids if i not in known]
        if unknown:
            raise ValueError(f"Bank '{bank.bank}' has no question {', '.join(map(repr, unknown))}. "
                             f"Its questions: {', '.join(known)}.")
        chosen = [known[i] for i in dict.fromkeys(ids)]
    if concept is not None:
        wanted = concept.strip().casefold()
        chosen = [q for q in chosen if q.concept.casefold() == wanted]
        if not chosen:
            concepts = sorted({q.concept for q in bank.questions})
            raise ValueError(f"Bank '{bank.bank}' has no question on concept '{concept}'"
                             f"{' among those ids' if ids is not None else ''}. "
                             f"Its concepts: {', '.join(concepts)}.")
    return chosen


def quiz(bank: str, *, ids: list[str] | None = None, concept: str | None = None,
         path: Path | str | None = None) -> Quiz:
    """Return a quiz of bank ``bank``: all its questions, or those with ``ids`` / ``concept``.

    ``path`` loads the bank from a file or folder instead of the package (see ``load``).
    """
    if ids is not None and (isinstance(ids, str) or not ids):
        raise ValueError("ids must be a non-empty list of question ids, e.g. ids=['plan-smart-m'].")
    sealed = load(bank, path=path)
    return Quiz(sealed, _select(sealed, ids, concept))
