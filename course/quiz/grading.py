"""Grade one learner response to a sealed question: correct, incorrect, invalid or not attempted.

The response is put into the question type's canonical form and hashed with the bank salt; only
hashes are compared. ``invalid`` means something was given that cannot be marked (an empty
position, a word where a number belongs, no session for a question about the learner's data).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from course.quiz import canonical as cn
from course.quiz import context

Status = Literal["correct", "incorrect", "invalid", "not_attempted"]
NOT_ATTEMPTED = "No answer yet: give your answer, then press Check."
_NUMBER_NOISE = re.compile(r"[£$€%,\s]")


class _Invalid(Exception):
    """The response cannot be marked; the message says why, in words for the learner."""


@dataclass(frozen=True)
class QuizOutcome:
    """The result of checking one response; ``explanation`` is empty until a real attempt."""

    question_id: str
    status: Status
    misconception: str | None
    feedback: str
    explanation: str


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _is_empty(question: Any, response: Any) -> bool:
    if isinstance(response, Mapping):
        return all(_blank(v) for v in response.values())
    if isinstance(response, (list, tuple, set, frozenset)):
        return all(_blank(v) for v in response)
    return _blank(response)


def _hash(question: Any, salt: str, canonical: str) -> str:
    return cn.answer_digest(salt, question.id, canonical)


def _option(question: Any, text: Any) -> Any:
    for option in question.options:
        if option.text == text:
            return option
    raise _Invalid(f"'{text}' is not one of the options; choose from the list.")


def _option_notes(question: Any, salt: str, chosen: list[Any]) -> tuple[str, str | None]:
    notes = [cn.reveal_option_note(salt, question.id, o.text, o.feedback_sealed) for o in chosen]
    feedback = [text for text, _m in notes if text]
    misconceptions = [m for _f, m in notes if m]
    return " ".join(feedback), (misconceptions[0] if misconceptions else None)


def _mark_choice(question: Any, response: Any, salt: str) -> tuple[bool, str, str | None]:
    if question.type == "single":
        chosen = [_option(question, response)]
        canonical = cn.canonical_single(chosen[0].text)
    else:
        texts = [response] if isinstance(response, str) else list(response)
        chosen = [_option(question, text) for text in texts]
        canonical = cn.canonical_multiple(texts)
    if _hash(question, salt, canonical) == question.answer_sha256:
        return True, "", None
    return (False, *_option_notes(question, salt, chosen))


def parse_number(response: Any) -> float:
    """Return the number in ``response`` ("45", "45%", "£1,234.50" or a number); raise _Invalid."""
    if isinstance(response, bool):
        raise _Invalid("Type a number.")
    if isinstance(response, (int, float)):
        value = float(response)
    else:
        try:
            value = float(_NUMBER_NOISE.sub("", str(response)))
        except ValueError:
            raise _Invalid(f"'{response}' is not a number; type digits, e.g. 45.5.") from None
    if not math.isfinite(value):
        raise _Invalid("Type an ordinary number.")
    return value


def _expected_number(question: Any, salt: str) -> float:
    if question.answer_sealed is not None:
        return float(cn.reveal(salt, question.id, "answer", question.answer_sealed))
    try:
        return context.reference_value(question.expected_from)
    except context.NoSessionError as err:
        raise _Invalid(str(err)) from None
    except Exception as err:  # noqa: BLE001 - learner-facing: say what happened, plainly
        raise _Invalid(f"The expected value could not be worked out from your store data "
                       f"({type(err).__name__}: {err}). Please tell your tutor.") from None


def _mark_numeric(question: Any, response: Any, salt: str) -> bool:
    value = parse_number(response)
    expected = _expected_number(question, salt)
    return abs(value - expected) <= question.tolerance + 1e-9 * max(1.0, abs(expected))


def _check_positions(values: list[Any], allowed: list[str], what: str) -> None:
    blanks = [str(i + 1) for i, v in enumerate(values) if _blank(v)]
    if blanks:
        raise _Invalid(f"Choose {what} for every place (still empty: {', '.join(blanks)}).")
    for value in values:
        if value not in allowed:
            raise _Invalid(f"'{value}' is not one of the choices.")
        if values.count(value) > 1:
            raise _Invalid(f"'{value}' is used more than once; each goes in exactly one place.")


def _mark_ordering(question: Any, response: Any, salt: str) -> bool:
    values = list(response)
    if len(values) != len(question.items):
        raise _Invalid(f"Give all {len(question.items)} items in order.")
    _check_positions(values, question.items, "an item")
    return _hash(question, salt, cn.canonical_ordering(values)) == question.answer_sha256


def _mark_matching(question: Any, response: Any, salt: str) -> bool:
    if not isinstance(response, Mapping):
        raise _Invalid("Give a definition for each term.")
    values: list[Any] = [response.get(term) for term in question.terms]
    _check_positions(values, question.definitions, "a definition")
    pairs = zip(question.terms, values)
    return _hash(question, salt, cn.canonical_matching(pairs)) == question.answer_sha256


def _mark(question: Any, response: Any, salt: str) -> tuple[bool, str, str | None]:
    if question.type in ("single", "multiple"):
        return _mark_choice(question, response, salt)
    if question.type == "numeric":
        return _mark_numeric(question, response, salt), "", None
    if question.type == "text":
        digest = _hash(question, salt, cn.canonical_text(str(response)))
        return digest in question.answers_sha256, "", None
    if question.type == "ordering":
        return _mark_ordering(question, response, salt), "", None
    return _mark_matching(question, response, salt), "", None


def grade(question: Any, response: Any, *, salt: str) -> QuizOutcome:
    """Return the outcome of ``response`` to the sealed ``question`` of a bank with ``salt``."""
    if _is_empty(question, response):
        return QuizOutcome(question.id, "not_attempted", None, NOT_ATTEMPTED, "")
    try:
        right, notes, misconception = _mark(question, response, salt)
    except _Invalid as err:
        return QuizOutcome(question.id, "invalid", None, str(err), "")
    explanation = cn.reveal(salt, question.id, "explanation", question.explanation_sealed)
    if right:
        return QuizOutcome(question.id, "correct", None, "Correct.", explanation)
    # The option's feedback names the mistake in words; the misconception id is for the tutor's log.
    feedback = " ".join(part for part in ("Not quite.", notes) if part)
    return QuizOutcome(question.id, "incorrect", misconception, feedback, explanation)
