"""Accessibility in a real browser (WCAG 2.2 AA): axe-core scans, the keyboard alone, text alternatives, reflow.

1. A learner's report and the class summary (`course run` on two learners, the `tutor_run` fixture): no axe
   violation of serious or critical impact against the WCAG 2.0/2.1/2.2 A and AA rules; a language, a title,
   a main landmark and headings in order; each learner's chart alt text holds their own figures (worked out
   here from their store); every chart has a data table (or says where it is); at a 320 px wide viewport
   (400% zoom of 1280 px) nothing scrolls sideways but a data table inside its own region.
2. JupyterLab with 5.1 open: an exercise check, a conversation scenario and the quiz, by keyboard alone (Tab,
   Shift+Tab, Space, Enter, arrow keys in the radio groups), each from the cell after it (selected in command
   mode, as a learner selects a cell: Tab forwards from a cell enters its code editor, where Tab indents);
   focus always visible, feedback in a live region. A number question on a busy kernel, where ipywidgets keeps
   the box's second number in the browser while the click goes at once, so Check must be held (course.keyboard)
   until the kernel has the number on screen; then typed and checked at once (type, Tab, Space, no wait for the
   kernel): a wrong number is "Not quite.", the right one "Correct.". Then an axe scan of our content (the
   cells' outputs and markdown) with JupyterLab's own parts excluded by name (EXCLUDED, each with its reason),
   before and after answering; JupyterLab's own findings are counted and printed.
3. JupyterLab with 5.3 open: a scenario reply chosen by typing its number, and the quiz's text question
   (wrong, then right), each typed and sent at once with Tab and Enter; then the same axe scan.
axe-core is bundled by axe-playwright-python (tests/browser/axe.py). Screenshots go to build/screenshots/.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import nbformat
import pytest

from course import keyboard
from course.notebooks import PARAMETERS_TAG, tags
from course.store import simulate
from tests.browser import axe, labpage
from tests.browser.conftest import TUTOR_ROSTER
from tests.browser.steps import Steps
from tests.browser.workbook import _source_questions, normalise

pytestmark = pytest.mark.browser

REL = "learner/5-promotion-teamwork/5.1-selling-to-customer-needs.ipynb"
TEAMWORK = "learner/5-promotion-teamwork/5.3-teamwork.ipynb"  # a quiz with a text question, and a scenario
TEXT = "promo-tuckman-adjourning"
EXERCISE = "sell-feature-benefit"
NUMERIC = "promo-margin-worked"
OPEN_TIMEOUT_S = RUN_TIMEOUT_S = 180
WAIT_MS = 60_000
BUSY_S = 8  # the kernel sleeps this long while the test types (a few key presses) on a busy kernel
# JupyterLab's own parts inside a notebook's content, left out of the scan of our content (each is JupyterLab's
# markup, not the course's; their findings are counted with the rest of JupyterLab's below):
EXCLUDED = {
    ".jp-InternalAnchorLink": "the ¶ link JupyterLab adds after every rendered markdown heading",
    ".jp-collapseHeadingButton": "the button JupyterLab adds to collapse a markdown heading's section",
    ".jp-OutputPrompt": "the [n]: prompt area JupyterLab draws beside an output",
    ".jp-OutputArea-promptOverlay": "JupyterLab's click target to collapse or scroll an output",
}
FOCUS_VISIBLE = """() => { const el = document.activeElement, s = getComputedStyle(el);
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
  return outline || (s.boxShadow && s.boxShadow !== 'none'); }"""
FOCUS_STYLE = """() => { const el = document.activeElement, s = getComputedStyle(el);
  return {outline: s.outline, boxShadow: s.boxShadow, border: s.borderColor, focusVisible: el.matches(':focus-visible'),
          ours: el.matches('.course-keys :focus-visible'), className: el.className,
          styled: Array.from(document.querySelectorAll('style')).some(t => t.textContent.includes('course-keys'))}; }"""
ACTIVE = """() => { const el = document.activeElement;
  return {tag: el.tagName, type: el.type || '', text: (el.innerText || el.value || '').trim(), checked: !!el.checked,
          label: el.parentElement ? el.parentElement.innerText.trim() : ''}; }"""


# --- 1. the report and the class summary ------------------------------------------------------------------

def test_reports_and_class_summary_pass_axe_read_their_own_figures_and_reflow(browser, tutor_run: Path,
                                                                             screenshots: Path) -> None:
    pages = {f"report-{i}": tutor_run / "reports" / f"{i}.html" for i, *_ in TUTOR_ROSTER}
    pages["summary"] = tutor_run / "class-summary.html"
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    try:
        for name, path in pages.items():
            step = Steps(page, str(path), stem=f"a11y-{name}", folder=screenshots)
            with step("axe: no serious or critical violation of WCAG 2.2 A/AA"):
                page.set_viewport_size({"width": 1280, "height": 1000})
                page.goto(path.as_uri(), wait_until="load")
                found = axe.scan(page)
                print(f"axe {name}: {len(found)} rules, {axe.count(found)} elements; "
                      f"serious or critical: {axe.count(axe.blocking(found))}\n{axe.describe(found)}")
                assert not axe.blocking(found), axe.describe(axe.blocking(found))
            with step("language, title, main landmark, headings in order"):
                check_structure(page)
            with step("every chart has a data table after it, or says where its table is"):
                check_chart_tables(page)
            with step("at 320 px wide (400% zoom) no text scrolls sideways"):
                check_reflow(page)
                step.shot("320px", full_page=False)
        for learner_id, _name, sector, _skill in TUTOR_ROSTER:
            with Steps(page, learner_id, stem=f"a11y-alt-{learner_id}", folder=screenshots)("alt text: own figures"):
                page.goto(pages[f"report-{learner_id}"].as_uri(), wait_until="load")
                check_alt_text(page, learner_id, sector)
    finally:
        page.close()


def check_structure(page) -> None:
    facts = page.evaluate("""() => ({lang: document.documentElement.lang, title: document.title,
        mains: document.querySelectorAll('main, [role=main]').length,
        levels: Array.from(document.querySelectorAll('h1, h2, h3, h4, h5, h6')).map(h => +h.tagName[1])})""")
    assert facts["lang"].startswith("en"), facts
    assert facts["title"].strip(), "the page has no <title>"
    assert facts["mains"] == 1, f"expected one main landmark, found {facts['mains']}"
    levels = facts["levels"]
    assert levels and levels[0] == 1 and levels.count(1) == 1, f"one h1, first: {levels}"
    skipped = [(a, b) for a, b in itertools.pairwise(levels) if b > a + 1]
    assert not skipped, f"heading levels skipped: {skipped} in {levels}"


def check_chart_tables(page) -> None:
    missing = page.evaluate("""() => Array.from(document.querySelectorAll('img')).filter(img => {
        const fig = img.closest('figure');
        if (fig && fig.querySelector('figcaption') && /table/i.test(fig.querySelector('figcaption').innerText))
          return false;
        let next = (img.closest('.jp-Cell-outputWrapper .jp-OutputArea-child') || fig || img).nextElementSibling;
        return !(next && next.querySelector('details table') || (next && next.matches('details')
                 && next.querySelector('table')));
      }).map(img => img.alt.slice(0, 60))""")
    assert not missing, f"charts with no data table after them: {missing}"
    assert page.locator("details summary", has_text="Data table for this chart").count() >= 1


def check_reflow(page) -> None:
    page.set_viewport_size({"width": 320, "height": 800})
    sideways = page.evaluate("""() => {
        const width = document.documentElement.clientWidth, out = [];
        if (document.documentElement.scrollWidth > width + 1) out.push('page: ' + document.documentElement.scrollWidth);
        for (const el of document.querySelectorAll('p, li, h1, h2, h3, h4, summary, figcaption, img')) {
          if (el.closest('table')) continue;  // a data table may scroll in its own region (WCAG 1.4.10 allows it)
          const box = el.getBoundingClientRect();
          if (box.width && box.right > width + 1) out.push(el.tagName + ': ' + (el.innerText || el.alt).slice(0, 40));
        }
        return out; }""")
    assert not sideways, f"wider than 320 px: {sideways[:8]}"


def check_alt_text(page, learner_id: str, sector: str) -> None:
    """The sales chart's alt text names this learner's best and worst month and their sales, from their store."""
    data = simulate(learner_id, sector=sector)
    months = data.transactions.groupby(data.transactions["timestamp"].dt.to_period("M"))["net_value"].sum() / 1000
    best, worst = months.idxmax(), months.idxmin()
    hours = data.footfall.groupby(data.footfall["timestamp"].dt.hour)["visitors"].mean()
    alts = page.evaluate("() => Array.from(document.images).map(i => i.alt)")
    expected = [f"Highest in {best:%B %Y} (£{months[best]:,.0f}k), lowest in {worst:%B %Y} (£{months[worst]:,.0f}k)",
                f"busiest at {hours.idxmax()}:00 with {hours.max():.0f} visitors"]
    for wanted in expected:
        assert any(wanted in alt for alt in alts), f"{learner_id}: no alt text says {wanted!r}: {alts}"


# --- 2. JupyterLab, by keyboard alone ---------------------------------------------------------------------

def _cells(workspace: Path, rel: str = REL) -> dict[str, int]:
    nb = nbformat.read(workspace / rel, as_version=4)
    code = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    find = {
        "parameters": lambda c: PARAMETERS_TAG in tags(c),
        "setup": lambda c: "course.start(" in c.source,
        "exercise": lambda c: f"exercise:{EXERCISE}" in tags(c),
        "check": lambda c: f'course.check("{EXERCISE}"' in c.source,
        "scenario": lambda c: "course.scenario(" in c.source,
        "quiz": lambda c: "course.quiz(" in c.source,
    }
    return {name: next(i for i in code if test(nb.cells[i])) for name, test in find.items()
            if any(test(nb.cells[i]) for i in code)}


def _quiz_questions(workspace: Path, index: int, rel: str = REL) -> list[dict]:
    source = nbformat.read(workspace / rel, as_version=4).cells[index].source
    bank = _source_questions()
    return [bank[q] for q in re.findall(r"[\"']([a-z0-9-]+)[\"']", source)[1:] if q in bank]


def tab_to(page, test: str, what: str, *, back: bool = False, limit: int = 60) -> dict:
    """Press Tab (Shift+Tab with `back`) until `test` (a JS predicate on the focused element) holds."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        if page.evaluate(f"() => {{ const el = document.activeElement; return !!({test}); }}"):
            assert page.evaluate(FOCUS_VISIBLE), f"the focus on {what} is not visible: {page.evaluate(FOCUS_STYLE)}"
            return page.evaluate(ACTIVE)
    raise AssertionError(f"{limit} presses of Tab did not reach {what}; the focus is on {page.evaluate(ACTIVE)}")


