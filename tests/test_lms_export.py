"""`course export`: Moodle's and Canvas's grade import CSVs and the kit's CSV, from a hand-made gradebook with
awkward names (a comma, double quotes, non-ASCII letters, a formula), read back with the csv module."""

from __future__ import annotations

import csv
import io
import os
import sqlite3
from pathlib import Path

import pytest

from course.cli import main as cli
from course.tutor import gradebook, lms_export
from tests.marking_fixtures import PLAN_NB, add_marks, add_written
from tests.test_tutor_report import make_run

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "docs" / "examples"
NAMES = {"kx-07": "Zoë O'Brien-Ńwachukwu", "qz-19": 'Sam "Jr" Lee, Li', "mb-33": '=HYPERLINK("http://x","y")'}
ROSTER = [  # learner_id, name, sector, idnumber, email, sis_user_id, sis_login_id, lms_section
    ("kx-07", NAMES["kx-07"], "grocery", "S1001", "zoe.obrien@example.ac.uk", "SIS-1001", "zobrien", "Group A, Mon"),
    ("qz-19", NAMES["qz-19"], "apparel", "S1002", "sam.lee@example.ac.uk", "SIS-1002", "", "Group B"),
    ("mb-33", NAMES["mb-33"], "electronics", "S1003", "tom.oneil@example.ac.uk", "", "toneil", ""),
]
HEADER = ["learner_id", "name", "sector", "idnumber", "email", "sis_user_id", "sis_login_id", "lms_section"]
WRITTEN_MP = "002:MP8"


def example_run(folder: Path) -> tuple[Path, Path]:
    """A run with awkward names, a written marking point marked for two learners, and its roster."""
    run = make_run(folder / "run")
    with sqlite3.connect(run / "gradebook.sqlite") as con:
        con.executemany("UPDATE learners SET name = ? WHERE learner_id = ?", [(n, i) for i, n in NAMES.items()])
    con.close()
    add_written(run, [("kx-07", WRITTEN_MP, PLAN_NB, "cell-a", "Rota around the Saturday peak."),
                      ("qz-19", WRITTEN_MP, PLAN_NB, "cell-a", "More staff when busy.")])
    add_marks(run, [("kx-07", WRITTEN_MP, "met", "", "Ann Tutor", "first"),
                    ("qz-19", WRITTEN_MP, "partly", "", "Ann Tutor", "first")])
    roster = folder / "roster.csv"
    buffer = io.StringIO()
    csv.writer(buffer).writerows([HEADER, *ROSTER])
    roster.write_text(buffer.getvalue(), encoding="utf-8")
    return run, roster


def _read(path: Path) -> list[list[str]]:
    data = path.read_bytes()
    assert b"\r\n" in data and not data.startswith(b"\xef\xbb\xbf")  # RFC 4180 line ends, UTF-8 without BOM
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def _scores(run: Path) -> dict[str, dict[str, float | None]]:
    conn = gradebook.connect(run / "gradebook.sqlite")
    try:
        return gradebook.scores(conn)
    finally:
        conn.close()


def test_moodle_file_is_keyed_by_the_chosen_identifier_with_one_column_per_grade_item(tmp_path: Path) -> None:
    run, roster = example_run(tmp_path)
    for column, heading, index in (("idnumber", "ID number", 3), ("email", "Email address", 4)):
        out = lms_export.export(run=run, fmt="moodle", out=tmp_path / f"{column}.csv", roster=roster,
                                id_column=column, marking_points=False, scale=lms_export.DEFAULT_SCALE)
        rows = _read(out)
        assert rows[0] == [heading, "Full name", "Start here", "Planning"]
        assert [r[0] for r in rows[1:]] == [r[index] for r in ROSTER]
    scores = _scores(run)
    by_id = {r[0]: r for r in rows[1:]}
    assert by_id["zoe.obrien@example.ac.uk"][1] == "Zoë O'Brien-Ńwachukwu"
    assert by_id["sam.lee@example.ac.uk"][1] == 'Sam "Jr" Lee, Li'  # survives the round trip whole
    assert by_id["tom.oneil@example.ac.uk"][1] == "'" + NAMES["mb-33"]  # a formula is not run by a spreadsheet
    assert float(by_id["zoe.obrien@example.ac.uk"][3]) == pytest.approx(scores["kx-07"]["planning"])
    assert '"Sam ""Jr"" Lee, Li"' in out.read_text(encoding="utf-8")  # quotes doubled inside a quoted field


