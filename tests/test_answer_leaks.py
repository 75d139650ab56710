"""The answer-leak detector (course.tutor.leaks): a figure shown before its check is found, by exercise,
notebook and cell; one shown after it, or a number that only looks like it, is not. The harness runs it
on every executed learner-edition notebook (tests/test_notebooks_run.py); these tests run without a kernel."""

from __future__ import annotations

from collections.abc import Callable

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook, new_output

from course.charts import WORDS
from course.exercises import registry
from course.store import StoreData
from course.tutor import leaks

OWN = "5-promotion-teamwork/5.4-team-performance.ipynb"
EARLIER = "1-planning/1.2-staffing-to-footfall.ipynb"
ORDER = [EARLIER, OWN]


def _printing(text: str) -> nbformat.NotebookNode:
    return new_code_cell("print(...)", outputs=[new_output("stream", name="stdout", text=text)])


def _notebook(*cells: nbformat.NotebookNode) -> nbformat.NotebookNode:
    return new_notebook(cells=list(cells))


def _check(exercise_id: str) -> nbformat.NotebookNode:
    return new_code_cell(f'course.check("{exercise_id}", answer)')


def _target(expected: float, *, exercise_id: str = "kpi-splh", notebook: str = OWN, tolerance: float = 0.006,
            percentage: bool = False, words: tuple[str, ...] = ("sales", "labou"),
            money: bool | None = None) -> leaks.Target:
    """A target like kpi-splh's (in £) by default; a percentage one is not in £."""
    return leaks.Target(exercise_id, notebook, expected, tolerance, percentage,
                        tolerance == 0 and float(expected).is_integer(), frozenset(words),
                        (not percentage) if money is None else money)


def test_a_planted_figure_before_the_check_is_found_and_one_after_it_is_not(
        store_of: Callable[..., StoreData]) -> None:
    store = store_of("amara", sector="apparel")
    splh = registry.get("kpi-splh").expected(store)  # type: ignore[misc]
    nb = _notebook(_printing("Welcome."), _printing(f"Sales per labour hour: £{splh:,.2f}."), _check("kpi-splh"),
                   _printing(f"Well done: your store's SPLH was £{splh:,.2f}."))
    found = leaks.scan_workbook({OWN: nb}, store)
    assert [(leak.exercise_id, leak.notebook, leak.cell, leak.accepted) for leak in found] == [
        ("kpi-splh", OWN, 1, True)]
    assert f"£{splh:,.2f}" in found[0].text and "kpi-splh" in str(found[0])

    after_only = _notebook(_printing("Welcome."), _check("kpi-splh"), _printing(f"SPLH: £{splh:,.2f}."))
    assert [leak for leak in leaks.scan_workbook({OWN: after_only}, store) if leak.exercise_id == "kpi-splh"] == []


def test_an_earlier_notebook_leaks_a_later_exercise_but_not_the_other_way_round() -> None:
    target = _target(99.7663)
    earlier, own = _notebook(_printing("SPLH £99.77")), _notebook(_check("kpi-splh"))
    assert [(x.notebook, x.cell) for x in leaks.scan_notebook(earlier, EARLIER, [target], ORDER)] == [(EARLIER, 0)]
    early_exercise = _target(99.7663, notebook=EARLIER)
    assert leaks.scan_notebook(_notebook(_printing("SPLH £99.77")), OWN, [early_exercise], ORDER) == []
    assert leaks.scan_notebook(own, OWN, [target], ORDER) == []


@pytest.mark.parametrize("shown", [
    "£99.77", "£99.8 an hour", "99.766300", "99.77",  # 2, 1 and pandas' 6 decimals
])
def test_common_roundings_are_found(shown: str) -> None:
    assert leaks.scan_notebook(_notebook(_printing(shown), _check("kpi-splh")), OWN, [_target(99.7663)], ORDER)


@pytest.mark.parametrize(("shown", "target"), [
    ("Lifetime value £1,156 ex VAT", _target(1156.17, tolerance=0.5)),              # thousands separator, 0 decimals
    ("3,047 contacts", _target(3047, tolerance=0, money=False)),                                 # a count
    ("of which 7 are still open, out of 225 complaints", _target(7, tolerance=0, words=("compl",))),
    ("opted in: 0.549", _target(54.913, percentage=True, words=())),                 # the fraction of a percentage
    ("fell by 41.97%", _target(-41.9686, tolerance=0.06, percentage=True)),  # the sign dropped
    ("not worked: 47 of 142 shifts", _target(47, tolerance=0, words=("shift",), money=False)),  # still a count
    ("complaints fell 42% after the change", _target(-41.9686, tolerance=0.06, percentage=True, words=("compl",))),
])
def test_other_ways_of_printing_are_found(shown: str, target: leaks.Target) -> None:
    assert leaks.scan_notebook(_notebook(_printing(shown), _check("kpi-splh")), OWN, [target], ORDER)


