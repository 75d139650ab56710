"""The three example exports in datasets/imports/ import as their README says, giving their committed reports.

The figures are also worked out here from the example files themselves (csv module, plain arithmetic), so a
report that drifted together with its expected copy would still be caught.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from tests.helpers import course_cmd

EXAMPLES = Path(__file__).resolve().parents[1] / "datasets" / "imports"
RUNS = {  # example -> (folder name, flags): the commands datasets/imports/README.md shows
    "till-line-items": ("till-store", ["--sector", "homeware", "--currency", "GBP", "--vat", "included"]),
    "daily-footfall": ("footfall-store", ["--sector", "homeware", "--currency", "GBP", "--vat", "included"]),
    "order-lines": ("orders-store", ["--sector", "electronics", "--currency", "GBP", "--vat", "excluded"]),
}


def imported(tmp_path: Path, example: str) -> Path:
    folder, flags = RUNS[example]
    ran = course_cmd("import", EXAMPLES / f"{example}.csv", "--out", tmp_path / folder, *flags)
    assert ran.status == 0, ran.err
    return tmp_path / folder


@pytest.mark.parametrize("example", sorted(RUNS))
def test_each_example_gives_its_committed_report(tmp_path: Path, example: str) -> None:
    report = (imported(tmp_path, example) / "import-report.md").read_text(encoding="utf-8")
    expected = (EXAMPLES / f"{example}.import-report.md").read_text(encoding="utf-8")
    assert report == expected, (f"the import report of datasets/imports/{example}.csv changed; if that is "
                                "intended, run the command in datasets/imports/README.md and copy its report")


@pytest.mark.parametrize("example", sorted(RUNS))
def test_each_example_is_in_the_readme_with_its_command(example: str) -> None:
    folder, flags = RUNS[example]
    readme = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    assert f"course import datasets/imports/{example}.csv --out {folder} {' '.join(flags)}" in readme


def rows(example: str, delimiter: str = ",") -> list[dict[str, str]]:
    with (EXAMPLES / f"{example}.csv").open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=delimiter))


def test_the_till_example_figures(tmp_path: Path) -> None:
    out = imported(tmp_path, "till-line-items")
    sales = [r for r in rows("till-line-items") if not r["InvoiceNo"].startswith("C") and int(r["Quantity"]) > 0
             and "?" not in r["InvoiceDate"]]
    value = sum(int(r["Quantity"]) * float(r["UnitPrice"]) for r in sales)
    receipts = {r["InvoiceNo"] for r in sales}
    report = (out / "import-report.md").read_text(encoding="utf-8")
    assert f"- Sales (transactions): {len(receipts)}\n" in report
    assert f"- Items sold: {sum(int(r['Quantity']) for r in sales)}\n" in report
    assert f"- Sales value: GBP {value:,.2f}\n" in report
    assert f"- Customers: {len({r['CustomerID'] for r in sales if r['CustomerID']})} " in report


def test_the_footfall_example_figures(tmp_path: Path) -> None:
    out = imported(tmp_path, "daily-footfall")
    open_days = [r for r in rows("daily-footfall", ";") if r["Open"] == "1"]
    people = sum(int(r["Customers"]) for r in open_days)
    takings = sum(float(r["Sales"].lstrip("£").replace(",", "")) for r in open_days)
    report = (out / "import-report.md").read_text(encoding="utf-8")
    assert f"- People counted: {people:,} over {len(open_days)} days\n" in report
    assert f"GBP {takings:,.2f} over {len(open_days)} days" in report
    meta = json.loads((out / "store.json").read_text(encoding="utf-8"))
    assert meta["tables"] == ["footfall"]
    assert not (tmp_path / "footfall-store.pseudonym-key").exists()  # no customers, so no key


def test_the_orders_example_figures(tmp_path: Path) -> None:
    out = imported(tmp_path, "order-lines")
    sales = [r for r in rows("order-lines") if int(r["Quantity"]) > 0]
    value = sum(float(r["Sales"].replace(",", "")) for r in sales)
    report = (out / "import-report.md").read_text(encoding="utf-8")
    assert f"- Sales (transactions): {len({r['Order ID'] for r in sales})}\n" in report
    assert f"- Sales value: GBP {value:,.2f}\n" in report
    for row in rows("order-lines"):
        assert row["Customer Name"] not in "".join(p.read_text(encoding="utf-8") for p in out.iterdir())


def test_the_guide_names_every_column_columns_accepts() -> None:
    from course.importer.shapes import ROLES
    guide = (EXAMPLES.parents[1] / "docs" / "importing-your-data.md").read_text(encoding="utf-8")
    assert [role for role in ROLES if f"`{role}`" not in guide] == []
