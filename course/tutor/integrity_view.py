"""The class summary's integrity section: the run's integrity flags, for the teaching team only.

`tutor_only(run, pseudonymised)` returns the section's HTML, or nothing at all on a pseudonymised page (which
is made to be shared). The wording is neutral: the kit shows the evidence and the tutor decides. Every
string from a notebook or a learner is HTML-escaped.
"""

from __future__ import annotations

import html
from collections import defaultdict
from pathlib import Path

from course.tutor.integrity import Flag, read_flags

KIND_LABELS = {"foreign_answer": "Answers that fit another learner's store",
               "wrong_identity": "Notebook with another learner's details or results",
               "shared_prose": "Written evidence alike another learner's",
               "tampering": "Signs of tampering with the checks"}
STRENGTH_LABELS = {"strong": "Strong: several pieces of evidence agree", "weak": "Weak: worth a look"}
INTRO = ("<p>What the kit noticed in the work handed in. These are evidence for you to look at, not findings: "
         "a weak flag can be a coincidence, and even a strong one has an innocent explanation now and then (two "
         "learners who worked side by side, a learner who checked their figures on a friend's screen). You "
         "decide, after talking to the learner. Learner reports, released feedback and pseudonymised pages "
         "never show this section.</p>\n")


def tutor_only(run: Path, pseudonymised: bool) -> list[str]:
    """Return the integrity section as one HTML string in a list, or [] for a page that may be shared."""
    if pseudonymised:
        return []
    return [render(read_flags(run))]


def render(flags: list[Flag]) -> str:
    """Return the integrity section for these flags."""
    head = "<section>\n<h2>Integrity (teaching team only)</h2>\n" + INTRO
    if not flags:
        return head + "<p>No flags: nothing in this run's work suggests copying or another learner's work.</p>\n" \
            "</section>"
    groups: dict[tuple[str, str, str, str], list[Flag]] = defaultdict(list)
    for flag in flags:
        groups[(flag.strength, flag.learner_id, flag.kind, flag.other_learner or "")].append(flag)
    ordered = sorted(groups.items(), key=lambda kv: (kv[0][0] != "strong", kv[0][1:]))
    rows = [_row(key, found) for key, found in ordered]
    strong = sum(f.strength == "strong" for f in flags)
    caption = f"{len(flags)} flags ({strong} strong, {len(flags) - strong} weak), by learner"
    return (head + '<table>\n<caption>' + html.escape(caption) + "</caption>\n<thead><tr>"
            + "".join(f'<th scope="col">{h}</th>' for h in ("Learner", "Strength", "What was seen",
                                                              "Whose work it resembles", "Items", "Evidence"))
            + "</tr></thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>\n</section>")


def _row(key: tuple[str, str, str, str], found: list[Flag]) -> str:
    strength, learner, kind, other = key
    items = ", ".join(dict.fromkeys(f.item_id for f in found if f.item_id))
    evidence = "".join(f"<li>{html.escape(f.item_id or '')}{': ' if f.item_id else ''}{html.escape(f.detail)}</li>"
                       for f in found)
    cells = [html.escape(learner), html.escape(STRENGTH_LABELS[strength]), html.escape(KIND_LABELS[kind]),
             html.escape(other or "\u2014"),
             html.escape(items), f"<ul>{evidence}</ul>"]
    return f'<tr><th scope="row">{cells[0]}</th>' + "".join(f"<td>{c}</td>" for c in cells[1:]) + "</tr>"