def test_canvas_file_has_its_leading_columns_and_points_possible_row(tmp_path: Path) -> None:
    run, roster = example_run(tmp_path)
    out = lms_export.export(run=run, fmt="canvas", out=tmp_path / "canvas.csv", roster=roster, id_column="idnumber",
                            marking_points=True, scale='met=4,partly=2,"not yet"=0')
    rows = _read(out)
    assert rows[0][:5] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
    assert rows[0][5:7] == ["Start here", "Planning"] and f"Marking point {WRITTEN_MP}" in rows[0]
    assert rows[1][:5] == ["Points Possible", "", "", "", ""] and rows[1][5:7] == ["100", "100"]
    column = rows[0].index(f"Marking point {WRITTEN_MP}")
    assert rows[1][column] == "4"
    learners = {r[2] or r[3]: r for r in rows[2:]}
    assert learners["SIS-1001"][0] == NAMES["kx-07"] and learners["SIS-1001"][4] == "Group A, Mon"
    assert [learners[k][column] for k in ("SIS-1001", "SIS-1002", "toneil")] == ["4", "2", "0"]  # met, partly, none


def test_a_roster_without_the_identifier_a_format_needs_is_refused_naming_the_learners(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run, roster = example_run(tmp_path)
    text = roster.read_text(encoding="utf-8").replace("S1002", "").replace("S1003", "")
    roster.write_text(text, encoding="utf-8")
    out = tmp_path / "moodle.csv"
    assert cli(["export", "--run", str(run), "--format", "moodle", "--out", str(out), "--roster", str(roster)]) == 2
    err = capsys.readouterr().err
    assert "Sam \"Jr\" Lee, Li (qz-19)" in err and "(mb-33)" in err and "(kx-07)" not in err and not out.exists()
    assert cli(["export", "--run", str(run), "--format", "canvas", "--out", str(out)]) == 2
    assert "--roster" in capsys.readouterr().err
    bare = tmp_path / "bare.csv"
    bare.write_text("learner_id,name\nkx-07,Zoë\nqz-19,Sam\nmb-33,Tom\n", encoding="utf-8")
    assert cli(["export", "--run", str(run), "--format", "canvas", "--out", str(out), "--roster", str(bare)]) == 2
    assert "Zoë (kx-07), Sam (qz-19), Tom (mb-33)" in capsys.readouterr().err


def test_kit_csv_is_the_gradebook_csv_and_adds_marking_points_on_request(tmp_path: Path) -> None:
    run, _roster = example_run(tmp_path)
    conn = gradebook.connect(run / "gradebook.sqlite")
    gradebook.export_csv(conn, tmp_path / "gradebook.csv")
    conn.close()
    plain = lms_export.export(run=run, fmt="csv", out=tmp_path / "plain.csv", roster=None, id_column="idnumber",
                              marking_points=False, scale=lms_export.DEFAULT_SCALE)
    assert _read(plain) == list(csv.reader((tmp_path / "gradebook.csv").open(encoding="utf-8", newline="")))
    rows = _read(lms_export.export(run=run, fmt="csv", out=tmp_path / "mp.csv", roster=None, id_column="idnumber",
                                   marking_points=True, scale=lms_export.DEFAULT_SCALE))
    assert rows[0][:5] == ["learner_id", "name", "start", "planning", "total"] and WRITTEN_MP in rows[0]
    assert "000:MP3" in rows[0]  # an automatically checked point, too


@pytest.mark.parametrize("scale", ["met=2,partly=1", "met=1,partly=2,\"not yet\"=0", "met=2,partly=x,not yet=0",
                                   "met=2,met=2,partly=1,not yet=0", "great=3,met=2,partly=1,not yet=0"])
def test_a_bad_scale_is_refused(scale: str) -> None:
    with pytest.raises(lms_export.ExportError, match="scale"):
        lms_export.parse_scale(scale)


def test_the_scale_accepts_quoted_and_bare_not_yet() -> None:
    assert lms_export.parse_scale('met=2,partly=1,"not yet"=0') == {"met": 2, "partly": 1, "not yet": 0}
    assert lms_export.parse_scale("met=3, partly=1.5, not yet=0") == {"met": 3, "partly": 1.5, "not yet": 0}


EXAMPLE_FILES = {"moodle-grades.csv": ("moodle", False), "canvas-grades.csv": ("canvas", True),
                 "course-grades.csv": ("csv", True)}


@pytest.mark.parametrize("name", sorted(EXAMPLE_FILES))
def test_the_examples_in_docs_are_what_the_export_writes(name: str, tmp_path: Path) -> None:
    """Regenerates docs/examples/<name>; COURSE_UPDATE_EXAMPLES=1 writes it instead of comparing."""
    run, roster = example_run(tmp_path)
    fmt, points = EXAMPLE_FILES[name]
    out = lms_export.export(run=run, fmt=fmt, out=tmp_path / name, roster=roster, id_column="email",
                            marking_points=points, scale=lms_export.DEFAULT_SCALE)
    if os.environ.get("COURSE_UPDATE_EXAMPLES") == "1":
        (EXAMPLES / name).write_bytes(out.read_bytes())
    assert (EXAMPLES / name).read_bytes() == out.read_bytes(), f"rerun with COURSE_UPDATE_EXAMPLES=1 for {name}"
