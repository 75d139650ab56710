"""The workbook's conventions, checked on every committed notebook (see docs/authoring.md)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from nbformat import NotebookNode

from course import exercises
from course.exercises import scaffold
from course.exercises.scaffold import skeleton
from course.notebooks import PLACEHOLDER, exercise_cells, read, tags, workbook

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = workbook(ROOT / "notebooks")
SOLUTIONS = ROOT / "solutions" / "exercises"
PARAMETERS = ("learner_id", "sector", "data_dir", "progress_path")
SECTION_MINIMUM = 6  # checked exercises per section, over its notebooks
LESSON_MINIMUM = 2   # checked exercises per section notebook (one lesson: 3.3 has two)


def _ids(paths: list[Path]) -> list[str]:
    return [str(p.relative_to(ROOT / "notebooks")) for p in paths]


def test_the_workbook_has_a_start_here_and_planning_notebooks() -> None:
    names = _ids(NOTEBOOKS)
    assert "0-start-here.ipynb" in names
    assert sum(n.startswith("1-planning/") for n in names) >= 1


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_committed_without_outputs_and_with_python3_kernel(path: Path) -> None:
    nb = read(path)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"cell {index} has outputs"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_first_code_cell_is_the_parameters_cell(path: Path) -> None:
    code = [c for c in read(path).cells if c.cell_type == "code"]
    assert "parameters" in tags(code[0])
    assigned = {t.id for node in ast.parse(code[0].source).body for t in getattr(node, "targets", [])}
    assert set(PARAMETERS) <= assigned


def _start_notebook_arguments(source: str) -> list[object]:
    """Return the `notebook=` value of every `course.start(...)` call in a cell (None when it has none)."""
    tree = ast.parse(re.sub(r"^\s*[%!].*$", "", source, flags=re.MULTILINE))
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and ast.unparse(n.func) == "course.start"]
    return [next((ast.literal_eval(k.value) for k in c.keywords if k.arg == "notebook"), None) for c in calls]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_course_start_names_the_notebooks_real_path(path: Path) -> None:
    """`notebook=` is hard-coded (a learner's kernel cannot tell its file), so it must follow a rename or move."""
    found = [a for c in read(path).cells if c.cell_type == "code" for a in _start_notebook_arguments(c.source)]
    real = path.relative_to(ROOT / "notebooks").with_suffix("").as_posix()
    assert found == [real], f'call course.start(..., notebook="{real}") once'


def test_the_notebook_argument_check_reads_the_call() -> None:
    assert _start_notebook_arguments('%matplotlib inline\ns = course.start(x, notebook="1-planning/a")') == \
        ["1-planning/a"]
    assert _start_notebook_arguments("course.start(x)\ncourse.style()") == [None]


def assert_faded_skeleton(exercise_id: str, code_lines: list[str], steps: str) -> None:
    """The cell shows the whole skeleton or some of its steps, with blanks, and ends by setting `answer`."""
    step_lines = {_code(line) for line in steps.splitlines()}
    shown = [_code(line) for line in code_lines]
    assert any(scaffold.BLANK in line for line in shown), f"{exercise_id}: the cell has no blank ___ to fill"
    assert shown and shown[-1].startswith("answer ="), f"{exercise_id}: the cell must end by setting `answer`"
    extra = [line for line in shown if line not in step_lines and line != "answer = ___"]
    assert not extra, f"{exercise_id}: these lines are not steps of its skeleton: {extra}"


def _code(line: str) -> str:
    """A line's code without its comment and surrounding spaces (comments may differ in a faded cell)."""
    return line.split("  #")[0].strip()


def test_a_faded_cell_must_keep_to_its_skeleton() -> None:
    steps = "a = data.count(___)  # which table?\nanswer = ___ / ___"
    assert_faded_skeleton("x", ["answer = ___"], steps)
    assert_faded_skeleton("x", ["a = data.count(___)  # another comment", "answer = ___ / ___"], steps)
    with pytest.raises(AssertionError, match="not steps"):
        assert_faded_skeleton("x", ["b = 2", "answer = ___"], steps)
    with pytest.raises(AssertionError, match="no blank"):
        assert_faded_skeleton("x", ["answer = a"], steps)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_exercise_cells_hold_their_skeleton_or_the_placeholder_and_have_a_check_and_a_solution(path: Path) -> None:
    nb = read(path)
    cells = list(exercise_cells(path, nb))
    for cell in cells:
        code_lines = [ln for ln in cell.source.splitlines() if ln.strip() and not ln.strip().startswith("#")]
        steps = skeleton(cell.exercise_id)
        if steps is None:  # not yet turned into a skeleton (issue 13 is converting them notebook by notebook)
            assert code_lines == [PLACEHOLDER], f"cell {cell.index} ({cell.exercise_id}) must hold only the placeholder"
        else:
            assert_faded_skeleton(cell.exercise_id, code_lines, steps)
            # IPython's own ___ is the output three cells back: the blank must be imported over it
            setup = next(c.source for c in nb.cells if c.cell_type == "code" and "course.start(" in c.source)
            assert "from course import ___" in setup, \
                f"{path.name}: its setup cell must say `from course import ___` (it has skeleton cells)"
        assert cell.exercise_id in exercises.ids(), f"unknown exercise {cell.exercise_id!r}"
        following = nb.cells[cell.index + 1].source
        assert f'course.check("{cell.exercise_id}", answer)' in following, f"no check cell after {cell.exercise_id}"
        assert (SOLUTIONS / f"{cell.exercise_id}.py").exists(), f"no solution for {cell.exercise_id}"
    if "/" in str(path.relative_to(ROOT / "notebooks")):
        assert len(cells) >= LESSON_MINIMUM


def test_each_section_asks_enough_checked_exercises() -> None:
    from course import sections

    for section in sections.SECTIONS:
        asked = [cell for path in NOTEBOOKS if path.parent.name == section.folder for cell in exercise_cells(path)]
        assert len(asked) >= SECTION_MINIMUM, f"{section.folder}: {len(asked)} checked exercises"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_structure_objectives_callouts_quiz_and_results(path: Path) -> None:
    nb = read(path)
    text = "\n".join(c.source for c in nb.cells)
    assert "Learning objectives" in text or path.name == "0-start-here.ipynb"
    assert "course.quiz(" in text
    assert nb.cells[-1].source.strip() == "course.results()" or \
        [c for c in nb.cells if c.cell_type == "code"][-1].source.strip() == "course.results()"
    if "/" in str(path.relative_to(ROOT / "notebooks")):
        assert "**Common mistake" in text and "**Assessment tip" in text
        assert "course.portfolio.save(" in text
        assert "plt.show()" in text


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_quiz_ids_exist_in_their_bank(path: Path) -> None:
    from course.quiz import load

    source = "\n".join(c.source for c in read(path).cells)
    for match in re.finditer(r'course\.quiz\("([\w-]+)"(?:, ids=\[([^\]]*)\])?', source):
        bank = load(match.group(1))
        wanted = re.findall(r'"([\w-]+)"', match.group(2) or "")
        known = {q.id for q in bank.questions}
        assert set(wanted) <= known, set(wanted) - known


def test_every_exercise_in_a_notebook_is_used_once() -> None:
    seen: dict[str, Path] = {}
    for path in NOTEBOOKS:
        for cell in exercise_cells(path):
            assert cell.exercise_id not in seen, f"{cell.exercise_id} is in {seen.get(cell.exercise_id)} and {path}"
            seen[cell.exercise_id] = path


def test_quiz_question_ids_and_exercise_ids_never_clash() -> None:
    """The progress log keys attempts by item id, so a quiz question and an exercise must not share one."""
    from course.quiz import banks, load

    questions = {q.id for bank in banks() for q in load(bank).questions}
    assert questions & set(exercises.ids()) == set()


def _setup_cell(nb: NotebookNode) -> str:
    return str(next(c.source for c in nb.cells if c.cell_type == "code" and "course.start(" in c.source))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_the_setup_cell_sets_answer_to_the_blank_before_any_exercise(path: Path) -> None:
    """Until an exercise cell runs, `answer` is the blank: a first exercise left as handed out (or stopped by an
    error) is "not attempted" at its check, never a NameError."""
    nb = read(path)
    if not list(exercise_cells(path, nb)):
        return
    body = ast.parse(_setup_cell(nb)).body
    sets = [ast.unparse(n) for n in body if isinstance(n, ast.Assign) and ast.unparse(n.targets[0]) == "answer"]
    assert sets == ["answer = ___"], f"{path.name}: its setup cell must hold `answer = ___`"
    assert "from course import ___" in _setup_cell(nb)


def answer_reads(source: str) -> list[int]:
    """Line numbers where a cell reads the name `answer` other than as what it hands to course.check(...)."""
    tree = ast.parse(re.sub(r"^\s*[%!].*$", "", source, flags=re.MULTILINE))
    handed = {id(arg) for n in ast.walk(tree) if isinstance(n, ast.Call) and ast.unparse(n.func) == "course.check"
              for arg in [*n.args, *(k.value for k in n.keywords)]}
    return [n.lineno for n in ast.walk(tree) if isinstance(n, ast.Name) and n.id == "answer"
            and isinstance(n.ctx, ast.Load) and id(n) not in handed]


def test_the_answer_read_rule_finds_each_kind_of_read() -> None:
    assert answer_reads('course.check("kpi-nps", answer)\nanswer = ___\ncourse.check("x", answer=answer)') == []
    assert answer_reads("my_nps = answer") == [1]
    assert answer_reads('x = 1\nprint(f"{answer}")') == [2]
    assert answer_reads('course.check("kpi-nps", answer + 1)') == [1]
    assert answer_reads('course.check("a", answer, record=False).correct and len(answer)') == [1]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_no_narrative_cell_reads_the_bare_answer(path: Path) -> None:
    """`answer` holds whatever exercise cell ran last: after one that stopped with an error, the previous
    exercise's. A later cell reads an exercise's answer by id, `session.answer("<id>")`, and only a check
    cell hands `answer` to course.check."""
    for index, cell in enumerate(read(path).cells):
        if cell.cell_type != "code" or any(t.startswith("exercise:") for t in tags(cell)):
            continue
        lines = answer_reads(cell.source)
        assert not lines, (f"{path.name} cell {index} ({cell.get('id')}) reads `answer` on line(s) {lines}: "
                           'use session.answer("<exercise id>") instead')
