"""Errors raised for conversation scenarios that break the format in docs/SCENARIO-FORMAT.md.

A ``ScenarioError`` carries one ``Problem`` per mistake; each renders as one readable line naming the
file, the scenario, the node and the field, and saying what to do, e.g.
``privacy-caller.yaml: scenario 'privacy-caller': node 'greet': field 'replies[2].next': a reply that
leads nowhere: there is no node 'verify'; name an existing node``.
"""

from __future__ import annotations

from dataclasses import dataclass

from course.author_errors import ProblemsError, located


@dataclass(frozen=True)
class Problem:
    """One mistake in a scenario file: where it is (file, scenario, node, field) and what to do."""

    file: str
    message: str
    scenario: str | None = None
    node: str | None = None
    field: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        places = [f"{name} '{value}'" for name, value in
                  (("scenario", self.scenario), ("node", self.node), ("field", self.field)) if value is not None]
        return located(self.file, self.line, places, self.message)


class ScenarioError(ProblemsError[Problem]):
    """A scenario breaks the scenario format; ``problems`` lists every mistake found."""

    @classmethod
    def single(cls, file: str, message: str, *, scenario: str | None = None, node: str | None = None,
               field: str | None = None, line: int | None = None) -> ScenarioError:
        """Return a ScenarioError holding one problem."""
        return cls([Problem(file, message, scenario, node, field, line)])
