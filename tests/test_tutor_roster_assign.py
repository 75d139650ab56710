"""The roster reader (every mistake named with its line and fix; only safe folder names) and `course assign`.

Assign runs on the real learner edition for two learners, with the store simulated over a short
period to keep it quick. Notebook signatures go to a notary database under tmp (JUPYTER_DATA_DIR).
"""

from __future__ import annotations

import ast
import csv
import io
import json
import os
import shutil
import tempfile
import warnings
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import nbformat
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nbformat.sign import NotebookNotary

from course.cli import main as cli
from course.commands import assign as assign_verb
from course.notebooks import PLACEHOLDER, exercise_cells, is_learner_cell, workbook
from course.store.schema import SECTORS, TABLES
from course.tutor import assign
from course.tutor.roster import Learner, RosterEncodingWarning, RosterError, read_roster

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
HEADER = "learner_id,name,sector\n"


def write(tmp_path: Path, text: str | bytes, name: str = "roster.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


# --- roster: what is accepted ---------------------------------------------------------------------------

def test_reads_learners_trimming_whitespace_skipping_blank_lines_and_defaulting_the_sector(tmp_path: Path) -> None:
    path = write(tmp_path, "\n Learner ID , Name ,Sector\n\n  ab12 ,  Amara  Okafor , Grocery \n,,\n"
                           "cd.34,<script>alert(1)</script>,\nef_56,\"Smith, Jo\"\n\n")
    assert read_roster(path) == [Learner("ab12", "Amara Okafor", "grocery"),
                                 Learner("cd.34", "<script>alert(1)</script>", "apparel"),
                                 Learner("ef_56", "Smith, Jo", "apparel")]


def test_sector_column_is_optional_and_extra_columns_are_ignored(tmp_path: Path) -> None:
    path = write(tmp_path, "notes,name,learner_id\nsee me,Jo,jo1\n")
    assert read_roster(path) == [Learner("jo1", "Jo", "apparel")]


def test_the_optional_lms_identifiers_are_read_by_their_own_or_their_lms_names(tmp_path: Path) -> None:
    path = write(tmp_path, "learner_id,name,ID number,Email address,SIS User ID,sis_login_id,Section\n"
                           "jo1,Jo,S1,jo@example.ac.uk,SIS-1,jlogin,\"Group A, Mon\"\nal2,Al,,,,,\n")
    assert read_roster(path) == [Learner("jo1", "Jo", "apparel", idnumber="S1", email="jo@example.ac.uk",
                                         sis_user_id="SIS-1", sis_login_id="jlogin", lms_section="Group A, Mon"),
                                 Learner("al2", "Al", "apparel")]


@pytest.mark.parametrize(("column", "value"), [("email", "not an address"), ("idnumber", "=1+1"),
                                               ("sis_user_id", "@SUM(A1)")])
def test_an_lms_identifier_an_lms_could_not_match_is_refused(tmp_path: Path, column: str, value: str) -> None:
    path = write(tmp_path, f"learner_id,name,{column}\njo1,Jo,{value}\n")
    with pytest.raises(RosterError, match=f"line 2: .*{column}"):
        read_roster(path)


def test_a_utf8_bom_is_not_part_of_the_first_column(tmp_path: Path) -> None:
    path = write(tmp_path, "\ufeff" + HEADER + "zo1,Zoë Brontë,homeware\n")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert read_roster(path) == [Learner("zo1", "Zoë Brontë", "homeware")]


def test_a_cp1252_file_saved_by_excel_is_decoded_with_a_warning_naming_the_encoding(tmp_path: Path) -> None:
    path = write(tmp_path, (HEADER + "zo1,Zoë – Brontë,grocery\r\n").encode("cp1252"))
    with pytest.warns(RosterEncodingWarning, match=r"cp1252") as caught:
        learners = read_roster(path)
    assert learners == [Learner("zo1", "Zoë – Brontë", "grocery")]
    assert str(path) in str(caught[0].message) and "CSV UTF-8" in str(caught[0].message)


def test_bytes_that_are_not_cp1252_fall_back_to_latin1(tmp_path: Path) -> None:
    path = write(tmp_path, b"learner_id,name,notes\nzo1,Zo\xeb,\x81\n")   # 0x81 is undefined in cp1252
    with pytest.warns(RosterEncodingWarning, match=r"latin-1"):
        assert read_roster(path) == [Learner("zo1", "Zoë", "apparel")]


# --- roster: one test per mistake ------------------------------------------------------------------------

@pytest.mark.parametrize("text, line, words", [
    ("", None, "the file is empty"),
    ("\n  \n\n", None, "the file is empty"),
    (HEADER + "\n", 1, "lists no learners"),
    ("id,full name\nab12,Jo\n", 1, "no learner_id or name column (the columns found are 'id', 'full name')"),
    ("learner_id,nom\nab12,Jo\n", 1, "no name column (the columns found are 'learner_id', 'nom')"),
    ("learner_id;name\nab12;Jo\n", 1, "semicolons"),
    ("learner_id,name,name\nab12,Jo,Jo\n", 1, "'name' appears 2 times"),
    (HEADER + "ab12,Jo,grocery\n,Sam,grocery\n", 3, "the learner_id is empty"),
    (HEADER + "ab12,,grocery\n", 2, "the name is empty"),
    (HEADER + "ab12,Jo\nAB12,Sam\n", 3, "'AB12' is already used on line 2 ('ab12')"),
    (HEADER + "ab12,Jo,fashion\n", 2, "unknown sector 'fashion'; choose one of: " + ", ".join(SECTORS)),
    ("learner_id,name\nab12,Smith, Jo\n", 2, "has 3 values but the header has 2 columns"),
    (HEADER + 'ab12,"Jo\nab13,Sam,grocery\n', 2, "the name runs over more than one line"),
    (HEADER + "ab12,Jo\x07,grocery\n", 2, "the name contains a control character (U+0007)"),
])
def test_each_mistake_is_named_with_the_file_the_line_and_the_fix(tmp_path: Path, text: str, line: int | None,
                                                                  words: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(RosterError) as caught:
        read_roster(path)
    message = str(caught.value)
    assert message.startswith(str(path)) and words in message
    assert message.startswith(f"{path}, line {line}:") if line else not message.startswith(f"{path}, line")


@pytest.mark.parametrize("learner_id, reason", [
    ("..", "is a special folder name"),
    ("../evil", "path separator"),
    ("a/b", "path separator"),
    ("a\\b", "path separator"),
    ('"a\tb"', "control character (U+0009)"),
    ('"a\x01b"', "control character (U+0001)"),
    (".hidden", "starts with '.'"),
    ("-rf", "starts with '-'"),
    ("a" * 65, "65 characters long; the limit is 64"),
    ("jo smith", "contains ' '"),
    ("zoë", "contains 'ë'"),
    ("ab:12", "contains ':'"),
    ("ab12.", "ends with '.'"),
    ("CON", "device name"),
    ("nul.txt", "device name"),
])
def test_ids_that_are_unsafe_as_folder_names_are_refused(tmp_path: Path, learner_id: str, reason: str) -> None:
    path = write(tmp_path, f"learner_id,name\nok1,Jo\n{learner_id},Sam\n")
    with pytest.raises(RosterError) as caught:
        read_roster(path)
    message = str(caught.value)
    assert message.startswith(f"{path}, line 3: learner_id ") and reason in message
    assert "1-64 letters, digits" in message


def test_the_longest_allowed_id_is_accepted(tmp_path: Path) -> None:
    assert read_roster(write(tmp_path, f"learner_id,name\n{'a' * 64},Jo\n"))[0].learner_id == "a" * 64


@pytest.mark.parametrize("make", [lambda p: p / "missing.csv", lambda p: p])
def test_a_missing_file_or_a_folder_is_a_roster_error(tmp_path: Path, make) -> None:
    with pytest.raises(RosterError, match=r"no such file|is a folder"):
        read_roster(make(tmp_path))


def test_a_spreadsheet_file_is_not_mistaken_for_csv(tmp_path: Path) -> None:
    with pytest.raises(RosterError, match="not a CSV text file"):
        read_roster(write(tmp_path, b"PK\x03\x04\x00\x00binary", "roster.xlsx"))


# --- roster: properties ----------------------------------------------------------------------------------

def roster_file(rows: list[list[str]]) -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path = Path(tempfile.mkdtemp()) / "roster.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")
    return path


def read_or_roster_error(path: Path) -> list[Learner] | None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RosterEncodingWarning)
        try:
            return read_roster(path)
        except RosterError:
            return None


