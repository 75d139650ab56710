"""Whatever an export holds, `course import` either writes a valid folder or raises an ImportProblem.

Rows are drawn from tokens a real export might hold in each column (good values, currency symbols, thousands
separators, brackets, odd dates, blanks, words); any other exception (a SchemaError from the check of the
tables made, a KeyError, a pandas error) is a bug.
"""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course.importer import ImportOptions, ImportProblem, import_files

TOKENS = {
    "InvoiceNo": ["1001", "1002", "C1003", "1004", "", "A-7", "c99"],
    "StockCode": ["A1", "B2", "", "Z9"],
    "Quantity": ["1", "2", "0", "-1", "12", "", "1.5", "x"],
    "InvoiceDate": ["01/03/2025 09:00", "13/03/2025 10:30", "2025-03-02", "", "31/02/2025", "3/4/25", "soon"],
    "UnitPrice": ["2.50", "£3.00", "1,250.00", "-4.00", "0", "", "(1.00)", "€2,50", "1,234"],
    "CustomerID": ["", "77", "78", "79.0"],
}
row = st.fixed_dictionaries({column: st.sampled_from(values) for column, values in TOKENS.items()})


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(row, min_size=1, max_size=12), sep=st.sampled_from([",", ";", "\t"]))
def test_any_line_item_export_imports_or_is_refused_with_a_problem(rows: list[dict[str, str]], sep: str) -> None:
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=list(TOKENS), delimiter=sep, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    with tempfile.TemporaryDirectory() as folder:
        export = Path(folder) / "till.csv"
        export.write_text(text.getvalue(), encoding="utf-8")
        out = Path(folder) / "out"
        try:
            import_files([export], out, ImportOptions(key=Path(folder) / "key"))
        except ImportProblem as problem:
            assert "till.csv" in str(problem) or "--" in str(problem)
            assert not out.exists()
        else:
            assert (out / "import-report.md").exists() and (out / "store.json").exists()
