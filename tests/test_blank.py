"""The blank ___ of code skeletons: operations give it back, holds_blank finds it, course.check reports it."""

from __future__ import annotations

import copy
import inspect
import math
import operator
import pickle
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import course
from course import kpi, progress, session, vocabulary_checks
from course.blank import BLANKS_LEFT, Blank, BlankError, HelperError, ___, blanks_give_blank, holds_blank

BINARY = [operator.add, operator.sub, operator.mul, operator.truediv, operator.floordiv, operator.mod,
          operator.pow, operator.matmul, operator.and_, operator.or_, operator.xor, operator.lshift,
          operator.rshift, divmod, operator.eq, operator.ne, operator.lt, operator.le, operator.gt, operator.ge]
UNARY: list[Callable[[Any], Any]] = [operator.neg, operator.pos, operator.invert, abs, round, math.floor, math.ceil,
                                     math.trunc, lambda b: round(b, 2), lambda b: b["visitors"], lambda b: b[0],
                                     lambda b: b.visitors, lambda b: b.sum(), lambda b: b("footfall")]
OTHERS = [3, 2.5, "text", pd.Timestamp("2025-03-01"), np.float64(2.0), np.int64(4), pd.Series([1.0, 2.0]),
          pd.DataFrame({"a": [1, 2]}), np.array([1.0, 2.0])]


def test_the_blank_is_one_object_that_shows_as_three_underscores() -> None:
    assert Blank() is ___
    assert repr(___) == "___" and str(___) == "___" and f"{___}" == "___" and f"{___:.1f}" == "___"
    assert course.___ is ___ and course.holds_blank is holds_blank


@pytest.mark.parametrize("op", BINARY, ids=lambda op: getattr(op, "__name__", "op"))
@pytest.mark.parametrize("other", OTHERS, ids=lambda o: type(o).__name__)
def test_every_operator_with_a_blank_gives_the_blank_either_side(op: Callable[[Any, Any], Any], other: Any) -> None:
    assert op(___, other) is ___
    if isinstance(other, str) and op is operator.mod:
        return  # "text" % x is Python's text formatting, not maths
    if isinstance(other, (pd.Series, pd.DataFrame)) and op in (operator.matmul, divmod):
        return  # pandas' @ and divmod do not hand over to the other side (no learner uses them)
    assert op(other, ___) is ___
    assert op(___, ___) is ___


@pytest.mark.parametrize("op", UNARY)
def test_unary_operations_indexing_attributes_and_calls_give_the_blank(op: Callable[[Any], Any]) -> None:
    assert op(___) is ___


@pytest.mark.parametrize("convert", [float, int, bool, complex, operator.index], ids=lambda f: f.__name__)
def test_what_needs_a_real_value_says_to_fill_in_the_blank(convert: Callable[[Any], Any]) -> None:
    with pytest.raises(BlankError, match=r"fill in the blank ___ first"):
        convert(___)


def test_a_blank_is_not_a_list_so_loops_over_it_stop_at_once() -> None:
    with pytest.raises(TypeError, match="not iterable"):
        list(___)


def test_copies_and_pickles_are_the_same_blank() -> None:
    assert copy.copy(___) is ___ and copy.deepcopy([___])[0] is ___
    assert pickle.loads(pickle.dumps(___)) is ___


def test_ipython_display_probes_are_not_blanks() -> None:
    assert not hasattr(___, "_repr_html_") and not hasattr(___, "__array__")


@pytest.mark.parametrize("value", [
    ___, [1, ___], (1, (2, [___])), {___}, frozenset({1, ___}), {"a": ___}, {___: 1}, {"a": {"b": [___]}},
    pd.DataFrame({"n": [1.0, 2.0], "o": ["x", ___]}), pd.Series([1, ___]), np.array([1, ___], dtype=object),
    ___ / 4 * 100,
], ids=lambda value: type(value).__name__ if isinstance(value, (set, frozenset)) else repr(value))
# (a set's repr orders its members by hash, and a blank's hash is its address: the id must not differ between
# pytest-xdist's workers, which collect the tests separately)
def test_holds_blank_finds_a_blank_anywhere_in_an_answer(value: Any) -> None:
    assert holds_blank(value)


@pytest.mark.parametrize("value", [
    None, 0, 3.5, "___", ["___"], {"a": 1}, (1, 2), pd.DataFrame({"n": [1.0], "o": ["x"]}), pd.Series([1, 2]),
    np.array([1, 2]), Ellipsis,
], ids=repr)
def test_holds_blank_is_false_without_a_blank(value: Any) -> None:
    assert not holds_blank(value)


def test_holds_blank_stops_at_its_depth_limit_on_a_list_that_holds_itself() -> None:
    looped: list[Any] = []
    looped.append(looped)
    assert holds_blank(looped) is False
    deep: list[Any] = [___]
    for _ in range(100):
        deep = [deep]
    assert holds_blank(deep) is False  # deeper than MAX_DEPTH: not searched
    assert holds_blank([[[___]]]) is True


def test_holds_blank_skips_plain_texts_and_numbers_but_not_what_is_inside_other_things() -> None:
    """Plain texts and numbers are passed over without a look inside (they cannot hold a blank); anything else
    in a long list, a mapping's keys or values, an object column or an object array is still searched."""
    plain: list[Any] = ["id", 3, 2.5, True, None] * 2000
    assert not holds_blank(plain) and not holds_blank(set(plain)) and not holds_blank(pd.Series(plain, dtype=object))
    for inner in ([___], (1, ___), {"k": ___}, np.array([___], dtype=object), pd.Series([1, ___])):
        assert holds_blank([*plain, inner]), inner
        assert holds_blank({"k": [*plain, inner]}) and holds_blank({(1, ___): "v"})
        assert holds_blank(pd.Series([*plain, inner], dtype=object))
        assert holds_blank(np.array([*plain, inner], dtype=object))
    assert holds_blank([*plain, np.int64(1), ___])