PIECES = [*"aZ09._-/\\ :*?\"<>|\t\n\r\x00\x7fé~", "..", "CON", "nul", "a" * 30]
TRICKY = st.lists(st.sampled_from(PIECES), max_size=12).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(learner_id=st.one_of(TRICKY, st.text(max_size=70)))
def test_every_accepted_id_is_one_safe_path_component(learner_id: str) -> None:
    learners = read_or_roster_error(roster_file([["learner_id", "name"], [learner_id, "Jo"]]))
    if learners is None:
        return
    accepted = learners[0].learner_id
    out = Path(tempfile.gettempdir()) / "assigned"
    assert accepted not in ("", ".", "..") and "/" not in accepted and "\\" not in accepted
    assert os.sep not in accepted and (os.altsep is None or os.altsep not in accepted)
    assert Path(accepted).name == accepted and len(Path(accepted).parts) == 1
    assert not Path(accepted).is_absolute() and os.path.normpath(accepted) == accepted
    assert (out / accepted).resolve().parent == out.resolve()
    assert accepted.isascii() and accepted.isprintable() and len(accepted) <= 64


CELLS = st.lists(st.text(max_size=12), max_size=5)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(header=st.one_of(st.just(["learner_id", "name", "sector"]), CELLS), rows=st.lists(CELLS, max_size=6))
def test_arbitrary_rows_raise_nothing_but_roster_error(header: list[str], rows: list[list[str]]) -> None:
    learners = read_or_roster_error(roster_file([header, *rows]))
    assert learners is None or all(isinstance(learner, Learner) for learner in learners)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=200), valid_header=st.booleans())
