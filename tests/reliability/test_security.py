"""Security probes: paths that try to escape, markup in what learners provide, SQL injection, answers in
learner-facing files, one learner's data in another's report, and real ids in pseudonymised output.

- Learner ids and file names never leave their folder: through the roster, `course assign`, `course run`,
  `course report` and `course.portfolio.save` (../, absolute paths, links, NUL, Windows device names,
  very long names).
- Every learner-provided string (names, answers' misconceptions, error messages from their notebooks) is
  escaped in the HTML reports and the class summary: the raw payload never appears.
- The SQL of the service log and the gradebook is parameterised: injection strings are stored as text, no
  value ever appears inside an executed statement, and a scan of the source finds no SQL built from values.
- `course assign` writes nothing that gives an answer away, and never copies solutions/.
- A learner's report holds nothing of another learner's; `--pseudonymise` output holds no real id or name.
Each probe is counted with tally("security probe").
"""

from __future__ import annotations

import ast
import contextlib
import csv
import hashlib
import html
import io
import itertools
import json
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import matplotlib
import nbformat
import pandas as pd
import pytest

import course
from course import portfolio, progress, session
from course.records import RecordError, ServiceLog
from course.store import cache as store_cache
from course.store import simulate
from course.tutor import assign, gradebook, plan, report, results, run
from course.tutor import gradebook_view as gv
from course.tutor.roster import Learner
from course.tutor.summary import write_class_summary
from tests.helpers import course_cmd
from tests.reliability import test_faults as cohort
from tests.secrets import leaks

matplotlib.use("Agg")
ROOT = Path(__file__).resolve().parents[2]
PERIOD = {"start": "2025-01-01", "end": "2025-02-25"}
ESCAPING_IDS = ["../escape", "..", ".", "/etc/passwd", "a/b", "a\\b", "C:\\Users\\x", "a\x00b", "CON", "com1.txt",
                "nul", "x" * 300, "~root", "$HOME", "a:b", "a*b", "a?b", "<b>", ".hidden", "-rf", "ab.", "tab\there"]


# --- helpers ----------------------------------------------------------------------------------------------

def all_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def write_roster(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([("learner_id", "name", "sector"), *rows])
    return path


pytestmark = pytest.mark.usefixtures("notary_database")


# --- ids and names that try to leave their folder -----------------------------------------------------------

@pytest.mark.parametrize("learner_id", ESCAPING_IDS, ids=[repr(i)[:20] for i in ESCAPING_IDS])
def test_an_escaping_id_is_refused_by_assign_and_run_before_anything_is_written(learner_id: str, tmp_path: Path,
                                                                                tally) -> None:
    work = tmp_path / "work"
    work.mkdir()
    roster_path = work / "roster.csv"
    roster_path.write_bytes(f"learner_id,name\n{learner_id},Jo\n".encode())
    (work / "subs").mkdir()
    for argv in (("assign", "--roster", roster_path, "--out", work / "assigned"),
                 ("run", "--roster", roster_path, "--submissions", work / "subs", "--out", work / "run")):
        status, _, err = course_cmd(*argv)
        assert status != 0 and "roster.csv" in err and "Traceback" not in err, err
        tally("security probe")
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["roster.csv", "subs", "work"]


@pytest.mark.parametrize("learner_id", ["../escape", "/tmp/abs", "a/../../b", "CON", "x" * 100, "a\x00b", ""])
def test_code_that_skips_the_roster_still_refuses_an_escaping_id(learner_id: str, tmp_path: Path, tally) -> None:
    sneaky = Learner(learner_id, "Jo", "apparel")
    with pytest.raises(ValueError, match=r"learner_id|cannot be a folder name"):
        assign.assign_learner(sneaky, out=tmp_path / "assigned", notebooks=tmp_path, sources=[],
                              notary=None)  # type: ignore[arg-type]  # no notary: refused before signing
    with pytest.raises(ValueError, match="cannot be a folder name"):
        run._tasks([sneaky], [], tmp_path / "subs", tmp_path / "run", 10, cell_bars=False)
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    with contextlib.closing(gradebook.connect(run_dir / "gradebook.sqlite")) as conn:
        gradebook.set_catalogue(conn, [sneaky], [], [])
    with pytest.raises(ValueError, match="is not a usable learner id"):
        report.people(run_dir, gv.read_gradebook(run_dir), pseudonymise=False)
    tally("security probe", 3)
    assert not (tmp_path / "assigned").exists() and sorted(p.name for p in run_dir.iterdir()) == ["gradebook.sqlite"]


def test_assign_never_writes_through_a_link_in_the_out_folder(tmp_path: Path, monkeypatch, tally) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "precious.txt").write_text("keep me\n")
    out = tmp_path / "assigned"
    out.mkdir()
    (out / "ab12").symlink_to(outside, target_is_directory=True)  # a learner folder that points elsewhere
    monkeypatch.setattr(assign, "simulate", lambda learner_id, *, sector: simulate(learner_id, sector=sector, **PERIOD))
    status, _, _ = course_cmd("assign", "--roster", write_roster(tmp_path / "r.csv", [("ab12", "Jo", "")]),
                                "--out", out, "--notebooks", ROOT / "notebooks")
    tally("security probe")
    assert status == 0 and [p.name for p in outside.iterdir()] == ["precious.txt"]
    assert [p.name for p in out.iterdir()] == ["ab12"] and (out / "ab12").is_symlink()


