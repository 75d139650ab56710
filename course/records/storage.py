"""The service log's SQLite file: its tables and SQL, building it from StoreData, opening it, ids,
look-ups and reads.

Every SQL statement takes its values as parameters; table and column names come only from the fixed
constants in this package. The file is built under a temporary name and renamed into place, so a
crash never leaves half a database.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import sqlite3
import tempfile
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd

from course.records.checks import TIME_FORMAT, RecordError
from course.store.data import StoreData

FORMAT = "course.records/1"
ID_COLUMNS = {"interactions": "interaction_id", "complaints": "complaint_id", "incidents": "incident_id",
              "customers": "customer_id", "staff": "staff_id"}
ID_PREFIXES = {"interactions": "I", "complaints": "K", "incidents": "INC"}
ID_DIGITS = 6
DATETIME_COLUMNS = frozenset({"timestamp", "received", "resolved", "entered_at", "when", "join_date",
                              "last_contact"})
BOOL_COLUMNS = frozenset({"resolved_first_contact", "entered_late", "marketing_consent", "synthetic"})
FLOAT_COLUMNS = frozenset({"handle_minutes", "satisfaction_after"})

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE staff (staff_id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL);
CREATE TABLE customers (
    customer_id TEXT PRIMARY KEY, join_date TEXT NOT NULL, segment TEXT NOT NULL, name TEXT NOT NULL,
    email TEXT NOT NULL, phone TEXT NOT NULL, marketing_consent INTEGER NOT NULL, synthetic INTEGER NOT NULL);
CREATE TABLE interactions (
    interaction_id TEXT PRIMARY KEY, timestamp TEXT NOT NULL,
    customer_id TEXT REFERENCES customers (customer_id),
    channel TEXT NOT NULL, reason TEXT NOT NULL, handled_by TEXT NOT NULL REFERENCES staff (staff_id),
    handle_minutes REAL NOT NULL CHECK (handle_minutes >= 0), resolved_first_contact INTEGER NOT NULL,
    repeat_of TEXT REFERENCES interactions (interaction_id) ON DELETE SET NULL,
    entered_late INTEGER NOT NULL, notes TEXT NOT NULL DEFAULT '', entered_at TEXT);
CREATE INDEX interactions_by_customer ON interactions (customer_id);
CREATE INDEX interactions_by_time ON interactions (timestamp);
CREATE INDEX interactions_by_repeat ON interactions (repeat_of);  -- ON DELETE SET NULL looks rows up by it
CREATE TABLE complaints (
    complaint_id TEXT PRIMARY KEY, interaction_id TEXT NOT NULL REFERENCES interactions (interaction_id),
    customer_id TEXT REFERENCES customers (customer_id), received TEXT NOT NULL, resolved TEXT,
    category TEXT NOT NULL, severity TEXT NOT NULL, outcome TEXT NOT NULL, satisfaction_after REAL,
    notes TEXT NOT NULL DEFAULT '', entered_at TEXT);
CREATE INDEX complaints_by_interaction ON complaints (interaction_id);
CREATE INDEX complaints_by_customer ON complaints (customer_id);
CREATE TABLE incidents (
    incident_id TEXT PRIMARY KEY, timestamp TEXT NOT NULL, kind TEXT NOT NULL, description TEXT NOT NULL,
    reported_by TEXT NOT NULL REFERENCES staff (staff_id), entered_at TEXT);
"""

