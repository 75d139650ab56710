"""`course release --run RUN --out DIR [--partial]`: hand each learner their marked feedback, in their own folder.

Each release is DIR/<learner_id>/<YYYY-MM-DD>/ (a second one the same day -2, then -3, ...) holding only that
learner's material: report.html (their report from `course report`), feedback.md and feedback.html (every
marking point's decision, who made it and the tutor's comment) and evidence.html (their written evidence with
the decision and comment beside each piece). It is written in a hidden folder beside it, then renamed into
place, so a release is whole or absent; an earlier release is never overwritten, and a learner folder that is
a link elsewhere is refused, so nothing is written into another learner's folder.

A learner's marking is *unfinished* (decisions.still_to_mark) when a marking point they wrote evidence for
has no tutor decision (a current 'first' or 'resolution' mark), or its first and second marks disagree and
no resolution settles it. Such a learner is refused unless `partial`, and then the feedback lists the points
still to mark. Tutor-only material (integrity flags, marks' history, other learners) is never read here:
comments are the tutor's words, with any other learner's id or name replaced by "another learner".
"""

from __future__ import annotations

import html
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

from course import syllabus
from course.tutor import decisions, marking_view, marks
from course.tutor import gradebook_view as gv
from course.tutor.html_page import Raw, html_table, page
from course.tutor.summary import Person

OTHER_LEARNER = "another learner"
CSS = ".evidence { white-space: pre-wrap; }"  # a piece of evidence keeps its line breaks


class ReleaseError(ValueError):
    """Feedback cannot be released as asked; the message says what to do."""


def release_all(*, run: Path, out: Path, partial: bool, today: date | None = None) -> int:
    """Release every learner whose marking is finished (all, with `partial`); print what was done.
    Return 0, or 1 if any learner was refused."""
    run, out = Path(run), Path(out)
    gb = gv.read_gradebook(run)
    day = (today or date.today()).isoformat()
    released, refused = [], []
    for row in gb.learners.itertuples():
        learner, name = str(row.learner_id), str(row.name or row.learner_id)
        open_points = marking_view.still_to_mark(gb, learner)
        if open_points and not partial:
            refused.append(f"{name} ({learner}): marking unfinished, still to mark {', '.join(open_points)} "
                           "(finish marking, or give --partial)")
            continue
        try:
            released.append(release_learner(run, gb, learner, name, out, day, open_points))
        except ReleaseError as err:
            refused.append(f"{name} ({learner}): {err}")
    print(f"released feedback for {len(released)} of {len(gb.learners)} learners into {out}/")
    for line in refused:
        print(f"course release: not released: {line}", file=sys.stderr)
    return 1 if refused else 0


def release_learner(run: Path, gb: gv.Gradebook, learner: str, name: str, out: Path, day: str,
                    open_points: list[str]) -> Path:
    """Write one learner's release folder atomically and return it."""
    report = _report(run, learner)
    scrub = _others_scrubbed(gb, learner, name)
    folder = _learner_folder(out, learner)
    found = marking_view.learner_decisions(gb, learner)
    staging = Path(tempfile.mkdtemp(dir=folder, prefix=".release-"))
    try:
        shutil.copyfile(report, staging / "report.html")
        (staging / "feedback.md").write_text(feedback_markdown(name, found, open_points, scrub), encoding="utf-8")
        (staging / "feedback.html").write_text(feedback_html(name, found, open_points, scrub), encoding="utf-8")
        (staging / "evidence.html").write_text(evidence_html(name, gb, learner, found, scrub), encoding="utf-8")
        return _claim(folder, day, staging)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _report(run: Path, learner: str) -> Path:
    report = run / "reports" / f"{learner}.html"
    if not report.is_file():
        raise ReleaseError(f"{report}: no report for {learner}; run `course report --run {run}` first")
    if report.stat().st_mtime_ns < (run / "gradebook.sqlite").stat().st_mtime_ns:
        raise ReleaseError(f"{report} was made before the gradebook last changed (new marks, perhaps); run "
                           f"`course report --run {run}` again, then release")
    return report


def _learner_folder(out: Path, learner: str) -> Path:
    """Return DIR/<learner>, made if needed; refuse one that is a link or leads out of DIR."""
    folder = out / learner
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        raise ReleaseError(f"{folder} is a link or a file, not {learner}'s own folder; move it away and release again")
    folder.mkdir(parents=True, exist_ok=True)
    if folder.resolve().parent != out.resolve():
        raise ReleaseError(f"{folder} does not lead to a folder of its own inside {out}; release into another folder")
    return folder


