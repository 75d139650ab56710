"""What the scenario context tests share: the sample learners, the scenario sources, and two checks.

The checks use the engine itself: ``course.scenario.facts_rules`` (the validator's placeholder and
branch rules, here on every sample learner's facts instead of one store per sector) and
``course.scenario.graph.reachable`` with a learner's facts (the nodes that learner's play can reach).
The stores come from conftest's ``store_of``, so each is simulated once per test session.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection, Mapping, Sequence
from pathlib import Path

from course.scenario import contexts, graph
from course.scenario.facts_rules import fact_problems, used_placeholders
from course.scenario.schema import Scenario, read_source
from course.store import SECTORS, StoreData

SCENARIO_DIR = Path(__file__).resolve().parents[1] / "solutions" / "scenarios"
Facts = dict[str, contexts.Fact]
# 20 learners, 5 in each sector: enough to see every branch taken both ways where the data allows; and two
# more for coaching_dip's fallbacks: in sweep-026's store the only colleague whose FCR fell had fewer than
# 30 contacts; in sweep-087's nobody's fell.
LEARNERS = [(f"scn-{i:02d}", SECTORS[i % len(SECTORS)]) for i in range(20)] + [
    ("sweep-026", "electronics"), ("sweep-087", "homeware")]


def stores(store_of: Callable[..., StoreData]) -> list[StoreData]:
    """Return the sample learners' stores, in LEARNERS order."""
    return [store_of(learner_id, sector=sector) for learner_id, sector in LEARNERS]


def facts_of(names: Collection[str], data: Sequence[StoreData]) -> dict[str, list[Facts]]:
    """Return {context name: its facts for each store} run through the engine (``contexts.facts``)."""
    return {name: [contexts.facts(name, store) for store in data] for name in names}


@functools.cache
def sources() -> dict[str, Scenario]:
    """Return every source scenario by id, read by the engine (callers must not change them)."""
    return {path.stem: read_source(path) for path in sorted(SCENARIO_DIR.glob("*.yaml"))}


def scenarios_using(context: str) -> list[Scenario]:
    """Return the source scenarios whose context is ``context`` (e.g. "sales.hurried_buyer"); at least one."""
    found = [scenario for scenario in sources().values() if scenario.context == context]
    assert found, f"no scenario uses {context}"
    return found


def check_fits_scenarios(context: str, facts: Sequence[Mapping[str, contexts.Fact]]) -> None:
    """Assert the learners' ``facts`` (in LEARNERS order) serve every scenario using ``context``.

    The validator's rules hold for every learner (each placeholder a fact, each branch fact True/False),
    and every text fact a learner's own play can show is a display value: not empty, no "nan".
    """
    runs = [(f"{sector}/{learner_id}", f) for (learner_id, sector), f in zip(LEARNERS, facts, strict=True)]
    for scenario in scenarios_using(context):
        assert [str(p) for p in fact_problems(scenario, runs, file=f"{scenario.id}.yaml")] == []
        for label, f in runs:
            for name in used_placeholders(scenario, graph.reachable(scenario.nodes, scenario.start, f)):
                value = f[name]
                assert not isinstance(value, str) or (value.strip() and "nan" not in value.lower().split()), \
                    f"{scenario.id}: {label} is shown {name} = {value!r}"


def check_branches_both_ways(context: str, facts: Sequence[Mapping[str, contexts.Fact]], *,
                             one_way: Collection[str] = ()) -> None:
    """Assert each branch of the scenarios using ``context`` goes both ways among the learners who reach it.

    ``one_way`` names branch facts every simulated store sets the same way (their test forces the other way).
    """
    for scenario in scenarios_using(context):
        for node_id, node in scenario.nodes.items():
            if node.branch is None or node.branch in one_way:
                continue
            taken = {f[node.branch] for f in facts if node_id in graph.reachable(scenario.nodes, scenario.start, f)}
            assert taken == {True, False}, f"{scenario.id}: branch {node_id} ({node.branch}) only goes {taken}"
