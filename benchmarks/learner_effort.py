"""How much a learner who has never coded must type: required and stretch exercises, skeletons, the
characters typed per exercise (its solution minus its skeleton) and the pandas a solution still needs.

    python benchmarks/learner_effort.py

It prints; nothing is asserted (tests/test_skeletons.py asserts the rules). The characters typed for an
exercise are the text that fills its skeleton's blanks, summed over its lines; an exercise without a
skeleton counts its whole solution's code (comments left out).
"""

from __future__ import annotations

import re
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from course import exercises  # noqa: E402
from course.exercises import scaffold  # noqa: E402
from tests.test_skeletons import SOLUTIONS, pandas_uses  # noqa: E402


def code_lines(text: str) -> list[str]:
    """The lines of `text` that hold code, without their comments."""
    return [line.split("  #")[0].rstrip() for line in text.splitlines() if line.split("#")[0].strip()]


def typed(exercise_id: str) -> int:
    """Characters a learner types: the blank fillings of the skeleton, or the whole solution without one."""
    solution = code_lines((SOLUTIONS / f"{exercise_id}.py").read_text(encoding="utf-8"))
    steps = scaffold.skeleton(exercise_id)
    if steps is None:
        return sum(len(line.strip()) for line in solution)
    total = 0
    for step, line in zip(code_lines(steps), solution, strict=True):
        parts = [re.escape(part) for part in step.split(scaffold.BLANK)]
        match = re.fullmatch(r"\s*" + "(.+?)".join(parts).strip() + r"\s*", line)
        total += sum(len(group) for group in match.groups()) if match else len(line.strip())
    return total


def main() -> None:
    """Print the figures."""
    everything = exercises.ids()
    stretch = [i for i in everything if exercises.get(i).stretch]
    required = [i for i in everything if i not in stretch]
    with_skeleton = set(scaffold.with_skeletons())
    counts = {i: typed(i) for i in required}
    uses = {i: len(pandas_uses((SOLUTIONS / f"{i}.py").read_text(encoding="utf-8"))) for i in required}
    print(f"exercises: {len(everything)} ({len(required)} required, {len(stretch)} stretch: "
          f"{100 * len(stretch) / len(everything):.1f}%){': ' + ', '.join(stretch) if stretch else ''}")
    print(f"required exercises with a skeleton: {len(with_skeleton & set(required))} of {len(required)}"
          f"; without: {', '.join(sorted(set(required) - with_skeleton)) or 'none'}")
    print(f"characters typed per required exercise: median {statistics.median(counts.values()):.1f}, "
          f"mean {statistics.mean(counts.values()):.1f}, max {max(counts.values())} ({max(counts, key=counts.get)})")
    print(f"pandas uses a learner must write in required solutions: {sum(uses.values())} "
          f"in {sum(1 for n in uses.values() if n)} solutions")


if __name__ == "__main__":
    main()
