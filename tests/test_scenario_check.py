"""`course check-scenario` rejects each kind of broken scenario with an error naming file, scenario, node and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from course.cli import main
from course.scenario import graph
from course.scenario.errors import ScenarioError
from course.scenario.facts_rules import branch_facts, fact_problems, used_placeholders
from course.scenario.graph import reachable
from course.scenario.loader import load_source
from course.scenario.schema import read_source

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "scenarios"
NOTEBOOKS = ROOT / "notebooks"


def _check(capsys: pytest.CaptureFixture[str], name: str) -> tuple[int, str, str]:
    status = main(["check-scenario", str(FIXTURES / f"{name}.yaml"), "--notebooks", str(NOTEBOOKS)])
    out, err = capsys.readouterr()
    return status, out, err


def test_a_good_scenario_passes(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = _check(capsys, "good-minimal")
    assert (status, err) == (0, "")
    assert "scenario 'good-minimal', 7 nodes, 4 decision points, 1 misconceptions" in out


@pytest.mark.parametrize(("name", "where", "kind"), [
    ("broken-unreachable", "node 'orphan'", "an unreachable node"),
    ("broken-dead-end", "node 'bad-end': field 'debrief'", "a dead end without a debrief"),
    ("broken-reply-nowhere", "node 'two': field 'replies[2].next'",
     "a reply that leads nowhere: there is no node 'bad-edn'"),
    ("broken-missing-fix", "node 'one': field 'replies[2].misconception'", "a missing misconception fix"),
    ("broken-loop", "node 'four'", "a loop with no exit"),
])
def test_each_broken_kind_is_named(capsys: pytest.CaptureFixture[str], name: str, where: str, kind: str) -> None:
    status, out, err = _check(capsys, name)
    assert status == 1 and out == ""
    lines = err.splitlines()
    expected = f"{name}.yaml: scenario '{name}': {where}: {kind}"
    assert any(line.startswith(expected) for line in lines), err
    assert all(line.startswith(f"{name}.yaml: scenario '{name}': ") for line in lines)


def _variant(tmp_path: Path, name: str, old: str, new: str) -> Path:
    text = (FIXTURES / "good-minimal.yaml").read_text(encoding="utf-8").replace("id: good-minimal", f"id: {name}")
    assert old in text
    path = tmp_path / f"{name}.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("introduction: \"{member_name} calls.\"", "introduction: \"{nobody} calls.\"",
     "field 'introduction': the placeholder {nobody} is not a fact"),
    ("introduction: \"{member_name} calls.\"", "introduction: \"{contact_count:.2f} calls.\"",
     "field 'introduction': the placeholder {contact_count:.2f} is not a plain fact name"),
    ("branch: has_marketing_consent", "branch: member_name",
     "node 'three': field 'branch': 'member_name' must be a True/False fact"),
    ("{say: \"Still no, sorry.\", quality: best", "{say: \"Still no, sorry.\", quality: good",
     "node 'two': field 'replies': has 0 replies of quality best; exactly one must be best"),
    ("marking_point: \"002:MP4\"", "marking_point: \"002:MP99\"",
     "field 'marking_point': '002:MP99' is not a marking point"),
    ("skills: [data-protection]", "skills: [juggling]", "field 'skills[1]': 'juggling' is not in the SKILLS list"),
    ("notebook: 2-recording/2.2-data-protection-and-evidence", "notebook: 2-recording/nowhere",
     "field 'notebook': there is no notebook 2-recording/nowhere.ipynb"),
    ("context: privacy.caller_and_access", "context: privacy.nobody",
     "field 'context': context family 'privacy' has no"),
    ("    say: \"Please?\"\n", "    say: \"Please?\"\n    colour: red\n", "node 'two': field 'colour': is not a field"),
    ("start: one", "start: zero", "field 'start': a start that leads nowhere"),
    ("{say: \"I can't share that.\", quality: best,", "{say: \"I can't share that.\", quality: best, "
     "misconception: disclosing-personal-data,", "node 'one': field 'replies[1].misconception': a best reply names "
     "no misconception"),
    ("end: good", "end: mixed", "node 'good-end': field 'end': the all-best path ends here with `end: mixed`"),
])
def test_other_rules_name_node_and_field(tmp_path: Path, old: str, new: str, expected: str) -> None:
    path = _variant(tmp_path, "variant", old, new)
    with pytest.raises(ScenarioError) as caught:
        load_source(path, notebooks=NOTEBOOKS)
    problems = [str(p) for p in caught.value.problems]
    assert any(f"variant.yaml: scenario 'variant': {expected}" in p for p in problems), problems


@pytest.mark.parametrize(("old", "new"), [
    ("{say: \"No, sorry.\", quality: best, feedback: Right., next: five}",
     "{say: \"No, sorry.\", quality: best, feedback: Right., next: good-end}"),
    ("if_false: four", "if_false: five"),  # only one side of the branch is short: every side counts
])
def test_the_best_path_needs_four_decisions(tmp_path: Path, old: str, new: str) -> None:
    path = _variant(tmp_path, "short", old, new)
    with pytest.raises(ScenarioError, match="the all-best path has 3 decision point"):
        load_source(path, notebooks=NOTEBOOKS)


def test_what_a_scenario_needs_from_its_context(tmp_path: Path) -> None:
    """The helpers the context tests use: placeholders, branch facts, a learner's path, the fact rules."""
    scenario = read_source(_variant(tmp_path, "needs", "if_false: four", "if_false: bad-end"))
    assert used_placeholders(scenario) == {"member_name", "member_first"}
    assert used_placeholders(scenario, {"two", "bad-end"}) == {"member_name"}  # the introduction's, always
    assert branch_facts(scenario) == {"has_marketing_consent"}
    consent, refusal = ({"has_marketing_consent": value} for value in (True, False))
    assert {"four", "good-end"} <= reachable(scenario.nodes, "one", consent)
    assert "four" not in reachable(scenario.nodes, "one", refusal) and "bad-end" in reachable(scenario.nodes, "one")
    assert graph.best_ends(scenario.nodes, "one") == {"good-end", "bad-end"}
    runs = [("a", {"member_name": "Ann", "member_first": "Ann", "has_marketing_consent": True}),
            ("b", {"member_name": "Bo", "has_marketing_consent": "yes"})]
    problems = [str(p) for p in fact_problems(scenario, runs, file="needs.yaml")]
    assert len(problems) == 3, problems  # {member_first} in node one and in the good ending; the branch in b
    assert any("node 'three': field 'branch': 'has_marketing_consent' must be a True/False fact of the context "
               "(it is not for b)" in p for p in problems), problems
    assert fact_problems(scenario, runs[:1], file="needs.yaml") == []


def test_an_id_may_not_reuse_an_exercise_id(tmp_path: Path) -> None:
    text = (FIXTURES / "good-minimal.yaml").read_text(encoding="utf-8")
    text = text.replace("id: good-minimal", "id: rec-sar-deadline")
    path = tmp_path / "rec-sar-deadline.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError, match="is already the id of an exercise"):
        load_source(path, notebooks=NOTEBOOKS)


def test_one_misconception_id_names_one_mistake_across_scenarios() -> None:
    from course.scenario.seal import misconception_clashes

    sources = [read_source(p) for p in sorted(Path("solutions/scenarios").glob("*.yaml"))]
    assert misconception_clashes(sources) == []
    first = sources[0]
    mid, mis = next(iter(first.misconceptions.items()))
    reworded = mis.model_copy(update={"name": mis.name + " (reworded)"})
    renamed = first.model_copy(update={"id": "renamed-copy", "misconceptions": {mid: reworded}})
    clashes = misconception_clashes([first, renamed])
    assert len(clashes) == 1 and clashes[0][0] == "renamed-copy.yaml" and repr(mid) in clashes[0][1]
