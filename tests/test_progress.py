"""Tests for course.progress: the append-only attempt log and the notebook results bundle."""

from __future__ import annotations

import json
import multiprocessing
import warnings
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from course import progress
from course.progress import (
    DEFAULT_LOG_NAME,
    LOG_ENV,
    RESULTS_MIME,
    Attempt,
    ProgressLogWarning,
    read_attempts,
    read_results,
    record,
    resolve_log_path,
    results_bundle,
    summary,
)

NOW = datetime(2026, 11, 25, 10, 3, 0, 123456, tzinfo=UTC)


@pytest.fixture
def log(tmp_path: Path) -> Path:
    return tmp_path / "logs" / "progress.jsonl"  # parent does not exist yet


def _rec(log: Path, learner: str, item: str, status: str = "incorrect", **kw) -> Attempt:
    kind = kw.pop("kind", "quiz" if item.startswith("q") else "exercise")
    return record(learner_id=learner, item_id=item, kind=kind, status=status, path=log,
                  now=kw.pop("now", NOW), **kw)


def _no_warnings_read(log: Path) -> list[Attempt]:
    with warnings.catch_warnings():
        warnings.simplefilter("error", ProgressLogWarning)
        return read_attempts(log)


# --- record and read back ----------------------------------------------------------------

def test_record_then_read_back_round_trips_every_field(log: Path) -> None:
    returned = record(learner_id="ab12", item_id="ex-margin", kind="exercise",
                      status="incorrect", misconception="CM-markup", notebook="planning",
                      path=log, now=NOW)
    assert returned == Attempt(
        timestamp="2026-11-25T10:03:00Z", learner_id="ab12", item_id="ex-margin",
        kind="exercise", status="incorrect", correct=False, misconception="CM-markup",
        attempt=1, notebook="planning",
    )
    assert _no_warnings_read(log) == [returned]
    line = log.read_text(encoding="utf-8")
    assert line.endswith("\n") and line.count("\n") == 1
    assert list(json.loads(line)) == sorted(json.loads(line))  # sort_keys


def test_attempt_numbers_increment_per_learner_and_item(log: Path) -> None:
    calls = [("ab12", "ex1"), ("ab12", "ex1"), ("ab12", "ex2"), ("cd34", "ex1"),
             ("ab12", "ex1"), ("cd34", "ex1"), ("ab12", "q1")]
    returned = [_rec(log, learner, item).attempt for learner, item in calls]
    assert returned == [1, 2, 1, 1, 3, 2, 1]
    assert [a.attempt for a in _no_warnings_read(log)] == returned


