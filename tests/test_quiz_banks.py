"""The real question banks: sources valid, sealed banks up to date, every question answerable."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from course import exercises, session
from course.quiz import banks, load, load_bank, quiz
from course.quiz.canonical import reveal
from course.quiz.schema import SealedBank
from course.quiz.seal import checked_when_sealed, stale_banks

REPO = Path(__file__).resolve().parents[1]
SOURCES = REPO / "solutions" / "quiz"
SEALED = REPO / "course" / "quiz" / "banks"
SOURCE_FILES = sorted(SOURCES.glob("*.yaml"))


@pytest.mark.parametrize("path", SOURCE_FILES, ids=[p.stem for p in SOURCE_FILES])
def test_source_bank_is_valid(path: Path) -> None:
    assert load_bank(path).questions


def test_sealed_banks_are_up_to_date_with_their_sources() -> None:
    if not SOURCE_FILES:
        pytest.skip("no sources in solutions/quiz")
    assert stale_banks(SOURCES, SEALED) == []


@pytest.mark.parametrize("name", sorted(p.stem for p in SEALED.glob("*.yaml")))
def test_shipped_bank_is_valid_in_full_and_marked_as_checked(name: str) -> None:
    """A quiz cell checks a shipped bank's structure, and its meaning (syllabus codes, one option or order per
    answer hash...) only when its bytes are not those sealed: so the full check of every shipped bank is here,
    against today's syllabus and rules, with the strict loader; and every bank must carry a matching `# Checked`
    line, or quiz cells would check it in full each time (slower, still right)."""
    path = SEALED / f"{name}.yaml"
    assert isinstance(load_bank(path), SealedBank)
    assert checked_when_sealed(path.read_text(encoding="utf-8"))


def test_shipped_banks_load_and_render_without_answers() -> None:
    assert banks() == sorted(p.stem for p in SOURCE_FILES)
    for name in banks():
        sealed, shown = load(name), quiz(name)
        rendering = shown.to_text() + shown.to_html()
        assert rendering.startswith(f"Quiz: {name} — {len(sealed.questions)} questions.")
        for question in sealed.questions:
            explanation = reveal(sealed.salt, question.id, "explanation",
                                 question.explanation_sealed)
            assert explanation not in rendering


def test_every_expected_from_has_a_numeric_reference_value() -> None:
    wanted = sorted({q.expected_from for name in banks() for q in load(name).questions
                     if getattr(q, "expected_from", None)})
    if not wanted:
        pytest.skip("no question uses expected_from")
    learner = session.start("quiz-bank-test")
    try:
        for exercise_id in wanted:
            assert math.isfinite(exercises.reference_value(exercise_id, learner.data)), exercise_id
    finally:
        session.end()
