"""Reading level of learner-facing prose: Flesch Reading Ease and the Flesch-Kincaid grade, computed here.

Formulas: R. Flesch, "A new readability yardstick", Journal of Applied Psychology 32 (1948) 221-233
(reading ease = 206.835 - 1.015 x words per sentence - 84.6 x syllables per word; 60-70 is "plain English");
J. P. Kincaid et al., "Derivation of new readability formulas ... for Navy enlisted personnel", Research
Branch Report 8-75 (1975) (grade = 0.39 x words per sentence + 11.8 x syllables per word - 15.59; a US school
grade: add 1 for the UK school year, add 5 for a reading age).
Syllables are counted by rule (vowel groups, less a silent final "e", at least one per word), as most
readability tools do without a pronouncing dictionary. textstat needs NLTK's cmudict, which it downloads on
first use, so the kit does not use it: the course's tools never reach the internet.
`prose(markdown)` strips what is not prose first: code, tables, headings' marks, links' addresses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)|\n\s*\n|\n\s*[-*\d]+[.)]?\s")


@dataclass(frozen=True)
class Reading:
    """Words, sentences and syllables of a text, and its two reading-level figures."""

    words: int
    sentences: int
    syllables: int

    @property
    def ease(self) -> float:
        """Flesch Reading Ease: higher is easier; 60 to 70 is plain English, 50 to 60 fairly difficult."""
        return 206.835 - 1.015 * self.words / self.sentences - 84.6 * self.syllables / self.words

    @property
    def grade(self) -> float:
        """Flesch-Kincaid grade: the US school grade that can read it (UK school year: one more)."""
        return 0.39 * self.words / self.sentences + 11.8 * self.syllables / self.words - 15.59


def syllables(word: str) -> int:
    """Count the syllables of one word by rule: groups of vowels (y counts), less a silent final e."""
    word = word.lower().strip("'’-")
    groups = re.findall(r"[aeiouy]+", word)
    count = len(groups)
    if word.endswith("e") and not word.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1
    if word.endswith(("ed", "es")) and count > 1 and not re.search(r"(t|d)ed$|(s|x|z|ch|sh|c|g)es$", word):
        count -= 1
    return max(count, 1)


def prose(markdown: str) -> str:
    """Return the prose of a markdown text: no code, tables, images, link addresses or formatting marks."""
    text = re.sub(r"```.*?```", " ", markdown, flags=re.S)
    text = re.sub(r"`[^`]*`", "code", text)
    text = re.sub(r"^\s*\|.*\|\s*$", "\n", text, flags=re.M)
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)|\]\([^)]*\)", " ", text)
    return re.sub(r"[#>*_\[\]]", " ", text)


def reading(text: str) -> Reading:
    """Return the reading figures of plain text (at least one sentence and one word, so never a division by 0)."""
    words = _WORD.findall(text)
    sentences = [s for s in _SENTENCE_END.split(text) if _WORD.search(s)]
    return Reading(max(len(words), 1), max(len(sentences), 1), sum(syllables(w) for w in words) or 1)
