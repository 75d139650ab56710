"""Shared fixtures and session hooks of the whole suite.

Fixtures: both editions of the workbook, and learners' simulated stores, each made once per session
(once per pytest-xdist worker: a worker is its own process). Hooks: the reliability tally is cleared at
the start and printed at the end.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest

import course
from course import session
from course.notebooks import EDITIONS, build_edition
from course.store import StoreData, simulate
from course.store.profile import parse_period
from tests import kernel_guard
from tests.reliability import tally

ROOT = Path(__file__).resolve().parents[1]
# One learner in each sector, for the tests that check something holds in every sector's store.
LEARNERS = [("amara", "apparel"), ("ben", "grocery"), ("chen", "electronics"), ("dylan", "homeware")]
Period = str | date | None


@pytest.fixture(scope="session")
def editions(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Both editions of the workbook, built once: {edition: folder holding it}."""
    root = tmp_path_factory.mktemp("editions")
    for edition in EDITIONS:
        build_edition(edition, src=ROOT / "notebooks", out=root / edition, solutions=ROOT / "solutions" / "exercises")
    return {edition: root / edition for edition in EDITIONS}


@pytest.fixture(scope="session")
def store_of() -> Callable[..., StoreData]:
    """`simulate`, but each (learner, sector, period) store is simulated only once in the session.

    The stores are shared between tests, so a test must not change one (an exercise that did would
    make later tests fail, which is how such a bug would show).
    """
    stores: dict[tuple[str, str, object], StoreData] = {}

    def store(learner_id: str, *, sector: str = "apparel", start: Period = None, end: Period = None) -> StoreData:
        key = (learner_id, sector, parse_period(start, end))
        if key not in stores:
            stores[key] = simulate(learner_id, sector=sector, start=start, end=end)
        return stores[key]

    return store


@pytest.fixture
def start_learner(store_of: Callable[..., StoreData], tmp_path: Path,
                  monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., session.Session]]:
    """`course.start` with the session's stores and a progress log in the test's own folder; ends the session."""
    monkeypatch.setattr(session, "simulate", store_of)

    def start(learner_id: str, sector: str = "apparel", **kwargs: object) -> session.Session:
        kwargs.setdefault("progress_path", tmp_path / "log.jsonl")
        return course.start(learner_id, sector=sector, **kwargs)  # type: ignore[arg-type]

    yield start
    session.end()


@pytest.fixture(params=LEARNERS, ids=[f"{learner_id}-{sector}" for learner_id, sector in LEARNERS])
def learner(request: pytest.FixtureRequest, start_learner: Callable[..., session.Session]) -> session.Session:
    """A started session for each learner in LEARNERS (one per sector), over the 2025 calendar year."""
    learner_id, sector = request.param
    return start_learner(learner_id, sector)


def _is_controller(config: pytest.Config) -> bool:
    return not hasattr(config, "workerinput")  # pytest-xdist workers have it


# ---- how the tests are shared out over pytest-xdist's workers (`make test` runs `--dist loadscope`) ----
# Each test module is one unit of work, so its module- and session-scoped fixtures (a cohort run, 20 simulated
# stores...) are made on one worker only. The exceptions: the notebook harness (SPREAD), each of whose tests is
# a unit of its own, so both workers share the notebooks; and the browser tests that share a session fixture
# made by `course` (BROWSER_UNITS), which are one unit across their modules. The check in
# pytest_collection_modifyitems fails the run if a fixture of SHARED_FIXTURES would be made in two units.
# Units go out in the order of their first test, the longest first (HEAVY, then the notebooks, re-executed ones
# first), and a worker is given the next unit when it has two tests left: the run ends on short units with both
# workers busy. (pytest-xdist's own xdist_group marks do not work with pytest 9, so the units are made here.)
# modules whose tests are shared out one by one
SPREAD = ("tests/test_notebooks_run.py", "tests/test_notebooks_partial.py")
# Browser tests by the session fixture they share (tests/browser/conftest.py); a lab is per module anyway.
# "pages": the tutor's pages from `course run` (`tutor_run`: about 90 s to make), with the marking page and the
# other tests that need no JupyterLab; "lab": the tests in JupyterLab, among them those on `course assign`'s signed
# workbook (`assigned`), so that one JupyterLab server, Chromium and lab page (package-scoped) serve them all.
# A browser module not listed here is a unit of its own, as other modules are.
BROWSER_PAGES, BROWSER_LAB = "tests/browser/ (pages)", "tests/browser/ (lab)"
BROWSER_UNITS = {
    BROWSER_PAGES: ("tests/browser/test_accessibility_in_browser.py::test_reports_",
                    "tests/browser/test_workbook_in_browser.py::test_tutor_report_",
                    "tests/browser/test_marking_in_browser.py", "tests/browser/test_keyboard_hold.py",
                    "tests/browser/test_filling.py"),
    BROWSER_LAB: ("tests/browser/test_accessibility_in_browser.py", "tests/browser/test_no_coding_in_browser.py",
                  "tests/browser/test_scenario_in_browser.py", "tests/browser/test_workbook_in_browser.py")}
