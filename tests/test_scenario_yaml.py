"""The scenario YAML files in solutions/scenarios follow docs/SCENARIO-FORMAT.md's structural rules.

Checked with PyYAML alone, so the files are right before the engine's `course check-scenario` exists:
schema, links, reachability, exits, one best reply per decision, misconceptions with fixes, and at least
4 decision points on every all-best path, which ends well. The facts behind the placeholders are
checked in the context tests (tests/test_scenario_contexts_*.py).
"""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from tests import scenario_rules_b as rules

FILES = sorted(rules.SCENARIOS.glob("*.yaml"))
# The scenarios written with the people and adapting contexts: 3-4 replies at every decision.
OURS = {"comms-colleague-conflict", "adapt-disability", "adapt-hurried", "coaching-grow", "appraisal-one-to-one"}
CODES = rules.syllabus_codes()


def test_our_scenarios_are_all_there() -> None:
    assert {f.stem for f in FILES} >= OURS


@pytest.mark.parametrize("path", FILES, ids=[f.stem for f in FILES])
def test_scenario_follows_the_format(path: Path) -> None:
    scenario = rules.load(path)
    problems = rules.schema_problems(path, scenario, CODES)
    assert not problems, problems
    low = 3 if scenario["id"] in OURS else 2
    problems = rules.node_problems(scenario, min_replies=low) + rules.graph_problems(scenario)
    assert not problems, f"{path.name}: {problems}"


@pytest.mark.parametrize("path", FILES, ids=[f.stem for f in FILES])
def test_every_all_best_path_has_four_decisions_and_ends_well(path: Path) -> None:
    scenario = rules.load(path)
    paths = list(rules.best_paths(scenario))
    assert paths
    for nodes in paths:
        decisions = [n for n in nodes if rules.kind(scenario["nodes"][n]) == "decision"]
        assert len(decisions) >= 4, f"{path.name}: only {len(decisions)} decisions on {nodes}"
        assert scenario["nodes"][nodes[-1]]["end"] == "good", f"{path.name}: the all-best path {nodes} ends badly"


@pytest.mark.parametrize("path", FILES, ids=[f.stem for f in FILES])
def test_every_misconception_is_used_and_weak_moves_can_recover(path: Path) -> None:
    scenario = rules.load(path)
    replies = [r for node in scenario["nodes"].values() for r in node.get("replies", [])]
    used = {r["misconception"] for r in replies if r.get("misconception")}
    assert used == set(scenario["misconceptions"]), f"{path.name}: defined but unused: " \
                                                    f"{set(scenario['misconceptions']) - used}"
    ends = {n for n, node in scenario["nodes"].items() if rules.kind(node) == "end"}
    good = {n for n in ends if scenario["nodes"][n]["end"] == "good"}
    recoverable = [r for r in replies if r["quality"] != "best" and r["next"] not in ends]
    for reply in recoverable:  # a move that does not end the play can still lead to a good ending
        probe = copy.deepcopy(scenario)
        probe["start"] = reply["next"]
        assert any(p[-1] in good for p in rules.best_paths(probe)), f"{path.name}: {reply['say']!r} cannot recover"
    assert len(ends & good) >= 1 and {scenario["nodes"][n]["end"] for n in ends} == {"good", "mixed", "poor"}


def test_the_rules_catch_broken_scenarios() -> None:
    """The checker itself can fail: each kind of break is reported."""
    scenario = rules.load(rules.SCENARIOS / "comms-colleague-conflict.yaml")
    broken = copy.deepcopy(scenario)
    broken["nodes"]["orphan"] = {"end": "good", "debrief": "x"}
    broken["nodes"]["listen"]["replies"][0]["next"] = "nowhere"
    broken["nodes"]["agree"]["replies"][1].pop("misconception")
    broken["nodes"]["end-good"].pop("debrief")
    broken["nodes"]["behaviour"]["replies"][0]["quality"] = "good"
    problems = " | ".join(rules.node_problems(broken) + rules.graph_problems(broken))
    for words in ("unreachable node", "missing node 'nowhere'", "missing misconception fix",
                  "dead end without a debrief", "exactly one best"):
        assert words in problems, words
    looped = copy.deepcopy(scenario)
    looped["nodes"]["agree"]["replies"] = [dict(r, next="facts") for r in looped["nodes"]["agree"]["replies"]]
    looped["nodes"]["facts-more"]["replies"] = [dict(r, next="agree") for r in looped["nodes"]["facts-more"]["replies"]]
    looped["nodes"]["facts-even"]["replies"] = [dict(r, next="agree") for r in looped["nodes"]["facts-even"]["replies"]]
    looped["nodes"]["recover-facts"]["replies"] = [dict(r, next="agree")
                                                  for r in looped["nodes"]["recover-facts"]["replies"]]
    assert "a loop with no exit" in " | ".join(rules.graph_problems(looped))


def test_a_misconception_id_means_the_same_in_every_scenario() -> None:
    """Results and the class summary count misconceptions by id, so an id keeps one name and one fix."""
    meanings: dict[str, set[tuple[str, str]]] = {}
    for path in FILES:
        scenario = rules.load(path)
        if scenario["id"] in OURS:
            for mid, mis in scenario["misconceptions"].items():
                meanings.setdefault(mid, set()).add((mis["name"], " ".join(mis["fix"].split())))
    assert {mid: m for mid, m in meanings.items() if len(m) > 1} == {}
