"""Looking after the service log: read-only queries, data quality checks and UK GDPR tools.

- `select_only` runs a learner's own SELECT and nothing else (SQLite's authoriser enforces it).
- `quality_report` finds missing fields, duplicates, late entries and complaints with no outcome.
- `anonymised_extract`, `apply_retention` and `subject_access` put three UK GDPR principles into
  practice: data minimisation, storage limitation and the right of access.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import sqlite3
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Any

import pandas as pd

from course.records.checks import TIME_FORMAT, RecordError, add_months
from course.records.storage import meta, read

_READ_ACTIONS = frozenset({sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_FUNCTION,
                           sqlite3.SQLITE_RECURSIVE})
_LEADING_COMMENTS = re.compile(r"^\s*(?:(?:--[^\n]*(?:\n|$)|/\*.*?\*/)\s*)*", re.DOTALL)
_TABLES = "customers, staff, interactions, complaints, incidents"


def select_only(conn: sqlite3.Connection, sql: str,
                params: Sequence[object] | Mapping[str, object]) -> pd.DataFrame:
    """Return the result of one SELECT (or WITH ... SELECT); refuse anything that would change the log."""
    if not isinstance(sql, str):
        raise RecordError("query() needs the SQL as text, e.g. log.query('SELECT * FROM complaints')")
    first_word = _LEADING_COMMENTS.sub("", sql).split(None, 1)[:1]
    if [w.upper() for w in first_word] not in (["SELECT"], ["WITH"]):
        raise RecordError("query() runs a single SELECT and nothing else. To add or change records use "
                          "add_interaction(), add_complaint(), resolve_complaint() or add_incident()")
    refused: list[str] = []

    def authorise(action: int, name: str | None, *_: object) -> int:
        if action == sqlite3.SQLITE_READ and name == "meta":
            refused.append("the meta table is private: it holds the key behind the pseudonyms")
        elif action not in _READ_ACTIONS:
            refused.append("query() only reads; it cannot change the log")
        return sqlite3.SQLITE_DENY if refused else sqlite3.SQLITE_OK

    conn.set_authorizer(authorise)
    try:
        return read(conn, sql, params)
    except sqlite3.ProgrammingError as err:
        raise RecordError(f"query() refused: {err} Give one SELECT, with a ? (or :name) for each value "
                          "and the values in params") from None
    except sqlite3.DatabaseError as err:
        reason = refused[0] if refused else f"{err}; the tables are {_TABLES}"
        raise RecordError(f"query() refused: {reason}") from None
    finally:
        conn.set_authorizer(None)


_QUALITY_CHECKS = (  # (check, table, SQL returning ids, why it matters)
    ("missing required field", "interactions",
     "SELECT interaction_id FROM interactions WHERE trim(coalesce(timestamp, '')) = '' "
     "OR trim(coalesce(channel, '')) = '' OR trim(coalesce(reason, '')) = '' "
     "OR trim(coalesce(handled_by, '')) = '' ORDER BY interaction_id",
     "A contact with no time, channel, reason or handler cannot be counted or followed up."),
    ("missing required field", "complaints",
     "SELECT complaint_id FROM complaints WHERE trim(coalesce(received, '')) = '' "
     "OR trim(coalesce(category, '')) = '' OR trim(coalesce(severity, '')) = '' "
     "OR trim(coalesce(outcome, '')) = '' ORDER BY complaint_id",
     "A complaint with no category or severity hides the service gap it points to."),
    ("missing required field", "incidents",
     "SELECT incident_id FROM incidents WHERE trim(coalesce(timestamp, '')) = '' "
     "OR trim(coalesce(kind, '')) = '' OR trim(coalesce(description, '')) = '' "
     "OR trim(coalesce(reported_by, '')) = '' ORDER BY incident_id",
     "An incident with no kind or description cannot be investigated."),
    ("duplicate record", "interactions",
     "SELECT a.interaction_id FROM interactions AS a WHERE EXISTS (SELECT 1 FROM interactions AS b "
     "WHERE b.timestamp = a.timestamp AND b.customer_id IS a.customer_id AND b.channel = a.channel "
     "AND b.reason = a.reason AND b.handled_by = a.handled_by AND b.interaction_id < a.interaction_id) "
     "ORDER BY a.interaction_id",
     "The same contact typed in twice inflates contact counts and lowers first contact resolution."),
    ("duplicate record", "complaints",
     "SELECT a.complaint_id FROM complaints AS a WHERE EXISTS (SELECT 1 FROM complaints AS b "
     "WHERE b.interaction_id = a.interaction_id AND b.complaint_id < a.complaint_id) ORDER BY a.complaint_id",
     "Two complaints from one contact double-count the problem."),
    ("late entry", "interactions",
     "SELECT interaction_id FROM interactions WHERE entered_late = 1 ORDER BY interaction_id",
     "Records typed up after the shift are less accurate: details are forgotten."),
    ("complaint with no outcome", "complaints",
     "SELECT complaint_id FROM complaints WHERE outcome = 'open' OR resolved IS NULL ORDER BY complaint_id",
     "Open complaints need an owner and a date to put them right."),
    ("no satisfaction score after resolution", "complaints",
     "SELECT complaint_id FROM complaints WHERE outcome <> 'open' AND satisfaction_after IS NULL "
     "ORDER BY complaint_id",
     "Without it you have output data (complaints closed) but no outcome data (was the customer happy?)."),
)


def quality_report(conn: sqlite3.Connection, examples: int = 5) -> pd.DataFrame:
    """Return one row per check: check, table, count, example ids and why it matters."""
    rows = []
    for check, table, sql, why in _QUALITY_CHECKS:
        ids = [row[0] for row in conn.execute(sql)]
        rows.append((check, table, len(ids), ", ".join(ids[:examples]), why))
    return pd.DataFrame(rows, columns=["check", "table", "count", "examples", "why it matters"])


_EXTRACT_SQL = """
SELECT i.interaction_id, i.timestamp, i.customer_id, i.channel, i.reason, i.handled_by, i.handle_minutes,
       i.resolved_first_contact, i.repeat_of, i.entered_late, c.complaint_id, c.received, c.resolved,
       c.category, c.severity, c.outcome, c.satisfaction_after
