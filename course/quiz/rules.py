"""Meaning checks of a structurally valid bank: ids, counts, correct options, syllabus codes.

``check_bank`` returns a list of ``Problem`` (empty when the bank is fine). Sealed banks get the
same checks plus proof that each stored hash matches one of the offered answers and that every
obfuscated text can be read back.
"""

from __future__ import annotations

import itertools
import math
import re
from functools import cache
from typing import Any

from course import sections
from course.quiz import canonical as cn
from course.quiz.errors import Problem
from course.quiz.schema import Bank, SealedBank
from course.yamlfast import load_packaged

KEBAB = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LIMITS = {"options": (3, 6), "items": (3, 7), "pairs": (3, 6), "terms": (3, 6)}
_RESEAL = "reseal the bank with `course seal-banks`"


@cache
def syllabus_codes() -> dict[str, str]:
    """Return {code: kind} of every syllabus item in course/syllabus/items.yaml."""
    sections = load_packaged("course.syllabus", "items.yaml") or {}
    return {item["code"]: item["kind"] for section in sections.values()
            for item in section.get("items", [])}


class _Report:
    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def add(self, question: Any, field: str | None, message: str) -> None:
        qid = getattr(question, "id", None) or None
        self.problems.append(Problem(self.file, message, question_id=qid, field=field))


def check_bank(bank: Bank, *, file: str, stem: str, each_question: bool = True) -> list[Problem]:
    """Return every meaning problem of ``bank`` read from ``file`` (whose stem is ``stem``). ``each_question=False``
    checks the bank as a whole only (its name, title, salt and question ids), not what each question says."""
    report = _Report(file)
    _check_header(report, bank, stem)
    _check_ids(report, bank)
    sealed = isinstance(bank, SealedBank)
    for question in bank.questions if each_question else ():
        _check_common(report, question)
        checker = _SEALED_CHECKS if sealed else _SOURCE_CHECKS
        checker[question.type](report, question, getattr(bank, "salt", ""))
    return report.problems


def _check_header(report: _Report, bank: Bank, stem: str) -> None:
    if bank.bank != stem:
        report.add(None, "bank", f"'{bank.bank}' does not match the file name; rename the file "
                                 f"to {bank.bank}.yaml or set bank: {stem}")
    elif not KEBAB.match(bank.bank):
        report.add(None, "bank", f"'{bank.bank}' must be lowercase kebab-case, e.g. data-analysis")
    if not bank.title:
        report.add(None, "title", "is empty; write the title learners see")
    if not bank.questions:
        report.add(None, "questions", "is empty; add at least one question")
    if isinstance(bank, SealedBank) and bank.salt != cn.bank_salt(bank.bank):
        report.add(None, "salt", f"does not belong to bank '{bank.bank}'; {_RESEAL}")


def _check_ids(report: _Report, bank: Bank) -> None:
    seen: set[str] = set()
    section = sections.of_bank(bank.bank)
    prefix = section.quiz_prefix if section else None
    for question in bank.questions:
        if question.id in seen:
            report.add(question, "id", "is used by another question in this bank; "
                                       "give each question its own id")
        seen.add(question.id)
        if not KEBAB.match(question.id):
            report.add(question, "id", "must be lowercase kebab-case, e.g. plan-smart-letters")
        elif prefix and not question.id.startswith(prefix):
            report.add(question, "id", f"must start with '{prefix}' in bank '{bank.bank}'")


def _check_common(report: _Report, question: Any) -> None:
    for field in ("prompt", "concept", "explanation"):
        if getattr(question, field, "x") == "":
            report.add(question, field, "is empty; write it (see docs/QUIZ-BANK-FORMAT.md)")
    codes = syllabus_codes()
    if codes.get(question.marking_point) != "marking_point":
        found = (f"is a {codes[question.marking_point].replace('_', ' ')} code"
                 if question.marking_point in codes else "is not a known code")
        report.add(question, "marking_point", f"'{question.marking_point}' {found}; use a marking "
                   "point code (kind MP) from course/syllabus/items.yaml, e.g. \"000:MP1\"")
    for code in question.covers:
        if code not in codes:
            report.add(question, "covers", f"'{code}' is not a known code; use codes from "
                                           "course/syllabus/items.yaml, e.g. \"000:CM1\"")


