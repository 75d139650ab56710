"""Proof that a learner who has never coded can finish (issue 13, part 7), in JupyterLab 4 and Chromium.

A learner's own copy from `course assign` (learner bt-trust) of 0-start-here and of one full section
notebook, 1.2. For each notebook the learner:
1. opens it and runs every cell: each exercise's check says its cell still has blanks to fill;
2. in 0-start-here only, presses the "Need a hint?" button of the first exercise with the keyboard
   (focus, Enter) and sees its first hint;
3. in every answer cell, selects each blank ___ in the editor and types only its filling (worked out
   in tests/browser/filling.py from the skeleton and the solution edition's cell; a filling longer than
   TYPED_UP_TO goes in as one input, like a paste), then checks that the cell is the handed-out text
   with nothing but its blanks filled;
4. runs the answer cell and its check cell with Shift+Enter: the check says "Correct";
5. at the end, every check in the page says "Correct" and none "blank", no cell shows a traceback,
   and the notebook's results output (its last cell, also run with Shift+Enter) counts every required
   exercise as correct.
Screenshots go to build/screenshots/nocoder-*.png. Needs Chromium (see conftest.py).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from course import exercises, progress
from course.blank import NAME as BLANK
from course.exercises import hints
from course.notebooks import read
from tests.browser import labpage
from tests.browser.filling import AnswerCell, answer_cells, only_blanks_changed
from tests.browser.steps import Steps
from tests.browser.workbook import normalise

pytestmark = pytest.mark.browser

RUN_TIMEOUT_S = 180   # a notebook's "Run all" on a busy 2-core machine (normally a few seconds)
OPEN_TIMEOUT_S = 120
CELL_TIMEOUT_S = 60
# Fillings up to this long are typed key by key (about 40 ms a key on a busy machine); the longer ones,
# whole steps in the faded "every step is yours" cells, go into the editor as one input, as a paste does.
TYPED_UP_TO = 40
# The notebooks to finish, and the exercise whose "Need a hint?" button the learner presses (once in all).
COMPLETED = [("0-start-here.ipynb", "kpi-conversion"), ("1-planning/1.2-staffing-to-footfall.ipynb", None)]


@pytest.mark.parametrize("name, hinted", COMPLETED, ids=[name for name, _ in COMPLETED])
def test_a_learner_who_never_coded_completes_the_notebook_by_filling_blanks(
        name: str, hinted: str | None, lab_page, assigned: Path, workspace: Path, screenshots: Path) -> None:
    page, copy = lab_page, assigned / name
    rel = copy.relative_to(workspace).as_posix()
    step = Steps(page, rel, stem="nocoder-" + Path(name).stem, folder=screenshots)
    timings: dict[str, float] = {}
    started = time.monotonic()
    with step("work out each answer cell's blank fillings from the skeleton and the solution edition"):
        cells = answer_cells(copy)
        assert cells, f"{name} has no required exercise"
        assert hinted is None or hinted in [c.exercise_id for c in cells], f"{hinted} is not an exercise of {name}"
        last = len(read(copy).cells) - 1
    with step("open the learner's copy and start its kernel"):
        panel = labpage.open_notebook(page, rel, OPEN_TIMEOUT_S)
        timings["open"] = time.monotonic() - started
    with step("run all cells: every check says the cell still has blanks to fill"):
        labpage.run_all(page, rel, RUN_TIMEOUT_S)
        assert_no_tracebacks(page, rel)
        for cell in cells:
            text = verdict(panel, cell)
            assert "Not attempted yet" in text and "blank" in text, f"{cell.exercise_id} before filling: {text!r}"
        timings["run all (blanks)"] = time.monotonic() - started - sum(timings.values())
    if hinted:
        with step(f"press 'Need a hint?' of {hinted} with the keyboard: its first hint shows"):
            ask_for_a_hint(page, panel, next(c for c in cells if c.exercise_id == hinted))
            step.shot("hint")
            timings["hint"] = time.monotonic() - started - sum(timings.values())
    timings.update({"type": 0.0, "check": 0.0})
    for cell in cells:
        with step(f"{cell.exercise_id}: type only the fillings of its {len(cell.blanks)} blanks"):
            mark = time.monotonic()
            type_fillings(page, rel, cell)
            timings["type"] += time.monotonic() - mark
        with step(f"{cell.exercise_id}: Shift+Enter on the answer cell and on its check cell says 'Correct'"):
            mark = time.monotonic()
            text = run_with_shift_enter(page, panel, rel, cell)
            assert text.startswith(f"✔ Correct ({cell.exercise_id})"), f"{cell.exercise_id}: {text!r}"
            timings["check"] += time.monotonic() - mark
    with step("every check says 'Correct', none blank; no tracebacks; the results count all as correct"):
        for cell in cells:
            text = verdict(panel, cell)
            assert "✔ Correct" in text and "blank" not in text, f"{cell.exercise_id}: {text!r}"
        assert_no_tracebacks(page, rel)
        results = results_output(page, rel, last)
        assert {r["item_id"]: r["status"] for r in results if r["kind"] == "exercise"} == \
            {c.exercise_id: "correct" for c in cells}
        labpage.cell(panel, cells[-1].check_index).scroll_into_view_if_needed()
        step.shot("completed")
    timings["results"] = time.monotonic() - started - sum(timings.values())
    timings["total"] = time.monotonic() - started
    print(f"{name}: " + ", ".join(f"{k} {v:.1f} s" for k, v in timings.items()))  # kept by pytest -rP


def verdict(panel, cell: AnswerCell) -> str:
    """Return the text of the check's verdict box as the page shows it."""
    box = labpage.cell(panel, cell.check_index).locator(".course-check")
    box.first.wait_for(state="visible", timeout=CELL_TIMEOUT_S * 1000)
    return normalise(box.first.inner_text())


