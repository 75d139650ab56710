"""Learner reports and the class summary (course report), on a RUN folder built by hand from
docs/tutor-data.md: three learners, one named like an XSS attack and one with a failed notebook."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from course import exercises
from course.notebooks import read, tags
from course.store import cache as store_cache
from course.tutor import gradebook, report
from course.tutor import gradebook_view as gv
from course.tutor.summary import write_class_summary

ROOT = Path(__file__).resolve().parents[1]
NB0, NB1, NB2 = ("0-start-here.ipynb", "1-planning/1.1-service-standards-and-plans.ipynb",
                 "1-planning/1.2-staffing-to-footfall.ipynb")
ITEMS = [  # item_id, kind, section, notebook, marking_point, covers
    ("kpi-conversion", "exercise", "start", NB0, "000:MP5", '["000:KC2"]'),
    ("kpi-atv", "exercise", "start", NB0, "000:MP5", '["000:KC2"]'),
    ("rev-conversion-worked", "quiz", "start", NB0, "000:MP5", "[]"),
    ("plan-sla-met", "exercise", "planning", NB1, "001:MP1", '["000:KC3"]'),
    ("plan-top-complaint", "exercise", "planning", NB1, "000:MP3", '["002:KC1"]'),
    ("plan-sla-meaning", "quiz", "planning", NB1, "001:MP1", "[]"),
    ("plan-peak-hour", "exercise", "planning", NB2, "000:MP1", '["002:MP6"]'),
    ("plan-staff-needed", "exercise", "planning", NB2, "000:MP1", '["002:MP6", "002:ET2"]'),
    ("plan-footfall-peaks", "quiz", "planning", NB2, "000:MP1", None),
]
XSS = "<script>alert(1)</script>"
LEARNERS = [("kx-07", "Priya Shah", "grocery"), ("qz-19", XSS, "apparel"), ("mb-33", "Tom O'Neil", "electronics")]
OK, BAD, NONE, INVALID = "correct", "incorrect", "not_attempted", "invalid"
RESULTS = {  # learner -> notebook -> [(item, status, misconception, attempts)]; None: the notebook failed
    "kx-07": {NB0: [("kpi-conversion", OK, None, 1), ("kpi-atv", BAD, "atv-per-unit", 2),
                    ("rev-conversion-worked", OK, None, 1)],
              NB1: [("plan-sla-met", BAD, "sla-open-counted-as-met", 1), ("plan-top-complaint", OK, None, 1),
                    ("plan-sla-meaning", OK, None, 2)],
              NB2: [("plan-peak-hour", OK, None, 1), ("plan-staff-needed", OK, None, 1),
                    ("plan-footfall-peaks", BAD, "footfall-peak-misplaced", 1)]},
    "qz-19": {NB0: [("kpi-conversion", BAD, "conversion-inverted", 1), ("kpi-atv", NONE, None, 0),
                    ("rev-conversion-worked", NONE, None, 0)],
              NB1: [("plan-sla-met", BAD, "sla-open-counted-as-met", 2), ("plan-top-complaint", INVALID, None, 1),
                    ("plan-sla-meaning", BAD, None, 3)],
              NB2: [("plan-peak-hour", NONE, None, 0), ("plan-staff-needed", BAD, "staffing-rounded-down", 1),
                    ("plan-footfall-peaks", OK, None, 1)]},
    "mb-33": {NB0: [("kpi-conversion", OK, None, 1), ("kpi-atv", OK, None, 1), ("rev-conversion-worked", OK, None, 1)],
              NB1: [("plan-sla-met", OK, None, 1), ("plan-top-complaint", OK, None, 1),
                    ("plan-sla-meaning", NONE, None, 0)],
              NB2: None},
}
TIMEOUT = "SUBS/mb-33/1-planning/1.2-staffing-to-footfall.ipynb: cell 14 ran for more than 120 s (Tom O'Neil)"
SCHEMA = """
CREATE TABLE learners(learner_id TEXT PRIMARY KEY, name TEXT, sector TEXT);
CREATE TABLE notebooks(notebook TEXT PRIMARY KEY, section TEXT);
CREATE TABLE items(item_id TEXT PRIMARY KEY, kind TEXT, section TEXT, notebook TEXT, marking_point TEXT, covers TEXT);
CREATE TABLE results(learner_id TEXT, item_id TEXT, status TEXT, misconception TEXT, attempts INTEGER,
                     PRIMARY KEY (learner_id, item_id));
