"""One import from start to finish: read every file, recognise, derive, check, report, then write it all.

Nothing is written until every file has been read and every table checked against the workbook's schema
(the same check `StoreData.from_csv` makes), so a refused import leaves no trace.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from course.importer.derive import derive
from course.importer.errors import ImportProblem
from course.importer.normalise import Rows, normalise
from course.importer.read import read_table
from course.importer.report import report_text
from course.importer.shapes import parse_columns, recognise, unknown_told_columns
from course.importer.write import REPORT_FILE, check_out, csv_text, default_key_path, read_or_make_key, write_folder
from course.store.data import META_FILE
from course.store.schema import SECTORS, TABLES_BY_NAME, coerce_table

VAT_CHOICES = ("included", "excluded")


@dataclass(frozen=True)
class ImportOptions:
    """What the learner told `course import` besides the files."""
    sector: str | None = None
    columns: list[str] = field(default_factory=list)
    date_format: str | None = None
    currency: str | None = None
    vat: str | None = None
    key: Path | None = None


@dataclass(frozen=True)
class ImportResult:
    """What an import wrote: the folder, its tables with their row counts, and the key's file."""
    out: Path
    rows: dict[str, int]
    key_path: Path
    replaced: bool


def import_files(files: list[Path], out: Path, options: ImportOptions = ImportOptions()) -> ImportResult:
    """Import `files` into the new folder `out`; raise ImportProblem (nothing written) on any problem."""
    _check_options(options)
    key_path = options.key or default_key_path(out)
    replacing = check_out(out, key_path)
    told = parse_columns(options.columns)
    raws = [read_table(Path(f)) for f in files]
    if len({r.name for r in raws}) < len(raws):
        raise ImportProblem(", ".join(r.name for r in raws), "the same file name is given twice",
                            "give each export once")
    unknown_told_columns(told, {r.name: list(r.frame.columns) for r in raws})
    rows = [normalise(raw, recognise(raw.name, list(raw.frame.columns), told), options.date_format) for raw in raws]
    currency = _currency(rows, options.currency)
    key, new_key = read_or_make_key(key_path)
    tables, placeholders = derive(rows, key)
    texts = {f"{name}.csv": _checked_csv(name, frame) for name, frame in tables.items()}
    meta = _meta(tables, placeholders, options, currency)
    texts[META_FILE] = json.dumps(meta, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    shown_key = key_path.name if options.key is None else str(key_path)
    texts[REPORT_FILE] = report_text(rows, tables, placeholders, meta, shown_key, told=told)
    write_folder(out, texts, key, key_path, new_key=new_key and "customers" in tables)  # no customers, no key
    return ImportResult(out, {name: len(frame) for name, frame in tables.items()}, key_path, replacing)


def _check_options(options: ImportOptions) -> None:
    if options.sector is not None and options.sector not in SECTORS:
        raise ImportProblem("--sector", f"{options.sector!r} is not a sector", f"choose one of: {', '.join(SECTORS)}")
    if options.vat is not None and options.vat not in VAT_CHOICES:
        raise ImportProblem("--vat", f"{options.vat!r} is not a choice", "say --vat included or --vat excluded")
    if options.currency is not None and not (len(options.currency) == 3 and options.currency.isalpha()):
        raise ImportProblem("--currency", f"{options.currency!r} is not a currency code",
                            "give its three-letter code, e.g. --currency GBP or --currency EUR")


def _currency(rows: list[Rows], stated: str | None) -> str:
    """Return the currency: as stated, else the one symbol the values carry, else 'unknown'."""
    seen = sorted({c for r in rows for c in r.currencies})
    if len(seen) > 1:
        raise ImportProblem(", ".join(r.file for r in rows if r.currencies), f"values carry more than one currency "
                            f"({', '.join(seen)})", "import one currency at a time")
    if stated and seen and seen[0] != stated.upper():
        raise ImportProblem(", ".join(r.file for r in rows if r.currencies), f"values carry {seen[0]} symbols but "
                            f"--currency says {stated.upper()}", f"check the export; if it is in {seen[0]}, say "
                            f"--currency {seen[0]}")
    return stated.upper() if stated else seen[0] if seen and seen[0] != "USD" else "unknown"


def _checked_csv(name: str, frame: pd.DataFrame) -> str:
    """Return the table's CSV after reading it back exactly as the workbook will (a failure is our bug)."""
    text = csv_text(name, frame)
    raw = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    coerce_table(TABLES_BY_NAME[name], raw, source=f"{name}.csv (made by the import)")
    return text


def _period(tables: dict[str, pd.DataFrame]) -> tuple[str, str]:
    stamps = pd.concat([tables[t]["timestamp"] for t in ("transactions", "footfall") if t in tables])
    return stamps.min().date().isoformat(), stamps.max().date().isoformat()


def _meta(tables: dict[str, pd.DataFrame], placeholders: dict[str, dict[str, str]], options: ImportOptions,
          currency: str) -> dict[str, object]:
    start, end = _period(tables)
    meta: dict[str, object] = {
        "learner_id": None, "start": start, "end": end, "period": {"start": start, "end": end},
        "tables": list(tables), "source": "import", "currency": currency, "vat": options.vat or "unknown",
        "placeholders": {t: sorted(cols) for t, cols in placeholders.items() if cols}}
    if options.sector:
        meta["sector"] = options.sector
    return meta