PORTFOLIO_NAMES = ["../escape.csv", "../../etc/x.md", "/tmp/abs.csv", "a/b.csv", "a\\b.csv", "a\x00.csv", "con.csv",
                   "NUL.md", "Com1.csv", "lpt9.md", "aux.png", "x" * 300 + ".csv", "plan.csv\n", ".hidden.csv",
                   "plan.csv.exe", "plan.exe", "~plan.csv", "C:plan.csv", "a:b.csv", "plan .csv", "", "..csv"]


@pytest.fixture
def learner(tmp_path: Path) -> Iterator[session.Session]:
    active = course.start("sec-portfolio", progress_path=tmp_path / "learner" / progress.DEFAULT_LOG_NAME, **PERIOD)
    yield active
    session.end()


def test_portfolio_names_cannot_escape_or_be_device_names(learner: session.Session, tmp_path: Path, tally) -> None:
    import matplotlib.pyplot as plt

    figure = plt.figure()
    for name in PORTFOLIO_NAMES:
        for save in (lambda: portfolio.save(name, "text"), lambda: portfolio.save(name, pd.DataFrame({"a": [1]})),
                     lambda: portfolio.save_figure(name, figure)):
            with pytest.raises(ValueError, match=r"not allowed|Windows keeps|needs|save charts|saved as .png"):
                save()
            tally("security probe")
    plt.close(figure)
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert written == [], written


# A learner's own words, long enough for course.portfolio.save (it refuses placeholders and a few words).
PLAN = ("My plan: greet every customer within a minute, check the fitting rooms each hour, and ask two "
        "customers a day what would have made their visit better.")
NOTES = ("My notes: the Saturday queue was longest after lunch, so I will ask for a second till to open "
         "from one until three and check whether waiting times fall.")


def test_portfolio_save_replaces_a_link_instead_of_writing_through_it(learner: session.Session, tmp_path: Path,
                                                                      tally) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text("someone else's file\n")
    folder = portfolio.folder()
    folder.mkdir(parents=True)
    (folder / "plan.md").symlink_to(outside)
    (folder / "dangling.md").symlink_to(tmp_path / "nowhere.md")
    with contextlib.redirect_stdout(io.StringIO()):
        portfolio.save("plan.md", PLAN)
        portfolio.save("dangling.md", NOTES)
    tally("security probe", 2)
    assert outside.read_text() == "someone else's file\n" and not (tmp_path / "nowhere.md").exists()
    assert (folder / "plan.md").read_text() == PLAN + "\n" and not (folder / "plan.md").is_symlink()


