"""course.readability: Flesch Reading Ease and Flesch-Kincaid grade, and the reading level of learner prose."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from course.readability import prose, reading, syllables

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(("word", "count"), [("the", 1), ("cat", 1), ("table", 2), ("complaint", 2),
                                             ("customer", 3), ("recorded", 3), ("happened", 2), ("people", 2),
                                             ("evidence", 3), ("average", 3), ("store", 1), ("a", 1)])
def test_syllables_by_rule(word: str, count: int) -> None:
    assert syllables(word) == count


def test_the_formulas_on_a_hand_counted_text() -> None:
    r = reading("The cat sat on the mat. It was happy.")  # 9 words, 2 sentences, 10 syllables
    assert (r.words, r.sentences, r.syllables) == (9, 2, 10)
    assert r.ease == pytest.approx(206.835 - 1.015 * 9 / 2 - 84.6 * 10 / 9)
    assert r.grade == pytest.approx(0.39 * 9 / 2 + 11.8 * 10 / 9 - 15.59)


def test_long_words_in_long_sentences_read_harder() -> None:
    plain = reading("Your store sold more on Saturday. Fewer people came on Monday.")
    dense = reading("Comprehensive operational categorisation necessitates considerable organisational "
                    "understanding and interdisciplinary collaboration throughout implementation.")
    assert plain.ease > 60 > dense.ease and plain.grade < dense.grade


def test_prose_drops_code_tables_and_link_addresses() -> None:
    text = prose("Read [the guide](https://example.org/x).\n\n| a | b |\n|---|---|\n\n```python\nx = 1\n```\nDone.")
    assert "example" not in text and "x = 1" not in text and "|" not in text and "Done." in text


def test_the_learner_guide_and_the_report_read_as_plain_english() -> None:
    """Plain English for learners who have never coded: reading ease 60 or more (Flesch's "standard")."""
    guide = (ROOT / "course" / "learner_guide.md").read_text(encoding="utf-8")
    template = nbformat.read(ROOT / "notebooks" / "templates" / "learner-report.ipynb", as_version=4)
    report = "\n\n".join(c.source for c in template.cells if c.cell_type == "markdown")
    for name, text in (("learner guide", guide), ("report", report)):
        figures = reading(prose(text))
        print(f"{name}: {figures.words} words, reading ease {figures.ease:.1f}, grade {figures.grade:.1f}")
        assert figures.ease >= 60, f"the {name} reads at {figures.ease:.1f} (under 60: not plain English)"
