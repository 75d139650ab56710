"""The demo's marking, IQA and release, after `course run`: every step through the real tutor code.

1. A simulated tutor ("Demo Tutor", course.tutor.simulated_tutor) fills in the marking sheet that
   mark_sheet exports, and the sheet is imported back as first marks.
2. iqa draws a seeded sample; a second marker ("Demo IQA") marks it on an exported sheet, imported as role
   'second'. The IQA agrees with the tutor except on the first two pairs of the sample (planted
   disagreements); the IQA resolves the first of them (a 'resolution' mark) and leaves the second open.
3. The reports and the class summary are written again, so they show the tutor marks and the agreement rate.
4. `course release --partial` hands the feedback back into OUT/released/ (one dated folder per learner per
   release); a learner whose marking is unfinished (the open disagreement) gets it with the points still to mark.

Running it again changes no marks (an imported row equal to the current mark is not recorded again, and the
same seed draws the same sample) and adds a new dated release beside the earlier one, never over it.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from course.tutor import gradebook, iqa, mark_sheet, marks
from course.tutor import simulated_tutor as tutor

TUTOR, IQA = "Demo Tutor", "Demo IQA"
SAMPLE, SEED = 8, 16
PLANTED = 2  # disagreements the IQA makes on purpose; the first is resolved, the second left open
SHIFT = {"met": "partly", "partly": "not yet", "not yet": "partly"}


@dataclass(frozen=True)
class Outcome:
    """What the demo's marking did, for its printed summary."""
    first_marks: int
    learners_marked: int
    second_marks: int
    agreement: iqa.Agreement
    released: list[Path]
    partial: dict[str, list[str]]  # learner: marking points still to mark when released


def mark_and_release(run: Path, out: Path) -> Outcome:
    """Run steps 1 to 4 on the run folder `run`, with sheets in out/marking/ and releases in out/released/."""
    from course.tutor import decisions, report

    sheets = out / "marking"
    sheets.mkdir(parents=True, exist_ok=True)
    with closing(gradebook.connect(run / "gradebook.sqlite")) as conn:
        found = tutor.evidence(conn)
        first = first_marking(conn, sheets / "first-marks.csv", found)
        second = second_marking(conn, sheets / "iqa-marks.csv", found)
        resolve_first(conn, sheets / "resolution.csv", found)
        learners_marked = len({learner for learner, _ in marks.current(conn, "first")})
        agreement = iqa.agreement(conn)
        tutor_data, roster = decisions.load(conn), list(marks.learners(conn))
    report.write_reports(run=run, pseudonymise=False)  # after the gradebook is closed: release checks the dates
    partial = {lr: pts for lr in roster if (pts := decisions.still_to_mark(lr, tutor_data))}
    released = release(run, out / "released")
    return Outcome(first, learners_marked, second, agreement, released, partial)


def first_marking(conn: sqlite3.Connection, sheet: Path, found: dict[marks.Pair, tutor.Evidence]) -> int:
    """Export the first-marking sheet, have the simulated tutor fill it in, import it; return marks recorded."""
    mark_sheet.export_sheet(conn, sheet, role="first", marker=TUTOR)
    tutor.fill_sheet(sheet, found, lambda _learner, point, ev: tutor.judge(point, ev))
    return mark_sheet.import_sheet(conn, sheet, marker=TUTOR, role="first")


def second_marking(conn: sqlite3.Connection, sheet: Path, found: dict[marks.Pair, tutor.Evidence]) -> int:
    """Draw the seeded IQA sample; the IQA marks it on a sheet, disagreeing on the first PLANTED pairs."""
    if not marks.current(conn, "first"):  # no written evidence in the run: nothing to sample
        return 0
    planted = set(planted_pairs(iqa.draw_sample(conn, SAMPLE, seed=SEED)))

    def second(learner: str, point: str, ev: tutor.Evidence) -> tuple[str, str]:
        decision, text = tutor.judge(point, ev)
        if (learner, point) not in planted:
            return decision, f"Agree with the first marker. {text}"
        return SHIFT[decision], f"I read this differently: {tutor.comment(point, SHIFT[decision])}"

    mark_sheet.export_sheet(conn, sheet, role="second", marker=IQA)
    tutor.fill_sheet(sheet, found, second)
    return mark_sheet.import_sheet(conn, sheet, marker=IQA, role="second")


def planted_pairs(sample: list[iqa.Sampled]) -> list[marks.Pair]:
    """Return the sample's pairs where the IQA disagrees on purpose: its first PLANTED, in drawn order."""
    return [(s.learner_id, s.marking_point) for s in sample[:PLANTED]]


def resolve_first(conn: sqlite3.Connection, sheet: Path, found: dict[marks.Pair, tutor.Evidence]) -> int:
    """Resolve the first planted disagreement on a resolution sheet (the IQA upholds the tutor's decision)."""
    firsts, sample = marks.current(conn, "first"), iqa.sample(conn)
    chosen = {sample[0]} if sample else set()

    def settle(learner: str, point: str, ev: tutor.Evidence) -> tuple[str, str]:
        mark = firsts[(learner, point)]
        return mark.decision, f"Discussed with {TUTOR}: the first decision stands. {mark.comment}"

    mark_sheet.export_sheet(conn, sheet, role="resolution", marker=IQA)
    tutor.fill_sheet(sheet, {p: ev for p, ev in found.items() if p in chosen}, settle)
    return mark_sheet.import_sheet(conn, sheet, marker=IQA, role="resolution")


def release(run: Path, out: Path) -> list[Path]:
    """Release every learner's feedback with `course release --partial`; return the folders it made."""
    from course.commands import release as release_command

    before = set(out.glob("*/*")) if out.exists() else set()
    release_command.main(run=run, out=out, partial=True)
    return sorted(set(out.glob("*/*")) - before)


def summary(outcome: Outcome, run: Path, out: Path) -> list[str]:
    """Return the plain lines the demo prints about its marking, IQA and release."""
    agreed = outcome.agreement
    rate = f"{agreed.rate * 100:.0f}%" if agreed.rate is not None else "none yet"
    lines = [f"1. {TUTOR} marked written evidence of {outcome.learners_marked} learners from a sheet: "
             f"{outcome.first_marks} new marks (a repeat run records none).",
             f"2. {IQA} second-marked a sample of {agreed.compared}: {agreed.agreed} agree ({rate}); "
             f"{len(agreed.disagreements)} disagreements, {len(agreed.open)} still to resolve.",
             "3. Reports and the class summary now show tutor marks beside the automatic results.",
             f"4. Released {len(outcome.released)} feedback folders into {out / 'released'}/"]
    lines += [f"     {path}" for path in outcome.released]
    lines += [f"   {learner}: released with --partial, still to mark {', '.join(points)}"
              for learner, points in outcome.partial.items()]
    lines += [f"   marking sheets: {out / 'marking'}/", f"   class summary:  {run / 'class-summary.html'}"]
    return lines