def _recount(log: Path, learner: str, item: str) -> int:
    """The attempt number the next record should get, counted afresh from the whole log."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ProgressLogWarning)
        return 1 + sum((a.learner_id, a.item_id, a.kind) == (learner, item, "exercise") for a in read_attempts(log))


def test_attempt_numbers_stay_right_when_the_log_changes_between_records(log: Path) -> None:
    """record() keeps the counts of the lines it has read and parses only what was appended since: a log that
    another writer appended to, cut short, edited in the middle or replaced is still counted exactly."""
    for _ in range(3):
        _rec(log, "ab12", "ex1")
    first_line = log.read_text(encoding="utf-8").split("\n")[0]
    changes = [
        lambda text: text + first_line + "\n",                       # another writer appended a record
        lambda text: "\n".join(text.split("\n")[2:]),                # cut short from the front
        lambda text: text.replace('"ab12"', '"zz99"', 1),            # a line edited in the middle
        lambda text: text + first_line[:20],                         # a torn last line, no newline
        lambda text: text + "\n" + "\n".join([first_line] * 4) + "\n",  # mended, then four more appended
        lambda text: "",                                             # emptied
        lambda text: first_line.replace('"ab12"', '"cd34"') + "\n",  # replaced by another learner's record
    ]
    numbers = []
    for change in changes:
        log.write_text(change(log.read_text(encoding="utf-8")), encoding="utf-8")
        expected = _recount(log, "ab12", "ex1")
        numbers.append(_rec(log, "ab12", "ex1").attempt)
        assert numbers[-1] == expected
    assert numbers == [5, 4, 4, 5, 10, 1, 1]


def test_correct_flag_follows_status_and_timestamp_is_utc_seconds(log: Path) -> None:
    plus_two = datetime(2026, 11, 25, 12, 3, 59, tzinfo=timezone(timedelta(hours=2)))
    a = _rec(log, "ab12", "ex1", "correct", now=plus_two)
    b = _rec(log, "ab12", "ex1", "invalid")
    assert (a.correct, b.correct) == (True, False)
    assert a.timestamp == "2026-11-25T10:03:59Z"
    default = record(learner_id="ab12", item_id="ex2", kind="exercise", status="correct",
                     path=log)
    assert datetime.strptime(default.timestamp, "%Y-%m-%dT%H:%M:%SZ")


def test_unicode_is_written_as_utf8_not_escaped(log: Path) -> None:
    _rec(log, "zoë", "ex-£", misconception="café")
    assert "zoë" in log.read_text(encoding="utf-8")
    assert _no_warnings_read(log)[0].misconception == "café"


def test_missing_log_reads_as_empty_and_is_not_created(log: Path) -> None:
    assert read_attempts(log) == []
    assert not log.exists() and not log.parent.exists()


# --- path resolution ---------------------------------------------------------------------

def test_resolve_log_path_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(LOG_ENV, raising=False)
    assert resolve_log_path() == tmp_path / DEFAULT_LOG_NAME
    monkeypatch.setenv(LOG_ENV, str(tmp_path / "env.jsonl"))
    assert resolve_log_path() == tmp_path / "env.jsonl"
    assert resolve_log_path(tmp_path / "explicit.jsonl") == tmp_path / "explicit.jsonl"
    assert resolve_log_path(str(tmp_path / "s.jsonl")) == tmp_path / "s.jsonl"
    assert list(tmp_path.iterdir()) == []  # resolving creates no files


def test_record_and_read_use_env_var(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "from-env" / "log.jsonl"
    monkeypatch.setenv(LOG_ENV, str(target))
    record(learner_id="ab12", item_id="ex1", kind="exercise", status="correct", now=NOW)
    assert target.exists() and not (tmp_path / DEFAULT_LOG_NAME).exists()
    assert [a.item_id for a in read_attempts()] == ["ex1"]
    assert summary().loc[0, "item_id"] == "ex1"


# --- damaged logs ------------------------------------------------------------------------

def test_torn_last_line_is_skipped_and_next_record_starts_a_new_line(log: Path) -> None:
    _rec(log, "ab12", "ex1")
    _rec(log, "ab12", "ex1")
    full = json.dumps({"timestamp": "2026-11-25T10:04:00Z", "learner_id": "ab12"})
    with log.open("a", encoding="utf-8") as f:
        f.write(full[: len(full) // 2])  # a crash mid-write: half a line, no newline

    with pytest.warns(ProgressLogWarning) as caught:
        assert [a.attempt for a in read_attempts(log)] == [1, 2]
    assert len(caught) == 1
    message = str(caught[0].message)
    assert str(log) in message and "line 3" in message

    new = _rec(log, "ab12", "ex1", "correct")
    assert new.attempt == 3  # the torn line is not counted
    lines = log.read_text(encoding="utf-8").split("\n")
    assert lines[-1] == "" and json.loads(lines[-2])["status"] == "correct"
    with pytest.warns(ProgressLogWarning, match="line 3") as caught:
        assert [a.status for a in read_attempts(log)] == ["incorrect", "incorrect", "correct"]
    assert len(caught) == 1


def test_each_bad_line_gets_one_warning_and_reading_never_raises(log: Path) -> None:
    good = _rec(log, "ab12", "ex1")
    valid = json.loads(log.read_text(encoding="utf-8"))
    bad_lines = [
        "not json at all",
        "[1, 2, 3]",
        json.dumps({k: v for k, v in valid.items() if k != "status"}),
        json.dumps({**valid, "attempt": "one"}),
        json.dumps({**valid, "kind": "essay"}),
        "\xff",
    ]
    with log.open("a", encoding="utf-8") as f:
        f.write("\n".join(bad_lines) + "\n\n")
    with log.open("ab") as f:
        f.write(b"\xff\xfe broken utf-8\n")
    _rec(log, "ab12", "ex1")
    with pytest.warns(ProgressLogWarning) as caught:
        attempts = read_attempts(log)
    assert attempts[0] == good and [a.attempt for a in attempts] == [1, 2]
    assert len(caught) == len(bad_lines) + 1
    assert all(f"line {n} " in str(w.message) for n, w in zip([2, 3, 4, 5, 6, 7, 9], caught))
    assert "missing field(s) status" in str(caught[2].message)


def test_unknown_extra_fields_are_ignored(log: Path) -> None:
    line = {"timestamp": "2026-11-25T10:03:00Z", "learner_id": "ab12", "item_id": "q1",
            "kind": "quiz", "status": "correct", "correct": True, "misconception": None,
            "attempt": 1, "added_later": 42}
    log.parent.mkdir(parents=True)
    log.write_text(json.dumps(line) + "\n", encoding="utf-8")
    assert _no_warnings_read(log)[0].notebook is None


# --- concurrency -------------------------------------------------------------------------

def _append_many(log: str, worker: str, count: int, barrier) -> None:
    barrier.wait()
    for _ in range(count):
        record(learner_id="shared", item_id="ex-shared", kind="exercise", status="incorrect",
               notebook=worker, path=log, now=NOW)


def test_two_processes_appending_never_interleave_or_duplicate(log: Path) -> None:
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    barrier = ctx.Barrier(2)
    workers = [ctx.Process(target=_append_many, args=(str(log), name, 200, barrier))
               for name in ("w1", "w2")]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=60)
    assert [w.exitcode for w in workers] == [0, 0]

    lines = log.read_bytes().split(b"\n")
    assert lines[-1] == b"" and len(lines) == 401
    assert all(json.loads(line) for line in lines[:-1])  # every line is whole JSON
    attempts = _no_warnings_read(log)
    assert [a.attempt for a in attempts] == list(range(1, 401))  # file order, no duplicates
    assert sorted(a.notebook for a in attempts).count("w1") == 200


# --- summary -----------------------------------------------------------------------------

def test_summary_columns_and_values(log: Path) -> None:
    _rec(log, "ab12", "ex1", "incorrect", misconception="markup-as-margin")
    _rec(log, "ab12", "ex1", "invalid")
    _rec(log, "ab12", "ex1", "incorrect", misconception="divide-by-cost")
    _rec(log, "ab12", "ex1", "correct")
    _rec(log, "ab12", "ex1", "incorrect", misconception="markup-as-margin")
    _rec(log, "ab12", "q2", "incorrect")
    _rec(log, "aa01", "q1", "correct")

    frame = summary(log)
    assert list(frame.columns) == progress.SUMMARY_COLUMNS
    assert frame[["learner_id", "item_id"]].values.tolist() == [
        ["aa01", "q1"], ["ab12", "ex1"], ["ab12", "q2"]]
    ex1 = frame.iloc[1].to_dict()
    assert ex1 == {
        "learner_id": "ab12", "item_id": "ex1", "kind": "exercise", "attempts": 5,
        "correct": True, "first_correct_attempt": 4, "last_status": "incorrect",
        "misconceptions": "divide-by-cost, markup-as-margin",
    }
    assert str(frame["first_correct_attempt"].dtype) == "Int64"
    assert frame.loc[0, "first_correct_attempt"] == 1
    assert frame.loc[2, "first_correct_attempt"] is pd.NA
    assert (frame.loc[2, "correct"], frame.loc[2, "misconceptions"]) == (False, "")
    assert frame.loc[2, "kind"] == "quiz"

    only = summary(log, learner_id="aa01")
    assert only["item_id"].tolist() == ["q1"]


def test_summary_of_empty_or_missing_log_has_the_columns(log: Path) -> None:
    frame = summary(log)
    assert frame.empty and list(frame.columns) == progress.SUMMARY_COLUMNS
    assert str(frame["first_correct_attempt"].dtype) == "Int64"
    _rec(log, "ab12", "ex1")
    assert summary(log, learner_id="nobody").empty
    never = summary(log)  # only incorrect attempts: the column is all <NA>, still Int64
    assert never.loc[0, "first_correct_attempt"] is pd.NA
    assert str(never["first_correct_attempt"].dtype) == "Int64"


# --- results bundle and read_results -----------------------------------------------------

RESULTS = (
    [{"item_id": f"ex{i}", "kind": "exercise", "status": "correct", "misconception": None}
     for i in range(5)]
    + [{"item_id": "ex5", "kind": "exercise", "status": "incorrect", "misconception": "CM-1"}]
    + [{"item_id": f"q{i}", "kind": "quiz", "status": "not_attempted", "misconception": None}
       for i in range(2)]
)


def test_results_bundle_is_deterministic_and_summarised() -> None:
    first = results_bundle(RESULTS, learner_id="ab12", notebook="planning")
    second = results_bundle([dict(r) for r in RESULTS], learner_id="ab12", notebook="planning")
    assert first == second
    assert json.dumps(first, sort_keys=True) == json.dumps(second, sort_keys=True)
    assert first["text/plain"] == ("Results for learner 'ab12' in planning: 5 correct, "
                                   "1 not quite, 2 not attempted (8 items).")
    assert first[RESULTS_MIME] == {"schema": 1, "learner_id": "ab12", "notebook": "planning",
                                   "results": RESULTS}
    assert set(first) == {RESULTS_MIME, "text/plain"}


def test_results_bundle_mentions_unchecked_answers_and_copies_input() -> None:
    results = [{"item_id": "ex1", "kind": "exercise", "status": "invalid", "misconception": None}]
    bundle = results_bundle(results, learner_id="x", notebook="recording")
    assert bundle["text/plain"] == (
        "Results for learner 'x' in recording: 0 correct, 0 not quite, "
        "1 could not be checked, 0 not attempted (1 item).")
    results[0]["status"] = "correct"
    assert bundle[RESULTS_MIME]["results"][0]["status"] == "invalid"


@pytest.mark.parametrize("bad, match", [
    ([{"item_id": "ex1", "kind": "exercise", "status": "correct"}],
     r"results\[0\].*misconception"),
    ([{"item_id": "ex1", "kind": "exercise", "status": "done", "misconception": None}], "done"),
    ([{"item_id": "ex1", "kind": "exercise", "status": "correct", "misconception": object()}],
     "JSON"),
])
def test_results_bundle_rejects_bad_results(bad: list[dict], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        results_bundle(bad, learner_id="ab12", notebook="planning")


def _notebook_with(*bundles: dict) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_markdown_cell("# Planning"))
    for i, bundle in enumerate(bundles):
        cell = nbformat.v4.new_code_cell(f"display(bundle_{i}, raw=True)", execution_count=i + 1)
        cell.outputs = [
            nbformat.v4.new_output("stream", name="stdout", text="checking...\n"),
            nbformat.v4.new_output("display_data", data=bundle),
        ]
        nb.cells.append(cell)
    nb.cells.append(nbformat.v4.new_code_cell("x = 1"))
    return nb


def test_read_results_finds_bundles_in_cell_order(tmp_path: Path) -> None:
    a = results_bundle(RESULTS, learner_id="ab12", notebook="planning")
    b = results_bundle(RESULTS[:1], learner_id="ab12", notebook="planning-2")
    nb = _notebook_with(a, b)
    nbformat.validate(nb)
    path = tmp_path / "planning.ipynb"
    nbformat.write(nb, path)

    expected = [a[RESULTS_MIME], b[RESULTS_MIME]]
    assert read_results(path) == expected
    assert read_results(str(path)) == expected
    assert read_results(nbformat.read(path, as_version=4)) == expected
    assert type(read_results(path)[0]) is dict
    assert read_results(_notebook_with()) == []


@pytest.mark.parametrize("content", ["{\"cells\": [", "not a notebook", "[]", ""])
def test_read_results_on_corrupt_file_names_it(tmp_path: Path, content: str) -> None:
    path = tmp_path / "broken copy.ipynb"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=r"broken copy.ipynb"):
        read_results(path)


def test_read_results_missing_file_raises_file_not_found(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        read_results(tmp_path / "absent.ipynb")


# --- validation --------------------------------------------------------------------------

@pytest.mark.parametrize("kwargs, match", [
    ({"kind": "essay"}, "kind 'essay'.*exercise, quiz"),
    ({"status": "not_attempted"}, "never logged"),
    ({"status": "Correct"}, "status 'Correct'"),
    ({"learner_id": ""}, "learner_id"),
    ({"item_id": None}, "item_id"),
    ({"misconception": 3}, "misconception"),
    ({"now": datetime(2026, 11, 25, 10, 3)}, "timezone-aware"),
])
def test_invalid_arguments_raise_value_error_and_write_nothing(log: Path, kwargs: dict,
                                                               match: str) -> None:
    args = {"learner_id": "ab12", "item_id": "ex1", "kind": "exercise", "status": "correct",
            "path": log, "now": NOW, **kwargs}
    with pytest.raises(ValueError, match=match):
        record(**args)
    assert not log.exists()
