"""`course seal-banks`: seal the question-bank sources into the package (course/quiz/banks/)."""

from __future__ import annotations

import sys
from pathlib import Path


def main(*, src: Path = Path("solutions/quiz"), out: Path = Path("course/quiz/banks")) -> int:
    """Seal every source bank in `src` into `out`; print each bank and return 0, or 1."""
    from course.quiz.errors import BankError
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
