"""One play of a scenario as a pure state machine: no widgets, no logging, so it can be tested directly.

A ``Play`` stands at a decision node (branch nodes are followed at once from the learner's facts), offers
its replies in a per-learner order, and on ``choose`` returns a ``Step``: the feedback in words, the
misconception and its fix, the reaction, and where the conversation went. At an end node it gives the
``Debrief``: the path taken, what went well, and the one thing to practise next.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from course.quiz.canonical import deterministic_order
from course.scenario.schema import Node, Reply, Scenario
from course.scenario.seal import salt_of
from course.scenario.text import fill

VERDICTS = {"best": "The best reply.", "good": "A good reply.", "weak": "A weak reply.", "wrong": "Not the right move."}
PATH_WORDS = {"best": "the best reply", "good": "a good reply", "weak": "a weak reply", "wrong": "a wrong move"}
ENDINGS = {"good": "a good outcome", "mixed": "a mixed outcome", "poor": "a poor outcome"}


@dataclass(frozen=True)
class Step:
    """What happened when the learner chose a reply at one decision node."""
    node: str
    said: str
    quality: str
    verdict: str                 # the quality in words, e.g. "A weak reply."
    feedback: str
    reaction: str | None
    misconception: str | None    # its id, e.g. "pushing-before-need"
    misconception_name: str | None
    fix: str | None
    next_node: str

    @property
    def status(self) -> str:
        """"correct" for a best or good reply, else "incorrect" (as the progress log records it)."""
        return "correct" if self.quality in ("best", "good") else "incorrect"


@dataclass(frozen=True)
class Debrief:
    """What the learner sees at an end: the outcome, the path taken, what went well, what to practise next."""
    outcome: str
    summary: str
    path: tuple[str, ...]
    went_well: tuple[str, ...]
    practise_next: str


class Play:
    """One run through a scenario for one learner; ``restart`` begins again."""

    def __init__(self, scenario: Scenario, facts: Mapping[str, object], *, learner_id: str) -> None:
        self.scenario, self.facts, self.learner_id = scenario, dict(facts), learner_id
        self._salt = salt_of(scenario.id)
        self.restart()

    def restart(self) -> None:
        """Go back to the start with no steps taken."""
        self.steps: list[Step] = []
        self.node_id = self._settle(self.scenario.start)

    # --- where the play stands ------------------------------------------------------------------

    @property
    def node(self) -> Node:
        return self.scenario.nodes[self.node_id]

    @property
    def finished(self) -> bool:
        """True once the play has reached an end node."""
        return self.node.kind == "end"

    @property
    def outcome(self) -> str | None:
        """The ending reached (good | mixed | poor), or None while the play goes on."""
        return self.node.end if self.finished else None

    def text(self, raw: str | None) -> str:
        """Return ``raw`` with the learner's facts filled in ('' for None)."""
        return fill(raw, self.facts) if raw else ""

    @property
    def scene(self) -> str:
        return self.text(self.node.scene)

    @property
    def words(self) -> str:
        """What the customer or colleague says at the current decision node."""
        return self.text(self.node.say)

    def _replies(self) -> list[Reply]:
        replies = {reply.say: reply for reply in self.node.replies or []}
        order = deterministic_order(self._salt, f"{self.learner_id}\x1f{self.node_id}", list(replies))
        return [replies[say] for say in order]

    def choices(self) -> list[str]:
        """The replies the learner may say now, in this learner's order (empty at an end)."""
        return [self.text(reply.say) for reply in self._replies()]

    # --- moving on ------------------------------------------------------------------------------

    def choose(self, index: int) -> Step:
        """Say reply number ``index`` (0-based, in ``choices()`` order) and move on; return what happened."""
        if self.finished:
            raise ValueError("this conversation has ended; press Play again to start over")
        replies = self._replies()
        if not (isinstance(index, int) and 0 <= index < len(replies)):
            raise ValueError(f"choose a reply from 1 to {len(replies)}")
        reply = replies[index]
        entry = self.scenario.misconceptions.get(reply.misconception or "")
        step = Step(node=self.node_id, said=self.text(reply.say), quality=reply.quality,
                    verdict=VERDICTS[reply.quality], feedback=self.text(reply.feedback),
                    reaction=self.text(reply.reaction) or None, misconception=reply.misconception,
                    misconception_name=self.text(entry.name) if entry else None,
                    fix=self.text(entry.fix) if entry else None, next_node=reply.next)
        self.steps.append(step)
        self.node_id = self._settle(reply.next)
        return step

    def _settle(self, node_id: str) -> str:
        """Follow branch nodes from the learner's facts until a decision or end node."""
        for _ in range(len(self.scenario.nodes) + 1):
            node = self.scenario.nodes[node_id]
            if node.kind != "branch":
                return node_id
            node_id = (node.if_true if self.facts.get(node.branch or "") is True else node.if_false) or node_id
        raise ValueError(f"scenario '{self.scenario.id}': the branches loop at node '{node_id}'")

    # --- results --------------------------------------------------------------------------------

    @property
    def misconceptions(self) -> list[str]:
        """The misconception ids shown so far, in order, each once."""
        return list(dict.fromkeys(step.misconception for step in self.steps if step.misconception))

    @property
    def status(self) -> str:
        """"correct" when the play ended good with no misconception shown, else "incorrect"."""
        return "correct" if self.outcome == "good" and not self.misconceptions else "incorrect"

    def debrief(self) -> Debrief:
        """Return the debrief of a finished play; raise ValueError before the end."""
        if not self.finished or self.outcome is None:
            raise ValueError("the debrief comes at the end of the conversation")
        path = tuple(f"{step.said} ({PATH_WORDS[step.quality]})" for step in self.steps)
        went_well = tuple(step.feedback for step in self.steps if step.quality in ("best", "good"))
        shown = Counter(step.misconception for step in self.steps if step.misconception)
        practise = self.text(self.node.debrief)
        if shown:  # the one shown most; on a tie, one a wrong (not just weak) reply showed, then the first shown
            wrong = {step.misconception for step in self.steps if step.quality == "wrong"}
            top = max(shown, key=lambda key: (shown[key], key in wrong, -self.misconceptions.index(key)))
            entry = self.scenario.misconceptions[top]
            practise = f"{self.text(entry.name).capitalize()}: {self.text(entry.fix)}"
        return Debrief(self.outcome, self.text(self.node.debrief), path, went_well, practise)
