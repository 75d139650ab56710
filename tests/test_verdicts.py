"""Verdicts judged by the tutor's process: real executed submissions that try to forge their marks are graded on
their real answers, the attempt is written as a tutor-only 'tampering' row, and `course run --only` regrades one
learner while the gradebook keeps the rows it replaced.

One small workbook (one notebook: three number exercises, a quiz question, a conversation scenario and
`course.results()`) is handed in by five learners:
- honest: one right answer (worked out from their own store in the notebook), two wrong or left blank;
- patcher: replaces `course.check` with a function that says "correct" and records it for `course.results()`;
- forger: shows a hand-made results output, every item correct, after `course.results()`;
- logger: edits the progress log to claim the quiz question and a finished scenario play it never gave;
- hoarder: hands in a 10-million-row table, an object whose __repr__/__eq__/__float__ raise, and a list that
  holds itself.
"""

from __future__ import annotations

import ast
import contextlib
import csv
import json
import shutil
import sqlite3
from pathlib import Path

import nbformat
import pytest

from course import handover, progress
from course.tutor import gradebook_view, history, judge, report, results, tampering
from tests.test_tutor_run import PARAMS, START, notebook, run_cohort

TIMEOUT = 60  # seconds per cell: each kernel imports course and simulates a whole store on a busy machine
NB = "1-planning/v.ipynb"
EXERCISES = ("kpi-atv", "kpi-upt", "kpi-conversion")
QUESTION, SCENARIO = "rev-complaint-rate", "privacy-caller-and-access"
RIGHT = 'answer = course.exercises.reference_value("{id}", session.data)'
PLACEHOLDER = "answer = None  # your working here"
PATCH = ('import course.session as _s\n'
         'def _always(exercise_id, answer, **kw):\n'
         '    _s.current().remember(exercise_id, "exercise", "correct", None)\n'
         '    return "correct"\n'
         'course.check = _always\n')
FORGED = ('from IPython.display import display\n'
          'display({"' + progress.RESULTS_MIME + '": {"schema": 1, "learner_id": learner_id, "notebook": "v",\n'
          '    "results": [{"item_id": i, "kind": "exercise", "status": "correct", "misconception": None}\n'
          '                for i in ("kpi-atv", "kpi-upt", "kpi-conversion")]},\n'
          '         "text/plain": "all correct"}, raw=True)')
EVIL = ('class Evil(float):\n'
        '    def __repr__(self): raise RuntimeError("no")\n'
        '    def __eq__(self, other): raise RuntimeError("no")\n'
        '    def __float__(self): raise RuntimeError("no")\n'
        '    __hash__ = None\n'
        'answer = Evil(3.0)')
HUGE = 'import numpy as np, pandas as pd\nanswer = pd.DataFrame({"net_value": np.zeros(10_000_000)})'
LOOP = 'answer = [1]\nanswer.append(answer)'
LEARNERS = ("honest", "patcher", "forger", "logger", "hoarder")


def workbook(root: Path) -> Path:
    cells: list[tuple[str, str | None]] = [(PARAMS, "parameters"), (START.format(name="v"), None)]
    for exercise_id in EXERCISES:
        cells += [(PLACEHOLDER, f"exercise:{exercise_id}"), (f'course.check("{exercise_id}", answer)', None)]
    cells += [(f'course.quiz("reviewing", ids=["{QUESTION}"])', None), (f'course.scenario("{SCENARIO}")', None),
              ("course.results()", None)]
    path = root / NB
    path.parent.mkdir(parents=True)
    nbformat.write(notebook(*cells), path)
    return root


def hand_in(book: Path, subs: Path, learner: str, answers: dict[str, str], *, last: str | None = None) -> None:
    nb = nbformat.read(book / NB, as_version=4)
    for cell in nb.cells:
        tags = cell.metadata.get("tags", [])
        if tags and tags[0].startswith("exercise:"):
            exercise_id = tags[0].split(":", 1)[1]
            cell.source = answers.get(exercise_id, PLACEHOLDER).replace("{id}", exercise_id)
    if last:
        nb.cells.append(nbformat.v4.new_code_cell(last))
    target = subs / learner / NB
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, target)


