"""The 1.1 exercise `plan-own-journey-map`: the learner builds their own store's customer journey map (every stage
with its touchpoints, each a moment of truth or not; pain points backed by their own complaints or contacts;
an improvement for each), its written-work check, and the table and text description saved to the portfolio.

4.4 puts data from four sources on the same four stages (JOURNEY_STAGES) to find the triangulated pain point.
"""

from __future__ import annotations

import math
import re
import textwrap
from typing import TYPE_CHECKING, Any

import pandas as pd

from course import kpi
from course.blank import holds_blank
from course.exercises.answers import AnswerProblem
from course.exercises.registry import Exercise, Problem, register
from course.exercises.registry import Misconception as M
from course.store import StoreData

if TYPE_CHECKING:  # only for the annotation: checking an answer must not import matplotlib
    from matplotlib.figure import Figure

NOTEBOOK = "1-planning/1.1-service-standards-and-plans.ipynb"
JOURNEY_STAGES = ("Find out", "Arrive and choose", "Pay", "After the visit")
_STAGE_WORDS = {"Find out": ("find",), "Arrive and choose": ("arrive", "choose"), "Pay": ("pay",),
                "After the visit": ("after",)}
_YES, _NO = ("yes", "y", "true", "mot"), ("no", "n", "false", "")
_EXAMPLE = ("{'touchpoints': [{'stage': 'Pay', 'touchpoint': '...', 'moment_of_truth': True}, ...], "
            "'pain_points': [...]}")


def stage_of(text: Any) -> str | None:
    """Return the journey stage a learner's text names ('3. Pay', 'pay' ...), or None."""
    words = re.sub(r"[^a-z ]", " ", str(text).casefold()).split()
    return next((stage for stage, keys in _STAGE_WORDS.items() if any(k in words for k in keys)), None)


def evidence_figures(data: StoreData, category: str) -> list[tuple[float, bool]]:
    """Return the figures a learner may give for a complaint category or contact reason, each with whether it is
    a count: the count, the rate per 1,000 transactions and the % of complaints (or of contacts)."""
    sales = len(data.transactions)
    found = []
    for table, column in ((data.complaints, "category"), (data.interactions, "reason")):
        n = int((table[column].astype(str).str.casefold() == category.casefold()).sum())
        if n:
            found += [(float(n), True), (kpi.complaint_rate(n, sales), False), (n / len(table) * 100, False)]
    return found


def _rows(answer: Any, key: str) -> list[dict[str, Any]]:
    rows = answer.get(key)
    if rows is None:
        return []
    if isinstance(rows, dict):
        rows = [rows]
    if not isinstance(rows, (list, tuple)) or not all(isinstance(r, dict) for r in rows):
        raise AnswerProblem(f"'{key}' should be a list of rows, each in curly brackets {{...}}, as in the cell")
    return [{str(k).strip().casefold().replace(" ", "_"): v for k, v in r.items()} for r in rows]


def _text(value: Any) -> str:
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value).strip()


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return None if math.isnan(value) else float(value)
    match = re.search(r"-?\d[\d,]*\.?\d*", str(value))
    return float(match.group(0).replace(",", "").rstrip(".")) if match else None


def _matches(value: float, figures: list[tuple[float, bool]]) -> bool:
    """True when value is one of the figures, rounded sensibly: a count exactly, a rate or % to 1 or 0 places."""
    return any(abs(value - f) <= 1e-9 if is_count else
               abs(value - f) <= 0.051 or (value.is_integer() and f >= 10 and abs(value - f) <= 0.5)
               for f, is_count in figures)


def review_journey_map(data: StoreData, answer: Any) -> list[Problem]:
    """Return what a customer journey map lacks (003:KC1, 002:KC1): stages, moments of truth, evidenced pain points."""
    if not isinstance(answer, dict):
        raise AnswerProblem(f"your answer is a {type(answer).__name__}; give a dict with 'touchpoints' and "
                            f"'pain_points', e.g. {_EXAMPLE}")
    answer = {str(k).strip().casefold().replace(" ", "_"): v for k, v in answer.items()}
    touchpoints, pains = _rows(answer, "touchpoints"), _rows(answer, "pain_points")
    problems = _touchpoint_problems(touchpoints)
    if not pains:
        problems.append(Problem("Add at least one pain point: where your complaints or contacts show customers "
                                "struggle, with its figure and an improvement.", "journey-touchpoints-only"))
    for number, row in enumerate(pains, start=1):
        problems += _pain_problems(data, number, row)
    return problems


