"""The structural rules of docs/SCENARIO-FORMAT.md, checked on a scenario source file with PyYAML alone.

Written for the selling and complaint scenarios before the scenario engine (and its `course
check-scenario`) arrives, so their files can be checked on their own. `problems(path)` returns one
message per broken rule, naming the file, node and field; `best_paths` and `placeholders` serve the tests.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
QUALITIES = ("best", "good", "weak", "wrong")
ENDS = ("good", "mixed", "poor")
TEXT_FIELDS = ("introduction", "scene", "say", "feedback", "reaction", "debrief")
REQUIRED = ("id", "title", "notebook", "context", "concept", "marking_point", "covers", "skills", "introduction",
            "start", "misconceptions", "nodes")
SKILLS = {
    "sales-process", "needs-analysis", "questioning", "features-benefits", "objection-handling", "negotiation",
    "closing", "follow-up", "upselling", "cross-selling", "complaint-handling", "consumer-rights",
    "communication-styles", "active-listening", "adapting-to-cues", "reasonable-adjustments", "conflict-resolution",
    "coaching", "appraisal", "recognition", "data-protection"}


def load(path: Path) -> dict[str, Any]:
    """Return the scenario source as a dict."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path}: not a YAML mapping"
    return data


def syllabus_codes() -> set[str]:
    """Return every syllabus code (e.g. '001:KC1') in course/syllabus/items.yaml."""
    items = yaml.safe_load((ROOT / "course" / "syllabus" / "items.yaml").read_text(encoding="utf-8"))
    return {item["code"] for part in items.values() for item in part["items"]}


def kind_of(node: dict[str, Any]) -> str:
    """Return 'decision', 'branch' or 'end' (or 'broken')."""
    if "replies" in node:
        return "decision"
    if "branch" in node:
        return "branch"
    return "end" if "end" in node else "broken"


def exits(node: dict[str, Any]) -> list[str]:
    """Return the nodes a node can lead to."""
    if "replies" in node:
        return [r.get("next") for r in node["replies"]]
    if "branch" in node:
        return [node.get("if_true"), node.get("if_false")]
    return []


def _reachable(nodes: dict[str, Any], start: str) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        name = todo.pop()
        if name in seen or name not in nodes:
            continue
        seen.add(name)
        todo.extend(exits(nodes[name]))
    return seen


def _header_problems(where: str, sc: dict[str, Any], stem: str) -> Iterator[str]:
    for field in REQUIRED:
        if field not in sc:
            yield f"{where}: missing field '{field}'"
    if sc.get("id") != stem or not KEBAB.match(str(sc.get("id"))):
        yield f"{where}: field 'id' must be kebab-case and equal the file stem {stem!r}"
    if not (ROOT / "notebooks" / f"{sc.get('notebook')}.ipynb").exists():
        yield f"{where}: field 'notebook': no notebook {sc.get('notebook')!r}"
    codes = syllabus_codes()
    for code in [sc.get("marking_point"), *sc.get("covers", [])]:
        if code not in codes:
            yield f"{where}: unknown syllabus code {code!r}"
    if not str(sc.get("marking_point", "")).split(":")[-1].startswith("MP"):
        yield f"{where}: field 'marking_point' must be a marking point (MP)"
    for skill in sc.get("skills", []):
        if skill not in SKILLS:
            yield f"{where}: field 'skills': unknown skill {skill!r}"
    for mid, m in sc.get("misconceptions", {}).items():
        if not KEBAB.match(mid) or not str(m.get("name", "")).strip() or not str(m.get("fix", "")).strip():
            yield f"{where}: misconception {mid!r} needs a kebab-case id, a name and a fix"


def _node_problems(where: str, name: str, node: dict[str, Any], sc: dict[str, Any]) -> Iterator[str]:
    at = f"{where}: node {name!r}"
    nodes, misconceptions = sc["nodes"], sc.get("misconceptions", {})
    if not KEBAB.match(name):
        yield f"{at}: id must be kebab-case"
    kind = kind_of(node)
    if kind == "broken":
        yield f"{at}: a dead end without a debrief (no replies, no branch, no end)"
    if kind == "end" and (node.get("end") not in ENDS or not str(node.get("debrief", "")).strip()):
        yield f"{at}: an end needs 'end' in {ENDS} and a debrief"
    if kind == "decision":
        replies = node["replies"]
        if not str(node.get("say", "")).strip():
            yield f"{at}: field 'say' is required"
        if not 2 <= len(replies) <= 4:
            yield f"{at}: field 'replies': 2-4 replies, not {len(replies)}"
        if sum(r.get("quality") == "best" for r in replies) != 1:
            yield f"{at}: field 'replies': exactly one best reply"
        for i, reply in enumerate(replies):
            if reply.get("quality") not in QUALITIES or not str(reply.get("say", "")).strip() \
                    or not str(reply.get("feedback", "")).strip():
                yield f"{at}: reply {i + 1}: needs say, quality in {QUALITIES} and feedback"
            if reply.get("quality") in ("weak", "wrong") and reply.get("misconception") not in misconceptions:
                yield f"{at}: reply {i + 1}: missing misconception fix ({reply.get('misconception')!r} is not defined)"
    for target in exits(node):
        if target not in nodes:
            yield f"{at}: a reply that leads nowhere ({target!r} is not a node)"


