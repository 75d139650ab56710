"""The meaning rules of a scenario (docs/SCENARIO-FORMAT.md), each with its own error naming the node and field.

``check_scenario`` returns every problem: ids and references (notebook, syllabus codes, skills,
misconceptions), the shape of each node (decision, branch or end), and the graph: a reply that leads
nowhere, an unreachable node, a dead end without a debrief, a missing misconception fix, a loop with no
exit, and at least ``MIN_DECISIONS`` decisions on every all-best path (a branch taken both ways), each
ending ``good``; a best reply names no misconception. ``course.scenario.facts_rules`` checks placeholders
and branch facts against the context.
"""

from __future__ import annotations

import re
from pathlib import Path

from course.scenario import graph
from course.scenario.errors import Problem
from course.scenario.schema import SKILLS, Node, Scenario

KEBAB = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MIN_DECISIONS = 4


class _Report:
    def __init__(self, file: str, scenario: Scenario) -> None:
        self.file, self.scenario_id = file, scenario.id
        self.problems: list[Problem] = []

    def add(self, node: str | None, field: str | None, message: str) -> None:
        self.problems.append(Problem(self.file, message, self.scenario_id, node, field))


def check_scenario(scenario: Scenario, *, file: str, stem: str | None = None,
                   notebooks: Path | None = None) -> list[Problem]:
    """Return every rule ``scenario`` breaks (empty: it is well formed); ``notebooks`` checks its notebook."""
    report = _Report(file, scenario)
    _check_header(scenario, report, stem, notebooks)
    _check_misconceptions(scenario, report)
    for node_id, node in scenario.nodes.items():
        if not KEBAB.match(node_id):
            report.add(node_id, None, "a node id must be lowercase kebab-case, e.g. check-receipt")
        _check_node(scenario, node_id, node, report)
    if scenario.start not in scenario.nodes:
        report.add(None, "start", f"a start that leads nowhere: there is no node '{scenario.start}'")
        return report.problems
    _check_graph(scenario, report)
    return report.problems


def _check_header(scenario: Scenario, report: _Report, stem: str | None, notebooks: Path | None) -> None:
    from course import syllabus

    if not KEBAB.match(scenario.id):
        report.add(None, "id", "must be lowercase kebab-case, e.g. privacy-caller-asks")
    elif stem is not None and scenario.id != stem:
        report.add(None, "id", f"must be the file name without .yaml ('{stem}')")
    for field in ("title", "concept", "introduction"):
        if not getattr(scenario, field):
            report.add(None, field, "must not be empty")
    if notebooks is not None and not (notebooks / f"{scenario.notebook}.ipynb").is_file():
        report.add(None, "notebook", f"there is no notebook {scenario.notebook}.ipynb under {notebooks}; "
                                     "write it as folder/stem, e.g. 2-recording/2.2-data-protection-and-evidence")
    known = syllabus.items()
    if scenario.marking_point not in known or not scenario.marking_point.split(":")[-1].startswith("MP"):
        report.add(None, "marking_point", f"'{scenario.marking_point}' is not a marking point in "
                                          "course/syllabus/items.yaml, e.g. \"002:MP3\"")
    for index, code in enumerate(scenario.covers, start=1):
        if code not in known:
            report.add(None, f"covers[{index}]", f"'{code}' is not a code in course/syllabus/items.yaml")
    if not scenario.skills:
        report.add(None, "skills", "list at least one skill")
    for index, skill in enumerate(scenario.skills, start=1):
        if skill not in SKILLS:
            report.add(None, f"skills[{index}]", f"'{skill}' is not in the SKILLS list of docs/SCENARIO-FORMAT.md")


def _check_misconceptions(scenario: Scenario, report: _Report) -> None:
    for key, entry in scenario.misconceptions.items():
        if not KEBAB.match(key):
            report.add(None, f"misconceptions.{key}", "a misconception id must be lowercase kebab-case")
        if not entry.name:
            report.add(None, f"misconceptions.{key}.name", "must say the mistake in plain words")
        if not entry.fix:
            report.add(None, f"misconceptions.{key}.fix", "a missing misconception fix: say what to do instead")


