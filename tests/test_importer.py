"""`course import` on exports made here: each of the four shapes, with figures computed independently.

Every file is written by the test (cancellations, returns, bad dates, currency symbols, a BOM, Windows-1252,
semicolons, an Excel workbook). Expected figures are worked out from the rows the test wrote, with the csv
module and plain arithmetic, never by the importer's own code.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import json
from collections import defaultdict
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook

from course.importer import ImportOptions, import_files
from course.store.schema import TABLES_BY_NAME, coerce_table
from tests.helpers import course_cmd

UCI_HEADER = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country"
UCI_ROWS = [  # (invoice, code, description, qty, date, price, customer)
    ("500001", "A10", "MUG BLUE", "2", "02/06/2025 09:00", "3.50", "9001"),
    ("500001", "A20", "CANDLE", "1", "02/06/2025 09:00", "£1,250.00", "9001"),
    ("500002", "A10", "MUG BLUE", "5", "02/06/2025 10:30", "3.50", ""),
    ("C500003", "A10", "MUG BLUE", "-2", "02/06/2025 11:00", "3.50", "9001"),  # a cancellation
    ("500004", "A30", "TEA TOWEL", "-1", "03/06/2025 12:00", "4.00", "9002"),  # a return
    ("500005", "A30", "TEA TOWEL", "0", "03/06/2025 12:05", "4.00", "9002"),  # zero quantity
    ("500006", "A30", "TEA TOWEL", "3", "31/02/2025 13:00", "4.00", "9002"),  # no such date
    ("500007", "A40", "Adjust bad debt", "1", "03/06/2025 14:00", "-11.00", ""),  # an adjustment
    ("500008", "A30", "TEA TOWEL", "4", "04/06/2025 15:45", "4.00", "9002"),
    ("500008", "A20", "CANDLE", "2", "04/06/2025 15:45", "12.00", "9002"),
    ("500009", "A10", "MUG BLUE", "1", "05/06/2025 16:00", "3.50", "9001"),
]
CANCELLED, RETURNED, ZERO, BAD_DATE, NEGATIVE_PRICE = 5, 6, 7, 8, 9  # their lines in the file


def uci_csv(rows: list[tuple[str, ...]] = UCI_ROWS, sep: str = ",") -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=sep, lineterminator="\n")
    writer.writerow(UCI_HEADER.split(","))
    writer.writerows([(*row, "United Kingdom") for row in rows])
    return out.getvalue()


def kept_uci_rows() -> list[tuple[str, ...]]:
    """The rows that are sales: no C invoice, quantity above 0, a real date, a price not below 0."""
    kept = []
    for row in UCI_ROWS:
        day, month = int(row[4][:2]), int(row[4][3:5])
        if row[0].startswith("C") or int(row[3]) <= 0 or (month == 2 and day > 28) or row[5].startswith("-"):
            continue
        kept.append(row)
    return kept


def price(text: str) -> float:
    return float(text.replace("£", "").replace(",", ""))


def run_import(tmp_path: Path, files: list[Path], **options: object) -> Path:
    out = tmp_path / "imported"
    import_files(files, out, ImportOptions(key=tmp_path / "secret.key", **options))  # type: ignore[arg-type]
    return out


def table(out: Path, name: str) -> pd.DataFrame:
    """Read an output table as the workbook does (schema validation included)."""
    raw = pd.read_csv(out / f"{name}.csv", dtype=str, keep_default_na=False)
    return coerce_table(TABLES_BY_NAME[name], raw, source=name)


def test_line_items_give_transactions_lines_products_and_pseudonymised_customers(tmp_path: Path) -> None:
    export = tmp_path / "till.csv"
    export.write_text(uci_csv(), encoding="utf-8")
    out = run_import(tmp_path, [export], currency="GBP", vat="included", sector="homeware")
    kept = kept_uci_rows()
    by_invoice: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for row in kept:
        by_invoice[row[0]].append(row)
    sales = table(out, "transactions").set_index("transaction_id")
    assert sorted(sales.index) == sorted(by_invoice)
    for invoice, rows in by_invoice.items():
        assert sales.loc[invoice, "units"] == sum(int(r[3]) for r in rows)
        assert sales.loc[invoice, "net_value"] == pytest.approx(sum(int(r[3]) * price(r[5]) for r in rows))
    lines = table(out, "transaction_lines")
    assert len(lines) == len(kept)
    assert lines["net_value"].sum() == pytest.approx(sum(int(r[3]) * price(r[5]) for r in kept))
    products = table(out, "products").set_index("product_id")
    assert sorted(products.index) == sorted({r[1] for r in kept})
    assert products.loc["A20", "name"] == "CANDLE"
    assert products.loc["A20", "price"] == pytest.approx((1250.0 + 12.0) / 2)  # the median of its two prices

    key = bytes.fromhex((tmp_path / "secret.key").read_text().strip())
    expected = {"C-" + hmac.new(key, c.encode(), hashlib.sha256).hexdigest()[:12] for c in {r[6] for r in kept} if c}
    assert set(table(out, "customers")["customer_id"]) == expected
    assert set(sales["customer_id"].dropna()) == expected
    every_output = "".join(p.read_text(encoding="utf-8") for p in out.iterdir())
    assert "9001" not in every_output and "9002" not in every_output

    meta = json.loads((out / "store.json").read_text())
    assert meta["tables"] == ["transactions", "transaction_lines", "products", "customers"]
    assert (meta["source"], meta["currency"], meta["vat"], meta["sector"]) == ("import", "GBP", "included", "homeware")
    assert meta["period"] == {"start": "2025-06-02", "end": "2025-06-05"}
    assert (meta["start"], meta["end"]) == ("2025-06-02", "2025-06-05")
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [f"{t}.csv" for t in meta["tables"]] + ["store.json", "import-report.md"])


def test_the_report_says_what_was_dropped_and_why_with_its_lines(tmp_path: Path) -> None:
    export = tmp_path / "till.csv"
    export.write_text(uci_csv(), encoding="utf-8")
    report = (run_import(tmp_path, [export]) / "import-report.md").read_text(encoding="utf-8")
    for reason, line in [("cancellations", CANCELLED), ("returns or refunds", RETURNED), ("zero quantities", ZERO),
                         ("unreadable or missing dates", BAD_DATE), ("negative prices", NEGATIVE_PRICE)]:
        row = next(r for r in report.splitlines() if reason in r)
        assert row.endswith(f"| 1 | {line} |"), row
    assert f"{len(UCI_ROWS) - len(kept_uci_rows())} rows dropped in all" in report
    assert "'UnitPrice': currency symbols (GBP) were removed" in report
    assert "'UnitPrice': commas between thousands were removed" in report
    assert "From 2 June 2025 to 5 June 2025 (4 days)" in report
    assert "Absent: `footfall`, `interactions`" in report
    assert "Currency: GBP (the values carry GBP symbols)" in report and "VAT: not stated" in report
    assert "permission" in report and "data minimisation" in report and "`secret.key`" not in report


def test_semicolons_comma_decimals_and_euro_symbols_in_one_row_per_sale(tmp_path: Path) -> None:
    rows = [("R1", "2025-01-06 09:15", "3", "€1.234,50"), ("R2", "2025-01-06 10:00", "1", "12,50 €"),
            ("R3", "2025-01-07 11:30", "2", "(5,00)"), ("R4", "2025-01-07 12:00", "4", "€0,99")]
    export = tmp_path / "receipts.csv"
    export.write_text("Receipt;Date;Items;Total\n" + "".join(";".join(r) + "\n" for r in rows), encoding="utf-8")
    out = run_import(tmp_path, [export])
    sales = table(out, "transactions").set_index("transaction_id")
    assert sales["net_value"].to_dict() == {"R1": 1234.5, "R2": 12.5, "R4": 0.99}  # R3 in brackets: a refund
    assert sales["units"].to_dict() == {"R1": 3, "R2": 1, "R4": 4}
    assert json.loads((out / "store.json").read_text())["currency"] == "EUR"
    report = (out / "import-report.md").read_text(encoding="utf-8")
    assert "separated by semicolons" in report and "comma for decimals and points between thousands" in report
    assert "| receipts.csv | returns or refunds (a negative quantity or value) | 1 | 4 |" in report


def test_a_byte_order_mark_and_windows_1252_text_are_read(tmp_path: Path) -> None:
    bom = tmp_path / "bom.csv"
    bom.write_bytes(b"\xef\xbb\xbf" + uci_csv(UCI_ROWS[:3]).encode("utf-8"))
    rows = [("1", "P1", "Crème brûlée pot", "2", "01/03/2025 10:00", "2.40", ""),
            ("2", "P2", "Café mug – £5 deal", "1", "01/03/2025 10:05", "5.00", "")]
    ansi = tmp_path / "ansi.csv"
    ansi.write_bytes(uci_csv(rows, sep="\t").encode("cp1252"))
    out = run_import(tmp_path, [ansi])
    names = table(out, "products").set_index("product_id")["name"].to_dict()
    assert names == {"P1": "Crème brûlée pot", "P2": "Café mug – £5 deal"}
    report = (out / "import-report.md").read_text(encoding="utf-8")
    assert "Windows-1252" in report and "separated by tabs" in report
    out2 = tmp_path / "from-bom"
    import_files([bom], out2, ImportOptions(key=tmp_path / "k2"))
    assert "InvoiceNo" in (out2 / "import-report.md").read_text(encoding="utf-8")  # no BOM glued to the header
    assert len(table(out2, "transactions")) == 2


SUPERSTORE = ["Order ID", "Order Date", "Customer ID", "Customer Name", "Segment", "Category", "Product ID",
              "Product Name", "Sales", "Quantity", "Discount", "Profit"]
ORDERS = [("O-1", "2025-05-01", "K1", "Ann Example", "Consumer", "Furniture", "F1", "Chair", 80.0, 2, 0.2, 10.0),
          ("O-1", "2025-05-01", "K1", "Ann Example", "Consumer", "Paper", "P1", "Pad", 6.0, 3, 0.0, 1.5),
          ("O-2", "2025-05-02", "K2", "Bo Example", "Corporate", "Paper", "P1", "Pad", 18.0, 10, 0.1, 4.0),
          ("O-3", "2025-05-03", "K3", "Cy Example", "Consumer", "Furniture", "F1", "Chair", -40.0, -1, 0.0, -5.0)]


def test_an_excel_workbook_of_order_lines_gives_discounts_costs_and_segments(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Orders"
    sheet.append(SUPERSTORE)
    for row in ORDERS:
        sheet.append(list(row))
    people = book.create_sheet("People")
    people.append(["Regional Manager", "Region"])
    people.append(["Dee Example", "North"])
    export = tmp_path / "orders.xlsx"
    book.save(export)
    out = run_import(tmp_path, [export], currency="GBP", vat="excluded")
    kept = [r for r in ORDERS if r[9] > 0]
    lines = table(out, "transaction_lines")
    for row, line in zip(kept, lines.itertuples()):
        gross = row[8] / (1 - row[10])
        assert (line.transaction_id, line.product_id, line.qty) == (row[0], row[6], row[9])
        assert line.net_value == pytest.approx(row[8])
        assert line.discount == pytest.approx(gross - row[8], abs=0.005)
        assert line.unit_price == pytest.approx(gross / row[9], abs=0.00005)
    products = table(out, "products").set_index("product_id")
    assert products.loc["F1", "cost"] == pytest.approx((80.0 - 10.0) / 2)
    assert products.loc["P1", "cost"] == pytest.approx(((6 - 1.5) / 3 + (18 - 4) / 10) / 2, abs=0.005)  # median
    assert products.loc["P1", "category"] == "Paper"
    sales = table(out, "transactions").set_index("transaction_id")
    assert sales["promotion"].to_dict() == {"O-1": True, "O-2": True}
    assert sorted(table(out, "customers")["segment"]) == ["business", "new"]
    output = "".join(p.read_text(encoding="utf-8") for p in out.iterdir())
    for name in ("Ann Example", "Bo Example", "Dee Example"):  # no customer's or manager's name is copied
        assert name not in output
    report = (out / "import-report.md").read_text(encoding="utf-8")
    assert "Read from the Excel sheet 'Orders'" in report and "'People'" in report
    assert "look personal (Customer Name)" in report


def test_daily_totals_give_footfall_and_closed_days_are_dropped(tmp_path: Path) -> None:
    days = [("7", "01.09.2025", "4.100", "512", "1"), ("7", "02.09.2025", "3.980", "497", "1"),
            ("7", "07.09.2025", "0", "0", "0"), ("7", "08.09.2025", "4.420", "530", "1")]
    export = tmp_path / "daily.csv"
    export.write_text("Store;Date;Sales;Customers;Open\n" + "".join(";".join(d) + "\n" for d in days))
    out = run_import(tmp_path, [export], date_format="%d.%m.%Y")
    footfall = table(out, "footfall")
    assert footfall["visitors"].tolist() == [int(d[3]) for d in days if d[4] == "1"]
    assert footfall["timestamp"].dt.strftime("%Y-%m-%d").tolist() == ["2025-09-01", "2025-09-02", "2025-09-08"]
    meta = json.loads((out / "store.json").read_text())
    assert meta["tables"] == ["footfall"] and meta["period"] == {"start": "2025-09-01", "end": "2025-09-08"}
    assert "footfall" in meta["placeholders"]
    report = (out / "import-report.md").read_text(encoding="utf-8")
    assert "| daily.csv | store closed that day | 1 | 4 |" in report
    assert "People counted: 1,539 over 3 days" in report


def test_a_till_export_and_a_footfall_export_import_together(tmp_path: Path) -> None:
    till = tmp_path / "till.csv"
    till.write_text(uci_csv(), encoding="utf-8")
    counter = tmp_path / "door.csv"
    counter.write_text("Date,Visitors\n2025-06-02,120\n2025-06-03,98\n", encoding="utf-8")
    out = run_import(tmp_path, [till, counter])
    assert json.loads((out / "store.json").read_text())["tables"] == [
        "footfall", "transactions", "transaction_lines", "products", "customers"]
    assert table(out, "footfall")["visitors"].sum() == 218


def test_sales_without_receipt_ids_get_one_id_per_row(tmp_path: Path) -> None:
    export = tmp_path / "sales.csv"
    export.write_text("Date,Time,Units,Value\n2025-02-03,09:01,1,2.50\n2025-02-03,09:07,3,11.00\n", encoding="utf-8")
    out = run_import(tmp_path, [export])
    sales = table(out, "transactions")
    assert sales["transaction_id"].tolist() == ["T000001", "T000002"]
    assert sales["timestamp"].dt.strftime("%H:%M").tolist() == ["09:01", "09:07"]
    assert "made by the import" in (out / "import-report.md").read_text(encoding="utf-8")


def test_columns_names_an_exports_own_headers(tmp_path: Path) -> None:
    export = tmp_path / "odd.csv"
    export.write_text("When,Basket,Pieces,Paid\n2025-03-01 10:00,B1,2,9.99\n2025-03-01 11:00,B2,1,4.00\n")
    ran = course_cmd("import", export, "--out", tmp_path / "out", "--key", tmp_path / "k",
                     "--columns", "timestamp=When", "transaction_id=Basket", "--columns", "units=Pieces",
                     "net_value=Paid")
    assert ran.status == 0, ran.err
    assert table(tmp_path / "out", "transactions")["net_value"].tolist() == [9.99, 4.0]
    assert "you said so with --columns" in (tmp_path / "out" / "import-report.md").read_text(encoding="utf-8")


def test_names_emails_and_phone_numbers_are_never_copied(tmp_path: Path) -> None:
    export = tmp_path / "crm.csv"
    export.write_text("Receipt,Date,Units,Value,Customer ID,Customer Name,Email,Phone\n"
                      "1,2025-03-01,1,5.00,77,Zed Nobody,zed@example.com,07700 900123\n", encoding="utf-8")
    out = run_import(tmp_path, [export])
    output = "".join(p.read_text(encoding="utf-8") for p in out.iterdir())
    for value in ("Zed Nobody", "zed@example.com", "07700 900123", ",77,"):
        assert value not in output
    assert "look personal (Customer Name, Email, Phone)" in output


def test_future_dates_and_missing_prices_are_dropped_and_percent_discounts_read(tmp_path: Path) -> None:
    export = tmp_path / "orders.csv"
    export.write_text("Order ID,Order Date,Product ID,Sales,Quantity,Discount\n"
                      "A1,2025-01-10,P1,90.00,3,10%\nA2,2099-01-10,P1,30.00,1,0%\nA3,2025-01-11,P2,,1,0%\n",
                      encoding="utf-8")
    out = run_import(tmp_path, [export])
    lines = table(out, "transaction_lines")
    assert lines["transaction_id"].tolist() == ["A1"]
    assert lines["unit_price"].iloc[0] == pytest.approx(90 / 0.9 / 3, abs=0.00005)
    assert lines["discount"].iloc[0] == pytest.approx(10)
    report = (out / "import-report.md").read_text(encoding="utf-8")
    assert "| orders.csv | dates in the future (a typing mistake?) | 1 | 3 |" in report
    assert "| orders.csv | no quantity, price or value | 1 | 4 |" in report
    assert "'Discount': % signs removed" in report and "'Discount': read as a percentage" in report
    assert "`transactions.timestamp`: the day only (00:00)" in report