@pytest.mark.notebooks
@pytest.mark.slow
def test_run_refuses_submitted_links_that_lead_out_of_the_learners_folder(tmp_path: Path, tally) -> None:
    """A learner hands in links instead of files: to another learner's notebook and to a file outside."""
    workbook = tmp_path / "workbook"
    for name, exercise in cohort.NOTEBOOKS.items():
        (workbook / name).parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(cohort.notebook((cohort.PARAMS, "parameters"), (cohort.PLACEHOLDER, f"exercise:{exercise}"),
                                       (cohort.RESULTS.replace("{id}", exercise), None)), workbook / name)
    subs, out = tmp_path / "subs", tmp_path / "run"
    cohort.submit(workbook, subs, "bob")
    cohort.submit(workbook, subs, "eve", "answer = 2")
    quiz_log = subs / "bob" / progress.DEFAULT_LOG_NAME
    progress.record(learner_id="bob", item_id="rev-complaint-rate", kind="quiz", status="correct", path=quiz_log)
    secret = tmp_path / "tutor-secret.txt"
    secret.write_text("the tutor's private notes\n")
    (subs / "eve" / "1-planning" / "f1.ipynb").unlink()
    (subs / "eve" / "1-planning" / "f1.ipynb").symlink_to("../../bob/1-planning/f1.ipynb")  # bob's work as hers
    (subs / "eve" / progress.DEFAULT_LOG_NAME).symlink_to(secret)
    roster_path = write_roster(tmp_path / "roster.csv", [("bob", "Bob", "apparel"), ("eve", "Eve", "apparel")])
    status, _, _ = cohort.course_run(subs, out, roster_path, workbook, timeout=cohort.TIMEOUT)
    tally("security probe", 2)
    assert status == 1
    eve = json.loads((out / "results" / "eve" / "1-planning" / "f1.json").read_text())
    assert eve["status"] == "failed" and eve["failure"]["kind"] == "missing"
    assert "link to a file outside the learner's own folder" in eve["failure"]["detail"]
    assert json.loads((out / "results" / "bob" / "1-planning" / "f1.json").read_text())["status"] == "ok"
    assert not (out / "executed" / "eve" / "1-planning" / "f1.ipynb").exists()
    copied = [p for p in all_files(out) if p.read_bytes() == secret.read_bytes()]
    assert copied == [], "a file outside the learner's folder was copied into the run"


# --- learner-provided strings in HTML ------------------------------------------------------------------------

ZQ, XV = "zq-alpha-7", "xv-beta-9"
# Sectors: two different ones, the smallest stores (a report simulates its learner's store; escaping is the same)
PEOPLE = {ZQ: ("Zelda <script>alert('zq')</script> Quill", "electronics"),
          XV: ('Xavier "Vox" O\'Hara & <img src=x onerror=alert(2)>', "apparel")}
MARKERS = {ZQ: ("ZQ-MARKER-4471", "<svg onload=alert(41)>", "zqmisconception4471"),  # detail, markup, misconception
           XV: ("XV-MARKER-9902", "<iframe src=javascript:x>", "xvmisconception9902")}
NB1, NB2 = "1-planning/1.1-service-standards-and-plans.ipynb", "1-planning/1.2-staffing-to-footfall.ipynb"


def make_run(folder: Path) -> Path:
    """A RUN folder as `course run` leaves it, with markup and markers in everything a learner controls."""
    plans = [plan.NotebookPlan(NB1, "planning", ("plan-sla-met", "kpi-atv"), (plan.Question("rev-complaint-rate",
                                                                                             "000:MP1", ()),)),
             plan.NotebookPlan(NB2, "planning", ("plan-peak-hour",), ())]
    folder.mkdir(parents=True)
    with contextlib.closing(gradebook.connect(folder / "gradebook.sqlite")) as conn:
        gradebook.set_catalogue(conn, [Learner(i, n, s) for i, (n, s) in PEOPLE.items()], plans, plan.items(plans))
        for learner, (marker, markup, mistake) in MARKERS.items():
            ok = results.make_result(learner, NB1, sha="0" * 64, failure=None, seconds=1.0, exercises=[
                {"item_id": "plan-sla-met", "status": "incorrect", "misconception": markup},
                {"item_id": "kpi-atv", "status": "incorrect", "misconception": mistake}],
                quiz=[{"item_id": "rev-complaint-rate", "status": "incorrect", "misconception": markup, "attempts": 2}])
            failed = results.make_result(learner, NB2, sha="0" * 64, seconds=3.0, exercises=[], quiz=[], failure={
                "kind": "error", "detail": f"cell 4: ValueError: {marker} {markup} for {learner} "
                                           f"({PEOPLE[learner][0]})"})
            for result in (ok, failed):
                results.write_json_atomic(results.result_path(folder, learner, result["notebook"]), result)
                gradebook.write_result(conn, result)
    return folder


