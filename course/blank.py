"""The blank `___` of a code skeleton: anything done with it gives it back, until the learner fills it in.

    from course import ___
    visitors = data.total("footfall", ___)   # which column counts people coming in?
    answer = ___ / visitors * 100            # still ___; course.check says the cell has blanks to fill

Arithmetic, comparisons, round(), abs(), indexing, calls and attribute access on a blank all give the
blank. What cannot give a blank (float(), int(), bool()) raises BlankError, whose message
says to fill in the blank first. `holds_blank` finds a blank inside an answer, and `blanks_give_blank`
makes a helper give the blank back when one goes in: every helper on `data` and every KPI in course.kpi
(`course.kpi.atv(___, 120)` is ___).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from typing import Any, NoReturn, ParamSpec, TypeVar

import numpy as np
import pandas as pd

__all__ = ["BLANKS_LEFT", "BlankError", "Blank", "___", "holds_blank", "blanks_give_blank", "HelperError"]

NAME = "___"  # how the blank is written in a skeleton's code
MAX_DEPTH = 20  # how deep holds_blank looks into lists of lists (a list that holds itself stops here)
# What pandas and numpy look up to tell an array from a single value: a blank has none of them.
_PROBED = frozenset({"dtype", "dtypes", "shape", "ndim", "size", "name", "names", "index", "columns", "values",
                     "array", "empty", "T", "iloc", "loc", "tz", "unit", "freq", "to_numpy", "item", "read", "attrs"})
BLANKS_LEFT = ("This cell still has blanks (___) to fill: replace each ___ with your choice, "
               "then run it again.")  # what course.check says about an answer that holds a blank
_MESSAGE = "fill in the blank ___ first: replace it with your choice, then run the cell again"
P = ParamSpec("P")
R = TypeVar("R")


class BlankError(ValueError):
    """A blank `___` was used where a real value is needed (a number, True/False, a list)."""


class HelperError(ValueError):
    """A helper a learner calls was given something it cannot use; the message says what to give instead.

    The vocabulary's VocabularyError is one. Raised through `blanks_give_blank`, its traceback stops at
    the learner's own line.
    """


class Blank:
    """The one blank `___`. Operations on it give it back; see the module docstring."""

    __slots__ = ()
    __array_ufunc__ = None  # numpy and pandas hand `Series * ___` back to the blank
    __array_priority__ = 1000
    __pandas_priority__ = 10_000  # pandas too: `Series * ___` is ___
    _instance: Blank | None = None

    def __new__(cls) -> Blank:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "___"

    __str__ = __repr__

    def __format__(self, spec: str) -> str:
        return "___"

    def __reduce__(self) -> str:
        return "___"  # pickles and copies as the module's one blank

    def __copy__(self) -> Blank:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> Blank:
        return self

    def __hash__(self) -> int:
        return hash("course.blank.___")

    def _give_blank(self, *args: Any, **kwargs: Any) -> Blank:
        return self

    def _refuse(self, *args: Any) -> NoReturn:
        raise BlankError(_MESSAGE)

    # Arithmetic, comparisons and the rest: every one gives the blank.
    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = _give_blank
    __truediv__ = __rtruediv__ = __floordiv__ = __rfloordiv__ = __mod__ = __rmod__ = _give_blank
    __pow__ = __rpow__ = __matmul__ = __rmatmul__ = __divmod__ = __rdivmod__ = _give_blank
    __and__ = __rand__ = __or__ = __ror__ = __xor__ = __rxor__ = _give_blank
    __lshift__ = __rlshift__ = __rshift__ = __rrshift__ = _give_blank
    __neg__ = __pos__ = __abs__ = __invert__ = __round__ = __floor__ = __ceil__ = __trunc__ = _give_blank
    __eq__ = __ne__ = __lt__ = __le__ = __gt__ = __ge__ = _give_blank  # type: ignore[assignment]
    __getitem__ = __call__ = _give_blank

    # What must give a real value refuses, with a message that says what to do.
    __float__ = __int__ = __index__ = __complex__ = __bool__ = _refuse
    __iter__ = __contains__ = None  # not a list: `for x in ___` must not loop for ever through __getitem__

    def __getattr__(self, name: str) -> Blank:
        if name.startswith("_") or name in _PROBED:  # IPython's _repr_html_, numpy's __array__ ...
            raise AttributeError(name)
        return self


___ = Blank()


def holds_blank(value: Any, _depth: int = 0) -> bool:
    """True when `value` is the blank or holds one: in a list, tuple, set, dict or a pandas table's cells."""
    if value is ___:
        return True
    if _depth >= MAX_DEPTH:
        return False
    if isinstance(value, (list, tuple, set, frozenset)):
        return _any_holds_blank(value, _depth + 1)
    if isinstance(value, Mapping):
        return _any_holds_blank(value.keys(), _depth + 1) or _any_holds_blank(value.values(), _depth + 1)
    if isinstance(value, pd.DataFrame):
        return any(_column_holds_blank(value.iloc[:, i]) for i in range(value.shape[1]))
    if isinstance(value, (pd.Series, pd.Index)):
        return _column_holds_blank(value)
    if isinstance(value, np.ndarray) and value.dtype == object:
        return _any_holds_blank(value.ravel(), _depth + 1)
    return False


_PLAIN = frozenset({str, int, float, bool, type(None)})  # holds_blank is False for these: not looked into


def _any_holds_blank(items: Iterable[Any], depth: int) -> bool:
    """``any(holds_blank(item, depth) for item in items)``, without a call for each plain text or number."""
    return any(item is ___ or (type(item) not in _PLAIN and holds_blank(item, depth)) for item in items)


def _column_holds_blank(column: pd.Series | pd.Index) -> bool:
    """Only a column of Python objects can hold a blank; numbers, dates and text columns cannot."""
    if column.dtype != object:
        return False
    return _any_holds_blank(column.to_numpy(), MAX_DEPTH - 2)


def blanks_give_blank(function: Callable[P, R]) -> Callable[P, R | Blank]:
    """Make `function` (or a method) give the blank ___ when any argument is, or holds, a blank, before it
    looks at any of them; and raise its HelperError with a traceback that stops at the learner's own line.

    Every argument is looked at, a method's `self` too (a StoreData never holds a blank). Any other error,
    such as a KPIError, goes up as it is.
    """
    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R | Blank:
        __tracebackhide__ = True  # IPython hides this frame where it can
        if any(holds_blank(a) for a in args) or any(holds_blank(v) for v in kwargs.values()):
            return ___
        try:
            return function(*args, **kwargs)
        except HelperError as err:
            raise err.with_traceback(None) from None  # the message below says what to change in your cell
    return wrapper
