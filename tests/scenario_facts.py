"""Checks shared by the tests of the scenario contexts: the facts a context returns fit its scenarios.

For every scenario that uses the context: each placeholder is a returned fact, each branch fact is a
bool, every text renders with no brace left over, and the facts are plain display values.
"""

from __future__ import annotations

from typing import Any

from tests import scenario_rules as rules


def check_fits_scenarios(context: str, facts: dict[str, Any]) -> None:
    """Assert that `facts` serve every scenario whose context is `context`."""
    scenarios = rules.scenarios_using(context)
    assert scenarios, f"no scenario uses {context}"
    for name, value in facts.items():
        assert isinstance(value, (str, int, float, bool)), f"{context}: fact {name} is {type(value).__name__}"
        if isinstance(value, str):
            assert value.strip() and "nan" not in value.lower().split(), f"{context}: fact {name} = {value!r}"
    for sc in scenarios:
        missing = rules.placeholders(sc) - set(facts)
        assert not missing, f"{sc['id']}: placeholders {sorted(missing)} are not facts of {context}"
        for fact in rules.branch_facts(sc):
            assert isinstance(facts.get(fact), bool), f"{sc['id']}: branch fact {fact} is not a bool"
        for text in rules.texts(sc):
            shown = rules.render(text, facts)
            assert "{" not in shown and "}" not in shown, f"{sc['id']}: left-over brace in {shown!r}"
