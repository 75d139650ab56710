"""The structural rules of docs/SCENARIO-FORMAT.md, checked on a scenario's YAML without the engine.

Used by tests/test_scenario_yaml.py and the context tests until the engine's `course check-scenario`
exists; each function returns a list of problems (empty when the scenario is right).
"""

from __future__ import annotations

import importlib
import importlib.util
import re
import string
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "solutions" / "scenarios"
KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
QUALITIES = {"best", "good", "weak", "wrong"}
ENDS = {"good", "mixed", "poor"}
TEXT_FIELDS = ("introduction", "scene", "say", "feedback", "reaction", "debrief")
# The learners whose stores the context tests use (shared, so a test session simulates each store once).
# Two stores for coaching_dip's fallbacks: in sweep-026's the only colleague whose FCR fell had fewer than 30
# contacts; in sweep-087's nobody's fell.
LEARNERS = [(f"scn-{i:02d}", ("apparel", "grocery", "electronics", "homeware")[i % 4]) for i in range(20)] + [
    ("sweep-026", "electronics"), ("sweep-087", "homeware")]
SKILLS = {
    "sales-process", "needs-analysis", "questioning", "features-benefits", "objection-handling", "negotiation",
    "closing", "follow-up", "upselling", "cross-selling", "complaint-handling", "consumer-rights",
    "communication-styles", "active-listening", "adapting-to-cues", "reasonable-adjustments",
    "conflict-resolution", "coaching", "appraisal", "recognition", "data-protection"}


