"""The syllabus coverage map: every item has a real place, and the rendered copy in docs/ is current."""

from __future__ import annotations

from pathlib import Path

from course import syllabus
from course.cli import main
from course.commands.syllabus import render

ROOT = Path(__file__).resolve().parents[1]


def test_every_item_has_a_real_place() -> None:
    assert syllabus.problems(ROOT / "notebooks") == []


def test_all_ninety_nine_items_are_known_and_each_kind_is_counted() -> None:
    kinds = [kind for kind, _ in syllabus.items().values()]
    assert len(kinds) == 99
    assert {k: kinds.count(k) for k in set(kinds)} == {"key_concept": 25, "exam_tip": 25,
                                                        "misconception": 23, "marking_point": 26}


def test_the_check_fails_for_a_heading_that_does_not_exist(tmp_path: Path, monkeypatch) -> None:
    real = syllabus._read

    def with_bad_heading(name: str) -> dict:
        data = real(name)
        if name == "map.yaml":
            data["000:MP1"] = {"taught": [{"notebook": "1-planning/1.1-service-standards-and-plans.ipynb",
                                           "heading": "No such heading"}]}
        return data

    monkeypatch.setattr(syllabus, "_read", with_bad_heading)
    assert any("no heading 'No such heading'" in p for p in syllabus.problems(ROOT / "notebooks"))


def test_planned_is_refused_once_the_section_exists(monkeypatch) -> None:
    real = syllabus._read
    monkeypatch.setattr(syllabus, "_read", lambda name: {**real(name), "000:MP1": {"planned": "planning"}}
                        if name == "map.yaml" else real(name))
    assert any("that section exists" in p for p in syllabus.problems(ROOT / "notebooks"))


def test_planned_must_name_a_section_of_the_catalogue(monkeypatch) -> None:
    real = syllabus._read
    monkeypatch.setattr(syllabus, "_read", lambda name: {**real(name), "000:MP1": {"planned": "marketing"}}
                        if name == "map.yaml" else real(name))
    assert "000:MP1: planned for unknown section 'marketing' (see course/sections.py)" in \
        syllabus.problems(ROOT / "notebooks")


def test_rendered_map_in_docs_is_up_to_date() -> None:
    assert (ROOT / "docs" / "syllabus-map.md").read_text(encoding="utf-8") == render(ROOT / "notebooks"), \
        "run `course syllabus --markdown docs/syllabus-map.md`"


def test_cli_check_exits_zero_and_prints_counts(capsys) -> None:
    assert main(["syllabus", "--check", "--notebooks", str(ROOT / "notebooks")]) == 0
    assert "syllabus coverage: items 99" in capsys.readouterr().out


def test_cell_notes_name_real_items_and_the_check_reports_one_that_does_not(monkeypatch) -> None:
    notes = syllabus.cell_codes(ROOT / "notebooks")
    assert set().union(*notes.values()) <= set(syllabus.items())
    real = syllabus.cell_codes
    monkeypatch.setattr(syllabus, "cell_codes",
                        lambda notebooks: {**real(notebooks), "0-start-here.ipynb": ["009:CM9"]})
    assert "009:CM9: noted in a cell of 0-start-here.ipynb, but not a syllabus item (check the cell's metadata)" in \
        syllabus.problems(ROOT / "notebooks")


def test_written_tasks_count_as_evidence_and_appear_in_the_map() -> None:
    import json

    tagged: dict[str, set[str]] = {}
    for path in sorted((ROOT / "notebooks").rglob("*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            for tag in cell.get("metadata", {}).get("tags", []):
                if tag.startswith("evidence:") and tag != "evidence:declaration":
                    tagged.setdefault(tag.split(":", 1)[1], set()).add(cell["id"])
    table = syllabus.coverage(ROOT / "notebooks")
    assert {code for code, cov in table.items() if cov.written} == set(tagged)
    assert syllabus.counts(ROOT / "notebooks")["written"] == len(tagged)
    marking_points = [cov for cov in table.values() if cov.kind == "marking_point"]
    assert all(cov.written or cov.exercised or cov.assessed for cov in marking_points)
    assert "| written |" in render(ROOT / "notebooks")
    assert "nb11-plan-words" in next(line for line in render(ROOT / "notebooks").splitlines()
                                     if line.startswith("| 002:MP1 |"))


def test_a_written_task_may_only_name_a_marking_point(tmp_path: Path) -> None:
    import json
    import shutil

    notebooks = shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks")
    path = notebooks / "3-reviewing" / "3.2-the-review-cycle.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    cell = next(c for c in nb["cells"] if c["id"] == "nb32-evaluation")
    cell["metadata"]["tags"] += ["evidence:000:KC1", "evidence:999:MP9"]
    path.write_text(json.dumps(nb), encoding="utf-8")
    found = syllabus.problems(notebooks)
    assert any(p.startswith("000:KC1: a written task") for p in found)
    assert any(p.startswith("999:MP9: not a syllabus item") for p in found)
