"""Fixtures of the browser tests: one JupyterLab server, one Chromium and one lab page for a run of browser tests.

Per pytest-xdist worker, made only when a browser test needs them:
- `workspace`: a temporary folder the server serves, holding the learner edition copied from
  notebooks/ (the sources are never opened in the browser, so never modified);
- `lab`: `jupyter lab` on 127.0.0.1, a free port and a random token, stopped (with its kernels) by a
  finaliser even when a test fails;
- `browser`: Debian's Chromium driven by Playwright. Without Chromium or Playwright the tests skip
  with how to install them, except in CI (CI=true), where a missing browser is a failure.

`lab`, `browser` and the lab page are package-scoped on purpose: while Playwright's sync API is active
an asyncio loop counts as running in the main thread, so `asyncio.run()` (papermill, jupyter_client)
would fail in any other test that a pytest-xdist worker runs after these. Package scope ends them
as soon as the worker moves on to a test outside tests/browser/, and shares them between the browser
modules a worker runs one after another (tests/conftest.py keeps the JupyterLab tests in one unit, so one
server and one lab page serve them all). The workspace, `assigned` and `tutor_run` have no event loop and
are kept for the session.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from course.notebooks import build_edition
from tests.browser import labpage
from tests.browser.lab import LabServer, jupyter_env, start_lab
from tests.browser.workbook import NOTEBOOKS, ROOT

SCREENSHOTS = ROOT / "build" / "screenshots"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1400, "height": 1000}
APP_TIMEOUT_S = 120


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def chromium_path() -> str:
    return os.environ.get("COURSE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


def missing_browser() -> str | None:
    """Return why the browser tests cannot run here, with how to fix it; None when they can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return ("Playwright for Python is not installed: `make test` installs the test extras "
                "(or run `.venv/bin/pip install -e '.[test]'`)")
    if not Path(chromium_path()).is_file():
        return (f"Chromium was not found at {chromium_path()}: run `make browser-deps` "
                "(or `apt-get install chromium`), or set COURSE_CHROMIUM to a Chromium binary")
    return None


@pytest.fixture(scope="session")
def browser_available() -> None:
    problem = missing_browser()
    if problem and in_ci():
        pytest.fail(f"browser tests cannot run in CI: {problem}", pytrace=False)
    if problem:
        pytest.skip(problem)


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture(scope="session")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder the server serves; learner/ holds the learner edition of the whole workbook."""
    root = tmp_path_factory.mktemp("browser-workspace")
    build_edition("learner", src=NOTEBOOKS, out=root / "learner", solutions=ROOT / "solutions" / "exercises")
    return root


@pytest.fixture(scope="package")
def lab(browser_available: None, workspace: Path) -> Iterator[LabServer]:
    server = start_lab(workspace)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="package")
def browser(browser_available: None) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="package")
def _lab_page_module(browser, lab: LabServer) -> Iterator[object]:
    page = browser.new_page(viewport=VIEWPORT)
    page.set_default_timeout(60_000)
    page.goto(lab.url("lab"))
    labpage.wait_for_app(page, APP_TIMEOUT_S)
    yield page
    page.close()


@pytest.fixture
def lab_page(_lab_page_module, lab: LabServer) -> Iterator[object]:
    """The JupyterLab page; after each test every notebook is closed (kernel shut down), and the page is
    reloaded if it no longer answers."""
    page = _lab_page_module
    yield page
    try:
        labpage.close_all(page)
    except Exception:  # noqa: BLE001 - a broken page is replaced for the next test
        page.goto(lab.url("lab"))
        labpage.wait_for_app(page, APP_TIMEOUT_S)


def course_cli(*args: str, env: dict[str, str], cwd: Path, timeout: float = 600, ok: tuple[int, ...] = (0,)) -> str:
    """Run `course ARGS...` with `env`; return its output, or fail naming the command and its output
    when the exit status is not in `ok`."""
    command = [sys.executable, "-m", "course", *args]
    done = subprocess.run(command, check=False, cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout, stdin=subprocess.DEVNULL)
    output = done.stdout + done.stderr
    print(f"$ course {' '.join(args)}  (exit status {done.returncode})\n{output[-3000:]}")  # kept by pytest
    if done.returncode not in ok:
        pytest.fail(f"`course {' '.join(args)}` exited with {done.returncode}:\n{output[-3000:]}", pytrace=False)
    return output


@pytest.fixture(scope="session")
def assigned(workspace: Path) -> Path:
    """`course assign` of the whole learner edition for one learner (an electronics store, the smallest: the
    notebooks opened in JupyterLab run on it), signed in the server's notary database (same JUPYTER_DATA_DIR);
    return the learner's folder."""
    roster = workspace / "assign-roster.csv"
    roster.write_text("learner_id,name,sector\nbt-trust,Bea Test,electronics\n", encoding="utf-8")
    course_cli("assign", "--roster", str(roster), "--out", str(workspace / "assigned"),
               "--notebooks", str(NOTEBOOKS), env=jupyter_env(workspace), cwd=ROOT)
    return workspace / "assigned" / "bt-trust"


# The two smallest sectors' stores (apparel and electronics): what these pages show does not depend on the sector, and a
# grocery year makes every notebook and report read about five times the rows (the harness runs grocery everywhere).
TUTOR_ROSTER = [("bt-ada", "Ada Test", "apparel", 0.8), ("bt-raj", "Raj Test", "electronics", 0.3)]


@pytest.fixture(scope="session")
def tutor_run(workspace: Path) -> Path:
    """The tutor's pipeline on a small job: two simulated learners, a one-notebook workbook
    (0-start-here), `course assign`, their filled-in copies, then `course run` (which writes the reports
    and the class summary). Return the RUN folder."""
    from course.tutor.simulated_learner import Persona, fill_notebooks, quiz_attempts

    tutor = workspace / "tutor"
    (tutor / "workbook").mkdir(parents=True)
    shutil.copyfile(NOTEBOOKS / "0-start-here.ipynb", tutor / "workbook" / "0-start-here.ipynb")
    roster = tutor / "roster.csv"
    roster.write_text("learner_id,name,sector\n" + "".join(f"{i},{n},{s}\n" for i, n, s, _ in TUTOR_ROSTER),
                      encoding="utf-8")
    env = jupyter_env(workspace)
    course_cli("assign", "--roster", str(roster), "--out", str(tutor / "assigned"),
               "--notebooks", str(tutor / "workbook"), env=env, cwd=ROOT)
    for learner_id, _name, sector, skill in TUTOR_ROSTER:
        folder = tutor / "submissions" / learner_id
        shutil.copytree(tutor / "assigned" / learner_id, folder)
        persona = Persona(learner_id, skill)
        fill_notebooks(folder, persona, sector, ROOT / "solutions" / "exercises")
        quiz_attempts(folder, persona, folder / "course-progress.jsonl", ROOT / "solutions" / "quiz")
    # Status 1 means a learner's notebook failed: it is recorded and the pages are still written, and
    # those pages are what this test looks at (tests/test_tutor_run.py tests the run itself).
    output = course_cli("run", "--roster", str(roster), "--submissions", str(tutor / "submissions"),
                        "--out", str(tutor / "run"), "--notebooks", str(tutor / "workbook"), "--jobs", "2",
                        "--timeout", "120", env=env, cwd=ROOT, ok=(0, 1))
    missing = [p for p in ("class-summary.html", "reports/bt-ada.html") if not (tutor / "run" / p).is_file()]
    if missing:
        pytest.fail(f"`course run` did not write {', '.join(missing)} in {tutor / 'run'}:\n{output[-3000:]}",
                    pytrace=False)
    return tutor / "run"
