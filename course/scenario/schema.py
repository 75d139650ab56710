"""Pydantic models of a conversation scenario (docs/SCENARIO-FORMAT.md) and reading one from YAML.

The models check structure (fields and types); ``course.scenario.rules`` checks meaning (the graph,
qualities, misconceptions, placeholders, syllabus codes). Both report through ``ScenarioError`` with
messages naming the file, scenario, node and field; pydantic's raw dump is never shown.
A sealed scenario (course/scenario/sealed/) is read by ``course.scenario.seal.unseal``, which rebuilds
this same model in memory.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from course.scenario.errors import Problem, ScenarioError

QUALITIES = ("best", "good", "weak", "wrong")
ENDINGS = ("good", "mixed", "poor")
SKILLS = ("sales-process", "needs-analysis", "questioning", "features-benefits", "objection-handling",
          "negotiation", "closing", "follow-up", "upselling", "cross-selling", "complaint-handling",
          "consumer-rights", "communication-styles", "active-listening", "adapting-to-cues",
          "reasonable-adjustments", "conflict-resolution", "coaching", "appraisal", "recognition",
          "data-protection")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Reply(_Model):
    """One reply the learner can say at a decision node, with its quality and feedback."""
    say: str
    quality: Literal["best", "good", "weak", "wrong"]
    feedback: str
    next: str
    reaction: str | None = None
    misconception: str | None = None


class Node(_Model):
    """A decision (``replies``), branch (``branch``) or end (``end``) node; rules check which fields go together."""
    scene: str | None = None
    say: str | None = None
    replies: list[Reply] | None = None
    branch: str | None = None
    if_true: str | None = None
    if_false: str | None = None
    end: Literal["good", "mixed", "poor"] | None = None
    debrief: str | None = None

    @property
    def kind(self) -> str:
        """"decision", "branch", "end", or "dead end" (none of the three)."""
        if self.replies:
            return "decision"
        if self.branch is not None:
            return "branch"
        return "end" if self.end is not None else "dead end"

    def targets(self) -> list[str]:
        """The nodes this node can lead to, in order."""
        if self.replies:
            return [reply.next for reply in self.replies]
        return [t for t in (self.if_true, self.if_false) if t is not None]


class Misconception(_Model):
    """A mistake a weak or wrong reply shows: its name in plain words and the fix."""
    name: str
    fix: str


class Scenario(_Model):
    """One conversation scenario as authored in solutions/scenarios/<id>.yaml (plain answers)."""
    id: str
    title: str
    notebook: str
    context: str
    concept: str
    marking_point: str
    covers: list[str] = []
    skills: list[str]
    introduction: str
    start: str
    misconceptions: dict[str, Misconception] = {}
    nodes: dict[str, Node]

    def decision_nodes(self) -> list[str]:
        """The ids of the decision nodes, in file order."""
        return [node_id for node_id, node in self.nodes.items() if node.kind == "decision"]


def _where(loc: tuple[Any, ...]) -> tuple[str | None, str | None]:
    """Return (node, field) for a pydantic error location, e.g. ('nodes', 'greet', 'replies', 1, 'next')."""
    node = None
    if len(loc) >= 2 and loc[0] == "nodes":
        node, loc = str(loc[1]), loc[2:]
    elif len(loc) >= 2 and loc[0] == "misconceptions":
        return None, f"misconceptions.{loc[1]}" + "".join(f".{part}" for part in loc[2:])
    field = ""
    for part in loc:
        field += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if field else str(part))
    return node, field or None


_MESSAGES = {
    "missing": "is required but missing; add it (see docs/SCENARIO-FORMAT.md)",
    "extra_forbidden": "is not a field of the scenario format; check its spelling or remove it",
    "string_type": "must be text; put it in quotes",
    "list_type": "must be a list",
    "dict_type": "must be a mapping",
    "literal_error": "has a value the format does not allow",
}


def problems_from_validation_error(err: ValidationError, file: str, scenario: str | None) -> list[Problem]:
    """Turn pydantic's errors into Problems that name the node and field."""
    problems = []
    for error in err.errors():
        node, field = _where(tuple(error["loc"]))
        message = _MESSAGES.get(error["type"], error["msg"])
        if error["type"] == "literal_error":
            message = f"{message} ({error['msg'].removeprefix('Input should be ')})"
        problems.append(Problem(file, message, scenario, node, field))
    return problems


def validate_data(data: Any, *, file: str) -> Scenario:
    """Return the Scenario in ``data`` (structure only); raise ScenarioError naming every problem."""
    if not isinstance(data, dict):
        found = "nothing" if data is None else type(data).__name__
        raise ScenarioError.single(file, f"the file must be a mapping with id, title, nodes, ... (found {found}); "
                                         "see docs/SCENARIO-FORMAT.md")
    scenario_id = data.get("id") if isinstance(data.get("id"), str) else None
    try:
        return Scenario.model_validate(data)
    except ValidationError as err:
        raise ScenarioError(problems_from_validation_error(err, file, scenario_id)) from None


def read_source(path: Path | str) -> Scenario:
    """Read the source scenario at ``path`` and check its structure; raise ScenarioError."""
    from course.quiz.errors import BankError
    from course.quiz.yamlio import read_yaml

    path = Path(path)
    try:
        data = read_yaml(path)
    except BankError as err:
        raise ScenarioError([Problem(p.file, p.message.replace("question bank", "scenario"), line=p.line)
                             for p in err.problems]) from None
    return validate_data(data, file=path.name)
