"""ServiceLog: the learner's CRM / service log on SQLite, to input, retrieve and analyse records.

Every input is checked before it is stored (allowed values, known staff and customers, no future
dates, no contact details in notes) and every write is one transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import Any

import pandas as pd

from course.records import checks, governance, storage
from course.records.checks import TIME_FORMAT, RecordError
from course.store.data import StoreData
from course.store.schema import CHANNELS, COMPLAINT_CATEGORIES, OUTCOMES, REASONS, SEVERITIES

INCIDENT_KINDS = ("accident or injury", "near miss", "theft or security", "abusive behaviour",
                  "system failure", "service failure", "other")
REPEAT_WINDOW = timedelta(days=7)  # domain-facts.md: a repeat within 7 days means not resolved first time
Clock = Callable[[], datetime]

_FILTERS = {"since": "timestamp >= :since", "until": "timestamp <= :until", "until_day": "timestamp < :until",
            "channel": "channel = :channel", "reason": "reason = :reason",
            "open_only": "outcome = 'open'", "category": "category = :category"}


class ServiceLog:
    """A service log in one SQLite file: customers, contacts (interactions), complaints and incidents.

    `clock` says what time it is now (default: datetime.now); notebooks fix it at the end of the
    learner's period so dates in their 2025 data are not "in the future" and every run is the same.
    """

    def __init__(self, path: Path, conn: sqlite3.Connection, clock: Clock | None = None) -> None:
        self.path = path
        self.clock: Clock = clock or datetime.now
        self._conn: sqlite3.Connection | None = conn

    @classmethod
    def create(cls, path: str | Path, data: StoreData, *, rebuild: bool = False,
               clock: Clock | None = None) -> ServiceLog:
        """Return the log at `path`, building it from `data` first if it does not exist (or if rebuild=True).

        An existing log is opened as it is, so the learner's own entries are kept. rebuild=True makes
        it again from `data` alone (close any other ServiceLog open on the same file first). The
        incidents table starts empty. Refuses a log that belongs to another learner.
        """
        target = Path(path)
        if rebuild or not target.exists():
            storage.build(target, data)
        log = cls.open(target, clock=clock)
        owner = storage.meta(log._connection(), "learner_id")
        if data.learner_id and owner and owner != data.learner_id:
            log.close()
            raise RecordError(f"{target}: this log belongs to learner {owner!r}, not {data.learner_id!r}; "
                              "use another file name, or pass rebuild=True to replace it")
        return log

    @classmethod
    def open(cls, path: str | Path, *, clock: Clock | None = None) -> ServiceLog:
        """Return the existing log at `path`; raise RecordError naming the file if it is missing or not a log."""
        return cls(Path(path), storage.connect(Path(path)), clock)

    def close(self) -> None:
        """Close the database connection (safe to call twice)."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> ServiceLog:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"ServiceLog({str(self.path)!r})"

    # ---- input ------------------------------------------------------------------------------------

    def add_interaction(self, *, customer_id: str | None, channel: str, reason: str, handled_by: str,
                        handle_minutes: float, resolved_first_contact: bool, notes: str = "",
                        timestamp: str | datetime | None = None, repeat_of: str | None = None) -> str:
        """Record one customer contact; return its new id (e.g. 'I000693').

        customer_id=None is a customer who is not a loyalty member. timestamp defaults to now. A repeat
        contact (repeat_of=...) is never resolved at first contact, and marks the contact it repeats as
        not resolved if it comes within 7 days. entered_late is set when the record is typed up on a
        later day than the contact.
        """
        now = self._now()
        stamp = checks.moment("timestamp", timestamp, now, default=now)
        customer = checks.optional_id("customer_id", customer_id)
        repeat = checks.optional_id("repeat_of", repeat_of)
        staff_id = checks.text("handled_by", handled_by)
        resolved = checks.flag("resolved_first_contact", resolved_first_contact)
        if repeat and resolved:
            raise RecordError("field 'resolved_first_contact': a repeat contact is never resolved at first "
                              "contact; set resolved_first_contact=False")
        values = [stamp.strftime(TIME_FORMAT), customer, checks.choice("channel", channel, CHANNELS),
                  checks.choice("reason", reason, REASONS), staff_id,
                  checks.number("handle_minutes", handle_minutes, low=0, high=600, unit="minutes",
                                high_inclusive=False),
                  int(resolved), repeat, int(now.date() > stamp.date()), checks.free_text("notes", notes),
                  now.strftime(TIME_FORMAT)]
        with self._write() as conn:
            storage.require_staff(conn, "handled_by", staff_id)
            if customer is not None:
                storage.require_customer(conn, customer)
            earlier = storage.earlier_contact(conn, repeat, stamp) if repeat else None
            new_id = storage.next_id(conn, "interactions")
            conn.execute(storage.ADD_INTERACTION, [new_id, *values])
            if earlier is not None and stamp - earlier <= REPEAT_WINDOW:
                conn.execute("UPDATE interactions SET resolved_first_contact = 0 WHERE interaction_id = ?",
                             (repeat,))
        return new_id

    def add_complaint(self, *, interaction_id: str, category: str, severity: str,
                      received: str | datetime | None = None, notes: str = "") -> str:
        """Record a complaint raised at a contact; return its new id (e.g. 'K000041').

        It starts open (outcome 'open'); received defaults to the time of the contact. Close it with
        resolve_complaint().
        """
        now = self._now()
        contact_id = checks.text("interaction_id", interaction_id)
        values = [checks.choice("category", category, COMPLAINT_CATEGORIES),
                  checks.choice("severity", severity, SEVERITIES), checks.free_text("notes", notes),
                  now.strftime(TIME_FORMAT)]
        with self._write() as conn:
            contact_time, customer = storage.contact(conn, contact_id)
            when = checks.moment("received", received, now, default=contact_time)
            if when < contact_time:
                raise RecordError(f"field 'received': {when:%Y-%m-%d %H:%M} is before the contact "
                                  f"{contact_id} ({contact_time:%Y-%m-%d %H:%M}) that raised the complaint")
            new_id = storage.next_id(conn, "complaints")
            conn.execute(storage.ADD_COMPLAINT,
                         [new_id, contact_id, customer, when.strftime(TIME_FORMAT), *values])
        return new_id

    def resolve_complaint(self, complaint_id: str, *, outcome: str, resolved: str | datetime | None = None,
                          satisfaction_after: float | None = None) -> None:
        """Close an open complaint with its outcome; returns None. resolved defaults to now.

        satisfaction_after is the customer's 1-5 score afterwards (outcome data), or None if no reply.
        """
        now = self._now()
        target = checks.text("complaint_id", complaint_id)
        result = checks.choice("outcome", outcome, OUTCOMES)
        if result == "open":
            raise RecordError("field 'outcome': to resolve a complaint say how it was put right: "
                              f"{', '.join(o for o in OUTCOMES if o != 'open')}")
        score = None if satisfaction_after is None else checks.number(
            "satisfaction_after", satisfaction_after, low=1, high=5, unit="points (1-5)", high_inclusive=True)
        with self._write() as conn:
            received = storage.open_complaint(conn, target)
            when = checks.moment("resolved", resolved, now, default=now)
            if when < received:
                raise RecordError(f"field 'resolved': {when:%Y-%m-%d %H:%M} is before the complaint was "
                                  f"received ({received:%Y-%m-%d %H:%M})")
            conn.execute("UPDATE complaints SET resolved = ?, outcome = ?, satisfaction_after = ? "
                         "WHERE complaint_id = ?", (when.strftime(TIME_FORMAT), result, score, target))

    def add_incident(self, *, kind: str, description: str, reported_by: str,
                     timestamp: str | datetime | None = None) -> str:
        """Record an incident (kind from INCIDENT_KINDS); return its new id (e.g. 'INC000001')."""
        now = self._now()
        staff_id = checks.text("reported_by", reported_by)
        values = [checks.moment("timestamp", timestamp, now, default=now).strftime(TIME_FORMAT),
                  checks.choice("kind", kind, INCIDENT_KINDS),
                  checks.free_text("description", description, required=True), staff_id,
                  now.strftime(TIME_FORMAT)]
        with self._write() as conn:
            storage.require_staff(conn, "reported_by", staff_id)
            new_id = storage.next_id(conn, "incidents")
            conn.execute(storage.ADD_INCIDENT, [new_id, *values])
        return new_id

    # ---- retrieval --------------------------------------------------------------------------------

    def customer(self, customer_id: str) -> pd.DataFrame:
        """Return one row: the customer's record plus counts of contacts and complaints and the last contact."""
        conn, wanted = self._connection(), checks.text("customer_id", customer_id)
        storage.require_customer(conn, wanted)
        return storage.read(conn, storage.CUSTOMER, (wanted,))

    def history(self, customer_id: str) -> pd.DataFrame:
        """Return the customer's contacts and complaints, newest first (one row per record)."""
        conn, wanted = self._connection(), checks.text("customer_id", customer_id)
        storage.require_customer(conn, wanted)
        return storage.read(conn, storage.HISTORY, {"c": wanted})

    def interactions(self, *, since: str | date | None = None, until: str | date | None = None,
                     channel: str | None = None, reason: str | None = None) -> pd.DataFrame:
        """Return contacts, oldest first, filtered by time (a date `until` includes that whole day),
        channel and reason."""
        clauses: list[str] = []
        params: dict[str, object] = {}
        if since is not None:
            clauses.append(_FILTERS["since"])
            params["since"] = checks.parse_moment("since", since).strftime(TIME_FORMAT)
        if until is not None:
            last, whole_day = checks.parse_moment("until", until), checks.is_day_only(until)
            clauses.append(_FILTERS["until_day" if whole_day else "until"])
            params["until"] = (last + timedelta(days=1) if whole_day else last).strftime(TIME_FORMAT)
        for name, value, allowed in (("channel", channel, CHANNELS), ("reason", reason, REASONS)):
            if value is not None:
                clauses.append(_FILTERS[name])
                params[name] = checks.choice(name, value, allowed)
        where = " AND ".join(clauses) or "1"
        # the clauses come from the fixed _FILTERS only; values are bound parameters
        return storage.read(self._connection(), f"SELECT * FROM interactions WHERE {where} "  # noqa: S608
                            "ORDER BY timestamp, interaction_id", params)

    def complaints(self, *, open_only: bool = False, category: str | None = None) -> pd.DataFrame:
        """Return complaints, oldest first; open_only=True keeps those with no outcome yet."""
        params: dict[str, object] = {}
        clauses = [_FILTERS["open_only"]] if checks.flag("open_only", open_only) else []
        if category is not None:
            params["category"] = checks.choice("category", category, COMPLAINT_CATEGORIES)
            clauses.append(_FILTERS["category"])
        where = " AND ".join(clauses) or "1"
        # the clauses come from the fixed _FILTERS only; values are bound parameters
        return storage.read(self._connection(), f"SELECT * FROM complaints WHERE {where} "  # noqa: S608
                            "ORDER BY received, complaint_id", params)

    def incidents(self) -> pd.DataFrame:
        """Return the incident log, oldest first."""
        return storage.read(self._connection(), "SELECT * FROM incidents ORDER BY timestamp, incident_id")

    def query(self, sql: str, params: Sequence[Any] | Mapping[str, Any] = ()) -> pd.DataFrame:
        """Return the result of your own single SELECT; put a ? (or :name) where each value goes.

        Example: log.query("SELECT * FROM complaints WHERE category = ?", ["staff attitude"]).
        Anything that would change the log is refused.
        """
        return governance.select_only(self._connection(), sql, params)

    # ---- analysis and data protection ---------------------------------------------------------------

    def quality_report(self) -> pd.DataFrame:
        """Return one row per data quality check: check, table, count, up to 5 example ids, why it matters."""
        return governance.quality_report(self._connection())

    def anonymised_extract(self) -> pd.DataFrame:
        """Return every contact joined with its complaint (if any), ready for a portfolio.

        Customer ids are replaced by pseudonyms ("P-" + 8 hex characters of an HMAC-SHA256 with this
        log's own key): the same customer always has the same pseudonym in this log. There are no
        names, emails, phone numbers or notes; handled_by keeps the staff id. Strictly this is
        pseudonymised data: whoever holds the log can link it back.
        """
        return governance.anonymised_extract(self._connection())

    def apply_retention(self, *, keep_days: int, today: date) -> dict[str, int]:
        """Delete contacts, complaints and incidents dated before `today` minus `keep_days`, all in one
        transaction; return how many rows were deleted per table.

        Complaints raised at a deleted contact go with it; a kept repeat contact loses its repeat_of link.
        """
        return governance.apply_retention(self._connection(), keep_days, today)

    def subject_access_request(self, customer_id: str, *, received: date) -> dict[str, Any]:
        """Return everything held on the customer for a subject access request.

        Keys: customer_id, received, respond_by (one calendar month later), respond_by_if_extended
        (three months: the two-month extension for complex requests), customer, interactions,
        complaints (DataFrames) and note (what UK GDPR asks).
        """
        day = checks.day("received", received)
        if day > self._now().date():
            raise RecordError(f"field 'received': {day} is in the future; give the date the request arrived")
        return governance.subject_access(self._connection(), checks.text("customer_id", customer_id), day)

    # ---- helpers ----------------------------------------------------------------------------------

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            raise RecordError(f"{self.path}: this log is closed; open it again with ServiceLog.open(path)")
        return self._conn

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        conn = self._connection()
        with conn:  # commit at the end, roll back on any error
            conn.execute("BEGIN IMMEDIATE")
            yield conn

    def _now(self) -> datetime:
        now = self.clock()
        return (now.astimezone().replace(tzinfo=None) if now.tzinfo else now).replace(microsecond=0)
