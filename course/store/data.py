"""StoreData: one store's tables as pandas DataFrames, with CSV export and validated import.

`StoreData.from_csv(dir)` is how a tutor brings their own anonymised store export: every table is
checked against the schema (columns, types, allowed values, ranges, duplicate keys, links between
tables, dates in the future) and any problem is reported with the file, the column and the fix.
A folder may hold only some tables (as `course import` writes them) when its store.json lists them under
"tables"; the others are `absent` (empty here; course.session fills them from the learner's practice store,
see course.store.partial). store.json may also give "currency" (default GBP), "vat" and "period".
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from course.files import write_text_atomic
from course.money import MoneyWords
from course.store.schema import SECTORS, TABLES, TABLES_BY_NAME, SchemaError, Table, coerce_table, conform
from course.vocabulary import Vocabulary

META_FILE = "store.json"
_DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S"
_DATE_FORMAT = "%Y-%m-%d"
_CSV_SPECIAL = (",", '"', "\r", "\n")  # a cell holding one is quoted by the csv module
_LINKS = (  # (table, column, parent table, parent column)
    ("transactions", "staff_id", "staff", "staff_id"),
    ("transactions", "customer_id", "customers", "customer_id"),
    ("transaction_lines", "transaction_id", "transactions", "transaction_id"),
    ("transaction_lines", "product_id", "products", "product_id"),
    ("interactions", "handled_by", "staff", "staff_id"),
    ("complaints", "interaction_id", "interactions", "interaction_id"),
    ("rota", "staff_id", "staff", "staff_id"),
    ("promotions", "product_id", "products", "product_id"),
)


@dataclass(frozen=True)
class StoreData(Vocabulary, MoneyWords):
    """All tables of one store, plus who it belongs to and the period it covers (and the learner vocabulary,
    with its money words: data.money, data.symbol, data.label)."""
    learner_id: str | None
    sector: str
    start: date
    end: date
    footfall: pd.DataFrame
    transactions: pd.DataFrame
    transaction_lines: pd.DataFrame
    products: pd.DataFrame
    customers: pd.DataFrame
    interactions: pd.DataFrame
    complaints: pd.DataFrame
    surveys: pd.DataFrame
    staff: pd.DataFrame
    rota: pd.DataFrame
    promotions: pd.DataFrame
    mystery_shops: pd.DataFrame
    benchmarks: pd.DataFrame
    competitor_prices: pd.DataFrame
    events: pd.DataFrame
    absent: frozenset[str] = field(default_factory=frozenset)  # tables the learner's own export lacks
    currency: str = "GBP"  # ISO code of the money columns, as store.json states it (course.money says it)
    vat: str = "excluded"  # whether values include VAT: "included", "excluded" or "unknown"

    def own_tables(self) -> list[str]:
        """Return the names of the tables that hold the store's own data (all of them for a full store)."""
        return [t.name for t in TABLES if t.name not in self.absent]

    def tables(self) -> dict[str, pd.DataFrame]:
        """Return the tables by name, in schema order."""
        return {t.name: getattr(self, t.name) for t in TABLES}

    def summary(self) -> pd.DataFrame:
        """Return one row per table: its name, how many rows it has and what it holds (a quick tour)."""
        return pd.DataFrame([(t.name, len(getattr(self, t.name)), t.purpose) for t in TABLES],
                             columns=["table", "rows", "what it holds"])

    def to_csv(self, directory: str | os.PathLike[str]) -> Path:
        """Write every table as <name>.csv plus store.json into `directory`; return the directory.

        Each file is written to a temporary name and renamed, so a crash never leaves a half file.
        """
        out = Path(directory)
        out.mkdir(parents=True, exist_ok=True)
        meta: dict[str, object] = {"learner_id": self.learner_id, "sector": self.sector,
                                   "start": self.start.isoformat(), "end": self.end.isoformat()}
        if self.absent or self.currency != "GBP":
            meta.update(tables=self.own_tables(), currency=self.currency, vat=self.vat)
        write_text_atomic(out / META_FILE, json.dumps(meta, indent=2, sort_keys=True) + "\n")
        for tbl in (t for t in TABLES if t.name not in self.absent):
            write_text_atomic(out / tbl.filename, _csv_text(tbl, getattr(self, tbl.name)))
        return out

    @classmethod
    def from_csv(cls, directory: str | os.PathLike[str], *, sector: str | None = None,
                 today: date | None = None) -> StoreData:
        """Read and validate a store export; raise SchemaError naming the file and column on any problem."""
        if not isinstance(directory, (str, os.PathLike)):
            raise SchemaError(f"data_dir is {type(directory).__name__}, not a folder path; give the folder "
                              "as text, e.g. data_dir = 'my-store'")
        folder = Path(directory)
        if not folder.is_dir():
            raise SchemaError(f"{folder}: no such folder; point data_dir at a folder of store CSV files")
        meta = _read_meta(folder, sector)
        present = _listed_tables(meta, folder)
        frames = {t.name: _read_table(folder, t) if t.name in present else _empty(t) for t in TABLES}
        absent = frozenset(t.name for t in TABLES if t.name not in present)
        validate_links(frames, folder, skip=absent)
        _refuse_future(frames, folder, today or date.today())
        start, end = _period(meta, frames, folder)
        return cls(learner_id=meta.get("learner_id"), sector=meta["sector"], start=start, end=end, **frames,
                   absent=absent, currency=str(meta.get("currency") or "GBP").upper(),
                   vat=str(meta.get("vat") or "excluded"))