FROM interactions AS i LEFT JOIN complaints AS c ON c.interaction_id = i.interaction_id
ORDER BY i.timestamp, i.interaction_id, c.complaint_id
"""


def anonymised_extract(conn: sqlite3.Connection) -> pd.DataFrame:
    """Return contacts joined with complaints, customer ids swapped for pseudonyms and no personal details."""
    key = bytes.fromhex(meta(conn, "pseudonym_key"))
    frame = read(conn, _EXTRACT_SQL)
    pseudonyms = {cid: "P-" + hmac.new(key, cid.encode(), hashlib.sha256).hexdigest()[:8]
                  for cid in frame["customer_id"].dropna().unique()}
    frame.insert(2, "customer_pseudonym", frame["customer_id"].map(pseudonyms))
    return frame.drop(columns="customer_id")


_RETENTION = (  # (table, DELETE statement); complaints first, as they point at interactions
    ("complaints", "DELETE FROM complaints WHERE received < :cutoff OR interaction_id IN "
                   "(SELECT interaction_id FROM interactions WHERE timestamp < :cutoff)"),
    ("incidents", "DELETE FROM incidents WHERE timestamp < :cutoff"),
    ("interactions", "DELETE FROM interactions WHERE timestamp < :cutoff"),
)


def apply_retention(conn: sqlite3.Connection, keep_days: int, today: date) -> dict[str, int]:
    """Delete records from before `today` − `keep_days` in one transaction; return rows deleted per table."""
    if isinstance(keep_days, bool) or not isinstance(keep_days, int) or keep_days < 0:
        raise RecordError(f"keep_days must be a whole number of days, 0 or more (e.g. 365); got {keep_days!r}")
    if isinstance(today, datetime) or not isinstance(today, date):
        raise RecordError(f"today must be a date, e.g. date(2025, 3, 31); got {today!r}")
    cutoff = datetime.combine(today - timedelta(days=keep_days), datetime.min.time()).strftime(TIME_FORMAT)
    deleted: dict[str, int] = {}
    with conn:
        conn.execute("BEGIN IMMEDIATE")
        for table, sql in _RETENTION:
            deleted[table] = _delete(conn, sql, cutoff)
    return {table: deleted[table] for table in ("interactions", "complaints", "incidents")}


def _delete(conn: sqlite3.Connection, sql: str, cutoff: str) -> int:
    return conn.execute(sql, {"cutoff": cutoff}).rowcount


def subject_access(conn: sqlite3.Connection, customer_id: str, received: date) -> dict[str, Any]:
    """Return everything held on one customer and the dates by which the request must be answered."""
    customer = read(conn, "SELECT * FROM customers WHERE customer_id = ?", (customer_id,))
    if customer.empty:
        raise RecordError(f"field 'customer_id': {customer_id!r} is not a customer in this log; check the id "
                          "(a request from someone who is not a member is answered by searching other records)")
    contacts = read(conn, "SELECT * FROM interactions WHERE customer_id = ? ORDER BY timestamp, interaction_id",
                    (customer_id,))
    complaints = read(conn, "SELECT * FROM complaints WHERE customer_id = :c OR interaction_id IN (SELECT "
                            "interaction_id FROM interactions WHERE customer_id = :c) ORDER BY received, "
                            "complaint_id", {"c": customer_id})
    return {
        "customer_id": customer_id, "received": received,
        "respond_by": add_months(received, 1), "respond_by_if_extended": add_months(received, 3),
        "customer": customer, "interactions": contacts, "complaints": complaints,
        "note": ("UK GDPR: answer within one calendar month of receiving the request (if that day does not "
                 "exist, the last day of the month; if it falls on a weekend or bank holiday, the next working "
                 "day). If the request is complex or one of many from this person, you may extend by two "
                 "further months: tell them within the first month and explain why."),
    }
