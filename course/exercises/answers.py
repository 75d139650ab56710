"""Turning whatever a learner passes to course.check() into a number or label, or a helpful message.

Learners pass all sorts: None (not attempted), strings with "%" or "£", numpy scalars, a one-value
Series, a whole DataFrame. Each case gets a plain-English explanation instead of a traceback.
"""

from __future__ import annotations

import math
import numbers
import re
from typing import Any

import numpy as np
import pandas as pd


class AnswerProblem(ValueError):
    """The answer is of a kind that cannot be checked; the message says what to do instead."""


_NUMBER_TEXT = re.compile(r"^\s*[£$€]?\s*(-?[\d,]*\.?\d+)\s*(%|per cent|percent)?\s*$", re.IGNORECASE)


def as_number(answer: Any) -> float:
    """Return the answer as a float, or raise AnswerProblem explaining what was passed and the fix."""
    if isinstance(answer, np.ndarray) and answer.ndim == 0 and not np.ma.is_masked(answer):
        answer = answer.item()  # np.array(5.0): one value, but no length
    if answer is pd.NA or answer is pd.NaT or np.ma.is_masked(answer):
        raise AnswerProblem("your answer is a missing value (NA); check for missing values in your working")
    if isinstance(answer, (bool, np.bool_)):
        raise AnswerProblem("your answer is True/False, but this exercise wants a number")
    if isinstance(answer, numbers.Real):
        value = _real(answer)
    elif isinstance(answer, str):
        match = _NUMBER_TEXT.match(answer)
        if not match:
            raise AnswerProblem(f"your answer is the text {answer[:40]!r}; give a number, e.g. answer = 23.4")
        value = float(match.group(1).replace(",", ""))
    elif isinstance(answer, pd.DataFrame):
        raise AnswerProblem(f"your answer is a whole table ({answer.shape[0]} rows × {answer.shape[1]} columns); "
                            "reduce it to one number, e.g. with .sum(), .mean() or len(...)")
    elif isinstance(answer, (pd.Series, np.ndarray, list, tuple)):
        size = answer.size if isinstance(answer, np.ndarray) else len(answer)
        if size == 1:
            raise AnswerProblem("your answer holds one value inside a list or Series; take it out, "
                                "e.g. answer = float(result.iloc[0]) or answer = result[0]")
        raise AnswerProblem(f"your answer holds {size} values; this exercise wants one number "
                            "(did you forget .sum(), .mean() or a division?)")
    else:
        raise AnswerProblem(f"your answer is a {type(answer).__name__}; this exercise wants a number")
    if math.isnan(value) or math.isinf(value):
        raise AnswerProblem("your answer is not a number (NaN or infinity): check for missing values "
                            "or a division by zero in your working")
    return value


def _real(answer: numbers.Real) -> float:
    try:
        return float(answer)
    except OverflowError:
        raise AnswerProblem("your answer is too large to be a real figure; check the units and "
                            "each step of the working") from None


def check_table(answer: pd.DataFrame) -> None:
    """Raise AnswerProblem when a table's columns cannot be told apart by name (doubled or multi-level)."""
    if isinstance(answer.columns, pd.MultiIndex):
        raise AnswerProblem("your table has column names on more than one level; give it one row of "
                            "plain column names, e.g. table.columns = ['owner', 'timing', ...]")
    doubled = answer.columns[answer.columns.duplicated()]
    if len(doubled):
        raise AnswerProblem(f"your table has more than one column called {str(doubled[0])[:40]!r}; "
                            "give each column its own name")


def as_label(answer: Any) -> str:
    """Return a text answer normalised for comparison (case, spacing), or raise AnswerProblem."""
    if isinstance(answer, (np.integer, int)) and not isinstance(answer, bool):
        return str(int(answer))
    if isinstance(answer, pd.Series) and len(answer) == 1:
        raise AnswerProblem("your answer is a one-value Series; take the value out, e.g. answer = s.index[0]")
    if not isinstance(answer, str):
        raise AnswerProblem(f"your answer is a {type(answer).__name__}; this exercise wants a word or name as text")
    return normalise(answer)


def normalise(text: str) -> str:
    """Return text case-folded with spacing collapsed and a trailing full stop removed."""
    return " ".join(text.casefold().split()).rstrip(".")
