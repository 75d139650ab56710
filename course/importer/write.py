"""Write an import's folder all at once: tables as CSV, store.json and the report, or nothing at all.

Everything goes into a new hidden folder beside `--out`, which is then renamed into place; an earlier import
in `--out` (its store.json says "source": "import") is replaced the same way, and any other non-empty folder
is refused. The pseudonym key lives outside the output folder, in a file only its owner may read.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import tempfile
from pathlib import Path

import pandas as pd

from course.files import write_text_atomic
from course.importer.errors import ImportProblem
from course.store.data import META_FILE
from course.store.schema import TABLES_BY_NAME

REPORT_FILE = "import-report.md"
_FORMATS = {"datetime": "%Y-%m-%d %H:%M:%S", "date": "%Y-%m-%d"}


def default_key_path(out: Path) -> Path:
    """Return where the pseudonym key is kept unless --key says otherwise: beside the output folder."""
    return out.parent / f"{out.name}.pseudonym-key"


def check_out(out: Path, key_path: Path) -> bool:
    """Refuse an --out that is a file or a non-empty folder other than an earlier import; True if it is one."""
    if key_path.resolve().is_relative_to(out.resolve()):
        raise ImportProblem(str(key_path), "the pseudonym key would be inside the output folder",
                            "keep it outside: give --key a path in another folder")
    if out.exists() and not out.is_dir():
        raise ImportProblem(str(out), "is a file, not a folder", "give --out a new folder name")
    if not out.exists() or not any(out.iterdir()):
        return False
    try:
        earlier = json.loads((out / META_FILE).read_text(encoding="utf-8")).get("source") == "import"
    except (OSError, ValueError, AttributeError):
        earlier = False
    if not earlier:
        raise ImportProblem(str(out), "is not empty and is not an earlier import", "give --out a new folder "
                            "name (an earlier import's folder may be given again: it is replaced)")
    return True


def read_or_make_key(key_path: Path) -> tuple[bytes, bool]:
    """Return the key in `key_path` (64 hex characters), or a new random one; and whether it is new."""
    if not key_path.exists():
        return secrets.token_bytes(32), True
    try:
        text = key_path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError) as err:
        raise ImportProblem(str(key_path), f"the pseudonym key cannot be read ({err})", "give --key another file, "
                            "or move this one away (customers then get new pseudonyms)") from None
    if not re.fullmatch(r"[0-9a-f]{64}", text):
        raise ImportProblem(str(key_path), "is not a pseudonym key (64 hex characters)", "give --key another "
                            "file, or move this one away (customers then get new pseudonyms)")
    return bytes.fromhex(text), False


def csv_text(name: str, frame: pd.DataFrame) -> str:
    """Return a table as the workbook's CSV: schema columns, dates as the store export writes them."""
    tbl = TABLES_BY_NAME[name]
    out = frame[tbl.column_names].copy()
    for col in tbl.columns:
        if col.kind in _FORMATS:
            out[col.name] = pd.to_datetime(out[col.name]).dt.strftime(_FORMATS[col.kind])
    return out.to_csv(index=False, lineterminator="\n")


def write_folder(out: Path, files: dict[str, str], key: bytes, key_path: Path, *, new_key: bool) -> None:
    """Write `files` (name -> text) as the folder `out`, replacing an earlier import whole; save a new key."""
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.importing-"))
    try:
        for name, text in files.items():
            write_text_atomic(staging / name, text)
        staging.chmod(0o755)
        if new_key:
            write_text_atomic(key_path, key.hex() + "\n", mode=0o600)
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _swap(staging: Path, out: Path) -> None:
    if not out.exists():
        os.replace(staging, out)
        return
    old = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.replaced-"))
    os.replace(out, old / "import")
    os.replace(staging, out)
    shutil.rmtree(old, ignore_errors=True)