def _claim(folder: Path, day: str, staging: Path) -> Path:
    """Move the staged release to folder/<day>[-N], the first name not taken: never over an earlier release."""
    for n in range(1, 1000):
        target = folder / (day if n == 1 else f"{day}-{n}")
        try:
            target.mkdir()  # claims the name: fails if an earlier release (or another process) has it
        except FileExistsError:
            continue
        try:
            os.rename(staging, target)  # POSIX renames over the empty folder just made, in one step
        except OSError:  # Windows: remove the claim first
            target.rmdir()
            os.rename(staging, target)
        return target
    raise ReleaseError(f"{folder}: 999 releases on {day} already; move some away")


def _others_scrubbed(gb: gv.Gradebook, learner: str, name: str) -> Callable[[str], str]:
    """Return a function replacing every other learner's id and name in a tutor's comment."""
    people = {str(i): Person(name if str(i) == learner else OTHER_LEARNER, "", "") for i in gb.learners["learner_id"]}
    return gv.scrubber(gb, people)


def _point_text(code: str) -> str:
    return syllabus.items().get(code, ("", code))[1]


def feedback_markdown(name: str, found: list[decisions.Decision], open_points: list[str],
                      scrub: Callable[[str], str]) -> str:
    """Return the feedback as Markdown: every marking point, its decision in words, who decided, the comment."""
    def text(value: str) -> str:  # a Markdown viewer may render HTML: show <, > and & as themselves
        return html.escape(value, quote=False)

    lines = [f"# Feedback for {text(name)}", "", _still_to_mark_text(open_points), "",
             "A tutor's decision outranks the automatic checks.", ""]
    for d in found:
        comment = f" Comment: “{text(scrub(d.comment))}”" if d.comment else ""
        lines.append(f"- **{d.marking_point}** ({_point_text(d.marking_point)}): {text(_verdict(d))}{comment}")
    return "\n".join(lines).replace("\n\n\n", "\n\n") + "\n"


def feedback_html(name: str, found: list[decisions.Decision], open_points: list[str],
                  scrub: Callable[[str], str]) -> str:
    """Return the feedback as one accessible HTML page (a table with headers; decisions in words)."""
    rows = [[d.marking_point, _point_text(d.marking_point), marking_view.WORDS[d.level], d.decided_by or "–",
             scrub(d.comment) or "–", decisions.outranks_sentence(d)] for d in found]
    table = html_table(["Code", "Marking point", "Decision", "Decided by", "Tutor's comment", "How it was decided"],
                       rows, "Each marking point, who decided it, and your tutor's comments")
    body = (f"<h1>Feedback for {html.escape(name)}</h1>\n<p>{html.escape(_still_to_mark_text(open_points))}</p>\n"
            "<p>A tutor's decision outranks the automatic checks.</p>\n" + table)
    return page(f"Feedback for {name}", body, CSS)


def evidence_html(name: str, gb: gv.Gradebook, learner: str, found: list[decisions.Decision],
                  scrub: Callable[[str], str]) -> str:
    """Return the learner's written evidence, each piece with the decision and comment beside it."""
    by_point = {d.marking_point: d for d in found}
    pieces = sorted((w for w in gb.tutor.written if w.learner_id == learner),
                    key=lambda w: (marks.code_order(w.marking_point), w.notebook, w.task))
    rows = []
    for w in pieces:
        d = by_point.get(w.marking_point)
        verdict = _verdict(d) + (f" Comment: “{scrub(d.comment)}”" if d.comment else "") if d else "Still to mark."
        text = Raw(f'<div class="evidence">{html.escape(w.text)}</div>')  # escaped, its line breaks kept
        rows.append([f"{w.marking_point}: {_point_text(w.marking_point)}", w.notebook, text, verdict])
    table = (html_table(["Marking point", "Notebook", "Your evidence", "Decision and comment"], rows,
                        "Your written evidence, marked") if rows else
             "<p>You have no written evidence in this run.</p>")
    body = f"<h1>Marked written evidence: {html.escape(name)}</h1>\n" + table
    return page(f"Marked written evidence: {name}", body, CSS)


def _verdict(d: decisions.Decision) -> str:
    """Return "Met. Decided by ..." in words; only the sentence while a point is still to mark."""
    sentence = decisions.outranks_sentence(d)
    return sentence if d.level is None else f"{marking_view.WORDS[d.level]}. {sentence}"


def _still_to_mark_text(open_points: list[str]) -> str:
    if not open_points:
        return "Your tutor has finished marking your written evidence for this run."
    return ("Your tutor has not finished marking yet. Still to mark: " + ", ".join(open_points)
            + ". Their decisions on these points may change.")

