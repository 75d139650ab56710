"""Structured checks for trends and benchmarks (4.1): choosing a data collection method for each
question, and the annotated findings table.

They look for what an assessor looks for first: a method that measures what the question asks, with
a reason; and findings backed by a figure, from two or more tools, each linked to customer service.
"""

from __future__ import annotations

import re
from typing import Any

from course.exercises.answers import AnswerProblem
from course.exercises.registry import Problem
from course.exercises.structured import as_table, blank, find_column

# Scenario -> (the method that fits, what the question is about).
SCENARIOS: dict[str, tuple[str, str]] = {
    "visitors per hour on Saturdays since the competitor opened": ("footfall counter", "traffic"),
    "which product lines have sold fewer units since the competitor opened": ("sales report", "sales"),
    "whether colleagues greet customers and explain the returns policy": ("mystery shopping", "behaviour"),
    "why customers who use both stores choose the competitor": ("questionnaire", "satisfaction"),
    "whether customers find the new returns point easy to use": ("questionnaire", "satisfaction"),
}
METHOD_WORDS: dict[str, tuple[str, ...]] = {
    "footfall counter": ("footfall counter", "door counter", "people counter", "footfall", "counter"),
    "sales report": ("sales report", "till report", "epos report", "epos", "sales data", "till data"),
    "mystery shopping": ("mystery shopping", "mystery shop", "mystery shopper", "mystery shoppers"),
    "questionnaire": ("questionnaire", "customer questionnaire", "survey", "customer survey", "exit survey"),
}
JUSTIFY_WORDS = 5


def _key(text: Any) -> str:
    return " ".join(str(text).casefold().split())


def _method(text: str) -> str | None:
    said = " ".join(text.casefold().replace("-", " ").split())
    return next((m for m, words in METHOD_WORDS.items() if said in words), None)


def _choice(value: Any) -> tuple[str, str]:
    if isinstance(value, str):
        return value, ""
    if isinstance(value, dict):
        return str(value.get("method", "")), str(value.get("why", value.get("reason", "")))
    if isinstance(value, (tuple, list)) and 1 <= len(value) <= 2:
        return str(value[0]), str(value[1]) if len(value) == 2 else ""
    raise AnswerProblem("give each scenario a pair like (\"questionnaire\", \"because ...\")")


def review_method_choice(_data: Any, answer: Any) -> list[Problem]:
    """Return the scenarios given an unsuitable or unjustified method (answer: {scenario: (method, why)})."""
    if not isinstance(answer, dict):
        raise AnswerProblem(f"your answer is a {type(answer).__name__}; give a dict like "
                            "{'scenario': ('method', 'why it fits'), ...}")
    given = {_key(k): v for k, v in answer.items()}
    problems = []
    for scenario, (right, about) in SCENARIOS.items():
        if _key(scenario) not in given:
            problems.append(Problem(f"Choose a method for '{scenario}'."))
            continue
        text, why = _choice(given[_key(scenario)])
        method = _method(text)
        if method is None:
            problems.append(Problem(f"'{text}' (for '{scenario}') is not one of: {', '.join(METHOD_WORDS)}."))
        elif method != right:
            counts = method in ("sales report", "footfall counter")
            mixed = (about == "satisfaction" and counts) or (about in ("sales", "traffic") and method == "questionnaire")
            problems.append(Problem(
                f"'{method}' does not answer '{scenario}': ask what the question is about (visitors, sales, "
                "what colleagues do, or what customers think).",
                "sales-vs-satisfaction-data" if mixed else "wrong-method-for-purpose"))
        if len(why.split()) < JUSTIFY_WORDS:
            problems.append(Problem(f"Justify the method for '{scenario}' in at least {JUSTIFY_WORDS} words: "
                                    "why does it fit this purpose?", "method-not-justified"))
    return problems


TOOL_FAMILIES: dict[str, tuple[str, ...]] = {
    "trend analysis": ("trend", "moving average", "year-on-year", "year on year", "yoy", "like-for-like",
                       "like for like", "lfl", "season"),
    "benchmarking": ("benchmark",),
    "competitor analysis": ("competitor", "price check", "price comparison", "price gap"),
}
SERVICE_WORDS = ("customer", "service", "queue", "wait", "staff", "colleague", "greet", "help", "advice",
                 "experience", "satisf", "complaint", "loyal", "served", "shopper", "visitor")
FINDING_COLUMNS = {"finding": ("finding",), "evidence": ("evidence", "figure"),
                   "tool": ("tool", "method", "technique"), "impact": ("impact", "service impact")}


def review_findings(_data: Any, answer: Any) -> list[Problem]:
    """Return what a findings table lacks: figures as evidence, two tools, a service impact on every row."""
    table = as_table(answer)
    found = {need: find_column(table, words) for need, words in FINDING_COLUMNS.items()}
    missing = [need for need, column in found.items() if column is None]
    if missing:
        return [Problem(f"Add the column(s) {', '.join(repr(m) for m in missing)}: the table needs "
                        "finding, evidence, tool and impact.")]
    problems = [Problem(f"Every row needs a {need}.") for need, column in found.items() if blank(table[column]).any()]
    if len(table) < 3:
        problems.append(Problem("Record at least three findings."))
    for row, text in enumerate(table[found["evidence"]].astype(str), start=1):
        if not re.search(r"\d", text):
            problems.append(Problem(f"Row {row}: give the figure that shows it (e.g. '−4.1% year on year').",
                                    "finding-without-evidence"))
    tools = " ".join(table[found["tool"]].astype(str)).casefold()
    if sum(any(w in tools for w in words) for words in TOOL_FAMILIES.values()) < 2:
        problems.append(Problem("Use at least two analytical tools, e.g. trend analysis and benchmarking.",
                                "one-tool-only"))
    for row, text in enumerate(table[found["impact"]].astype(str), start=1):
        if len(text.split()) < 6 or not any(w in text.casefold() for w in SERVICE_WORDS):
            problems.append(Problem(f"Row {row}: say what the finding means for customer service, in a sentence.",
                                    "finding-not-linked-to-service"))
    return problems
