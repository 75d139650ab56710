"""Benchmark: the integrity checks' false positives and detections on simulated cohorts, without kernels.

For each cohort (the 6 demo learners, and 30 simulated learners over the four sectors with skills from 0.3 to
0.9) every learner's store is simulated once, reduced to its right and known-wrong answers
(integrity_answers.store_fit) and dropped, so memory holds one store at a time. Each learner's numeric answers
are those their simulated notebooks would hand `course.check` (simulated_cheats.simulated_answers: the same
choices as the demo's simulated learners, a solution's answer being the expected value the notebook harness
checks it computes). Executing 30 x 16 notebooks would only re-compute those same numbers.

Honest cohorts are measured twice: as the demo simulates them (a wrong answer is always a known mistake), and
with "slips" (a wrong answer that is no known mistake: the right answer off by 5-40%, rounded), which is where
a coincidence with another store can happen. Then planted cases: a copier of all numeric answers, and copiers of
only 3 and 1. Finally the shared-prose threshold on the demo's simulated writing (course.tutor.simulated_writing) and on
copies of it (benchmarks/integrity_writing.py).
Prints figures; asserts nothing. `python benchmarks/bench_integrity.py`.
"""

from __future__ import annotations

import itertools
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from course.store import simulate  # noqa: E402
from course.store.schema import SECTORS  # noqa: E402
from course.tutor import integrity_answers as ia  # noqa: E402
from course.tutor.integrity_answers import StoreFit  # noqa: E402
from course.tutor.simulated_cheats import simulated_answers, slip  # noqa: E402
from course.tutor.simulated_learner import Persona, _rng  # noqa: E402

SOLUTIONS = ROOT / "solutions" / "exercises"
WORKBOOK = ROOT / "notebooks"
DEMO = [("amara-o", "apparel", 0.9), ("ben-t", "grocery", 0.45), ("chen-l", "electronics", 0.75),
        ("dylan-m", "homeware", 0.6), ("eve-r", "grocery", 0.85), ("farah-k", "apparel", 0.3)]


def cohort_30() -> list[tuple[str, str, float]]:
    sectors = sorted(SECTORS)
    return [(f"learner-{i:02d}", sectors[i % len(sectors)], round(0.3 + 0.6 * i / 29, 2)) for i in range(30)]


def simulate_cohort(cohort: list[tuple[str, str, float]]) -> tuple[dict[str, StoreFit], dict[str, dict[str, float]],
                                                                    dict[str, dict[str, float]]]:
    """Return fits, honest answers and honest answers with slips; one store in memory at a time."""
    fits, honest, slipped = {}, {}, {}
    for learner_id, sector, skill in cohort:
        data = simulate(learner_id, sector=sector)
        fits[learner_id] = fit = ia.store_fit(data)
        honest[learner_id] = simulated_answers(Persona(learner_id, skill), data, WORKBOOK, SOLUTIONS)
        del data
        rng = _rng(learner_id, "slips")
        slipped[learner_id] = {e: slip(fit.expected[e], rng) if not ia.close(v, fit.expected[e], 1e-6)
                               and rng.random() < 0.5 else v for e, v in honest[learner_id].items()}
    return fits, honest, slipped


def flag_counts(answers: dict[str, dict[str, float]], fits: dict[str, StoreFit]) -> tuple[int, int, int, int]:
    """Return (learners flagged, strong flags, weak flags, wrong_identity flags)."""
    flags = ia.foreign_answers(answers, fits)
    swaps = ia.store_swaps(answers, fits)
    strong = sum(f.strength == "strong" for f in flags)
    return len({f.learner_id for f in flags + swaps}), strong, len(flags) - strong, len(swaps)


def measure(name: str, cohort: list[tuple[str, str, float]]) -> None:
    started = time.perf_counter()
    fits, honest, slipped = simulate_cohort(cohort)
    seconds = time.perf_counter() - started
    answered = sum(len(a) for a in honest.values())
    wrong = sum(not ia.close(v, fits[lr].expected[e], 1e-6) for lr, a in honest.items() for e, v in a.items())
    print(f"\n{name}: {len(cohort)} learners, {answered} numeric answers ({wrong} wrong); stores in {seconds:.1f} s")
    for label, answers in (("honest, as the demo simulates", honest), ("honest, with slips", slipped)):
        learners, strong, weak, swaps = flag_counts(answers, fits)
        print(f"  {label:32s} learners flagged {learners}/{len(cohort)}; strong {strong}, weak {weak}, "
              f"wrong-identity {swaps}")
    source, copier = cohort[0][0], cohort[-1][0]
    for share in (None, 3, 1):
        planted = {e: fits[source].expected[e] for e in sorted(slipped[copier])}
        planted = dict(itertools.islice(planted.items(), share)) if share else planted
        answers = {**slipped, copier: {**slipped[copier], **planted}}
        flags = [f for f in ia.foreign_answers(answers, fits) if f.learner_id == copier and f.other_learner == source]
        kinds = sorted({f.strength for f in flags})
        print(f"  {copier} copies {share or 'all'} of {source}'s answers: {len(flags)} flags naming {source}, "
              f"strength {', '.join(kinds) or 'none'}")


PROSE_LEARNERS = 60


def honest_prose(learners: int) -> dict[str, dict[str, str]]:
    """Return {task: {learner: own words}} of simulated learners (skill 0.3-0.9) on every written task, the
    notebook's supplied text removed and answers too short to compare left out, as `course run` compares them."""
    from course import written
    from course.tutor import integrity_prose, simulated_writing

    found: dict[str, dict[str, str]] = {}
    for path in sorted(p for p in WORKBOOK.rglob("*.ipynb") if "templates" not in p.relative_to(WORKBOOK).parts):
        for cell in written.cells(written.read_notebook(path) or {}):
            if cell.task.endswith("declaration"):
                continue
            texts = found.setdefault(cell.task, {})
            for i in range(learners):
                text = simulated_writing.answer(f"learner-{i:02d}", cell.task, (0.3, 0.45, 0.6, 0.75, 0.9)[i % 5],
                                                prompt=cell.prompt, min_words=cell.min_words)
                own = integrity_prose.own_words(text or "", f"{cell.prompt}\n\n{cell.text}")
                if len(own.split()) >= integrity_prose.MIN_WORDS:
                    texts[f"learner-{i:02d}"] = own
    return found


def prose() -> None:
    from benchmarks.integrity_writing import lightly_edited, reordered
    from course.tutor.integrity_prose import STRONG_SIMILARITY, THRESHOLD, similarity

    honest, copies = [], []
    for texts in honest_prose(PROSE_LEARNERS).values():
        honest += [similarity(texts[a], texts[b]) for a, b in itertools.combinations(sorted(texts), 2)]
        first = sorted(texts)[:20]
        copies += [similarity(texts[a], lightly_edited(reordered(texts[a], b), b))
                   for a, b in itertools.permutations(first, 2)]
    print(f"\nshared prose (token_sort_ratio, {PROSE_LEARNERS} simulated learners x every written task): honest "
          f"pairs {len(honest)}, highest {max(honest):.1f}, at or above {THRESHOLD:g} (weak) "
          f"{sum(s >= THRESHOLD for s in honest)}, at or above {STRONG_SIMILARITY:g} (strong) "
          f"{sum(s >= STRONG_SIMILARITY for s in honest)}, at or above 80 {sum(s >= 80 for s in honest)}; "
          f"reordered and lightly edited copies caught {sum(s >= THRESHOLD for s in copies)} of {len(copies)}")


if __name__ == "__main__":
    measure("demo cohort", DEMO)
    measure("30-learner cohort", cohort_30())
    prose()
