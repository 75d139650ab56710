"""The rules that keep portfolio evidence the learner's own: placeholder text, text the notebook supplied,
and a minimum number of the learner's own words.

Shared by the learner's side (course.portfolio refuses to save) and the tutor's side (course.tutor.evidence
counts each written answer's own words for the gradebook). Plain text only: no notebook library is imported.
"""

from __future__ import annotations

import re

# The line every written-evidence cell starts with, for the learner to replace (see docs/authoring.md).
EVIDENCE_PLACEHOLDER = "*Write your answer here, in place of this line.*"
DEFAULT_MIN_WORDS = 25
# Every placeholder the notebooks have used: an evidence cell's line, "(Write two or three sentences: ...)",
# "Write one or two sentences here about ...", and an exercise's blank.
PLACEHOLDERS = (
    re.compile(r"in place of this line", re.I),
    re.compile(r"\(\s*write\b[^)]*\)", re.I),
    re.compile(r"\bwrite (?:one|two|three|a few|a|your)\b[^.\n]*\bhere\b", re.I),
    re.compile(r"___"),
)
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


class EvidenceRefused(ValueError):
    """Raised when text cannot go into the portfolio as the learner's own; the message says what to do."""


def words(text: str) -> list[str]:
    """Return the words of `text`, lower case (numbers count as words; punctuation and Markdown do not)."""
    return [w.lower().replace("’", "'") for w in _WORD.findall(text or "")]


def own_words(text: str, supplied: str = "") -> int:
    """Return how many words of `text` are the learner's own: words that are not in the supplied text."""
    given = set(words(supplied))
    return sum(1 for word in words(text) if word not in given)


def placeholder_in(text: str) -> str | None:
    """Return the placeholder still in `text` (as found), or None."""
    for pattern in PLACEHOLDERS:
        found = pattern.search(text or "")
        if found:
            return found.group(0)
    return None


def _same(a: str, b: str) -> bool:
    return " ".join(words(a)) == " ".join(words(b))


KEEP = "Nothing has been saved, and nothing already in your portfolio has changed."


def not_written_yet() -> EvidenceRefused:
    """The refusal when the saved notebook has no answer of the learner's (unchanged, or not saved yet).

    One message for both: the kernel cannot tell an unsaved answer from none, and the same notebook run in a copy
    that is on disk and in one that is not must print the same thing.
    """
    return EvidenceRefused("Not saved yet: the saved copy of this notebook does not have your own words in its "
                           "written task yet. Write your answer in place of the line in italics, save the notebook "
                           f"(Ctrl+S) and run this cell again. {KEEP}")


def check(text: str, *, supplied: str = "", prompt: str = "", min_words: int = DEFAULT_MIN_WORDS,
          what: str = "this task") -> None:
    """Raise EvidenceRefused, with a warm message saying what to do, unless `text` is the learner's own.

    `supplied` is the text the notebook put where the answer goes; `prompt` is the question around it. Only words
    in neither count towards `min_words`.
    """
    if not words(text) or (supplied and _same(text, supplied)):
        raise not_written_yet()
    if prompt and _same(text, prompt):
        raise EvidenceRefused(f"Not saved yet: for {what} this is the notebook's question, copied, not your own "
                              f"words. Write your answer in its place and run this cell again. {KEEP}")
    left = placeholder_in(text)
    if left:
        raise EvidenceRefused(f"Not saved yet: your answer for {what} still has the notebook's placeholder in it "
                              f"(“{left.strip('*_ ')}”). Delete it, keep your own words, save the notebook (Ctrl+S) "
                              f"and run this cell again. {KEEP}")
    count = own_words(text, f"{supplied}\n{prompt}")
    if count < min_words:
        raise EvidenceRefused(f"Not saved yet: your answer for {what} has {count} words of your own (words that are "
                              f"not in the question), and it needs at least {min_words}. Say a little more, in your "
                              f"own words and about your own store, then run this cell again. {KEEP}")