def _listed_tables(meta: dict[str, Any], folder: Path) -> set[str]:
    """Return the tables the folder must have: those store.json lists under "tables", else all of them."""
    listed = meta.get("tables")
    if listed is None:
        return {t.name for t in TABLES}
    if not isinstance(listed, list) or not all(isinstance(n, str) for n in listed):
        raise SchemaError(f"{folder / META_FILE}: field 'tables' must be a list of table names, e.g. "
                          "[\"transactions\", \"transaction_lines\", \"products\"]")
    unknown = [n for n in listed if n not in TABLES_BY_NAME]
    if unknown:
        raise SchemaError(f"{folder / META_FILE}: field 'tables': no table called {unknown[0]!r}; the tables are: "
                          f"{', '.join(t.name for t in TABLES)}")
    return set(listed)


def _empty(tbl: Table) -> pd.DataFrame:
    """An absent table: the schema's columns and dtypes, no rows."""
    return conform(tbl, pd.DataFrame({name: pd.Series([], dtype=object) for name in tbl.column_names}))


def _csv_text(tbl: Table, frame: pd.DataFrame) -> str:
    """Return the table as CSV text: the schema's columns, dates as _DATETIME_FORMAT or _DATE_FORMAT.

    The text is exactly what pandas' `to_csv` writes; columns of the canonical dtypes whose cells need no
    quoting are joined directly (about twice as fast), any other table is written by pandas."""
    out = frame[tbl.column_names].copy()
    for col in tbl.columns:
        if col.kind in ("datetime", "date"):
            fmt = _DATETIME_FORMAT if col.kind == "datetime" else _DATE_FORMAT
            out[col.name] = pd.to_datetime(out[col.name]).dt.strftime(fmt)
    cells = [_csv_cells(out[name]) for name in tbl.column_names]
    if any(column is None for column in cells):
        return out.to_csv(index=False, lineterminator="\n")
    lines = map(",".join, zip(*cells))
    return "\n".join([",".join(tbl.column_names), *lines]) + "\n"


def _csv_cells(column: pd.Series) -> list[str] | None:
    """Return a column's cells as `to_csv` writes them (a missing value as ""), or None when a cell would need
    quoting or the dtype is not one this writes (pandas writes that table)."""
    if isinstance(column.dtype, np.dtype) and column.dtype.kind in "fbi":
        values = column.to_numpy()
        if values.dtype.kind == "f":
            text = values.astype(str)  # pandas' own conversion of floats for CSV
            text[np.isnan(values)] = ""
            return text.tolist()
        return list(map(str, values.tolist()))
    missing = column.isna().to_numpy()
    cells = column.to_numpy(dtype=object, copy=True)
    cells[missing] = ""
    if len(cells) and pd.api.types.infer_dtype(cells, skipna=False) != "string":
        return None
    joined = "".join(cells)
    if any(mark in joined for mark in _CSV_SPECIAL):
        return None
    return cells.tolist()