def identities(learner: str, *, data: bool = True) -> list[str]:
    """Every way a learner shows up in a page: id and name (raw and escaped), and markers of their data."""
    name = PEOPLE[learner][0]
    found = {learner, name, html.escape(name), html.escape(name, quote=False), name.split()[0]}
    marker, _, mistake = MARKERS[learner]
    return sorted(found | ({marker, mistake[1:]} if data else set()))  # pages show "Zqmisconception4471"


def raw_payloads(page: str) -> list[str]:
    """The learners' markup, unescaped (a quote mark alone is harmless in text, so it is not looked for)."""
    return [p for p in ("<script>alert", "<img src=x", "<svg onload", "<iframe") if p in page]


def test_the_class_summary_escapes_every_learner_string(tmp_path: Path, tally) -> None:
    run_dir = make_run(tmp_path / "run")
    gb = gv.read_gradebook(run_dir)
    page = write_class_summary(run_dir, report.people(run_dir, gb, pseudonymise=False), gradebook=gb).read_text()
    tally("security probe", 6)
    assert raw_payloads(page) == [] and "<script" not in page.lower()
    assert html.escape(PEOPLE[ZQ][0]) in page and html.escape(MARKERS[ZQ][1]) in page  # escaped, not dropped
    assert html.escape(MARKERS[XV][0]) in page  # the failure detail is there


@pytest.mark.notebooks
@pytest.mark.slow
def test_reports_escape_everything_and_hold_only_their_own_learner(tmp_path: Path, tally) -> None:
    run_dir = make_run(tmp_path / "run")
    status, _, err = course_cmd("report", "--run", run_dir)
    assert status == 0, err
    pages = {learner: (run_dir / "reports" / f"{learner}.html").read_text() for learner in PEOPLE}
    for learner, page in pages.items():
        tally("security probe", 2)
        assert raw_payloads(page) == [], (learner, raw_payloads(page))
        assert MARKERS[learner][0] in page and html.escape(MARKERS[learner][1], quote=False) in page
        for other in PEOPLE:
            if other != learner:
                assert [s for s in identities(other) if s in page] == [], f"{other} appears in {learner}'s report"
    summary = (run_dir / "class-summary.html").read_text()
    assert raw_payloads(summary) == [] and all(MARKERS[i][0] in summary for i in PEOPLE)


@pytest.mark.notebooks
@pytest.mark.slow
def test_pseudonymised_output_holds_no_real_id_or_name_and_pseudonyms_are_stable(tmp_path: Path, tally) -> None:
    run_dir = make_run(tmp_path / "run")
    before = set(all_files(run_dir))
    status, _, err = course_cmd("report", "--run", run_dir, "--pseudonymise")
    assert status == 0, err
    shared = list(all_files(run_dir / "shared"))
    assert len(shared) == 3, shared  # two reports and the class summary: the whole folder a tutor shares
    # The run's store cache (RUN/store-cache/, course.store.cache) is, like results/, the run's own and never shared.
    elsewhere = (set(all_files(run_dir)) - before - set(shared) - set(all_files(run_dir / ".pseudonymised-work"))
                 - set(all_files(store_cache.folder(run_dir))))
    assert elsewhere <= {run_dir / report.SECRET_FILE}, f"--pseudonymise wrote outside RUN/shared/: {elsewhere}"
    for path in shared:
        text = path.read_text(encoding="utf-8", errors="replace")
        for learner in PEOPLE:
            tally("security probe")
            found = [s for s in identities(learner, data=False) if s in text]
            assert found == [], f"{path.name} names {learner}: {found}"
        assert raw_payloads(text) == []
    labels = report.pseudonyms(run_dir, list(PEOPLE))
    assert labels == report.pseudonyms(run_dir, list(PEOPLE))  # stable: the key stays in RUN/
    assert sorted(p.name for p in shared if p.parent.name == "reports") == sorted(
        label.lower().replace(" ", "-") + ".html" for label in labels.values())
    assert (run_dir / report.SECRET_FILE).stat().st_mode & 0o077 == 0
    assert not (run_dir / "reports" / ".work").exists(), "working notebooks with real ids sit in reports/"
    tally("security probe", 2)