def load(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def syllabus_codes() -> set[str]:
    items = yaml.safe_load((ROOT / "course" / "syllabus" / "items.yaml").read_text(encoding="utf-8"))
    return {item["code"] for part in items.values() for item in part["items"]}


def kind(node: dict[str, Any]) -> str:
    if "replies" in node:
        return "decision"
    if "branch" in node:
        return "branch"
    return "end"


def successors(node: dict[str, Any]) -> list[str]:
    if kind(node) == "decision":
        return [reply["next"] for reply in node["replies"]]
    if kind(node) == "branch":
        return [node["if_true"], node["if_false"]]
    return []


def schema_problems(path: Path, scenario: dict[str, Any], codes: set[str]) -> list[str]:
    problems = []
    for field in ("id", "title", "notebook", "context", "concept", "marking_point", "covers", "skills",
                  "introduction", "start", "misconceptions", "nodes"):
        if field not in scenario:
            problems.append(f"missing field {field}")
    if problems:
        return problems
    if scenario["id"] != path.stem or not KEBAB.match(scenario["id"]):
        problems.append(f"id {scenario['id']!r} must be kebab-case and equal the file stem")
    if not (ROOT / "notebooks" / f"{scenario['notebook']}.ipynb").exists():
        problems.append(f"notebook {scenario['notebook']} does not exist")
    if not re.fullmatch(r"[a-z_]+\.[a-z_]+", scenario["context"]):
        problems.append(f"context {scenario['context']!r} is not family.function")
    problems += [f"unknown syllabus code {c}" for c in [scenario["marking_point"], *scenario["covers"]]
                 if c not in codes]
    problems += [f"unknown skill {s}" for s in scenario["skills"] if s not in SKILLS]
    for mid, mis in scenario["misconceptions"].items():
        if not KEBAB.match(mid) or not str(mis.get("name", "")).strip() or not str(mis.get("fix", "")).strip():
            problems.append(f"misconception {mid}: needs a kebab-case id, a name and a fix")
    return problems


def node_problems(scenario: dict[str, Any], *, min_replies: int = 2) -> list[str]:
    nodes, problems = scenario["nodes"], []
    if scenario["start"] not in nodes:
        problems.append(f"start {scenario['start']!r} is not a node")
    for name, node in nodes.items():
        where = f"node {name}"
        if not KEBAB.match(name):
            problems.append(f"{where}: id is not kebab-case")
        problems += [f"{where}: leads to missing node {nxt!r}" for nxt in successors(node) if nxt not in nodes]
        if kind(node) == "decision":
            problems += _decision_problems(where, node, scenario["misconceptions"], min_replies)
        elif kind(node) == "end" and (node.get("end") not in ENDS or not str(node.get("debrief", "")).strip()):
            problems.append(f"{where}: a dead end without a debrief (or end not good/mixed/poor)")
        elif kind(node) == "branch" and not isinstance(node["branch"], str):
            problems.append(f"{where}: branch must name a fact")
    return problems


def _decision_problems(where: str, node: dict[str, Any], misconceptions: dict[str, Any], low: int) -> list[str]:
    problems = []
    replies = node["replies"]
    if not str(node.get("say", "")).strip():
        problems.append(f"{where}: no say")
    if not low <= len(replies) <= 4:
        problems.append(f"{where}: {len(replies)} replies, expected {low} to 4")
    if [r.get("quality") for r in replies].count("best") != 1:
        problems.append(f"{where}: needs exactly one best reply")
    for i, reply in enumerate(replies):
        if reply.get("quality") not in QUALITIES or not str(reply.get("feedback", "")).strip():
            problems.append(f"{where} reply {i + 1}: quality or feedback missing")
        if not str(reply.get("say", "")).strip():
            problems.append(f"{where} reply {i + 1}: no say")
        if reply.get("quality") in ("weak", "wrong") and reply.get("misconception") not in misconceptions:
            problems.append(f"{where} reply {i + 1}: missing misconception fix")
        if reply.get("quality") == "best" and reply.get("misconception"):
            problems.append(f"{where} reply {i + 1}: the best reply names a misconception")
    return problems


def reachable(scenario: dict[str, Any]) -> set[str]:
    nodes, seen, todo = scenario["nodes"], set(), [scenario["start"]]
    while todo:
        name = todo.pop()
        if name in seen or name not in nodes:
            continue
        seen.add(name)
        todo += successors(nodes[name])
    return seen


def graph_problems(scenario: dict[str, Any]) -> list[str]:
    nodes = scenario["nodes"]
    problems = [f"node {n}: unreachable node" for n in nodes if n not in reachable(scenario)]
    can_end = {n for n, node in nodes.items() if kind(node) == "end"}
    changed = True
    while changed:
        grown = {n for n, node in nodes.items() if any(s in can_end for s in successors(node))}
        changed = not grown <= can_end
        can_end |= grown
    problems += [f"node {n}: a loop with no exit" for n in nodes if n not in can_end]
    return problems


def best_paths(scenario: dict[str, Any]) -> Iterator[list[str]]:
    """Every all-best path from start to an end (branches go both ways), as the nodes visited."""
    nodes = scenario["nodes"]

    def walk(name: str, path: list[str]) -> Iterator[list[str]]:
        if name in path:
            raise ValueError(f"the all-best path loops at {name}")
        node = nodes[name]
        if kind(node) == "end":
            yield [*path, name]
        elif kind(node) == "branch":
            for nxt in (node["if_true"], node["if_false"]):
                yield from walk(nxt, [*path, name])
        else:
            best = next(r for r in node["replies"] if r["quality"] == "best")
            yield from walk(best["next"], [*path, name])

    yield from walk(scenario["start"], [])


def placeholders(scenario: dict[str, Any]) -> set[str]:
    """Every {fact} named in the scenario's text fields."""
    found: set[str] = set()

    def scan(value: Any, key: str = "") -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                scan(v, k)
        elif isinstance(value, list):
            for v in value:
                scan(v, key)
        elif isinstance(value, str) and key in TEXT_FIELDS:
            found.update(f for _, f, spec, _ in string.Formatter().parse(value) if f is not None)

    scan(scenario)
    return found


def branch_facts(scenario: dict[str, Any]) -> set[str]:
    return {node["branch"] for node in scenario["nodes"].values() if kind(node) == "branch"}


def load_context(family: str) -> ModuleType:
    """course.scenario.contexts.<family>, or, before the engine's package exists, the file loaded by path."""
    try:
        return importlib.import_module(f"course.scenario.contexts.{family}")
    except ModuleNotFoundError:
        path = ROOT / "course" / "scenario" / "contexts" / f"{family}.py"
        spec = importlib.util.spec_from_file_location(f"_scenario_contexts_{family}", path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module


def nodes_played(scenario: dict[str, Any], facts: dict[str, Any]) -> set[str]:
    """The nodes a learner with these facts can reach: every reply followed, branches as the facts say."""
    nodes, seen, todo = scenario["nodes"], set(), [scenario["start"]]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        node = nodes[name]
        if kind(node) == "branch":
            todo.append(node["if_true"] if facts[node["branch"]] else node["if_false"])
        else:
            todo += successors(node)
    return seen


def placeholders_in(scenario: dict[str, Any], names: set[str]) -> set[str]:
    """The {facts} named in the introduction and in the given nodes."""
    return placeholders({"introduction": scenario["introduction"],
                         "nodes": {n: scenario["nodes"][n] for n in names}})
