"""No quiz answer is readable from what ships or what a learner saves.

Secrets are taken from the plain-text sources in solutions/quiz/: every explanation and option
feedback (they give answers away) and the `correct:` flags. None may appear in the installed package's files.
The notebook harness runs the same scan over every executed notebook (see tests/test_notebooks_run.py).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from course.quiz import load
from course.sections import SECTIONS
from course.session import Session
from tests.secrets import answer_secrets, leaks, scenario_secrets

ROOT = Path(__file__).resolve().parents[1]


def test_there_are_secrets_to_look_for() -> None:
    secrets = answer_secrets()
    assert len(secrets) > 200  # explanations + feedback of ~115 questions


def test_no_shipped_package_file_holds_an_answer() -> None:
    shipped = [p for p in (ROOT / "course").rglob("*") if p.is_file() and p.suffix in {".py", ".yaml", ".json", ".md"}
               and p.name != "items.yaml"]  # the syllabus text itself is public course content
    assert any(p.parent.name == "banks" for p in shipped)
    assert any(p.parent.name == "sealed" for p in shipped)  # the sealed conversation scenarios
    found = {str(p.relative_to(ROOT)): hits for p in shipped
             if (hits := leaks(p.read_text(encoding="utf-8"), code=p.suffix == ".py"))}
    assert found == {}


def test_the_scan_would_catch_a_leak(tmp_path: Path) -> None:
    secret = sorted(answer_secrets(), key=len)[-1]
    assert leaks(f"some output ... {secret} ... more") == [secret[:60]]
    assert leaks("options:\n  - text: Measurable\n    correct: true\n") == ["correct: true"]
    assert leaks("replies:\n  - say: Hello\n    quality: best\n") == ["quality: best"]
    scenario_secret = sorted(scenario_secrets())[0]
    assert leaks(f"... {scenario_secret} ...") == [scenario_secret[:60]]


def test_there_are_scenario_secrets_to_look_for() -> None:
    from course.scenario import ids
    assert ids() and len(scenario_secrets()) >= 10 * len(ids())  # feedback, fixes and debriefs of each scenario


def test_static_rendering_of_every_scenario_holds_no_answer(start_learner: Callable[..., Session]) -> None:
    from course import scenario
    start_learner("amara", "apparel")
    for scenario_id in scenario.ids():
        bundle = scenario.scenario(scenario_id)._repr_mimebundle_()
        text = "\n".join(str(v) for k, v in bundle.items() if k.startswith("text/"))
        assert leaks(text) == [], scenario_id


@pytest.mark.parametrize("bank", [section.bank for section in SECTIONS])
def test_static_rendering_of_every_bank_holds_no_answer(bank: str) -> None:
    from course.quiz import quiz
    bundle = quiz(bank)._repr_mimebundle_()
    text = "\n".join(str(v) for k, v in bundle.items() if k.startswith("text/"))
    assert load(bank).questions and leaks(text) == []