# Modules that share the session's stores (conftest's `store_of`) as one unit, so that one worker simulates them:
# the conversation-scenario families, the narrative claims and the misconception test all read the same 22 stores
# (tests/scenario_facts.py's LEARNERS).
SCENARIO_STORES = "tests/ (scenario_facts' 22 stores)"
STORE_UNITS = {SCENARIO_STORES: ("tests/test_scenario_contexts_", "tests/test_narrative_claims.py",
                                 "tests/test_misconceptions_distinct.py")}
SHARED_FIXTURES = ("tutor_run", "assigned")  # session fixtures each made once: their tests must share a unit
# The units that take longest, longest first (test time per unit from `pytest --durations=0`, 2026-12-03 21:00, the
# tutor-side modules as expected after that evening's cuts; the units from test_signed_store on added from a
# `make test-fast` timeline, 2026-12-04 00:20, where test_tutor_roster_assign, 13 s, had come last); then the notebooks;
# then the rest in file order. A unit missing here still runs, only later: the run ends on short units with both
# workers busy.
HEAVY = (BROWSER_LAB, "tests/test_tutor_run.py", "tests/reliability/test_faults.py", BROWSER_PAGES,
         "tests/test_verdicts.py", "tests/reliability/test_security.py", SCENARIO_STORES,
         "tests/reliability/test_bad_input.py", "tests/test_tutor_report.py",
         "tests/test_partial_store.py", "tests/test_exercises.py", "tests/test_forked_kernels.py",
         "tests/test_written_evidence.py", "tests/test_store_cache.py", "tests/test_integrity.py",
         "tests/test_money_in_notebooks.py",
         "tests/test_promotion_exercises.py", "tests/test_trend_exercises.py", "tests/test_store.py",
         "tests/test_insight_exercises.py", "tests/test_sweep.py", "tests/test_hints.py", "tests/test_stretch.py",
         "tests/test_signed_store.py", "tests/test_tutor_roster_assign.py", "tests/test_story_elements.py",
         "tests/test_cli_and_dataset.py", "tests/test_judge_data.py", "tests/test_tutor_demo.py", "tests/test_iqa.py",
         "tests/test_records.py")


def unit_of(nodeid: str) -> str:
    """The unit of work a test belongs to: its module (or its browser unit), or itself if it is shared out alone."""
    path = nodeid.split("::", 1)[0]
    if path in SPREAD:
        return nodeid
    units = {**BROWSER_UNITS, **STORE_UNITS}
    return next((unit for unit, prefixes in units.items() if nodeid.startswith(prefixes)), path)


def _rank(item: pytest.Item) -> tuple[int, int]:
    unit = unit_of(item.nodeid)
    if unit in HEAVY:
        return (0, HEAVY.index(unit))
    path = item.nodeid.split("::", 1)[0]
    return (1, SPREAD.index(path)) if path in SPREAD else (2, 0)  # the harness (nbval re-runs first), then partial


def _check_units(items: list[pytest.Item]) -> None:
    """Fail the run when a session fixture of SHARED_FIXTURES would be made in two units (twice the work), or a
    test of the browser's pages unit needs JupyterLab (that unit was meant to need none)."""
    problems = []
    for name in SHARED_FIXTURES:
        units = {unit_of(item.nodeid) for item in items  # the browser's own fixtures (other modules reuse names)
                 if item.nodeid.startswith("tests/browser/") and name in getattr(item, "fixturenames", ())}
        if len(units) > 1:
            problems.append(f"the tests using `{name}` are in {len(units)} units: {sorted(units)}")
    problems += [f"{item.nodeid} needs JupyterLab but is in {BROWSER_PAGES!r}" for item in items
                 if unit_of(item.nodeid) == BROWSER_PAGES and "lab" in getattr(item, "fixturenames", ())]
    if problems:
        raise pytest.UsageError("tests/conftest.py's units of work: " + "; ".join(problems))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    _check_units(items)
    items.sort(key=_rank)  # stable: a module's tests keep their order, and stay together


@pytest.hookimpl(optionalhook=True, tryfirst=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> object | None:
    """With `--dist loadscope`: pytest-xdist's scope scheduling, with unit_of's units (else its own)."""
    if config.getvalue("dist") != "loadscope":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class ModuleScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return unit_of(nodeid)

    return ModuleScheduling(config, log)


def pytest_configure(config: pytest.Config) -> None:
    kernel_guard.register(config)  # with `-m "not notebooks ..."`: a test that starts a kernel must be marked notebooks


def pytest_sessionstart(session: pytest.Session) -> None:
    if _is_controller(session.config):
        tally.reset()


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    counts = tally.totals()
    if not _is_controller(config) or not counts:
        return
    terminalreporter.section("reliability and security: what was tried")
    for (suite, kind), n in sorted(counts.items()):
        terminalreporter.write_line(f"{suite:<28} {kind:<20} {n:>6}")
    by_kind: Counter[str] = Counter()
    for (_, kind), n in counts.items():
        by_kind[kind] += n
    terminalreporter.write_line("totals: " + ", ".join(f"{kind} {n}" for kind, n in sorted(by_kind.items())))


@pytest.fixture(scope="module")
def notary_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Notebook signatures go to a database under tmp, never the developer's own (use per module)."""
    folder = tmp_path_factory.mktemp("jupyter-data")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JUPYTER_DATA_DIR", str(folder))
        yield folder
