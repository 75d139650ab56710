"""The class summary page (RUN/class-summary.html), and the gradebook views it shares with the
learner reports. Pseudonymised pages go to their own folder, RUN/shared/, so it can be shared whole.

`read_gradebook(run)` loads RUN/gradebook.sqlite (docs/tutor-data.md); `outcomes`, `section_scores`,
`evidence`, `misconceptions` and `failures` turn it into tables; `write_class_summary` writes one
self-contained page: charts are inline PNG with alt text, and every string is HTML-escaped.
"""

from __future__ import annotations

import base64
import html
import io
import textwrap
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from course.tutor import gradebook_view as gv
from course.tutor import integrity_view
from course.tutor.gradebook_view import Gradebook, read_gradebook
from course.tutor.html_page import Raw, html_table, page

__all__ = ["SHARED", "Person", "output_root", "figure_html", "render_class_summary",
           "write_class_summary"]

TOP = 10  # rows in the "most common" tables
SHARED = "shared"  # RUN/shared/: the pseudonymised reports and class summary, and nothing else


@dataclass(frozen=True)
class Person:
    """How a learner is shown: their id and name, or a pseudonym for both; and their report's file."""
    label: str
    name: str
    report: str


def output_root(run: Path, pseudonymised: bool) -> Path:
    """Return where the pages go: RUN/ for named ones, RUN/shared/ for pseudonymised ones (which links
    from its class-summary.html to its own reports/)."""
    return Path(run) / SHARED if pseudonymised else Path(run)


def write_class_summary(run: Path, people: Mapping[str, Person], *, pseudonymised: bool = False,
                        gradebook: Gradebook | None = None) -> Path:
    """Write class-summary.html (in RUN/, or RUN/shared/ when pseudonymised) atomically; return its path."""
    gb = gradebook if gradebook is not None else read_gradebook(run)
    page = render_class_summary(gb, people, pseudonymised)
    return gv.write_atomic(output_root(run, pseudonymised) / "class-summary.html", page)


def render_class_summary(gb: Gradebook, people: Mapping[str, Person], pseudonymised: bool) -> str:
    """Return the class summary page as HTML."""
    import course

    course.style()
    scrub = gv.scrubber(gb, people) if pseudonymised else (lambda text: text)
    order = sorted(people, key=lambda learner: people[learner].label) if pseudonymised else list(people)
    body = [_intro(gb, pseudonymised), _scores(gb, people, order, pseudonymised), _distribution(gb),
            _common_misconceptions(gb), _most_missed(gb), _not_attempted(gb, people, order),
            _failures(gb, people, scrub), _scenario_moves(gb), _tutor_marking(gb, people, scrub)]
    body += integrity_view.tutor_only(gb.path.parent, pseudonymised)  # teaching team only: never on a shared page
    return page("Class summary", "\n".join(body), CSS)


def _tutor_marking(gb: Gradebook, people: Mapping[str, Person], scrub: Callable[[str], str]) -> str:
    from course.tutor.marking_view import marking_summary  # it uses html_table from here

    return marking_summary(gb, people, scrub)


def _intro(gb: Gradebook, pseudonymised: bool) -> str:
    runs = gb.notebook_runs
    marked = int((runs["status"] == "ok").sum())
    sections = ", ".join(gv.section_label(s) for s in gb.sections) or "none"
    privacy = (" Learners are shown by pseudonym only, so this page can be shared." if pseudonymised else
               " This page names learners: keep it to the teaching team.")
    return (f"<h1>Class summary</h1>\n<p class=\"lead\">{len(gb.learners)} learners · sections in this run: "
            f"{html.escape(sections)} · notebooks marked: {marked} of {len(runs)}.{html.escape(privacy)}</p>\n"
            + HOW_TO_READ)


