"""Structured checks for the recording and reviewing sections: output vs outcome measures, the
anonymised portfolio extract, the review meeting's action log, and a HEAT complaint response."""

from __future__ import annotations

import re
from typing import Any

from course.exercises.answers import AnswerProblem
from course.exercises.registry import Problem
from course.exercises.structured import as_table, blank, find_column

# Measures a recording system holds, and whether each is output data (activity) or outcome data (effect).
MEASURE_KINDS: dict[str, str] = {
    "complaints handled": "output",
    "calls answered": "output",
    "CRM records entered": "output",
    "staff trained on the CRM": "output",
    "satisfaction after a complaint": "outcome",
    "repeat purchase rate": "outcome",
    "first contact resolution": "outcome",
    "Net Promoter Score": "outcome",
}
MEASURES: tuple[str, ...] = tuple(sorted(MEASURE_KINDS))  # the names only, for the notebook to show
PERSONAL_COLUMNS = ("name", "email", "phone", "address", "postcode", "notes", "customer_id")


def review_output_outcome(_data: Any, answer: Any) -> list[Problem]:
    """Return the measures labelled wrongly as output or outcome data (answer: {measure: kind})."""
    if not isinstance(answer, dict):
        raise AnswerProblem(f"your answer is a {type(answer).__name__}; give a dict like "
                            "{'complaints handled': 'output', ...}")
    given = {str(k).strip().casefold(): str(v).strip().casefold() for k, v in answer.items()}
    problems = []
    for measure, kind in MEASURE_KINDS.items():
        label = given.get(measure.casefold())
        if label is None:
            problems.append(Problem(f"Label '{measure}' too.", None))
        elif label != kind:
            problems.append(Problem(f"'{measure}' is not {label} data: ask whether it counts what the team "
                                    "did (output) or what changed for customers (outcome).", "output-vs-outcome"))
    return problems


def review_extract(_data: Any, answer: Any) -> list[Problem]:
    """Return what stops a table being a safe portfolio extract: personal columns or real customer ids."""
    table = as_table(answer)
    problems = [Problem(f"Remove the column '{c}': it identifies a person or holds free text.", "extract-personal-data")
                for c in table.columns if str(c).casefold() in PERSONAL_COLUMNS]
    for column in table.columns:
        values = table[column].astype(str)
        if values.str.fullmatch(r"C\d{5}").any():
            problems.append(Problem(f"Column '{column}' still holds real customer ids (C00123); replace them "
                                    "with pseudonyms.", "extract-real-ids"))
        if values.str.contains(r"@|07700 900", regex=True).any():
            problems.append(Problem(f"Column '{column}' still holds an email or phone number.", "extract-personal-data"))
    if len(table) < 10:
        problems.append(Problem("Include at least 10 records so the extract shows the analysis.", None))
    return problems


def review_action_log(_data: Any, answer: Any) -> list[Problem]:
    """Return what a review meeting's action log lacks: action, owner, due date, measure and status."""
    table = as_table(answer)
    needs = {"action": ("action",), "owner": ("owner", "who"), "due": ("due", "deadline", "by", "when"),
             "measure": ("measure", "kpi", "success"), "status": ("status", "progress")}
    found = {need: find_column(table, words) for need, words in needs.items()}
    problems = [Problem(f"Add a '{need}' column.", "review-no-owner" if need in ("owner", "due") else None)
                for need, column in found.items() if column is None]
    if len(table) < 3:
        problems.append(Problem("Record at least three action points from the review.", None))
    for need, column in found.items():
        if column is not None and blank(table[column]).any():
            problems.append(Problem(f"Every action point needs a {need}.", "review-no-owner"))
    if found["due"] is not None and not table[found["due"]].astype(str).str.contains(r"\d").all():
        problems.append(Problem("Give each due date as a date (e.g. 2025-07-31).", "review-one-off"))
    return problems


HEAT_STEPS = ("hear", "empathise", "apologise", "take_action")
_TIMEFRAME = re.compile(r"\d|today|tomorrow|by |within|hour|day|week", re.IGNORECASE)


def review_heat(_data: Any, answer: Any) -> list[Problem]:
    """Return what a HEAT response lacks: each step written out, and a specific, timed action."""
    if not isinstance(answer, dict):
        raise AnswerProblem(f"your answer is a {type(answer).__name__}; give a dict with the keys "
                            "'hear', 'empathise', 'apologise' and 'take_action'")
    given = {str(k).strip().casefold().replace(" ", "_"): str(v) for k, v in answer.items()}
    problems = [Problem(f"Write what you would say or do for '{step}'.", "heat-step-missing")
                for step in HEAT_STEPS if len(given.get(step, "").split()) < 4]
    action = given.get("take_action", "")
    if action and not _TIMEFRAME.search(action):
        problems.append(Problem("Make 'take action' specific: what you will do and by when.", "heat-vague-action"))
    if "sorry" not in given.get("apologise", "").casefold() and "apolog" not in given.get("apologise", "").casefold():
        problems.append(Problem("The apology should say sorry plainly.", "heat-step-missing"))
    return problems