# --- SQL: parameterised in the service log and the gradebook --------------------------------------------------

INJECTIONS = ["Robert'); DROP TABLE customers;--", "' OR '1'='1", "\"; DELETE FROM results; --",
              "x'); ATTACH DATABASE '/tmp/pwn.db' AS pwn;--", "1; UPDATE meta SET value='x'", "%s %d {0} ?", "\x00"]


def test_injection_strings_reach_the_service_log_as_text_only(tmp_path: Path, tally) -> None:
    data = simulate("sec-records", **PERIOD)
    log = ServiceLog.create(tmp_path / "log.db", data, clock=lambda: datetime(2025, 2, 25, 18, 0))
    conn = log._connection()
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    counts = {t: len(log.query(f"SELECT * FROM {t}")) for t in ("customers", "staff", "interactions", "complaints")}
    staff = data.staff["staff_id"].iloc[0]
    stored = []
    for text in INJECTIONS:
        probes = [lambda: log.customer(text), lambda: log.history(text), lambda: log.interactions(channel=text),
                  lambda: log.interactions(reason=text), lambda: log.complaints(category=text),
                  lambda: log.subject_access_request(text, received=datetime(2025, 2, 1).date()),
                  lambda: log.add_interaction(customer_id=text, channel="phone", reason="order status",
                                              handled_by=staff, handle_minutes=3, resolved_first_contact=True),
                  lambda: log.add_interaction(customer_id=None, channel="phone", reason="order status",
                                              handled_by=text, handle_minutes=3, resolved_first_contact=True),
                  lambda: log.resolve_complaint(text, outcome="apology"),
                  lambda: log.query("SELECT * FROM customers WHERE customer_id = ?", [text])]
        for probe in probes:
            with contextlib.suppress(RecordError):
                probe()
            tally("security probe")
        if "\x00" not in text:
            stored.append(log.add_interaction(customer_id=None, channel="phone", reason="order status",
                                              handled_by=staff, handle_minutes=3, resolved_first_contact=True,
                                              notes=text))
    conn.set_trace_callback(None)
    assert {t: len(log.query(f"SELECT * FROM {t}")) for t in counts} == {**counts, "interactions":
                                                                         counts["interactions"] + len(stored)}
    marks = ",".join("?" * len(stored))
    notes = log.query(f"SELECT notes FROM interactions WHERE interaction_id IN ({marks})", stored)["notes"].tolist()
    assert notes == [t for t in INJECTIONS if "\x00" not in t]
    assert statements and not inlined(statements), "a value was put into the SQL text instead of being bound"
    log.close()


def test_injection_strings_reach_the_gradebook_as_text_only(tmp_path: Path, tally) -> None:
    plans = [plan.NotebookPlan(NB1, "planning", ("kpi-atv",), ())]
    statements: list[str] = []
    conn = gradebook.connect(tmp_path / "gradebook.sqlite")
    conn.set_trace_callback(statements.append)
    names = {f"l{i}": text for i, text in enumerate(INJECTIONS)}
    gradebook.set_catalogue(conn, [Learner(i, n, "apparel") for i, n in names.items()], plans, plan.items(plans))
    for learner, text in names.items():
        gradebook.write_result(conn, results.make_result(
            learner, NB1, sha=text, seconds=1, quiz=[], failure={"kind": "error", "detail": text},
            exercises=[]))
        gradebook.write_result(conn, results.make_result(
            learner, NB1, sha=text, seconds=1, quiz=[], failure=None,
            exercises=[{"item_id": "kpi-atv", "status": "incorrect", "misconception": text}]))
        tally("security probe", 3)
    gradebook.export_csv(conn, tmp_path / "gradebook.csv")
    conn.set_trace_callback(None)
    assert dict(conn.execute("SELECT learner_id, name FROM learners")) == names
    assert dict(conn.execute("SELECT learner_id, misconception FROM results")) == names
    assert conn.execute("SELECT COUNT(*) FROM notebook_runs").fetchone() == (len(names),)
    conn.close()
    assert statements and not inlined(statements)