def problems(path: Path) -> list[str]:
    """Return every broken rule in the scenario file at `path` (empty when it is right)."""
    sc = load(path)
    where = f"{path.name} ({sc.get('id')})"
    found = list(_header_problems(where, sc, path.stem))
    nodes = sc.get("nodes", {})
    for name, node in nodes.items():
        found.extend(_node_problems(where, name, node, sc))
    if found:
        return found
    if sc["start"] not in nodes:
        return [f"{where}: field 'start': {sc['start']!r} is not a node"]
    found += [f"{where}: node {n!r}: unreachable node" for n in nodes if n not in _reachable(nodes, sc["start"])]
    found += [f"{where}: node {n!r}: a loop with no exit (no end reachable)" for n in nodes
              if not any(kind_of(nodes[m]) == "end" for m in _reachable(nodes, n))]
    if found:
        return found
    paths = best_paths(sc)
    found += [f"{where}: node {p[-1]!r}: the all-best path loops back here" for p in paths
              if kind_of(nodes[p[-1]]) != "end"]
    found += [f"{where}: all-best path {' > '.join(p)} has fewer than 4 decision points" for p in paths
              if sum(kind_of(nodes[n]) == "decision" for n in p) < 4]
    return found


def best_paths(sc: dict[str, Any]) -> list[list[str]]:
    """Return every all-best path from start to an end: the best reply at each decision, both ways at a branch."""
    nodes, paths = sc["nodes"], []

    def walk(name: str, path: list[str]) -> None:
        if name in path:  # the best replies go round in a circle: report it as a path with no end
            paths.append([*path, name])
            return
        node, path = nodes[name], [*path, name]
        if kind_of(node) == "end":
            paths.append(path)
        elif kind_of(node) == "branch":
            walk(node["if_true"], path)
            walk(node["if_false"], path)
        else:
            walk(next(r["next"] for r in node["replies"] if r["quality"] == "best"), path)

    walk(sc["start"], [])
    return paths


def texts(sc: dict[str, Any]) -> Iterator[str]:
    """Yield every text the learner may see (introduction, scenes, words, feedback, reactions, debriefs)."""
    yield sc["introduction"]
    for node in sc["nodes"].values():
        for field in TEXT_FIELDS:
            if field in node:
                yield str(node[field])
        for reply in node.get("replies", []):
            for field in TEXT_FIELDS:
                if field in reply:
                    yield str(reply[field])


def placeholders(sc: dict[str, Any]) -> set[str]:
    """Return every {fact} the scenario's texts use."""
    return {m for text in texts(sc) for m in PLACEHOLDER.findall(text)}


def branch_facts(sc: dict[str, Any]) -> set[str]:
    """Return the facts the scenario's branch nodes test."""
    return {node["branch"] for node in sc["nodes"].values() if "branch" in node}


# ---- the selling and complaint scenarios, and the sample learners their contexts are tested on ----
SCENARIO_DIR = ROOT / "solutions" / "scenarios"
SELLING_AND_COMPLAINTS = ("sale-consultative-hurried", "sale-consultative-browser", "sale-upsell-cross-sell",
                          "complaint-heat", "complaint-consumer-rights", "comms-angry-customer")
SECTOR_ORDER = ("apparel", "grocery", "electronics", "homeware")
# 20 learners, 5 in each sector: enough to see every branch taken both ways where the data allows.
SAMPLE_LEARNERS = [(f"scn-{i:02d}", SECTOR_ORDER[i % 4]) for i in range(20)]


@functools.cache
def source(scenario_id: str) -> dict[str, Any]:
    """Return one of the selling and complaint scenarios' sources, read once (callers must not change it)."""
    return load(SCENARIO_DIR / f"{scenario_id}.yaml")


def scenarios_using(context: str) -> list[dict[str, Any]]:
    """Return the selling and complaint scenarios' sources whose context is `context` ('sales.hurried_buyer')."""
    return [sc for sc in map(source, SELLING_AND_COMPLAINTS) if sc["context"] == context]


def render(text: str, facts: dict[str, Any]) -> str:
    """Return a text with its {facts} filled in (as the engine shows it)."""
    return PLACEHOLDER.sub(lambda m: str(facts[m.group(1)]), text)