def assert_no_tracebacks(page, rel: str) -> None:
    errors = [f"cell {c['index']} ({c['source'].splitlines()[0] if c['source'] else ''!r}): {e['ename']}: "
              f"{e['evalue']}" for c in labpage.cell_report(page, rel) for e in c["errors"]]
    assert not errors, "error output (traceback) in " + "; ".join(errors)


def ask_for_a_hint(page, panel, cell: AnswerCell) -> None:
    """Focus the check's "Need a hint?" button, press Enter; the first hint of the exercise shows."""
    output = labpage.cell(panel, cell.check_index)
    button = output.get_by_role("button", name="Need a hint?")
    button.wait_for(state="visible", timeout=CELL_TIMEOUT_S * 1000)
    button.focus()
    assert page.evaluate("() => document.activeElement && document.activeElement.innerText.trim()") == \
        "Need a hint?", "the 'Need a hint?' button did not take the keyboard focus"
    page.keyboard.press("Enter")
    hint = output.locator(".course-hint")
    hint.wait_for(state="visible", timeout=CELL_TIMEOUT_S * 1000)
    text = normalise(hint.inner_text())
    first = normalise(hints.ladder(exercises.get(cell.exercise_id))[0])
    assert text.startswith("Hint 1 of ") and f"({cell.exercise_id})" in text and first in text, \
        f"the hint shown: {text!r}; its first hint is {first!r}"
    assert output.get_by_role("button", name="Next hint").is_visible(), "the button should now offer the next hint"


def type_fillings(page, rel: str, cell: AnswerCell) -> None:
    """Select each blank ___ in the cell's editor and type its filling; then the cell must be the
    handed-out text with only its blanks filled, exactly as worked out."""
    assert labpage.source(page, rel, cell.index) == cell.handed_out, "the cell is not as handed out"
    shift: dict[int, int] = {}  # per line: how far earlier fillings on it moved the later blanks
    for blank in cell.blanks:
        column = blank.column + shift.get(blank.line, 0)
        selected = labpage.select_in_editor(page, rel, cell.index, blank.line, column, len(BLANK))
        assert selected == BLANK, f"selected {selected!r} at line {blank.line}, column {column}, not a blank"
        page.keyboard.press("Backspace")
        if len(blank.filling) <= TYPED_UP_TO:
            page.keyboard.type(blank.filling)
        else:
            page.keyboard.insert_text(blank.filling)
        shift[blank.line] = shift.get(blank.line, 0) + len(blank.filling) - len(BLANK)
    now = labpage.source(page, rel, cell.index)
    typed = only_blanks_changed(cell.handed_out, now)
    assert typed is not None, f"characters outside the blanks changed:\n{cell.handed_out}\n--- became ---\n{now}"
    assert typed == [b.filling for b in cell.blanks] and now == cell.filled, \
        f"the editor holds\n{now}\nbut the fillings should give\n{cell.filled}"


def run_with_shift_enter(page, panel, rel: str, cell: AnswerCell) -> str:
    """With the answer cell's editor focused, press Shift+Enter twice (the answer cell, then its check
    cell, which Shift+Enter selects next); return the check's verdict."""
    assert cell.check_index == cell.index + 1, f"{cell.exercise_id}: the check cell is not right after the answer"
    before = labpage.execution_count(page, rel, cell.check_index)
    page.keyboard.press("Shift+Enter")
    page.keyboard.press("Shift+Enter")
    labpage.wait_until_ran(page, rel, cell.check_index, before, CELL_TIMEOUT_S)
    return verdict(panel, cell)


def results_output(page, rel: str, last: int) -> list[dict]:
    """Run the notebook's last cell, course.results(), with Shift+Enter; return its results."""
    before = labpage.execution_count(page, rel, last)
    labpage.select_in_editor(page, rel, last, 0, 0, 0)
    page.keyboard.press("Escape")  # command mode, as after clicking beside the cell
    page.keyboard.press("Shift+Enter")
    labpage.wait_until_ran(page, rel, last, before, CELL_TIMEOUT_S)
    payloads = [o["data"][progress.RESULTS_MIME] for o in labpage.outputs(page, rel, last)
                if progress.RESULTS_MIME in o.get("data", {})]
    assert payloads, f"cell {last} did not show the notebook's results (is it course.results()?)"
    return payloads[-1]["results"]