def test_arbitrary_bytes_raise_nothing_but_roster_error(data: bytes, valid_header: bool) -> None:
    path = Path(tempfile.mkdtemp()) / "roster.csv"
    path.write_bytes((HEADER.encode() if valid_header else b"") + data)
    read_or_roster_error(path)


# --- assign ----------------------------------------------------------------------------------------------

REAL_SIMULATE = assign.simulate


def short_simulate(learner_id: str, *, sector: str):
    """Simulate the store over 8 weeks, not a year, to keep the tests quick."""
    return REAL_SIMULATE(learner_id, sector=sector, start="2025-01-01", end="2025-02-25")


pytestmark = pytest.mark.usefixtures("notary_database")


@pytest.fixture
def short_store(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Simulate short stores and note whose stores were made."""
    made: list[str] = []

    def simulate(learner_id: str, *, sector: str):
        made.append(learner_id)
        return short_simulate(learner_id, sector=sector)

    monkeypatch.setattr(assign, "simulate", simulate)
    return made


@pytest.fixture(scope="module")
def notebooks(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A snapshot of the real learner edition, so notebooks other authors add meanwhile don't race the tests."""
    snapshot = tmp_path_factory.mktemp("notebooks")
    for source in workbook(NOTEBOOKS):
        target = snapshot / source.relative_to(NOTEBOOKS)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    return snapshot


@pytest.fixture(scope="module")
def assigned(tmp_path_factory: pytest.TempPathFactory, notebooks: Path) -> tuple[Path, str]:
    """Assign two learners once for the module; return the out folder and what assign printed."""
    folder = tmp_path_factory.mktemp("assign")
    roster = write(folder, HEADER + "ab12,Amara Okafor,grocery\ncd-34,Zoë <script>alert(1)</script>,\n")
    out, printed, errors = folder / "assigned", io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as patch, redirect_stdout(printed), redirect_stderr(errors):
        patch.setattr(assign, "simulate", short_simulate)
        status = assign_verb.main(roster=roster, out=out, notebooks=notebooks)
    assert status == 0, errors.getvalue()
    return out, printed.getvalue()


def injected(nb: nbformat.NotebookNode) -> dict[str, object]:
    [cell] = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    tree = ast.parse(cell.source)
    return {node.targets[0].id: ast.literal_eval(node.value) for node in tree.body if isinstance(node, ast.Assign)}


def test_assign_writes_every_notebook_with_the_learners_parameters(assigned: tuple[Path, str],
                                                                  notebooks: Path) -> None:
    out, printed = assigned
    sources = [p.relative_to(notebooks) for p in workbook(notebooks)]
    assert Path("0-start-here.ipynb") in sources and len(sources) >= 3
    assert sorted(p.name for p in out.iterdir()) == ["ab12", "cd-34"]      # no temporary folders left behind
    for learner_id, sector in (("ab12", "grocery"), ("cd-34", "apparel")):
        folder = out / learner_id
        assert [p.relative_to(folder) for p in workbook(folder)] == sources
        for rel in sources:
            nb = nbformat.read(folder / rel, as_version=4)
            params = injected(nb)
            assert params == {"learner_id": learner_id, "sector": sector, "data_dir": None,
                              "progress_path": "../" * (len(rel.parts) - 1) + "course-progress.jsonl"}
            log = (folder / rel).parent / str(params["progress_path"])
            assert log.resolve() == (folder / "course-progress.jsonl").resolve()
            assert all(is_learner_cell(c.source) for c in exercise_cells(folder / rel, nb))
            assert str(out) not in json.dumps(nb.metadata)        # no tutor paths or temporary names
    assert "2 written, 0 skipped" in printed and str(out.resolve()) in printed


def test_every_assigned_notebook_is_signed_as_trusted_in_this_accounts_notary_only(
        assigned: tuple[Path, str], notebooks: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out, _ = assigned
    written = sorted(out.rglob("*.ipynb"))
    assert len(written) == 2 * len(workbook(notebooks))
    with NotebookNotary() as notary:
        assert all(notary.check_signature(nbformat.read(p, as_version=4)) for p in written)
        assert not notary.check_signature(nbformat.read(notebooks / "0-start-here.ipynb", as_version=4))
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path / "another-account"))
    with NotebookNotary() as elsewhere:        # the honest limit: another account's notary does not know them
        assert not elsewhere.check_signature(nbformat.read(written[0], as_version=4))