CREATE TABLE notebook_runs(learner_id TEXT, notebook TEXT, status TEXT, failure_kind TEXT, failure_detail TEXT,
                           seconds REAL, PRIMARY KEY (learner_id, notebook));
CREATE TABLE runs(run_id INTEGER PRIMARY KEY, started TEXT, finished TEXT, executor TEXT, jobs INTEGER,
                  notebooks_total INTEGER, notebooks_failed INTEGER);
"""


def make_run(folder: Path) -> Path:
    """Write RUN/gradebook.sqlite and RUN/results/<learner>/<notebook>.json as `course run` would."""
    folder.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(folder / "gradebook.sqlite")
    with con:
        con.executescript(SCHEMA)
        con.executemany("INSERT INTO learners VALUES (?, ?, ?)", LEARNERS)
        con.executemany("INSERT INTO notebooks VALUES (?, ?)", [(NB0, "start"), (NB1, "planning"), (NB2, "planning")])
        con.executemany("INSERT INTO items VALUES (?, ?, ?, ?, ?, ?)", ITEMS)
        for learner, notebooks in RESULTS.items():
            for notebook, rows in notebooks.items():
                _result_file(folder, learner, notebook, rows)
                failed = rows is None
                con.execute("INSERT INTO notebook_runs VALUES (?, ?, ?, ?, ?, ?)",
                            (learner, notebook, "failed" if failed else "ok", "timeout" if failed else None,
                             TIMEOUT if failed else None, 120.0 if failed else 4.2))
                con.executemany("INSERT INTO results VALUES (?, ?, ?, ?, ?)",
                                [(learner, item, status, mis, tries) for item, status, mis, tries in rows or []])
        con.execute("INSERT INTO runs VALUES (1, '2025-06-01T09:00:00Z', '2025-06-01T09:05:00Z', 'local', 2, 9, 1)")
    con.close()
    return folder


def _result_file(run: Path, learner: str, notebook: str, rows: list | None) -> None:
    kinds = {item: kind for item, kind, *_ in ITEMS}
    entries = [{"item_id": i, "status": s, "misconception": m, **({"attempts": a} if kinds[i] == "quiz" else {})}
               for i, s, m, a in rows or []]
    data = {"schema": 1, "learner_id": learner, "notebook": notebook, "status": "failed" if rows is None else "ok",
            "failure": {"kind": "timeout", "detail": TIMEOUT} if rows is None else None,
            "submission_sha256": "0" * 64, "seconds": 4.2,
            "exercises": [e for e in entries if kinds[e["item_id"]] == "exercise"],
            "quiz": [e for e in entries if kinds[e["item_id"]] == "quiz"]}
    path = run / "results" / learner / Path(notebook).with_suffix(".json")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")


def identities(learner: str) -> list[str]:
    """Every way a learner's id or name could appear in a page: raw and HTML-escaped."""
    name = {i: n for i, n, _ in LEARNERS}[learner]
    return sorted({learner, name, html.escape(name), html.escape(name, quote=False)})


TOP_MISCONCEPTION = next(m.name for m in exercises.get("plan-sla-met").misconceptions
                         if m.id == "sla-open-counted-as-met")


# ---- fast: the gradebook views and the class summary, no kernels -------------------------------------

def test_scores_evidence_and_failures_follow_the_contract(tmp_path: Path) -> None:
    gb = gv.read_gradebook(make_run(tmp_path / "run"))
    scores = gv.section_scores(gb).set_index(["learner_id", "section"])["score"]
    assert gb.sections == ["start", "planning"]
    assert scores[("kx-07", "start")] == pytest.approx(66.7) and scores[("kx-07", "planning")] == pytest.approx(66.7)
    assert scores[("mb-33", "planning")] == pytest.approx(33.3)  # the failed notebook's 3 items count as not correct
    assert gv.total_scores(gb)["qz-19"] == pytest.approx(11.1)
    mp = gv.evidence(gb, "kx-07").set_index("code")["evidence"].to_dict()
    assert mp == {"000:MP1": "Partly", "000:MP3": "Met", "000:MP5": "Partly", "001:MP1": "Partly", "002:MP6": "Met"}
    failed = gv.failures(gb)
    assert failed[["learner_id", "notebook", "kind"]].values.tolist() == [["mb-33", NB2, "timeout"]]
    assert gv.outcomes(gb, "mb-33").query("notebook == @NB2")["status"].eq(gv.NOT_MARKED).all()