def _read_meta(folder: Path, sector: str | None) -> dict[str, Any]:
    path = folder / META_FILE
    meta: dict[str, Any] = {}
    if path.exists():
        try:
            meta = json.loads(path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as err:
            raise SchemaError(f"{path}: not valid JSON ({err})") from None
        except OSError as err:
            raise SchemaError(f"{path}: cannot be read ({err.strerror or err}); it must be a JSON file") from None
        if not isinstance(meta, dict):
            raise SchemaError(f"{path}: must be a JSON object like {{\"sector\": \"apparel\", \"start\": "
                              f"\"2025-01-01\", \"end\": \"2025-12-31\"}}, not {type(meta).__name__}")
    if sector is not None:
        meta["sector"] = sector
    if "sector" not in meta:
        raise SchemaError(f"{path}: no sector given; add \"sector\" to {META_FILE} or pass sector=...")
    if meta["sector"] not in SECTORS:
        raise SchemaError(f"{path}: field 'sector': unknown sector {meta['sector']!r}; "
                          f"choose one of: {', '.join(SECTORS)}")
    return meta


def _period(meta: dict[str, Any], frames: dict[str, pd.DataFrame], folder: Path) -> tuple[date, date]:
    """Return the period from store.json ("start"/"end", or "period" as `course import` writes it), or from
    the first and last sale when store.json has none."""
    stamps = frames["transactions"]["timestamp"]
    given = meta.get("period")
    period: dict[str, Any] = given if isinstance(given, dict) else {}
    given_start, given_end = meta.get("start") or period.get("start"), meta.get("end") or period.get("end")
    if (not given_start or not given_end) and stamps.empty:
        raise SchemaError(f"{folder / META_FILE}: no sales to take the period from; add \"period\": "
                          "{\"start\": \"2025-01-01\", \"end\": \"2025-12-31\"}")
    try:
        start = date.fromisoformat(given_start) if given_start else stamps.min().date()
        end = date.fromisoformat(given_end) if given_end else stamps.max().date()
    except (ValueError, AttributeError, TypeError):
        raise SchemaError(f"{folder / META_FILE}: fields 'start' and 'end' must be dates like 2025-01-01 "
                          "(or leave them out to use the first and last sale)") from None
    if start > end:
        raise SchemaError(f"{folder / META_FILE}: start {start} is after end {end}")
    return start, end


def _read_table(folder: Path, tbl: Table) -> pd.DataFrame:
    path = folder / tbl.filename
    if not path.exists():
        raise SchemaError(f"{path}: missing table file; the export needs {tbl.filename} ({tbl.purpose})")
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except UnicodeDecodeError as err:
        raise SchemaError(f"{path}: is not UTF-8 text (byte {err.start}); save it as 'CSV UTF-8'") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        raise SchemaError(f"{path}: cannot read it as CSV ({str(err).splitlines()[0]})") from None
    except OSError as err:
        raise SchemaError(f"{path}: cannot be read ({err.strerror or err}); it must be a CSV file") from None
    frame = coerce_table(tbl, raw, source=str(path))
    if tbl.key:
        dup = frame.duplicated(list(tbl.key))
        if dup.any():
            row = int(dup.to_numpy().nonzero()[0][0])
            raise SchemaError(f"{path}: duplicate key {', '.join(tbl.key)} = "
                              f"{tuple(frame.loc[row, list(tbl.key)])} on line {row + 2}; each must be unique")
    return frame


def validate_links(frames: dict[str, pd.DataFrame], folder: Path | str = "", *,
                   skip: frozenset[str] = frozenset()) -> None:
    """Raise SchemaError when a row points at an id that its parent table does not have (links to or from
    an absent table, in `skip`, are not checked)."""
    for child, column, parent, parent_col in _LINKS:
        if child in skip or parent in skip:
            continue
        values = frames[child][column].dropna()
        known = set(frames[parent][parent_col])
        unknown = values[~values.isin(known)]
        if len(unknown):
            raise SchemaError(f"{Path(folder) / (child + '.csv')}: column '{column}': {unknown.iloc[0]!r} "
                              f"is not in {parent}.csv ({parent_col}); fix the id or add the missing row")


def _refuse_future(frames: dict[str, pd.DataFrame], folder: Path, today: date) -> None:
    limit = pd.Timestamp(datetime.combine(today, datetime.max.time()))
    for tbl in TABLES:
        for col in tbl.columns:
            if col.kind == "datetime" and tbl.name not in ("benchmarks",):
                late = frames[tbl.name][col.name] > limit
                if late.any():
                    row = int(late.to_numpy().nonzero()[0][0])
                    raise SchemaError(f"{folder / tbl.filename}: column '{col.name}': "
                                      f"{frames[tbl.name][col.name].iloc[row]} on line {row + 2} is in the future")


def field_names() -> list[str]:
    """Return the names of StoreData's fields (metadata first, then tables)."""
    return [f.name for f in fields(StoreData)]
