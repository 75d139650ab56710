"""What the browser tests try in each notebook, worked out from the files (never from the page).

- `first_notebooks()`: 0-start-here plus the first notebook (by name) of every section folder
  notebooks/<n>-*/, found by glob so new sections are picked up (templates/ is not a section).
- `quiz_probe()`: the notebook's quiz cell and one question to answer wrongly then rightly, with the
  right answer read from the plain source bank in solutions/quiz/ (the test may read solutions;
  the learner's files never hold answers).
- `exercise_probe()`: an exercise cell to fill with a wrong answer and the verdict its check must show.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from course import exercises
from course.notebooks import PARAMETERS_TAG, exercise_cells, read, tags
from course.store import simulate
from course.tutor import plan

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
QUIZ_SOURCES = ROOT / "solutions" / "quiz"
_SECTION = re.compile(r"^(\d+)-")
# Question types the test can answer through the page, best first: radio buttons, checkboxes, text boxes.
_PREFERRED = ("single", "multiple", "numeric", "text")


def first_notebooks(notebooks: Path = NOTEBOOKS) -> list[Path]:
    """Return 0-start-here.ipynb and the first notebook of each section folder, in section order."""
    found = [notebooks / "0-start-here.ipynb"]
    sections = sorted((p for p in notebooks.iterdir() if p.is_dir() and _SECTION.match(p.name)),
                      key=lambda p: int(_SECTION.match(p.name).group(1)))
    for folder in sections:
        names = sorted(folder.glob("*.ipynb"))
        if names:
            found.append(names[0])
    return found


def normalise(text: str) -> str:
    """Collapse runs of whitespace, as a browser shows text."""
    return " ".join(str(text).split())


@dataclass(frozen=True)
class QuizProbe:
    cell_index: int
    question_id: str
    number: int                 # "Question <number>." in the quiz
    total: int                  # questions in the quiz
    qtype: str                  # single, multiple, numeric or text
    wrong: Any                  # an option text, a list of option texts, or a number as text
    wrong_feedback: str | None  # what the wrong option's feedback says, if it has one
    right: Any
    explanation: str


def quiz_probe(path: Path) -> QuizProbe:
    """Return the quiz cell of `path` and a question of it that the test can answer."""
    nb = read(path)
    for index, cell in enumerate(nb.cells):
        shown = plan.quiz_question_ids(cell.source, f"{path.name}, cell {index}") if cell.cell_type == "code" else []
        if not shown:
            continue
        questions = _source_questions()
        for qtype in _PREFERRED:
            for number, qid in enumerate(shown, start=1):
                question = questions[qid]
                if question["type"] == qtype and (qtype != "numeric" or "answer" in question):
                    return _probe(index, number, len(shown), question)
        raise LookupError(f"{path.name}: the quiz in cell {index} has no single, multiple, fixed numeric or "
                          "text question the browser test can answer")
    raise LookupError(f"{path.name}: no cell calls course.quiz(...)")


@functools.cache
def _source_questions() -> dict[str, dict[str, Any]]:
    """Every question of the plain source banks (with their answers), by id."""
    return {q["id"]: q for source in sorted(QUIZ_SOURCES.glob("*.yaml"))
            for q in yaml.load(source.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)["questions"]}  # libyaml


def _probe(index: int, number: int, total: int, question: dict) -> QuizProbe:
    common = {"cell_index": index, "question_id": question["id"], "number": number,
              "total": total, "qtype": question["type"], "explanation": normalise(question["explanation"])}
    if question["type"] == "text":
        return QuizProbe(**common, wrong="not the answer at all", wrong_feedback=None, right=question["answers"][0])
    if question["type"] == "numeric":
        right = float(question["answer"])
        wrong = right + 10 * float(question.get("tolerance") or 0) + 37
        return QuizProbe(**common, wrong=f"{wrong:g}", wrong_feedback=None, right=f"{right:g}")
    options = question["options"]
    correct = [o["text"] for o in options if o.get("correct")]
    wrongs = sorted((o for o in options if not o.get("correct")), key=lambda o: "feedback" not in o)
    wrong = wrongs[0]
    feedback = normalise(wrong["feedback"]) if wrong.get("feedback") else None
    if question["type"] == "single":
        return QuizProbe(**common, wrong=wrong["text"], wrong_feedback=feedback, right=correct[0])
    return QuizProbe(**common, wrong=[wrong["text"]], wrong_feedback=feedback, right=correct)


@dataclass(frozen=True)
class ExerciseProbe:
    cell_index: int           # the exercise cell
    check_index: int          # its check cell: course.check("<id>", answer)
    exercise_id: str
    source: str               # what the test types into the exercise cell
    expect: tuple[str, ...]   # texts the check's output must show


def exercise_probe(path: Path) -> ExerciseProbe:
    """Return an exercise of `path` to answer wrongly; prefer one whose wrong answer names a misconception."""
    nb = read(path)
    learner_id, sector = _parameters(nb)
    cells = list(exercise_cells(path, nb))
    if not cells:
        raise LookupError(f"{path.name}: no cell is tagged exercise:<id>")
    data = None
    for cell in cells:
        exercise = exercises.get(cell.exercise_id)
        named = [m for m in exercise.misconceptions if m.wrong is not None]
        if exercise.kind != "number" or not named:
            continue
        data = data or simulate(learner_id, sector=sector)
        expected = float(exercise.expected(data))
        for mistake in named:
            wrong = float(mistake.wrong(data))
            if abs(wrong - expected) > max(exercise.tolerance, 1e-6) * 10:
                return ExerciseProbe(cell.index, check_cell(nb, cell, path), cell.exercise_id,
                                     f"answer = {wrong!r}  # a browser test's wrong answer",
                                     ("✘ Not quite", f"({cell.exercise_id})", mistake.name))
    first = cells[0]  # no named mistake to imitate: a plainly wrong answer still gets a verdict
    return ExerciseProbe(first.index, check_cell(nb, first, path), first.exercise_id,
                         "answer = 0  # a browser test's wrong answer", (f"({first.exercise_id})",))


def check_cell(nb: Any, cell: Any, path: Path) -> int:
    """Return the index of the check cell, course.check("<id>", answer), after an exercise cell."""
    wanted = f'course.check("{cell.exercise_id}"'
    for index in range(cell.index + 1, len(nb.cells)):
        if nb.cells[index].cell_type == "code" and wanted in nb.cells[index].source.replace("'", '"'):
            return index
    raise LookupError(f"{path.name}: no check cell {wanted}, answer) after exercise cell {cell.index}")


def _parameters(nb: Any) -> tuple[str, str]:
    for cell in nb.cells:
        if cell.cell_type == "code" and PARAMETERS_TAG in tags(cell):
            values: dict[str, Any] = {}
            exec(compile(cell.source, "<parameters>", "exec"), {}, values)
            return values["learner_id"], values["sector"]
    raise LookupError("no cell is tagged 'parameters'")
