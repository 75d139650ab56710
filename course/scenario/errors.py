"""Errors raised for conversation scenarios that break the format in docs/SCENARIO-FORMAT.md.

A ``ScenarioError`` carries one ``Problem`` per mistake; each renders as one readable line naming the
file, the scenario, the node and the field, and saying what to do, e.g.
``privacy-caller.yaml: scenario 'privacy-caller': node 'greet': field 'replies[2].next': a reply that
leads nowhere: there is no node 'verify'; name an existing node``.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_SHOWN = 25


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
        parts = [self.file]
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.scenario is not None:
            parts.append(f"scenario '{self.scenario}'")
        if self.node is not None:
            parts.append(f"node '{self.node}'")
        if self.field is not None:
            parts.append(f"field '{self.field}'")
        return ": ".join([*parts, self.message])


class ScenarioError(ValueError):
    """A scenario breaks the scenario format; ``problems`` lists every mistake found."""

    def __init__(self, problems: list[Problem]) -> None:
        if not problems:
            raise ValueError("ScenarioError needs at least one problem")
        self.problems = list(problems)
        lines = [str(p) for p in self.problems[:MAX_SHOWN]]
        if len(self.problems) > MAX_SHOWN:
            lines.append(f"... and {len(self.problems) - MAX_SHOWN} more problems like these.")
        super().__init__("\n".join(lines))

    @classmethod
    def single(cls, file: str, message: str, *, scenario: str | None = None, node: str | None = None,
               field: str | None = None, line: int | None = None) -> ScenarioError:
        """Return a ScenarioError holding one problem."""
        return cls([Problem(file, message, scenario, node, field, line)])