def status_text(box) -> str:
    return normalise(" ".join(box.locator('[role="status"]').all_inner_texts()))


def wait_for_status(page, box, wanted: str) -> str:
    page.wait_for_function("([el, wanted]) => Array.from(el.querySelectorAll('[role=\"status\"]'))"
                           ".some(s => s.innerText.includes(wanted))", arg=[box.element_handle(), wanted],
                           timeout=WAIT_MS)
    return status_text(box)


def select_cell(page, index: int, rel: str = REL) -> None:
    """Select cell `index` in command mode, as a learner does by clicking it or moving to it with the arrow keys."""
    page.evaluate("""([path, index]) => { for (const w of window.jupyterapp.shell.widgets('main'))
        if (w.context && w.context.path === path) { const nb = w.content; nb.activeCellIndex = index;
          nb.deselectAll(); nb.mode = 'command'; nb.widgets[index].node.focus(); } }""", [rel, index])


def busy_kernel(page, seconds: float, rel: str = REL) -> None:
    """Keep the notebook's kernel busy for `seconds` (a silent time.sleep), as a slow kernel or a long cell would."""
    page.evaluate("""([path, seconds]) => { for (const w of window.jupyterapp.shell.widgets('main'))
        if (w.context && w.context.path === path) w.sessionContext.session.kernel.requestExecute(
          {code: `import time; time.sleep(${seconds})`, silent: true, store_history: false}); }""", [rel, seconds])


