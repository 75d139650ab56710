"""Handing a learner's answers from their kernel to a tutor's run, as plain data and never as verdicts.

During `course run` (only then: $COURSE_ANSWERS_PATH names a file in the task's scratch folder), `course.start`
installs an IPython `post_run_cell` hook. After each cell that calls `course.check("<id>", <expression>)`, the
hook looks up what that call was given (a variable such as `answer`, or a literal) and appends one JSON line
`{"item_id", "answer"}` or `{"item_id", "invalid"}` to the file. "The learner's answer" is therefore what their
check cell passes to course.check the last time it runs: the same value the live check judged, even when
course.check has been replaced. The tutor's process judges it (course.tutor.judge); nothing here decides. The
previous exercise's answer, still in `answer` because this exercise's cell stopped early, is handed over as not
attempted, as course.check refuses it (the one rule is course.stale's).

Only data crosses, never pickles: None, True/False, numbers, text, lists, dicts with text keys, and tables
(pandas DataFrame or Series, numpy arrays), within the limits below. Anything else, or anything larger, is
handed over as `invalid` with the reason. Encoding never calls a learner object's own methods (no __repr__,
__eq__, __float__, __len__): only exact built-in, numpy and pandas types are read.
"""

from __future__ import annotations

import ast
import datetime
import json
import math
import os
import sys
from typing import Any

import numpy as np
import pandas as pd

from course.blank import ___
from course.stale import LastChecked

ENV = "COURSE_ANSWERS_PATH"
MAX_TEXT = 20_000          # characters in one piece of text
MAX_ITEMS = 5_000          # entries in one list or dict, and rows in one table
MAX_COLUMNS = 100          # columns in one table
MAX_CELLS = 100_000        # values in one whole answer (table cells, list entries, ...)
MAX_DEPTH = 6              # lists or dicts inside one another
MAX_JSON = 2_000_000       # characters of one answer's JSON line
MAX_INT_BITS = 1_000       # a whole number larger than this is not a real figure
BLANK = {"blank": True}    # an answer still holding ___: not attempted
ELLIPSIS = {"ellipsis": True}


class TooOdd(ValueError):
    """The answer cannot be handed over as data; the message says why, for the tutor."""


def encode(answer: Any) -> Any:
    """Return `answer` as plain JSON data (tables as {"table": ...}); raise TooOdd for anything else."""
    budget = [MAX_CELLS]
    encoded = _encode(answer, 0, budget)
    if len(json.dumps(encoded, ensure_ascii=False)) > MAX_JSON:
        raise TooOdd(f"the answer is larger than {MAX_JSON:,} characters once written out")
    return encoded


def _spend(budget: list[int], count: int) -> None:
    budget[0] -= count
    if budget[0] < 0:
        raise TooOdd(f"the answer holds more than {MAX_CELLS:,} values")


def _encode(value: Any, depth: int, budget: list[int]) -> Any:
    kind = type(value)
    if value is None or kind is bool or kind is str:
        if kind is str and len(value) > MAX_TEXT:
            raise TooOdd(f"a text of {len(value):,} characters (at most {MAX_TEXT:,})")
        return value
    if value is ___:
        return BLANK
    if value is Ellipsis:
        return ELLIPSIS
    if kind is int:
        if value.bit_length() > MAX_INT_BITS:
            raise TooOdd("a whole number too large to be a real figure")
        return value
    if kind is float:
        return value if math.isfinite(value) else {"float": repr(value)}
    if kind in (pd.Timestamp, datetime.datetime, datetime.date):  # a date in an answer (e.g. an action log's due date)
        return {"date" if kind is datetime.date else "timestamp": value.isoformat()}
    if isinstance(value, np.generic) and kind.__module__ == "numpy":
        return _encode(value.item(), depth, budget) if kind is not np.object_ else _odd(value)
    if depth >= MAX_DEPTH:
        raise TooOdd(f"lists or dicts nested more than {MAX_DEPTH} deep (or a list that holds itself)")
    if kind in (list, tuple):
        return _sequence(value, depth, budget)
    if kind is dict:
        return _mapping(value, depth, budget)
    if kind is pd.DataFrame:
        return {"table": _table(value, depth, budget)}
    if kind is pd.Series:
        return {"series": _series(value, depth, budget)}
    if kind is np.ndarray:
        return _array(value, depth, budget)
    return _odd(value)