def claim_in_log(subs: Path, learner: str) -> None:
    """Lines a learner types into their log: a question 'correct' with no choice and with a wrong one, and a
    finished good play whose replies were never recorded."""
    log = subs / learner / progress.DEFAULT_LOG_NAME
    progress.record(learner_id=learner, item_id=QUESTION, kind="quiz", status="correct", path=log)
    progress.record(learner_id=learner, item_id=QUESTION, kind="quiz", status="correct", path=log, choice="9.9")
    progress.record(learner_id=learner, item_id=SCENARIO, kind="scenario", status="correct", node="caller-asks",
                    path=log)
    progress.record(learner_id=learner, item_id=SCENARIO, kind="scenario", status="correct", node="end-good",
                    outcome="good", path=log)


def roster(path: Path, sectors: dict[str, str]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([("learner_id", "name", "sector"),
                                      *((i, i.title(), s) for i, s in sectors.items())])
    return path


def rows(out: Path, sql: str, *args: object) -> list[tuple]:
    with contextlib.closing(sqlite3.connect(out / "gradebook.sqlite")) as conn:
        return conn.execute(sql, args).fetchall()


def statuses(out: Path, learner: str) -> dict[str, str]:
    data = results.read_result(results.result_path(out, learner, NB))
    assert data is not None and data["status"] == "ok", data
    return {e["item_id"]: e["status"] for e in [*data["exercises"], *data["quiz"], *data["scenarios"]]}


@pytest.fixture(scope="module")
def cohort(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("verdicts")
    book, subs = workbook(base / "notebooks"), base / "subs"
    hand_in(book, subs, "honest", {"kpi-atv": RIGHT, "kpi-upt": "answer = 0.123"})
    hand_in(book, subs, "patcher", {"kpi-atv": RIGHT, "kpi-upt": "answer = 0.5\n" + PATCH,
                                    "kpi-conversion": "answer = 7"})
    hand_in(book, subs, "forger", {"kpi-atv": "answer = 1", "kpi-upt": "answer = 2"}, last=FORGED)
    hand_in(book, subs, "logger", {"kpi-atv": RIGHT})
    claim_in_log(subs, "logger")
    hand_in(book, subs, "hoarder", {"kpi-atv": HUGE, "kpi-upt": EVIL, "kpi-conversion": LOOP})
    roster_file = roster(base / "roster.csv", dict.fromkeys(LEARNERS, "apparel"))
    outcome = run_cohort(roster=roster_file, subs=subs, out=base / "run", workbook=book, jobs=2, timeout=TIMEOUT)
    assert outcome.status == 0, outcome.stdout
    return {"base": base, "book": book, "subs": subs, "roster": roster_file, "out": base / "run"}


def signs(out: Path, learner: str) -> list[tuple[str, str]]:
    with contextlib.closing(sqlite3.connect(out / "gradebook.sqlite")) as conn:
        return [(item, detail) for _, item, detail in tampering.signs_of(conn, learner)]


@pytest.mark.notebooks
@pytest.mark.slow
def test_an_honest_submission_is_judged_as_its_check_said_and_shows_no_sign(cohort: dict[str, Path]) -> None:
    out = cohort["out"]
    assert statuses(out, "honest") == {"kpi-atv": "correct", "kpi-upt": "incorrect", "kpi-conversion": "not_attempted",
                                       QUESTION: "not_attempted", SCENARIO: "not_attempted"}
    assert signs(out, "honest") == []


@pytest.mark.notebooks
@pytest.mark.slow
def test_a_monkeypatched_check_is_graded_on_the_answers_it_was_given(cohort: dict[str, Path]) -> None:
    out = cohort["out"]
    assert statuses(out, "patcher") == {"kpi-atv": "correct", "kpi-upt": "incorrect", "kpi-conversion": "incorrect",
                                        QUESTION: "not_attempted", SCENARIO: "not_attempted"}
    seen = signs(out, "patcher")
    assert ("kpi-upt", "the notebook's results output shows 'correct' for this exercise; its handed-over answer is "
                       "judged 'incorrect'") in seen
    assert any("course.check was not the kit's own function" in detail for _, detail in seen)
    executed = nbformat.read(results.executed_path(out, "patcher", NB), as_version=4)
    assert judge.shown_verdicts(executed)["kpi-upt"] == "correct"  # what the forged check made the notebook show


@pytest.mark.notebooks
@pytest.mark.slow
def test_a_forged_results_output_changes_nothing(cohort: dict[str, Path]) -> None:
    out = cohort["out"]
    assert [statuses(out, "forger")[e] for e in EXERCISES] == ["incorrect", "incorrect", "not_attempted"]
    assert sorted(item for item, _ in signs(out, "forger")) == sorted(EXERCISES)


@pytest.mark.notebooks
@pytest.mark.slow
def test_log_lines_claiming_what_was_never_given_earn_nothing(cohort: dict[str, Path]) -> None:
    out = cohort["out"]
    got = statuses(out, "logger")
    assert (got["kpi-atv"], got[QUESTION], got[SCENARIO]) == ("correct", "incorrect", "not_attempted")
    details = [detail for item, detail in signs(out, "logger") if item in (QUESTION, SCENARIO)]
    assert any("no choice recorded" in d for d in details) and any("judged 'incorrect'" in d for d in details)
    assert any(d.startswith("a progress-log line claims a finished play") for d in details)
    assert rows(out, "SELECT status FROM results WHERE learner_id = 'logger' AND item_id = ?", QUESTION) == \
        [("incorrect",)]


@pytest.mark.notebooks
@pytest.mark.slow
def test_huge_and_malicious_answers_are_invalid_with_the_reason(cohort: dict[str, Path]) -> None:
    data = results.read_result(results.result_path(cohort["out"], "hoarder", NB))
    assert data is not None and data["status"] == "ok"
    found = {e["item_id"]: (e["status"], e.get("detail", "")) for e in data["exercises"]}
    assert found["kpi-atv"][0] == "invalid" and "10,000,000 rows" in found["kpi-atv"][1]
    assert found["kpi-upt"][0] == "invalid" and "Evil" in found["kpi-upt"][1]
    assert found["kpi-conversion"][0] == "invalid" and "holds itself" in found["kpi-conversion"][1]
    answers = results.scratch_dir(cohort["out"], "hoarder", NB) / judge.ANSWERS_NAME
    assert answers.stat().st_size < 10_000  # the 80 MB table never crossed


@pytest.mark.notebooks
@pytest.mark.slow
def test_tampering_signs_never_reach_a_learners_report(cohort: dict[str, Path]) -> None:
    out = cohort["out"]
    people = report.people(out, gradebook_view.read_gradebook(out), pseudonymise=False)
    for learner in ("patcher", "forger", "logger"):  # the three who tampered: only their pages are read
        page = report.write_report(out, learner, learner.title(), "apparel", people[learner],
                                   template=report.default_template(), pseudonymise=False).read_text(encoding="utf-8")
        assert signs(out, learner), f"{learner}: no sign of tampering was recorded, so the report proves nothing"
        for _, detail in signs(out, learner):
            assert detail not in page and "tamper" not in page.lower()


@pytest.mark.notebooks
@pytest.mark.slow
def test_only_regrades_one_learner_and_history_keeps_what_it_replaced(cohort: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "run"
    shutil.copytree(cohort["out"], out)
    subs = tmp_path / "subs"
    shutil.copytree(cohort["subs"], subs)
    others = {p: p.read_bytes() for p in (out / "results").rglob("*.json")
              if p.relative_to(out / "results").parts[0] != "honest"}
    assert len(others) == len(LEARNERS) - 1
    again = run_cohort(roster=cohort["roster"], subs=subs, out=out, workbook=cohort["book"], jobs=1,
                       timeout=TIMEOUT, only="honest")
    assert again.status == 0 and "1 run in" in again.stdout and "0 unchanged" in again.stdout
    assert {p: p.read_bytes() for p in others} == others  # nobody else was touched
    assert rows(out, "SELECT COUNT(*) FROM results_history") == [(0,)]  # the same answers: nothing replaced

    hand_in(cohort["book"], subs, "honest", {"kpi-atv": RIGHT, "kpi-upt": RIGHT})  # a fix handed in
    third = run_cohort(roster=cohort["roster"], subs=subs, out=out, workbook=cohort["book"], jobs=1,
                       timeout=TIMEOUT, only="honest")
    assert third.status == 0 and statuses(out, "honest")["kpi-upt"] == "correct"
    (run_id,) = rows(out, "SELECT MAX(run_id) FROM runs")[0]
    with contextlib.closing(sqlite3.connect(out / "gradebook.sqlite")) as conn:
        kept = history.of_learner(conn, "honest")
    assert [(r[0], r[2], r[3]) for r in kept] == [(run_id, "kpi-upt", "incorrect")]
    assert rows(out, "SELECT status FROM results WHERE learner_id = 'honest' AND item_id = 'kpi-upt'") == \
        [("correct",)]
    with pytest.raises(ValueError, match="no such learner on the roster"):
        run_cohort(roster=cohort["roster"], subs=subs, out=out, workbook=cohort["book"], jobs=1, timeout=TIMEOUT,
                   only="nobody")


@pytest.mark.notebooks
@pytest.mark.slow
def test_a_changed_roster_entry_reruns_that_learner_only(cohort: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "run"
    shutil.copytree(cohort["out"], out)
    moved = roster(tmp_path / "roster.csv", {**dict.fromkeys(LEARNERS, "apparel"), "honest": "electronics"})
    again = run_cohort(roster=moved, subs=cohort["subs"], out=out, workbook=cohort["book"], jobs=1, timeout=TIMEOUT)
    assert "1 run in" in again.stdout and f"{len(LEARNERS) - 1} unchanged" in again.stdout
    data = results.read_result(results.result_path(out, "honest", NB))
    assert data is not None and data["roster_entry"] == {"sector": "electronics", "data_dir": None}
    assert statuses(out, "honest")["kpi-atv"] == "correct"  # worked out in the notebook from the new store


def test_answers_cross_as_plain_data_within_limits() -> None:
    import numpy as np
    import pandas as pd

    table = pd.DataFrame({"owner": ["Sam", None], "days": [3, 4]})
    back = judge.decode(json.loads(json.dumps(handover.encode(table))))
    pd.testing.assert_frame_equal(back, pd.DataFrame({"owner": ["Sam", None], "days": [3, 4]}))
    assert judge.decode(handover.encode({"hear": ["listen"], "n": np.float64(2.5)})) == {"hear": ["listen"], "n": 2.5}
    for odd, why in [(object(), "builtins.object"), ("x" * (handover.MAX_TEXT + 1), "characters"),
                     (list(range(handover.MAX_ITEMS + 1)), "entries"), ({1: "a"}, "keys"), (10 ** 400, "too large")]:
        with pytest.raises(handover.TooOdd, match=why):
            handover.encode(odd)
    found = handover.checked('%time x = 1\ncourse.check("kpi-atv", answer)\ncourse.check("kpi-upt", 3, record=False)')
    assert [(item, ast.dump(node) if node else None) for item, node in found] == [
        ("kpi-atv", ast.dump(ast.Name("answer", ast.Load())))]  # a demonstration (record=False) is not an answer
    assert handover.capture("kpi-atv", ast.parse("[1, 2][5]", mode="eval").body, {}) == {
        "item_id": "kpi-atv", "invalid": "the answer could not be read (IndexError)"}


def test_a_run_without_handed_answers_is_not_attempted_however_the_notebook_looks(tmp_path: Path) -> None:
    handed = judge.read_handed(tmp_path / "missing.jsonl")
    judged = judge.judge_exercises(("kpi-atv",), handed, None)  # type: ignore[arg-type]  # no store is needed
    assert judged == [{"item_id": "kpi-atv", "status": "not_attempted", "misconception": None}]
    shown = {"kpi-atv": "correct"}
    assert [s.item_id for s in judge.exercise_signs(judged, shown, handed)] == ["kpi-atv"]


def test_every_exercises_right_answer_crosses_to_the_judge_and_stays_right(store_of) -> None:
    """Each exercise's expected answer (numbers, labels, tables, dates) survives the handover as plain JSON and is
    judged correct in the tutor's process: an honest answer of any shape must never turn invalid on the way."""
    import json

    from course import exercises, handover
    from course.exercises.checking import verdict
    from course.tutor import judge

    data = store_of("handover-all", sector="grocery")
    judged = {}
    for exercise_id in exercises.ids():
        expected = exercises.get(exercise_id).expected
        if expected is None:
            continue
        crossed = judge.decode(json.loads(json.dumps(handover.encode(expected(data)))))
        judged[exercise_id] = verdict(exercise_id, crossed, data).status
    wrong = {i: s for i, s in judged.items() if s != "correct"}
    assert len(judged) > 50 and not wrong, wrong


def test_a_date_anywhere_in_an_answer_crosses_as_a_date() -> None:
    """rev-action-log's answer is a list of dicts whose "due" may be a pandas Timestamp (`next_review`): before
    dates crossed, every honest action log was judged invalid in a tutor's run."""
    import datetime
    import json

    import pandas as pd

    from course import handover
    from course.tutor import judge

    answer = [{"action": "Call back", "due": pd.Timestamp("2026-02-02")}, {"due": datetime.date(2026, 1, 19)},
              pd.DataFrame({"when": [pd.Timestamp("2026-03-01")]})]
    crossed = judge.decode(json.loads(json.dumps(handover.encode(answer))))
    assert crossed[0] == answer[0] and type(crossed[0]["due"]) is pd.Timestamp
    assert crossed[1] == answer[1] and type(crossed[1]["due"]) is datetime.date
    pd.testing.assert_frame_equal(crossed[2], answer[2])
