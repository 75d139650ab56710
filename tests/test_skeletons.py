"""Code skeletons (course/exercises/skeletons/): each is its solution with blanks, and the solution a
learner types uses only the vocabulary, course.kpi, arithmetic and earlier names: no pandas.

A stretch exercise (`stretch=True` in the registry: optional free coding) needs no skeleton, and its
solution may use pandas; every other exercise is required and needs both."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from course import exercises
from course.exercises import hints, scaffold
from course.vocabulary import Vocabulary

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = ROOT / "solutions" / "exercises"
WITH_SKELETONS = scaffold.with_skeletons()
REQUIRED = [i for i in exercises.ids() if not exercises.get(i).stretch]  # a stretch exercise is exempt
# Required exercises whose skeleton is still to be written (issue 13 is converting them notebook by notebook):
# exempt from the two rules below only while they have no skeleton.
# pandas and Python-data methods a learner must never need to write (issue 13, part 5)
PANDAS_METHODS = frozenset({
    "groupby", "merge", "map", "apply", "loc", "iloc", "at", "iat", "isin", "sort_values", "sort_index", "idxmax",
    "idxmin", "value_counts", "dropna", "fillna", "resample", "pivot", "pivot_table", "agg", "aggregate", "query",
    "assign", "rolling", "cumsum", "nunique", "unique", "drop_duplicates", "reset_index", "set_index", "shift",
    "dt", "str", "astype", "where", "mask", "join", "concat", "melt", "stack", "unstack", "transform", "nlargest",
    "nsmallest", "sum", "mean", "median", "count", "max", "min", "size", "head", "tail", "diff", "pct_change",
    "DateOffset", "Timedelta", "Timestamp", "to_datetime", "normalize"})
VOCABULARY = frozenset(name for name in dir(Vocabulary) if not name.startswith("_"))  # with its mixins
PANDAS_TABLES = frozenset({"footfall", "transactions", "transaction_lines", "products", "customers", "interactions",
                           "complaints", "surveys", "staff", "rota", "promotions", "mystery_shops", "events",
                           "benchmarks", "competitor_prices"})


def pandas_uses(source: str) -> list[str]:
    """Return what in `source` is pandas a learner would have to write: methods, masks, raw tables."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and _is_data(node.value) and node.attr in VOCABULARY:
            continue  # data.count(...), data.total(...): the learner vocabulary
        if isinstance(node, ast.Attribute) and node.attr in PANDAS_METHODS:
            found.append(f"line {node.lineno}: .{node.attr}")
        elif isinstance(node, ast.Attribute) and node.attr in PANDAS_TABLES:
            found.append(f"line {node.lineno}: data.{node.attr} (a raw table: use the vocabulary)")
        elif isinstance(node, ast.Subscript) and isinstance(node.slice, (ast.Compare, ast.BinOp, ast.UnaryOp,
                                                                         ast.BoolOp)):
            found.append(f"line {node.lineno}: a mask inside [...]")
        elif isinstance(node, ast.Import | ast.ImportFrom):
            found.append(f"line {node.lineno}: an import")
    return found


def _is_data(node: ast.expr) -> bool:
    return isinstance(node, ast.Name) and node.id == "data"


def filled(skeleton_line: str) -> re.Pattern[str]:
    """Return a pattern a solution line matches when it is the skeleton line with its blanks filled."""
    code = skeleton_line.split("  #")[0].rstrip()
    parts = [re.escape(part) for part in code.split(scaffold.BLANK)]
    return re.compile(r"\s*" + "(.+?)".join(parts).strip() + r"\s*(#.*)?")


def test_the_pandas_finder_finds_pandas() -> None:
    assert pandas_uses('answer = data.transactions["net_value"].sum()') == [
        "line 1: .sum", "line 1: data.transactions (a raw table: use the vocabulary)"]
    assert pandas_uses("answer = t[t['x'] > 2]") == ["line 1: a mask inside [...]"]
    assert pandas_uses('answer = data.total("transactions", "net_value") / data.count("transactions")') == []
    assert pandas_uses('answer = table.count()') == ["line 1: .count"]


@pytest.mark.parametrize("exercise_id", WITH_SKELETONS)
def test_a_skeleton_belongs_to_an_exercise_and_has_blanks_and_an_answer(exercise_id: str) -> None:
    assert exercise_id in exercises.ids(), f"skeletons/{exercise_id}.py names no exercise"
    steps = scaffold.skeleton(exercise_id)
    assert steps is not None and scaffold.BLANK in steps
    assert any(line.startswith("answer =") for line in steps.splitlines()), "a skeleton must set `answer`"
    ast.parse(steps)  # blanks are names, so a skeleton is Python


@pytest.mark.parametrize("exercise_id", WITH_SKELETONS)
def test_the_solution_is_the_skeleton_with_its_blanks_filled(exercise_id: str) -> None:
    steps = [line for line in (scaffold.skeleton(exercise_id) or "").splitlines() if line.split("#")[0].strip()]
    solution = [line for line in (SOLUTIONS / f"{exercise_id}.py").read_text(encoding="utf-8").splitlines()
                if line.split("#")[0].strip()]
    assert len(solution) == len(steps), f"{exercise_id}: the solution has other steps than the skeleton"
    for step, line in zip(steps, solution, strict=True):
        assert filled(step).fullmatch(line), f"{exercise_id}: {line!r} is not {step!r} with its blanks filled"
        assert scaffold.BLANK not in line, f"{exercise_id}: the solution still has a blank: {line!r}"


@pytest.mark.parametrize("exercise_id", REQUIRED)
def test_every_required_exercise_has_a_skeleton(exercise_id: str) -> None:
    assert scaffold.skeleton(exercise_id) is not None, \
        f"{exercise_id} needs course/exercises/skeletons/{exercise_id}.py (or stretch=True, if it is free coding)"


@pytest.mark.parametrize("exercise_id", REQUIRED)
def test_the_solution_a_learner_types_uses_no_pandas(exercise_id: str) -> None:
    source = (SOLUTIONS / f"{exercise_id}.py").read_text(encoding="utf-8")
    assert pandas_uses(source) == [], f"{exercise_id}'s solution needs pandas: {pandas_uses(source)}"


@pytest.mark.parametrize("exercise_id", WITH_SKELETONS)
def test_the_last_hint_is_the_whole_skeleton(exercise_id: str) -> None:
    rungs = hints.ladder(exercises.get(exercise_id))
    assert len(rungs) >= 4 and rungs[-1].endswith(scaffold.skeleton(exercise_id) or "?")
    assert rungs[-1].startswith(hints.SKELETON_RUNG)


def test_the_start_here_exercises_have_skeletons() -> None:
    assert {"kpi-conversion", "kpi-atv", "kpi-upt"} <= set(WITH_SKELETONS)
