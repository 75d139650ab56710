"""The workbook as learners and tutors see it: JupyterLab 4 in Chromium, driven by Playwright.

1. Of the first notebooks of the sections (and 0-start-here), learner edition, the first for each kind of
   quiz question the test answers (its type, and whether its wrong option has feedback; `one_per_kind`): runs
   with no error output; its quiz shows as widgets; a wrong answer says "Not quite." with the option's feedback
   (if it has one) and the explanation, the right one says "Correct."; a wrong exercise answer gets a real
   verdict. The other first notebooks would repeat the same steps on the same widgets; that every notebook runs
   without an error, and reproduces in a fresh kernel, is tests/test_notebooks_run.py's.
2. A notebook written by `course assign` opens trusted (the status bar says so, every code cell is
   trusted), unlike an edited copy, and its widgets render.
3. A learner's report and the class summary open as file:// pages with their charts and no console
   errors.
Screenshots go to build/screenshots/. Needs Chromium (`make browser-deps`); see conftest.py.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from tests.browser import answering, labpage
from tests.browser.steps import Steps
from tests.browser.workbook import NOTEBOOKS, exercise_probe, first_notebooks, quiz_probe

pytestmark = pytest.mark.browser

RUN_TIMEOUT_S = 180      # one notebook's "Run all" on a busy 2-core machine (normally about 5 s)
OPEN_TIMEOUT_S = 120     # opening a notebook and starting its kernel


def one_per_kind(notebooks: list[Path]) -> list[Path]:
    """The first of `notebooks` for each kind of quiz question `quiz_probe` picks (type, wrong option's feedback)."""
    kinds: dict[tuple[str, bool], Path] = {}
    for path in notebooks:
        probe = quiz_probe(path)
        kinds.setdefault((probe.qtype, probe.wrong_feedback is not None), path)
    return list(kinds.values())


FIRST = one_per_kind(first_notebooks())


def run_without_errors(page, path: str) -> list[dict]:
    """Run all cells of `path`; fail naming each cell with an error output or that did not run."""
    labpage.run_all(page, path, RUN_TIMEOUT_S)
    cells = labpage.cell_report(page, path)
    errors = [f"cell {c['index']} ({c['source'].splitlines()[0]!r}): {e['ename']}: {e['evalue']}"
              for c in cells for e in c["errors"]]
    assert not errors, "error output (traceback) in " + "; ".join(errors)
    not_run = [c["index"] for c in cells if c["count"] is None]
    assert not not_run, f"cells {not_run} did not run"
    return cells


@pytest.mark.parametrize("source", FIRST, ids=[p.relative_to(NOTEBOOKS).as_posix() for p in FIRST])
def test_first_notebook_runs_and_answers_in_jupyterlab(source: Path, lab_page, screenshots: Path) -> None:
    page, rel = lab_page, "learner/" + source.relative_to(NOTEBOOKS).as_posix()
    step = Steps(page, rel, stem=source.stem, folder=screenshots)
    with step("work out what to try (quiz question, exercise) from the files"):
        quiz, exercise = quiz_probe(source), exercise_probe(source)
    with step("open the notebook and start its kernel"):
        panel = labpage.open_notebook(page, rel, OPEN_TIMEOUT_S)
    with step("run all cells with no error output"):
        run_without_errors(page, rel)
    quiz_cell = labpage.cell(panel, quiz.cell_index)
    with step(f"quiz in cell {quiz.cell_index} renders as widgets"):
        buttons = answering.check_buttons(quiz_cell)
        buttons.first.wait_for(state="visible", timeout=30_000)
        inputs = quiz_cell.locator("input[type=radio], input[type=checkbox], input[type=text], select")
        assert buttons.count() == quiz.total and inputs.count() >= quiz.total, \
            f"{quiz.total} questions, but {buttons.count()} Check buttons and {inputs.count()} answer inputs"
        box = answering.question_box(quiz_cell, quiz.number)
        box.scroll_into_view_if_needed()
    with step(f"quiz question {quiz.number} ({quiz.question_id}): a wrong answer says 'Not quite.'"):
        text = answering.answer(box, quiz, quiz.wrong)
        answering.expect_in(text, "Not quite.", quiz.question_id)
        if quiz.wrong_feedback:
            answering.expect_in(text, quiz.wrong_feedback, f"{quiz.question_id}: the wrong option's feedback")
        answering.expect_in(text, "Explanation: " + quiz.explanation, f"{quiz.question_id}: the explanation")
        step.shot("quiz-wrong")
    with step(f"quiz question {quiz.number} ({quiz.question_id}): the right answer says 'Correct.'"):
        text = answering.answer(box, quiz, quiz.right)
        assert text.startswith("Correct."), f"expected 'Correct.', the page shows {text!r}"
        score = quiz_cell.locator(".widget-label", has_text="Score:").first.inner_text()
        assert "1 of" in score, f"the score line should count the right answer: {score!r}"
        box.scroll_into_view_if_needed()
        step.shot("quiz-answered")
    with step(f"exercise {exercise.exercise_id}: a wrong answer gets a verdict from its check cell"):
        answering.check_exercise(page, panel, rel, exercise, RUN_TIMEOUT_S)
        labpage.cell(panel, exercise.check_index).scroll_into_view_if_needed()
        step.shot("exercise-checked")


def test_assigned_notebook_opens_trusted_with_widgets(lab_page, assigned: Path, workspace: Path,
                                                      screenshots: Path) -> None:
    page = lab_page
    rel = (assigned / "0-start-here.ipynb").relative_to(workspace).as_posix()
    step = Steps(page, rel, stem="assigned", folder=screenshots)
    with step("an edited copy of the assigned notebook opens NOT trusted (the control)"):
        edited = assigned.parent / "edited-copy.ipynb"
        nb = nbformat.read(assigned / "0-start-here.ipynb", as_version=4)
        nb.cells[0].source += "\n\nEdited outside Jupyter, so its signature no longer matches."
        nbformat.write(nb, edited)
        edited_rel = edited.relative_to(workspace).as_posix()
        labpage.open_notebook(page, edited_rel, OPEN_TIMEOUT_S)
        status = labpage.trust_status(page)
        assert status.startswith("Notebook not trusted"), f"trust status of the edited copy: {status!r}"
        step.shot("edited-copy-not-trusted")
        labpage.close_notebook(page, edited_rel)
    with step("the notebook written by `course assign` opens trusted"):
        panel = labpage.open_notebook(page, rel, OPEN_TIMEOUT_S)
        status = labpage.trust_status(page)
        assert status.startswith("Notebook trusted"), f"trust status: {status!r} (expected 'Notebook trusted')"
        untrusted = [c["index"] for c in labpage.cell_report(page, rel) if not c["trusted"]]
        assert not untrusted, f"code cells {untrusted} are not trusted"
        step.shot("trusted")
    with step("it runs with the learner's parameters and its quiz renders as widgets"):
        run_without_errors(page, rel)
        panel.get_by_text("Learner id: bt-trust").first.wait_for(state="visible", timeout=10_000)
        quiz = quiz_probe(assigned / "0-start-here.ipynb")  # cell numbers of the assigned copy
        quiz_cell = labpage.cell(panel, quiz.cell_index)
        answering.check_buttons(quiz_cell).first.wait_for(state="visible", timeout=30_000)
        quiz_cell.scroll_into_view_if_needed()
        step.shot("widgets")


def test_tutor_report_and_class_summary_show_charts_without_console_errors(browser, tutor_run: Path,
                                                                          screenshots: Path) -> None:
    # One test for both pages, so that under pytest-xdist the tutor's run is made once, not per worker.
    for name, path in (("report", tutor_run / "reports" / "bt-ada.html"),
                       ("summary", tutor_run / "class-summary.html")):
        check_static_page(browser, path, name, screenshots)


def check_static_page(browser, path: Path, name: str, screenshots: Path) -> None:
    """Open `path` as a file:// page: its charts load, nothing errs; save <name>.png (the whole page)."""
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda err: problems.append(f"page error: {err}"))
    page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url} ({r.failure})"))
    try:
        step = Steps(page, str(path), stem=name, folder=screenshots)
        with step("open as a file:// page"):
            assert path.is_file(), f"{path} was not written by `course run`"
            page.goto(path.as_uri(), wait_until="load")
        with step("its charts are there and drawn"):
            charts = page.locator("img, svg")
            assert charts.count() >= 1, "no <img> or <svg> on the page"
            broken = page.evaluate("() => Array.from(document.images).filter(i => !i.complete || !i.naturalWidth)"
                                   ".map(i => i.alt || i.src.slice(0, 60))")
            assert not broken, f"images that did not load: {broken}"
        with step("no console errors"):
            assert not problems, "; ".join(problems)
        page.screenshot(path=str(screenshots / f"{name}.png"), full_page=True)
    finally:
        page.close()
