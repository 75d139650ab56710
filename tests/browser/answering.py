"""Answering in the page as a learner does: quiz widgets (ipywidgets 8 DOM) and exercise check cells.

The quiz layout is course/quiz/widgets.py: per question a VBox of [HTML "Question N. ...", the answer
input, a "Check" button, an HTML feedback area with role="status"]. Exercise checks display
CheckResult's HTML: a `.course-check` box with the headline ("✘ Not quite (<id>)") and the message.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tests.browser import labpage
from tests.browser.workbook import ExerciseProbe, QuizProbe, normalise

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

FEEDBACK_TIMEOUT_MS = 60_000


def check_buttons(quiz_cell: Locator) -> Locator:
    """Return the quiz's Check buttons (one per question)."""
    return quiz_cell.locator("button.jupyter-button", has_text="Check")


def question_box(quiz_cell: Locator, number: int) -> Locator:
    """Return the widget box of question `number` (the parent of its "Question N." prompt)."""
    prompt = quiz_cell.locator(".widget-html", has_text=f"Question {number}.").first
    return prompt.locator("xpath=..")


def answer(box: Locator, probe: QuizProbe, response: object) -> str:
    """Enter `response` in the question's input, press Check; return the feedback text once it shows."""
    feedback = box.locator('[role="status"]')
    before = feedback.inner_text() if feedback.count() else ""
    if probe.qtype == "single":
        box.get_by_label(str(response), exact=True).check()
    elif probe.qtype == "multiple":
        chosen = {normalise(text) for text in response}  # type: ignore[union-attr]  # a multiple-choice response is a list
        for checkbox in box.locator("input[type=checkbox]").all():
            label = normalise(checkbox.locator("xpath=..").inner_text())
            checkbox.set_checked(label in chosen)
    else:
        field = box.locator("input[type=text]")
        field.fill(str(response))
        field.press("Tab")
    box.locator("button.jupyter-button", has_text="Check").click()
    feedback.first.wait_for(state="visible", timeout=FEEDBACK_TIMEOUT_MS)
    page = box.page
    page.wait_for_function("([el, before]) => el && el.innerText.trim() && el.innerText !== before",
                           arg=[feedback.first.element_handle(), before], timeout=FEEDBACK_TIMEOUT_MS)
    return normalise(feedback.first.inner_text())


def expect_in(text: str, wanted: str, what: str) -> None:
    if normalise(wanted) not in text:
        raise AssertionError(f"{what}: expected to see {wanted!r}, but the page shows {text!r}")


def check_exercise(page: Page, panel: Locator, path: str, probe: ExerciseProbe, timeout_s: float) -> str:
    """Put the probe's wrong answer into the exercise cell, run it and its check cell; return the verdict text."""
    labpage.set_source(page, path, probe.cell_index, probe.source)
    labpage.run_cells(page, path, [probe.cell_index, probe.check_index], timeout_s)
    verdict = labpage.cell(panel, probe.check_index).locator(".course-check")
    verdict.wait_for(state="visible", timeout=FEEDBACK_TIMEOUT_MS)
    text = normalise(verdict.inner_text())
    if "Not attempted yet" in text:
        raise AssertionError(f"the check of {probe.exercise_id} still says 'Not attempted yet' after the "
                             f"answer was entered: {text!r}")
    for wanted in probe.expect:
        expect_in(text, wanted, f"the check of exercise {probe.exercise_id}")
    return text
