"""Simulated learners for the demo cohort: they fill in their assigned notebooks, quiz attempts and scenario plays.

For each exercise a learner of skill p writes the solution with probability p; otherwise they make one
of the exercise's known mistakes (its misconception answer, computed from their own store, set after the
solution's steps, whose names later cells read), and now and then they skip it (the cell as handed out).
Quiz attempts go into their progress log the same way, and so does one play of each conversation scenario
(at each decision the best reply with probability p, else another reply), and their written evidence
(course.tutor.simulated_writing). Everything is seeded from the learner id, so the demo is deterministic apart
from the log's timestamps.
"""

from __future__ import annotations

import functools
import hashlib
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import nbformat

from course import exercises, progress
from course.notebooks import exercise_cells, read
from course.store import StoreData, simulate
from course.tutor import simulated_writing
from course.yamlfast import safe_load

SKIP_CHANCE = 0.08
# Weak answers for written (structured) exercises: what an unprepared learner hands in.
WEAK_WRITTEN = {
    "plan-smart-objective": '"Improve customer service."',
    "plan-service-plan": 'pd.DataFrame([{"objective": "Shorter queues", "owner": "Manager"}])',
    "rec-output-outcome": '{"complaints handled": "outcome", "calls answered": "output"}',
    "rec-portfolio-extract": 'data.interactions.head(20)',
    "rev-action-log": 'pd.DataFrame([{"action": "Fix the queues"}])',
    "rev-heat-response": '{"hear": "Listen to them", "apologise": "Sorry"}',
}


@dataclass(frozen=True)
class Persona:
    """A simulated learner and how likely they are to get each item right."""
    learner_id: str
    skill: float  # chance of getting each item right
    skips: float = SKIP_CHANCE  # chance of leaving an exercise as it was handed out


def _rng(learner_id: str, salt: str) -> random.Random:
    return random.Random(int.from_bytes(hashlib.sha256(f"{learner_id}|{salt}".encode()).digest()[:8], "big"))


def fill_notebooks(folder: Path, persona: Persona, sector: str, solutions: Path) -> int:
    """Write the persona's answers into every exercise cell under `folder`; return the cells answered."""
    data = simulate(persona.learner_id, sector=sector)
    rng = _rng(persona.learner_id, "exercises")
    answered = 0
    for path in sorted(folder.rglob("*.ipynb")):
        nb = read(path)
        for cell in list(exercise_cells(path, nb)):
            source = _answer(cell.exercise_id, persona, data, solutions, rng)
            if source is not None:
                nb.cells[cell.index].source = source
                answered += 1
        simulated_writing.fill(nb, persona.learner_id, persona.skill)  # their written evidence, in their own words
        nbformat.write(nb, path)
    return answered


def _answer(exercise_id: str, persona: Persona, data: StoreData, solutions: Path, rng: random.Random) -> str | None:
    """The cell's new source: the solution, or its steps with a wrong or weak answer last (later cells and
    exercises read the steps' names, e.g. 1.1's plan reads `met`), or None to leave it as handed out."""
    roll = rng.random()
    if roll < persona.skips:
        return None
    solution = (solutions / f"{exercise_id}.py").read_text(encoding="utf-8").rstrip("\n")
    if roll < persona.skips + persona.skill:
        return solution
    exercise = exercises.get(exercise_id)
    if exercise.kind == "structured":
        weak = WEAK_WRITTEN.get(exercise_id)
        return f"{solution}\nanswer = {weak}  # simulated learner: a weak first attempt" if weak else None
    wrong = [(m.name, m.wrong) for m in exercise.misconceptions if m.wrong is not None]
    name, mistaken = rng.choice(wrong)
    value = mistaken(data)
    literal = repr(float(value)) if exercise.kind == "number" else repr(str(value))
    return f"{solution}\nanswer = {literal}  # simulated learner: {name.lower()}"