def _scores(gb: Gradebook, people: Mapping[str, Person], order: list[str], pseudonymised: bool) -> str:
    scores = gv.section_scores(gb)
    wide = scores.pivot(index="learner_id", columns="section", values="score")
    totals = gv.total_scores(gb)
    headers = ["Learner", *([] if pseudonymised else ["Name"]),
               *(f"{gv.section_label(s)} (%)" for s in gb.sections), "Total (%)", "Report"]
    rows = []
    for learner in order:
        person = people[learner]
        link = Raw(f'<a href="reports/{html.escape(person.report)}">report for {html.escape(person.label)}</a>')
        cells = [person.label, *([] if pseudonymised else [person.name]),
                 *(_pct(wide.at[learner, s]) for s in gb.sections), _pct(totals.get(learner)), link]
        rows.append(cells)
    return ("<section>\n<h2>1. Scores</h2>\n<p>Each score is the share of a section's exercises, quiz "
            "questions and conversation scenarios answered correctly, with each tutor-marked written marking point "
            "counted as one item (met 1, partly a half, not yet or still to mark 0; stretch exercises are optional "
            "and not scored). Items in notebooks that could not be run count as not correct.</p>\n"
            + html_table(headers, rows, "Score per section and in total, per learner") + "</section>")


def _distribution(gb: Gradebook) -> str:
    scores = gv.section_scores(gb).assign(section=lambda d: d["section"].map(gv.section_label))
    title = "<section>\n<h2>2. How the scores spread</h2>\n"
    if scores.empty:
        return title + "<p>No scored items in this run.</p>\n</section>"
    order = [gv.section_label(s) for s in gb.sections]
    stats = scores.groupby("section")["score"].agg(["median", "min", "max"]).reindex(order)
    alt = (f"Box and strip plot of section scores for {scores['learner_id'].nunique()} learners. "
           + " ".join(f"{s}: median {r['median']:.0f}%, lowest {r['min']:.0f}%, highest {r['max']:.0f}%."
                      for s, r in stats.iterrows()))
    table = html_table(["Section", "Median (%)", "Lowest (%)", "Highest (%)"],
                       [[s, *(f"{r[k]:.0f}" for k in ("median", "min", "max"))] for s, r in stats.iterrows()],
                       "Section scores across the class: median, lowest and highest")
    return (title + "<p>Each dot is one learner; the box spans the middle half of the class and its line is "
            "the median.</p>\n" + figure_html(_score_chart(scores, order), alt)
            + f"<details><summary>Data table for this chart</summary>\n{table}</details>\n</section>")


def _score_chart(scores: pd.DataFrame, order: list[str]) -> Figure:
    fig = Figure(figsize=(8, 4))
    ax = fig.subplots()
    with warnings.catch_warnings():  # seaborn 0.13 passes matplotlib 3.11's deprecated `vert` to bxp
        warnings.simplefilter("ignore", DeprecationWarning)
        sns.boxplot(data=scores, x="section", y="score", order=order, ax=ax, color="#cfd8e3", showfliers=False)
    state = np.random.get_state()  # seaborn jitters with numpy's global RNG: seed it, so pages never change
    np.random.seed(0)
    try:
        sns.stripplot(data=scores, x="section", y="score", order=order, ax=ax, color="#0072B2", size=7, jitter=0.15)
    finally:
        np.random.set_state(state)
    ax.set(title="Section scores across the class", xlabel="Section", ylabel="Score (% of items correct)",
           ylim=(-3, 103))
    return fig


def _common_misconceptions(gb: Gradebook) -> str:
    shown = gv.misconceptions(gb)
    title = "<section>\n<h2>3. Most common misconceptions</h2>\n"
    if shown.empty:
        return title + "<p>No misconceptions showed up in this run.</p>\n</section>"
    top = (shown.groupby("misconception", sort=False)
           .agg(name=("name", "first"), learners=("learner_id", "nunique"), fix=("fix", "first"),
                seen=("title", _joined), notebooks=("notebook", _joined))
           .reset_index().sort_values(["learners", "misconception"], ascending=[False, True]).head(TOP))
    rows = [[r.name, str(r.learners), r.seen, r.fix, r.notebooks] for r in top.itertuples()]
    table = html_table(["Misconception", "Learners", "Seen in", "What to revisit", "Taught in"], rows,
                       "Misconceptions by number of learners who showed them")
    return title + "<p>How many learners' answers showed each known mistake.</p>\n" + \
        _misconception_chart(top) + table + "</section>"


