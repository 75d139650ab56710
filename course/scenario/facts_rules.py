"""The rules that need the scenario's context run on sample stores: placeholders and branch facts.

Every ``{placeholder}`` must be a fact the context returns for every sample store (one per sector), with
no format spec; every ``branch:`` must name a fact that is True or False in every sample store.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

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


def check_facts(scenario: Scenario, *, file: str, stores: Sequence[StoreData] | None = None) -> list[Problem]:
    """Return the placeholder and branch problems of ``scenario``, running its context on ``stores``."""
    def problem(node: str | None, field: str | None, message: str) -> Problem:
        return Problem(file, message, scenario.id, node, field)

    try:
        runs = [(store, contexts.facts(scenario.context, store))
                for store in (stores if stores is not None else contexts.sample_stores())]
    except contexts.ContextError as err:
        return [problem(None, "context", f"{err}; see docs/SCENARIO-FORMAT.md (Personalisation)")]
    except Exception as err:  # noqa: BLE001 - an author's context failing on some store is a problem to report
        return [problem(None, "context", f"the context failed on a sample store ({type(err).__name__}: {err}); "
                                         "it must work for every learner and sector")]
    found = []
    common = set.intersection(*(set(f) for _store, f in runs)) if runs else set()
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
        bad = [f"{store.sector}/{store.learner_id}" for store, f in runs if not isinstance(f.get(node.branch), bool)]
        if bad:
            found.append(problem(node_id, "branch", f"'{node.branch}' must be a True/False fact of the context "
                                                    f"(it is not for {', '.join(bad)})"))
    return found
