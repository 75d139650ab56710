"""The section catalogue (course/sections.py) matches the workbook: folders, banks, question ids, order."""

from __future__ import annotations

import ast
import copy
import sys
from pathlib import Path

import pytest

from course import sections
from course.quiz import banks, load
from course.quiz.errors import BankError
from course.quiz.schema import load_bank
from course.quiz.yamlio import dump_yaml, parse_yaml
from course.sections import SECTIONS
from course.tutor import plan

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
OUTSIDE_SECTIONS = {"templates", ".ipynb_checkpoints"}
FIXTURE = ROOT / "tests" / "fixtures" / "banks" / "sampler.yaml"


@pytest.mark.parametrize("section", SECTIONS, ids=sections.keys())
def test_each_section_has_a_folder_of_notebooks_and_a_bank(section: sections.Section) -> None:
    assert list((NOTEBOOKS / section.folder).glob("*.ipynb")), f"notebooks/{section.folder}/ has no notebook"
    assert (ROOT / "solutions" / "quiz" / f"{section.bank}.yaml").is_file()
    assert section.bank in banks(), f"course/quiz/banks/{section.bank}.yaml is missing: run `course seal-banks`"


def test_every_notebook_folder_is_a_section_and_only_start_here_sits_outside() -> None:
    folders = {p.name for p in NOTEBOOKS.iterdir() if p.is_dir() and p.name not in OUTSIDE_SECTIONS}
    assert folders == {s.folder for s in SECTIONS}
    assert [p.stem for p in NOTEBOOKS.glob("*.ipynb")] == [sections.START_NOTEBOOK]


def test_every_bank_belongs_to_a_section() -> None:
    assert sorted(banks()) == sorted(s.bank for s in SECTIONS)


@pytest.mark.parametrize("section", SECTIONS, ids=sections.keys())
def test_question_ids_start_with_the_sections_prefix(section: sections.Section) -> None:
    ids = [q.id for q in load(section.bank).questions]
    assert ids and [i for i in ids if not i.startswith(section.quiz_prefix)] == []


@pytest.mark.parametrize("section", SECTIONS, ids=sections.keys())
def test_the_bank_rules_enforce_the_prefix_from_the_catalogue(section: sections.Section, tmp_path: Path) -> None:
    data = copy.deepcopy(parse_yaml(FIXTURE.read_text(encoding="utf-8"), FIXTURE.name))
    data["bank"] = section.bank  # the sampler's ids start with "smp-"
    path = tmp_path / f"{section.bank}.yaml"
    path.write_text(dump_yaml(data), encoding="utf-8")
    with pytest.raises(BankError, match=f"must start with '{section.quiz_prefix}'"):
        load_bank(path)


def test_keys_folders_labels_banks_and_prefixes_are_each_unique_and_folders_sort_in_course_order() -> None:
    for field in ("key", "folder", "label", "quiz_prefix", "bank"):
        values = [getattr(s, field) for s in SECTIONS]
        assert len(set(values)) == len(values), field
    folders = [s.folder for s in SECTIONS]
    assert sorted(folders) == folders  # the workbook is read in path order, so folders must sort as the course runs
    assert sections.START not in [s.key for s in SECTIONS]


def test_lookups() -> None:
    assert sections.get("recording").folder == "2-recording"
    with pytest.raises(KeyError, match="no section 'nope'; the sections are planning, recording"):
        sections.get("nope")
    assert sections.of_bank("data-analysis") == sections.get("data-analysis") and sections.of_bank("x") is None
    assert sections.of_notebook("3-reviewing/3.1-measuring-service.ipynb") == sections.get("reviewing")
    assert sections.of_notebook("3-reviewing\\3.1.ipynb") == sections.get("reviewing")
    assert [sections.of_notebook(n) for n in ("0-start-here.ipynb", "7-extra/y.ipynb", "1-planning.ipynb")] == \
        [None, None, None]


def test_labels_and_course_order_put_start_first_and_unknown_sections_last() -> None:
    assert [sections.label(k) for k in ("start", "data-analysis", "my-extra")] == \
        ["Start here", "Data analysis", "My extra"]
    assert sections.course_order(["zeta", "reviewing", "start", "alpha", "planning", "reviewing"]) == \
        ["start", "planning", "reviewing", "zeta", "alpha"]


def test_every_workbook_notebook_gets_a_section_from_the_catalogue() -> None:
    found = {plan.section_of(str(p.relative_to(NOTEBOOKS))) for p in NOTEBOOKS.rglob("*.ipynb")
             if not OUTSIDE_SECTIONS & set(p.parts)}
    assert found == {sections.START, *sections.keys()}


def test_the_module_is_cheap_to_import_standard_library_only() -> None:
    tree = ast.parse((ROOT / "course" / "sections.py").read_text(encoding="utf-8"))
    modules = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names} | \
        {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert {m.split(".")[0] for m in modules} <= set(sys.stdlib_module_names) | {"__future__"}