def inlined(statements: list[str]) -> list[str]:
    """The statements holding a quote-breaking injection as it was typed. SQLite's trace shows bound values
    too, but quoted, with each ' doubled: a value that was pasted into the SQL keeps its single '."""
    return [s for s in statements for text in INJECTIONS if "'" in text and text in s]


# SQL text: it starts with a statement's keyword, or a value goes in right after a clause's keyword.
SQL_START = re.compile(r"^\s*(SELECT\b.*\bFROM\b|INSERT\s+(OR\s+\w+\s+)?INTO\b|UPDATE\s+\w+\s+SET\b|DELETE\s+FROM\b|"
                       r"(CREATE|DROP)\s+(TABLE|INDEX|VIEW)\b|ALTER\s+TABLE\b|REPLACE\s+INTO\b|WITH\b.*\bAS\b|"
                       r"PRAGMA\b|ATTACH\b)", re.I | re.S)
SQL_BEFORE_VALUE = re.compile(r"\b(WHERE|FROM|VALUES|SET|AND|OR|IN|LIKE|JOIN|INTO|BY)\s*[(']?\s*$|=\s*'$")
UNSAFE_EXAMPLES = """
def lookup(conn, name):
    conn.execute(f"SELECT * FROM t WHERE name = '{name}'")
    conn.execute("DELETE FROM t WHERE id = " + name)
    conn.execute("UPDATE t SET a = %s" % name)
    conn.execute("INSERT INTO t VALUES ({})".format(name))
    conn.execute(f"... AND name = '{name}'")
    raise ValueError(f"query() refused: {name}; give one SELECT")  # a message, not SQL
"""
# The only SQL built with Python string formatting, and why each is safe: what is put in is a fixed name.
ALLOWED = {
    ("course/tutor/gradebook.py", "set_catalogue"): {"table"},            # for table in a literal tuple
    ("course/tutor/gradebook.py", "_add_new_columns"): {"table", "name", "definition"},  # ADDED_COLUMNS, a constant
    ("course/tutor/gradebook_view.py", "_table"): {"columns", "name", "chosen"},  # COLUMNS, LATER_COLUMNS: constants
    ("course/records/storage.py", "exists"): {"table", "ID_COLUMNS"},      # ID_COLUMNS[table] must exist
    ("course/records/log.py", "interactions"): {"where"},                  # joined from _FILTERS only
    ("course/records/log.py", "complaints"): {"where"},                    # joined from _FILTERS only
}


def _built_sql(tree: ast.AST) -> Iterator[tuple[str, ast.AST, set[str]]]:
    """Yield (function, node, names put in) for every SQL text made with an f-string, + or % or .format()."""
    for func in [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]:
        for node in ast.walk(func):
            text, names = None, set()
            if isinstance(node, ast.JoinedStr):
                pieces = node.values
                text = "".join(v.value for v in pieces if isinstance(v, ast.Constant))
                if any(isinstance(a, ast.Constant) and isinstance(b, ast.FormattedValue)
                       and SQL_BEFORE_VALUE.search(str(a.value)) for a, b in itertools.pairwise(pieces)):
                    text = "SELECT * FROM " + text  # a value goes straight into a clause
                names = {n.id for v in pieces if isinstance(v, ast.FormattedValue)
                         for n in ast.walk(v) if isinstance(n, ast.Name)}
            elif isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
                text = " ".join(c.value for c in (node.left, node.right)
                                if isinstance(c, ast.Constant) and isinstance(c.value, str))
                names = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format" \
                    and isinstance(node.func.value, ast.Constant):
                text, names = str(node.func.value.value), {"<format>"}
            if text and SQL_START.search(text) and names:
                yield func.name, node, names


