"""The blank fillings the no-coding browser test types (tests/browser/filling.py), without a browser."""

from __future__ import annotations

import pytest

from tests.browser.filling import CannotFill, answer_cells, filled_in, fillings, only_blanks_changed
from tests.browser.test_no_coding_in_browser import COMPLETED
from tests.browser.workbook import NOTEBOOKS

SKELETON = '''# Conversion: of everyone who came in, what share bought something? (fill each ___)
visitors = data.total("footfall", ___)   # which column?
sales = data.count(___)
answer = ___ / ___ * 100   # which on top?'''
SOLUTION = '''# Conversion rate for the whole period
visitors = data.total("footfall", "visitors")
sales = data.count("transactions")  # one row per sale
answer = sales / visitors * 100'''


def test_each_blank_is_filled_with_the_solutions_text_at_its_place() -> None:
    assert fillings(SKELETON, SOLUTION) == ['"visitors"', '"transactions"', "sales", "visitors"]


def test_a_faded_cell_fills_a_blank_with_the_steps_it_does_not_show() -> None:
    faded = "# Two steps are yours\nsales = data.count(___)\nanswer = ___ / ___"
    solution = ('net = data.total("transactions", "net_value")\nsales = data.count("transactions")\n'
                "answer = net / sales")
    assert fillings(faded, solution) == ['"transactions"', 'data.total("transactions", "net_value")', "sales"]
    sums = "x = data.total(t, 'a') + 1\ny = x * 2\nanswer = y / 3"
    assert fillings("answer = ___", sums) == ["((data.total(t, 'a') + 1) * 2) / 3"]
    assert fillings("answer = ___ / 3", sums) == ["(data.total(t, 'a') + 1) * 2"]


def test_a_cell_that_blanks_alone_cannot_complete_is_reported() -> None:
    with pytest.raises(CannotFill, match="no line of the solution"):
        fillings("answer = data.count(___) * 100", "answer = data.count('x') * 1000")
    with pytest.raises(CannotFill, match="so no blank can stand for it"):
        fillings("answer = ___", "for row in rows:\n    total = 1\nanswer = total")


def test_only_the_blanks_may_change_and_a_blank_in_a_comment_is_not_one() -> None:
    cell = "x = ___  # replace each ___\nanswer = ___ / x"
    right = filled_in(cell, ["2", "10"])
    assert right == "x = 2  # replace each ___\nanswer = 10 / x"
    assert only_blanks_changed(cell, right) == ["2", "10"]
    for wrong in ("x = 2  # replace each 3\nanswer = 10 / x", "x = 2  # replace each ___\nanswer = 10 / x + 1",
                  "x = 2  # replace each ___\nanswer = ___ / x", cell, "x = 2\n  # replace each ___\nanswer = 10 / x"):
        assert only_blanks_changed(cell, wrong) is None, wrong


@pytest.mark.parametrize("name", [name for name, _ in COMPLETED])
def test_every_required_exercise_of_the_completed_notebooks_can_be_filled(name: str) -> None:
    cells = answer_cells(NOTEBOOKS / name)
    assert cells
    for cell in cells:
        assert cell.blanks and only_blanks_changed(cell.handed_out, cell.filled) == [b.filling for b in cell.blanks]
        compile(cell.filled, cell.exercise_id, "exec")
