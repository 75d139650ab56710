"""Graph walks over a scenario's nodes: reachability, reaching an end, and the all-best path.

Pure functions over ``{node id: Node}``; a target that names no node is ignored here (the rules
report it as "a reply that leads nowhere").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from course.scenario.schema import Node


def walk(nodes: Mapping[str, Node], start: str, step: Callable[[Node], list[str]]) -> set[str]:
    """Return the ids of every node reached from ``start`` (included), going on from each node to ``step(node)``."""
    seen: set[str] = set()
    todo = [start]
    while todo:
        node_id = todo.pop()
        if node_id in seen or node_id not in nodes:
            continue
        seen.add(node_id)
        todo.extend(step(nodes[node_id]))
    return seen


def reachable(nodes: Mapping[str, Node], start: str, facts: Mapping[str, object] | None = None) -> set[str]:
    """Return the ids of every node reachable from ``start`` (``start`` included).

    With ``facts`` (a learner's context), a branch goes only the way its fact says, as in a play.
    """
    def step(node: Node) -> list[str]:
        if facts is None or node.kind != "branch":
            return node.targets()
        target = node.if_true if facts.get(node.branch or "") is True else node.if_false
        return [target] if target else []

    return walk(nodes, start, step)


def can_reach_end(nodes: Mapping[str, Node]) -> set[str]:
    """Return the ids of the nodes from which some end node can be reached."""
    good = {node_id for node_id, node in nodes.items() if node.kind == "end"}
    changed = True
    while changed:
        changed = False
        for node_id, node in nodes.items():
            if node_id not in good and any(target in good for target in node.targets()):
                good.add(node_id)
                changed = True
    return good


def best_next(node: Node) -> list[str]:
    """The nodes the all-best path goes on to from ``node``: the best reply's, or both sides of a branch."""
    if node.replies:
        return [reply.next for reply in node.replies if reply.quality == "best"][:1]
    return node.targets()


def best_ends(nodes: Mapping[str, Node], start: str) -> set[str]:
    """Return the end nodes the all-best path reaches, a branch taken both ways."""
    return {node_id for node_id in walk(nodes, start, best_next) if nodes[node_id].kind == "end"}


def best_path_decisions(nodes: Mapping[str, Node], start: str) -> tuple[int, str | None]:
    """Return (fewest decision nodes on any all-best path from start to an end, a node where it loops or None)."""
    fewest: list[int] = []

    def walk(node_id: str, path: tuple[str, ...], decisions: int) -> str | None:
        if node_id not in nodes:
            return None
        if node_id in path:
            return node_id
        node = nodes[node_id]
        if node.kind == "end":
            fewest.append(decisions)
            return None
        for target in best_next(node):
            looped = walk(target, (*path, node_id), decisions + (node.kind == "decision"))
            if looped:
                return looped
        return None

    looping = walk(start, (), 0)
    return (min(fewest) if fewest else 0), looping