def _check_count(report: _Report, question: Any, field: str, values: list[Any]) -> None:
    low, high = LIMITS[field]
    if not low <= len(values) <= high:
        report.add(question, field, f"has {len(values)} entries; use {low} to {high}")


def _check_unique(report: _Report, question: Any, field: str, texts: list[str]) -> None:
    seen: set[str] = set()
    for text in texts:
        key = cn.normalise_text(text)
        if not key:
            report.add(question, field, f"has an empty entry {text!r}; write its text")
        elif key in seen:
            report.add(question, field, f"'{text}' appears twice (ignoring case, spaces and a "
                                        "final full stop); make every entry different")
        seen.add(key)


def _check_options(report: _Report, question: Any) -> None:
    _check_count(report, question, "options", question.options)
    _check_unique(report, question, "options", [option.text for option in question.options])
    for option in question.options:
        if getattr(option, "misconception", None) is not None and \
                not KEBAB.match(option.misconception):
            report.add(question, "options", f"misconception '{option.misconception}' must be a "
                                            "kebab-case id, e.g. smart-vague")


def _check_source_choice(report: _Report, question: Any, _salt: str) -> None:
    _check_options(report, question)
    correct = [option for option in question.options if option.correct]
    if not correct:
        report.add(question, "options", "no option is marked `correct: true`; mark the right one")
    elif question.type == "single" and len(correct) > 1:
        report.add(question, "options", f"{len(correct)} options are marked `correct: true` but a "
                   "single question has exactly one; make it type: multiple or unmark the others")
    for option in correct:
        if option.feedback or option.misconception:
            report.add(question, "options", f"the correct option '{option.text}' has feedback or a "
                       "misconception; these belong on wrong options only")


def _check_numeric(report: _Report, question: Any, fixed: object | None) -> None:
    if (fixed is None) == (question.expected_from is None):
        found = ("both `answer` and `expected_from`" if fixed is not None
                 else "neither `answer` nor `expected_from`")
        report.add(question, "answer", f"has {found}; give exactly one: a fixed number, "
                   "or the id of the exercise whose reference answer is expected")
    if not math.isfinite(question.tolerance) or question.tolerance < 0:
        report.add(question, "tolerance", f"is {question.tolerance}; use a number >= 0")
    if question.expected_from is not None and not KEBAB.match(question.expected_from):
        report.add(question, "expected_from", "must be an exercise id (kebab-case), e.g. kpi-nps")


def _check_source_numeric(report: _Report, question: Any, _salt: str) -> None:
    _check_numeric(report, question, question.answer)
    if question.answer is not None and not math.isfinite(question.answer):
        report.add(question, "answer", "must be a finite number")


def _check_source_text(report: _Report, question: Any, _salt: str) -> None:
    if not question.answers:
        report.add(question, "answers", "is empty; list at least one accepted answer")
    _check_unique(report, question, "answers", question.answers)


def _check_source_ordering(report: _Report, question: Any, _salt: str) -> None:
    _check_count(report, question, "items", question.items)
    _check_unique(report, question, "items", question.items)


def _check_source_matching(report: _Report, question: Any, _salt: str) -> None:
    _check_count(report, question, "pairs", question.pairs)
    _check_unique(report, question, "pairs", [pair.term for pair in question.pairs])
    _check_unique(report, question, "pairs", [pair.definition for pair in question.pairs])


def _revealed(report: _Report, question: Any, field: str, purpose: str, token: str,
              salt: str) -> str | None:
    try:
        return cn.reveal(salt, question.id, purpose, token)
    except ValueError as err:
        report.add(question, field, str(err))
        return None


