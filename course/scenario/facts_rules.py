"""The rules that need the scenario's context run on sample stores: placeholders and branch facts.

Every ``{placeholder}`` must be a fact the context returns for every sample store (one per sector), with
no format spec; every ``branch:`` must name a fact that is True or False in every sample store.
``fact_problems`` applies the same rules to facts already computed (the context tests run it on many
learners); ``used_placeholders`` and ``branch_facts`` list what a scenario needs from its context.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Sequence

from course.scenario import contexts
from course.scenario.errors import Problem
from course.scenario.schema import Scenario
from course.scenario.text import NAME, placeholders
from course.store import StoreData


def texts(scenario: Scenario) -> Iterator[tuple[str | None, str, str]]:
    """Yield (node or None, field, text) for every text that may hold placeholders."""
    yield None, "introduction", scenario.introduction
    for key, entry in scenario.misconceptions.items():
        yield None, f"misconceptions.{key}.name", entry.name
        yield None, f"misconceptions.{key}.fix", entry.fix
    for node_id, node in scenario.nodes.items():
        for field in ("scene", "say", "debrief"):
            if getattr(node, field):
                yield node_id, field, getattr(node, field)
        for index, reply in enumerate(node.replies or [], start=1):
            for field in ("say", "feedback", "reaction"):
                if getattr(reply, field):
                    yield node_id, f"replies[{index}].{field}", getattr(reply, field)


def used_placeholders(scenario: Scenario, node_ids: Collection[str] | None = None) -> set[str]:
    """Return the placeholder names the texts use: all of them, or the header's and those of ``node_ids``."""
    return {name for node_id, _field, text in texts(scenario)
            if node_ids is None or node_id is None or node_id in node_ids for name in placeholders(text)}


def branch_facts(scenario: Scenario) -> set[str]:
    """Return the facts the scenario's branch nodes decide on."""
    return {node.branch for node in scenario.nodes.values() if node.branch is not None}


def check_facts(scenario: Scenario, *, file: str, stores: Sequence[StoreData] | None = None) -> list[Problem]:
    """Return the placeholder and branch problems of ``scenario``, running its context on ``stores``."""
    def problem(message: str) -> list[Problem]:
        return [Problem(file, message, scenario.id, None, "context")]

    try:
        runs = [(f"{store.sector}/{store.learner_id}", contexts.facts(scenario.context, store))
                for store in (stores if stores is not None else contexts.sample_stores())]
    except contexts.ContextError as err:
        return problem(f"{err}; see docs/SCENARIO-FORMAT.md (Personalisation)")
    except Exception as err:  # noqa: BLE001 - an author's context failing on some store is a problem to report
        return problem(f"the context failed on a sample store ({type(err).__name__}: {err}); "
                       "it must work for every learner and sector")
    return fact_problems(scenario, runs, file=file)


def fact_problems(scenario: Scenario, runs: Sequence[tuple[str, Mapping[str, object]]], *,
                  file: str) -> list[Problem]:
    """Return the placeholder and branch problems of ``scenario`` given its context's facts for some stores.

    ``runs`` is (store label, e.g. "grocery/sample-a", facts) per store; every placeholder must be a fact in
    all of them and every branch fact True/False in each.
    """
    def problem(node: str | None, field: str | None, message: str) -> Problem:
        return Problem(file, message, scenario.id, node, field)

    found = []
    common = set.intersection(*(set(f) for _label, f in runs)) if runs else set()
    for node_id, field, text in texts(scenario):
        for name in placeholders(text):
            if not NAME.match(name):
                found.append(problem(node_id, field, f"the placeholder {{{name}}} is not a plain fact name; "
                                                     "no format specs: format the value in the context"))
            elif name not in common:
                found.append(problem(node_id, field, f"the placeholder {{{name}}} is not a fact the context "
                                                     f"'{scenario.context}' returns for every store"))
    for node_id, node in scenario.nodes.items():
        if node.branch is None:
            continue
        bad = [label for label, f in runs if not isinstance(f.get(node.branch), bool)]
        if bad:
            found.append(problem(node_id, "branch", f"'{node.branch}' must be a True/False fact of the context "
                                                    f"(it is not for {', '.join(bad)})"))
    return found