def add_hints(run: Path, hints: dict[tuple[str, str], int]) -> None:
    """Open the run's (pre-hints) gradebook as `course run` would, which adds the column, and set some hints."""
    conn = gradebook.connect(run / "gradebook.sqlite")
    conn.executemany("UPDATE results SET hints = ? WHERE learner_id = ? AND item_id = ?",
                     [(n, learner, item) for (learner, item), n in hints.items()])
    conn.close()


def test_a_gradebook_from_before_hints_reads_as_no_hints(tmp_path: Path) -> None:
    gb = gv.read_gradebook(make_run(tmp_path / "run"))  # the fixture's schema has no hints column
    assert set(gb.results["hints"]) == {0}
    assert set(gv.outcomes(gb)["hints"]) == {0}  # not-marked items too


def test_hints_are_shown_beside_the_result_and_never_change_a_score(tmp_path: Path) -> None:
    run = make_run(tmp_path / "run")
    before = gv.read_gradebook(run)
    add_hints(run, {("kx-07", "plan-top-complaint"): 2, ("kx-07", "kpi-conversion"): 1, ("kx-07", "kpi-atv"): 3})
    after = gv.read_gradebook(run)
    assert gv.section_scores(after).equals(gv.section_scores(before))
    assert gv.total_scores(after) == gv.total_scores(before)
    assert gv.evidence(after, "kx-07").equals(gv.evidence(before, "kx-07"))
    hints = gv.outcomes(after, "kx-07").set_index("item_id")["hints"]
    assert (hints["plan-top-complaint"], hints["kpi-atv"], hints["plan-peak-hour"]) == (2, 3, 0)


@pytest.mark.parametrize("status, hints, label", [
    ("correct", 0, "Correct"), ("correct", 1, "Correct: solved with 1 hint"),
    ("correct", 2, "Correct: solved with 2 hints"), ("incorrect", 3, "Not yet right (3 hints seen)"),
    ("not_attempted", 0, "Not attempted"), (gv.NOT_MARKED, 0, "Not marked (notebook not run)"),
])
def test_result_labels_name_the_hints_used(status: str, hints: int, label: str) -> None:
    assert gv.result_label(status, hints) == label


def test_items_are_titled_by_kind_even_when_a_quiz_id_is_also_an_exercise_id() -> None:
    from course.quiz import load

    question = load("reviewing").questions[0]  # the gradebook prefixes a question id that is also an exercise's
    assert gv.item_title(f"quiz:{question.id}", "quiz", "reviewing") == question.concept
    assert gv.item_title(question.id, "quiz", "start") == question.concept  # start-here shows reviewing questions
    assert gv.question_id(f"quiz:{question.id}") == question.id
    assert gv.item_title("plan-sla-met", "exercise", "planning") == exercises.get("plan-sla-met").title
    assert gv.item_title("no-such-item", "quiz", "planning") == "no-such-item"


def test_next_steps_come_from_the_gaps(tmp_path: Path) -> None:
    gb = gv.read_gradebook(make_run(tmp_path / "run"))
    steps = report.next_steps(gb, "mb-33")
    assert NB2 in steps[0] and "could not be marked" in steps[0]
    assert any("not attempted" in s and NB1 in s for s in steps)
    kx = " ".join(report.next_steps(gb, "kx-07"))
    assert TOP_MISCONCEPTION in kx and "A complaint still open" in kx


def test_class_summary_is_escaped_accessible_and_lists_failures_and_misconceptions(tmp_path: Path) -> None:
    run = make_run(tmp_path / "run")
    gb = gv.read_gradebook(run)
    page = write_class_summary(run, report.people(run, gb, pseudonymise=False), gradebook=gb).read_text("utf-8")
    assert XSS not in page and html.escape(XSS) in page
    assert "<script" not in page.lower()
    assert html.escape("Tom O'Neil") in page and 'href="reports/kx-07.html"' in page
    assert TIMEOUT.split(":")[0] in page and "Ran out of time" in page  # the failure: learner, notebook, kind
    misconceptions = page[page.index("Most common misconceptions</h2>"):page.index("most often missed")]
    assert re.search(rf"<tr><th scope=\"row\">{re.escape(TOP_MISCONCEPTION)}</th><td>2</td>", misconceptions)
    images = re.findall(r"<img [^>]*>", page)
    assert len(images) == 2 and all('src="data:image/png;base64,' in i and 'alt="' in i for i in images)
    assert "How to read this page" in page and '<th scope="col">' in page
    assert not re.search(r"20\d\d-\d\d-\d\d", page)  # no run timestamps on the page


