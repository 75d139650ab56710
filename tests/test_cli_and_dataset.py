"""The `course` command's verbs and the committed demo export in datasets/."""

from __future__ import annotations

import filecmp
import subprocess
import sys
from pathlib import Path

import pytest

from course.cli import main
from course.store import SchemaError, StoreData
from course.tutor import dataset

ROOT = Path(__file__).resolve().parents[1]


def test_committed_demo_export_equals_what_the_generator_makes_today(tmp_path: Path) -> None:
    dataset.build(tmp_path)
    committed = ROOT / "datasets"
    store_files = sorted(p.name for p in (tmp_path / "demo-store").iterdir())
    assert store_files == sorted(p.name for p in (committed / "demo-store").iterdir())
    _, mismatch, errors = filecmp.cmpfiles(tmp_path / "demo-store", committed / "demo-store", store_files,
                                           shallow=False)
    assert mismatch == [] and errors == [], "run `make dataset` and commit the result"
    for name in ("DATA_DICTIONARY.md", "demo-roster.csv"):
        assert (tmp_path / name).read_bytes() == (committed / name).read_bytes(), name


def test_demo_export_is_small_and_valid() -> None:
    size = sum(p.stat().st_size for p in (ROOT / "datasets").rglob("*") if p.is_file())
    assert size < 5 * 1024 * 1024
    data = StoreData.from_csv(ROOT / "datasets" / "demo-store")
    assert data.sector == "apparel" and len(data.transactions) > 5000


def test_data_dictionary_documents_every_column() -> None:
    from course.store.schema import TABLES
    text = (ROOT / "datasets" / "DATA_DICTIONARY.md").read_text(encoding="utf-8")
    for table in TABLES:
        assert f"## `{table.name}.csv`" in text
        for column in table.columns:
            assert f"| `{column.name}` |" in text, (table.name, column.name)


def test_simulate_verb_writes_csvs_and_prints_the_dashboard(tmp_path: Path, capsys) -> None:
    assert main(["simulate", "zz1", "--sector", "homeware", "--out", str(tmp_path / "s"),
                 "--start", "2025-01-01", "--end", "2025-03-31"]) == 0
    out = capsys.readouterr().out
    assert "KPI dashboard" in out and "Conversion rate" in out
    assert StoreData.from_csv(tmp_path / "s").sector == "homeware"


@pytest.mark.parametrize("argv, words", [
    (["simulate", "x", "--out", "o", "--start", "2025-05-01", "--end", "2025-01-01"], "is after end"),
    (["simulate", "x", "--out", "o", "--start", "yesterday"], "YYYY-MM-DD"),
])
def test_bad_flags_give_one_line_errors_and_exit_2(tmp_path: Path, capsys, argv: list[str], words: str) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err


def test_unknown_sector_is_refused_by_the_parser(capsys) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["simulate", "x", "--out", "o", "--sector", "toys"])
    assert stop.value.code == 2
    assert "invalid choice: 'toys'" in capsys.readouterr().err


def test_python_dash_m_course_runs() -> None:
    done = subprocess.run([sys.executable, "-m", "course", "--help"], capture_output=True, text=True)
    assert done.returncode == 0 and "simulate" in done.stdout


@pytest.fixture(scope="module")
def export(tmp_path_factory) -> Path:
    from course.store import simulate
    return simulate("byo", sector="apparel", start="2025-01-01", end="2025-03-31").to_csv(
        tmp_path_factory.mktemp("byo") / "store")


def _copy(export: Path, tmp_path: Path) -> Path:
    import shutil
    return Path(shutil.copytree(export, tmp_path / "copy"))


def _edit(path: Path, old: str, new: str, count: int = 1) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, count), encoding="utf-8")


def test_from_csv_names_file_and_column_for_a_missing_column(export: Path, tmp_path: Path) -> None:
    folder = _copy(export, tmp_path)
    _edit(folder / "transactions.csv", "units,", "items,")
    with pytest.raises(SchemaError, match=r"transactions\.csv: missing column\(s\) units"):
        StoreData.from_csv(folder)