def _misconception_chart(top: pd.DataFrame) -> str:
    fig = Figure(figsize=(8, 0.6 + 0.45 * len(top)))
    ax = fig.subplots()
    labels = ["\n".join(textwrap.wrap(n, 45)) for n in top["name"]]
    ax.barh(labels[::-1], top["learners"].to_numpy()[::-1], color="#E69F00")  # Okabe-Ito orange
    ax.set(title="Most common misconceptions", xlabel="Learners who showed it (count)", ylabel="Misconception")
    locator = ax.xaxis.get_major_locator()
    if isinstance(locator, MaxNLocator):  # matplotlib's default AutoLocator is one
        locator.set_params(integer=True)
    alt = "Bar chart of the most common misconceptions: " + "; ".join(
        f"{n}, {c} learner{'s' if c != 1 else ''}" for n, c in zip(top["name"], top["learners"])) + "."
    return figure_html(fig, alt, "The figures of this chart are in the table below it.")


def _most_missed(gb: Gradebook) -> str:
    o = gv.outcomes(gb)
    o = o[o["status"] != "correct"]
    title = "<section>\n<h2>4. Questions and exercises most often missed</h2>\n"
    if o.empty:
        return title + "<p>No item was missed in this run.</p>\n</section>"
    counts = pd.crosstab(o["item_id"], o["status"]).reindex(columns=list(gv.MISSED), fill_value=0)
    counts["total"] = counts.sum(axis=1)
    items = gb.items.set_index("item_id")
    order = sorted(counts.index, key=lambda i: (-counts["total"][i], i))[:TOP]
    rows = [[gv.item_title(i, _text(items.at[i, "kind"]), _text(items.at[i, "section"])), gv.question_id(i),
             str(items.at[i, "kind"]), str(items.at[i, "notebook"]),
             f"{counts['total'].at[i]} of {len(gb.learners)}",
             *(str(counts.at[i, s]) for s in gv.MISSED)] for i in order]
    headers = ["Item", "Id", "Kind", "Notebook", "Not correct", *gv.MISSED.values()]
    return (title + "<p>Items that the most learners did not get right, with why: a wrong answer, no answer, "
            "or a notebook that could not be run.</p>\n"
            + html_table(headers, rows, f"The {len(order)} items most often not correct") + "</section>")


def _not_attempted(gb: Gradebook, people: Mapping[str, Person], order: list[str]) -> str:
    o = gv.scored(gv.outcomes(gb))  # of the items a score counts: a stretch exercise is optional
    o["open"] = o["status"].isin(["not_attempted", gv.NOT_MARKED])
    counts = o.groupby(["learner_id", "section"])["open"].agg(["sum", "count"])
    rows = [[people[learner].label, *(f"{counts['sum'].at[(learner, s)]} of "
                                      f"{counts['count'].at[(learner, s)]}" for s in gb.sections)]
            for learner in order]
    headers = ["Learner", *(gv.section_label(s) for s in gb.sections)]
    return ("<section>\n<h2>5. Not attempted yet</h2>\n<p>How many of each section's items each learner has not "
            "attempted (including items in notebooks that were not submitted or could not be run).</p>\n"
            + html_table(headers, rows, "Items not attempted, per learner and section") + "</section>")


def _failures(gb: Gradebook, people: Mapping[str, Person], scrub: Callable[[str], str]) -> str:
    failed = gv.failures(gb)
    title = "<section>\n<h2>6. Failures of the run</h2>\n"
    if failed.empty:
        return title + "<p>Every submitted notebook ran and was marked.</p>\n</section>"
    rows = [[people[str(r.learner_id)].label if r.learner_id in people else scrub(str(r.learner_id)),
             str(r.notebook), gv.failure_label(_text(r.kind)), scrub(str(r.detail or ""))]
            for r in failed.itertuples()]
    return (title + "<p>Notebooks that could not be marked. Their items count as not correct until the "
            "learner resubmits and the run is repeated; run.log has the full reasons.</p>\n"
            + html_table(["Learner", "Notebook", "What went wrong", "Detail"], rows, "Notebooks not marked")
            + "</section>")