ADD_INTERACTION = "INSERT INTO interactions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
ADD_COMPLAINT = "INSERT INTO complaints VALUES (?, ?, ?, ?, NULL, ?, ?, 'open', NULL, ?, ?)"
ADD_INCIDENT = "INSERT INTO incidents VALUES (?, ?, ?, ?, ?, ?)"
HISTORY = """
SELECT timestamp AS "when", 'contact' AS record, interaction_id AS record_id, channel, reason AS detail,
       handled_by, NULL AS outcome, notes
FROM interactions WHERE customer_id = :c
UNION ALL
SELECT k.received, 'complaint', k.complaint_id, i.channel, k.category || ' (' || k.severity || ')',
       i.handled_by, k.outcome, k.notes
FROM complaints AS k JOIN interactions AS i ON i.interaction_id = k.interaction_id
WHERE k.customer_id = :c OR i.customer_id = :c
ORDER BY "when" DESC, record_id DESC
"""
CUSTOMER = """
SELECT c.*, (SELECT count(*) FROM interactions AS i WHERE i.customer_id = c.customer_id) AS contacts,
       (SELECT count(*) FROM complaints AS k WHERE k.customer_id = c.customer_id) AS complaints,
       (SELECT max(timestamp) FROM interactions AS i WHERE i.customer_id = c.customer_id) AS last_contact
FROM customers AS c WHERE c.customer_id = ?
"""