def test_from_csv_names_file_column_and_line_for_a_wrong_type(export: Path, tmp_path: Path) -> None:
    folder = _copy(export, tmp_path)
    lines = (folder / "footfall.csv").read_text().splitlines()
    cells = lines[3].split(",")
    cells[1] = "lots"
    lines[3] = ",".join(cells)
    (folder / "footfall.csv").write_text("\n".join(lines) + "\n")
    with pytest.raises(SchemaError, match=r"footfall\.csv: column 'visitors': cannot read 'lots' on line 4"):
        StoreData.from_csv(folder)


def test_from_csv_refuses_an_unknown_sector(export: Path, tmp_path: Path) -> None:
    folder = _copy(export, tmp_path)
    _edit(folder / "store.json", '"apparel"', '"toys"')
    with pytest.raises(SchemaError, match=r"store\.json: field 'sector': unknown sector 'toys'"):
        StoreData.from_csv(folder)


def test_from_csv_refuses_a_missing_table(export: Path, tmp_path: Path) -> None:
    folder = _copy(export, tmp_path)
    (folder / "rota.csv").unlink()
    with pytest.raises(SchemaError, match=r"rota\.csv: missing table file"):
        StoreData.from_csv(folder)


def test_from_csv_refuses_negative_quantities(export: Path, tmp_path: Path) -> None:
    folder = _copy(export, tmp_path)
    lines = (folder / "transaction_lines.csv").read_text().splitlines()
    cells = lines[1].split(",")
    cells[3] = "-2"
    lines[1] = ",".join(cells)
    (folder / "transaction_lines.csv").write_text("\n".join(lines) + "\n")
    with pytest.raises(SchemaError, match=r"transaction_lines\.csv: column 'qty': value -2 is below the minimum 1"):
        StoreData.from_csv(folder)


def test_from_csv_refuses_duplicate_keys(export: Path, tmp_path: Path) -> None:
    folder = _copy(export, tmp_path)
    lines = (folder / "staff.csv").read_text().splitlines()
    (folder / "staff.csv").write_text("\n".join([*lines, lines[1]]) + "\n")
    with pytest.raises(SchemaError, match=r"staff\.csv: duplicate key staff_id"):
        StoreData.from_csv(folder)


def test_from_csv_refuses_future_dates(export: Path, tmp_path: Path) -> None:
    folder = _copy(export, tmp_path)
    with pytest.raises(SchemaError, match=r"is in the future"):
        StoreData.from_csv(folder, today=__import__("datetime").date(2025, 2, 1))


def test_from_csv_refuses_ids_that_point_at_nothing(export: Path, tmp_path: Path) -> None:
    folder = _copy(export, tmp_path)
    lines = (folder / "rota.csv").read_text().splitlines()
    cells = lines[1].split(",")
    cells[2] = "S99"
    lines[1] = ",".join(cells)
    (folder / "rota.csv").write_text("\n".join(lines) + "\n")
    with pytest.raises(SchemaError, match=r"rota\.csv: column 'staff_id': 'S99' is not in staff\.csv"):
        StoreData.from_csv(folder)


def test_from_csv_reads_a_file_with_a_byte_order_mark(export: Path, tmp_path: Path) -> None:
    folder = _copy(export, tmp_path)
    path = folder / "promotions.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert len(StoreData.from_csv(folder).promotions) == 3


def test_from_csv_takes_the_period_from_the_sales_when_store_json_has_none(export: Path, tmp_path: Path) -> None:
    folder = _copy(export, tmp_path)
    (folder / "store.json").write_text('{"sector": "apparel"}')
    data = StoreData.from_csv(folder)
    assert data.start.isoformat() == "2025-01-01" and data.end.isoformat() <= "2025-03-31"


def test_from_csv_names_a_bad_period_field(export: Path, tmp_path: Path) -> None:
    folder = _copy(export, tmp_path)
    (folder / "store.json").write_text('{"sector": "apparel", "start": "first of May"}')
    with pytest.raises(SchemaError, match=r"store\.json: fields 'start' and 'end' must be dates"):
        StoreData.from_csv(folder)


def test_own_data_is_labelled_as_such(tmp_path: Path) -> None:
    import course
    from course import session
    active = course.start("demo-learner", data_dir=ROOT / "datasets" / "demo-store", progress_path=tmp_path / "l.jsonl")
    session.end()
    assert "your own data" in repr(active)
