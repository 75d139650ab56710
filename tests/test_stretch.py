"""Stretch exercises (issue 13, part 4): optional free coding, at most 10% of the exercises, marked in the
notebook, recorded and reported by the tutor's run but counted in no score, evidence or syllabus coverage."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from course import exercises, syllabus
from course.exercises import registry
from course.notebooks import STRETCH_HEADING, STRETCH_TAG, exercise_cells, read, tags, with_solutions, workbook
from course.tutor import gradebook, plan, report
from course.tutor import gradebook_view as gv

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = workbook(ROOT / "notebooks")
SOLUTIONS = ROOT / "solutions" / "exercises"
STRETCH = [i for i in exercises.ids() if exercises.get(i).stretch]
MAX_SHARE = 0.10  # at most 10% of the exercises may be stretch


def test_at_most_one_exercise_in_ten_is_stretch() -> None:
    assert len(STRETCH) <= MAX_SHARE * len(exercises.ids()), f"too many stretch exercises: {STRETCH}"
    assert "insight-trusted-segment" in STRETCH  # the free-coding loop over groups with a margin-of-error filter


def test_an_exercise_is_required_unless_it_says_stretch() -> None:
    assert registry.Exercise(id="x", title="x", kind="number", marking_point="000:MP1", expected=len).stretch is False


# --- the notebook: a stretch exercise's heading says so, and its cells carry the tag -------------------------

def _heading_cell(cells: list, index: int) -> int:
    """Return the index of the Markdown cell with the last heading before cell `index`."""
    return next(i for i in range(index - 1, -1, -1)
                if cells[i].cell_type == "markdown" and re.search(r"^#+ ", cells[i].source, re.M))


def _last_heading(source: str) -> str:
    return re.findall(r"^#+ (.*)$", source, re.M)[-1]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_stretch_headings_and_tags_are_on_the_stretch_exercises_and_no_other(path: Path) -> None:
    nb = read(path)
    expected_tagged: set[int] = set()
    for cell in exercise_cells(path, nb):
        heading = _heading_cell(nb.cells, cell.index)
        title = _last_heading(nb.cells[heading].source)
        if exercises.get(cell.exercise_id).stretch:
            assert title.startswith(STRETCH_HEADING), f"{cell.exercise_id}: its heading must start {STRETCH_HEADING!r}"
            expected_tagged |= {heading, cell.index, cell.index + 1}  # heading, exercise cell, check cell
        else:
            assert "Stretch" not in title, f"{cell.exercise_id} is not a stretch exercise, but its heading says so"
    tagged = {i for i, c in enumerate(nb.cells) if STRETCH_TAG in tags(c)}
    assert tagged == expected_tagged, "the stretch tag belongs on a stretch exercise's heading, exercise and check"
    marked = {i for i, c in enumerate(nb.cells) if c.cell_type == "markdown" and STRETCH_HEADING in c.source}
    assert marked <= expected_tagged, "a heading says Stretch for an exercise that is not marked stretch"


def test_every_stretch_exercise_is_in_a_notebook() -> None:
    shown = {cell.exercise_id for path in NOTEBOOKS for cell in exercise_cells(path)}
    assert set(STRETCH) <= shown


def test_the_solution_edition_fills_a_stretch_exercise_and_keeps_its_tags() -> None:
    for exercise_id in STRETCH:
        path = ROOT / "notebooks" / exercises.notebook_of(exercise_id)
        solved = with_solutions(read(path), path, SOLUTIONS)
        cell = next(c for c in exercise_cells(path, solved) if c.exercise_id == exercise_id)
        assert cell.source == (SOLUTIONS / f"{exercise_id}.py").read_text(encoding="utf-8").rstrip("\n")
        assert STRETCH_TAG in tags(solved.cells[cell.index])


# --- the tutor's run: recorded and reported, never scored ----------------------------------------------------

NB = "4-data-analysis/4.3-customer-insight.ipynb"
MARGIN, TRUSTED = "insight-segment-margin", "insight-trusted-segment"  # both evidence 003:MP2, 003:CM3, 003:ET1


@dataclass(frozen=True)
class _Learner:
    learner_id: str
    name: str
    sector: str = "apparel"


def _run(tmp_path: Path) -> Path:
    """A gradebook of three learners alike but for the stretch exercise: right, wrong, and not handed back."""
    plans = [plan.NotebookPlan(NB, "data-analysis", (MARGIN, TRUSTED), ())]
    conn = gradebook.connect(tmp_path / "gradebook.sqlite")
    gradebook.set_catalogue(conn, [_Learner(i, i.title()) for i in ("right", "wrong", "none")], plans,
                            plan.items(plans))
    for learner, stretch in (("right", [(TRUSTED, "correct")]), ("wrong", [(TRUSTED, "incorrect")]), ("none", [])):
        gradebook.write_result(conn, {
            "schema": 1, "learner_id": learner, "notebook": NB, "status": "ok", "failure": None,
            "submission_sha256": "x", "seconds": 1.0, "quiz": [],
            "exercises": [{"item_id": i, "status": s, "misconception": None}
                          for i, s in [(MARGIN, "correct"), *stretch]]})
    conn.close()
    return tmp_path


def test_a_stretch_exercise_is_planned_as_stretch() -> None:
    items = {i.item_id: i for i in plan.items([plan.NotebookPlan(NB, "data-analysis", (MARGIN, TRUSTED), ())])}
    assert (items[MARGIN].kind, items[TRUSTED].kind) == (plan.EXERCISE, plan.STRETCH)
    assert items[TRUSTED].marking_point == "003:MP2"  # what it practises is kept; it just does not count


def test_the_stretch_result_is_recorded_but_changes_no_score_or_evidence(tmp_path: Path) -> None:
    conn = gradebook.connect(_run(tmp_path) / "gradebook.sqlite")
    assert conn.execute("SELECT learner_id, status FROM results WHERE item_id = ? ORDER BY learner_id",
                        (TRUSTED,)).fetchall() == [("right", "correct"), ("wrong", "incorrect")]
    scores = gradebook.scores(conn)
    assert scores["right"] == scores["wrong"] == scores["none"] == {"data-analysis": 100.0, "total": 100.0}
    evidence = {lr: [(e.marking_point, e.level, e.correct, e.items) for e in gradebook.evidence(conn, lr)]
                for lr in ("right", "wrong", "none")}
    assert evidence["right"] == evidence["wrong"] == evidence["none"]
    assert ("003:MP2", "met", 1, 1) in evidence["none"]  # the required exercise alone evidences it
    gradebook.export_csv(conn, tmp_path / "gradebook.csv")
    assert (tmp_path / "gradebook.csv").read_text(encoding="utf-8").splitlines()[1:] == [
        "right,Right,100.0,100.0", "wrong,Wrong,100.0,100.0", "none,None,100.0,100.0"]


def test_the_reports_show_the_stretch_result_as_stretch_and_score_without_it(tmp_path: Path) -> None:
    gb = gv.read_gradebook(_run(tmp_path))
    scores = gv.section_scores(gb)
    assert scores["score"].tolist() == [100.0] * 3 and scores["items"].tolist() == [1] * 3
    assert gv.total_scores(gb) == {"right": 100.0, "wrong": 100.0, "none": 100.0}
    marking = [gv.evidence(gb, lr).to_dict("records") for lr in ("right", "wrong", "none")]
    assert marking[0] == marking[1] == marking[2] and all(r["items"] == 1 for r in marking[0])
    shown = gv.outcomes(gb, "wrong").set_index("item_id")
    assert shown.at[TRUSTED, "status"] == "incorrect" and shown.at[TRUSTED, "kind"] == plan.STRETCH
    title = gv.item_title(TRUSTED, plan.STRETCH, "data-analysis")
    assert title == exercises.get(TRUSTED).title + gv.STRETCH_NOTE and "stretch" in title
    assert gv.item_title(MARGIN, plan.EXERCISE, "data-analysis") == exercises.get(MARGIN).title
    for learner in ("wrong", "none"):  # optional: never a next step
        assert not any(exercises.get(TRUSTED).title in step for step in report.next_steps(gb, learner))


@pytest.mark.notebooks
@pytest.mark.slow
def test_the_learners_report_lists_the_stretch_exercise_as_stretch_and_leaves_it_out_of_the_total(
        tmp_path: Path) -> None:
    run = _run(tmp_path)
    person = report.people(run, gv.read_gradebook(run), pseudonymise=False)["wrong"]
    page = report.write_report(run, "wrong", "Wrong", "apparel", person, template=report.default_template(),
                               pseudonymise=False).read_text("utf-8")
    assert "Overall you have 1 of 1 items correct (100%)" in page
    assert html.escape(exercises.get(TRUSTED).title + gv.STRETCH_NOTE, quote=False) in page
    assert "<td>Not yet right</td>" in page  # its result is still shown


def test_the_view_and_the_gradebook_agree_on_what_is_stretch() -> None:
    assert gv.STRETCH == plan.STRETCH


# --- the syllabus map: only required exercises, quiz questions and written work evidence an item ------------

def test_the_syllabus_coverage_counts_no_stretch_exercise() -> None:
    table = syllabus.coverage(ROOT / "notebooks")
    assert not {i for cov in table.values() for i in cov.exercised} & set(STRETCH)
    for exercise_id in STRETCH:  # what a stretch exercise practises is evidenced without it
        ex = exercises.get(exercise_id)
        for code in {ex.marking_point, *ex.covers}:
            assert table[code].exercised or table[code].assessed, f"{code} rests on stretch work alone"


def test_an_item_evidenced_only_by_stretch_work_is_a_syllabus_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    import course.quiz

    def unevidenced() -> set[str]:
        gap = ": taught but neither exercised, assessed nor written"
        return {p.removesuffix(gap) for p in syllabus.problems(ROOT / "notebooks") if p.endswith(gap)}

    monkeypatch.setattr(course.quiz, "banks", list)  # no quiz questions and no conversation scenarios:
    monkeypatch.setattr(syllabus, "scenario_ids", list)  # exercises are the only evidence
    monkeypatch.setattr(syllabus, "written_tasks", lambda notebooks: {})  # (written tasks evidence marking points)
    by_exercises = unevidenced()
    for exercise_id in exercises.ids():  # now make every exercise stretch: none of them evidences anything
        monkeypatch.setitem(registry._REGISTRY, exercise_id, replace(exercises.get(exercise_id), stretch=True))
    assert all(cov.exercised == [] for cov in syllabus.coverage(ROOT / "notebooks").values())
    needing_evidence = {code for code, (kind, _) in syllabus.items().items() if kind != "exam_tip"}
    assert unevidenced() == needing_evidence and len(by_exercises) < len(needing_evidence)
