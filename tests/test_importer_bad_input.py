"""`course import` refuses bad input cleanly: one line naming the file, line, column and fix, exit status 2,
and nothing written (no output folder, no key, no half-made folder beside it)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import Ran, course_cmd

GOOD = "Receipt,Date,Units,Value,Customer\nR1,2025-03-01 10:00,2,5.00,A1\nR2,2025-03-01 11:00,1,3.50,A2\n"


def write(path: Path, content: str | bytes) -> Path:
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def run(tmp_path: Path, *args: str | Path) -> Ran:
    return course_cmd("import", *args, "--out", tmp_path / "out")


def refused(ran: Ran, tmp_path: Path, *words: str) -> str:
    """Assert a clean refusal with every word in it, and that nothing at all was written."""
    assert ran.status == 2, (ran.out, ran.err)
    assert "Traceback" not in ran.err and ran.err.startswith("course import: error: "), ran.err
    assert len(ran.err.strip().splitlines()) == 1, ran.err
    for word in words:
        assert word in ran.err, f"{word!r} not in: {ran.err}"
    assert not (tmp_path / "out").exists() and not (tmp_path / "out.pseudonym-key").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.")]
    return ran.err


def test_a_date_column_in_two_formats_names_the_line_column_and_fix(tmp_path: Path) -> None:
    f = write(tmp_path / "sales.csv", "Receipt,Date,Units,Value\nR1,13/03/2025,1,2.00\nR2,2025-03-14,1,2.00\n"
              "R3,15/03/2025,1,2.00\n")
    refused(run(tmp_path, f), tmp_path, "sales.csv, line 3, column 'Date'", "two formats", "'2025-03-14'",
            "--date-format %d/%m/%Y")


@pytest.mark.parametrize(("value", "words"), [
    ("1,234", ["could be 1234 or 1.234", "no thousands separator"]),
    ("twelve", ["cannot read 'twelve' as a number", "correct that cell"]),
])
def test_a_value_that_is_not_a_clear_number_is_refused(tmp_path: Path, value: str, words: list[str]) -> None:
    f = write(tmp_path / "sales.csv", f'Receipt,Date,Units,Value\nR1,2025-03-01,1,2\nR2,2025-03-01,1,"{value}"\n')
    refused(run(tmp_path, f), tmp_path, "sales.csv, line 3, column 'Value'", *words)


@pytest.mark.parametrize(("name", "content", "words"), [
    ("notes.csv", "just a list\nof words\n", ["is not a table: it has one column"]),
    ("photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", ["is not a table", "binary"]),
    ("empty.csv", "", ["is empty"]),
    ("header.csv", "Receipt,Date,Units,Value\n", ["has a header but no rows"]),
    ("old.xls", b"\xd0\xcf\x11\xe0", ["old-style Excel file", "save it as .xlsx or CSV"]),
    ("fake.xlsx", "not a workbook", ["cannot be read as an Excel workbook"]),
    ("ragged.csv", "a,b\n1,2\n3,4,5,6\n", ["is not a regular table", "unquoted delimiter"]),
    ("mystery.csv", "Colour,Size\nred,9\n", ["is not one of the shapes I know", "Colour, Size", "--columns"]),
    ("nodate.csv", "StockCode,Quantity,UnitPrice\nA,1,2.00\n", ["no column for timestamp", "--columns timestamp="]),
    ("twice.csv", "Date,Value,Date \n2025-01-01,2,x\n", ["line 1", "two columns have the same name (Date)"]),
])
def test_a_file_that_is_not_a_usable_table_is_refused(tmp_path: Path, name: str, content: str | bytes,
                                                      words: list[str]) -> None:
    refused(run(tmp_path, write(tmp_path / name, content)), tmp_path, name, *words)


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    refused(run(tmp_path, tmp_path / "nope.csv"), tmp_path, "nope.csv: no such file")


@pytest.mark.parametrize(("columns", "words"), [
    (["price=Value"], ["--columns: 'price' is not a column of the workbook's layout", "use one of: transaction_id"]),
    (["net_value=Takings"], ["net_value=Takings: no file has a column 'Takings'", "sales.csv: Receipt, Date"]),
    (["net_value"], ["is not name=THEIR_COLUMN"]),
])
def test_a_bad_columns_flag_is_refused(tmp_path: Path, columns: list[str], words: list[str]) -> None:
    f = write(tmp_path / "sales.csv", GOOD)
    refused(run(tmp_path, f, "--columns", *columns), tmp_path, *words)


def test_a_currency_that_disagrees_with_the_values_is_refused(tmp_path: Path) -> None:
    f = write(tmp_path / "sales.csv", "Receipt,Date,Units,Value\nR1,2025-03-01,1,€2.00\n")
    refused(run(tmp_path, f, "--currency", "GBP"), tmp_path, "values carry EUR symbols but --currency says GBP")
    g = write(tmp_path / "mixed.csv", "Receipt,Date,Units,Value\nR1,2025-03-01,1,€2.00\nR2,2025-03-01,1,£2.00\n")
    refused(run(tmp_path, g), tmp_path, "more than one currency (EUR, GBP)")


def test_one_row_per_sale_with_a_repeated_receipt_is_refused(tmp_path: Path) -> None:
    f = write(tmp_path / "sales.csv", GOOD + "R1,2025-03-02 09:00,1,1.00,A1\n")
    refused(run(tmp_path, f), tmp_path, "sales.csv, line 4", "receipt 'R1' is also on line 2", "--columns qty=")


def test_daily_totals_of_several_stores_are_refused(tmp_path: Path) -> None:
    f = write(tmp_path / "daily.csv", "Store,Date,Sales,Customers,Open\n1,2025-03-01,10,5,1\n2,2025-03-01,12,6,1\n")
    refused(run(tmp_path, f), tmp_path, "daily.csv: holds 2 stores", "keep only your store's rows")


def test_a_folder_that_is_not_an_earlier_import_is_left_alone(tmp_path: Path) -> None:
    f = write(tmp_path / "sales.csv", GOOD)
    mine = tmp_path / "out"
    mine.mkdir()
    (mine / "essay.docx").write_text("my work")
    ran = run(tmp_path, f)
    assert ran.status == 2 and "is not empty and is not an earlier import" in ran.err
    assert [p.name for p in mine.iterdir()] == ["essay.docx"]


def test_the_key_may_not_live_inside_the_output_folder(tmp_path: Path) -> None:
    f = write(tmp_path / "sales.csv", GOOD)
    ran = run(tmp_path, f, "--key", tmp_path / "out" / "key")
    refused(ran, tmp_path, "the pseudonym key would be inside the output folder")


def test_an_earlier_import_is_replaced_whole_and_keeps_its_pseudonyms(tmp_path: Path) -> None:
    first = write(tmp_path / "march.csv", GOOD)
    assert run(tmp_path, first).status == 0
    pseudonyms = (tmp_path / "out" / "customers.csv").read_text().splitlines()[1:]
    footfall = write(tmp_path / "door.csv", "Date,Visitors\n2025-03-01,40\n")
    second = write(tmp_path / "april.csv", GOOD.replace("2025-03", "2025-04"))
    ran = run(tmp_path, second, footfall)
    assert ran.status == 0, ran.err
    assert "Replaced the earlier import" in ran.out
    again = (tmp_path / "out" / "customers.csv").read_text().splitlines()[1:]
    assert [p.split(",")[0] for p in again] == [p.split(",")[0] for p in pseudonyms]  # same key, same pseudonyms
    meta = json.loads((tmp_path / "out" / "store.json").read_text())
    assert meta["period"] == {"start": "2025-03-01", "end": "2025-04-01"} and "footfall" in meta["tables"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "april.csv", "door.csv", "march.csv", "out", "out.pseudonym-key"]
    assert (tmp_path / "out.pseudonym-key").stat().st_mode & 0o077 == 0  # only its owner may read it


def test_a_damaged_key_file_is_refused_not_replaced(tmp_path: Path) -> None:
    f = write(tmp_path / "sales.csv", GOOD)
    key = write(tmp_path / "my.key", "not a key")
    ran = run(tmp_path, f, "--key", key)
    assert ran.status == 2 and "is not a pseudonym key" in ran.err
    assert key.read_text() == "not a key" and not (tmp_path / "out").exists()
