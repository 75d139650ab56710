"""How the suite is shared out over pytest-xdist's workers (tests/conftest.py): the units, and the check that
keeps each expensive session fixture in one unit."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests import conftest


@dataclass
class Item:
    nodeid: str
    fixturenames: tuple[str, ...] = ()


def test_the_browser_tests_are_units_by_the_session_fixture_they_share() -> None:
    report = "tests/browser/test_accessibility_in_browser.py::test_reports_and_class_summary_pass_axe"
    keyboard = "tests/browser/test_accessibility_in_browser.py::test_exercise_check_scenario_and_quiz"
    assert conftest.unit_of(report) == conftest.BROWSER_PAGES
    assert conftest.unit_of(keyboard) == conftest.BROWSER_LAB  # every test in JupyterLab shares one lab
    assert conftest.unit_of("tests/browser/test_no_coding_in_browser.py::test_a[x]") == conftest.BROWSER_LAB
    assert conftest.unit_of("tests/browser/test_scenario_in_browser.py::test_b") == conftest.BROWSER_LAB
    assert conftest.unit_of("tests/test_kpi.py::test_x") == "tests/test_kpi.py"
    harness = "tests/test_notebooks_run.py::test_notebook_runs[solutions-nb-ben-0-start-here.ipynb]"
    assert conftest.unit_of(harness) == harness


def test_the_modules_reading_the_scenario_stores_are_one_unit_so_one_worker_simulates_them() -> None:
    modules = [f"test_scenario_contexts_{family}" for family in ("adapting", "complaints", "people", "sales")]
    units = {conftest.unit_of(f"tests/{module}.py::test_x[y]")
             for module in [*modules, "test_narrative_claims"]}
    assert units == {conftest.SCENARIO_STORES}
    assert conftest.unit_of("tests/test_scenario_play.py::test_x") == "tests/test_scenario_play.py"


def test_a_shared_session_fixture_in_two_units_or_a_lab_in_the_pages_unit_stops_the_run() -> None:
    conftest._check_units([Item("tests/browser/test_filling.py::test_a", ("tutor_run", "browser")),
                           Item("tests/browser/test_workbook_in_browser.py::test_tutor_report_x", ("tutor_run",))])
    with pytest.raises(pytest.UsageError, match="`tutor_run` are in 2 units"):
        conftest._check_units([Item("tests/browser/test_filling.py::test_a", ("tutor_run",)),
                               Item("tests/browser/test_scenario_in_browser.py::test_b", ("tutor_run",))])
    with pytest.raises(pytest.UsageError, match="needs JupyterLab"):
        conftest._check_units([Item("tests/browser/test_keyboard_hold.py::test_c", ("lab_page", "lab"))])


def test_the_heavy_units_exist_and_are_listed_once() -> None:
    assert len(set(conftest.HEAVY)) == len(conftest.HEAVY)
    named = {*conftest.BROWSER_UNITS, *conftest.STORE_UNITS}
    for unit in conftest.HEAVY:
        assert unit in named or (conftest.ROOT / unit).is_file(), f"HEAVY names {unit!r}, which is no unit"