def _check_node(scenario: Scenario, node_id: str, node: Node, report: _Report) -> None:
    kind = node.kind
    if kind == "dead end" or (kind == "end" and not node.debrief):
        report.add(node_id, "debrief", "a dead end without a debrief: give the node replies, a branch, "
                                       "or `end:` (good | mixed | poor) with a `debrief:`")
        return
    extra = {"decision": ("branch", "if_true", "if_false", "end", "debrief"),
             "branch": ("say", "replies", "end", "debrief", "scene"),
             "end": ("say", "replies", "if_true", "if_false")}[kind]
    for field in extra:
        if getattr(node, field) not in (None, []):
            report.add(node_id, field, f"does not belong in a {kind} node; remove it")
    if kind == "decision":
        _check_decision(scenario, node_id, node, report)
    elif kind == "branch":
        for field in ("if_true", "if_false"):
            target = getattr(node, field)
            if target is None:
                report.add(node_id, field, "a branch needs both if_true and if_false")
            elif target not in scenario.nodes:
                report.add(node_id, field, f"a branch that leads nowhere: there is no node '{target}'")


def _check_decision(scenario: Scenario, node_id: str, node: Node, report: _Report) -> None:
    replies = node.replies or []
    if not node.say:
        report.add(node_id, "say", "a decision node needs `say:`, what the customer or colleague says")
    if not 2 <= len(replies) <= 4:
        report.add(node_id, "replies", f"has {len(replies)} replies; give 2 to 4")
    bests = sum(reply.quality == "best" for reply in replies)
    if bests != 1:
        report.add(node_id, "replies", f"has {bests} replies of quality best; exactly one must be best")
    quoted = {reply.say.startswith(('"', "'", "\u201c")) for reply in replies}
    if len(quoted) > 1:
        report.add(node_id, "replies", "some replies are in quotation marks and some are not; write them all the "
                                       "same way (the odd one out gives the answer away)")
    seen: set[str] = set()
    for index, reply in enumerate(replies, start=1):
        where = f"replies[{index}]"
        if reply.say in seen:
            report.add(node_id, f"{where}.say", "two replies say the same; make each one different")
        seen.add(reply.say)
        if not reply.feedback:
            report.add(node_id, f"{where}.feedback", "must say why this reply works or does not")
        if reply.next not in scenario.nodes:
            report.add(node_id, f"{where}.next", f"a reply that leads nowhere: there is no node '{reply.next}'")
        _check_reply_misconception(scenario, node_id, where, reply.quality, reply.misconception, report)


def _check_reply_misconception(scenario: Scenario, node_id: str, where: str, quality: str,
                               misconception: str | None, report: _Report) -> None:
    if misconception is not None and quality == "best":
        report.add(node_id, f"{where}.misconception", "a best reply names no misconception (it would count "
                                                      "the best play as a mistake); remove it")
        return
    if misconception is None:
        if quality in ("weak", "wrong"):
            report.add(node_id, f"{where}.misconception", f"a missing misconception fix: a {quality} reply "
                                                          "names its misconception, defined under misconceptions:")
        return
    entry = scenario.misconceptions.get(misconception)
    if entry is None:
        report.add(node_id, f"{where}.misconception", f"a missing misconception fix: '{misconception}' is not "
                                                      "defined under misconceptions: (give it a name and a fix)")
    elif not entry.fix:
        report.add(node_id, f"{where}.misconception", f"a missing misconception fix: '{misconception}' has no fix")


def _check_graph(scenario: Scenario, report: _Report) -> None:
    nodes = scenario.nodes
    reachable = graph.reachable(nodes, scenario.start)
    for node_id in nodes:
        if node_id not in reachable:
            report.add(node_id, None, "an unreachable node: no reply or branch leads here from start; "
                                      "link it or remove it")
    can_end = graph.can_reach_end(nodes)
    for node_id, node in nodes.items():
        if node_id in reachable and node_id not in can_end and node.kind != "dead end":
            report.add(node_id, None, "a loop with no exit: no end can be reached from here; give one of "
                                      "its replies (or a later node's) a way to an end")
    if any(target not in nodes for node in nodes.values() for target in node.targets()):
        return  # reported as leading nowhere; the best path cannot be followed
    shortest, looping = graph.best_path_decisions(nodes, scenario.start)
    if looping:
        report.add(looping, "replies", "the best replies go round in a loop here; the best path must reach an end")
    elif shortest < MIN_DECISIONS:
        report.add(None, "start", f"the all-best path has {shortest} decision point(s); give it at least "
                                  f"{MIN_DECISIONS}")
    for end_id in sorted(graph.best_ends(nodes, scenario.start)):
        if nodes[end_id].end != "good":
            report.add(end_id, "end", f"the all-best path ends here with `end: {nodes[end_id].end}`; the best reply "
                                      "every time must end `good` (only a good ending counts as correct)")