def kernel_has(button, text: str) -> bool:
    """Whether the kernel has acknowledged `text` in the box beside `button` (course.keyboard.track_typed)."""
    return f"{keyboard.TYPED_ACK}{keyboard.typed_key(text)}" in (button.get_attribute("class") or "").split()


def type_and_check(page, box, text: str, key: str, wanted: str) -> str:
    """In the focused text box: select what is there, type `text`, Tab to the button and press `key` at once (no
    wait for the kernel); return the feedback once it says `wanted`, or fail saying what it says."""
    page.keyboard.press("Control+a")
    page.keyboard.type(text)
    tab_to(page, "el.tagName === 'BUTTON'", "the button after the box", limit=2)
    page.keyboard.press(key)
    return expect_status(page, box, wanted)


def expect_status(page, box, wanted: str) -> str:
    try:
        return wait_for_status(page, box, wanted)
    except Exception as err:  # a timeout says only that it timed out
        raise AssertionError(f"the feedback should say {wanted!r}: it says {status_text(box)!r}") from err


def notebook_state(page) -> dict:
    return page.evaluate("""(path) => { for (const w of window.jupyterapp.shell.widgets('main'))
        if (w.context && w.context.path === path) return {index: w.content.activeCellIndex, mode: w.content.mode};
      return null; }""", REL)


