"""The recording system (course.records): build, input checks, safe SQL, retrieval and UK GDPR tools."""

from __future__ import annotations

import dataclasses
import re
import shutil
import sqlite3
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from course.records import RecordError, ServiceLog, governance, storage
from course.records.checks import add_months, personal_data
from course.store import StoreData, simulate

NOW = datetime(2025, 3, 31, 18, 0)
EVIL = "Robert'); DROP TABLE interactions;--"


def clock() -> datetime:
    return NOW


@pytest.fixture(scope="module")
def data() -> StoreData:
    return simulate("rec", sector="apparel", start="2025-01-01", end="2025-03-31")


@pytest.fixture(scope="module")
def template(data: StoreData, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "service-log.db"
    ServiceLog.create(path, data).close()
    return path


@pytest.fixture
def log(template: Path, tmp_path: Path) -> Iterator[ServiceLog]:
    path = tmp_path / "service-log.db"
    shutil.copy(template, path)
    with ServiceLog.open(path, clock=clock) as opened:
        yield opened


@pytest.fixture(scope="module")
def member(data: StoreData) -> str:
    """The customer with the most contacts."""
    return str(data.interactions["customer_id"].value_counts().index[0])


def contact(**changes: Any) -> dict[str, Any]:
    fields = dict(customer_id=None, channel="phone", reason="order status", handled_by="S04",
                  handle_minutes=6.5, resolved_first_contact=True, notes="Parcel due Friday.",
                  timestamp="2025-03-31 10:00")
    return {**fields, **changes}


def count(log: ServiceLog, table: str) -> int:
    return int(log.query(f"SELECT count(*) AS n FROM {table}")["n"].iloc[0])


def next_number(ids: pd.Series, prefix: str) -> str:
    return f"{prefix}{ids.str[len(prefix):].astype(int).max() + 1:06d}"


# ---- building, opening, rebuilding ------------------------------------------------------------------

def test_create_copies_the_crm_tables_and_starts_incidents_empty(log: ServiceLog, data: StoreData) -> None:
    assert count(log, "customers") == len(data.customers)
    assert count(log, "interactions") == len(data.interactions)
    assert count(log, "complaints") == len(data.complaints)
    assert count(log, "incidents") == 0
    stored = log.interactions()
    assert stored["interaction_id"].tolist() == sorted(data.interactions["interaction_id"])
    assert stored["timestamp"].dtype == "datetime64[ns]" and stored["entered_late"].dtype == bool
    assert int(stored["entered_late"].sum()) == int(data.interactions["entered_late"].sum())


def test_new_ids_continue_the_sequences_and_are_never_reused(log: ServiceLog, data: StoreData) -> None:
    first = log.add_interaction(**contact(reason="complaint", resolved_first_contact=False))
    assert first == next_number(data.interactions["interaction_id"], "I")
    assert log.add_complaint(interaction_id=first, category="staff attitude", severity="low") == \
        next_number(data.complaints["complaint_id"], "K")
    incident = log.add_incident(kind="near miss", description="Wet floor by the door.", reported_by="S01")
    assert incident == "INC000001"
    log.apply_retention(keep_days=0, today=date(2025, 4, 1))  # deletes everything, the newest too
    assert count(log, "interactions") == 0
    after = log.add_interaction(**contact())
    assert int(after[1:]) == int(first[1:]) + 1


def test_reopening_keeps_learner_entries_and_rebuild_restores(data: StoreData, tmp_path: Path) -> None:
    path = tmp_path / "mine.db"
    with ServiceLog.create(path, data, clock=clock) as log:
        new_id = log.add_interaction(**contact(notes="Asked about the blue coat."))
    with ServiceLog.create(path, data, clock=clock) as log:
        assert new_id in set(log.interactions()["interaction_id"])
    with ServiceLog.open(path) as log:
        assert log.interactions().set_index("interaction_id").loc[new_id, "notes"] == "Asked about the blue coat."
    with ServiceLog.create(path, data, rebuild=True, clock=clock) as log:
        assert new_id not in set(log.interactions()["interaction_id"])
        assert count(log, "interactions") == len(data.interactions)
        assert log.add_interaction(**contact()) == new_id  # the sequence starts again from the data
    assert [p.name for p in tmp_path.iterdir()] == ["mine.db"]  # no temporary files left behind


def test_a_failed_rebuild_leaves_the_old_log_untouched(data: StoreData, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "mine.db"
    with ServiceLog.create(path, data, clock=clock) as log:
        new_id = log.add_interaction(**contact())

    def crash(conn: sqlite3.Connection, data: StoreData) -> None:
        raise RuntimeError("power cut")

    monkeypatch.setattr(storage, "_fill", crash)
    with pytest.raises(RuntimeError, match="power cut"):
        ServiceLog.create(path, data, rebuild=True)
    with ServiceLog.open(path) as log:
        assert new_id in set(log.interactions()["interaction_id"])
    assert [p.name for p in tmp_path.iterdir()] == ["mine.db"]


def test_the_same_data_gives_the_same_database(data: StoreData, tmp_path: Path) -> None:
    dumps = []
    for name in ("a.db", "b.db"):
        ServiceLog.create(tmp_path / name, data).close()
        with sqlite3.connect(tmp_path / name) as conn:
            dumps.append(list(conn.iterdump()))
        conn.close()
    assert dumps[0] == dumps[1]


def test_create_refuses_another_learners_log(data: StoreData, template: Path, tmp_path: Path) -> None:
    path = tmp_path / "shared.db"
    shutil.copy(template, path)
    with pytest.raises(RecordError, match=r"belongs to learner 'rec', not 'someone-else'.*rebuild=True"):
        ServiceLog.create(path, dataclasses.replace(data, learner_id="someone-else"))


def test_open_names_the_file_when_it_is_missing_or_not_a_log(tmp_path: Path) -> None:
    with pytest.raises(RecordError, match=r"nowhere\.db: no service log here.*ServiceLog\.create"):
        ServiceLog.open(tmp_path / "nowhere.db")
    text_file = tmp_path / "notes.db"
    text_file.write_text("not a database", encoding="utf-8")
    with pytest.raises(RecordError, match=r"notes\.db: this file is not a service log"):
        ServiceLog.open(text_file)
    other_db = tmp_path / "other.db"
    with sqlite3.connect(other_db) as conn:
        conn.execute("CREATE TABLE t (x)")
    conn.close()
    with pytest.raises(RecordError, match=r"other\.db: this file is not a service log"):
        ServiceLog.open(other_db)


def test_a_closed_log_says_so(log: ServiceLog) -> None:
    log.close()
    with pytest.raises(RecordError, match="this log is closed"):
        log.complaints()


# ---- input checks -----------------------------------------------------------------------------------

BAD_CONTACTS = [
    ("empty channel", {"channel": ""},
     "field 'channel' is required"),
    ("no handler", {"handled_by": None},
     "field 'handled_by' is required"),
    ("unknown channel", {"channel": "telephone"},
     "field 'channel': 'telephone' is not an allowed value. Did you mean 'phone'?"),
    ("unknown reason", {"reason": "moan"},
     "field 'reason': 'moan' is not an allowed value"),
    ("unknown staff", {"handled_by": "S99"},
     "field 'handled_by': 'S99' is not a staff id in this store; use one of: S01"),
    ("unknown customer", {"customer_id": "C99999"},
     "field 'customer_id': 'C99999' is not a customer in this log"),
    ("empty customer", {"customer_id": ""},
     "field 'customer_id' is empty; leave it as None"),
    ("future timestamp", {"timestamp": "2025-04-01 09:00"},
     "field 'timestamp': 2025-04-01 09:00 is in the future"),
    ("unreadable timestamp", {"timestamp": "31/03/2025"},
     "field 'timestamp': cannot read '31/03/2025'"),
    ("negative minutes", {"handle_minutes": -1},
     "field 'handle_minutes': -1 is out of range; give 0 to under 600 minutes"),
    ("600 minutes", {"handle_minutes": 600},
     "field 'handle_minutes': 600 is out of range"),
    ("minutes as text", {"handle_minutes": "5"},
     "field 'handle_minutes' must be a number of minutes"),
    ("yes for a flag", {"resolved_first_contact": "yes"},
     "field 'resolved_first_contact' must be True or False"),
    ("email in notes", {"notes": "Email her at jo.bloggs@example.com"},
     "field 'notes' looks like it contains an email address"),
    ("phone in notes", {"notes": "Call back on 07700 900123"},
     "field 'notes' looks like it contains a UK phone number"),
    ("postcode in notes", {"notes": "Lives at SW1A 1AA"},
     "field 'notes' looks like it contains a postcode.*data minimisation"),
    ("notes too long", {"notes": "x" * 501},
     "field 'notes' is 501 characters; the limit is 500"),
    ("unknown repeat_of", {"repeat_of": "I999999", "resolved_first_contact": False},
     "field 'repeat_of': 'I999999' is not a contact"),
    ("repeat marked resolved", {"repeat_of": "I000001"},
     "a repeat contact is never resolved at first contact"),
]


@pytest.mark.parametrize(("case", "changes", "message"), BAD_CONTACTS, ids=[case for case, *_ in BAD_CONTACTS])
def test_a_bad_contact_is_refused_with_a_precise_message(log: ServiceLog, case: str, changes: dict[str, Any],
                                                         message: str) -> None:
    before = count(log, "interactions")
    with pytest.raises(RecordError, match=re.escape(message) if ".*" not in message else message):
        log.add_interaction(**contact(**changes))
    assert count(log, "interactions") == before


def test_a_repeat_must_follow_the_contact_it_repeats(log: ServiceLog) -> None:
    with pytest.raises(RecordError, match=r"'repeat_of': I000692 is at .* not before this contact"):
        log.add_interaction(**contact(repeat_of="I000692", resolved_first_contact=False,
                                      timestamp="2025-01-01 09:00"))


@pytest.mark.parametrize("text", [
    "jo@example.co.uk", "07700900123", "+44 7700 900123", "020 7946 0000", "(0161) 496 0000",
    "+44 (0)20 7946 0000", "0161-496-0000", "ec1a 1bb", "B33 8TH", "M1 1AE",
])
def test_personal_details_are_spotted(text: str) -> None:
    assert personal_data(f"Customer said: {text} thanks") is not None


@pytest.mark.parametrize("text", [
    "Order 12345 on 2025-03-01 at 4pm", "Refund of £10.50 agreed", "Sizes 10 and 12, 2 items",
    "Left on aisle B1 1st shelf", "Contact I000123 repeated", "Back in stock 01/04", "Voucher £5 x2 3pm",
    "Robert'); DROP TABLE interactions;--",
])
def test_ordinary_notes_are_accepted(text: str) -> None:
    assert personal_data(text) is None


def test_complaint_inputs_are_checked(log: ServiceLog) -> None:
    contact_id = log.add_interaction(**contact(reason="complaint", resolved_first_contact=False))
    for changes, message in [
        ({"category": "queue"}, "field 'category': 'queue' is not an allowed value"),
        ({"severity": "huge"}, "field 'severity': 'huge' is not an allowed value"),
        ({"interaction_id": "I999999"}, "field 'interaction_id': 'I999999' is not a contact"),
        ({"received": "2025-03-31 09:00"}, "field 'received': 2025-03-31 09:00 is before the contact"),
        ({"received": "2025-04-02"}, "field 'received': 2025-04-02 00:00 is in the future"),
        ({"notes": "Her number is 07700 900456"}, "UK phone number"),
    ]:
        with pytest.raises(RecordError, match=message):
            log.add_complaint(**{"interaction_id": contact_id, "category": "staff attitude",
                                 "severity": "low", **changes})
    complaint_id = log.add_complaint(interaction_id=contact_id, category="staff attitude", severity="low")
    for changes, message in [
        ({"outcome": "open"}, "say how it was put right"),
        ({"outcome": "shrug"}, "field 'outcome': 'shrug' is not an allowed value"),
        ({"outcome": "apology", "satisfaction_after": 6}, "field 'satisfaction_after': 6 is out of range"),
        ({"outcome": "apology", "resolved": "2025-03-30 09:00"}, "is before the complaint was received"),
    ]:
        with pytest.raises(RecordError, match=message):
            log.resolve_complaint(complaint_id, **changes)
    with pytest.raises(RecordError, match="'K999999' is not a complaint"):
        log.resolve_complaint("K999999", outcome="apology")


def test_resolving_a_complaint_closes_it_once(log: ServiceLog) -> None:
    contact_id = log.add_interaction(**contact(reason="complaint", resolved_first_contact=False))
    complaint_id = log.add_complaint(interaction_id=contact_id, category="availability", severity="medium",
                                     notes="Size 12 out of stock again.")
    assert complaint_id in set(log.complaints(open_only=True)["complaint_id"])
    log.resolve_complaint(complaint_id, outcome="voucher", satisfaction_after=4)
    row = log.complaints(category="availability").set_index("complaint_id").loc[complaint_id]
    assert (row["outcome"], row["resolved"], row["satisfaction_after"]) == ("voucher", pd.Timestamp(NOW), 4.0)
    assert complaint_id not in set(log.complaints(open_only=True)["complaint_id"])
    with pytest.raises(RecordError, match=f"{complaint_id} is already resolved"):
        log.resolve_complaint(complaint_id, outcome="apology")


def test_incident_inputs_are_checked(log: ServiceLog) -> None:
    with pytest.raises(RecordError, match="field 'kind': 'fire drill' is not an allowed value"):
        log.add_incident(kind="fire drill", description="Alarm test.", reported_by="S01")
    with pytest.raises(RecordError, match="field 'description' is required"):
        log.add_incident(kind="near miss", description="", reported_by="S01")
    with pytest.raises(RecordError, match="field 'reported_by': 'S99' is not a staff id"):
        log.add_incident(kind="near miss", description="Loose floor tile.", reported_by="S99")
    incident_id = log.add_incident(kind="system failure", description="Tills down 20 minutes.",
                                   reported_by="S02", timestamp="2025-03-31 12:00")
    assert log.incidents()["incident_id"].tolist() == [incident_id]


def test_a_repeat_within_seven_days_marks_the_first_contact_not_resolved(log: ServiceLog) -> None:
    first = log.add_interaction(**contact(timestamp="2025-03-20 10:00"))
    log.add_interaction(**contact(timestamp="2025-03-26 10:00", repeat_of=first, resolved_first_contact=False))
    late_first = log.add_interaction(**contact(timestamp="2025-03-01 10:00"))
    log.add_interaction(**contact(timestamp="2025-03-30 10:00", repeat_of=late_first,
                                  resolved_first_contact=False))
    resolved = log.interactions().set_index("interaction_id")["resolved_first_contact"]
    assert not resolved[first] and resolved[late_first]


def test_entries_typed_up_on_a_later_day_are_late(log: ServiceLog) -> None:
    same_day = log.add_interaction(**contact(timestamp="2025-03-31 09:00"))
    next_day = log.add_interaction(**contact(timestamp="2025-03-30 19:30"))
    late = log.interactions(since="2025-03-30").set_index("interaction_id")["entered_late"]
    assert not late[same_day] and late[next_day]


# ---- safe SQL and retrieval -------------------------------------------------------------------------

def test_sql_in_a_learners_text_is_stored_as_text(log: ServiceLog) -> None:
    new_id = log.add_interaction(**contact(notes=EVIL))
    assert log.interactions().set_index("interaction_id").loc[new_id, "notes"] == EVIL
    found = log.query("SELECT interaction_id FROM interactions WHERE notes = ?", [EVIL])
    assert found["interaction_id"].tolist() == [new_id]
    with pytest.raises(RecordError, match="is not a customer in this log"):
        log.customer("C00001'; DROP TABLE customers;--")
    with pytest.raises(RecordError, match="is not an allowed value"):
        log.interactions(reason="x' OR '1'='1")
    tables = set(log.query("SELECT name FROM sqlite_master WHERE type = 'table'")["name"])
    assert {"interactions", "customers", "complaints", "incidents"} <= tables
    assert count(log, "interactions") > 600


@pytest.mark.parametrize("sql", [
    "INSERT INTO incidents VALUES ('X', '2025-01-01', 'other', 'x', 'S01', NULL)",
    "DELETE FROM interactions",
    "  -- tidy up\n update complaints SET outcome = 'refund'",
    "DROP TABLE interactions",
    "SELECT 1; DROP TABLE interactions",
    "SELECT count(*) FROM interactions; DELETE FROM interactions",
    "WITH old AS (SELECT 1) DELETE FROM interactions",
    "PRAGMA foreign_keys = OFF",
    "ATTACH DATABASE 'x.db' AS x",
])
def test_query_refuses_anything_but_one_select(log: ServiceLog, sql: str) -> None:
    before = {t: count(log, t) for t in ("interactions", "complaints", "incidents")}
    with pytest.raises(RecordError, match=r"SELECT|only reads|one statement"):
        log.query(sql)
    assert {t: count(log, t) for t in before} == before


def test_query_cannot_read_the_pseudonym_key(log: ServiceLog) -> None:
    with pytest.raises(RecordError, match="meta table is private"):
        log.query("SELECT * FROM meta")


def test_query_takes_positional_and_named_parameters(log: ServiceLog, data: StoreData) -> None:
    complaints = data.complaints
    by_position = log.query("SELECT * FROM complaints WHERE category = ? AND severity = ?",
                            ["product quality", "medium"])
    by_name = log.query("SELECT * FROM complaints WHERE category = :c AND severity = :s",
                        {"c": "product quality", "s": "medium"})
    expected = ((complaints["category"] == "product quality") & (complaints["severity"] == "medium")).sum()
    assert len(by_position) == len(by_name) == expected
    assert by_position["received"].dtype == "datetime64[ns]"
    with pytest.raises(RecordError, match="no such column: nope"):
        log.query("SELECT nope FROM interactions")


def test_interactions_filters_match_the_data(log: ServiceLog, data: StoreData) -> None:
    frame = data.interactions
    in_feb = (frame["timestamp"] >= "2025-02-01") & (frame["timestamp"] < "2025-03-01")
    assert len(log.interactions(since="2025-02-01", until="2025-02-28")) == in_feb.sum()
    assert len(log.interactions(since=date(2025, 2, 1), until=date(2025, 2, 28), channel="email")) == \
        (in_feb & (frame["channel"] == "email")).sum()
    assert len(log.interactions(reason="stock check")) == (frame["reason"] == "stock check").sum()
    third = frame["timestamp"].sort_values().iloc[2]  # `until` with a time of day includes that very second
    up_to_third = log.interactions(until=str(third))
    assert len(up_to_third) == (frame["timestamp"] <= third).sum()
    assert up_to_third["timestamp"].max() == third


def test_customer_and_history(log: ServiceLog, data: StoreData, member: str) -> None:
    row = log.customer(member)
    contacts = data.interactions[data.interactions["customer_id"] == member]
    assert row["contacts"].iloc[0] == len(contacts) and row["name"].iloc[0]
    new_id = log.add_interaction(**contact(customer_id=member, reason="complaint", resolved_first_contact=False,
                                           timestamp="2025-03-31 17:00"))
    complaint_id = log.add_complaint(interaction_id=new_id, category="product quality", severity="high")
    history = log.history(member)
    assert history["record_id"].tolist()[:2] == [complaint_id, new_id]  # newest first
    assert history["when"].is_monotonic_decreasing
    assert set(history["record_id"]) >= set(contacts["interaction_id"])
    with pytest.raises(RecordError, match="'C99999' is not a customer"):
        log.history("C99999")


# ---- data quality -----------------------------------------------------------------------------------

def quality_counts(log: ServiceLog) -> dict[tuple[str, str], int]:
    report = log.quality_report()
    return {(r.check, r.table): int(r.count) for r in report.itertuples()}


def test_quality_report_counts_match_the_data(log: ServiceLog, data: StoreData) -> None:
    frame, complaints = data.interactions, data.complaints
    counts = quality_counts(log)
    key = ["timestamp", "customer_id", "channel", "reason", "handled_by"]
    no_outcome = (complaints["outcome"] == "open") | complaints["resolved"].isna()
    assert counts[("late entry", "interactions")] == frame["entered_late"].sum() > 0
    assert counts[("duplicate record", "interactions")] == frame.duplicated(key).sum()
    assert counts[("duplicate record", "complaints")] == complaints.duplicated(["interaction_id"]).sum()
    assert counts[("complaint with no outcome", "complaints")] == no_outcome.sum()
    assert counts[("no satisfaction score after resolution", "complaints")] == \
        (~no_outcome & complaints["satisfaction_after"].isna()).sum() > 0
    assert all(counts[("missing required field", t)] == 0 for t in ("interactions", "complaints", "incidents"))


def test_quality_report_finds_new_problems(log: ServiceLog) -> None:
    before = quality_counts(log)
    original = log.add_interaction(**contact(reason="complaint", resolved_first_contact=False))
    copy = log.add_interaction(**contact(reason="complaint", resolved_first_contact=False))
    log.add_interaction(**contact(timestamp="2025-03-28 15:00"))  # entered late
    log.add_complaint(interaction_id=original, category="staff attitude", severity="low")
    with sqlite3.connect(log.path) as raw:  # a record imported from another system, with no channel
        raw.execute("INSERT INTO interactions VALUES ('X1', '2025-03-02 10:00:00', NULL, '', 'stock check', "
                    "'S01', 3, 1, NULL, 0, '', NULL)")
    raw.close()
    report = log.quality_report().set_index(["check", "table"])
    after = quality_counts(log)
    changed = {k: after[k] - before[k] for k in after if after[k] != before[k]}
    assert changed == {("duplicate record", "interactions"): 1, ("late entry", "interactions"): 1,
                       ("complaint with no outcome", "complaints"): 1,
                       ("missing required field", "interactions"): 1}
    assert original not in report.loc[("duplicate record", "interactions"), "examples"]
    assert copy in report.loc[("duplicate record", "interactions"), "examples"]
    assert report.loc[("missing required field", "interactions"), "examples"] == "X1"


# ---- UK GDPR ----------------------------------------------------------------------------------------

def test_anonymised_extract_holds_no_personal_details(log: ServiceLog, data: StoreData) -> None:
    log.add_interaction(**contact(customer_id=str(data.customers["customer_id"].iloc[0]), notes="Kind words."))
    extract = log.anonymised_extract()
    assert not {"customer_id", "name", "email", "phone", "notes", "entered_at"} & set(extract.columns)
    assert len(extract) == count(log, "interactions")
    values = set(extract.astype(str).to_numpy().ravel())
    assert not values & set(data.customers["customer_id"])
    assert not values & (set(data.customers["email"]) | set(data.customers["name"]) | set(data.customers["phone"]))
    assert "Kind words." not in values
    pseudonyms = extract["customer_pseudonym"].dropna()
    assert pseudonyms.str.fullmatch(r"P-[0-9a-f]{8}").all()
    assert extract["handled_by"].str.fullmatch(r"S\d\d").all()


def test_pseudonyms_are_stable_within_a_log(log: ServiceLog, data: StoreData, member: str) -> None:
    first = pseudonyms_of(log)
    assert (first.groupby("customer_id")["customer_pseudonym"].nunique() == 1).all()
    assert first["customer_pseudonym"].nunique() == first["customer_id"].nunique()  # no two share one
    new_id = log.add_interaction(**contact(customer_id=member))
    again = pseudonyms_of(log)
    assert again.loc[again["interaction_id"] == new_id, "customer_pseudonym"].tolist() == \
        first.loc[first["customer_id"] == member, "customer_pseudonym"].unique().tolist()
    path = log.path
    log.close()
    with ServiceLog.open(path) as reopened:
        assert pseudonyms_of(reopened).equals(again)


def pseudonyms_of(log: ServiceLog) -> pd.DataFrame:
    """Return interaction_id, the real customer_id and its pseudonym, for contacts with a known customer."""
    real = log.interactions()[["interaction_id", "customer_id"]]
    both = real.merge(log.anonymised_extract()[["interaction_id", "customer_pseudonym"]], on="interaction_id")
    return both.dropna().reset_index(drop=True)


def test_retention_deletes_exactly_the_old_records(log: ServiceLog, data: StoreData) -> None:
    old_incident = log.add_incident(kind="near miss", description="Box in the aisle.", reported_by="S03",
                                    timestamp="2025-01-10 09:00")
    new_incident = log.add_incident(kind="near miss", description="Box in the aisle.", reported_by="S03")
    cutoff = pd.Timestamp("2025-03-01")  # 30 days before 31 March
    frame, complaints = data.interactions, data.complaints
    old_contacts = set(frame.loc[frame["timestamp"] < cutoff, "interaction_id"])
    old_complaints = complaints["received"].lt(cutoff) | complaints["interaction_id"].isin(old_contacts)
    deleted = log.apply_retention(keep_days=30, today=date(2025, 3, 31))
    assert deleted == {"interactions": len(old_contacts), "complaints": int(old_complaints.sum()), "incidents": 1}
    assert set(log.interactions()["interaction_id"]) == set(frame["interaction_id"]) - old_contacts
    assert set(log.complaints()["complaint_id"]) == set(complaints.loc[~old_complaints, "complaint_id"])
    assert log.incidents()["incident_id"].tolist() == [new_incident] and old_incident != new_incident
    assert log.interactions()["timestamp"].min() >= cutoff
    with sqlite3.connect(log.path) as raw:
        assert raw.execute("PRAGMA foreign_key_check").fetchall() == []
    raw.close()


def test_retention_is_all_or_nothing(log: ServiceLog, monkeypatch: pytest.MonkeyPatch) -> None:
    before = {t: count(log, t) for t in ("interactions", "complaints", "incidents")}
    real_delete, calls = governance._delete, []

    def fail_on_second_table(conn: sqlite3.Connection, sql: str, cutoff: str) -> int:
        calls.append(sql)
        if len(calls) == 2:
            raise sqlite3.OperationalError("disk I/O error")
        return real_delete(conn, sql, cutoff)

    monkeypatch.setattr(governance, "_delete", fail_on_second_table)
    with pytest.raises(sqlite3.OperationalError):
        log.apply_retention(keep_days=30, today=date(2025, 3, 31))
    assert {t: count(log, t) for t in before} == before
    monkeypatch.undo()
    assert log.apply_retention(keep_days=30, today=date(2025, 3, 31))["complaints"] > 0


def test_retention_checks_its_arguments(log: ServiceLog) -> None:
    with pytest.raises(RecordError, match="keep_days must be a whole number"):
        log.apply_retention(keep_days=-1, today=date(2025, 3, 31))
    with pytest.raises(RecordError, match="today must be a date"):
        log.apply_retention(keep_days=30, today="2025-03-31")  # type: ignore[arg-type]  # a string date, on purpose


def test_subject_access_request_returns_everything_held(log: ServiceLog, data: StoreData, member: str) -> None:
    new_id = log.add_interaction(**contact(customer_id=member, notes="Asked what we hold on them."))
    answer = log.subject_access_request(member, received=date(2025, 1, 31))
    mine = data.interactions[data.interactions["customer_id"] == member]
    assert set(answer["interactions"]["interaction_id"]) == set(mine["interaction_id"]) | {new_id}
    their_complaints = data.complaints[data.complaints["interaction_id"].isin(mine["interaction_id"])
                                       | (data.complaints["customer_id"] == member)]
    assert set(answer["complaints"]["complaint_id"]) == set(their_complaints["complaint_id"])
    assert answer["customer"]["customer_id"].tolist() == [member]
    assert {"name", "email", "phone"} <= set(answer["customer"].columns)
    assert answer["respond_by"] == date(2025, 2, 28)
    assert answer["respond_by_if_extended"] == date(2025, 4, 30)
    assert "one calendar month" in answer["note"] and "two" in answer["note"]
    with pytest.raises(RecordError, match="'C99999' is not a customer"):
        log.subject_access_request("C99999", received=date(2025, 3, 1))
    with pytest.raises(RecordError, match="in the future"):
        log.subject_access_request(member, received=date(2025, 4, 2))


@pytest.mark.parametrize(("received", "due"), [
    (date(2025, 1, 31), date(2025, 2, 28)), (date(2024, 1, 31), date(2024, 2, 29)),
    (date(2025, 3, 15), date(2025, 4, 15)), (date(2024, 12, 31), date(2025, 1, 31)),
    (date(2025, 8, 31), date(2025, 9, 30)),
])
def test_one_calendar_month(received: date, due: date) -> None:
    assert add_months(received, 1) == due


def test_a_timezone_aware_clock_is_read_as_local_time(log: ServiceLog) -> None:
    log.clock = lambda: datetime(2025, 3, 31, 18, 0, tzinfo=UTC)
    new_id = log.add_interaction(**contact(timestamp=None))
    assert log.interactions().set_index("interaction_id").loc[new_id, "timestamp"].year == 2025


def _typed_rows(rows: list[tuple[object, ...]]) -> list[tuple[tuple[str, object], ...]]:
    return [tuple((type(value).__name__, value) for value in row) for row in rows]


@pytest.mark.parametrize("table", ["staff", "customers", "interactions", "complaints"])
def test_rows_go_in_as_the_value_by_value_conversion_gives_them(data: StoreData, table: str) -> None:
    """The log is filled a column at a time (fast): each row must hold exactly, types included, what converting
    each value of the row on its own (storage._sql_value) gives, missing values as NULL."""
    columns = storage._IMPORTS[table][0]
    frame = getattr(data, table)
    one_by_one = [tuple(storage._sql_value(value, name == "join_date") for name, value in zip(columns, row))
                  for row in frame[list(columns)].itertuples(index=False, name=None)]
    assert one_by_one and _typed_rows(storage._rows(frame, columns)) == _typed_rows(one_by_one)
    assert any(value is None for row in one_by_one for value in row) or table in ("staff", "customers")


def test_rows_of_every_kind_of_column_with_gaps() -> None:
    frame = pd.DataFrame({
        "when": pd.to_datetime(["2025-01-02 09:30:05", None]), "join_date": pd.to_datetime(["2024-12-31", None]),
        "n": [3, 4], "x": [1.5, float("nan")], "flag": [True, False], "text": ["a", None],
        "mixed": [float("nan"), "b"], "aware": pd.to_datetime(["2025-01-02 09:30", None]).tz_localize("UTC")})
    columns = tuple(frame.columns)
    assert storage._rows(frame, columns) == [
        ("2025-01-02 09:30:05", "2024-12-31", 3, 1.5, 1, "a", None, "2025-01-02 09:30:00"),
        (None, None, 4, None, 0, None, "b", None)]
    assert [type(value) for value in storage._rows(frame, columns)[0]] == [str, str, int, float, int, str, type(None),
                                                                          str]
