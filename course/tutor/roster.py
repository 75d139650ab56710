"""Read a tutor's class list (ROSTER.csv) into Learners, refusing anything unsafe or ambiguous.

The roster is a CSV with columns `learner_id`, `name` and optional `sector` and `data_dir` (a folder of the
learner's own store export, relative to the roster's folder; docs/tutor-data.md), and optional LMS identifiers
used only by `course export`: `idnumber`, `email` (Moodle), `sis_user_id`, `sis_login_id` and `lms_section` (Canvas).
Learner ids become folder names (ASSIGNED/<learner_id>/), so an id is accepted only when it is a
safe single path component on Linux, macOS and Windows. Names are free text (they may even hold
`<script>`): they are escaped wherever they are shown and never used in a path.

Every problem raises RosterError naming the file, the line and the fix. A file that is not UTF-8 is
read as Windows-1252 (what Excel saves) or Latin-1, with a RosterEncodingWarning naming the encoding.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import warnings
from dataclasses import dataclass
from pathlib import Path

from course.files import is_windows_device_name
from course.store.schema import SECTORS

REQUIRED_COLUMNS = ("learner_id", "name")
LMS_COLUMNS = ("idnumber", "email", "sis_user_id", "sis_login_id", "lms_section")  # for `course export`
OPTIONAL_COLUMNS = ("sector", "data_dir", *LMS_COLUMNS)
_ALIASES = {"id_number": "idnumber", "email_address": "email", "section": "lms_section"}  # as LMSs name them
DEFAULT_SECTOR = "apparel"
MAX_ID_LENGTH = 64
HEADER_EXAMPLE = "learner_id,name,sector"
ID_RULE = ("ids become folder names, so use 1-64 letters, digits, '.', '_' or '-', "
           "not starting with '.' or '-' (e.g. 'ab12' or 'jo.smith')")
_ID_CHARS = re.compile(r"[A-Za-z0-9._-]+")
_FALLBACK_ENCODINGS = (("cp1252", "Windows-1252, as Excel saves CSV files"), ("latin-1", "Latin-1"))


class RosterError(ValueError):
    """The roster cannot be used as it is; the message names the file, the line and the fix."""


class RosterEncodingWarning(UserWarning):
    """The roster was not UTF-8 and was decoded with a fallback encoding."""


@dataclass(frozen=True)
class Learner:
    """A learner on the roster."""
    learner_id: str
    name: str
    sector: str
    data_dir: str | None = None  # a folder of the learner's own store export (relative to the roster), else None
    idnumber: str = ""  # the LMS identifiers: "" when the roster has no such column or the cell is empty
    email: str = ""
    sis_user_id: str = ""
    sis_login_id: str = ""
    lms_section: str = ""


def read_roster(path: Path) -> list[Learner]:
    """Return the learners listed in the roster at `path`, in file order; raise RosterError on any problem."""
    path = Path(path)
    records = _records(path, _decode(path, _read_bytes(path)))
    if not records:
        raise RosterError(f"{path}: the file is empty; the first line must be the header "
                          f"{HEADER_EXAMPLE}, then one line per learner")
    (header_line, header), *body = records
    columns = _columns(path, header_line, header)
    if not body:
        raise RosterError(f"{path}, line {header_line}: the header is there but the file lists no learners; "
                          "add one line per learner under it")
    learners: list[Learner] = []
    first_seen: dict[str, tuple[int, str]] = {}
    for line, cells in body:
        learner = _learner(f"{path}, line {line}", cells, len(header), columns)
        key = learner.learner_id.lower()
        if key in first_seen:
            earlier_line, earlier_id = first_seen[key]
            raise RosterError(f"{path}, line {line}: learner_id {learner.learner_id!r} is already used on line "
                              f"{earlier_line} ({earlier_id!r}); ids must be unique, and capitals do not make "
                              "them different ('AB12' and 'ab12' are the same), so give one of them another id")
        first_seen[key] = (line, learner.learner_id)
        learners.append(learner)
    return learners


def learner_id_problem(learner_id: str) -> str | None:
    """Return why `learner_id` is not a safe folder name (e.g. "contains a path separator"), or None if it is."""
    if not learner_id:
        return "is empty"
    control = [c for c in learner_id if unicodedata.category(c) == "Cc"]
    if control:
        return f"contains a control character (U+{ord(control[0]):04X})"
    if "/" in learner_id or "\\" in learner_id:
        return "contains a path separator ('/' or '\\')"
    if learner_id in (".", ".."):
        return "is a special folder name"
    if learner_id[0] in ".-":
        return f"starts with {learner_id[0]!r}"
    if len(learner_id) > MAX_ID_LENGTH:
        return f"is {len(learner_id)} characters long; the limit is {MAX_ID_LENGTH}"
    if not _ID_CHARS.fullmatch(learner_id):
        bad = sorted(set(_ID_CHARS.sub("", learner_id)))
        return "contains " + ", ".join(repr(c) for c in bad[:5]) + (" and more" if len(bad) > 5 else "")
    if learner_id.endswith("."):
        return "ends with '.', which Windows drops from folder names"
    if is_windows_device_name(learner_id):
        return "is a device name that Windows reserves"
    return None


def _read_bytes(path: Path) -> bytes:
    if path.is_dir():
        raise RosterError(f"{path}: is a folder; give the path of the roster CSV file itself")
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise RosterError(f"{path}: no such file; check the path, or make the roster: a CSV file with the "
                          f"header {HEADER_EXAMPLE} and one line per learner") from None
    except OSError as err:
        raise RosterError(f"{path}: cannot be read ({err.strerror or err}); check its permissions") from None


def _decode(path: Path, data: bytes) -> str:
    """Return the file's text: UTF-8 (BOM or not), else a fallback encoding with a warning."""
    if b"\x00" in data:
        raise RosterError(f"{path}: is not a CSV text file (it holds NUL bytes: an .xlsx workbook or a UTF-16 "
                          "'Unicode Text' file, perhaps); in Excel use Save As > 'CSV UTF-8 (Comma delimited)'")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    for encoding, label in _FALLBACK_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        warnings.warn(f"{path}: is not UTF-8, so it was read as {label} ({encoding}); check that names with "
                      "accents (such as 'Zoë') look right, and next time save it as 'CSV UTF-8 (Comma delimited)'",
                      RosterEncodingWarning, stacklevel=3)
        return text
    raise AssertionError("latin-1 decodes any bytes")  # pragma: no cover


