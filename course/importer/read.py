"""Read one export file into a table of text: CSV with any common delimiter and encoding, or Excel.

Every value is kept as text (numbers and dates are parsed later, where a problem can name its line).
`RawTable.line(row)` gives the line of the file a row came from (the header is line 1). What was assumed
(the encoding, the delimiter, the sheet) is kept in `notes`, for the import report.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from course.importer.errors import ImportProblem

DELIMITERS = {",": "commas", ";": "semicolons", "\t": "tabs", "|": "vertical bars"}
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
_SAVE_AS = "save it from your till software or spreadsheet as CSV (or .xlsx) and import that file"


@dataclass
class RawTable:
    """One file's rows as text, with where each row came from and what reading it assumed."""
    name: str
    frame: pd.DataFrame
    notes: list[str] = field(default_factory=list)

    def line(self, row: object) -> int:
        """Return the file line (or spreadsheet row) of a row label: the header is line 1."""
        return int(row) + 2  # type: ignore[call-overload]  # labels are the reader's 0-based integer rows


def read_table(path: Path) -> RawTable:
    """Read a CSV or Excel export; raise ImportProblem naming the file when it is not a table."""
    if not path.is_file():
        raise ImportProblem(str(path), "no such file", "check the name and folder (ls or dir shows them)")
    if path.suffix.lower() in EXCEL_SUFFIXES:
        return _checked(_read_excel(path))
    if path.suffix.lower() == ".xls":
        raise ImportProblem(str(path), "an old-style Excel file (.xls)", "open it in Excel or LibreOffice and "
                            "save it as .xlsx or CSV, then import that file")
    return _checked(_read_csv(path))


def _decode(path: Path, data: bytes) -> tuple[str, str]:
    """Return the text and the encoding used: UTF-8 (with or without BOM), UTF-16 with BOM, or Windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "UTF-16 text"
    if b"\x00" in data[:4096] or data.startswith(b"PK\x03\x04"):
        raise ImportProblem(str(path), "is not a table (it looks like a binary file, not text)", _SAVE_AS)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    else:
        return text, "UTF-8 text (with a byte-order mark)" if data.startswith(b"\xef\xbb\xbf") else "UTF-8 text"
    try:
        return data.decode("cp1252"), "Windows-1252 text"
    except UnicodeDecodeError as err:
        raise ImportProblem(str(path), f"is neither UTF-8 nor Windows-1252 text (byte {err.start})",
                            "save it as 'CSV UTF-8' and import that file") from None


def _delimiter(text: str) -> str:
    """Return the delimiter: csv.Sniffer over a sample, or the commonest candidate in the header line."""
    sample = "\n".join(text.splitlines()[:50])
    try:
        return csv.Sniffer().sniff(sample, delimiters="".join(DELIMITERS)).delimiter
    except csv.Error:
        header = text.splitlines()[0] if text.strip() else ""
        counts = {d: header.count(d) for d in DELIMITERS}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","


def _read_csv(path: Path) -> RawTable:
    try:
        data = path.read_bytes()
    except OSError as err:
        raise ImportProblem(str(path), f"cannot be read ({err.strerror or err})", "check the file is not open "
                            "in another program and that you may read it") from None
    text, encoding = _decode(path, data)
    if not text.strip():
        raise ImportProblem(str(path), "is empty", "export the data again; the file has no rows")
    sep = _delimiter(text)
    try:
        frame = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False, skip_blank_lines=False)
    except pd.errors.ParserError as err:
        detail = str(err).strip().splitlines()[-1]
        raise ImportProblem(str(path), f"is not a regular table ({detail})",
                            "a row has more values than the header: check for an unquoted delimiter in a "
                            "description, or export the file again") from None
    notes = [f"read as {encoding}, values separated by {DELIMITERS.get(sep, repr(sep))}"]
    if encoding == "Windows-1252 text":
        notes[0] += " (it was not UTF-8; if any letters look wrong, save it as 'CSV UTF-8' and import again)"
    return RawTable(path.name, frame, notes)


def _read_excel(path: Path) -> RawTable:
    try:
        sheets = pd.read_excel(path, sheet_name=None, dtype=str, engine="openpyxl")
    except (zipfile.BadZipFile, ValueError, KeyError, OSError) as err:
        raise ImportProblem(str(path), f"cannot be read as an Excel workbook ({err})", _SAVE_AS) from None
    filled = [(name, frame) for name, frame in sheets.items() if not frame.dropna(how="all").empty]
    if not filled:
        raise ImportProblem(str(path), "has no sheet with any rows", "export the data again")
    name, frame = filled[0]
    notes = [f"read from the Excel sheet '{name}'"]
    if len(filled) > 1:
        others = ", ".join(f"'{n}'" for n, _ in filled[1:])
        notes.append(f"other sheets were not read: {others} (save a sheet as its own file to import it)")
    return RawTable(path.name, frame.fillna(""), notes)


def _checked(table: RawTable) -> RawTable:
    """Strip the headers and blank rows; refuse a file with one column or no rows."""
    frame = table.frame
    frame.columns = [str(c).strip() for c in frame.columns]
    twice = sorted({c for c in frame.columns if list(frame.columns).count(c) > 1})
    if twice:
        raise ImportProblem(table.name, f"two columns have the same name ({', '.join(twice)})", "rename one of "
                            "them in the header line so each column has its own name", line=1)
    frame = frame.apply(lambda col: col.astype(str).str.strip())
    frame = frame.loc[~(frame == "").all(axis=1)]
    if frame.shape[1] < 2:
        raise ImportProblem(table.name, f"is not a table: it has one column ({frame.columns[0]!r})",
                            "a till export has several columns (date, value, ...); " + _SAVE_AS)
    if frame.empty:
        raise ImportProblem(table.name, "has a header but no rows", "export a period that has some sales")
    table.frame = frame
    return table