def test_pseudonymised_summary_holds_no_real_id_or_name(tmp_path: Path) -> None:
    run = make_run(tmp_path / "run")
    gb = gv.read_gradebook(run)
    people = report.people(run, gb, pseudonymise=True)
    page = write_class_summary(run, people, pseudonymised=True, gradebook=gb).read_text("utf-8")
    for learner, *_ in LEARNERS:
        assert not [s for s in identities(learner) if s in page], learner
        assert re.fullmatch(r"Learner [0-9a-f]{6}", people[learner].label) and people[learner].label in page
    assert report.people(run, gb, pseudonymise=True) == people  # stable: the key is kept in RUN/
    assert (run / report.SECRET_FILE).stat().st_mode & 0o077 == 0
    other = make_run(tmp_path / "other")
    assert report.pseudonyms(other, ["kx-07"])["kx-07"] != people["kx-07"].label  # keyed per run


def test_the_template_is_committed_clean_with_a_parameters_cell() -> None:
    nb = read(ROOT / "notebooks" / "templates" / "learner-report.ipynb")
    assert nb.metadata["kernelspec"]["name"] == "python3"
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.outputs == [] and c.execution_count is None for c in code)
    assert "parameters" in tags(code[0])
    assigned = set(re.findall(r"^(\w+) =", code[0].source, re.M))
    assert {"learner_id", "name", "sector", "run_dir", "pseudonymise"} <= assigned
    assert report.default_template() == ROOT / "notebooks" / "templates" / "learner-report.ipynb"


def test_missing_gradebook_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from course.cli import main as cli

    assert cli(["report", "--run", str(tmp_path)]) == 2
    assert "no gradebook here" in capsys.readouterr().err


# ---- slow: the whole verb, papermill kernels included ------------------------------------------------

@pytest.fixture(scope="module")
def reported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    run = make_run(tmp_path_factory.mktemp("report") / "run")
    assert report.write_reports(run=run, pseudonymise=False) == 0
    return run


@pytest.mark.notebooks
@pytest.mark.slow
def test_every_learner_gets_a_self_contained_report_with_code_hidden(reported: Path) -> None:
    assert (reported / "class-summary.html").is_file()
    for learner, name, _sector in LEARNERS:
        page = (reported / "reports" / f"{learner}.html").read_text("utf-8")
        assert XSS not in page and "import course" not in page and "gv.read_gradebook" not in page
        assert "<script src=" not in page  # opens offline: no require.js, MathJax or Mermaid from the web
        assert f"<h1>Progress report: {html.escape(name, quote=False)}</h1>" in page  # nbconvert unescapes ' in text
        for other, *_ in LEARNERS:
            if other != learner:
                assert not [s for s in identities(other) if s in page], f"{other} appears in {learner}'s report"
        images = re.findall(r"<img [^>]*>", page)
        assert len(images) == 3 and all("data:image/png;base64," in i and 'alt="' in i for i in images)
        assert "Progress per section" in page and "Next steps" in page and "Marking-point evidence" in page
    xss = (reported / "reports" / "qz-19.html").read_text("utf-8")
    assert html.escape(XSS) in xss and "&lt;script&gt;" in xss
    failed = (reported / "reports" / "mb-33.html").read_text("utf-8")
    assert "Ran out of time" in failed and html.escape(TIMEOUT, quote=False) in failed
    assert TOP_MISCONCEPTION in (reported / "reports" / "kx-07.html").read_text("utf-8")


@pytest.mark.notebooks
@pytest.mark.slow
def test_reports_are_identical_when_exported_again(reported: Path) -> None:
    executed = reported / "reports" / ".work" / "kx-07.ipynb"
    page = (reported / "reports" / "kx-07.html").read_text("utf-8")
    assert report.export_html(executed, title="Progress report: Priya Shah") == page
    assert not re.search(r"20\d\d-\d\d-\d\dT\d\d:", page)


@pytest.mark.notebooks
@pytest.mark.slow
def test_reports_cache_each_store_in_the_run_and_a_report_from_the_cache_is_the_same(reported: Path,
                                                                                     tmp_path: Path) -> None:
    run = shutil.copytree(reported, tmp_path / "run")
    cache = store_cache.folder(run)
    assert sorted(p.name.split(".")[0] for p in cache.glob("*.pickle")) == sorted(lr for lr, *_ in LEARNERS)
    saved = {p: p.stat().st_mtime_ns for p in cache.glob("*.pickle")}
    person = report.people(run, gv.read_gradebook(run), pseudonymise=False)["kx-07"]
    page = report.write_report(run, "kx-07", "Priya Shah", "grocery", person, template=report.default_template(),
                               pseudonymise=False)
    assert page.read_text("utf-8") == (reported / "reports" / "kx-07.html").read_text("utf-8")
    assert {p: p.stat().st_mtime_ns for p in cache.glob("*.pickle")} == saved, "a hit rewrites nothing"


