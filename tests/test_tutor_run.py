"""`course run`: every learner's notebooks executed, failures recorded, results resumable, gradebook consistent.

Two tiny workbooks are built in tmp:
- the *cohort* workbook: notebook a really does `import course`, starts a session (the roster's store),
  checks an exercise, shows a quiz and `course.results()`; notebook b only hands over its answer and
  displays a results output itself, as course.handover and course.results() would (no `import course`:
  a kernel importing course takes seconds). Answers are judged by the runner against the roster's store, so
  a submission's `answer = RIGHT` is replaced by that learner's right answer, worked out here. Four learners hand it
  in with a corrupt notebook, an infinite loop, a missing notebook and one learner with everything fine;
- the *fast* workbook: two notebooks like b, for the mechanics that need several runs (interrupting,
  the Dask executor) without paying for imports.
The submissions are made read-only and hashed before and after every run (as root the mode bits are
not enforced, so the hashes are the real proof). Reports are not made here (run._make_reports is
replaced); the report verb has its own tests.
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import functools
import hashlib
import io
import multiprocessing
import shutil
import sqlite3
import stat
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from course import exercises, progress
from course.cli import main as cli
from course.commands import run as run_verb
from course.quiz import load
from course.store import cache as store_cache
from course.store import simulate
from course.tutor import execute, gradebook, kernels, plan, report, results, run
from tests.helpers import processes_working_in, shared_store_work

TIMEOUT = 15  # seconds per cell: generous, since `import course` in a kernel is slow on a busy machine
# Per cell. The tutor's process simulates and signs each learner's whole-year store before their first kernel starts
# (course.store.signed), so notebook a's `course.start` only loads it (52 MB for grocery: a second or two on a
# loaded machine); cat's endless notebook b waits this out in full, so it is no longer than it needs to be.
COHORT_TIMEOUT = 20
PARAMS = 'learner_id = "demo"\nsector = "apparel"\ndata_dir = None\nprogress_path = None'
START = ('import course\nsession = course.start(learner_id, sector=sector, progress_path=progress_path,\n'
         '                       notebook="{name}")')
PLACEHOLDER = "answer = None  # your working here"
CORRECT = 'answer = course.exercises.reference_value("{id}", session.data)'
WRONG = "answer = 0.123"
# cat's endless notebook: a loop that never ends, sleeping rather than spinning, so that its COHORT_TIMEOUT seconds do
# not take a core from the rest of the suite (a spinning loop is stopped the same way: tests/reliability/test_faults.py
# and tests/test_forked_kernels.py time out `while True: pass`)
ENDLESS = "import time\nwhile True:\n    time.sleep(0.5)"
COHORT = [("ann", "Ann Fine", "grocery"), ("bob", "=Bob Corrupt", "apparel"),
          ("cat", "Cat Loop", "electronics"), ("dan", "Dan Missing", "homeware")]
FAST_RESULTS = ('from IPython.display import display\nimport json, os\n'  # stands in for course.handover's hook
                'with open(os.environ["COURSE_ANSWERS_PATH"], "a") as handle:\n'
                '    handle.write(json.dumps({"item_id": "{id}", "answer": answer}) + "\\n")\n'
                'status = "not_attempted" if answer is None else "incorrect"  # it cannot know better\n'
                'display({"' + progress.RESULTS_MIME + '": {"schema": 1, "learner_id": learner_id, "notebook": "n",\n'
                '         "results": [{"item_id": "{id}", "kind": "exercise", "status": status,\n'
                '                      "misconception": None}]}, "text/plain": "results"}, raw=True)')


# --- building workbooks and submissions -----------------------------------------------------------

def notebook(*cells: tuple[str, str | None]) -> nbformat.NotebookNode:
    """A notebook of (source, tag) code cells; a None source makes a Markdown heading."""
    nb = new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    for source, tag in cells:
        cell = new_code_cell(source) if source is not None else new_markdown_cell("# A heading")
        if tag:
            cell.metadata["tags"] = [tag]
        nb.cells.append(cell)
    return nb


def cohort_workbook(root: Path) -> Path:
    nb_a = notebook((PARAMS, "parameters"), (START.format(name="a"), None), (PLACEHOLDER, "exercise:kpi-atv"),
                    ('course.check("kpi-atv", answer)', None),
                    ('course.quiz("reviewing", ids=["rev-conversion-worked", "rev-complaint-rate"])', None),
                    ("course.results()", None))
    nb_b = notebook((PARAMS, "parameters"), (PLACEHOLDER, "exercise:kpi-upt"),  # fast: prints its results itself
                    (FAST_RESULTS.replace("{id}", "kpi-upt"), None))
    return _write_workbook(root, {"1-planning/a.ipynb": nb_a, "2-recording/b.ipynb": nb_b})


def fast_workbook(root: Path) -> Path:
    """Notebooks that start in a second: no `import course`; the quiz cell is parsed, never run."""
    books = {}
    for name, exercise in (("1-planning/f1.ipynb", "kpi-atv"), ("2-recording/f2.ipynb", "kpi-upt")):
        books[name] = notebook((PARAMS, "parameters"), (PLACEHOLDER, f"exercise:{exercise}"),
                               ('if False:\n    course.quiz("reviewing", ids=["rev-complaint-rate"])', None),
                               (FAST_RESULTS.replace("{id}", exercise), None))
    return _write_workbook(root, books)


def _write_workbook(root: Path, books: dict[str, nbformat.NotebookNode]) -> Path:
    for name, nb in books.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, root / name)
    return root


def submit(workbook: Path, subs: Path, learner_id: str, answers: dict[str, str], sector: str = "apparel") -> None:
    """Hand in a learner's copy: per notebook an answer source, or CORRUPT / LOOP:<answer> / MISSING / KILL;
    RIGHT in a source is the learner's right answer."""
    for path in sorted(workbook.rglob("*.ipynb")):
        rel = path.relative_to(workbook).as_posix()
        answer = answers.get(rel, PLACEHOLDER)
        target = subs / learner_id / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if answer == "MISSING":
            continue
        if answer == "CORRUPT":
            target.write_text('{"cells": [{"cell_type": "code", "source": "x = ', encoding="utf-8")
            continue
        nb = nbformat.read(path, as_version=4)
        if answer.startswith(("LOOP:", "KILL:")):
            extra = ENDLESS if answer.startswith("LOOP:") else "import os\nos.kill(os.getpid(), 9)"
            nb.cells.insert(1, new_code_cell(extra))
            answer = answer[5:]
        for cell in nb.cells:
            if any(t.startswith("exercise:") for t in cell.metadata.get("tags", [])):
                exercise_id = cell.metadata["tags"][0].split(":", 1)[1]
                cell.source = answer.replace("{id}", exercise_id)
                if "RIGHT" in cell.source:
                    cell.source = cell.source.replace("RIGHT", repr(right_answer(learner_id, exercise_id, sector)))
        nbformat.write(nb, target)