def _touchpoint_problems(rows: list[dict[str, Any]]) -> list[Problem]:
    problems, covered, moments = [], set(), 0
    for number, row in enumerate(rows, start=1):
        stage, touchpoint = stage_of(row.get("stage", "")), _text(row.get("touchpoint"))
        mot = _text(row.get("moment_of_truth")).casefold()
        if stage is None:
            problems.append(Problem(f"Touchpoint {number}: give its 'stage', one of {', '.join(JOURNEY_STAGES)}."))
        if len(touchpoint.split()) < 2:
            problems.append(Problem(f"Touchpoint {number}: say what the customer does there ('touchpoint'), in "
                                    "a few words."))
        elif stage is not None:
            covered.add(stage)
        if mot not in _YES + _NO or row.get("moment_of_truth") is None:
            problems.append(Problem(f"Touchpoint {number}: mark 'moment_of_truth' True or False."))
        moments += mot in _YES
    missing = [s for s in JOURNEY_STAGES if s not in covered]
    if missing:
        problems.append(Problem(f"Cover every stage with at least one touchpoint; missing: {', '.join(missing)}.",
                                "journey-stage-missing"))
    if rows and not moments:
        problems.append(Problem("Mark at least one touchpoint as a moment of truth (True): where the customer "
                                "forms their view of the store most.", "journey-no-moment-of-truth"))
    return problems


def _pain_problems(data: StoreData, number: int, row: dict[str, Any]) -> list[Problem]:
    where = f"Pain point {number}"
    problems = []
    if stage_of(row.get("stage", "")) is None:
        problems.append(Problem(f"{where}: give its 'stage', one of {', '.join(JOURNEY_STAGES)}."))
    if len(_text(row.get("pain_point")).split()) < 3:
        problems.append(Problem(f"{where}: say what goes wrong for customers ('pain_point') in a few words."))
    category, figure = _text(row.get("category")), _number(row.get("figure"))
    if not category or figure is None or figure <= 0:
        problems.append(Problem(f"{where}: back it with evidence from your data: the complaint category or "
                                "contact reason ('category') and its count or rate ('figure').",
                                "journey-pain-no-evidence"))
    else:
        figures = evidence_figures(data, category)
        if not figures:
            problems.append(Problem(f"{where}: '{category}' is not a complaint category or contact reason in your "
                                    "data; copy one from the evidence table, word for word.", "journey-not-your-data"))
        elif not _matches(figure, figures):
            problems.append(Problem(f"{where}: {figure:g} is not what your data gives for '{category}'. Give its "
                                    "count from the evidence table, or its rate per 1,000 transactions.",
                                    "journey-not-your-data"))
    if len(_text(row.get("improvement")).split()) < 5:
        problems.append(Problem(f"{where}: say what will change to remove it ('improvement'), in a sentence.",
                                "journey-no-improvement"))
    return problems


def journey_table(answer: Any) -> pd.DataFrame | None:
    """Return a learner's map as one table for the portfolio (a row per touchpoint, then a row per pain point),
    or None while the answer still has blanks or is not a map."""
    if not isinstance(answer, dict) or holds_blank(answer):
        return None
    answer = {str(k).strip().casefold().replace(" ", "_"): v for k, v in answer.items()}
    try:
        touchpoints, pains = _rows(answer, "touchpoints"), _rows(answer, "pain_points")
    except AnswerProblem:
        return None
    rows = [{"stage": stage_of(r.get("stage")) or _text(r.get("stage")), "touchpoint": _text(r.get("touchpoint")),
             "moment of truth": "yes" if _text(r.get("moment_of_truth")).casefold() in _YES else "no"}
            for r in touchpoints]
    rows += [{"stage": stage_of(r.get("stage")) or _text(r.get("stage")), "pain point": _text(r.get("pain_point")),
              "evidence": f"{_text(r.get('category'))}: {_text(r.get('figure'))}",
              "improvement": _text(r.get("improvement"))} for r in pains]
    order = {s: i for i, s in enumerate(JOURNEY_STAGES)}
    table = pd.DataFrame(rows, columns=["stage", "touchpoint", "moment of truth", "pain point", "evidence",
                                        "improvement"]).fillna("")
    return table.sort_values("stage", key=lambda s: s.map(order).fillna(len(order)), kind="stable", ignore_index=True)