def _records(path: Path, text: str) -> list[tuple[int, list[str]]]:
    """Return (line number where the record starts, trimmed cells) for every non-blank record."""
    reader = csv.reader(io.StringIO(text, newline=""))
    records: list[tuple[int, list[str]]] = []
    line = 1
    try:
        for row in reader:
            cells = [cell.strip() for cell in row]
            if any(cells):
                records.append((line, cells))
            line = reader.line_num + 1
    except csv.Error as err:
        raise RosterError(f"{path}, line {reader.line_num}: not valid CSV ({err}); "
                          "check the quote marks on that line") from None
    return records


def _columns(path: Path, line: int, header: list[str]) -> dict[str, int]:
    """Return the index of each known column in the header; raise RosterError when one is missing or doubled."""
    names = [re.sub(r"[\s-]+", "_", cell.lower()) for cell in header]
    names = [_ALIASES.get(name, name) for name in names]
    missing = [column for column in REQUIRED_COLUMNS if column not in names]
    if missing:
        found = ", ".join(repr(cell) for cell in header if cell) or "none"
        hint = ("; the file seems to use semicolons or tabs between values: save it as comma-separated CSV"
                if any(";" in cell or "\t" in cell for cell in header) else "")
        raise RosterError(f"{path}, line {line}: no {' or '.join(missing)} column (the columns found are {found}); "
                          f"the first line must be the header {HEADER_EXAMPLE} (sector and data_dir are "
                          f"optional){hint}")
    for column in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS):
        if names.count(column) > 1:
            raise RosterError(f"{path}, line {line}: the column {column!r} appears {names.count(column)} times; "
                              "keep one of them")
    return {column: names.index(column) for column in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS) if column in names}


def _learner(where: str, cells: list[str], width: int, columns: dict[str, int]) -> Learner:
    if any(cells[width:]):
        raise RosterError(f"{where}: has {len(cells)} values but the header has {width} columns; put a value "
                          "that contains a comma in double quotes, e.g. \"Smith, Jo\"")

    def cell(column: str) -> str:
        index = columns.get(column)
        return cells[index] if index is not None and index < len(cells) else ""

    return Learner(_learner_id(where, cell("learner_id")), _name(where, cell("name")), _sector(where, cell("sector")),
                   cell("data_dir").strip() or None,
                   **{column: _identifier(where, column, cell(column)) for column in LMS_COLUMNS})


def _identifier(where: str, column: str, value: str) -> str:
    """Return an LMS identifier cell, refusing one that an LMS could not match or a spreadsheet would run."""
    if any(unicodedata.category(c) == "Cc" for c in value) or (value and value[0] in "=+-@"):
        raise RosterError(f"{where}: the {column} {value!r} starts with a formula sign or holds a control "
                          "character; retype it as the LMS shows it")
    if column == "email" and value and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
        raise RosterError(f"{where}: {value!r} is not an email address; write it as the LMS has it, "
                          "e.g. jo.smith@example.ac.uk")
    return value


def _learner_id(where: str, value: str) -> str:
    if not value:
        raise RosterError(f"{where}: the learner_id is empty; give every learner an id ({ID_RULE}), "
                          "or delete the line")
    problem = learner_id_problem(value)
    if problem:
        shown = repr(value) if len(value) <= 70 else repr(value[:60]) + "..."
        raise RosterError(f"{where}: learner_id {shown} {problem}; {ID_RULE}")
    return value


def _name(where: str, value: str) -> str:
    name = re.sub(r"[ \t]+", " ", value)
    if not name:
        raise RosterError(f"{where}: the name is empty; fill it in (the learner id will do if you would "
                          "rather not keep names)")
    if "\n" in name or "\r" in name:
        raise RosterError(f"{where}: the name runs over more than one line; a quote mark (\") at the start "
                          "of a value probably has no closing quote, so add it or remove the quote mark")
    control = [c for c in name if unicodedata.category(c) == "Cc"]
    if control:
        raise RosterError(f"{where}: the name contains a control character (U+{ord(control[0]):04X}); "
                          "retype the name")
    return name


def _sector(where: str, value: str) -> str:
    if not value:
        return DEFAULT_SECTOR
    if value.lower() not in SECTORS:
        raise RosterError(f"{where}: unknown sector {value!r}; choose one of: {', '.join(SECTORS)} "
                          f"(or leave it empty for {DEFAULT_SECTOR})")
    return value.lower()


__all__ = ["Learner", "RosterEncodingWarning", "RosterError", "learner_id_problem", "read_roster"]