def _odd(value: Any) -> Any:
    raise TooOdd(f"a {type(value).__module__}.{type(value).__qualname__}, which is not a number, text, list, "
                 "dict or table")


def _sequence(value: list[Any] | tuple[Any, ...], depth: int, budget: list[int]) -> list[Any]:
    if len(value) > MAX_ITEMS:
        raise TooOdd(f"a list of {len(value):,} entries (at most {MAX_ITEMS:,})")
    _spend(budget, len(value))
    return [_encode(item, depth + 1, budget) for item in value]


def _mapping(value: dict[Any, Any], depth: int, budget: list[int]) -> dict[str, Any]:
    if len(value) > MAX_ITEMS:
        raise TooOdd(f"a dict of {len(value):,} entries (at most {MAX_ITEMS:,})")
    _spend(budget, len(value))
    if any(type(key) is not str for key in value):
        raise TooOdd("a dict whose keys are not all text")
    return {"dict": {key: _encode(item, depth + 1, budget) for key, item in value.items()}}


def _table(frame: pd.DataFrame, depth: int, budget: list[int]) -> dict[str, Any]:
    rows, columns = frame.shape  # the shape is known without reading any cell: a huge table costs nothing
    if rows > MAX_ITEMS or columns > MAX_COLUMNS:
        raise TooOdd(f"a table of {rows:,} rows x {columns:,} columns (at most {MAX_ITEMS:,} x {MAX_COLUMNS})")
    _spend(budget, rows * columns)
    return {"columns": [_label(c, depth, budget) for c in frame.columns],
            "index": [_label(i, depth, budget) for i in frame.index],
            "data": [[_cell(v, depth, budget) for v in frame.iloc[:, i].tolist()] for i in range(columns)]}


def _series(series: pd.Series, depth: int, budget: list[int]) -> dict[str, Any]:
    if len(series) > MAX_ITEMS:
        raise TooOdd(f"a Series of {len(series):,} values (at most {MAX_ITEMS:,})")
    _spend(budget, len(series))
    return {"name": _label(series.name, depth, budget), "index": [_label(i, depth, budget) for i in series.index],
            "values": [_cell(v, depth, budget) for v in series.tolist()]}


def _array(array: np.ndarray, depth: int, budget: list[int]) -> Any:
    if array.size > MAX_CELLS or array.ndim > 2:
        raise TooOdd(f"an array of shape {array.shape} (at most {MAX_CELLS:,} values in 1 or 2 dimensions)")
    if array.ndim == 0:
        return _encode(array.item(), depth, budget)
    return {"array": _encode(array.tolist(), depth, budget)}


def _cell(value: Any, depth: int, budget: list[int]) -> Any:
    """A table cell: missing values (NaN, None, NA, NaT) become None; anything else as `_encode` has it."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if type(value) is float and math.isnan(value):
        return None
    return _encode(value, depth + 1, budget)


def _label(value: Any, depth: int, budget: list[int]) -> Any:
    return _encode(value, depth + 1, budget)


# --- in the learner's kernel, during a tutor's run only ----------------------------------------

def install() -> None:
    """Install the post-run hook when a tutor's run asked for the answers ($COURSE_ANSWERS_PATH); else nothing."""
    path = os.environ.get(ENV, "")
    shell = _shell()
    if not path or shell is None or getattr(shell, "_course_handover", False):
        return
    handed = LastChecked()  # the answer object handed over last, to tell a stale one
    shell.events.register("post_run_cell", lambda result: _after_cell(shell, result, path, handed))
    shell._course_handover = True