def test_each_learner_gets_their_store_as_15_csv_files_and_store_json(assigned: tuple[Path, str]) -> None:
    out, _ = assigned
    store = out / "ab12" / "store"
    assert sorted(p.name for p in store.iterdir()) == sorted([t.filename for t in TABLES] + ["store.json"])
    assert len(TABLES) == 15
    meta = json.loads((store / "store.json").read_text(encoding="utf-8"))
    assert (meta["learner_id"], meta["sector"]) == ("ab12", "grocery")


def test_the_readme_speaks_to_the_learner_and_escapes_their_name(assigned: tuple[Path, str]) -> None:
    out, _ = assigned
    text = (out / "cd-34" / "README.md").read_text(encoding="utf-8")
    assert "Zoë &lt;script&gt;alert(1)&lt;/script&gt;" in text and "<script>" not in text
    for words in ("0-start-here.ipynb", "open this first", "course-progress.jsonl", "Hand back **this whole folder**",
                  "`cd-34`", "1-planning/1.1-service-standards-and-plans.ipynb"):
        assert words in text, words


def test_running_assign_again_skips_existing_learners_and_leaves_their_work_alone(
        assigned: tuple[Path, str], notebooks: Path, tmp_path: Path, short_store: list[str], capsys) -> None:
    out = tmp_path / "assigned"
    shutil.copytree(assigned[0], out)
    work = out / "ab12" / "0-start-here.ipynb"
    work.write_text("the learner's own work", encoding="utf-8")
    (out / "ab12" / "course-progress.jsonl").write_text('{"attempt": 1}\n', encoding="utf-8")
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in out.rglob("*") if p.is_file()}
    roster = write(tmp_path, HEADER + "ab12,Amara Okafor,grocery\ncd-34,Zoë,\n", "again.csv")
    assert cli(["assign", "--roster", str(roster), "--out", str(out), "--notebooks", str(notebooks)]) == 0
    printed = capsys.readouterr().out
    assert "0 written, 2 skipped" in printed and "skipped ab12: " in printed and "already exists" in printed
    assert short_store == []                                # nothing was even simulated
    after = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in out.rglob("*") if p.is_file()}
    assert after == before and work.read_text(encoding="utf-8") == "the learner's own work"


def test_an_unsafe_id_is_refused_before_anything_is_written(tmp_path: Path, short_store: list[str], capsys) -> None:
    roster = write(tmp_path, HEADER + "ab12,Jo,grocery\n../evil,Mallory,grocery\n")
    before = sorted(tmp_path.rglob("*"))
    assert cli(["assign", "--roster", str(roster), "--out", str(tmp_path / "out"), "--notebooks", str(NOTEBOOKS)]) == 1
    err = capsys.readouterr().err
    assert "line 3: learner_id '../evil' contains a path separator" in err and "Traceback" not in err
    assert sorted(tmp_path.rglob("*")) == before and short_store == []
    assert not (tmp_path / "evil").exists() and not (tmp_path.parent / "evil").exists()