def test_exercise_check_scenario_and_quiz_by_keyboard_alone_then_axe_in_jupyterlab(lab_page, workspace: Path,
                                                                                    screenshots: Path) -> None:
    page, cells = lab_page, _cells(workspace)
    step = Steps(page, REL, stem="a11y-5.1", folder=screenshots)
    with step("open 5.1; run the setup, the exercise and its check, the scenario and the quiz"):
        panel = labpage.open_notebook(page, REL, OPEN_TIMEOUT_S)
        labpage.run_cells(page, REL, [cells[k] for k in ("parameters", "setup", "exercise", "check", "scenario",
                                                         "quiz")], RUN_TIMEOUT_S)
        check, scenario, quiz = (labpage.cell(panel, cells[k]) for k in ("check", "scenario", "quiz"))
        check.get_by_role("button", name="Need a hint?").wait_for(state="visible", timeout=WAIT_MS)
        quiz.locator("button.jupyter-button", has_text="Check").first.wait_for(state="visible", timeout=WAIT_MS)
        scenario.locator("input[type=radio]").first.wait_for(state="visible", timeout=WAIT_MS)
    with step("axe once the check, the scenario and the quiz have rendered"):
        scan_lab(page, "rendered")
    with step("the check's verdict is in a live region; from the next cell Shift+Tab to Need a hint?, Enter, Space"):
        assert check.locator('.course-check[role="status"]').count() >= 1
        select_cell(page, cells["check"] + 1)
        tab_to(page, "el.innerText && el.innerText.includes('Need a hint?')", "the Need a hint? button", back=True)
        page.keyboard.press("Enter")
        assert "Hint 1 of" in wait_for_status(page, check, "Hint 1 of")
        page.keyboard.press("Space")  # the button now says Next hint, and keeps the focus
        assert "Hint 2 of" in wait_for_status(page, check, "Hint 2 of")
        step.shot("hint")
    with step("scenario: Shift+Tab to the replies, arrow keys choose (JupyterLab does not take them), Say this"):
        select_cell(page, cells["scenario"] + 1)
        tab_to(page, "el.type === 'radio' && el.closest('.course-keys')", "the scenario's replies", back=True)
        before = notebook_state(page)
        for key in ("ArrowDown", "ArrowDown", "ArrowUp"):  # quickly: Say this waits for the kernel (course.keyboard)
            page.keyboard.press(key)
        now = page.evaluate(ACTIVE)
        radios = scenario.locator("input[type=radio]")
        chosen = [i for i in range(radios.count()) if radios.nth(i).is_checked()]
        assert now["type"] == "radio" and len(chosen) == 1, f"ArrowDown, ArrowDown, ArrowUp: {now}, chosen {chosen}"
        assert notebook_state(page) == before, "JupyterLab took the arrow keys (the active cell or mode changed)"
        reply = normalise(now["label"])
        assert reply == normalise(radios.nth(chosen[0]).locator("xpath=..").inner_text()), "focus is on the choice"
        tab_to(page, "el.innerText && el.innerText.includes('Say this')", "Say this")
        page.keyboard.press("Enter")
        text = wait_for_status(page, scenario, "You said:")
        assert reply.split(". ", 1)[1][:40] in text, f"the feedback should quote the reply chosen ({reply!r}): {text!r}"
        step.shot("scenario")
    questions = _quiz_questions(workspace, cells["quiz"])
    single = next(n for n, q in enumerate(questions, start=1) if q["type"] == "single")
    numeric = next(n for n, q in enumerate(questions, start=1) if q["id"] == NUMERIC)
    with step(f"quiz question {single}: Shift+Tab to it, Space and arrow keys to the right answer, Tab, Enter"):
        box = quiz.locator(".widget-html", has_text=f"Question {single}.").first.locator("xpath=..")
        select_cell(page, cells["quiz"] + 1)
        tab_to(page, f"el.type === 'radio' && el.closest('.widget-vbox').innerText.includes('Question {single}.')",
               f"question {single}'s options", back=True)
        options = [o["text"] for o in questions[single - 1]["options"]]
        right = options.index(next(o["text"] for o in questions[single - 1]["options"] if o.get("correct")))
        page.keyboard.press("Home")  # the first option, chosen
        for _ in range(right):  # quickly, with no pause: Check waits until the kernel has the choice (course.keyboard)
            page.keyboard.press("ArrowDown")
        assert box.locator("input[type=radio]").nth(right).is_checked()
        tab_to(page, "el.innerText && el.innerText.trim() === 'Check'", "the Check button")
        page.keyboard.press("Enter")
        assert wait_for_status(page, box, "Correct.").startswith("Correct.")
        back = tab_to(page, "el.type === 'radio'", "the chosen answer", back=True, limit=3)
        assert back["checked"] and normalise(back["label"]) == normalise(options[right]), back
    with step(f"quiz question {numeric} (a number), on a busy kernel: a number sent, another typed while it waits"):
        box = quiz.locator(".widget-html", has_text=f"Question {numeric}.").first.locator("xpath=..")
        check_button = box.locator("button.jupyter-button", has_text="Check")
        answer = float(questions[numeric - 1]["answer"])
        tab_to(page, f"el.type === 'text' && el.closest('.widget-vbox').innerText.includes('Question {numeric}.')",
               f"question {numeric}'s number box")
        busy_kernel(page, BUSY_S)  # the box's next value waits in the browser until the kernel answers this one
        page.keyboard.type(f"{answer + 20:g}")
        tab_to(page, "el.tagName === 'BUTTON'", "Check", limit=2)  # the box sends this number (queued in the kernel)
        tab_to(page, "el.type === 'text'", f"question {numeric}'s number box", back=True, limit=2)
        page.keyboard.press("Control+a")
        page.keyboard.type(f"{answer:g}")
        tab_to(page, "el.tagName === 'BUTTON'", "Check", limit=2)  # this one waits in the browser (ipywidgets)
        assert not kernel_has(check_button, f"{answer:g}"), f"the kernel was not busy for {BUSY_S} s: test nothing"
        page.keyboard.press("Space")  # ipywidgets sends the click at once: without the hold, marked on answer + 20
        assert check_button.get_attribute("aria-busy") == "true", "Check is not held for the number on screen"
        assert expect_status(page, box, "Correct.").startswith("Correct.")
    with step(f"quiz question {numeric}: type, Tab, Space at once: a wrong number is Not quite, the right one Correct"):
        tab_to(page, "el.type === 'text'", f"question {numeric}'s number box", back=True, limit=2)
        assert type_and_check(page, box, f"{answer + 10:g}", "Space", "Not quite.").startswith("Not quite.")
        tab_to(page, "el.type === 'text'", f"question {numeric}'s number box", back=True, limit=2)
        assert type_and_check(page, box, f"{answer:g}", "Space", "Correct.").startswith("Correct.")
        box.scroll_into_view_if_needed()
        step.shot("quiz")
    with step("axe after answering: our content has no serious or critical violation"):
        scan_lab(page, "after answering by keyboard")