def test_no_sql_is_built_from_values_in_the_source(tally) -> None:
    assert len(list(_built_sql(ast.parse(UNSAFE_EXAMPLES)))) == 5  # the scan finds what it is for
    modules = sorted({*(ROOT / "course" / "records").glob("*.py"), *(ROOT / "course" / "tutor").glob("*.py")})
    found: dict[tuple[str, str], set[str]] = {}
    for path in modules:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function, _node, names in _built_sql(tree):
            tally("security probe")
            found.setdefault((path.relative_to(ROOT).as_posix(), function), set()).update(names)
        for call in [n for n in ast.walk(tree) if isinstance(n, ast.Call)]:
            name = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")
            if name == "executescript":
                assert isinstance(call.args[0], ast.Name) and call.args[0].id.isupper(), ast.unparse(call)
    unexplained = {site: names for site, names in found.items() if not names <= ALLOWED.get(site, set())}
    assert unexplained == {}, "SQL built with string formatting from something that is not a fixed name"
    from course.records import log, storage

    assert all(re.fullmatch(r"[a-z_]+ (>=|<=|<|=) :[a-z_]+|outcome = 'open'", v) for v in log._FILTERS.values())
    assert all(re.fullmatch(r"[a-z_]+", c) for c in storage.ID_COLUMNS.values())
    from course.tutor import gradebook

    assert all(re.fullmatch(r"[a-z_]+", t) and all(re.fullmatch(r"[a-z_]+", c) and re.fullmatch(r"[A-Z0-9 ]+", d)
                                                   for c, d in cols.items())
               for t, cols in gradebook.ADDED_COLUMNS.items())
    assert all(re.fullmatch(r"[a-z_]+", c) for cols in gv.COLUMNS.values() for c in [*cols]) and \
        all(re.fullmatch(r"[a-z_]+", t) for t in gv.COLUMNS)
    assert all(re.fullmatch(r"[a-z_]+", t) and re.fullmatch(r"[a-z_]+", c) and re.fullmatch(r"[0-9]+|NULL", d)
               for (t, c), d in gv.LATER_COLUMNS.items())  # a later column's stand-in: a number or NULL, no text


# --- learner-facing files hold no answers ------------------------------------------------------------------

@pytest.mark.slow
def test_an_assigned_workbook_gives_no_answer_away(tmp_path: Path, tally) -> None:
    out = tmp_path / "assigned"
    # An electronics store, the smallest export: every written file is searched for every answer line, and what an
    # assigned folder could give away (notebooks, README, the store's CSVs) is the same in every sector; a grocery
    # store's 52 MB of CSV took 10-20 s of searching for nothing more.
    roster = write_roster(tmp_path / "r.csv", [("sec01", "Sam", "electronics")])
    status, _, err = course_cmd("assign", "--roster", roster, "--out", out)
    assert status == 0, err
    written = all_files(out)
    assert len(written) > 20 and {p.suffix for p in written} <= {".ipynb", ".csv", ".json", ".md"}
    solutions = all_files(ROOT / "solutions")
    solution_hashes = {hashlib.sha256(p.read_bytes()).hexdigest() for p in solutions}
    # a line a skeleton shows as it is (e.g. `answer = pd.DataFrame(rows)`) decides nothing, so gives nothing away
    skeleton_lines = {line.strip() for p in (ROOT / "course" / "exercises" / "skeletons").glob("*.py")
                      for line in p.read_text(encoding="utf-8").splitlines()}
    answer_lines = {line.strip() for p in (ROOT / "solutions" / "exercises").glob("*.py")
                    for line in p.read_text(encoding="utf-8").splitlines()
                    if line.strip().startswith("answer =") and len(line.strip()) > 25} - skeleton_lines
    assert answer_lines
    for path in written:
        text = path.read_text(encoding="utf-8")
        tally("security probe")
        assert leaks(text) == [], f"{path.relative_to(out)} gives a quiz answer away"
        assert hashlib.sha256(path.read_bytes()).hexdigest() not in solution_hashes, f"{path} is a copy of solutions/"
        assert [line for line in answer_lines if line in text] == [], f"{path} holds an exercise solution"
    assert not [p for p in out.rglob("*") if "solution" in p.name.lower()]