@pytest.mark.notebooks
@pytest.mark.slow
def test_the_report_says_how_many_hints_a_solved_exercise_needed(tmp_path: Path) -> None:
    run = make_run(tmp_path / "run")
    add_hints(run, {("kx-07", "plan-top-complaint"): 2, ("kx-07", "kpi-conversion"): 1})
    gb = gv.read_gradebook(run)
    person = report.people(run, gb, pseudonymise=False)["kx-07"]
    page = report.write_report(run, "kx-07", "Priya Shah", "grocery", person, template=report.default_template(),
                               pseudonymise=False).read_text("utf-8")
    assert "<td>Correct: solved with 2 hints</td>" in page and "<td>Correct: solved with 1 hint</td>" in page
    assert "Overall you have 6 of 9 items correct (67%)" in page  # the same as without hints


@pytest.mark.notebooks
@pytest.mark.slow
def test_pseudonymised_report_names_nobody(tmp_path: Path) -> None:
    run = make_run(tmp_path / "run")  # mb-33's failure detail holds their id and their name
    gb = gv.read_gradebook(run)
    people = report.people(run, gb, pseudonymise=True)
    path = report.write_report(run, "mb-33", "Tom O'Neil", "electronics", people["mb-33"],
                               template=report.default_template(), pseudonymise=True)
    assert path.name == people["mb-33"].label.lower().replace(" ", "-") + ".html"
    page = path.read_text("utf-8")
    assert f"Progress report: {people['mb-33'].label}" in page and "Ran out of time" in page
    for learner, *_ in LEARNERS:
        assert not [s for s in identities(learner) if s in page], f"{learner} appears in the pseudonymised report"


def _template(path: Path, *cells: str) -> Path:
    """A report template of its own: the parameters cell `course report` fills in, then `cells`."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    parameters = new_code_cell('learner_id = name = sector = run_dir = ""\npseudonymise = False')
    parameters.metadata["tags"] = ["parameters"]
    nbformat.write(new_notebook(cells=[parameters, *map(new_code_cell, cells)],
                                metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                         "language": "python"}}), path)
    return path


def test_a_small_class_is_reported_in_this_process_and_a_larger_one_in_workers(monkeypatch) -> None:
    monkeypatch.setattr(report.os, "cpu_count", lambda: 8)
    assert [report.report_workers(None, n) for n in (1, 2, 3, 4, 5, 30)] == [1, 1, 1, 4, 4, 4]
    assert [report.report_workers(2, n) for n in (1, 2, 3, 30)] == [1, 2, 2, 2]  # asked for: as many, one a learner
    monkeypatch.setattr(report.os, "cpu_count", lambda: 2)
    assert report.report_workers(None, 4) == 2


@pytest.mark.notebooks
@pytest.mark.slow
def test_reports_made_in_workers_are_made_there_and_a_failing_one_costs_only_its_own(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """`jobs=2`: each report's notebook runs under a worker process, not this one, and a template that fails for one
    learner costs that learner's report only, and says why. The kernels start as ordinary processes
    (COURSE_FORK_KERNELS=0), so a kernel's parent is the process that ran its report (a forked kernel's is a fork
    server); the template is three cells: this is the pool's path, not the report's content."""
    template = _template(tmp_path / "whose.ipynb", "import os",
                         "if learner_id == 'mb-33':\n    raise RuntimeError('template bug')",
                         "print(f'made under process {os.getppid()}.')")
    run = make_run(tmp_path / "run")
    with sqlite3.connect(run / "gradebook.sqlite") as con:  # two learners, two workers
        con.execute("DELETE FROM learners WHERE learner_id = 'qz-19'")
    monkeypatch.setenv("COURSE_FORK_KERNELS", "0")
    assert report.write_reports(run=run, pseudonymise=False, template=template, jobs=2) == 1
    assert (run / "class-summary.html").is_file() and not (run / "reports" / "mb-33.html").exists()
    err = capsys.readouterr().err
    assert "no report for mb-33" in err and "RuntimeError: template bug" in err and "kx-07" not in err, err
    parents = re.findall(r"made under process (\d+)\.", (run / "reports" / "kx-07.html").read_text())
    assert len(parents) == 1 and parents[0] != str(os.getpid()), f"made under {parents}, this process is {os.getpid()}"
