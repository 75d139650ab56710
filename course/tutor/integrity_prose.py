"""Shared prose: written evidence that is identical or near-identical between two learners.

The similarity is rapidfuzz's `fuzz.token_sort_ratio` (0-100) on lower-cased words without punctuation
(`utils.default_process`). rapidfuzz is maintained, fast (C++) and MIT-licensed, and a token-sorted ratio
compares the words used whatever their order, so a copy with its sentences reordered scores 100 and one
with a few words changed stays high. Only the same task of the same notebook is compared, learner with
learner (n(n-1)/2 pairs per task), after removing the text the notebook supplied (the `supplied` column:
headings, a prompt or a template the learner writes into) and leaving out answers of fewer than MIN_WORDS
words of the learner's own and authenticity declarations (identical by design).

THRESHOLD was measured by benchmarks/bench_integrity.py on the demo's simulated writing (course.tutor.
simulated_writing: 60 honest learners x every written task, 19,524 pairs): no honest pair reached 88 (the
highest was 84.7); every exact or reordered copy scored 100, and 99% of copies both reordered and lightly
edited (benchmarks/integrity_writing.py: synonyms, one sentence added) reached 88. At STRONG_SIMILARITY or more the
two texts are near-identical (strong); from THRESHOLD to there, weak ("worth a look").
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from itertools import combinations

from rapidfuzz import fuzz, utils

from course.tutor.evidence import Written
from course.tutor.integrity import Flag
from course.written import DECLARATION

THRESHOLD = 88.0          # token_sort_ratio from which two learners' texts are flagged
STRONG_SIMILARITY = 95.0  # ... and from which the flag is strong
MIN_WORDS = 20            # shorter answers (after removing supplied text) are too short to tell anything
PASSAGE_CHARS = 400       # how much of each text a flag quotes


def own_words(text: str, supplied: str) -> str:
    """Return the text without what the notebook supplied: each supplied line or sentence found in it is removed."""
    pieces = sorted({p.strip() for p in re.split(r"[\n]|(?<=[.?!:])\s+", supplied or "") if p.strip()},
                    key=len, reverse=True)
    own = " ".join((text or "").split())
    for piece in pieces:
        pattern = r"\s+".join(re.escape(word) for word in piece.split())
        own = re.sub(pattern, " ", own, flags=re.IGNORECASE)
    return " ".join(own.split())


def similarity(a: str, b: str) -> float:
    """Return how alike two texts are, 0-100, whatever the order of their words."""
    return float(fuzz.token_sort_ratio(a, b, processor=utils.default_process))


def shared_prose(rows: Iterable[Written]) -> list[Flag]:
    """Return a shared_prose flag for each learner of each pair whose own words on the same task are alike."""
    tasks: dict[tuple[str, str, str], list[tuple[str, str]]] = defaultdict(list)
    for row in rows:
        own = own_words(row.text, row.supplied)
        if row.marking_point != DECLARATION and len(own.split()) >= MIN_WORDS:
            tasks[(row.marking_point, row.notebook, row.task)].append((row.learner_id, own))
    flags: list[Flag] = []
    for (marking_point, notebook, task), texts in sorted(tasks.items()):
        for (a, text_a), (b, text_b) in combinations(sorted(texts), 2):
            score = similarity(text_a, text_b)
            if score >= THRESHOLD:
                flags += _pair(a, b, text_a, text_b, score, f"{notebook} task {task} ({marking_point})")
    return flags


def _pair(a: str, b: str, text_a: str, text_b: str, score: float, where: str) -> Sequence[Flag]:
    strength = "strong" if score >= STRONG_SIMILARITY else "weak"
    return [Flag(learner, "shared_prose", strength, other, where,
                 f"written evidence {score:.0f}% alike (token-sort ratio, supplied text removed). "
                 f"{learner}: \u201c{_passage(mine)}\u201d {other}: \u201c{_passage(theirs)}\u201d", round(score, 1))
            for learner, other, mine, theirs in ((a, b, text_a, text_b), (b, a, text_b, text_a))]


def _passage(text: str) -> str:
    return text if len(text) <= PASSAGE_CHARS else text[:PASSAGE_CHARS - 1] + "\u2026"