def quiz_log(subs: Path, learner_id: str, attempts: list[tuple[str, str, str | None, str]]) -> None:
    """Log quiz attempts: (question, status claimed, misconception, the response given, which the run regrades)."""
    for item_id, status, misconception, choice in attempts:
        progress.record(learner_id=learner_id, item_id=item_id, kind="quiz", status=status,
                        misconception=misconception, notebook="1-planning/a", path=subs / learner_id /
                        progress.DEFAULT_LOG_NAME, choice=choice)


@functools.cache
def right_answer(learner_id: str, exercise_id: str, sector: str) -> float:
    """The learner's right answer to an exercise, from their store as the roster defines it."""
    return exercises.reference_value(exercise_id, simulate(learner_id, sector=sector))


def hint_log(subs: Path, learner_id: str, item_id: str, rungs: list[int]) -> None:
    for rung in rungs:
        progress.record(learner_id=learner_id, item_id=item_id, kind="hint", status="shown", rung=rung,
                        notebook="1-planning/a", path=subs / learner_id / progress.DEFAULT_LOG_NAME)


def roster_file(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([("learner_id", "name", "sector"), *rows])
    return path


def tree_hashes(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
            for p in sorted(root.rglob("*"))}


@contextlib.contextmanager
def read_only(root: Path) -> Iterator[None]:
    """Make a tree read-only (as the contract says submissions are), restoring write access after."""
    paths = [root, *root.rglob("*")]
    for p in paths:
        p.chmod(stat.S_IRUSR | stat.S_IXUSR if p.is_dir() else stat.S_IRUSR)
    try:
        yield
    finally:
        for p in paths:
            p.chmod(stat.S_IRWXU)


@dataclass
class Outcome:
    status: int
    out: Path
    stdout: str
    seconds: float
    reports: list[Path]
    subs: Path | None = None
    roster: Path | None = None
    workbook: Path | None = None


def run_cohort(*, roster: Path, subs: Path, out: Path, workbook: Path, **options) -> Outcome:
    """Run `course run` with the submissions read-only; assert they are byte-for-byte unchanged after."""
    reports: list[Path] = []
    before = tree_hashes(subs)
    buffer = io.StringIO()
    with pytest.MonkeyPatch.context() as mp, read_only(subs), contextlib.redirect_stdout(buffer), shared_store_work():
        mp.setattr(run, "_make_reports", lambda out: reports.append(out) or 0)
        started = time.perf_counter()
        status = run_verb.main(roster=roster, submissions=subs, out=out, notebooks=workbook, **options)
        seconds = time.perf_counter() - started
    assert tree_hashes(subs) == before, "a submission was written or changed"
    return Outcome(status, out, buffer.getvalue(), seconds, reports)


def rows(out: Path, sql: str) -> list[tuple]:
    with contextlib.closing(sqlite3.connect(out / "gradebook.sqlite")) as conn:
        return conn.execute(sql).fetchall()


def result(out: Path, learner: str, nb: str) -> dict:
    data = results.read_result(results.result_path(out, learner, nb))
    assert data is not None, f"no result for {learner} {nb}"
    return data


# --- the cohort: one run shared by several tests ---------------------------------------------------

@pytest.fixture(scope="module")
def cohort(tmp_path_factory: pytest.TempPathFactory) -> Outcome:
    base = tmp_path_factory.mktemp("cohort")
    workbook, subs = cohort_workbook(base / "notebooks"), base / "subs"
    submit(workbook, subs, "ann", {"1-planning/a.ipynb": CORRECT, "2-recording/b.ipynb": "answer = 2"})
    submit(workbook, subs, "bob", {"1-planning/a.ipynb": "CORRUPT", "2-recording/b.ipynb": "answer = RIGHT"})
    submit(workbook, subs, "cat", {"1-planning/a.ipynb": CORRECT, "2-recording/b.ipynb": "LOOP:answer = 1"})
    submit(workbook, subs, "dan", {"1-planning/a.ipynb": WRONG, "2-recording/b.ipynb": "MISSING"})
    quiz_log(subs, "ann", [("rev-conversion-worked", "incorrect", "atv-upside-down", "4.65"),
                           ("rev-conversion-worked", "correct", None, "21.5"),
                           ("rev-complaint-rate", "incorrect", "m1", "0.4")])
    hint_log(subs, "ann", "kpi-atv", [1, 2])  # ann needed two hints for kpi-atv
    roster = roster_file(base / "roster.csv", COHORT)
    outcome = run_cohort(roster=roster, subs=subs, out=base / "run", workbook=workbook, jobs=2,
                         timeout=COHORT_TIMEOUT)
    outcome.subs, outcome.roster, outcome.workbook = subs, roster, workbook
    return outcome


@pytest.mark.notebooks
@pytest.mark.slow
def test_failures_are_recorded_and_everything_else_is_marked(cohort: Outcome) -> None:
    assert cohort.status == 1
    kinds = {(lr, nb): kind for lr, nb, kind in rows(cohort.out, "SELECT learner_id, notebook, failure_kind "
                                                                 "FROM notebook_runs")}
    assert kinds == {("ann", "1-planning/a.ipynb"): None, ("ann", "2-recording/b.ipynb"): None,
                     ("bob", "1-planning/a.ipynb"): "corrupt", ("bob", "2-recording/b.ipynb"): None,
                     ("cat", "1-planning/a.ipynb"): None, ("cat", "2-recording/b.ipynb"): "timeout",
                     ("dan", "1-planning/a.ipynb"): None, ("dan", "2-recording/b.ipynb"): "missing"}
    for learner, nb, kind in [("bob", "1-planning/a.ipynb", "corrupt"), ("cat", "2-recording/b.ipynb", "timeout"),
                              ("dan", "2-recording/b.ipynb", "missing")]:
        assert any(learner in line and nb in line and kind in line for line in cohort.stdout.splitlines()), \
            cohort.stdout
        assert result(cohort.out, learner, nb)["status"] == "failed"
    assert "5 ok, 3 failed" in cohort.stdout
    detail = result(cohort.out, "cat", "2-recording/b.ipynb")["failure"]["detail"]
    assert f"ran longer than {COHORT_TIMEOUT} s" in detail
    log = (cohort.out / "run.log").read_text(encoding="utf-8")
    assert "cat 2-recording/b.ipynb: FAILED timeout" in log and "Failed (learner, notebook, why)" in log
    assert "integrity: 4 of 4 learners' own checks done by the workers" in log  # picklable, and run there
    assert cohort.reports == [cohort.out]


@pytest.mark.notebooks
@pytest.mark.slow
def test_result_files_follow_the_contract(cohort: Outcome) -> None:
    ann_a = result(cohort.out, "ann", "1-planning/a.ipynb")
    assert set(ann_a) == {"schema", "learner_id", "notebook", "status", "failure", "submission_sha256", "seconds",
                          "exercises", "quiz", "scenarios", "evidence", "roster_entry", "kit_version", "log_sha256",
                          "tampering", "judging_seconds", "cell_errors"}
    assert ann_a["roster_entry"] == {"sector": "grocery", "data_dir": None} and ann_a["tampering"] == []
    assert ann_a["cell_errors"] == []  # every cell of ann's notebook a ran without an error
    assert ann_a["scenarios"] == []  # the cohort's workbook has no scenario cell
    assert ann_a["submission_sha256"] == hashlib.sha256(
        (cohort.subs / "ann" / "1-planning" / "a.ipynb").read_bytes()).hexdigest()
    handed_in = ann_a["exercises"][0].pop("answer")  # the number course.check received (integrity checks)
    store = simulate("ann", sector="grocery")  # the cohort runs on the whole-year store
    assert handed_in == pytest.approx(float(exercises.get("kpi-atv").expected(store)))
    assert ann_a["exercises"] == [{"item_id": "kpi-atv", "status": "correct", "misconception": None, "hints": 2}]
    assert ann_a["quiz"] == [
        {"item_id": "rev-conversion-worked", "status": "correct", "misconception": None, "attempts": 2},
        {"item_id": "rev-complaint-rate", "status": "incorrect", "misconception": None, "attempts": 1}]
    assert result(cohort.out, "ann", "2-recording/b.ipynb")["exercises"] == [
        {"item_id": "kpi-upt", "status": "incorrect", "misconception": None, "answer": 2.0, "hints": 0}]
    assert result(cohort.out, "dan", "1-planning/a.ipynb")["quiz"][0]["status"] == "not_attempted"
    assert result(cohort.out, "bob", "1-planning/a.ipynb")["exercises"] == []


@pytest.mark.notebooks
@pytest.mark.slow
def test_kernels_log_to_a_scratch_copy_with_the_learners_parameters(cohort: Outcome) -> None:
    executed = nbformat.read(results.executed_path(cohort.out, "ann", "1-planning/a.ipynb"), as_version=4)
    injected = next(c.source for c in executed.cells if "injected-parameters" in c.metadata.get("tags", []))
    scratch_log = results.scratch_dir(cohort.out.resolve(), "ann", "1-planning/a.ipynb") / "course-progress.jsonl"
    assert 'learner_id = "ann"' in injected and 'sector = "grocery"' in injected and str(scratch_log) in injected
    logged = progress.read_attempts(scratch_log)  # the learner's 3 quiz attempts and 2 hints, then this run's check
    assert [(a.item_id, a.kind) for a in logged] == [
        ("rev-conversion-worked", "quiz"), ("rev-conversion-worked", "quiz"), ("rev-complaint-rate", "quiz"),
        ("kpi-atv", "hint"), ("kpi-atv", "hint"), ("kpi-atv", "exercise")]
    assert len(progress.read_attempts(cohort.subs / "ann" / "course-progress.jsonl")) == 5


@pytest.mark.notebooks
@pytest.mark.slow
def test_each_learners_store_is_simulated_once_into_the_runs_store_cache(cohort: Outcome) -> None:
    cache = store_cache.folder(cohort.out)
    sectors = {"ann": "grocery", "bob": "apparel", "cat": "electronics", "dan": "homeware"}
    # one entry per learner, made by the tutor's process before their first notebook's kernel started (bob's for
    # his notebook b; his notebook a is corrupt), and signed with the run's key: no second copy anywhere
    assert sorted(p.relative_to(cache).as_posix().split(".")[0] for p in cache.rglob("*.pickle")) == sorted(sectors)
    assert [p for p in cache.iterdir() if p.is_dir()] == []
    for learner_id, sector in sectors.items():
        key = store_cache.cache_key(learner_id, sector=sector, start=None, end=None)
        raw = store_cache.entry_path(cache, key).read_bytes()
        assert raw[store_cache.HEADER_END - 48:store_cache.HEADER_END] != bytes(48), f"{learner_id}'s entry is unsigned"
        assert store_cache.signature_ok(raw, "not the run's key") is None  # signed by this run only
        loaded = store_cache.entry_from_bytes(raw, key)  # as a kernel loads it: no key needed
        assert loaded is not None, f"{learner_id}'s store is not cached under this process's key"
        fresh = simulate(learner_id, sector=sector)
        for name, frame in fresh.tables().items():
            pd.testing.assert_frame_equal(loaded.tables()[name], frame, check_exact=True, obj=name)


@pytest.mark.notebooks
@pytest.mark.slow
def test_gradebook_scores_evidence_and_csv(cohort: Outcome) -> None:
    with contextlib.closing(gradebook.connect(cohort.out / "gradebook.sqlite")) as conn:
        scores = gradebook.scores(conn)
        evidence = {(e.learner_id, e.marking_point): e for e in gradebook.evidence(conn)}
    # ann: kpi-atv (with 2 hints: no penalty) and one of two questions right (planning 2/3), kpi-upt wrong
    assert scores["ann"] == {"planning": 66.7, "recording": 0.0, "total": 50.0}
    assert rows(cohort.out, "SELECT item_id, hints FROM results WHERE learner_id = 'ann' AND hints > 0") == [
        ("kpi-atv", 2)]
    assert scores["bob"] == {"planning": 0.0, "recording": 100.0, "total": 25.0}  # corrupt a: not marked
    # 000:MP5 is kpi-atv, kpi-upt, rev-conversion-worked and (covers) rev-complaint-rate: ann has 2 of 4
    assert (evidence[("ann", "000:MP5")].level, evidence[("ann", "000:MP5")].correct) == ("partly", 2)
    assert evidence[("ann", "000:MP2")].level == "not yet"
    assert evidence[("bob", "000:MP5")].level == "partly"
    with (cohort.out / "gradebook.csv").open(encoding="utf-8", newline="") as handle:
        table = list(csv.reader(handle))
    assert table[0] == ["learner_id", "name", "planning", "recording", "total"]
    assert table[1] == ["ann", "Ann Fine", "66.7", "0.0", "50.0"]
    assert table[2] == ["bob", "'=Bob Corrupt", "0.0", "100.0", "25.0"]  # a formula-looking name is defused
    assert [r[0] for r in table[1:]] == ["ann", "bob", "cat", "dan"]
    (run_row,) = rows(cohort.out, "SELECT executor, jobs, notebooks_total, notebooks_failed, finished IS NOT NULL "
                                  "FROM runs")
    assert run_row == ("local", 2, 8, 3, 1)


@pytest.mark.notebooks
@pytest.mark.slow
def test_resume_runs_only_what_has_no_result(cohort: Outcome, tmp_path: Path) -> None:
    out = tmp_path / "run"
    shutil.copytree(cohort.out, out)
    deleted = results.result_path(out, "ann", "2-recording/b.ipynb")
    deleted.unlink()
    kept = {p: p.stat().st_mtime_ns for p in (out / "results").rglob("*.json")}
    before = rows(out, "SELECT * FROM results ORDER BY learner_id, item_id")
    again = run_cohort(roster=cohort.roster, subs=cohort.subs, out=out, workbook=cohort.workbook,
                       jobs=2, timeout=TIMEOUT)
    assert again.status == 1  # the unchanged failures still count
    assert "1 run in" in again.stdout and "7 unchanged" in again.stdout  # cat's infinite loop was not re-run
    assert {p: p.stat().st_mtime_ns for p in kept} == kept  # nothing else was rewritten (or re-run)
    assert result(out, "ann", "2-recording/b.ipynb")["exercises"][0]["status"] == "incorrect"
    assert rows(out, "SELECT * FROM results ORDER BY learner_id, item_id") == before
    assert rows(out, "SELECT COUNT(*), SUM(status = 'ok') FROM notebook_runs") == [(8, 5)]
    assert rows(out, "SELECT run_id, notebooks_failed FROM runs ORDER BY run_id") == [(1, 3), (2, 3)]


@pytest.mark.notebooks
@pytest.mark.slow
def test_a_changed_progress_log_refreshes_the_quiz_without_a_kernel(cohort: Outcome, tmp_path: Path) -> None:
    subs, out = tmp_path / "subs", tmp_path / "run"
    shutil.copytree(cohort.subs, subs)
    shutil.copytree(cohort.out, out)
    for p in [subs, *subs.rglob("*")]:
        p.chmod(stat.S_IRWXU)
    quiz_log(subs, "ann", [("rev-complaint-rate", "correct", None, "2.5")])
    hint_log(subs, "ann", "kpi-atv", [3])
    again = run_cohort(roster=cohort.roster, subs=subs, out=out, workbook=cohort.workbook,
                       jobs=2, timeout=TIMEOUT)
    assert "0 run in" in again.stdout
    assert result(out, "ann", "1-planning/a.ipynb")["quiz"][1] == {
        "item_id": "rev-complaint-rate", "status": "correct", "misconception": None, "attempts": 2}
    assert result(out, "ann", "1-planning/a.ipynb")["exercises"][0]["hints"] == 3
    assert rows(out, "SELECT hints FROM results WHERE learner_id = 'ann' AND item_id = 'kpi-atv'") == [(3,)]
    assert rows(out, "SELECT status FROM results WHERE learner_id = 'ann' AND item_id = 'rev-complaint-rate'") \
        == [("correct",)]


# --- the fast workbook: interrupting and the Dask executor ----------------------------------------

@pytest.fixture(scope="module")
def fast(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    base = tmp_path_factory.mktemp("fast")
    workbook, subs = fast_workbook(base / "notebooks"), base / "subs"
    answers = {"e1": ("answer = RIGHT", "answer = RIGHT"), "e2": ("answer = 2", "answer = RIGHT"),
               "e3": ("answer = RIGHT", "MISSING")}
    for learner, (a1, a2) in answers.items():
        submit(workbook, subs, learner, {"1-planning/f1.ipynb": a1, "2-recording/f2.ipynb": a2})
    quiz_log(subs, "e2", [("rev-complaint-rate", "correct", None, "2.5")])
    return workbook, subs, roster_file(base / "roster.csv", [(i, i.upper(), "apparel") for i in answers])


@pytest.mark.notebooks
@pytest.mark.slow
def test_ctrl_c_keeps_what_finished_and_the_next_run_does_the_rest(fast, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    workbook, subs, roster = fast
    out = tmp_path / "run"
    real_record = run._record

    def record_then_interrupt(result: dict, **kwargs) -> None:
        real_record(result, **kwargs)
        raise KeyboardInterrupt

    monkeypatch.setattr(run, "_record", record_then_interrupt)
    first = run_cohort(roster=roster, subs=subs, out=out, workbook=workbook, jobs=2, timeout=TIMEOUT)
    monkeypatch.undo()
    assert first.status == run.INTERRUPTED and first.reports == []
    assert "Interrupted" in first.stdout
    assert rows(out, "SELECT COUNT(*) FROM notebook_runs") == [(1,)]
    assert multiprocessing.active_children() == []
    deadline = time.monotonic() + 10
    while processes_working_in(out) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert processes_working_in(out) == [], "a kernel was left running after Ctrl-C"
    on_disk = len(list((out / "results").rglob("*.json")))
    assert 1 <= on_disk <= 6
    second = run_cohort(roster=roster, subs=subs, out=out, workbook=workbook, jobs=2, timeout=TIMEOUT)
    assert second.status == 1  # e3 did not hand in f2
    assert f"{6 - on_disk} run in" in second.stdout
    assert rows(out, "SELECT COUNT(*), SUM(status = 'ok') FROM notebook_runs") == [(6, 5)]
    assert not list(out.rglob("*.tmp"))


def _gradebook_rows(out: Path) -> dict[str, list[tuple]]:
    return {"results": rows(out, "SELECT * FROM results ORDER BY learner_id, item_id"),
            "runs": rows(out, "SELECT learner_id, notebook, status, failure_kind FROM notebook_runs "
                              "ORDER BY learner_id, notebook"),
            "csv": [tuple(r) for r in csv.reader((out / "gradebook.csv").open(encoding="utf-8"))]}


@pytest.mark.notebooks
@pytest.mark.slow
def test_dask_gives_the_same_gradebook_as_the_local_pool(fast, tmp_path: Path) -> None:
    pytest.importorskip("dask.distributed")
    workbook, subs, roster = fast
    local = run_cohort(roster=roster, subs=subs, out=tmp_path / "local", workbook=workbook, jobs=2, timeout=TIMEOUT)
    dask = run_cohort(roster=roster, subs=subs, out=tmp_path / "dask", workbook=workbook, jobs=2, timeout=TIMEOUT,
                      executor="dask")
    runs = f"local run said:\n{local.stdout}\ndask run said:\n{dask.stdout}\nrun.log:\n" + \
        (tmp_path / "dask" / "run.log").read_text(encoding="utf-8")
    assert (local.status, dask.status) == (1, 1), runs
    assert _gradebook_rows(tmp_path / "dask") == _gradebook_rows(tmp_path / "local"), runs
    expected = {("e1", "kpi-atv"): "correct", ("e2", "kpi-atv"): "incorrect", ("e2", "rev-complaint-rate"): "correct"}
    found = {(lr, it): st for lr, it, st, *_ in _gradebook_rows(tmp_path / "dask")["results"]}
    assert expected.items() <= found.items()
    assert rows(tmp_path / "dask", "SELECT executor FROM runs") == [("dask",)]
    assert "integrity: 3 of 3 learners' own checks done by the workers" in runs


# --- one task at a time: crashes and the wall-clock guard ------------------------------------------

def _task(tmp_path: Path, cells: list[str], *, timeout: float = TIMEOUT, wall: float = 60) -> execute.Task:
    subs = tmp_path / "subs" / "k1"
    subs.mkdir(parents=True)
    nbformat.write(notebook((PARAMS, "parameters"), *((c, None) for c in cells)), subs / "k.ipynb")
    return execute.Task("k1", "apparel", "k.ipynb", subs, tmp_path / "run", timeout, wall, (), ())


@pytest.mark.notebooks
@pytest.mark.slow
@pytest.mark.parametrize("crash", ["import os\nos._exit(1)", "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)"])
def test_a_crashed_kernel_is_kernel_died(tmp_path: Path, crash: str) -> None:
    outcome = execute.run_task(_task(tmp_path, ["x = 1", crash, "print('never')"]))
    assert outcome["status"] == "failed" and outcome["failure"]["kind"] == "kernel_died"
    assert "cell 3" in outcome["failure"]["detail"]  # 0 parameters, 1 injected parameters, 2 x = 1
    assert results.read_result(results.result_path(tmp_path / "run", "k1", "k.ipynb")) == outcome


class KernelThatDiesStarting:
    """papermill.execute_notebook as execute sees it, when the first `fails` kernels die before any cell."""

    def __init__(self, fails: int) -> None:
        self.fails, self.calls = fails, 0
        self.real = execute.papermill.execute_notebook

    def __call__(self, *args, **kwargs):
        self.calls += 1
        if self.calls <= self.fails:
            raise RuntimeError("Kernel died before replying to kernel_info")
        return self.real(*args, **kwargs)


@pytest.mark.notebooks
@pytest.mark.slow
def test_a_kernel_that_dies_starting_gets_one_more_go(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    flaky = KernelThatDiesStarting(fails=1)
    monkeypatch.setattr(execute.papermill, "execute_notebook", flaky)
    outcome = execute.run_task(_task(tmp_path, ["x = 1"]))
    assert flaky.calls == 2, "expected the failed start to be tried once more"
    assert outcome["failure"] is None and outcome["status"] == "ok", \
        f"expected the notebook to run on the second go; {outcome['failure']}"


def test_a_kernel_that_never_starts_is_an_error_after_two_tries(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    dead = KernelThatDiesStarting(fails=99)
    monkeypatch.setattr(execute.papermill, "execute_notebook", dead)
    outcome = execute.run_task(_task(tmp_path, ["x = 1"]))
    assert dead.calls == execute.START_ATTEMPTS == 2
    assert outcome["failure"] == {"kind": "error", "detail": "the kernel would not start (RuntimeError: Kernel died "
                                                             "before replying to kernel_info), 2 tries"}


@pytest.mark.notebooks
def test_a_failing_cell_is_never_run_twice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    counted = KernelThatDiesStarting(fails=0)
    monkeypatch.setattr(execute.papermill, "execute_notebook", counted)
    outcome = execute.run_task(_task(tmp_path, ["raise ValueError('the learner s own mistake')"]))
    assert counted.calls == 1
    assert outcome["cell_errors"] == [{"cell": 2, "error": "ValueError: the learner s own mistake"}], outcome


HAND_OVER = ('import json, os\nwith open(os.environ["COURSE_ANSWERS_PATH"], "a") as handle:\n'
             '    handle.write(json.dumps({"item_id": "kpi-atv", "answer": 1.5}) + "\\n")')


@pytest.mark.notebooks
def test_an_error_cell_costs_only_itself_the_cells_after_it_run_and_are_marked(tmp_path: Path) -> None:
    """A learner's cell error (a typo, a blank left) must not lose the exercises after it: every cell runs, as
    nbgrader runs a submission, and the answer handed over after the error is judged."""
    task = dataclasses.replace(_task(tmp_path, ["x = 1", "print(undefined_name)", HAND_OVER, "y = 1 / 0"]),
                               exercise_ids=("kpi-atv",))
    outcome = execute.run_task(task)
    assert outcome["status"] == "ok" and outcome["failure"] is None, outcome["failure"]
    assert [e["cell"] for e in outcome["cell_errors"]] == [3, 5], outcome["cell_errors"]
    assert outcome["cell_errors"][0]["error"].startswith("NameError: name 'undefined_name' is not defined")
    assert [(e["item_id"], e["status"]) for e in outcome["exercises"]] == [("kpi-atv", "incorrect")]
    copy = nbformat.read(results.executed_path(tmp_path / "run", "k1", "k.ipynb"), as_version=4)
    assert len(copy.cells) == 6, "papermill's 'stopped here' banner cells are not in the tutor's copy"
    row = report.notebook_results(tmp_path / "run", "k1").iloc[0]
    assert row["outcome"].startswith("Marked; 2 cells ended in an error: cell 3 (NameError), "
                                     "cell 5 (ZeroDivisionError)"), row["outcome"]


@pytest.mark.notebooks
@pytest.mark.slow
def test_the_whole_notebook_has_a_wall_clock_limit(tmp_path: Path) -> None:
    task = _task(tmp_path, ["import time\ntime.sleep(1)"] * 6, timeout=5, wall=2.5)
    started = time.perf_counter()
    outcome = execute.run_task(task)
    assert outcome["failure"]["kind"] == "timeout" and "in all" in outcome["failure"]["detail"]
    assert time.perf_counter() - started < 5


@pytest.mark.notebooks
@pytest.mark.slow
def test_kernels_draw_inline_and_log_to_the_scratch_copy(tmp_path: Path) -> None:
    task = _task(tmp_path, ['import os\n'
                            'print(os.environ["MPLBACKEND"], os.environ["COURSE_PROGRESS_PATH"], os.getcwd())'])
    outcome = execute.run_task(task)  # no course.results() cell: still marked, on what was handed over (nothing)
    assert outcome["failure"] is None and outcome["exercises"] == []
    executed = nbformat.read(results.executed_path(task.run_dir, "k1", "k.ipynb"), as_version=4)
    scratch = results.scratch_dir(task.run_dir, "k1", "k.ipynb")
    assert executed.cells[-1].outputs[0].text.split() == [kernels.INLINE, str(scratch / "course-progress.jsonl"),
                                                          str(scratch)]


def test_corrupt_and_missing_are_recorded_without_a_kernel(tmp_path: Path) -> None:
    task = _task(tmp_path, [])
    (task.submission / "k.ipynb").write_bytes(b"\x89PNG not a notebook")
    assert execute.run_task(task)["failure"]["kind"] == "corrupt"
    gone = execute.Task("k2", "apparel", "k.ipynb", tmp_path / "subs" / "k2", tmp_path / "run", 5, 5, (), ())
    assert execute.run_task(gone)["failure"] == {"kind": "missing",
                                                 "detail": "no submission folder k2/ for this learner"}


def test_a_result_is_reused_only_for_the_same_submission_and_workbook(tmp_path: Path) -> None:
    task = _task(tmp_path, ["x = 1"])
    task = execute.Task(task.learner_id, task.sector, task.notebook, task.submission, task.run_dir, 5, 15,
                        ("kpi-atv",), ())
    sha = results.submission_sha256(task.submitted)
    ok = {**results.make_result("k1", "k.ipynb", sha=sha, failure=None, seconds=1, quiz=[],
                                exercises=[{"item_id": "kpi-atv", "status": "correct", "misconception": None}]),
          **results.keys_of(task)}
    assert run._still_valid(ok, task)
    # a changed roster entry (sector, data folder) or kit version runs the notebook again
    assert not run._still_valid(ok, dataclasses.replace(task, sector="grocery"))
    assert not run._still_valid(ok, dataclasses.replace(task, data_dir=str(tmp_path / "own-store")))
    assert not run._still_valid({**ok, "kit_version": "0.0.9+000000000000"}, task)
    assert not run._still_valid({k: v for k, v in ok.items() if k != "kit_version"}, task)  # an older result
    assert not run._still_valid({**ok, "submission_sha256": "0" * 64}, task)  # handed in again
    assert not run._still_valid({**ok, "exercises": []}, task)  # the workbook's exercises changed
    assert not run._still_valid({**ok, "learner_id": "someone-else"}, task)
    assert not run._still_valid(None, task)


# --- the workbook plan ----------------------------------------------------------------------------

def test_quiz_cells_are_read_statically() -> None:
    assert plan.quiz_question_ids('course.quiz("reviewing", ids=["rev-complaint-rate", "rev-conversion-worked"])') \
        == ["rev-complaint-rate", "rev-conversion-worked"]
    smart = [q.id for q in load("planning").questions if q.concept == "SMART objectives"]
    assert smart and plan.quiz_question_ids('%matplotlib inline\ncourse.quiz("planning", concept="SMART objectives")') \
        == smart
    assert plan.quiz_question_ids("x = 1  # no quiz here") == []
    with pytest.raises(ValueError, match="literal values"):
        plan.quiz_question_ids("bank = 'planning'\ncourse.quiz(bank)", "nb.ipynb")
    with pytest.raises(ValueError, match=r"nb.ipynb: Bank 'planning' has no question 'nope'"):
        plan.quiz_question_ids('course.quiz("planning", ids=["nope"])', "nb.ipynb")


def test_sections_and_item_ids(tmp_path: Path) -> None:
    assert [plan.section_of(n) for n in ("0-start-here.ipynb", "1-planning/x.ipynb", "7-extra/y.ipynb")] \
        == ["start", "planning", "extra"]
    assert plan.quiz_item_id("plan-smart-objective", {"plan-smart-objective"}) == "quiz:plan-smart-objective"
    assert plan.quiz_item_id("rev-complaint-rate", {"plan-smart-objective"}) == "rev-complaint-rate"
    plans = plan.plan_workbook(cohort_workbook(tmp_path / "wb"))
    assert [(p.notebook, p.section, p.exercise_ids, p.quiz_ids) for p in plans] == [
        ("1-planning/a.ipynb", "planning", ("kpi-atv",), ("rev-conversion-worked", "rev-complaint-rate")),
        ("2-recording/b.ipynb", "recording", ("kpi-upt",), ())]
    with pytest.raises(ValueError, match="no notebooks found"):
        plan.plan_workbook(tmp_path / "empty")


# --- the gradebook on its own ---------------------------------------------------------------------

@dataclass(frozen=True)
class _Learner:
    learner_id: str
    name: str
    sector: str = "apparel"


def _small_gradebook(tmp_path: Path) -> sqlite3.Connection:
    plans = [plan.NotebookPlan("1-planning/a.ipynb", "planning", ("plan-smart-objective",),
                               (plan.Question("plan-smart-objective", "000:MP1", ()),)),
             plan.NotebookPlan("2-recording/b.ipynb", "recording", ("kpi-upt",), ())]
    conn = gradebook.connect(tmp_path / "gradebook.sqlite")
    gradebook.set_catalogue(conn, [_Learner("l1", "One"), _Learner("l2", "+Two")], plans, plan.items(plans))
    return conn


def _result(learner: str, nb: str, exercises: list[tuple[str, str]], quiz: list[tuple[str, str]] = (),
            failure: dict | None = None) -> dict:
    return {"schema": 1, "learner_id": learner, "notebook": nb, "status": "failed" if failure else "ok",
            "failure": failure, "submission_sha256": "x", "seconds": 1.0,
            "exercises": [{"item_id": i, "status": s, "misconception": None} for i, s in exercises],
            "quiz": [{"item_id": i, "status": s, "misconception": None, "attempts": 1} for i, s in quiz]}


def test_an_exercise_and_a_question_with_the_same_id_are_both_kept(tmp_path: Path) -> None:
    conn = _small_gradebook(tmp_path)
    gradebook.write_result(conn, _result("l1", "1-planning/a.ipynb", [("plan-smart-objective", "incorrect")],
                                         [("plan-smart-objective", "correct")]))
    assert conn.execute("SELECT item_id, kind FROM items ORDER BY rowid").fetchall() == [
        ("plan-smart-objective", "exercise"), ("quiz:plan-smart-objective", "quiz"), ("kpi-upt", "exercise")]
    assert conn.execute("SELECT item_id, status, attempts FROM results ORDER BY item_id").fetchall() == [
        ("plan-smart-objective", "incorrect", None), ("quiz:plan-smart-objective", "correct", 1)]
    evidence = {(e.learner_id, e.marking_point): (e.level, e.correct, e.items) for e in gradebook.evidence(conn)}
    assert evidence[("l1", "000:MP1")] == ("partly", 1, 2) and evidence[("l2", "000:MP1")] == ("not yet", 0, 2)


def test_a_failed_rerun_clears_the_notebooks_exercise_rows(tmp_path: Path) -> None:
    conn = _small_gradebook(tmp_path)
    gradebook.write_result(conn, _result("l1", "2-recording/b.ipynb", [("kpi-upt", "correct")]))
    gradebook.write_result(conn, _result("l1", "2-recording/b.ipynb", [], failure={"kind": "timeout", "detail": "d"}))
    assert conn.execute("SELECT COUNT(*) FROM results").fetchone() == (0,)
    assert conn.execute("SELECT status, failure_kind FROM notebook_runs").fetchall() == [("failed", "timeout")]


def test_a_result_goes_in_whole_or_not_at_all(tmp_path: Path) -> None:
    conn = _small_gradebook(tmp_path)
    both = [("plan-smart-objective", "correct")]
    good = _result("l1", "1-planning/a.ipynb", both, both)
    gradebook.write_result(conn, good)
    bad = _result("l1", "1-planning/a.ipynb", [("plan-smart-objective", "incorrect")], [("plan-smart-objective", "x")])
    bad["quiz"][0]["misconception"] = {"not": "storable"}  # fails on the second insert, after the DELETE
    with pytest.raises(sqlite3.Error):
        gradebook.write_result(conn, bad)
    assert conn.execute("SELECT item_id, status FROM results ORDER BY item_id").fetchall() == [
        ("plan-smart-objective", "correct"), ("quiz:plan-smart-objective", "correct")]
    assert conn.execute("SELECT status FROM notebook_runs").fetchall() == [("ok",)]


OLD_RESULTS_TABLE = ("CREATE TABLE results(learner_id TEXT, item_id TEXT, status TEXT, misconception TEXT, "
                     "attempts INTEGER, PRIMARY KEY (learner_id, item_id))")  # as written before hints


def test_a_gradebook_from_before_hints_gains_the_column_and_keeps_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "gradebook.sqlite"
    with contextlib.closing(sqlite3.connect(path)) as old:
        old.execute(OLD_RESULTS_TABLE)
        old.execute("INSERT INTO results VALUES ('l1', 'kpi-upt', 'correct', NULL, NULL)")
        old.commit()
    conn = gradebook.connect(path)  # as a resumed run opens it
    assert conn.execute("SELECT learner_id, item_id, status, hints FROM results").fetchall() == [
        ("l1", "kpi-upt", "correct", 0)]
    conn.close()
    conn = _small_gradebook(tmp_path)  # the same file again: nothing to add the second time
    solved = _result("l1", "2-recording/b.ipynb", [("kpi-upt", "correct")])
    solved["exercises"][0]["hints"] = 2
    gradebook.write_result(conn, solved)
    gradebook.write_result(conn, _result("l2", "2-recording/b.ipynb", [("kpi-upt", "correct")]))  # no "hints" key
    hints = conn.execute("SELECT learner_id, hints FROM results ORDER BY learner_id").fetchall()
    assert hints == [("l1", 2), ("l2", 0)]
    scores = gradebook.scores(conn)
    assert scores["l1"] == scores["l2"] == {"planning": 0.0, "recording": 100.0, "total": 33.3}  # no penalty


def test_a_hints_value_that_is_not_a_count_goes_in_as_zero(tmp_path: Path) -> None:
    conn = _small_gradebook(tmp_path)
    for bad in (-1, "2", 1.5, None, True):
        entry = _result("l1", "2-recording/b.ipynb", [("kpi-upt", "incorrect")])
        entry["exercises"][0]["hints"] = bad
        gradebook.write_result(conn, entry)
        assert conn.execute("SELECT hints FROM results").fetchall() == [(0,)], bad


def test_scores_and_the_lms_export(tmp_path: Path) -> None:
    conn = _small_gradebook(tmp_path)
    gradebook.write_result(conn, _result("l1", "1-planning/a.ipynb", [("plan-smart-objective", "correct")],
                                         [("plan-smart-objective", "incorrect")]))
    gradebook.write_result(conn, _result("l1", "2-recording/b.ipynb", [("kpi-upt", "correct")]))
    assert gradebook.scores(conn) == {"l1": {"planning": 50.0, "recording": 100.0, "total": 66.7},
                                      "l2": {"planning": 0.0, "recording": 0.0, "total": 0.0}}
    gradebook.export_csv(conn, tmp_path / "gradebook.csv")
    assert (tmp_path / "gradebook.csv").read_text(encoding="utf-8").splitlines() == [
        "learner_id,name,planning,recording,total", "l1,One,50.0,100.0,66.7", "l2,'+Two,0.0,0.0,0.0"]


# --- arguments and the command line ---------------------------------------------------------------

def test_bad_arguments_are_refused_before_anything_runs(tmp_path: Path) -> None:
    subs = tmp_path / "subs"
    subs.mkdir()
    common = {"roster": tmp_path / "roster.csv", "notebooks": tmp_path}
    with pytest.raises(ValueError, match="inside --submissions"):
        run_verb.main(submissions=subs, out=subs / "run", **common)
    with pytest.raises(ValueError, match="--timeout must be a positive"):
        run_verb.main(submissions=subs, out=tmp_path / "run", timeout=0, **common)
    with pytest.raises(ValueError, match="--jobs"):
        run_verb.main(submissions=subs, out=tmp_path / "run", jobs=0, **common)
    with pytest.raises(FileNotFoundError, match="no such folder"):
        run_verb.main(submissions=tmp_path / "nope", out=tmp_path / "run", **common)
    with pytest.raises(ValueError, match="only used with --executor dask"), \
            run.executors.open_executor("local", jobs=1, scheduler="tcp://x:1"):
        pass
    assert not (tmp_path / "run").exists() and list(subs.iterdir()) == []


def test_the_run_command_passes_its_flags_to_main(monkeypatch: pytest.MonkeyPatch) -> None:
    seen = {}
    monkeypatch.setattr(run, "run_cohort", lambda **kwargs: seen.update(kwargs) or 0)
    assert cli(["run", "--roster", "r.csv", "--submissions", "subs", "--out", "out", "--jobs", "3",
                "--timeout", "30", "--executor", "dask", "--scheduler", "tcp://h:8786", "--only", "ann"]) == 0
    assert seen == {"roster": Path("r.csv"), "submissions": Path("subs"), "out": Path("out"), "jobs": 3,
                    "timeout": 30.0, "executor": "dask", "scheduler": "tcp://h:8786", "notebooks": Path("notebooks"),
                    "only": "ann"}


def test_a_roster_data_dir_that_is_not_a_store_is_refused_before_anything_runs(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "subs").mkdir()
    for given, says in (("missing", "does not exist"), ("empty", "has no store.json")):
        roster = tmp_path / f"roster-{given}.csv"
        roster.write_text(f"learner_id,name,sector,data_dir\nann,Ann,apparel,{given}\n", encoding="utf-8")
        with pytest.raises(ValueError, match=f"data_dir '{given}' of learner 'ann' {says}"):
            run.run_cohort(roster=roster, submissions=tmp_path / "subs", out=tmp_path / f"out-{given}", jobs=1,
                           timeout=30, executor="local", scheduler=None,
                           notebooks=Path(__file__).resolve().parents[1] / "notebooks")
        assert not (tmp_path / f"out-{given}").exists()
