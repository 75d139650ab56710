"""Conversation scenarios: branching service conversations, personalised from the learner's own store.

    course.scenario("privacy-caller-and-access")   # in a notebook code cell, after course.start(...)

Scenarios are authored in solutions/scenarios/<id>.yaml (docs/SCENARIO-FORMAT.md), checked by
``course check-scenario FILE...``, and shipped sealed in course/scenario/sealed/ by
``course seal-scenarios``: the best reply, qualities, feedback and misconceptions never appear in
plain text. Contexts (course/scenario/contexts/) pick each learner's facts from their own store.
Modules: schema (the models), rules / facts_rules / graph (the validator), loader, seal, play (the pure
state machine), record (progress log and results), static, widgets, view.
"""

from __future__ import annotations

import sys
import types

from course.scenario.errors import Problem, ScenarioError
from course.scenario.loader import load_source
from course.scenario.play import Debrief, Play, Step
from course.scenario.schema import Scenario
from course.scenario.view import ScenarioView, ids, load, scenario

__all__ = ["Debrief", "Play", "Problem", "Scenario", "ScenarioError", "ScenarioView", "Step", "ids", "load",
           "load_source", "scenario"]


class _CallableScenarioPackage(types.ModuleType):
    """Importing this package rebinds the name `course.scenario` from the function to the package, so the
    package is callable too: `course.scenario("privacy-caller-and-access")` works however often a cell re-runs."""

    def __call__(self, scenario_id: str) -> ScenarioView:
        return scenario(scenario_id)


sys.modules[__name__].__class__ = _CallableScenarioPackage
