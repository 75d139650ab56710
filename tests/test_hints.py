"""The hint ladder: each exercise's ladder, course.hint's sequence and its log records, the wrong answer's
pointer to the next hint, the live "Need a hint?" button, and the hints a tutor's result carries."""

from __future__ import annotations

import json
import warnings
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest

import course
from course import exercises, progress, session
from course.exercises import hints, registry, scaffold
from course.store import simulate
from course.tutor import regrade, results

LADDER = ("Which figures make an average sale?", "ATV is net sales divided by the number of sales.",
          "answer = net sales / number of transactions")


@pytest.fixture(autouse=True)
def no_skeletons(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ladders of words only: the skeleton rung is tested in tests/test_skeletons.py."""
    monkeypatch.setattr(hints, "skeleton", lambda exercise_id: None)


@pytest.fixture
def three_hints(monkeypatch: pytest.MonkeyPatch) -> None:
    """kpi-atv with a ladder of its own (the hint texts are written elsewhere; this fixes three here)."""
    monkeypatch.setitem(registry._REGISTRY, "kpi-atv", replace(exercises.get("kpi-atv"), hints=LADDER))


@pytest.fixture
def no_unsaved(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A clean count of the hints shown without a session, and no session."""
    monkeypatch.setattr(hints, "_unsaved", {})
    session.end()
    yield
    session.end()


@pytest.fixture
def log(start_learner: Callable[..., session.Session], tmp_path: Path) -> Path:
    start_learner("hinty", notebook="0-start-here.ipynb")
    return tmp_path / "log.jsonl"


# --- the ladder ---------------------------------------------------------------------------------

def test_an_exercise_with_its_own_ladder_keeps_it(three_hints: None) -> None:
    assert hints.ladder(exercises.get("kpi-atv")) == LADDER


def test_a_short_ladder_gets_the_general_rungs_around_its_own_hints() -> None:
    base = exercises.get("kpi-atv")
    assert hints.ladder(replace(base, hint="Only hint.", hints=())) == (hints.FIRST_RUNG, "Only hint.", hints.LAST_RUNG)
    assert hints.ladder(replace(base, hint="", hints=())) == (hints.FIRST_RUNG, hints.LAST_RUNG)
    assert hints.ladder(replace(base, hints=("a", "b"))) == ("a", "b", hints.LAST_RUNG)
    assert hints.ladder(replace(base, hint="ignored", hints=("a", "b", "c", "d"))) == ("a", "b", "c", "d")


def test_every_exercise_has_a_ladder_of_at_least_two_plain_rungs() -> None:
    for exercise_id in exercises.ids():
        rungs = hints.ladder(exercises.get(exercise_id))
        assert len(rungs) >= 2 and all(r.strip() for r in rungs), exercise_id
        assert len(set(rungs)) == len(rungs), exercise_id


def test_the_last_general_rung_does_not_promise_a_worked_example() -> None:
    # Not every notebook has a worked example before its exercises, so the rung says "if".
    assert "If it has a worked example" in hints.LAST_RUNG


# --- course.hint ----------------------------------------------------------------------------------

def test_hints_come_one_at_a_time_then_the_last_again(three_hints: None, log: Path) -> None:
    shown = [course.hint("kpi-atv") for _ in range(5)]
    assert [(h.rung, h.total, h.again) for h in shown] == [(1, 3, False), (2, 3, False), (3, 3, False),
                                                           (3, 3, True), (3, 3, True)]
    assert [h.text for h in shown] == [*LADDER, LADDER[2], LADDER[2]]
    assert str(shown[1]) == f"Hint 2 of 3 (kpi-atv): {LADDER[1]}"
    assert str(shown[3]) == f"That was the last hint, so here it is again. Hint 3 of 3 (kpi-atv): {LADDER[2]}"
    assert repr(shown[0]) == str(shown[0]) and shown[0].note == ""


def test_each_hint_shown_is_logged_with_its_rung(three_hints: None, log: Path) -> None:
    for _ in range(4):
        course.hint("kpi-atv")
    records = progress.read_attempts(log)
    assert [(r.item_id, r.kind, r.status, r.rung, r.attempt, r.correct) for r in records] == [
        ("kpi-atv", "hint", "shown", rung, n, False) for n, rung in enumerate([1, 2, 3, 3], start=1)]
    assert {r.notebook for r in records} == {"0-start-here.ipynb"}


def test_hints_do_not_count_as_attempts(three_hints: None, log: Path) -> None:
    course.check("kpi-atv", 1.0)
    course.hint("kpi-atv")
    course.hint("kpi-atv")
    course.check("kpi-atv", 2.0)
    attempts = [(r.kind, r.attempt) for r in progress.read_attempts(log)]
    assert attempts == [("exercise", 1), ("hint", 1), ("hint", 2), ("exercise", 2)]
    row = progress.summary(log).iloc[0]
    assert len(progress.summary(log)) == 1 and row["kind"] == "exercise" and row["attempts"] == 2
    lines = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert ["rung" in line for line in lines] == [False, True, True, False]  # attempts are written as before


def test_each_session_counts_its_own_hints(three_hints: None, start_learner: Callable[..., session.Session]) -> None:
    start_learner("first")
    course.hint("kpi-atv")
    course.hint("kpi-atv")
    assert course.hint("kpi-conversion").rung == 1  # per exercise
    start_learner("second")
    assert course.hint("kpi-atv").rung == 1


def test_without_a_session_the_hint_is_shown_but_not_saved(three_hints: None, no_unsaved: None, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(progress.LOG_ENV, str(tmp_path / "env-log.jsonl"))
    first, second = course.hint("kpi-atv"), course.hint("kpi-atv")
    assert (first.rung, second.rung) == (1, 2) and first.text == LADDER[0]
    assert first.note == hints.NOT_SAVED and "course.start" in str(first) and "not saved" in first._repr_html_()
    assert list(tmp_path.iterdir()) == []  # no log anywhere


def test_a_hint_that_cannot_be_saved_is_still_shown(three_hints: None,
                                                     start_learner: Callable[..., session.Session],
                                                     tmp_path: Path) -> None:
    folder = tmp_path / "a-folder"
    folder.mkdir()
    start_learner("full", progress_path=folder)
    shown = course.hint("kpi-atv")
    assert shown.text == LADDER[0] and "could not be saved" in shown.note


def test_an_unknown_id_says_which_ids_are_near(log: Path) -> None:
    shown = course.hint("kpi-atvv")
    assert shown.rung == 0 and "did you mean" in shown.text and "kpi-atv" in shown.text
    assert str(shown).startswith("No hint (kpi-atvv): no exercise called 'kpi-atvv'")
    assert course.hint(42).exercise_id == "?"  # type: ignore[arg-type]
    assert "not text" in course.hint(42).text  # type: ignore[arg-type]
    assert progress.read_attempts(log) == []


def test_the_display_is_deterministic_and_escaped() -> None:
    shown = hints.HintShown("kpi-atv", "Net sales <b>÷</b> sales & more", 2, 3)
    assert shown._repr_html_() == (
        '<div class="course-hint" role="status" style="border-left:4px solid #2166ac;padding:4px 10px;margin:4px 0">'
        "<strong>Hint 2 of 3 (kpi-atv)</strong><br>Net sales &lt;b&gt;÷&lt;/b&gt; sales &amp; more</div>")


# --- the wrong answer's pointer -----------------------------------------------------------------------

def test_a_wrong_answer_with_no_known_mistake_points_to_the_next_hint(three_hints: None, log: Path) -> None:
    pointer = 'Need a hint? course.hint("kpi-atv") shows hint {} of 3.'
    assert course.check("kpi-atv", 1.0).message.endswith(pointer.format(1))
    course.hint("kpi-atv")
    assert course.check("kpi-atv", 1.0).message.endswith(pointer.format(2))
    for _ in range(3):
        course.hint("kpi-atv")
    assert course.check("kpi-atv", 1.0).message.endswith(pointer.format(3))  # the last, again


def test_a_named_mistake_and_a_right_answer_say_nothing_of_hints(learner: session.Session) -> None:
    conversion = exercises.get("kpi-conversion")
    wrong = next(m for m in conversion.misconceptions if m.wrong is not None)
    named = course.check("kpi-conversion", wrong.wrong(learner.data))
    right = course.check("kpi-conversion", conversion.expected(learner.data))
    assert named.misconception and "hint" not in named.message.lower()
    assert right.correct and "hint" not in right.message.lower()


# --- the live button ---------------------------------------------------------------------------------

def _live(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(hints, "live_kernel", lambda: True)


def test_a_wrong_answer_or_blanks_left_offer_the_button_in_a_live_kernel_only(
        log: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = session.current().data
    expected = exercises.get("kpi-atv").expected(data)
    wrong, unreadable = course.check("kpi-atv", 1.0), course.check("kpi-atv", "lots")
    right, blank = course.check("kpi-atv", expected), course.check("kpi-atv", None)
    skeleton = course.check("kpi-atv", course.___ / 3)  # a skeleton's blanks still to fill
    demo, demo_skeleton = course.check("kpi-atv", 1.0, record=False), course.check("kpi-atv", course.___, record=False)
    offering = (wrong, unreadable, skeleton)
    static = {id(r): r._repr_mimebundle_() for r in (*offering, right, blank)}
    _live(monkeypatch)
    for result in offering:
        bundle = result._repr_mimebundle_()
        assert set(bundle) == {"text/plain", "text/html", hints.WIDGET_MIME}, result.status
        assert {k: bundle[k] for k in ("text/plain", "text/html")} == static[id(result)]
    for result in (right, blank, demo, demo_skeleton):
        assert hints.WIDGET_MIME not in result._repr_mimebundle_(), result.status
    for result in (*offering, right, blank):
        bundle = static[id(result)]
        assert bundle == {"text/plain": str(result), "text/html": result._repr_html_()}  # what nbval compares
    assert skeleton.status == "not_attempted" and "blank" in skeleton.message
    assert [r.status for r in progress.read_attempts(log)] == ["incorrect", "invalid", "correct"]  # blanks: not logged


def test_static_text_of_right_and_blank_results_is_unchanged(log: Path) -> None:
    data = session.current().data
    right = course.check("kpi-atv", exercises.get("kpi-atv").expected(data))
    blank = course.check("kpi-atv", None)
    assert str(blank) == ("… Not attempted yet (kpi-atv): Put your working in the cell above and set `answer`, "
                          "then run this cell again.")
    assert str(right).startswith("✔ Correct (kpi-atv): £") and str(right).endswith(" is right.")
    assert right._repr_html_().startswith('<div class="course-check course-check-correct" role="status"')


def test_outside_a_kernel_there_is_no_live_kernel() -> None:
    assert hints.live_kernel() is False
    assert hints.widget_view("kpi-atv") is None


def test_the_button_is_named_and_shows_and_logs_the_next_hint(three_hints: None, log: Path) -> None:
    box = hints.hint_button("kpi-atv", "<div class='course-check'>✘ Not quite</div>")
    verdict, button, shown = box.children
    assert "Not quite" in verdict.value  # JupyterLab shows the widget, not the HTML: it carries the verdict
    assert button.description == "Need a hint?" and 'course.hint("kpi-atv")' in button.tooltip
    assert "course-hint-button" in button._dom_classes and shown.value == ""
    button.click()  # what Enter, Space or a mouse click on the focused button does
    assert LADDER[0] in shown.value and 'role="status"' in shown.value and button.description == "Next hint"
    button.click()
    assert "Hint 2 of 3" in shown.value
    assert [r.rung for r in progress.read_attempts(log)] == [1, 2]


# --- the log format -----------------------------------------------------------------------------------

@pytest.mark.parametrize("kwargs, message", [
    ({"kind": "hint", "status": "incorrect", "rung": 1}, "status 'shown'"),
    ({"kind": "hint", "status": "shown"}, "needs the rung"),
    ({"kind": "hint", "status": "shown", "rung": 0}, "needs the rung"),
    ({"kind": "exercise", "status": "incorrect", "rung": 2}, "only a hint record"),
    ({"kind": "exercise", "status": "shown"}, "not valid"),
])
def test_a_hint_record_needs_status_shown_and_a_rung(tmp_path: Path, kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        progress.record(learner_id="a", item_id="kpi-atv", path=tmp_path / "log.jsonl", **kwargs)


def test_a_damaged_hint_line_is_skipped_and_older_lines_still_read(tmp_path: Path) -> None:
    log = tmp_path / "log.jsonl"
    old = {"timestamp": "2025-01-01T00:00:00Z", "learner_id": "a", "item_id": "kpi-atv", "kind": "exercise",
           "status": "incorrect", "correct": False, "misconception": None, "attempt": 1}  # no notebook, no rung
    no_rung = {**old, "kind": "hint", "status": "shown", "attempt": 1}
    log.write_text(json.dumps(old) + "\n" + json.dumps(no_rung) + "\n", encoding="utf-8")
    with pytest.warns(progress.ProgressLogWarning, match="line 2"):
        read = progress.read_attempts(log)
    assert [(r.kind, r.rung) for r in read] == [("exercise", None)]


def test_quiz_results_ignore_hint_records(tmp_path: Path) -> None:
    log, question = tmp_path / "log.jsonl", "data-method-justify"
    footfall = ("The footfall counter, because more visitors coming into the store means the checkouts are easier "
                "to use")
    progress.record(learner_id="a", item_id=question, kind="hint", status="shown", rung=1, path=log)
    progress.record(learner_id="a", item_id=question, kind="quiz", status="incorrect", path=log, choice=footfall)
    rows, signs = regrade.quiz_results(progress.read_attempts(log), (question,), simulate("a"))
    assert rows == [{"item_id": question, "status": "incorrect", "misconception": "wrong-method-for-purpose",
                     "attempts": 1}] and signs == []


# --- what a tutor's result carries --------------------------------------------------------------------

def test_a_result_carries_the_highest_hint_each_exercise_needed(tmp_path: Path) -> None:
    log = tmp_path / "log.jsonl"
    for item, rung in [("kpi-atv", 1), ("kpi-atv", 2), ("kpi-upt", 1), ("kpi-atv", 1)]:  # a new session: 1 again
        progress.record(learner_id="a", item_id=item, kind="hint", status="shown", rung=rung, path=log)
    progress.record(learner_id="a", item_id="kpi-csat", kind="exercise", status="incorrect", path=log)
    entries = [{"item_id": i, "status": "correct", "misconception": None} for i in ("kpi-atv", "kpi-upt", "kpi-csat")]
    assert [e["hints"] for e in results.with_hints(entries, log)] == [2, 1, 0]
    assert [e["hints"] for e in results.with_hints(entries, None)] == [0, 0, 0]
    assert [e["hints"] for e in results.with_hints(entries, tmp_path / "absent.jsonl")] == [0, 0, 0]
    assert "hints" not in entries[0]  # the entries given are not changed


def test_a_damaged_log_still_gives_the_hints_of_its_good_lines(tmp_path: Path) -> None:
    log = tmp_path / "log.jsonl"
    progress.record(learner_id="a", item_id="kpi-atv", kind="hint", status="shown", rung=2, path=log)
    with log.open("a", encoding="utf-8") as handle:
        handle.write("{not json\n")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # with_hints itself keeps the warning quiet
        used = results.with_hints([{"item_id": "kpi-atv", "status": "correct", "misconception": None}], log)
    assert used[0]["hints"] == 2


# --- in a real kernel: papermill, then nbval ---------------------------------------------------------

KERNEL_CELLS = [
    "import course\nsession = course.start('kernel-hints', start='2025-01-01', end='2025-02-28')",
    "course.check('kpi-atv', 1.0)",
    "course.check('kpi-atv', course.exercises.reference_value('kpi-atv', session.data))",
    "course.hint('kpi-atv')",
]


@pytest.mark.notebooks
@pytest.mark.slow
def test_in_a_kernel_only_the_wrong_answer_has_the_button_and_nbval_still_passes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import nbformat
    import papermill

    from tests.helpers import run_nbval

    root = Path(__file__).resolve().parents[1]
    monkeypatch.setenv("PYTHONPATH", str(root))
    monkeypatch.setenv(progress.LOG_ENV, str(tmp_path / "log.jsonl"))
    nb = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                           "language": "python"}})
    nb.cells = [nbformat.v4.new_code_cell(source) for source in KERNEL_CELLS]
    nbformat.write(nb, tmp_path / "in.ipynb")
    papermill.execute_notebook(str(tmp_path / "in.ipynb"), str(tmp_path / "out.ipynb"), kernel_name="python3",
                               cwd=str(tmp_path), progress_bar=False)
    cells = nbformat.read(tmp_path / "out.ipynb", as_version=4).cells
    wrong, right, shown = (cells[i].outputs[0]["data"] for i in (1, 2, 3))
    assert set(wrong) == {"text/plain", "text/html", hints.WIDGET_MIME}
    monkeypatch.setattr(hints, "skeleton", scaffold.skeleton)  # the kernel's ladder, skeleton and all
    total = len(hints.ladder(exercises.get("kpi-atv")))
    assert wrong["text/plain"].endswith(f'Need a hint? course.hint("kpi-atv") shows hint 1 of {total}.')
    assert set(right) == {"text/plain", "text/html"} and right["text/plain"].startswith("✔ Correct (kpi-atv)")
    assert shown["text/plain"].startswith(f"Hint 1 of {total} (kpi-atv): ")
    run = run_nbval(tmp_path / "out.ipynb")
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert "4 passed" in run.stdout, run.stdout[-3000:]  # every cell was compared
