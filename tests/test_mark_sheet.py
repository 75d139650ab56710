"""Offline marking sheets: export and import round-trip; a bad sheet is refused by row with nothing written."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

import pytest

from course.tutor import marks
from course.tutor.mark_sheet import SheetError, export_sheet, import_sheet
from tests.marking_run import make_run


@pytest.fixture
def run(tmp_path: Path) -> tuple[Path, sqlite3.Connection]:
    return make_run(tmp_path)


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def _write(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def test_export_then_import_round_trips(run: tuple[Path, sqlite3.Connection], tmp_path: Path) -> None:
    _, conn = run
    sheet = tmp_path / "marks.csv"
    assert export_sheet(conn, sheet) == 3 * len(marks.marking_points())
    rows = _read(sheet)
    assert {r["run"] for r in rows} == {marks.run_key(conn)}
    assert rows[0]["marking_point_text"] == marks.marking_points()[rows[0]["marking_point"]]
    rows[0].update(decision="met", comment="=SUM(A1) is not a formula here")
    rows[1].update(decision="Partly met", comment="Add the peak-time cover.")
    rows[2].update(decision="not yet", comment="")
    _write(sheet, rows)
    assert import_sheet(conn, sheet, marker="Sam") == 3
    now = marks.current(conn, "first")
    assert [(now[(r["learner_id"], r["marking_point"])].decision) for r in rows[:3]] == ["met", "partly", "not yet"]
    assert now[(rows[0]["learner_id"], rows[0]["marking_point"])].comment == "=SUM(A1) is not a formula here"
    export_sheet(conn, sheet)
    again = _read(sheet)
    assert again[0]["comment"] == "'=SUM(A1) is not a formula here"  # a spreadsheet shows it as text
    assert [(r["decision"], r["comment"]) for r in again[1:3]] == [("partly", "Add the peak-time cover."),
                                                                   ("not yet", "")]
    assert import_sheet(conn, sheet, marker="Sam") == 0  # the same marks are not recorded twice
    assert conn.execute("SELECT COUNT(*) FROM marks").fetchone()[0] == 3


def test_a_bad_sheet_is_refused_by_row_and_nothing_written(run: tuple[Path, sqlite3.Connection],
                                                           tmp_path: Path) -> None:
    _, conn = run
    sheet = tmp_path / "marks.csv"
    export_sheet(conn, sheet)
    rows = _read(sheet)
    rows[0].update(decision="met")                              # row 2: fine
    rows[1].update(learner_id="nobody", decision="met")         # row 3
    rows[2].update(marking_point="002:MP99", decision="met")    # row 4
    rows[3].update(decision="excellent")                        # row 5
    rows[4].update(run="run-000000000000", decision="met")      # row 6
    _write(sheet, rows)
    with pytest.raises(SheetError) as err:
        import_sheet(conn, sheet, marker="Sam")
    message = str(err.value)
    for expected in ("row 3: unknown learner 'nobody'", "row 4: unknown marking point '002:MP99'",
                     "row 5: bad decision 'excellent'", "row 6: this sheet is from another run"):
        assert expected in message
    assert "row 2" not in message
    assert conn.execute("SELECT COUNT(*) FROM marks").fetchone()[0] == 0


def test_a_sheet_from_another_run_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    _, first = make_run(tmp_path / "a")
    _, other = make_run(tmp_path / "b")
    sheet = tmp_path / "marks.csv"
    export_sheet(first, sheet)
    rows = _read(sheet)
    rows[0].update(decision="met")
    _write(sheet, rows)
    with pytest.raises(SheetError, match="row 2: this sheet is from another run"):
        import_sheet(other, sheet, marker="Sam")
    assert other.execute("SELECT COUNT(*) FROM marks").fetchone()[0] == 0


def test_a_sheet_without_the_columns_is_refused(run: tuple[Path, sqlite3.Connection], tmp_path: Path) -> None:
    sheet = tmp_path / "marks.csv"
    sheet.write_text("learner,mark\nada,met\n", encoding="utf-8")
    with pytest.raises(SheetError, match=r"row 1 .*lacks the column"):
        import_sheet(run[1], sheet, marker="Sam")


def test_the_cli_imports_a_second_markers_sheet(run: tuple[Path, sqlite3.Connection], tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    from course.cli import main

    folder, conn = run
    marks.record(conn, "ada", "002:MP8", "met", marker="Sam")
    assert main(["mark", "--run", str(folder), "--sample", "1", "--seed", "3"]) == 0
    sheet = tmp_path / "second.csv"
    assert main(["mark", "--run", str(folder), "--export", str(sheet), "--role", "second", "--marker", "Kim"]) == 0
    rows = _read(sheet)
    assert [(r["learner_id"], r["marking_point"], r["decision"]) for r in rows] == [("ada", "002:MP8", "")]
    rows[0].update(decision="partly", comment="Needs the feedback source.")
    _write(sheet, rows)
    assert main(["mark", "--run", str(folder), "--import", str(sheet), "--role", "second", "--marker", "Kim"]) == 0
    assert marks.current(conn, "second")[("ada", "002:MP8")].decision == "partly"
    assert main(["mark", "--run", str(folder), "--import", str(sheet)]) == 2  # no --marker
    assert "no marker name" in capsys.readouterr().err


def test_a_second_marker_cannot_import_marks_of_their_own_first_marks(run: tuple[Path, sqlite3.Connection],
                                                                       tmp_path: Path) -> None:
    _, conn = run
    marks.record(conn, "ada", "002:MP8", "met", marker="Sam")
    sheet = tmp_path / "second.csv"
    export_sheet(conn, sheet, role="second")
    rows = [r for r in _read(sheet) if (r["learner_id"], r["marking_point"]) == ("ada", "002:MP8")]
    assert rows == []  # no sample drawn yet: the second marker's sheet is empty
    export_sheet(conn, sheet)
    rows = _read(sheet)
    for row in rows:
        row.update(decision="met" if (row["learner_id"], row["marking_point"]) == ("ada", "002:MP8") else "")
    _write(sheet, rows)
    with pytest.raises(SheetError, match="Sam made the first mark of this pair"):
        import_sheet(conn, sheet, marker="Sam", role="second")
    assert import_sheet(conn, sheet, marker="Kim", role="second") == 1


def test_a_disagreement_is_resolved_through_a_sheet_and_the_resolver_kept(run: tuple[Path, sqlite3.Connection],
                                                                          tmp_path: Path) -> None:
    from course.tutor import iqa

    _, conn = run
    marks.record(conn, "ada", "002:MP8", "met", marker="Sam")
    marks.record(conn, "ada", "002:MP8", "partly", marker="Kim", role="second")
    marks.record(conn, "raj", "002:MP8", "met", marker="Sam")
    marks.record(conn, "raj", "002:MP8", "met", marker="Kim", role="second")
    sheet = tmp_path / "resolve.csv"
    assert export_sheet(conn, sheet, role="resolution") == 1
    rows = _read(sheet)
    rows[0].update(decision="partly", comment="The feedback source is missing; partly met.")
    _write(sheet, rows)
    assert import_sheet(conn, sheet, marker="Lee", role="resolution") == 1
    result = iqa.agreement(conn)
    assert result.rate == 0.5 and result.open == [] and result.disagreements[0].resolved_by == "Lee"
    assert marks.final(conn)[("ada", "002:MP8")].decision == "partly"
