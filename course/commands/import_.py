"""`course import`: turn a real till, order or footfall export into a store folder the workbook can load."""

from __future__ import annotations

from pathlib import Path


def main(*, files: list[Path], out: Path, sector: str | None = None, columns: list[str] | None = None,
         date_format: str | None = None, currency: str | None = None, vat: str | None = None,
         key: Path | None = None) -> int:
    """Import `files` into the new folder `out` (see docs/importing-your-data.md); print what was made. Return 0."""
    from course.importer import ImportOptions, import_files
    from course.importer.write import REPORT_FILE

    options = ImportOptions(sector=sector, columns=list(columns or []), date_format=date_format,
                            currency=currency, vat=vat, key=key)
    result = import_files([Path(f) for f in files], Path(out), options)
    made = ", ".join(f"{name} ({rows:,} rows)" for name, rows in result.rows.items())
    print(f"{'Replaced the earlier import in' if result.replaced else 'Imported into'} {result.out}/: {made}")
    print(f"Read {result.out / REPORT_FILE} before you use the data: it says what was dropped and why.")
    if "customers" in result.rows:
        print(f"The pseudonym key is in {result.key_path}: keep it private, outside the folder you hand in.")
    print(f"To use it, put this in a notebook's first code cell: data_dir = {str(result.out.resolve())!r}")
    return 0
