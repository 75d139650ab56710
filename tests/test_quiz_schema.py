"""Bank validation: every BankError kind names the file, question and field, and says the fix."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from course.quiz.errors import BankError
from course.quiz.schema import SourceBank, load_bank
from course.quiz.seal import sealed_yaml
from course.quiz.yamlio import dump_yaml, parse_yaml

FIXTURE = Path(__file__).parent / "fixtures" / "banks" / "sampler.yaml"
RAW = parse_yaml(FIXTURE.read_text(encoding="utf-8"), FIXTURE.name)


def _q(data: dict[str, Any], qid: str) -> dict[str, Any]:
    return next(q for q in data["questions"] if q["id"] == qid)


def _write(tmp_path: Path, data: Any, stem: str = "sampler") -> Path:
    path = tmp_path / f"{stem}.yaml"
    path.write_text(dump_yaml(data), encoding="utf-8")
    return path


def _error(tmp_path: Path, change: Callable[[dict[str, Any]], Any], stem: str = "sampler") -> str:
    data = copy.deepcopy(RAW)
    change(data)
    with pytest.raises(BankError) as info:
        load_bank(_write(tmp_path, data, stem))
    message = str(info.value)
    assert "validation error" not in message and "errors.pydantic.dev" not in message
    assert isinstance(info.value, ValueError)
    return message


def test_fixture_bank_is_valid_and_keeps_yes_as_text() -> None:
    bank = load_bank(FIXTURE)
    assert isinstance(bank, SourceBank)
    assert len(bank.questions) == 7
    assert [o.text for o in bank.questions[1].options][-1] == "Yes"


def test_duplicate_id(tmp_path: Path) -> None:
    msg = _error(tmp_path, lambda d: _q(d, "smp-kpis").__setitem__("id", "smp-smart-m"))
    assert "sampler.yaml: question 'smp-smart-m': field 'id': is used by another question" in msg


def test_no_correct_option(tmp_path: Path) -> None:
    msg = _error(tmp_path, lambda d: _q(d, "smp-smart-m")["options"][0].pop("correct"))
    assert "question 'smp-smart-m': field 'options': no option is marked `correct: true`" in msg


def test_two_correct_options_for_single(tmp_path: Path) -> None:
    def change(d: dict[str, Any]) -> None:
        _q(d, "smp-smart-m")["options"][2]["correct"] = True
    msg = _error(tmp_path, change)
    assert "field 'options': 2 options are marked `correct: true`" in msg
    assert "make it type: multiple" in msg


def test_answer_not_among_options_in_sealed_bank(tmp_path: Path) -> None:
    sealed = parse_yaml(sealed_yaml(load_bank(FIXTURE)), "sealed")
    _q(sealed, "smp-smart-m")["options"][0]["text"] = "Meaningful"
    with pytest.raises(BankError) as info:
        load_bank(_write(tmp_path, sealed))
    assert ("sampler.yaml: question 'smp-smart-m': field 'options': the answer is not among "
            "the options") in str(info.value)
    assert "course seal-banks" in str(info.value)


def test_unknown_type(tmp_path: Path) -> None:
    msg = _error(tmp_path, lambda d: _q(d, "smp-smart-m").__setitem__("type", "essay"))
    assert "question 'smp-smart-m': field 'type': unknown type 'essay'; use one of single" in msg


@pytest.mark.parametrize("field, hint", [
    ("explanation", "add an explanation"),
    ("concept", "add the short name of the concept"),
    ("marking_point", "add the syllabus marking point it serves"),
])
def test_missing_required_field(tmp_path: Path, field: str, hint: str) -> None:
    msg = _error(tmp_path, lambda d: _q(d, "smp-kpis").pop(field))
    assert f"question 'smp-kpis': field '{field}': is missing; {hint}" in msg


def test_empty_explanation(tmp_path: Path) -> None:
    msg = _error(tmp_path, lambda d: _q(d, "smp-kpis").__setitem__("explanation", None))
    assert "field 'explanation': is empty; add an explanation" in msg


@pytest.mark.parametrize("code, reason", [("999:MP1", "is not a known code"),
                                          ("000:KC1", "is a key concept code")])
def test_marking_point_not_a_known_mp_code(tmp_path: Path, code: str, reason: str) -> None:
    msg = _error(tmp_path, lambda d: _q(d, "smp-nps").__setitem__("marking_point", code))
    assert f"question 'smp-nps': field 'marking_point': '{code}' {reason}" in msg


def test_unknown_covers_code(tmp_path: Path) -> None:
    msg = _error(tmp_path, lambda d: _q(d, "smp-nps").__setitem__("covers", ["000:XX9"]))
    assert "field 'covers': '000:XX9' is not a known code" in msg


def test_bank_name_must_match_file_stem(tmp_path: Path) -> None:
    msg = _error(tmp_path, lambda d: d.__setitem__("bank", "sampling"))
    assert "sampler.yaml: field 'bank': 'sampling' does not match the file name" in msg


def test_id_prefix_in_known_bank(tmp_path: Path) -> None:
    msg = _error(tmp_path, lambda d: d.__setitem__("bank", "planning"), stem="planning")
    assert "planning.yaml: question 'smp-nps': field 'id': must start with 'plan-'" in msg


def test_numeric_without_tolerance(tmp_path: Path) -> None:
    msg = _error(tmp_path, lambda d: _q(d, "smp-nps").pop("tolerance"))
    assert "question 'smp-nps': field 'tolerance': is missing; numeric questions need" in msg


def test_numeric_negative_tolerance(tmp_path: Path) -> None:
    msg = _error(tmp_path, lambda d: _q(d, "smp-nps").__setitem__("tolerance", -1))
    assert "field 'tolerance': is -1.0; use a number >= 0" in msg


def test_numeric_with_both_answer_and_expected_from(tmp_path: Path) -> None:
    msg = _error(tmp_path, lambda d: _q(d, "smp-nps").__setitem__("expected_from", "kpi-nps"))
    assert "question 'smp-nps': field 'answer': has both `answer` and `expected_from`" in msg


def test_numeric_with_neither_answer_nor_expected_from(tmp_path: Path) -> None:
    msg = _error(tmp_path, lambda d: _q(d, "smp-nps").pop("answer"))
    assert "field 'answer': has neither `answer` nor `expected_from`; give exactly one" in msg


def test_ordering_with_duplicate_items(tmp_path: Path) -> None:
    def change(d: dict[str, Any]) -> None:
        _q(d, "smp-pdca-order")["items"] = ["Plan", "Do", "plan.", "Act"]
    msg = _error(tmp_path, change)
    assert "question 'smp-pdca-order': field 'items': 'plan.' appears twice" in msg


def test_matching_with_duplicate_terms(tmp_path: Path) -> None:
    def change(d: dict[str, Any]) -> None:
        _q(d, "smp-styles-match")["pairs"][1]["term"] = " assertive "
    msg = _error(tmp_path, change)
    assert "question 'smp-styles-match': field 'pairs': 'assertive' appears twice" in msg


def test_option_count_out_of_range(tmp_path: Path) -> None:
    def change(d: dict[str, Any]) -> None:
        _q(d, "smp-smart-m")["options"] = _q(d, "smp-smart-m")["options"][:2]
    msg = _error(tmp_path, change)
    assert "field 'options': has 2 entries; use 3 to 6" in msg


def test_unexpected_field_gets_a_hint(tmp_path: Path) -> None:
    msg = _error(tmp_path, lambda d: _q(d, "smp-smart-m").__setitem__("answer", "Measurable"))
    assert "field 'answer': is not a field of a single question" in msg
    assert "`correct: true`" in msg


def test_wrong_shape_and_missing_id_are_located(tmp_path: Path) -> None:
    def change(d: dict[str, Any]) -> None:
        _q(d, "smp-smart-m")["options"] = "Measurable"
        d["questions"][1].pop("id")
    msg = _error(tmp_path, change)
    assert "field 'options': should be a list (lines starting with '- ')" in msg
    assert "question #2 (no id): field 'id': is missing" in msg


def test_several_problems_are_all_reported(tmp_path: Path) -> None:
    def change(d: dict[str, Any]) -> None:
        _q(d, "smp-nps").pop("tolerance")
        _q(d, "smp-kpis").pop("concept")
    with pytest.raises(BankError) as info:
        load_bank(_write(tmp_path, _apply(change)))
    assert len(info.value.problems) == 2


def _apply(change: Callable[[dict[str, Any]], Any]) -> dict[str, Any]:
    data = copy.deepcopy(RAW)
    change(data)
    return data


def test_malformed_yaml_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "sampler.yaml"
    path.write_text("bank: sampler\ntitle: T\nquestions:\n  - id: smp-a\n    prompt: What: is it\n",
                    encoding="utf-8")
    with pytest.raises(BankError, match=r"^sampler\.yaml: line 5: the YAML could not be read"):
        load_bank(path)


def test_duplicate_yaml_key_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "sampler.yaml"
    path.write_text("bank: sampler\ntitle: T\ntitle: U\nquestions: []\n", encoding="utf-8")
    with pytest.raises(BankError, match=r"line 3: the key 'title' appears twice .*line 2"):
        load_bank(path)


def test_missing_file_and_empty_file(tmp_path: Path) -> None:
    with pytest.raises(BankError, match="no such file"):
        load_bank(tmp_path / "nothing.yaml")
    (tmp_path / "sampler.yaml").write_text("", encoding="utf-8")
    with pytest.raises(BankError, match="must be a mapping with bank, title and questions"):
        load_bank(tmp_path / "sampler.yaml")
