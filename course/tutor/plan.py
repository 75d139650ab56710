"""What a tutor's run marks: the workbook's notebooks, each with its section, exercises, quiz questions and
conversation scenarios (read from their `course.scenario("<id>")` cells, like quiz cells).

The tutor's own workbook (notebooks/) decides what is marked, never a learner's copy: a learner who
deletes or edits a cell is still marked on every item of the workbook. A notebook's quiz questions are
read statically from its `course.quiz("bank", ids=[...], concept=...)` cells, without running them.

A stretch exercise (optional free coding, `Exercise.stretch`) is planned as an item of kind STRETCH: it is
recorded and reported like any exercise, but no section score or marking point's evidence counts it
(course/tutor/gradebook.py and gradebook_view.py leave that kind out of both).

Gradebook item ids are the exercise or question ids. Should a quiz question ever share its id with an
exercise (the banks avoid it), it is stored as "quiz:<id>" so that both fit `items.item_id`.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from course import exercises, sections
from course.notebooks import exercise_cells, read, workbook

if TYPE_CHECKING:  # a report's kernel reads the plan's constants through the gradebook: no nbformat for that
    import nbformat

QUIZ_PREFIX = "quiz:"
EXERCISE, STRETCH, QUIZ = "exercise", "stretch", "quiz"  # the kinds of item; STRETCH is never scored
SCENARIO = "scenario"  # a conversation scenario: its result comes from the learner's progress log, like a quiz's
_MAGIC = re.compile(r"^\s*[%!].*$", re.M)


@dataclass(frozen=True)
class Item:
    """One marked item of the workbook, as the gradebook's `items` table holds it."""
    item_id: str             # gradebook key
    raw_id: str              # exercise or question id, as in results files and progress logs
    kind: str                # EXERCISE, STRETCH (a stretch exercise: recorded, never scored), QUIZ or SCENARIO
    section: str             # the section of the notebook that shows it
    notebook: str
    marking_point: str
    covers: tuple[str, ...]

    @property
    def covers_json(self) -> str:
        return json.dumps(list(self.covers))


@dataclass(frozen=True)
class Question:
    """A quiz question a notebook shows, with the syllabus codes it assesses."""
    id: str
    marking_point: str
    covers: tuple[str, ...]


@dataclass(frozen=True)
class NotebookPlan:
    """One notebook of the workbook: its path relative to the workbook, section and items."""
    notebook: str                      # POSIX path relative to the workbook root, e.g. "1-planning/1.1-x.ipynb"
    section: str
    exercise_ids: tuple[str, ...]
    questions: tuple[Question, ...]
    scenario_ids: tuple[str, ...] = ()

    @property
    def quiz_ids(self) -> tuple[str, ...]:
        return tuple(q.id for q in self.questions)


def plan_workbook(root: Path) -> list[NotebookPlan]:
    """Return every notebook of the workbook at `root`, in reading order; ValueError if there are none."""
    paths = workbook(Path(root)) if Path(root).is_dir() else []
    if not paths:
        raise ValueError(f"--notebooks {root}: no notebooks found; point it at the workbook the learners were "
                         "assigned (the learner edition, e.g. notebooks/)")
    plans = []
    for path in paths:
        rel = path.relative_to(root).as_posix()
        nb = read(path)
        exercise_ids = tuple(dict.fromkeys(c.exercise_id for c in exercise_cells(path, nb)))
        shown = {q.id: q for source in _code_sources(nb) for q in quiz_questions(source, rel)}
        played = tuple(dict.fromkeys(s for source in _code_sources(nb) for s in scenario_ids(source, rel)))
        plans.append(NotebookPlan(rel, section_of(rel), exercise_ids, tuple(shown.values()), played))
    return plans


def section_of(notebook: str) -> str:
    """Return a notebook's section key from its top folder (or file) name, e.g. "1-planning/..." -> "planning";
    0-start-here.ipynb -> "start"; an unknown folder "7-extra/..." -> "extra" (see course/sections.py)."""
    found = sections.of_notebook(notebook)
    if found is not None:
        return found.key
    top = notebook.split("/")[0].removesuffix(".ipynb")
    return sections.START if top == sections.START_NOTEBOOK else re.sub(r"^\d+[-_. ]*", "", top) or top


def quiz_question_ids(source: str, where: str = "<cell>") -> list[str]:
    """Return the question ids that the `course.quiz(...)` calls in a cell's source show, in order."""
    return [q.id for q in quiz_questions(source, where)]