def _shell() -> Any:
    ipython = sys.modules.get("IPython")
    return ipython.get_ipython() if ipython is not None else None


def _after_cell(shell: Any, result: Any, path: str, handed: LastChecked) -> None:
    source = getattr(getattr(result, "info", None), "raw_cell", "") or ""
    if "check" not in source:
        return
    for exercise_id, node in checked(source):
        line = capture(exercise_id, node, shell.user_ns, handed)
        line["kit_check"] = _kit_check_in_place()
        _append(path, line)


def checked(source: str) -> list[tuple[str, ast.expr | None]]:
    """Return (exercise id, the answer expression) of each `course.check("<id>", answer)` in a cell's source;
    a call with record=False (a demonstration) is left out."""
    try:
        tree = ast.parse("\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))))
    except (SyntaxError, ValueError):
        return []
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and _is_check(node.func) and node.args):
            continue
        first = node.args[0]
        demo = any(k.arg == "record" and isinstance(k.value, ast.Constant) and k.value.value is False
                   for k in node.keywords)
        answer = node.args[1] if len(node.args) > 1 else next((k.value for k in node.keywords if k.arg == "answer"),
                                                               None)
        if isinstance(first, ast.Constant) and isinstance(first.value, str) and not demo:
            found.append((first.value, answer))
    return found


def _is_check(func: ast.expr) -> bool:
    return (isinstance(func, ast.Attribute) and func.attr == "check") or (isinstance(func, ast.Name)
                                                                          and func.id == "check")


def capture(exercise_id: str, node: ast.expr | None, namespace: dict[str, Any],
            handed: LastChecked | None = None) -> dict[str, Any]:
    """Return the handover line of one check call: its answer encoded, or why it cannot be handed over. With
    `handed`, the answer object handed over last for another exercise (a stale one) goes as not attempted."""
    try:
        value = _value(node, namespace)
        if handed is not None:
            if handed.stale(exercise_id, value) is not None:
                return {"item_id": exercise_id, "answer": BLANK}
            handed.note(exercise_id, value)
        return {"item_id": exercise_id, "answer": encode(value)}
    except TooOdd as err:
        return {"item_id": exercise_id, "invalid": str(err)}
    except RecursionError:
        return {"item_id": exercise_id, "invalid": "the answer holds itself (a recursive structure)"}
    except Exception as err:  # noqa: BLE001 - the learner's expression or object failed: say so, hand over nothing
        return {"item_id": exercise_id, "invalid": f"the answer could not be read ({type(err).__name__})"}


def _value(node: ast.expr | None, namespace: dict[str, Any]) -> Any:
    """The value a check call was given: a variable's value, a literal, or the expression evaluated again."""
    if node is None:
        return None
    if isinstance(node, ast.Name):
        if node.id not in namespace:
            raise TooOdd(f"the variable {node.id!r} was not set")
        return namespace[node.id]
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return eval(compile(ast.Expression(node), "<check>", "eval"), namespace)  # noqa: S307 - the learner's
        # own expression, in the learner's own kernel, where their code runs anyway


def _kit_check_in_place() -> bool:
    """Whether `course.check` is still the kit's own function (False: the learner replaced it)."""
    course = sys.modules.get("course")
    checking = sys.modules.get("course.exercises.checking")
    return course is not None and checking is not None and getattr(course, "check", None) is getattr(
        checking, "check", object())


def _append(path: str, line: dict[str, Any]) -> None:
    text = json.dumps(line, ensure_ascii=False, allow_nan=False)
    if len(text) > MAX_JSON + 1000:
        text = json.dumps({"item_id": line["item_id"], "invalid": "the answer is too large to hand over",
                           "kit_check": line.get("kit_check")})
    try:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(text + "\n")
    except OSError:  # a full disk: the tutor's run then finds no answer and says so
        pass