def _check_sealed_texts(report: _Report, question: Any, salt: str) -> None:
    if _revealed(report, question, "explanation_sealed", "explanation",
                 question.explanation_sealed, salt) == "":
        report.add(question, "explanation_sealed", f"is empty; {_RESEAL}")
    for option in getattr(question, "options", []):
        try:
            cn.reveal_option_note(salt, question.id, option.text, option.feedback_sealed)
        except ValueError as err:
            report.add(question, "options", f"the note of option '{option.text}' {err}")


def _matches_any(salt: str, question: Any, canonicals: Any) -> bool:
    return any(cn.answer_digest(salt, question.id, c) == question.answer_sha256
               for c in canonicals)


def _check_sealed_single(report: _Report, question: Any, salt: str) -> None:
    _check_options(report, question)
    _check_sealed_texts(report, question, salt)
    texts = [option.text for option in question.options]
    if question.type == "single":
        found = _matches_any(salt, question, (cn.canonical_single(t) for t in texts))
    else:
        subsets = (itertools.combinations(texts, n) for n in range(1, len(texts) + 1))
        found = _matches_any(salt, question,
                             (cn.canonical_multiple(s) for s in itertools.chain(*subsets)))
    if not found:
        report.add(question, "options", f"the answer is not among the options; {_RESEAL}")


def _check_sealed_numeric(report: _Report, question: Any, salt: str) -> None:
    _check_sealed_texts(report, question, salt)
    _check_numeric(report, question, question.answer_sealed)
    if question.answer_sealed is not None:
        text = _revealed(report, question, "answer_sealed", "answer", question.answer_sealed, salt)
        try:
            if text is not None and not math.isfinite(float(text)):
                raise ValueError
        except ValueError:
            report.add(question, "answer_sealed", f"is not a finite number; {_RESEAL}")


def _check_sealed_text(report: _Report, question: Any, salt: str) -> None:
    _check_sealed_texts(report, question, salt)
    if not question.answers_sha256:
        report.add(question, "answers_sha256", f"is empty; {_RESEAL}")


def _check_sealed_ordering(report: _Report, question: Any, salt: str) -> None:
    _check_sealed_texts(report, question, salt)
    _check_source_ordering(report, question, salt)
    if len(question.items) <= 7:
        if _matches_any(salt, question, [cn.canonical_ordering(question.items)]):
            report.add(question, "items", f"are stored in the correct order; {_RESEAL}")
        elif not _matches_any(salt, question, (cn.canonical_ordering(p) for p in
                                               itertools.permutations(question.items))):
            report.add(question, "items", f"no order of the items matches the answer; {_RESEAL}")


def _check_sealed_matching(report: _Report, question: Any, salt: str) -> None:
    _check_sealed_texts(report, question, salt)
    _check_count(report, question, "terms", question.terms)
    _check_unique(report, question, "terms", question.terms)
    _check_unique(report, question, "definitions", question.definitions)
    if len(question.terms) != len(question.definitions):
        report.add(question, "definitions", f"has {len(question.definitions)} entries for "
                   f"{len(question.terms)} terms; {_RESEAL}")
    elif len(question.terms) <= 6 and not _matches_any(salt, question, (
            cn.canonical_matching(zip(question.terms, p))
            for p in itertools.permutations(question.definitions))):
        report.add(question, "definitions", f"no matching of terms and definitions gives the "
                   f"answer; {_RESEAL}")


_SOURCE_CHECKS = {
    "single": _check_source_choice, "multiple": _check_source_choice,
    "numeric": _check_source_numeric, "text": _check_source_text,
    "ordering": _check_source_ordering, "matching": _check_source_matching,
}
_SEALED_CHECKS = {
    "single": _check_sealed_single, "multiple": _check_sealed_single,
    "numeric": _check_sealed_numeric, "text": _check_sealed_text,
    "ordering": _check_sealed_ordering, "matching": _check_sealed_matching,
}
