"""Written evidence for the demo's simulated learners: varied answers to each `evidence:` cell, in their own words.

A learner's answer is good, partial or weak with chances set by their skill: a good answer makes four or five of
the task's points (course.tutor.writing_bank) and enough words of its own for the portfolio, a partial one two or
three, a weak one a vague line too short to compare, or nothing. Each point is one of three wordings, and each
learner has their own figures (a busiest day, a target), habitual words (shop or store, as or because) and their
own few openers, endings and asides, all seeded by the learner id (and the task), so the same learner writes the
same words on any machine and honest learners do not write alike: on 19,524 honest pairs the highest shared-prose
score was 84.7, under the flag's 88 (benchmarks/README.md). None of it is the notebook's placeholder or prompt.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from course import written
from course.evidence_rules import EVIDENCE_PLACEHOLDER, own_words
from course.tutor.writing_bank import ASIDES, DEPARTMENTS, ENDINGS, GENERAL, HABITS, OPENERS, POINTS, SHIFTS, VAGUE

SKILLED, PARTIAL = (4, 5), (2, 3)  # how many of a task's points a good and a partial answer make


def _rng(learner_id: str, task: str) -> random.Random:
    return random.Random(int.from_bytes(hashlib.sha256(f"{learner_id}|written|{task}".encode()).digest()[:8], "big"))


def figures(learner_id: str) -> dict[str, object]:
    """Return the figures a learner settles on in their writing (a busiest day, a target, a review period, ...)."""
    rng = _rng(learner_id, "figures")
    return {"day": rng.choice(["Saturday", "Friday", "Sunday", "Thursday"]), "weeks": rng.randint(2, 8),
            "minutes": rng.randint(3, 6), "pct": rng.choice([5, 10, 15, 20, 25]), "hours": rng.choice([24, 48, 72]),
            "n": rng.randint(2, 4), "years": rng.randint(1, 12), "shift": rng.choice(SHIFTS),
            "dept": rng.choice(DEPARTMENTS)}


def habits(learner_id: str) -> list[tuple[str, str]]:
    """Return (usual word, this learner's word) for each of writing_bank.HABITS: the words they always use."""
    rng = _rng(learner_id, "habits")
    return [(group[0], rng.choice(group)) for group in HABITS]


def in_own_words(text: str, learner_id: str) -> str:
    """Return `text` with the learner's habitual words (shop for store, as for because, ...)."""
    for usual, mine in habits(learner_id):
        if usual != mine:
            text = re.sub(rf"\b({usual[0]}|{usual[0].upper()}){re.escape(usual[1:])}(s?)\b", _swap(mine), text)
    return text


def _swap(word: str) -> Callable[[re.Match[str]], str]:
    def swapped(found: re.Match[str]) -> str:  # keeps a capital first letter and a plural s
        return (word[0].upper() if found.group(1).isupper() else word[0]) + word[1:] + found.group(2)
    return swapped


@dataclass(frozen=True)
class Style:
    """How one learner writes: their figures, and the few openers, endings and asides they tend to use."""
    facts: dict[str, object]
    openers: list[str]
    endings: list[str]
    asides: list[str]


def style(learner_id: str) -> Style:
    """Return the learner's way of writing, the same in every task (seeded by the learner id)."""
    rng, facts = _rng(learner_id, "style"), figures(learner_id)
    return Style(facts, rng.sample(OPENERS, k=3), [e.format(**facts) for e in rng.sample(ENDINGS, k=4)],
                 [a.format(**facts) for a in rng.sample(ASIDES, k=4)])


def _sentence(rng: random.Random, wordings: tuple[str, ...], mine: Style) -> str:
    text = rng.choice(wordings).format(**mine.facts)
    if rng.random() < 0.6:
        text += rng.choice(mine.endings)
    text = f"{rng.choice(mine.openers)} {text}" if rng.random() < 0.4 else text[0].upper() + text[1:]
    return text.rstrip(".") + "."


def answer(learner_id: str, task: str, skill: float, *, prompt: str = "", min_words: int = 0) -> str | None:
    """Return the learner's answer for evidence cell `task`, or None when they leave it as it was handed out.

    Good (chance `skill`): four or five of the task's points, each in one of its wordings, in the learner's own
    order, with one or two asides of their own, and more of both while it has fewer than `min_words` words not
    in `prompt` (the portfolio's own-words rule). Partial: two or three points and an aside. Weak: a vague
    line or two, too short to say anything, or nothing.
    """
    rng = _rng(learner_id, task)
    if task.endswith("declaration"):
        return declaration(learner_id, rng) if rng.random() < 0.5 + skill / 2 else None
    points, mine = rng.sample(POINTS.get(task, GENERAL), k=len(POINTS.get(task, GENERAL))), style(learner_id)
    asides = rng.sample(mine.asides, k=len(mine.asides))
    roll = rng.random()
    if roll < skill:
        made, noted, enough = rng.choice(SKILLED), rng.choice([1, 1, 2]), min_words
    elif roll < skill + (1 - skill) * 0.6:
        made, noted, enough = rng.choice(PARTIAL), 1, 0
    else:
        return " ".join(rng.sample(VAGUE, k=rng.choice([1, 1, 2]))) if rng.random() < 0.7 else None
    sentences = [_sentence(rng, wordings, mine) for wordings in points[:made]]
    for aside in asides[:noted]:
        sentences.insert(rng.randrange(len(sentences) + 1), aside)
    spare = [_sentence(rng, wordings, mine) for wordings in points[made:]] + asides[noted:]
    given = f"{EVIDENCE_PLACEHOLDER}\n{prompt}"
    while spare and own_words(in_own_words(" ".join(sentences), learner_id), given) < enough:
        sentences.append(spare.pop(0))
    return in_own_words(" ".join(sentences), learner_id)


def declaration(learner_id: str, rng: random.Random) -> str:
    """A signed declaration in the learner's own words, with a date."""
    opening = rng.choice(["I confirm that", "I declare that", "This is to say that"])
    middle = rng.choice(["everything in my workbook and portfolio is my own work",
                         "the answers and portfolio I hand in are written by me",
                         "I did this work myself and wrote it in my own words"])
    help_line = rng.choice(["Where my tutor helped me, I have said so.", "I will say wherever I had help.",
                            "Any help I had is named next to it."])
    return f"{opening} {middle}. {help_line} Signed {learner_id}, {rng.randint(1, 28)} September 2026."


def fill(nb: Any, learner_id: str, skill: float) -> int:
    """Write the learner's answers into the notebook's evidence cells (an nbformat notebook); return how many."""
    tasks = {cell.task: cell for cell in written.cells(nb)}
    count = 0
    for cell in nb.cells:
        if cell.cell_type == "markdown" and cell.get("id", "") in tasks:
            task = tasks[cell.get("id", "")]
            text = answer(learner_id, task.task, skill, prompt=task.prompt, min_words=task.min_words)
            if text is not None:
                cell.source = text
                count += 1
    return count