def _scenario_moves(gb: Gradebook) -> str:
    from course.tutor.scenario_view import scenario_results, wrong_moves

    title = "<section>\n<h2>7. Conversation scenarios: the most common wrong moves</h2>\n"
    played = scenario_results(gb)
    if played.empty:
        return title + "<p>No conversation scenarios were in this run.</p>\n</section>"
    outcomes = played.groupby("title", sort=False)["outcome"].agg(lambda o: "; ".join(
        f"{label}: {count}" for label, count in o.value_counts().sort_index().items()))
    summary = html_table(["Scenario", "Outcomes (learners)"], list(outcomes.items()), "How each conversation ended")
    moves = wrong_moves(gb).head(TOP)
    if moves.empty:
        return title + summary + "<p>No learner's plays showed a misconception.</p>\n</section>"
    rows = [[r.name, str(r.learners), r.seen, r.fix] for r in moves.itertuples()]
    return (title + "<p>How each conversation ended for the class, then the misconceptions their replies showed, "
            "by number of learners.</p>\n" + summary
            + html_table(["Wrong move (misconception)", "Learners", "In", "What to practise"], rows,
                         "The most common wrong moves in conversation scenarios") + "</section>")


def figure_html(fig: Figure, alt: str, caption: str | None = None) -> str:
    """Return a figure as an <img> with inline base64 PNG and alt text (and an optional caption)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    text = f"<figcaption>{html.escape(caption)}</figcaption>" if caption else ""
    return f'<figure><img src="data:image/png;base64,{data}" alt="{html.escape(alt)}">{text}</figure>\n'


def _text(value: object) -> str | None:
    """A gradebook text cell, or None where it is missing (None or NaN)."""
    return value if isinstance(value, str) else None


def _pct(value: Any) -> str:  # a pandas cell: a number, None or NaN
    return "–" if value is None or pd.isna(value) else f"{float(value):.1f}"


def _joined(values: pd.Series) -> str:
    return ", ".join(dict.fromkeys(str(v) for v in values if v))


HOW_TO_READ = """<aside class="note" aria-labelledby="how-to-read">
<h2 id="how-to-read">How to read this page</h2>
<ul>
<li><strong>Scores</strong> are the percentage of a section's exercises, quiz questions and conversation scenarios
answered correctly, each tutor-marked written marking point counting as one more item (met 1, partly a half);
stretch exercises (optional free coding) are shown but not scored.</li>
<li><strong>Misconceptions</strong> are known mistakes that a wrong answer revealed; each comes with what to
revisit.</li>
<li><strong>Not attempted</strong> counts items with no answer, including those in notebooks that were not submitted
or could not be run; <strong>Failures</strong> lists those notebooks and why.</li>
<li>Each learner's own report (linked in the scores table) has the detail, marking-point evidence and next steps.</li>
</ul>
</aside>"""

CSS = """h1 { margin-bottom: 0.2rem; } h2 { margin-top: 2.2rem; border-bottom: 1px solid #ccc; }
.lead { color: #444; }
.note { background: #f3f6fa; border-left: 4px solid #0173b2; padding: 0.2rem 1rem; margin: 1rem 0; }
.note h2 { border: 0; margin-top: 0.6rem; font-size: 1.1rem; }
table { font-size: 0.92rem; } caption { padding: 0.3rem 0; }
tbody th { font-weight: 600; background: #fafafa; }
figure { margin: 1rem 0; } img { max-width: 100%; height: auto; }
summary { cursor: pointer; } summary:focus { outline: 3px solid #0072b2; }"""
