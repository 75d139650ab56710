"""The hint ladder's texts (issue #13): every exercise has at least three rungs, from a question that
nudges to the method in plain words, written for learners who have never coded, and no rung gives
away a learner's own answer."""

from __future__ import annotations

import math
import re
from collections.abc import Callable

import pytest

from course import exercises
from course.store import StoreData
from course.store.schema import TABLES_BY_NAME

IDS = exercises.ids()
NUMERIC = [i for i in IDS if exercises.get(i).kind == "number"]
# One learner in each of three sectors (the same ones as conftest's LEARNERS, so the stores are shared).
LEARNERS = [("amara", "apparel"), ("ben", "grocery"), ("chen", "electronics")]

# Python and pandas words a learner who has never coded should not meet in a hint.
CODE_WORDS = ("groupby", "dataframe", "loc", "iloc", "isin", "idxmax", "idxmin", "merge", "lambda", "boolean",
              "bool", "dtype", "dtypes", "nunique", "dropna", "fillna", "notna", "isna", "astype", "series", "mask",
              "apply", "dict", "nan", "value_counts", "sort_values", "reset_index", "import", "print")
CODE_SIGNS = ("[", "]", "()", "==", "!=", "`", "{", "}")
DOTTED_NAME = re.compile(r"[A-Za-z_]\.[A-Za-z_]")  # data.transactions, course.kpi, pd.Timestamp
NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def _code_vocabulary(text: str) -> list[str]:
    """Return the code words and signs found in a hint."""
    words = [w for w in CODE_WORDS if re.search(rf"\b{re.escape(w)}\b", text, re.IGNORECASE)]
    return words + [s for s in CODE_SIGNS if s in text] + DOTTED_NAME.findall(text)


def test_code_vocabulary_finder_catches_code() -> None:
    found = set(_code_vocabulary("Use groupby on the DataFrame, then .loc[mask] of data.transactions."))
    assert {"groupby", "dataframe", "loc", "mask", "[", "]", "a.t"} <= found
    assert _code_vocabulary("First, add up the visitors column of the footfall table.") == []


@pytest.mark.parametrize("exercise_id", IDS)
def test_every_exercise_has_a_ladder_of_at_least_three_distinct_rungs(exercise_id: str) -> None:
    hints = exercises.get(exercise_id).hints
    assert isinstance(hints, tuple) and len(hints) >= 3, f"{exercise_id}: {len(hints)} hint(s); it needs 3 or more"
    assert len(set(hints)) == len(hints), f"{exercise_id}: two rungs are the same"


@pytest.mark.parametrize("exercise_id", IDS)
def test_each_rung_is_a_plain_sentence(exercise_id: str) -> None:
    for rung, text in enumerate(exercises.get(exercise_id).hints, start=1):
        assert isinstance(text, str) and text.strip() == text and text, f"{exercise_id} rung {rung} is blank"
        assert text.endswith((".", "?")), f"{exercise_id} rung {rung} should end with a full stop or a question mark"
        assert not _code_vocabulary(text), \
            f"{exercise_id} rung {rung} uses code words {_code_vocabulary(text)}: {text!r}"


@pytest.mark.parametrize("exercise_id", IDS)
def test_the_first_rung_is_a_nudging_question_not_the_existing_hint(exercise_id: str) -> None:
    exercise = exercises.get(exercise_id)
    assert exercise.hints[0].endswith("?"), f"{exercise_id}: rung 1 should nudge with a question"
    assert exercise.hints[0] != exercise.hint, f"{exercise_id}: rung 1 repeats the wrong-answer hint"


@pytest.mark.parametrize("exercise_id", NUMERIC)
def test_the_method_rung_names_the_tables_to_use(exercise_id: str) -> None:
    """The last rung of a figure's ladder says where the figures come from: a table of the store, or an
    answer the learner has already worked out."""
    method = exercises.get(exercise_id).hints[-1]
    named = [t for t in TABLES_BY_NAME if re.search(rf"\b{t}\b", method)]
    assert named or "your answer" in method, f"{exercise_id}: the last rung names no table: {method!r}"


def _leaks(text: str, value: float, *, whole: bool) -> list[str]:
    """Return the numbers in `text` that equal `value` rounded as the number is written.

    A number written with decimals leaks a value that rounds to it; a whole number only leaks an answer
    given as a whole number (a count, or one accepted to the nearest whole), so "× 100" is no leak.
    """
    found = []
    for token in NUMBER.findall(text):
        written = token.replace(",", "")
        places = len(written.split(".")[1]) if "." in written else 0
        if (places or whole) and math.isclose(float(written), round(abs(value), places), abs_tol=1e-9):
            found.append(token)
    return found


def test_leak_finder_sees_a_rounded_answer() -> None:
    assert _leaks("About 23.4 of them.", 23.4371, whole=False) == ["23.4"]
    assert _leaks("Multiply by 100.", 100.2, whole=False) == []
    assert _leaks("Give 7 as a whole number.", 7, whole=True) == ["7"]
    assert _leaks("A fall of 20.", -20.0, whole=True) == ["20"]


@pytest.mark.parametrize(("learner_id", "sector"), LEARNERS, ids=[f"{i}-{s}" for i, s in LEARNERS])
def test_no_hint_gives_away_a_learners_numeric_answer(learner_id: str, sector: str,
                                                      store_of: Callable[..., StoreData]) -> None:
    data = store_of(learner_id, sector=sector)
    leaks = []
    for exercise_id in NUMERIC:
        exercise = exercises.get(exercise_id)
        assert exercise.expected is not None
        value = float(exercise.expected(data))
        whole = float(value).is_integer() or exercise.tolerance >= 0.5
        leaks += [f"{exercise_id} rung {rung}: {found}" for rung, text in enumerate(exercise.hints, start=1)
                  if (found := _leaks(text, value, whole=whole))]
    assert not leaks, f"hints that hold {learner_id}'s answer: {leaks}"
