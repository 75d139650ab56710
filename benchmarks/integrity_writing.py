"""Copied written evidence for measuring the shared-prose threshold (benchmarks/bench_integrity.py).

Honest learners' writing is the demo's own (course.tutor.simulated_writing: every written task of the
workbook, each learner in their own wordings, figures and habits), so the benchmark measures what the demo
hands in. Copiers take another learner's text and hand it in exactly, with its sentences reordered, or lightly
edited (a few words swapped, a sentence added). Everything is seeded from the learner id.
"""

from __future__ import annotations

import hashlib
import random

OWN_WORDS = ["To be honest it was a busy day.", "I think this went well overall.",
             "My manager agreed with this.", "It was the first time I had done this on my own.",
             "This links to what we covered in the course.", "I found this part the hardest."]
SYNONYMS = {"customer": "shopper", "colleague": "team member", "refund": "money back", "busy": "hectic",
            "manager": "supervisor", "problem": "issue", "explained": "told them", "recorded": "logged",
            "team": "staff", "store": "shop", "queue": "line", "recommend": "suggest"}


def _rng(*parts: str) -> random.Random:
    return random.Random(int.from_bytes(hashlib.sha256("|".join(parts).encode()).digest()[:8], "big"))


def reordered(text: str, seed: str) -> str:
    """Return the text with its sentences in another order."""
    sentences = [s.strip() + "." for s in text.split(".") if s.strip()]
    rng = _rng(seed, "reorder")
    shuffled = sentences[:]
    while len(sentences) > 1 and shuffled == sentences:
        rng.shuffle(shuffled)
    return " ".join(shuffled)


def lightly_edited(text: str, seed: str) -> str:
    """Return the text with a few words swapped for synonyms and one sentence of the copier's own added."""
    rng = _rng(seed, "edit")
    words = text.split()
    for i, word in enumerate(words):
        key = word.strip(".,").lower()
        if key in SYNONYMS and rng.random() < 0.6:
            words[i] = word.lower().replace(key, SYNONYMS[key])
    return " ".join(words) + " " + rng.choice(OWN_WORDS)
