"""course.keyboard's script in Chromium, on a page shaped like ipywidgets' output (no JupyterLab, no kernel).

A click on a tracked Check button is held while the kernel's choice (the class on the button) is not the radio
button checked on screen, and is clicked again once the kernel's class catches up; an untracked button, or a
tracked one whose class already agrees, is clicked at once. The same for a text box: the click waits until the
kernel's key of the text (a class on the button) is the key of the text on screen, worked out by the script as
`keyboard.typed_key` works it out in Python. This is the ordering the keyboard test in
test_accessibility_in_browser.py relies on, shown here without its timing.
"""

from __future__ import annotations

import pytest

from course import keyboard

pytestmark = pytest.mark.browser

PAGE = """<div class="{keys}"><div class="widget-vbox">
  <div class="widget-radio"><div class="widget-radio-box">
    <label>A<input type="radio" value="0"></label><label>B<input type="radio" value="1"></label>
    <label>C<input type="radio" value="2"></label></div></div>
  <button id="check" class="{tracked} {none}">Check</button></div>
  <div class="widget-vbox"><button id="plain">Next hint</button></div></div>"""
COUNT = """window.clicks = {check: 0, plain: 0};
  for (const b of document.querySelectorAll('button')) b.addEventListener('click', () => window.clicks[b.id]++);"""


def test_a_check_click_waits_until_the_kernel_has_the_choice_on_screen(browser) -> None:
    page = browser.new_page()
    try:
        page.set_content(PAGE.format(keys=keyboard.CLASS, tracked=keyboard.TRACKED, none=keyboard.ack_class(None)))
        page.evaluate(COUNT)  # as ipywidgets does, a listener on the button itself
        page.add_script_tag(content=keyboard.SCRIPT)
        clicks = lambda: page.evaluate("() => window.clicks")  # noqa: E731
        page.click("#plain")
        page.click("#check")  # nothing chosen, and the kernel has nothing: at once
        assert clicks() == {"check": 1, "plain": 1}
        page.check("input[value='2']")  # chosen on screen; the kernel does not have it yet
        page.click("#check")
        page.wait_for_timeout(600)
        assert clicks()["check"] == 1 and page.get_attribute("#check", "aria-busy") == "true"
        page.evaluate("""([none, two]) => { const b = document.getElementById('check');
            b.classList.remove(none); b.classList.add(two); }""", [keyboard.ack_class(None), keyboard.ack_class(2)])
        page.wait_for_function("() => window.clicks.check === 2", timeout=5_000)
        assert page.get_attribute("#check", "aria-busy") is None
        page.click("#check")  # the kernel's choice agrees: at once, and only once
        assert clicks() == {"check": 3, "plain": 1}
    finally:
        page.close()


TYPED_PAGE = """<div class="{keys}"><div class="widget-vbox">
  <div class="widget-text {typed}"><label>Your answer:</label><input type="text"></div>
  <button id="check" class="{tracked} {empty}">Check</button></div></div>"""


def test_a_check_click_waits_until_the_kernel_has_the_text_on_screen(browser) -> None:
    page = browser.new_page()
    try:
        page.set_content(TYPED_PAGE.format(keys=keyboard.CLASS, typed=keyboard.TYPED, tracked=keyboard.TRACKED,
                                           empty=keyboard.TYPED_ACK + keyboard.typed_key("")))
        page.evaluate(COUNT)
        page.add_script_tag(content=keyboard.SCRIPT)
        texts = ["", "44.5", "3,333.3", "café ☕", "😀 moment of truth", "\ud800"]
        assert page.evaluate("(texts) => texts.map(window.courseTypedKey)", texts) == list(map(keyboard.typed_key,
                                                                                               texts))
        page.click("#check")  # the box is empty, and the kernel has it empty: at once
        assert page.evaluate("() => window.clicks.check") == 1
        page.fill("input", "44.5")  # typed; the kernel does not have it yet
        page.click("#check")
        page.wait_for_timeout(600)
        assert page.evaluate("() => window.clicks.check") == 1 and page.get_attribute("#check", "aria-busy") == "true"
        page.evaluate("""([old, acked]) => { const b = document.getElementById('check');
            b.classList.remove(old); b.classList.add(acked); }""",
                      [keyboard.TYPED_ACK + keyboard.typed_key(""), keyboard.TYPED_ACK + keyboard.typed_key("44.5")])
        page.wait_for_function("() => window.clicks.check === 2", timeout=5_000)
        assert page.get_attribute("#check", "aria-busy") is None
    finally:
        page.close()
