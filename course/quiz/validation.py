"""Turn pydantic's ValidationError for a bank into readable ``Problem`` lines with fixes.

Locations like ``('questions', 3, 'single', 'options', 0, 'text')`` become
question '<id of question 4>', field 'options[1].text' (list positions counted from 1).
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from course.quiz.errors import Problem
from course.quiz.schema import QUESTION_TYPES

_RESEAL = "reseal the bank with `course seal-banks` (sealed banks are never edited by hand)"
MISSING_HINTS = {
    "bank": "add `bank: <name>` equal to the file name without .yaml",
    "title": "add a `title:` line that learners will see",
    "questions": "add a `questions:` list",
    "id": "add a unique kebab-case id, e.g. id: plan-smart-letters",
    "prompt": "add the question the learner reads",
    "explanation": "add an explanation that teaches why the answer is right "
                   "(shown after any attempt)",
    "concept": "add the short name of the concept assessed, e.g. concept: SMART objectives",
    "marking_point": 'add the syllabus marking point it serves, e.g. marking_point: "000:MP1" '
                     "(codes are in course/syllabus/items.yaml)",
    "options": "add 3 to 6 options, each `- text: ...`, marking the right one(s) `correct: true`",
    "text": "add the option's text",
    "tolerance": "numeric questions need an absolute tolerance, e.g. tolerance: 0.5 "
                 "(use 0 for an exact answer)",
    "answers": "add the accepted answers, e.g. answers: [Check, checking]",
    "items": "add the items in the correct order, e.g. items: [Plan, Do, Check, Act]",
    "pairs": "add 3 to 6 pairs, each `- {term: ..., definition: ...}`",
    "term": "add the term", "definition": "add the definition",
}
EXTRA_HINTS = {
    "answer": "single/multiple questions mark the right option(s) with `correct: true` instead",
    "answers": "only text questions have `answers:`; choice questions mark options `correct: true`",
    "correct": "`correct:` belongs on an option (indented under `- text: ...`)",
}


def _question_label(raw: Any, index: int) -> tuple[str | None, int | None]:
    questions = raw.get("questions") if isinstance(raw, dict) else None
    if isinstance(questions, list) and index < len(questions):
        question = questions[index]
        if isinstance(question, dict) and isinstance(question.get("id"), str) and question["id"]:
            return question["id"], None
    return None, index + 1


def _field_path(parts: tuple[Any, ...]) -> str | None:
    text = ""
    for part in parts:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or None


def _question_type(raw: Any, index: int) -> str:
    try:
        return str(raw["questions"][index]["type"])
    except (KeyError, IndexError, TypeError):
        return "this"


def _describe(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _message(error: ErrorDetails, field: str | None, qtype: str, sealed: bool) -> str:
    kind, value, leaf = error["type"], error.get("input"), (field or "").split(".")[-1]
    leaf = leaf.split("[")[0]
    if sealed and kind in ("missing", "extra_forbidden"):
        found = ("is missing" if kind == "missing"
                 else f"is not a field of a sealed {qtype} question")
        return f"{found}; {_RESEAL}"
    if kind == "missing":
        return f"is missing; {MISSING_HINTS.get(leaf, 'add it (see docs/QUIZ-BANK-FORMAT.md)')}"
    if kind == "extra_forbidden":
        hint = EXTRA_HINTS.get(
            leaf, "remove it or check its spelling (see docs/QUIZ-BANK-FORMAT.md)")
        return f"is not a field of a {qtype} question; {hint}"
    if kind == "union_tag_invalid":
        return (f"unknown type {_describe(error['ctx']['tag'])}; "
                f"use one of {', '.join(QUESTION_TYPES)}")
    if kind == "union_tag_not_found":
        return f"is missing; add `type:` with one of {', '.join(QUESTION_TYPES)}"
    if kind == "string_type":
        if value is None and leaf in MISSING_HINTS:
            return f"is empty; {MISSING_HINTS[leaf]}"
        if value is None:
            return "is empty; write the text, or remove the line if it is optional"
        return f"should be text, found {_describe(value)}; put it in quotes"
    if kind in ("float_type", "float_parsing", "finite_number"):
        return f"should be a number, found {_describe(value)}"
    if kind in ("bool_type", "bool_parsing"):
        return f"should be true or false, found {_describe(value)}"
    if kind == "list_type":
        return f"should be a list (lines starting with '- '), found {_describe(value)}"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"should be a mapping of `key: value` lines, found {_describe(value)}"
    if kind == "string_pattern_mismatch":
        return f"is not a SHA-256 hex digest; {_RESEAL}"
    return f"{error['msg']} (found {_describe(value)})"


def problems_from_validation_error(err: ValidationError, raw: Any, file: str) -> list[Problem]:
    """Return one readable Problem per pydantic error, located by question id and field."""
    problems: list[Problem] = []
    sealed = isinstance(raw, dict) and "salt" in raw
    for error in err.errors(include_url=False):
        loc = tuple(error["loc"])
        question_id, position, qtype = None, None, "this"
        if len(loc) >= 2 and loc[0] == "questions" and isinstance(loc[1], int):
            question_id, position = _question_label(raw, loc[1])
            qtype = _question_type(raw, loc[1])
            loc = loc[2:]
            if loc and loc[0] in QUESTION_TYPES:
                loc = loc[1:]
            if error["type"].startswith("union_tag"):
                loc = ("type",)
        field = _field_path(loc)
        problem = Problem(file=file, question_id=question_id, position=position, field=field,
                          message=_message(error, field, qtype, sealed))
        if problem not in problems:
            problems.append(problem)
    return problems