def test_a_learner_that_fails_halfway_leaves_no_folder_and_the_others_go_on(
        tmp_path: Path, notebooks: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    class TinyStore:
        def to_csv(self, folder: Path) -> Path:
            Path(folder).mkdir(parents=True)
            (Path(folder) / "footfall.csv").write_text("timestamp,visitors\n", encoding="utf-8")
            return Path(folder)

    def disk_full(*args: object) -> str:   # fails after the store and the notebooks are written
        raise OSError("No space left on device")

    monkeypatch.setattr(assign, "simulate", lambda learner_id, *, sector: TinyStore())
    monkeypatch.setattr(assign, "readme_text", disk_full)
    out = tmp_path / "out"
    (out / "ab12").mkdir(parents=True)
    roster = write(tmp_path, HEADER + "ab12,Jo,grocery\ncd34,Sam,grocery\nef56,Kit,homeware\n")
    assert assign_verb.main(roster=roster, out=out, notebooks=notebooks) == 1
    printed = capsys.readouterr()
    for learner_id in ("cd34", "ef56"):
        assert f"failed {learner_id}: OSError: No space left on device; nothing was written" in printed.err
    assert "0 written, 1 skipped (already there), 2 failed" in printed.out
    assert sorted(p.name for p in out.iterdir()) == ["ab12"]           # no half folder, no temporary folder


def test_assign_refuses_the_solution_edition_and_an_out_folder_inside_the_notebooks(tmp_path: Path, capsys) -> None:
    roster = write(tmp_path, HEADER + "ab12,Jo,grocery\n")
    solved = tmp_path / "solved"
    solved.mkdir()
    nb = nbformat.read(NOTEBOOKS / "0-start-here.ipynb", as_version=4)
    [first, *_] = exercise_cells(NOTEBOOKS / "0-start-here.ipynb", nb)
    nb.cells[first.index].source = "answer = 23.4"
    nbformat.write(nb, solved / "0-start-here.ipynb")
    assert assign_verb.main(roster=roster, out=tmp_path / "out", notebooks=solved) == 1
    assert "looks like the solution edition" in capsys.readouterr().err
    assert assign_verb.main(roster=roster, out=tmp_path / "empty-out", notebooks=tmp_path / "nothing") == 1
    assert "no notebooks found" in capsys.readouterr().err
    learner = tmp_path / "learner"
    learner.mkdir()
    (learner / "0-start-here.ipynb").write_bytes((NOTEBOOKS / "0-start-here.ipynb").read_bytes())
    assert assign_verb.main(roster=roster, out=learner / "assigned", notebooks=learner) == 1
    assert "is inside" in capsys.readouterr().err
    assert not (tmp_path / "out").exists() and not (learner / "assigned").exists()


def test_assign_never_offers_to_overwrite(tmp_path: Path, capsys) -> None:
    roster = write(tmp_path, HEADER + "ab12,Jo,grocery\n")
    assert assign.assign_cohort(roster=roster, out=tmp_path / "out", notebooks=NOTEBOOKS, force_new_only=False) == 1
    assert "never overwrites" in capsys.readouterr().err and not (tmp_path / "out").exists()


def test_assign_notes_a_cp1252_roster_without_a_traceback(tmp_path: Path, notebooks: Path, short_store: list[str],
                                                           capsys) -> None:
    roster = write(tmp_path, (HEADER + "zo1,Zoë,grocery\n").encode("cp1252"))
    assert assign_verb.main(roster=roster, out=tmp_path / "out", notebooks=notebooks) == 0
    err = capsys.readouterr().err
    assert "note:" in err and "cp1252" in err and "Traceback" not in err
    assert "Hello Zoë," in (tmp_path / "out" / "zo1" / "README.md").read_text(encoding="utf-8")


def test_a_learner_cell_is_the_placeholder_or_a_skeleton_with_blanks() -> None:
    assert is_learner_cell(PLACEHOLDER)
    assert is_learner_cell('sales = data.count(___)  # which table?\nanswer = ___ / sales')
    assert not is_learner_cell('sales = data.count("transactions")\nanswer = 1 / sales')
