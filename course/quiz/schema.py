"""Pydantic models of question banks (source and sealed) and ``load_bank``, which validates.

The models check structure (fields, types); ``course.quiz.rules`` checks meaning (one correct
option, known marking points, unique ids...). Both report through ``BankError`` with messages
that name the file, question and field; pydantic's raw dump is never shown.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from course.quiz.errors import BankError, Problem

QUESTION_TYPES = ("single", "multiple", "numeric", "text", "ordering", "matching")
_SHA256 = r"^[0-9a-f]{64}$"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True,
                              str_strip_whitespace=True)


class _Question(_Model):
    id: str
    prompt: str
    concept: str
    marking_point: str
    covers: list[str] = []


# ---- source banks (answers in plain text; authored in solutions/quiz/) ----------------------

class SourceOption(_Model):
    """A choice in a source single or multiple question, with its feedback."""
    text: str
    correct: bool = False
    feedback: str | None = None
    misconception: str | None = None


class _SourceQuestion(_Question):
    explanation: str


class SourceSingle(_SourceQuestion):
    """A source question with one right option."""
    type: Literal["single"]
    options: list[SourceOption]


class SourceMultiple(_SourceQuestion):
    """A source question with several right options."""
    type: Literal["multiple"]
    options: list[SourceOption]


class SourceNumeric(_SourceQuestion):
    """A source question answered with a number, within a tolerance."""
    type: Literal["numeric"]
    answer: float | None = None
    expected_from: str | None = None
    tolerance: float
    unit: str = ""


class SourceText(_SourceQuestion):
    """A source question answered with a short text."""
    type: Literal["text"]
    answers: list[str]


class SourceOrdering(_SourceQuestion):
    """A source question whose items are put in order."""
    type: Literal["ordering"]
    items: list[str]


class MatchingPair(_Model):
    """A term and its definition in a matching question."""
    term: str
    definition: str


class SourceMatching(_SourceQuestion):
    """A source question whose terms are matched to definitions."""
    type: Literal["matching"]
    pairs: list[MatchingPair]


SourceQuestion = Annotated[
    SourceSingle | SourceMultiple | SourceNumeric | SourceText | SourceOrdering | SourceMatching,
    Field(discriminator="type"),
]


class SourceBank(_Model):
    """A question bank as authored, answers in plain text."""
    bank: str
    title: str
    questions: list[SourceQuestion]


# ---- sealed banks (hashed answers, obfuscated texts; shipped in course/quiz/banks/) ----------

class SealedOption(_Model):
    """A choice in a sealed question, its feedback obfuscated."""
    text: str
    feedback_sealed: str  # obfuscated {"feedback", "misconception"}, same length for all options


class _SealedQuestion(_Question):
    explanation_sealed: str


class SealedSingle(_SealedQuestion):
    """A sealed question with one right option."""
    type: Literal["single"]
    options: list[SealedOption]
    answer_sha256: str = Field(pattern=_SHA256)


class SealedMultiple(_SealedQuestion):
    """A sealed question with several right options."""
    type: Literal["multiple"]
    options: list[SealedOption]
    answer_sha256: str = Field(pattern=_SHA256)


class SealedNumeric(_SealedQuestion):
    """A sealed question answered with a number, within a tolerance."""
    type: Literal["numeric"]
    answer_sealed: str | None = None
    expected_from: str | None = None
    tolerance: float
    unit: str = ""


class SealedText(_SealedQuestion):
    """A sealed question answered with a short text."""
    type: Literal["text"]
    answers_sha256: list[Annotated[str, Field(pattern=_SHA256)]]


class SealedOrdering(_SealedQuestion):
    """A sealed question whose items are put in order."""
    type: Literal["ordering"]
    items: list[str]
    answer_sha256: str = Field(pattern=_SHA256)


class SealedMatching(_SealedQuestion):
    """A sealed question whose terms are matched to definitions."""
    type: Literal["matching"]
    terms: list[str]
    definitions: list[str]
    answer_sha256: str = Field(pattern=_SHA256)


SealedQuestion = Annotated[
    SealedSingle | SealedMultiple | SealedNumeric | SealedText | SealedOrdering | SealedMatching,
    Field(discriminator="type"),
]


class SealedBank(_Model):
    """A question bank as shipped: answers hashed, feedback obfuscated."""
    bank: str
    title: str
    salt: str
    questions: list[SealedQuestion]

    def question(self, question_id: str) -> Any:
        """Return the question with ``question_id``; raise KeyError if there is none."""
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(question_id)


Bank = SourceBank | SealedBank


def validate_bank_data(data: Any, *, file: str, stem: str, each_question: bool = True) -> Bank:
    """Return the validated bank in ``data`` (sealed if it has a ``salt``); raise BankError.

    ``each_question=False`` checks the structure and the bank as a whole (name, title, salt, ids), not the meaning
    of each question (``course.quiz.rules``: syllabus codes, options, answer hashes): for a shipped bank whose bytes
    are those ``course seal-banks`` validated in full (``course.quiz.seal.checked_when_sealed``).
    """
    from course.quiz.rules import check_bank
    from course.quiz.validation import problems_from_validation_error

    if not isinstance(data, dict):
        found = "nothing" if data is None else type(data).__name__
        raise BankError.single(file, f"the file must be a mapping with bank, title and questions "
                                     f"(found {found}); see docs/QUIZ-BANK-FORMAT.md")
    model = SealedBank if "salt" in data else SourceBank
    try:
        bank: Bank = model.model_validate(data)
    except ValidationError as err:
        raise BankError(problems_from_validation_error(err, data, file)) from None
    problems: list[Problem] = check_bank(bank, file=file, stem=stem, each_question=each_question)
    if problems:
        raise BankError(problems)
    return bank


def load_bank(path: Path | str) -> Bank:
    """Read and validate the source or sealed bank at ``path``; raise BankError if it is wrong."""
    from course.quiz.yamlio import read_yaml

    path = Path(path)
    return validate_bank_data(read_yaml(path), file=path.name, stem=path.stem)