_IMPORTS = {  # table -> (columns taken from StoreData, INSERT statement)
    "staff": (("staff_id", "name", "role"), "INSERT INTO staff VALUES (?, ?, ?)"),
    "customers": (("customer_id", "join_date", "segment", "name", "email", "phone", "marketing_consent",
                   "synthetic"), "INSERT INTO customers VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
    "interactions": (("interaction_id", "timestamp", "customer_id", "channel", "reason", "handled_by",
                      "handle_minutes", "resolved_first_contact", "repeat_of", "entered_late"),
                     "INSERT INTO interactions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', NULL)"),
    "complaints": (("complaint_id", "interaction_id", "customer_id", "received", "resolved", "category",
                    "severity", "outcome", "satisfaction_after"),
                   "INSERT INTO complaints VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '', NULL)"),
}
_LINKS = (  # (table, column, parent table): checked before building, so the error names the id
    ("interactions", "customer_id", "customers"), ("interactions", "handled_by", "staff"),
    ("interactions", "repeat_of", "interactions"), ("complaints", "interaction_id", "interactions"),
    ("complaints", "customer_id", "customers"),
)


def build(path: Path, data: StoreData) -> None:
    """Write a new log at `path` from `data` (temporary file, then os.replace)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    _check_links(data)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    try:
        conn = sqlite3.connect(temporary)
        try:
            conn.executescript(SCHEMA)
            conn.execute("PRAGMA foreign_keys = ON")
            with conn:
                conn.execute("BEGIN")
                conn.execute("PRAGMA defer_foreign_keys = ON")
                _fill(conn, data)
        finally:
            conn.close()
        for suffix in ("-journal", "-wal", "-shm"):  # never let an old file's journal touch the new one
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _check_links(data: StoreData) -> None:
    for table, column, parent in _LINKS:
        known = set(getattr(data, parent)[ID_COLUMNS[parent]])
        values = getattr(data, table)[column].dropna()
        unknown = values[~values.isin(known)]
        if len(unknown):
            raise RecordError(f"cannot build the log: {table}.{column} {unknown.iloc[0]!r} is not in {parent}; "
                              "fix the store data (or load it with StoreData.from_csv, which checks it)")


def _fill(conn: sqlite3.Connection, data: StoreData) -> None:
    rows = {table: _rows(getattr(data, table), columns) for table, (columns, _) in _IMPORTS.items()}
    for table, (_, insert) in _IMPORTS.items():
        conn.executemany(insert, rows[table])
    meta = {"format": FORMAT, "learner_id": data.learner_id or "", "sector": data.sector,
            "start": data.start.isoformat(), "end": data.end.isoformat(),
            "pseudonym_key": _pseudonym_key(rows["customers"])}
    for table, prefix in ID_PREFIXES.items():
        frame = getattr(data, table, None)  # StoreData has no incidents: that table starts empty
        ids = frame[ID_COLUMNS[table]] if frame is not None else pd.Series(dtype=object)
        meta[f"last_number.{table}"] = str(_highest_number(ids, prefix))
    conn.executemany("INSERT INTO meta VALUES (?, ?)", sorted(meta.items()))


def _rows(frame: pd.DataFrame, columns: Sequence[str]) -> list[tuple[object, ...]]:
    """Return the rows of ``frame[columns]`` as SQL values (``_sql_value`` of each), converted a column at a time."""
    return list(zip(*(_sql_column(frame[name], name == "join_date") for name in columns)))


def _sql_column(column: pd.Series, day_only: bool) -> list[object]:
    """Return ``_sql_value`` of every value of ``column``: whole columns at once for dates, numbers and flags."""
    kind = column.dtype.kind if isinstance(column.dtype, np.dtype) else ""  # "": pandas' own dtypes, value by value
    if kind == "M" or isinstance(column.dtype, pd.DatetimeTZDtype):
        values = column.dt.strftime("%Y-%m-%d" if day_only else TIME_FORMAT)
    elif kind == "b":
        values = column.astype("int64")
    elif kind in "iuf" and kind:
        values = column
    else:
        return [_sql_value(value, day_only) for value in column.tolist()]
    missing = column.isna().tolist()
    return [None if gone else value for value, gone in zip(values.astype(object).tolist(), missing)]


def _sql_value(value: object, day_only: bool) -> object:
    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d" if day_only else TIME_FORMAT)
    if isinstance(value, (bool, np.bool_)):
        return int(value)
    if isinstance(value, np.generic):
        return value.item()
    return value


def _pseudonym_key(customer_rows: list[tuple[object, ...]]) -> str:
    """Return a key derived from the customer records: the same data gives the same pseudonyms, and
    nobody without the customer records can work it out."""
    digest = hashlib.sha256(b"course.records pseudonym key 1\n")
    digest.update(json.dumps(customer_rows, ensure_ascii=True).encode())
    return digest.hexdigest()


def _highest_number(ids: pd.Series, prefix: str) -> int:
    numbers = ids.dropna().astype(str).str.extract(f"^{re.escape(prefix)}(\\d+)$")[0].dropna()
    return int(numbers.astype(int).max()) if len(numbers) else 0


def connect(path: Path) -> sqlite3.Connection:
    """Open an existing log read-write; raise RecordError naming the file if it is missing or not a log."""
    if not path.is_file():
        raise RecordError(f"{path}: no service log here; make one with ServiceLog.create({str(path)!r}, data)")
    conn = sqlite3.connect(path.resolve().as_uri() + "?mode=rw", uri=True)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA secure_delete = ON")  # deleted records are overwritten, not left in the file
        found = conn.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
    except sqlite3.DatabaseError:
        found = None
    if found is None or found[0] != FORMAT:
        conn.close()
        raise RecordError(f"{path}: this file is not a service log made by ServiceLog.create; check the "
                          "file name, or make a new log with ServiceLog.create(path, data, rebuild=True)")
    return conn


def meta(conn: sqlite3.Connection, key: str) -> str:
    """Return one value from the log's private meta table."""
    return conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()[0]


def next_id(conn: sqlite3.Connection, table: str) -> str:
    """Return the next id of `table` (I000692 -> I000693) and remember it, so ids are never reused.

    Call inside a write transaction.
    """
    prefix, key = ID_PREFIXES[table], f"last_number.{table}"
    number = int(meta(conn, key)) + 1
    while exists(conn, table, f"{prefix}{number:0{ID_DIGITS}d}"):
        number += 1
    conn.execute("UPDATE meta SET value = ? WHERE key = ?", (str(number), key))
    return f"{prefix}{number:0{ID_DIGITS}d}"


def exists(conn: sqlite3.Connection, table: str, record_id: str) -> bool:
    """Return True if `table` holds a row with id `record_id`."""
    sql = f"SELECT 1 FROM {table} WHERE {ID_COLUMNS[table]} = ?"  # noqa: S608 - names from the fixed ID_COLUMNS only
    return conn.execute(sql, (record_id,)).fetchone() is not None


def require_staff(conn: sqlite3.Connection, field: str, staff_id: str) -> None:
    """Raise RecordError listing the staff ids if `staff_id` is not one of them."""
    if not exists(conn, "staff", staff_id):
        known = [row[0] for row in conn.execute("SELECT staff_id FROM staff ORDER BY staff_id")]
        raise RecordError(f"field '{field}': {staff_id!r} is not a staff id in this store; "
                          f"use one of: {', '.join(known)}")


def require_customer(conn: sqlite3.Connection, customer_id: str) -> None:
    """Raise RecordError if `customer_id` is not a customer in the log."""
    if not exists(conn, "customers", customer_id):
        raise RecordError(f"field 'customer_id': {customer_id!r} is not a customer in this log; check the "
                          "id, or use customer_id=None for someone who is not a loyalty member")


def earlier_contact(conn: sqlite3.Connection, repeat_of: str, stamp: datetime) -> datetime:
    """Return the time of contact `repeat_of`, which must exist and come before `stamp`."""
    found = conn.execute("SELECT timestamp FROM interactions WHERE interaction_id = ?", (repeat_of,)).fetchone()
    if found is None:
        raise RecordError(f"field 'repeat_of': {repeat_of!r} is not a contact in this log; give the id of "
                          "the earlier contact about the same issue, or leave repeat_of=None")
    earlier = datetime.strptime(found[0], TIME_FORMAT)
    if earlier >= stamp:
        raise RecordError(f"field 'repeat_of': {repeat_of} is at {earlier:%Y-%m-%d %H:%M}, not before this "
                          "contact; a repeat contact follows the one it repeats")
    return earlier


def contact(conn: sqlite3.Connection, interaction_id: str) -> tuple[datetime, str | None]:
    """Return the time and customer id of contact `interaction_id`, which must exist."""
    found = conn.execute("SELECT timestamp, customer_id FROM interactions WHERE interaction_id = ?",
                         (interaction_id,)).fetchone()
    if found is None:
        raise RecordError(f"field 'interaction_id': {interaction_id!r} is not a contact in this log; "
                          "record the contact first with add_interaction() and use the id it returns")
    return datetime.strptime(found[0], TIME_FORMAT), found[1]


def open_complaint(conn: sqlite3.Connection, complaint_id: str) -> datetime:
    """Return when complaint `complaint_id` was received; it must exist and still be open."""
    found = conn.execute("SELECT received, outcome FROM complaints WHERE complaint_id = ?",
                         (complaint_id,)).fetchone()
    if found is None:
        raise RecordError(f"complaint_id: {complaint_id!r} is not a complaint in this log; "
                          "see log.complaints(open_only=True) for the open ones")
    if found[1] != "open":
        raise RecordError(f"complaint_id: {complaint_id} is already resolved (outcome {found[1]!r})")
    return datetime.strptime(found[0], TIME_FORMAT)


def read(conn: sqlite3.Connection, sql: str, params: Sequence[object] | Mapping[str, object] = ()) -> pd.DataFrame:
    """Return the rows of a SELECT as a DataFrame, with date-times and True/False columns typed."""
    cursor = conn.execute(sql, params)
    names = [column[0] for column in cursor.description]
    rows = cursor.fetchall()
    columns = [_typed(name, [row[i] for row in rows]) for i, name in enumerate(names)]
    frame = pd.concat(columns, axis=1, ignore_index=True) if columns else pd.DataFrame()
    frame.columns = names
    return frame


def _typed(name: str, values: list[object]) -> pd.Series:
    series = pd.Series(values, dtype=None if values else object)
    try:
        if name in DATETIME_COLUMNS:
            return pd.to_datetime(series, format="ISO8601").astype("datetime64[ns]")  # as in StoreData
        if name in FLOAT_COLUMNS:
            return pd.to_numeric(series).astype("float64")
        if name in BOOL_COLUMNS and series.notna().all():
            return series.astype(bool)
    except (TypeError, ValueError):  # a learner's own column that only shares the name
        pass
    return series