def quiz_attempts(folder: Path, persona: Persona, log: Path, quiz_sources: Path, sector: str = "apparel") -> int:
    """Append the persona's quiz attempts for every quiz the notebooks under `folder` show; return how many.
    Each attempt records the response given (its `choice`), which a tutor's run regrades."""
    from course.tutor.plan import plan_workbook

    sources = {q["id"]: q for p in sorted(quiz_sources.glob("*.yaml"))
               for q in safe_load(p.read_text(encoding="utf-8"))["questions"]}
    rng = _rng(persona.learner_id, "quiz")
    clock = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    store = functools.cache(lambda: simulate(persona.learner_id, sector=sector))  # simulated once, when first needed
    count = 0
    for notebook in plan_workbook(folder):
        for question_id in notebook.quiz_ids:
            for attempt in range(1 + (rng.random() > persona.skill)):
                right = attempt > 0 or rng.random() < persona.skill
                question = sources[question_id]
                mistake = None if right else _wrong_option_misconception(question, rng)
                progress.record(learner_id=persona.learner_id, item_id=question_id, kind="quiz",
                                status="correct" if right else "incorrect", misconception=mistake,
                                notebook=notebook.notebook.removesuffix(".ipynb"), path=log,
                                now=clock + timedelta(minutes=count),
                                choice=_quiz_choice(question, right, mistake, store))
                count += 1
                if right:
                    break
    return count


def _quiz_choice(question: dict[str, Any], right: bool, mistake: str | None, data: Callable[[], StoreData]) -> Any:
    """The response a learner gives for a right (or wrong, showing `mistake` where the options name one) attempt."""
    kind = question["type"]
    if kind in ("single", "multiple"):
        options = question["options"]
        wrong = [o for o in options if not o.get("correct")]
        chosen = [o["text"] for o in options if o.get("correct")] if right else [
            next((o for o in wrong if o.get("misconception") == mistake), wrong[0])["text"]]
        return chosen[0] if kind == "single" else chosen
    if kind == "numeric":
        value = question.get("answer")
        if value is None:
            value = exercises.reference_value(question["expected_from"], data())
        return str(round(float(value), 4) if right else float(value) + 10 * float(question.get("tolerance", 0)) + 7)
    if kind == "text":
        return question["answers"][0] if right else "not sure"
    if kind == "ordering":
        return list(question["items"]) if right else list(reversed(question["items"]))
    terms = [pair["term"] for pair in question["pairs"]]
    meanings = [pair["definition"] for pair in question["pairs"]]
    return dict(zip(terms, meanings if right else meanings[1:] + meanings[:1], strict=True))


def _wrong_option_misconception(question: dict[str, Any], rng: random.Random) -> str | None:
    wrong = [o.get("misconception") for o in question.get("options", []) if not o.get("correct")]
    named = [m for m in wrong if m]
    return rng.choice(named) if named else None


def scenario_plays(folder: Path, persona: Persona, log: Path, sector: str) -> int:
    """Append one play of each scenario the notebooks under `folder` show to the persona's log; return the
    records written. The records are those a live play writes (course.scenario.record)."""
    from course.scenario import contexts, load
    from course.scenario.play import Play
    from course.tutor.plan import plan_workbook

    data = simulate(persona.learner_id, sector=sector)
    rng = _rng(persona.learner_id, "scenarios")
    clock = datetime(2026, 1, 6, 9, 0, tzinfo=UTC)
    count = 0
    for notebook in plan_workbook(folder):
        for scenario_id in notebook.scenario_ids:
            scenario = load(scenario_id)
            play = Play(scenario, contexts.facts(scenario.context, data), learner_id=persona.learner_id)
            for status, misconception, node, outcome, said in _play_once(play, rng, persona.skill):
                progress.record(learner_id=persona.learner_id, item_id=scenario_id, kind=progress.SCENARIO,
                                status=status, misconception=misconception, node=node, outcome=outcome, choice=said,
                                notebook=notebook.notebook.removesuffix(".ipynb"), path=log,
                                now=clock + timedelta(minutes=count))
                count += 1
    return count


def _play_once(play: Any, rng: random.Random, skill: float
               ) -> list[tuple[str, str | None, str, str | None, str | None]]:
    """Play to an end: the best reply with probability `skill`, else another; return (status, misconception,
    node, outcome, reply said) per record, the closing record last."""
    records: list[tuple[str, str | None, str, str | None, str | None]] = []
    while not play.finished:
        quality = {play.text(reply.say): reply.quality for reply in play.node.replies or []}
        shown = [quality[choice] for choice in play.choices()]
        others = [i for i, q in enumerate(shown) if q != "best"]
        step = play.choose(shown.index("best") if rng.random() < skill else rng.choice(others))
        records.append((step.status, step.misconception, step.node, None, step.said))
    first = play.misconceptions[0] if play.misconceptions else None
    records.append((play.status, first, play.node_id, play.outcome, None))
    return records
