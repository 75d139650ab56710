"""Keyword-only mains behind the CLI verbs ``course check-bank FILE`` and ``course seal-banks``.

Each prints what it did (or the BankError, one problem per line) and returns an exit code.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from course.quiz.errors import BankError
from course.quiz.schema import QUESTION_TYPES, SealedBank, load_bank


def check_bank_main(*, path: Path) -> int:
    """Validate one source or sealed bank file; print "OK: ..." and return 0, or the error and 1."""
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


def seal_banks_main(*, src: Path, out: Path) -> int:
    """Seal every source bank in ``src`` into ``out``; print each bank and return 0, or 1."""
    from course.quiz.seal import seal_all, stale_banks

    try:
        results = seal_all(src, out)
    except BankError as err:
        print(err, file=sys.stderr)
        print("Nothing was sealed: fix the problems above and run again.", file=sys.stderr)
        return 1
    for result in results:
        state = "written" if result.changed else "unchanged"
        print(f"Sealed {result.bank}: {result.questions} questions -> {result.path} ({state})")
    for reason in stale_banks(src, out):
        print(f"Warning: {reason}", file=sys.stderr)
    return 0