def quiz_questions(source: str, where: str = "<cell>") -> list[Question]:
    """Return the questions that the `course.quiz(...)` calls in a cell's source show, in order."""
    if "quiz" not in source:
        return []
    try:
        tree = ast.parse(_MAGIC.sub("", source))
    except (SyntaxError, ValueError) as err:
        if "quiz(" in source:
            raise ValueError(f"{where}: a quiz cell is not valid Python ({err}); fix the workbook's notebook") from None
        return []
    return [q for call in _quiz_calls(tree) for q in _resolve(call, where)]


def items(plans: list[NotebookPlan]) -> list[Item]:
    """Return the workbook's items in reading order; an item shown in two notebooks belongs to the first."""
    found: dict[str, Item] = {}
    registered = set(exercises.ids())
    for nb_plan in plans:
        section, notebook = nb_plan.section, nb_plan.notebook
        for exercise_id in nb_plan.exercise_ids:
            ex = _exercise(exercise_id, notebook)
            found.setdefault(exercise_id, Item(exercise_id, exercise_id, STRETCH if ex.stretch else EXERCISE,
                                               section, notebook, ex.marking_point, tuple(ex.covers)))
        for q in nb_plan.questions:
            key = quiz_item_id(q.id, registered)
            found.setdefault(key, Item(key, q.id, QUIZ, section, notebook, q.marking_point, q.covers))
        for scenario_id in nb_plan.scenario_ids:
            played = _scenario(scenario_id, notebook)
            found.setdefault(scenario_id, Item(scenario_id, scenario_id, SCENARIO, section, notebook,
                                               played.marking_point, tuple(played.covers)))
    return list(found.values())


def scenario_ids(source: str, where: str = "<cell>") -> list[str]:
    """Return the scenario ids that the `course.scenario("<id>")` calls in a cell's source play, in order."""
    if "scenario(" not in source:
        return []
    try:
        tree = ast.parse(_MAGIC.sub("", source))
    except (SyntaxError, ValueError) as err:
        raise ValueError(f"{where}: a scenario cell is not valid Python ({err}); fix the workbook's notebook") from None
    found = []
    for call in _calls(tree, "scenario"):
        value = call.args[0] if call.args else None
        if not (isinstance(value, ast.Constant) and isinstance(value.value, str)):
            raise ValueError(f"{where}: write a scenario cell with the id in quotes, e.g. "
                             "course.scenario(\"privacy-caller-and-access\")")
        found.append(value.value)
    return found


def quiz_item_id(question_id: str, exercise_ids: set[str]) -> str:
    """Return the gradebook key of a quiz question ("quiz:<id>" only when an exercise has the same id)."""
    return f"{QUIZ_PREFIX}{question_id}" if question_id in exercise_ids else question_id


# --- helpers -------------------------------------------------------------------------------

def _code_sources(nb: nbformat.NotebookNode) -> Iterator[str]:
    for cell in nb.cells:
        if cell.cell_type == "code":
            yield cell.source


def _quiz_calls(tree: ast.AST) -> list[ast.Call]:
    """Return the cell's `course.quiz(...)` and `quiz(...)` calls in source order."""
    return _calls(tree, "quiz")


def _calls(tree: ast.AST, name: str) -> list[ast.Call]:
    """Return the cell's `course.<name>(...)` and `<name>(...)` calls in source order."""
    calls = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if (isinstance(func, ast.Attribute) and func.attr == name and isinstance(func.value, ast.Name)
                    and func.value.id == "course") or (isinstance(func, ast.Name) and func.id == name):
                calls.append(node)
    return sorted(calls, key=lambda call: (call.lineno, call.col_offset))


def _resolve(call: ast.Call, where: str) -> list[Question]:
    """Resolve one quiz call with the quiz package's own selection rules; ValueError if it is not literal."""
    from course.quiz import quiz

    try:
        bank = ast.literal_eval(call.args[0]) if call.args else None
        options = {k.arg: ast.literal_eval(k.value) for k in call.keywords if k.arg in ("ids", "concept")}
    except (ValueError, TypeError):
        bank, options = None, {}
    if not isinstance(bank, str):
        raise ValueError(f"{where}: cannot tell which questions a quiz cell shows; write it with literal "
                         "values, e.g. course.quiz(\"planning\", ids=[\"<question id>\", ...])")
    try:
        return [Question(q.id, q.marking_point, tuple(q.covers)) for q in quiz(bank, **options).questions]
    except ValueError as err:
        raise ValueError(f"{where}: {err}") from None


def _scenario(scenario_id: str, notebook: str) -> Any:
    from course.scenario import load

    try:
        return load(scenario_id)
    except ValueError as err:
        raise ValueError(f"{notebook}: {err}") from None


def _exercise(exercise_id: str, notebook: str) -> exercises.Exercise:
    try:
        return exercises.get(exercise_id)
    except KeyError as err:
        raise ValueError(f"{notebook}: exercise cell {exercise_id!r} is not a registered exercise "
                         f"({err.args[0]})") from None
