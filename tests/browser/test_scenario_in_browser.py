"""A conversation scenario played in JupyterLab 4 with Chromium, by keyboard only once the page is open.

The privacy scenario in 2.2 (learner edition, the notebook's own learner "demo-learner", apparel): the
cells up to the setup and the scenario cell run; then one play to a good outcome with the best replies,
and, after "Play again", one through a named misconception (sharing a customer's personal data) that is
recovered. Each reply is chosen with the keyboard, as the widget's instructions say (JupyterLab's command
mode takes the arrow keys, even inside an output): from the radio group Tab to the number box, type the
reply's number, Tab to "Say this", Enter. Which reply is which is worked out here from the sealed scenario and the
learner's facts (the page shows none of it before a choice). Screenshots go to build/screenshots/.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from course.scenario import contexts, load
from course.scenario.play import Play
from course.store import simulate
from tests.browser import labpage
from tests.browser.steps import Steps
from tests.browser.workbook import normalise

pytestmark = pytest.mark.browser

REL = "learner/2-recording/2.2-data-protection-and-evidence.ipynb"
SCENARIO = "privacy-caller-and-access"
RUN_TIMEOUT_S = 180
OPEN_TIMEOUT_S = 120
FEEDBACK_TIMEOUT_MS = 60_000
STATUS_TEXT = "Array.from(cell.querySelectorAll('[role=\"status\"]')).map(s => s.innerText).join(' ')"


def _cells(workspace: Path) -> tuple[list[int], int, str, str]:
    """Return the indices to run (parameters, setup, scenario cell), the scenario cell's index, learner and sector."""
    nb = nbformat.read(workspace / REL, as_version=4)
    scenario_cell = next(i for i, c in enumerate(nb.cells) if c.cell_type == "code" and "course.scenario(" in c.source)
    setup = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"][:2]
    values: dict[str, object] = {}
    exec(nb.cells[setup[0]].source, {}, values)  # the notebook's own parameters cell: literal assignments
    return [*setup, scenario_cell], scenario_cell, str(values["learner_id"]), str(values["sector"])


def _say(page, box, index: int) -> str:
    """Choose reply `index` (0-based, as shown) by keyboard and press Say this with Enter; return the feedback.

    From the radio group, Tab to the number box, type the reply's number, Tab to Say this
    (the number is sent as the box loses focus, and the radio button shows the choice), Enter.
    """
    status = box.locator('[role="status"]')
    radios = box.locator("input[type=radio]")
    radios.first.wait_for(state="visible", timeout=FEEDBACK_TIMEOUT_MS)
    radios.first.focus()
    for _ in range(radios.count()):  # with none chosen yet, Chromium stops at each radio button
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "text":
            break
    assert page.evaluate("document.activeElement.type") == "text", "Tab from the replies should reach the number box"
    page.keyboard.type(str(index + 1))
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement && document.activeElement.innerText")
    assert "Say this" in (focused or ""), f"Tab should reach the Say this button, not {focused!r}"
    chosen = f"Reply {index + 1} chosen"
    page.wait_for_function(f"([cell, chosen]) => ({STATUS_TEXT}).includes(chosen)",
                           arg=[box.element_handle(), chosen], timeout=FEEDBACK_TIMEOUT_MS)
    assert radios.nth(index).is_checked(), f"reply {index + 1} should show as chosen"
    feedback = box.locator('[role="status"]', has_not_text=chosen)
    before = feedback.first.inner_text() if feedback.count() else ""
    page.keyboard.press("Enter")
    page.wait_for_function(f"""([cell, before, chosen]) => {{
        const text = {STATUS_TEXT};
        return text.trim() !== '' && !text.includes(chosen) && text !== before;
    }}""", arg=[box.element_handle(), before, chosen], timeout=FEEDBACK_TIMEOUT_MS)
    return normalise(" ".join(status.all_inner_texts()))


def _index(play: Play, quality: str, misconception: str | None = None) -> int:
    by_text = {play.text(r.say): r for r in play.node.replies or []}
    return next(i for i, text in enumerate(play.choices()) if by_text[text].quality == quality
                and (misconception is None or by_text[text].misconception == misconception))


def test_a_scenario_plays_by_keyboard_to_a_good_outcome_and_through_a_misconception(
        lab_page, workspace: Path, screenshots: Path) -> None:
    page = lab_page
    step = Steps(page, REL, stem="scenario-2.2", folder=screenshots)
    to_run, index, learner, sector = _cells(workspace)
    scenario = load(SCENARIO)
    play = Play(scenario, contexts.facts(scenario.context, simulate(learner, sector=sector)), learner_id=learner)
    with step("open 2.2 and run the setup and the scenario cell"):
        panel = labpage.open_notebook(page, REL, OPEN_TIMEOUT_S)
        labpage.run_cells(page, REL, to_run, RUN_TIMEOUT_S)
        box = labpage.cell(panel, index)
        box.locator("button.jupyter-button", has_text="Say this").wait_for(state="visible", timeout=60_000)
        assert normalise(play.words) in normalise(box.inner_text())
        assert box.get_by_label("Your reply:").count() or box.locator(".widget-radio-box").count()
        box.scroll_into_view_if_needed()
        step.shot("scenario-start")
    with step("play every decision with the best reply, by keyboard, to a good outcome"):
        while not play.finished:
            choice = _index(play, "best")
            done = play.choose(choice)
            text = _say(page, box, choice)
            assert normalise(done.verdict) in text or "Debrief" in text, text
        assert "Debrief: a good outcome" in text, text
        assert "The one thing to practise next" in text
        step.shot("scenario-good-outcome")
    with step("Play again (keyboard), then a reply that shares personal data: the misconception is named"):
        again = box.locator("button.jupyter-button", has_text="Play again")
        again.focus()
        page.keyboard.press("Enter")
        box.locator("input[type=radio]").first.wait_for(state="visible", timeout=FEEDBACK_TIMEOUT_MS)
        play.restart()
        choice = _index(play, "wrong", "disclosing-personal-data")
        done = play.choose(choice)
        text = _say(page, box, choice)
        entry = scenario.misconceptions["disclosing-personal-data"]
        assert "Not the right move." in text and f"This shows a misconception: {normalise(entry.name)}" in text, text
        assert normalise(play.text(entry.fix)) in text
        step.shot("scenario-misconception")
    with step("recover with the best replies; the debrief names what to practise next"):
        while not play.finished:
            choice = _index(play, "best")
            play.choose(choice)
            text = _say(page, box, choice)
        assert "Debrief:" in text and normalise(play.text(entry.fix)) in text, text
        step.shot("scenario-debrief")
    with step("the progress log holds both plays"):
        log = workspace / "learner" / "2-recording" / "course-progress.jsonl"
        rows = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines() if line.strip()]
        ends = [r for r in rows if r["kind"] == "scenario" and r.get("outcome")]
        assert [(e["outcome"], e["status"]) for e in ends][-2:] == [("good", "correct"), (play.outcome, "incorrect")]
        assert ends[-1]["misconception"] == done.misconception == "disclosing-personal-data"
