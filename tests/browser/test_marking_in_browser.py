"""The marking workspace in Chromium: a tutor marks two learners with the keyboard alone, the marks reach
RUN/gradebook.sqlite, then the learners' reports (`course report`) and the LMS CSV (`course export --format csv
--marking-points`), and axe-core finds no serious or critical WCAG 2.2 AA problem on the page."""

from __future__ import annotations

import csv
import html
import re
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from course.commands import export as export_verb
from course.commands import report as report_verb
from course.tutor import gradebook, lms_export, marks
from course.tutor.mark_page import Workspace
from course.tutor.mark_server import new_token, serve_in_thread
from tests.marking_run import make_run

pytestmark = pytest.mark.browser

COMMENT = "Say which customer feedback led to the second till."
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PAIRS = [("ada", "002:MP8"), ("raj", "002:MP8"), ("zoe", "002:MP8")]


@pytest.fixture
def marking(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    run, conn = make_run(tmp_path)
    conn.execute("INSERT INTO written_evidence VALUES (?, ?, ?, ?, ?, ?, ?)",
                 ("raj", "002:MP8", "3-reviewing/3.2-the-review-cycle.ipynb", "reflect-1",
                  "It went fine.", 3, ""))
    conn.close()
    ws = Workspace(run, "Sam Tutor", "first", PAIRS, new_token())
    server, _ = serve_in_thread(ws)
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{ws.url('/')}", run
    finally:
        server.shutdown()
        server.server_close()


def _tab_to(page, selector: str, limit: int = 40) -> None:
    """Press Tab until the element matching `selector` has the focus (keyboard only)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def _focus_is_visible(page) -> bool:
    return bool(page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle !== 'none'"))


def test_marking_two_learners_with_the_keyboard(browser, marking: tuple[str, Path]) -> None:
    url, run = marking
    before = _lms_csv(run, "before.csv")
    page = browser.new_page(viewport={"width": 1000, "height": 900})
    try:
        page.goto(url)
        assert page.locator("h1").inner_text().startswith("Ada Lovelace (ada)")
        _tab_to(page, "input[name=decision]")
        assert _focus_is_visible(page)
        page.keyboard.press("ArrowDown")  # met -> partly met
        _tab_to(page, "#comment")
        page.keyboard.type(COMMENT)
        _tab_to(page, "button[value=save]")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.locator("h1").inner_text().startswith("Raj Patel (raj)")
        _tab_to(page, "input[name=decision]")
        page.keyboard.press("ArrowDown")  # met -> partly met
        page.keyboard.press("ArrowDown")  # -> not yet
        with page.expect_navigation():
            page.keyboard.press("Enter")  # submits the form from the radio group: "Save and next"
        assert page.locator("h1").inner_text().startswith("Zoë <b>Hart</b> (zoe)")
    finally:
        page.close()
    with sqlite3.connect(run / "gradebook.sqlite") as conn:
        rows = conn.execute("SELECT learner_id, marking_point, decision, comment, marker, role FROM marks "
                            "ORDER BY mark_id").fetchall()
    assert rows == [("ada", "002:MP8", "partly", COMMENT, "Sam Tutor", "first"),
                    ("raj", "002:MP8", "not yet", "", "Sam Tutor", "first")]
    _marks_reach_the_reports(run)
    _marks_reach_the_lms_csv(run, before)


def _report_row(page: str, code: str) -> str:
    """Return the text of the report's marking-point table row for `code` (tags removed)."""
    rows = [re.sub(r"<[^>]+>", " ", row) for row in re.findall(r"<tr>(.*?)</tr>", page, flags=re.S)]
    found = [" ".join(html.unescape(row).split()) for row in rows if f"{code} " in html.unescape(row) + " "]
    assert found, f"no table row for {code}"
    return " | ".join(found)


def _marks_reach_the_reports(run: Path) -> None:
    """`course report`, as a tutor runs it: each marked learner's report shows the decision in words, the marker
    and the comment; the learner nobody marked shows no tutor decision."""
    assert report_verb.main(run=run) == 0
    pages = {lr: (run / "reports").glob(f"*{lr}*.html") for lr in ("ada", "raj", "zoe")}
    text = {lr: next(found).read_text(encoding="utf-8") for lr, found in pages.items()}
    ada, raj = _report_row(text["ada"], "002:MP8"), _report_row(text["raj"], "002:MP8")
    assert "Partly" in ada and "Sam Tutor" in ada and COMMENT in ada, ada
    assert "Not yet" in raj and "Sam Tutor" in raj and "Partly" not in raj, raj
    assert "Sam Tutor" not in text["zoe"]


def _lms_csv(run: Path, name: str) -> dict[str, dict[str, str]]:
    """Run `course export --format csv --marking-points` as a tutor would; return its rows by learner."""
    out = run / name
    assert export_verb.main(run=run, fmt="csv", out=out, marking_points=True) == 0
    with out.open(encoding="utf-8", newline="") as handle:
        return {row["learner_id"]: row for row in csv.DictReader(handle)}


def _marks_reach_the_lms_csv(run: Path, before: dict[str, dict[str, str]]) -> None:
    """The LMS CSV's marking-point column holds each tutor decision on the default scale, and the section score
    counts it: ada's "partly" (half an item) raises her reviewing score; raj's "not yet" earns nothing, as before."""
    after, scale = _lms_csv(run, "after.csv"), lms_export.parse_scale(lms_export.DEFAULT_SCALE)
    assert float(after["ada"]["002:MP8"]) == scale["partly"] and float(after["raj"]["002:MP8"]) == scale["not yet"]
    assert float(after["ada"]["reviewing"]) > float(before["ada"]["reviewing"])
    assert after["raj"]["reviewing"] == before["raj"]["reviewing"]


def test_the_page_passes_axe_wide_and_at_320_px_and_reflows(browser, marking: tuple[str, Path]) -> None:
    from axe_playwright_python.sync_playwright import Axe

    url, run = marking
    page = browser.new_page(viewport={"width": 1000, "height": 900})
    try:
        page.goto(url)
        for width in (1000, 320):  # at 320 px the items table scrolls inside a focusable region
            page.set_viewport_size({"width": width, "height": 800})
            result = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
            print(width, [(v["id"], v["impact"]) for v in result.response["violations"]])  # kept: every finding
            serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]])
                       for v in result.response["violations"] if v["impact"] in ("serious", "critical")]
            assert serious == [], width
            assert result.response["passes"], "axe ran no checks"
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
    finally:
        page.close()
    with closing(gradebook.connect(run / "gradebook.sqlite")) as conn:
        assert marks.current(conn, "first") == {}  # looking at a page records nothing