@pytest.mark.parametrize("answer", [___, ___ / 3 * 100, [1, ___], {"regular": ___},
                                    pd.DataFrame({"kpi": ["nps"], "value": [___]})], ids=repr)
def test_check_on_a_blank_is_not_attempted_names_the_blank_and_logs_nothing(
        answer: Any, start_learner: Callable[..., session.Session], tmp_path: Path) -> None:
    active = start_learner("amara")
    result = course.check("kpi-conversion", answer)
    assert result.status == "not_attempted"
    assert "blank" in result.message and result.message == BLANKS_LEFT
    assert active.results["kpi-conversion"]["status"] == "not_attempted"
    assert not (tmp_path / "log.jsonl").exists()
    assert progress.read_attempts(tmp_path / "log.jsonl") == []


def test_check_with_record_false_on_a_blank_keeps_no_result(start_learner: Callable[..., session.Session]) -> None:
    active = start_learner("amara")
    assert course.check("kpi-conversion", ___, record=False).status == "not_attempted"
    assert active.results == {}


def test_a_filled_answer_after_a_blank_is_judged_and_logged(start_learner: Callable[..., session.Session],
                                                              tmp_path: Path) -> None:
    start_learner("amara")
    course.check("kpi-conversion", ___)
    assert course.check("kpi-conversion", 0.5).status != "not_attempted"
    assert len(progress.read_attempts(tmp_path / "log.jsonl")) == 1


# --- blanks_give_blank: a helper given a blank gives the blank (every KPI, every vocabulary helper) -------------

def _public_kpis() -> list[str]:
    """Every public function of course.kpi, found by looking (so a new KPI is covered without a list)."""
    return sorted(name for name, function in inspect.getmembers(kpi, inspect.isfunction)
                  if not name.startswith("_") and function.__module__ == kpi.__name__)


KPIS = _public_kpis()
KPI_ARGUMENTS = [(name, parameter) for name in KPIS for parameter in inspect.signature(getattr(kpi, name)).parameters]


def _call_with(name: str, blank_in: str, blank: Any) -> Any:
    """Call a KPI with `blank` as one argument and a 1 (or the default) as every other."""
    positional, keywords = [], {}
    for parameter in inspect.signature(getattr(kpi, name)).parameters.values():
        value = blank if parameter.name == blank_in else \
            (1 if parameter.default is inspect.Parameter.empty else parameter.default)
        if parameter.kind is inspect.Parameter.KEYWORD_ONLY:
            keywords[parameter.name] = value
        else:
            positional.append(value)
    return getattr(kpi, name)(*positional, **keywords)


def test_the_kpis_are_found_and_exported() -> None:
    assert {"csat", "atv", "nps", "margin_of_error", "like_for_like_growth", "promotion_uplift"} <= set(KPIS)
    assert set(KPIS) <= set(kpi.__all__)
    assert set(KPIS) == {n for n in kpi.__all__ if inspect.isfunction(getattr(kpi, n))}


@pytest.mark.parametrize(("name", "parameter"), KPI_ARGUMENTS, ids=[f"{n}-{p}" for n, p in KPI_ARGUMENTS])
def test_every_kpi_given_a_blank_in_any_argument_gives_the_blank(name: str, parameter: str) -> None:
    assert _call_with(name, parameter, ___) is ___
    assert _call_with(name, parameter, [4, ___, 5]) is ___  # a column that holds a blank
    assert _call_with(name, parameter, pd.Series([4, ___], dtype=object)) is ___


def test_a_blank_goes_through_a_kpi_before_its_checks() -> None:
    assert kpi.csat(___) is ___ and kpi.atv(___, 120) is ___ and kpi.atv(2400.0, ___) is ___
    assert kpi.atv(___, 0) is ___  # not "transactions is 0": the blank is the first thing to fill
    assert kpi.ces([5, 6], scale=___) is ___ and kpi.margin_of_error(62, 100, z=___) is ___
    assert kpi.like_for_like_growth({"S01": ___}, {"S01": 100.0}) is ___
    assert kpi.conversion_rate(___, 1000) * 100 is ___  # and what is worked out from it
    with pytest.raises(kpi.KPIError, match="transactions is 0"):
        kpi.atv(2400.0, 0)  # without a blank, the KPI is as it was
    assert kpi.atv(2400.0, 120) == 20.0


def test_blanks_give_blank_lives_with_the_blank_and_the_vocabulary_uses_it() -> None:
    assert vocabulary_checks.blanks_give_blank is blanks_give_blank
    assert issubclass(vocabulary_checks.VocabularyError, HelperError)
    assert inspect.unwrap(kpi.csat) is not kpi.csat  # wrapped


def test_blanks_give_blank_on_a_plain_function_looks_at_every_argument() -> None:
    @blanks_give_blank
    def add(a: float, b: float = 0.0) -> float:
        if a < 0:
            raise HelperError("a must be 0 or more")
        return a + b

    assert add(___) is ___ and add(1.0, ___) is ___ and add(1.0, b=[___]) is ___ and add(1.0, 2.0) == 3.0
    with pytest.raises(HelperError) as caught:
        add(-1.0)
    assert [f.name for f in traceback.extract_tb(caught.value.__traceback__)][-1:] == ["wrapper"]
