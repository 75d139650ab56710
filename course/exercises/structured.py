"""Tools the written-work checks of several notebooks share: reading a table or dict answer, finding its
columns, and the SMART objective check (1.1's objective and 5.4's review goal).

These do not mark prose for style. They check what an assessor looks for first: a number to hit,
a deadline and a named measure.
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
NUMBER = re.compile(r"\d")
DEADLINE = re.compile(
    r"\bby\b|\bwithin\b|\bbefore\b|\bend of\b|\d{1,2}/\d{1,2}|\d{4}-\d{2}-\d{2}|\bq[1-4]\b|\bweeks?\b|\bmonths?\b|"
    r"\bjanuary|\bfebruary|\bmarch\b|\bapril|\bmay\b|\bjune|\bjuly|\baugust|\bseptember|\boctober|\bnovember|\bdecember",
    re.IGNORECASE)


def review_smart(_data: Any, answer: Any) -> list[Problem]:
    """Return what a SMART objective is missing: a measurable target, a deadline and a named metric."""
    text = _text(answer)
    problems = []
    if len(text.split()) < 8:
        problems.append(Problem("Write a full sentence: what will improve, by how much and by when.", "smart-vague"))
    if not NUMBER.search(text):
        problems.append(Problem("Add a measurable target: a number to reach, such as 'CSAT of 85%'.", "smart-vague"))
    if not DEADLINE.search(text):
        problems.append(Problem("Add a deadline: 'by 30 June' or 'within 8 weeks' makes it time-bound.",
                                "smart-no-deadline"))
    if not any(word in text.casefold() for word in METRIC_WORDS):
        problems.append(Problem("Name the measure you will track, e.g. CSAT, complaint rate or queue time.",
                                "smart-vague"))
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


def as_fields(answer: Any, keys: tuple[str, ...], example: str) -> dict[str, str]:
    """Return a dict answer with its keys normalised ('Smart goal' is 'smart_goal') and its values as text."""
    if not isinstance(answer, dict):
        raise AnswerProblem(f"your answer is a {type(answer).__name__}; give a dict with the keys "
                            f"{', '.join(repr(k) for k in keys)}, e.g. {example}")
    return {str(k).strip().casefold().replace(" ", "_"): "" if v is None else str(v).strip() for k, v in answer.items()}


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
