"""course.yamlfast: the kit's own YAML files read on PyYAML's C parser give exactly what the Python parser gives
(values, types and key order), on every real file; without the C parser the Python one reads them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from course import yamlfast
from course.quiz.yamlio import parse_yaml

REPO = Path(__file__).resolve().parents[1]
PACKAGED = sorted([*(REPO / "course" / "syllabus").glob("*.yaml"), REPO / "course" / "store" / "catalogue.yaml",
                   *(REPO / "course" / "quiz" / "banks").glob("*.yaml")])
SOURCES = sorted((REPO / "solutions" / "quiz").glob("*.yaml"))  # read with yamlfast by the demo's learners
SEALED_SCENARIOS = sorted((REPO / "course" / "scenario" / "sealed").glob("*.yaml"))


def _typed(value: Any) -> Any:
    """``value`` with every scalar's type beside it and every mapping's key order kept: == then means identical."""
    if isinstance(value, dict):
        return ("dict", [(_typed(k), _typed(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [_typed(v) for v in value])
    return (type(value).__name__, value)


def test_the_c_parser_is_used_here() -> None:
    """PyYAML's wheels include libyaml: the kit's own files are read with it (if this fails, PyYAML was built
    without libyaml and everything is read, correctly but slowly, by the Python parser)."""
    assert yaml.__with_libyaml__
    assert yamlfast.c_parser() and yamlfast.safe_loader() is yaml.CSafeLoader


@pytest.mark.parametrize("path", [*PACKAGED, *SOURCES], ids=lambda p: f"{p.parent.name}/{p.name}")
def test_a_real_file_reads_the_same_on_both_parsers(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    python = yaml.load(text, Loader=yaml.SafeLoader)  # yaml.safe_load's own loader, named: the Python one
    assert python, path  # a file that reads as nothing would prove nothing
    assert _typed(yamlfast.safe_load(text)) == _typed(python)


def test_load_packaged_reads_the_shipped_file() -> None:
    text = (REPO / "course" / "syllabus" / "items.yaml").read_text(encoding="utf-8")
    assert _typed(yamlfast.load_packaged("course.syllabus", "items.yaml")) == _typed(yaml.safe_load(text))


@pytest.mark.parametrize("path", SEALED_SCENARIOS, ids=lambda p: p.stem)
def test_a_sealed_scenario_reads_the_same_with_the_fast_sealed_loader(path: Path) -> None:
    """Scenario cells read the sealed scenarios with yamlio.SealedBankLoader (C): the same data, types and order
    as the strict BankLoader (Python) gives."""
    text = path.read_text(encoding="utf-8")
    strict = parse_yaml(text, path.name)
    assert strict
    assert _typed(parse_yaml(text, path.name, sealed=True)) == _typed(strict)


def test_without_the_c_parser_the_python_one_reads_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    text = (REPO / "course" / "store" / "catalogue.yaml").read_text(encoding="utf-8")
    fast = yamlfast.safe_load(text)
    monkeypatch.delattr(yaml, "CSafeLoader")
    assert yamlfast.safe_loader() is yaml.SafeLoader and not yamlfast.c_parser()
    assert _typed(yamlfast.safe_load(text)) == _typed(fast)


def test_yaml_1_1_types_are_read_as_yaml_safe_load_reads_them() -> None:
    """The helper is yaml.safe_load, only faster: YAML 1.1's yes/no, dates and sexagesimals are typed as
    safe_load types them (the strict bank loader, not this helper, is for texts that must stay text)."""
    text = "a: yes\nb: 2024-01-05\nc: 1:30\nd: 0o7\ne: .5\nf: ~\ng: [1, '2']\n"
    assert _typed(yamlfast.safe_load(text)) == _typed(yaml.safe_load(text))
    assert yamlfast.safe_load(text)["c"] == 90