def scan_lab(page, when: str, rel: str = REL) -> None:
    """Scan our content (outputs and markdown of the notebook, minus EXCLUDED) and, for the record, the rest."""
    ours = [f'[data-test-path="{rel}"] {s}' for s in (".jp-OutputArea-output", ".jp-MarkdownOutput")]
    found = axe.scan(page, include=ours, exclude=list(EXCLUDED))
    lab_own = axe.scan(page, exclude=ours)
    where = f"axe JupyterLab ({rel.rsplit('/', 1)[-1]}, {when})"
    print(f"{where}, our content: {len(found)} rules, {axe.count(found)} elements; serious or "
          f"critical: {axe.count(axe.blocking(found))}\n{axe.describe(found)}")
    print(f"{where}, JupyterLab's own findings (outside our content): {len(lab_own)} rules, "
          f"{axe.count(lab_own)} elements, {axe.count(axe.blocking(lab_own))} serious or critical\n"
          f"{axe.describe(lab_own)}")
    assert not axe.blocking(found), axe.describe(axe.blocking(found))


def test_typed_answers_are_checked_as_typed_by_keyboard_alone_then_axe_in_jupyterlab(lab_page, workspace: Path,
                                                                                     screenshots: Path) -> None:
    """5.3: a scenario reply by its number and a quiz's text answer, each typed and sent at once by keyboard."""
    page, cells = lab_page, _cells(workspace, TEAMWORK)
    step = Steps(page, TEAMWORK, stem="a11y-5.3", folder=screenshots)
    with step("open 5.3; run the setup, the first scenario and the quiz"):
        panel = labpage.open_notebook(page, TEAMWORK, OPEN_TIMEOUT_S)
        labpage.run_cells(page, TEAMWORK, [cells[k] for k in ("parameters", "setup", "scenario", "quiz")],
                          RUN_TIMEOUT_S)
        scenario, quiz = (labpage.cell(panel, cells[k]) for k in ("scenario", "quiz"))
        quiz.locator("button.jupyter-button", has_text="Check").first.wait_for(state="visible", timeout=WAIT_MS)
        scenario.locator("input[type=radio]").first.wait_for(state="visible", timeout=WAIT_MS)
    with step("scenario: Shift+Tab to the number box, type a reply's number, Tab, Enter at once"):
        select_cell(page, cells["scenario"] + 1, TEAMWORK)
        tab_to(page, "el.type === 'text' && el.closest('.course-keys')", "the scenario's number box", back=True)
        replies = scenario.locator("input[type=radio]")
        last = replies.count()
        reply = normalise(replies.nth(last - 1).locator("xpath=..").inner_text())
        text = type_and_check(page, scenario, str(last), "Enter", "You said:")
        assert reply.split(". ", 1)[1][:40] in text, f"the feedback should quote reply {last} ({reply!r}): {text!r}"
    questions = _quiz_questions(workspace, cells["quiz"], TEAMWORK)
    number = next(n for n, q in enumerate(questions, start=1) if q["id"] == TEXT)
    with step(f"quiz question {number} (text): type, Tab, Enter at once: wrong is Not quite, right Correct"):
        box = quiz.locator(".widget-html", has_text=f"Question {number}.").first.locator("xpath=..")
        select_cell(page, cells["quiz"] + 1, TEAMWORK)
        tab_to(page, f"el.type === 'text' && el.closest('.widget-vbox').innerText.includes('Question {number}.')",
               f"question {number}'s text box", back=True)
        assert type_and_check(page, box, "forming", "Enter", "Not quite.").startswith("Not quite.")
        tab_to(page, "el.type === 'text'", f"question {number}'s text box", back=True, limit=2)
        assert type_and_check(page, box, questions[number - 1]["answers"][0], "Enter", "Correct.").startswith(
            "Correct.")
        box.scroll_into_view_if_needed()
        step.shot("quiz-text")
    with step("axe after answering: our content has no serious or critical violation"):
        scan_lab(page, "after answering by keyboard", TEAMWORK)