def journey_chart(table: pd.DataFrame) -> Figure:
    """Return a simple chart of the map: touchpoints per stage (moments of truth hatched and labelled in words),
    with each stage's pain points written above its bar."""
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    touch = table[table["touchpoint"] != ""]
    moments = [int(((touch["stage"] == s) & (touch["moment of truth"] == "yes")).sum()) for s in JOURNEY_STAGES]
    others = [int((touch["stage"] == s).sum()) - m for s, m in zip(JOURNEY_STAGES, moments)]
    fig, ax = plt.subplots(figsize=(10, 4.5))
    ax.bar(JOURNEY_STAGES, moments, hatch="//", edgecolor="black", label="Moments of truth")
    ax.bar(JOURNEY_STAGES, others, bottom=moments, edgecolor="black", label="Other touchpoints")
    top = max([m + o for m, o in zip(moments, others)] + [1])
    for i, stage in enumerate(JOURNEY_STAGES):
        pains = [textwrap.fill(f"Pain point: {p}", 20) for p in
                 table.loc[(table["stage"] == stage) & (table["pain point"] != ""), "evidence"]]
        ax.text(i, moments[i] + others[i] + top * 0.05, "\n".join(pains) or "No pain point", ha="center",
                va="bottom", fontsize=9)
    ax.set(title="Your customer journey map: touchpoints and pain points at each stage",
           xlabel="Stage of the customer journey (in order)", ylabel="Touchpoints (count)", ylim=(0, top * 2.2))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=2)
    return fig


def describe_map(table: pd.DataFrame) -> str:
    """Return the map in words, stage by stage: the text description (alt text) beside its chart."""
    lines = [f"A customer journey map in {len(JOURNEY_STAGES)} stages, in the order the customer meets them."]
    for stage in JOURNEY_STAGES:
        at = table[table["stage"] == stage]
        touch = at[at["touchpoint"] != ""]
        moments = [t for t, m in zip(touch["touchpoint"], touch["moment of truth"]) if m == "yes"]
        pains = [f"{p} ({e}); improvement: {i}" for p, e, i in
                 zip(at["pain point"], at["evidence"], at["improvement"]) if p]
        lines.append(f"- {stage}: {len(touch)} touchpoint(s): {'; '.join(touch['touchpoint']) or 'none'}. "
                     f"Moments of truth: {'; '.join(moments) or 'none'}. "
                     f"Pain points: {' | '.join(pains) or 'none'}.")
    return "\n".join(lines)


register(
    NOTEBOOK,
    Exercise(id="plan-own-journey-map", kind="structured", marking_point="002:MP1",
             title="Your store's customer journey map, with evidence for its pain points",
             review=review_journey_map, covers=("003:KC1", "004:KC1", "002:KC1", "000:ET4"),
             hints=(
                 "Picture one customer from first hearing about the store to after they get home: what do they do "
                 "at each stage, and where does your data say they struggle?",
                 "The assessor looks for every stage with at least one touchpoint, at least one marked as a moment "
                 "of truth, and at least one pain point. Each pain point names a complaint category or contact "
                 "reason from your own data with its count or rate, and has an improvement.",
                 "First, write one thing the customer does at each of the four stages, and mark true the ones that "
                 "shape their view most. Next, pick a category from the evidence table where customers struggle, "
                 "copy its name and its count, and put it at the stage where it happens. Then write the change "
                 "that would remove it."),
             misconceptions=(
                 M("journey-touchpoints-only", "Touchpoints only, no pain points",
                   "A map earns its keep by showing where customers struggle: add a pain point backed by your data."),
                 M("journey-pain-no-evidence", "A pain point without evidence",
                   "Back each pain point with a complaint category or contact reason and its count or rate."),
                 M("journey-not-your-data", "Evidence that is not from your data",
                   "Copy the category and its figure from your own complaints or contacts."),
                 M("journey-stage-missing", "A stage of the journey left out",
                   "Cover every stage, from finding out to after the visit."),
                 M("journey-no-moment-of-truth", "No moment of truth marked",
                   "Mark the touchpoints where customers form their view most."),
                 M("journey-no-improvement", "A pain point with no improvement",
                   "Say what will change to remove each pain point."),
             )),
)
