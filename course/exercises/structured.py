"""Structured checks for written work: SMART objectives, service plan tables and SWOT entries.

These do not mark prose for style. They check what an assessor looks for first: a number to hit,
a deadline and a named measure; owners, timings and contingencies; evidence behind every factor.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from course.exercises.answers import AnswerProblem
from course.exercises.registry import Problem

METRIC_WORDS = ("csat", "nps", "net promoter", "satisfaction", "conversion", "atv", "average transaction",
                "first contact resolution", "fcr", "complaint", "queue", "wait", "effort", "ces", "mystery shop",
                "repeat", "retention", "upt", "units per", "sales per labour hour", "footfall", "response time",
                "resolved", "call-back", "callback")
_NUMBER = re.compile(r"\d")
_DEADLINE = re.compile(
    r"\bby\b|\bwithin\b|\bbefore\b|\bend of\b|\d{1,2}/\d{1,2}|\d{4}-\d{2}-\d{2}|\bq[1-4]\b|\bweeks?\b|\bmonths?\b|"
    r"\bjanuary|\bfebruary|\bmarch\b|\bapril|\bmay\b|\bjune|\bjuly|\baugust|\bseptember|\boctober|\bnovember|\bdecember",
    re.IGNORECASE)


def review_smart(_data: Any, answer: Any) -> list[Problem]:
    """Return what a SMART objective is missing: a measurable target, a deadline and a named metric."""
    text = _text(answer)
    problems = []
    if len(text.split()) < 8:
        problems.append(Problem("Write a full sentence: what will improve, by how much and by when.", "smart-vague"))
    if not _NUMBER.search(text):
        problems.append(Problem("Add a measurable target: a number to reach, such as 'CSAT of 85%'.", "smart-vague"))
    if not _DEADLINE.search(text):
        problems.append(Problem("Add a deadline: 'by 30 June' or 'within 8 weeks' makes it time-bound.",
                                "smart-no-deadline"))
    if not any(word in text.casefold() for word in METRIC_WORDS):
        problems.append(Problem("Name the measure you will track, e.g. CSAT, complaint rate or queue time.",
                                "smart-vague"))
    return problems


PLAN_COLUMNS = {"objective": ("objective", "action", "standard", "task"),
                "owner": ("owner", "who", "responsible", "lead"),
                "timing": ("timing", "when", "deadline", "timeline", "date", "by"),
                "contingency": ("contingency", "backup", "fallback", "plan b", "if")}


def review_service_plan(_data: Any, answer: Any) -> list[Problem]:
    """Return what a service plan table lacks: owners, timings and a contingency for every row."""
    table = as_table(answer)
    found = {need: find_column(table, words) for need, words in PLAN_COLUMNS.items()}
    problems = [Problem(f"Add a column for the {need} (e.g. '{words[0]}').",
                        "plan-no-contingency" if need == "contingency" else "plan-no-owner")
                for need, words in PLAN_COLUMNS.items() if found[need] is None]
    if len(table) < 3:
        problems.append(Problem("Plan at least three objectives or actions.", "plan-too-thin"))
    for need, column in found.items():
        if column is not None and blank(table[column]).any():
            row = int(blank(table[column]).to_numpy().nonzero()[0][0]) + 1
            problems.append(Problem(f"Row {row} has no {need}: every row needs one.",
                                    "plan-no-contingency" if need == "contingency" else "plan-no-owner"))
    return problems


def review_swot(data: Any, answer: Any) -> list[Problem]:
    """Return what a SWOT lacks: all four quadrants and evidence from the data behind every factor."""
    table = as_table(answer)
    kind_col = find_column(table, ("quadrant", "type", "category", "swot"))
    evidence_col = find_column(table, ("evidence", "source", "data"))
    if kind_col is None or evidence_col is None:
        return [Problem("Use columns 'quadrant' (S, W, O or T), 'factor' and 'evidence'.", "swot-no-evidence")]
    letters = table[kind_col].astype(str).str.strip().str[0].str.upper()
    problems = [Problem(f"Add at least one {name}.", "swot-incomplete")
                for letter, name in (("S", "strength"), ("W", "weakness"), ("O", "opportunity"), ("T", "threat"))
                if letter not in set(letters)]
    tables = tuple(getattr(data, "tables", lambda: {})().keys())
    for i, evidence in enumerate(table[evidence_col].astype(str), start=1):
        if not (_NUMBER.search(evidence) or any(t in evidence for t in tables)):
            problems.append(Problem(f"Row {i}: cite evidence from your data (a figure or the table it came from).",
                                    "swot-no-evidence"))
    return problems


def _text(answer: Any) -> str:
    if isinstance(answer, dict):
        return " ".join(str(v) for v in answer.values())
    if not isinstance(answer, str):
        raise AnswerProblem(f"your answer is a {type(answer).__name__}; write your objective as text in quotes")
    return answer.strip()


def as_table(answer: Any) -> pd.DataFrame:
    """Return a table answer as a DataFrame (a list of dicts is fine too); refuse anything else or no rows."""
    if isinstance(answer, pd.DataFrame):
        table = answer
    elif isinstance(answer, list) and answer and all(isinstance(r, dict) for r in answer):
        table = pd.DataFrame(answer)
    else:
        raise AnswerProblem(f"your answer is a {type(answer).__name__}; build a table, e.g. "
                            "pd.DataFrame([{...}, {...}]) with one dict per row")
    if table.empty:
        raise AnswerProblem("your table has no rows yet")
    return table


def find_column(table: pd.DataFrame, words: tuple[str, ...]) -> str | None:
    """Return the first column whose name is, or starts with, one of `words` (case-insensitive), or None."""
    for column in table.columns:
        name = str(column).casefold()
        if any(name == w or name.startswith(w) for w in words):
            return column
    return None


def blank(column: pd.Series) -> pd.Series:
    """Return True where a cell is missing or only white space."""
    return column.isna() | (column.astype(str).str.strip() == "")
