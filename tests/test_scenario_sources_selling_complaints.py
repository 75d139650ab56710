"""The selling and complaint scenario sources follow docs/SCENARIO-FORMAT.md's structural rules.

Checked with tests/scenario_rules.py (PyYAML alone), so the files are right before the scenario engine
and its `course check-scenario` exist. The checker is shown to catch each kind of broken scenario too.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests import scenario_rules as rules

SHARED = {"pushing-before-need", "closed-questions-only", "features-not-benefits", "arguing-with-objection",
          "discount-outside-policy", "pressure-close", "no-follow-up", "upsell-ignoring-need",
          "apology-without-ownership", "blaming-the-customer", "wrong-statutory-remedy", "aggressive-not-assertive",
          "passive-not-assertive", "not-listening", "ignoring-cues", "refusing-a-valid-request"}


@pytest.mark.parametrize("scenario_id", rules.SELLING_AND_COMPLAINTS)
def test_scenario_follows_the_rules(scenario_id: str) -> None:
    assert rules.problems(rules.SCENARIO_DIR / f"{scenario_id}.yaml") == []


@pytest.mark.parametrize("scenario_id", rules.SELLING_AND_COMPLAINTS)
def test_every_misconception_is_used_and_wrong_moves_can_be_recovered(scenario_id: str) -> None:
    sc = rules.load(rules.SCENARIO_DIR / f"{scenario_id}.yaml")
    nodes = sc["nodes"]
    replies = [r for node in nodes.values() for r in node.get("replies", [])]
    assert {r["misconception"] for r in replies if "misconception" in r} == set(sc["misconceptions"])
    assert {node["end"] for node in nodes.values() if "end" in node} == {"good", "mixed", "poor"}
    # at least one wrong move leads to a node from which a good ending can still be reached
    good = {n for n, node in nodes.items() if node.get("end") == "good"}
    recoverable = [r for r in replies if r["quality"] == "wrong" and good & rules._reachable(nodes, r["next"])]
    assert recoverable, f"{scenario_id}: no wrong move can be recovered from"


def test_the_shared_misconception_ids_are_used_where_they_fit() -> None:
    used = set()
    for sid in rules.SELLING_AND_COMPLAINTS:
        used |= set(rules.load(rules.SCENARIO_DIR / f"{sid}.yaml")["misconceptions"])
    assert used >= SHARED, sorted(SHARED - used)


def test_heat_names_the_take_ownership_variant() -> None:
    sc = rules.load(rules.SCENARIO_DIR / "complaint-heat.yaml")
    assert "Take ownership" in sc["introduction"] and "Hear, Empathise, Apologise, Take action" in sc["introduction"]


def _broken(change: Callable[[dict[str, Any]], None], tmp_path: Path) -> list[str]:
    sc = copy.deepcopy(rules.load(rules.SCENARIO_DIR / "complaint-heat.yaml"))
    change(sc)
    path = tmp_path / "complaint-heat.yaml"
    path.write_text(yaml.safe_dump(sc, sort_keys=False), encoding="utf-8")
    return rules.problems(path)


def _add_island(sc: dict[str, Any]) -> None:
    sc["nodes"]["island"] = {"end": "good", "debrief": "Nobody gets here."}


def _drop_debrief(sc: dict[str, Any]) -> None:
    del sc["nodes"]["good-end"]["debrief"]
    del sc["nodes"]["good-end"]["end"]


def _lead_nowhere(sc: dict[str, Any]) -> None:
    sc["nodes"]["hear"]["replies"][0]["next"] = "nowhere"


def _forget_fix(sc: dict[str, Any]) -> None:
    sc["misconceptions"]["not-listening"]["fix"] = ""


def _loop(sc: dict[str, Any]) -> None:
    for reply in sc["nodes"]["action-again"]["replies"]:
        reply["next"] = "take-action"
    for reply in sc["nodes"]["take-action"]["replies"]:
        reply["next"] = "action-again"
    sc["nodes"]["follow-up"]["replies"][0]["next"] = "take-action"


def _two_best(sc: dict[str, Any]) -> None:
    sc["nodes"]["hear"]["replies"][1]["quality"] = "best"


def _short_path(sc: dict[str, Any]) -> None:
    sc["nodes"]["hear"]["replies"][0]["next"] = "follow-up"


@pytest.mark.parametrize(("change", "message"), [
    (_add_island, "unreachable node"), (_drop_debrief, "a dead end without a debrief"),
    (_lead_nowhere, "a reply that leads nowhere"), (_forget_fix, "needs a kebab-case id, a name and a fix"),
    (_loop, "a loop with no exit"), (_two_best, "exactly one best reply"),
    (_short_path, "fewer than 4 decision points")])
def test_the_checker_catches_each_kind_of_break(change: Callable[[dict[str, Any]], None], message: str,
                                                 tmp_path: Path) -> None:
    found = _broken(change, tmp_path)
    assert any(message in problem for problem in found), found


def test_a_misconception_id_has_one_name_and_fix_in_every_scenario() -> None:
    seen: dict[str, set[tuple[str, str]]] = {}
    for sid in rules.SELLING_AND_COMPLAINTS:
        for mid, m in rules.load(rules.SCENARIO_DIR / f"{sid}.yaml")["misconceptions"].items():
            seen.setdefault(mid, set()).add((m["name"], m["fix"]))
    assert {mid: w for mid, w in seen.items() if len(w) > 1} == {}
