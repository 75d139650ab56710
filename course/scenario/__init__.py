"""Conversation scenarios: branching service conversations, personalised from the learner's own store.

    course.scenario("privacy-caller-and-access")   # in a notebook code cell

Scenarios are authored in solutions/scenarios/<id>.yaml (docs/SCENARIO-FORMAT.md), checked by
``course check-scenario FILE...``, and shipped sealed in course/scenario/sealed/ by
``course seal-scenarios``: the best reply, qualities, feedback and misconceptions never appear in
plain text. Contexts (course/scenario/contexts/) pick each learner's facts from their own store.
"""

from __future__ import annotations

from course.scenario.errors import Problem, ScenarioError
from course.scenario.loader import load_source
from course.scenario.schema import Scenario

__all__ = ["Problem", "Scenario", "ScenarioError", "load_source"]
