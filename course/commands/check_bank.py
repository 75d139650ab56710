"""`course check-bank FILE`: validate one question bank file (source or sealed) and say what is in it."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path


def main(*, path: Path) -> int:
    """Validate one source or sealed bank file; print "OK: ..." and return 0, or the error and 1."""
    from course.quiz.errors import BankError
    from course.quiz.schema import QUESTION_TYPES, SealedBank, load_bank

    path = Path(path)
    try:
        bank = load_bank(path)
    except BankError as err:
        print(err, file=sys.stderr)
        return 1
    counts: Counter[str] = Counter(question.type for question in bank.questions)
    types = ", ".join(f"{kind} {counts[kind]}" for kind in QUESTION_TYPES if counts[kind])
    kind = "sealed" if isinstance(bank, SealedBank) else "source"
    noun = "question" if len(bank.questions) == 1 else "questions"
    print(f"OK: {path}: {len(bank.questions)} {noun} ({types}); {kind} bank '{bank.bank}'")
    return 0
