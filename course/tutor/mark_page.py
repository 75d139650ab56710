"""The marking workspace's HTML: one page per (learner, marking point), plain server-rendered HTML.

The page shows the marking point's text, the learner's written evidence (`written_evidence`), their portfolio
files, and the automatic results that bear on the marking point (gradebook.evidence and the items mapped to
it); then a form with a radio group (met / partly met / not yet), a comment, "add to my bank", "Save and
next", and the comment bank (choose a comment, "Insert into the comment"). It needs no JavaScript. Everything
the learner wrote is untrusted: every value goes through `html.escape`. See docs/marking-workspace.md.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from urllib.parse import urlencode

from course import sections
from course.tutor import marks

PORTFOLIO_TEXT_LIMIT = 4000  # characters of a .md or .csv portfolio file shown on the page
STATUS_WORDS = {"correct": "correct", "incorrect": "not yet correct", "invalid": "answer could not be checked",
                "not_attempted": "not attempted", None: "no result"}
CSS = """
body{font:1rem/1.5 system-ui,sans-serif;margin:0;color:#1a1a1a;background:#fff}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem}
header,main,nav.queue{max-width:50rem;margin:0 auto;padding:0 1rem}
header{border-bottom:2px solid #1a1a1a}
a{color:#0b4f9c}
:focus-visible{outline:3px solid #b35900;outline-offset:2px}
.learner-text{white-space:pre-wrap;overflow-wrap:anywhere;border-left:4px solid #555;padding:.25rem .75rem;
background:#f4f4f4}
fieldset{border:2px solid #1a1a1a;padding:.5rem 1rem;margin:1rem 0}
label{display:inline-block;margin:.25rem 0}
input[type=radio],input[type=checkbox]{width:1.25rem;height:1.25rem;vertical-align:middle}
textarea{width:100%;box-sizing:border-box;font:inherit}
select{max-width:100%;font:inherit}
button{font:inherit;padding:.4rem 1rem;margin:.5rem 0}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #555;padding:.25rem;text-align:left}
.error{border:3px solid #a30000;padding:.5rem 1rem}
.table-wrap{overflow-x:auto}
"""


@dataclass
class PageState:
    """What the form holds when it is shown again (after "Insert into the comment" or a missing decision)."""
    decision: str = ""
    comment: str = ""
    keep: bool = False
    errors: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Workspace:
    """Who marks what: the run, the marker, their role and the order of the queue."""
    run: Path
    marker: str
    role: str
    pairs: list[marks.Pair]
    token: str
    submissions: Path | None = None

    def url(self, path: str, **query: object) -> str:
        """Return a link within the workspace, with the token."""
        return f"{path}?{urlencode({'token': self.token, **query})}"


def render_pair(conn: sqlite3.Connection, ws: Workspace, position: int, state: PageState | None = None) -> str:
    """Return the page for the pair at `position` of the queue."""
    learner, point = ws.pairs[position]
    name = marks.learners(conn).get(learner, "")
    state = state or _state_from_mark(marks.current(conn, ws.role).get((learner, point)))
    done = len(set(marks.current(conn, ws.role)) & set(ws.pairs))
    who = f"{name} ({learner})" if name else learner
    body = [f"<h1>{escape(who)}: marking point {escape(point)}</h1>",
            _errors(state.errors),
            _section("point", "Marking point", f"<p>{escape(marks.marking_points()[point])}</p>"
                     f"<p>Section: {escape(sections.label(marks.section_of(point)))}</p>"),
            _section("written", "Written evidence", _written(conn, learner, point)),
            _declaration(conn, learner),
            _section("portfolio", "Portfolio files", _portfolio(ws, learner)),
            _section("automatic", "Automatic results", _automatic(conn, learner, point)),
            _other_marks(conn, ws, learner, point),
            _form(conn, ws, position, state)]
    title = f"{who}, {point} ({position + 1} of {len(ws.pairs)})"
    return _page(title, ws, f"{done} of {len(ws.pairs)} marked", "\n".join(body), _queue_nav(ws, position))


def render_done(ws: Workspace) -> str:
    """Return the page shown when every pair of the queue is marked."""
    text = (f"<h1>Marking finished</h1><p>All {len(ws.pairs)} pairs in this queue have a {escape(ws.role)} mark. "
            f"You can close this tab and stop <code>course mark</code> with Ctrl+C.</p>"
            f"<p><a href=\"{escape(ws.url('/pair', pos=0))}\">Look through the marks again</a></p>")
    return _page("Marking finished", ws, f"{len(ws.pairs)} of {len(ws.pairs)} marked", text, "")


def render_message(title: str, text: str) -> str:
    """Return a small page with a heading and one paragraph (errors such as a missing token)."""
    return (f"<!doctype html><html lang=\"en-GB\"><head><meta charset=\"utf-8\"><title>{escape(title)}</title>"
            f"</head><body><main><h1>{escape(title)}</h1><p>{escape(text)}</p></main></body></html>")


def _page(title: str, ws: Workspace, progress: str, main: str, nav: str) -> str:
    role = {"first": "first marking", "second": "second marking (IQA)", "resolution": "resolving disagreements"}
    return f"""<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)} - course mark</title><style>{CSS}</style></head>
<body><a class="skip" href="#marking-form">Skip to the marking form</a>
<header><p>Run folder {escape(ws.run.name)}. Marker: {escape(ws.marker)}, {role[ws.role]}.
{escape(progress)}.</p></header>
<main id="main">{main}</main>
{nav}</body></html>"""


def _section(key: str, heading: str, content: str) -> str:
    return f'<section aria-labelledby="{key}-h"><h2 id="{key}-h">{heading}</h2>{content}</section>'


def _errors(errors: list[str]) -> str:
    if not errors:
        return ""
    items = "".join(f"<li><a href=\"#decision-met\">{escape(e)}</a></li>" for e in errors)
    return f'<div class="error" role="alert"><h2>There is a problem</h2><ul>{items}</ul></div>'


def _written(conn: sqlite3.Connection, learner: str, point: str) -> str:
    if not _has_table(conn, "written_evidence"):
        return "<p>This run has no written evidence table yet.</p>"
    rows = conn.execute("SELECT notebook, task, text, words FROM written_evidence WHERE learner_id = ? AND "
                        "marking_point = ? ORDER BY notebook, task", (learner, point)).fetchall()
    if not rows:
        return "<p>No written evidence for this marking point.</p>"
    return "".join(f"<h3>{escape(str(nb))}, task {escape(str(task))} ({int(words or 0)} words)</h3>"
                   f'<div class="learner-text">{escape(str(text or ""))}</div>' for nb, task, text, words in rows)


def _declaration(conn: sqlite3.Connection, learner: str) -> str:
    """The learner's authenticity declaration (written_evidence rows with marking point 'declaration')."""
    if not _has_table(conn, "written_evidence"):
        return ""
    rows = conn.execute("SELECT text FROM written_evidence WHERE learner_id = ? AND marking_point = 'declaration' "
                        "ORDER BY notebook, task", (learner,)).fetchall()
    shown = "".join(f'<div class="learner-text">{escape(str(text or ""))}</div>' for (text,) in rows)
    return _section("declaration", "Authenticity declaration", shown or "<p>The learner has not signed one.</p>")


def _portfolio(ws: Workspace, learner: str) -> str:
    files = portfolio_files(ws.run, learner, ws.submissions)
    if not files:
        return "<p>No portfolio files.</p>"
    out = []
    for label, path in files:
        shown = ""
        if path.suffix in (".md", ".csv"):
            text = path.read_text(encoding="utf-8", errors="replace")
            cut = " (first part only)" if len(text) > PORTFOLIO_TEXT_LIMIT else ""
            shown = f'<div class="learner-text">{escape(text[:PORTFOLIO_TEXT_LIMIT])}</div>{cut}'
        out.append(f"<details><summary>{escape(label)}</summary>{shown or '<p>A picture: open it from the folder.</p>'}"
                   "</details>")
    return "".join(out)


def portfolio_files(run: Path, learner: str, submissions: Path | None) -> list[tuple[str, Path]]:
    """Return (label, path) of the learner's portfolio files: as submitted, then as their notebooks made them
    in the run (RUN/scratch/<learner>/<notebook>/portfolio/)."""
    places = [(submissions / learner / "portfolio", "submitted")] if submissions else []
    places += [(p, f"from {p.parent.relative_to(run / 'scratch' / learner)}")
               for p in sorted((run / "scratch" / learner).glob("**/portfolio"))]
    return [(f"{f.name} ({where})", f) for folder, where in places if folder.is_dir()
            for f in sorted(folder.iterdir())
            if f.is_file() and not f.is_symlink() and not f.name.startswith(".")]  # a link could point anywhere


def _automatic(conn: sqlite3.Connection, learner: str, point: str) -> str:
    from course.tutor.gradebook import covered_codes, evidence

    level = next((e for e in evidence(conn, learner) if e.marking_point == point), None)
    if level is None:
        return "<p>No checked exercise, quiz question or scenario is mapped to this marking point.</p>"
    rows = []
    for item_id, kind, notebook, covers, mp in conn.execute(
            "SELECT item_id, kind, notebook, covers, marking_point FROM items WHERE kind != 'stretch' ORDER BY rowid"):
        if point == mp or point in covered_codes(covers):
            found = conn.execute("SELECT status FROM results WHERE learner_id = ? AND item_id = ?",
                                 (learner, item_id)).fetchone()
            status = found[0] if found else None
            rows.append(f"<tr><td>{escape(item_id)}</td><td>{escape(kind)}</td><td>{escape(notebook or '')}</td>"
                        f"<td>{escape(STATUS_WORDS.get(status, str(status)))}</td></tr>")
    return (f"<p>The automatic checks say: <strong>{marks.DECISION_LABELS[level.level]}</strong> "
            f"({level.correct} of {level.items} items correct).</p>"
            '<div class="table-wrap" role="region" aria-labelledby="items-caption" tabindex="0">'
            '<table><caption id="items-caption">Items mapped to this marking point</caption>'
            '<tr><th scope="col">Item</th><th scope="col">Kind</th><th scope="col">Notebook</th>'
            f'<th scope="col">Result</th></tr>{"".join(rows)}</table></div>')


def _other_marks(conn: sqlite3.Connection, ws: Workspace, learner: str, point: str) -> str:
    if ws.role != "resolution":  # a second marker marks blind: the first mark is not shown to them
        return ""
    shown = [m for m in (marks.current(conn, r).get((learner, point)) for r in ("first", "second")) if m]
    items = "".join(f"<li>{escape(m.role.capitalize())} mark by {escape(m.marker)}: "
                    f"<strong>{marks.DECISION_LABELS[m.decision]}</strong>. {escape(m.comment)}</li>" for m in shown)
    return _section("marks", "The two marks to resolve", f"<ul>{items}</ul>")


def _form(conn: sqlite3.Connection, ws: Workspace, position: int, state: PageState) -> str:
    learner, point = ws.pairs[position]
    radios = "".join(
        f'<div><input type="radio" id="decision-{value.replace(" ", "-")}" name="decision" value="{value}"'
        f'{" checked" if state.decision == value else ""}><label for="decision-{value.replace(" ", "-")}">'
        f"{label}</label></div>" for value, label in marks.DECISION_LABELS.items())
    options = "".join(f'<option value="{i}">{escape(text)}</option>'
                      for i, text in enumerate(marks.bank(ws.marker, point, conn)))
    return f"""<form id="marking-form" method="post" action="{escape(ws.url('/pair'))}" aria-labelledby="form-h">
<h2 id="form-h">Your decision</h2>
<input type="hidden" name="token" value="{escape(ws.token)}"><input type="hidden" name="pos" value="{position}">
<input type="hidden" name="learner" value="{escape(learner)}"><input type="hidden" name="point" value="{escape(point)}">
<fieldset><legend>Is marking point {escape(point)} met?</legend>{radios}</fieldset>
<label for="comment">Comment for the learner</label>
<textarea id="comment" name="comment" rows="5">{escape(state.comment)}</textarea>
<div><input type="checkbox" id="keep" name="keep" value="yes"{" checked" if state.keep else ""}>
<label for="keep">Add this comment to my bank</label></div>
<button type="submit" name="action" value="save">Save and next</button>
<h2 id="bank-h">Comment bank</h2>
<label for="starter">Choose a comment to start from</label>
<select id="starter" name="starter">{options}</select>
<button type="submit" name="action" value="insert">Insert into the comment</button>
</form>"""


def _queue_nav(ws: Workspace, position: int) -> str:
    links = []
    if position > 0:
        links.append(f'<a href="{escape(ws.url("/pair", pos=position - 1))}">Previous pair</a>')
    if position + 1 < len(ws.pairs):
        links.append(f'<a href="{escape(ws.url("/pair", pos=position + 1))}">Next pair without saving</a>')
    links.append(f'<a href="{escape(ws.url("/"))}">First unmarked pair</a>')
    return f'<nav class="queue" aria-label="Marking queue"><p>{" | ".join(links)}</p></nav>'


def _state_from_mark(mark: marks.Mark | None) -> PageState:
    return PageState(mark.decision, mark.comment) if mark else PageState()


def _has_table(conn: sqlite3.Connection, name: str) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone() is not None