@pytest.mark.parametrize(("shown", "target"), [
    ("112.53 and 12.53", _target(12.5)),                          # a number boundary: 12.5 is in neither
    ("2025-12-05 09:30", _target(12, tolerance=0, words=())),     # dates and times are not numbers
    ("week 4, 4 staff on the till", _target(4, tolerance=0, words=("needed",))),   # a stray small count
    ("about 9 minutes of contact each", _target(9, tolerance=0, words=("conta",))),  # a measure, not the count
    ("× 100", _target(99.7663)),                                  # a formula's round number
    ("a table: 61 47 23", _target(60.52, tolerance=0.06, percentage=True, words=("conve",))),  # short, no title word
    ("42% of the complaints before the change", _target(-41.9686, tolerance=0.06, percentage=True,
                                                         words=("compl",))),  # not a fall
    ("Repeat customer rate: 98.8%", _target(98.8, tolerance=0.06, money=False, words=())),  # a % is no count
    ("Price £582.50", _target(582.5, tolerance=0.06, percentage=True)),  # £ is no percentage
    ("PR01 and 4pm", _target(1, tolerance=0, words=())),           # codes and times of day
    ("conversion: the shortage ran 12 days", _target(12.2, tolerance=0.06, percentage=True,
                                                     words=("conve",))),  # days are no percentage
    ("shortage: 47 of 142 shifts (about 1 in 3 shifts)", _target(47.2, tolerance=0.06, percentage=True,
                                                                 words=("short",))),  # shifts are no percentage
    ("Footfall: 12,345 visitors this year", _target(12345.0, tolerance=0.5, money=True)),  # visitors are no £
    ("conversion fell from Tue 18 Mar 2025", _target(18.1, tolerance=0.06, percentage=True,
                                                     words=("conve",))),  # a date written out
])
def test_numbers_that_only_look_like_the_answer_are_not(shown: str, target: leaks.Target) -> None:
    assert leaks.scan_notebook(_notebook(_printing(shown), _check("kpi-splh")), OWN, [target], ORDER) == []


def test_html_and_markdown_outputs_are_searched_without_their_tags() -> None:
    html = new_output("display_data", data={"text/html": "<table><tr><td>99.77</td></tr></table>",
                                            "text/plain": "0  99.77"})
    markdown = new_output("display_data", data={"text/markdown": "**SPLH:** £99.8"})
    nb = _notebook(new_code_cell("table", outputs=[html]), new_code_cell("md", outputs=[markdown]), _check("kpi-splh"))
    assert [x.cell for x in leaks.scan_notebook(nb, OWN, [_target(99.7663)], ORDER)] == [0, 1]


def test_a_charts_sentence_in_words_is_not_searched_but_the_same_text_printed_is() -> None:
    """The sentence names the chart's own labels, which the chart image shows too (course.charts)."""
    sentence = f"{WORDS} Sales per labour hour by week (£): the highest is week 99.77; the lowest is week 3."
    words = new_output("display_data", data={"text/plain": sentence, "text/html": f"<p>{sentence}</p>"})
    printed = new_output("stream", name="stdout", text=sentence + "\n")
    nb = _notebook(new_code_cell("chart", outputs=[words]), new_code_cell("print", outputs=[printed]),
                   _check("kpi-splh"))
    assert [x.cell for x in leaks.scan_notebook(nb, OWN, [_target(99.7663)], ORDER)] == [1]


@pytest.mark.parametrize(("text", "found"), [
    ("occasional   4847   51.4\nnew          2094   22.2\n", False),   # a pandas table: 22.2 is one figure of many
    ("occasional   48470   22.21\n", True),                              # 4 significant digits count even there
    ("Sales per labour hour: 22.2 (and 4 more)", True),                  # prose with two numbers is not a table
    ("CES: 5.4 (mean, 1–7 scale, higher is better)", False),             # 5.4 is not 5; 1–7 is a scale
])
def test_table_rows_and_ranges_are_read_as_a_reader_would(text: str, found: bool) -> None:
    nb = _notebook(_printing(text), _check("kpi-splh"))
    hits = leaks.scan_notebook(nb, OWN, [_target(22.2134 if "22" in text else 5.0, tolerance=0.06)], ORDER)
    assert bool(hits) is found, hits


def test_an_html_table_row_is_one_line_of_columns() -> None:
    html = new_output("display_data", data={"text/html": "<table><tr><td>new</td><td>2094</td><td>22.2</td></tr>"
                                                         "<tr><td>regular</td><td>51</td><td>9.0</td></tr></table>"})
    nb = _notebook(new_code_cell("table", outputs=[html]), _check("kpi-splh"))
    assert leaks.scan_notebook(nb, OWN, [_target(22.2134)], ORDER) == []
    assert leaks.output_texts(nb.cells[0])[0].splitlines()[0].split() == ["new", "2094", "22.2"]


def test_a_row_index_is_not_a_figure() -> None:
    index_row = _notebook(_printing("13  competitor_prices  Public shelf prices of matching sales products\n"),
                          _check("kpi-splh"))
    assert leaks.scan_notebook(index_row, OWN, [_target(13.02, tolerance=0.06)], ORDER) == []
    prose = _notebook(_printing("Sales per labour hour came to 13.0 this week\n"), _check("kpi-splh"))
    assert len(leaks.scan_notebook(prose, OWN, [_target(13.02, tolerance=0.06)], ORDER)) == 1


def test_the_results_cell_is_not_searched() -> None:
    results = new_code_cell("course.results()", outputs=[new_output("stream", name="stdout",
                                                                     text="Recording: 3 correct, 0 to do\n")])
    target = _target(3, tolerance=0, words=("recor",))
    assert leaks.scan_notebook(_notebook(results, _check("kpi-splh")), OWN, [target], ORDER) == []
    printed = _printing("Recording: 3 correct, 0 to do\n")
    assert leaks.scan_notebook(_notebook(printed, _check("kpi-splh")), OWN, [target], ORDER) != []
