"""Bad input everywhere gets a clear, specific error: the message names the file, line or field and the
fix, and the `course` command exits non-zero with one line on stderr, never a Python traceback.

Covered: the roster (through `course assign` and `course run`), notebook parameters (`course.start`,
`simulate`, `course simulate`), store exports (`StoreData.from_csv`), question banks (`course check-bank`),
learner answers of every odd type (`course.check`), the command line's flags and paths, and property
tests of the parsers and validators (roster, store cells, answers, KPI inputs, service-log fields).
Every bad input tried is counted with tally("bad input").
"""

from __future__ import annotations

import dataclasses
import datetime
import decimal
import fractions
import inspect
import math
import shutil
import subprocess
import sys
import unicodedata
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import course
from course import kpi, session
from course.exercises.answers import AnswerProblem, as_label, as_number
from course.exercises.result import STATUS_WORDS, CheckResult
from course.quiz.errors import BankError
from course.quiz.schema import validate_bank_data
from course.quiz.yamlio import parse_yaml
from course.records import checks
from course.store import SchemaError, StoreData, simulate
from course.store.schema import SECTORS, TABLES, coerce_table
from course.tutor.roster import RosterEncodingWarning, RosterError, learner_id_problem, read_roster
from tests.helpers import Ran, course_cmd

ROOT = Path(__file__).resolve().parents[2]
SAMPLER = ROOT / "tests" / "fixtures" / "banks" / "sampler.yaml"
PERIOD = {"start": "2025-01-01", "end": "2025-02-25"}  # the shortest store there is: 8 weeks
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                       HealthCheck.function_scoped_fixture])


# --- helpers ------------------------------------------------------------------------------------------

def refused(ran: Ran, *words: str) -> str:
    """Assert a clean refusal: non-zero exit, no traceback, every word in stderr. Return stderr."""
    assert ran.status != 0, (ran.out, ran.err)
    assert "Traceback" not in ran.err and "Traceback" not in ran.out, ran.err
    for word in words:
        assert word in ran.err, f"{word!r} not in: {ran.err}"
    return ran.err


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


# --- the roster: through `course assign` and `course run` ---------------------------------------------

HEADER = "learner_id,name,sector\n"
BAD_ROSTERS = {  # name: (file content, line named in the message or None, words of the message)
    "no learner_id column": ("id,name\nab12,Jo\n", 1, "no learner_id column"),
    "no name column": ("learner_id,nom\nab12,Jo\n", 1, "no name column"),
    "semicolons": ("learner_id;name\nab12;Jo\n", 1, "semicolons"),
    "empty": ("", None, "the file is empty"),
    "header only": (HEADER, 1, "lists no learners"),
    "duplicate id": (HEADER + "ab12,Jo,\nAB12,Sam,\n", 3, "is already used on line 2"),
    "id with ..": (HEADER + "../escape,Jo,\n", 2, "path separator"),
    "absolute id": (HEADER + "/etc/passwd,Jo,\n", 2, "path separator"),
    "backslash id": (HEADER + "a\\b,Jo,\n", 2, "path separator"),
    "dot id": (HEADER + "..,Jo,\n", 2, "special folder name"),
    "hidden id": (HEADER + ".bashrc,Jo,\n", 2, "starts with '.'"),
    "dash id": (HEADER + "-rf,Jo,\n", 2, "starts with '-'"),
    "device id": (HEADER + "CON,Jo,\n", 2, "Windows reserves"),
    "device id with suffix": (HEADER + "nul.txt,Jo,\n", 2, "Windows reserves"),
    "trailing dot": (HEADER + "ab12.,Jo,\n", 2, "ends with '.'"),
    "long id": (HEADER + "x" * 65 + ",Jo,\n", 2, "the limit is 64"),
    "space in id": (HEADER + "ab 12,Jo,\n", 2, "contains ' '"),
    "accent in id": (HEADER + "zoë,Zoë,\n", 2, "contains 'ë'"),
    "control char in id": (HEADER + "ab\x0712,Jo,\n", 2, "control character"),
    "empty id": (HEADER + ",Jo,\n", 2, "the learner_id is empty"),
    "bad sector": (HEADER + "ab12,Jo,toys\n", 2, "unknown sector 'toys'"),
    "BOM and bad sector": ("\ufeff" + HEADER + "ab12,Jo,food\n", 2, "unknown sector 'food'"),
    "too many values": ("learner_id,name\nab12,Smith, Jo\n", 2, "put a value that contains a comma in double quotes"),
    "unclosed quote": (HEADER + 'ab12,"Jo\nab13,Sam,\n', 2, "more than one line"),
    "utf-16": ((HEADER + "ab12,Jo,\n").encode("utf-16"), None, "CSV UTF-8"),
    "xlsx": (b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"\x00" * 20, None, "NUL bytes"),
}


@pytest.mark.parametrize("case", BAD_ROSTERS)
def test_a_bad_roster_is_refused_by_assign_and_run_with_its_line_and_fix(case: str, tmp_path: Path, tally) -> None:
    content, line, words = BAD_ROSTERS[case]
    roster = write(tmp_path / "class list.csv", content)
    where = f"{roster}, line {line}:" if line else f"{roster}:"
    (tmp_path / "subs").mkdir()
    for argv, out in ((("assign", "--roster", roster, "--out", tmp_path / "assigned"), tmp_path / "assigned"),
                      (("run", "--roster", roster, "--submissions", tmp_path / "subs", "--out", tmp_path / "run"),
                       tmp_path / "run")):
        err = refused(course_cmd(*argv), where, words)
        assert len(err.strip().splitlines()) == 1, err
        assert not out.exists() or list(out.iterdir()) == [], f"{argv[0]} wrote something for a bad roster"
        tally("bad input")


def test_a_roster_that_is_missing_or_a_folder_is_named(tmp_path: Path, tally) -> None:
    for path, words in ((tmp_path / "nope.csv", "no such file"), (tmp_path, "is a folder")):
        refused(course_cmd("assign", "--roster", path, "--out", tmp_path / "a"), str(path), words)
        tally("bad input")


def test_a_cp1252_roster_is_read_with_a_note_not_an_error(tmp_path: Path, tally) -> None:
    roster = write(tmp_path / "r.csv", (HEADER + "zo1,Zoë Brontë,homeware\n").encode("cp1252"))
    with pytest.warns(RosterEncodingWarning, match="Windows-1252"):
        assert read_roster(roster)[0].name == "Zoë Brontë"
    tally("bad input")


# --- notebook parameters: course.start, simulate and `course simulate` --------------------------------

BAD_PARAMETERS = [  # (keyword arguments of course.start, words of the message)
    ({"sector": "toys"}, "unknown sector 'toys'; choose one of: " + ", ".join(SECTORS)),
    ({"sector": ""}, "unknown sector ''"),
    ({"sector": None}, "unknown sector None"),
    ({"sector": 3}, "unknown sector 3"),
    ({"start": "2025-03-01", "end": "2025-01-01"}, "start 2025-03-01 is after end 2025-01-01: swap them"),
    ({"start": "2020-01-01", "end": "2030-01-01"}, "the most is 1098 days (3 years)"),
    ({"start": "0001-01-01", "end": "9999-12-31"}, "the most is 1098 days"),
    ({"start": "2025-01-01", "end": "2025-01-05"}, "at least 56 days (8 weeks)"),
    ({"end": "2025-01-10"}, "at least 56 days"),
    ({"start": "2025-13-01"}, "start '2025-13-01' is not a date; write it as YYYY-MM-DD"),
    ({"start": "yesterday"}, "is not a date; write it as YYYY-MM-DD"),
    ({"end": "31/12/2025"}, "end '31/12/2025' is not a date"),
    ({"start": ""}, "start '' is not a date"),
    ({"start": float("nan")}, "start nan is not a date"),
    ({"start": [2025, 1, 1]}, "is not a date"),
    ({"data_dir": 123}, "data_dir is int; give the folder"),
    ({"data_dir": ["store"]}, "data_dir is list"),
    ({"data_dir": "no/such/folder"}, "no/such/folder: no such folder; point data_dir at a folder"),
]


@pytest.mark.parametrize("kwargs, words", BAD_PARAMETERS, ids=[str(k) for k, _ in BAD_PARAMETERS])
def test_bad_notebook_parameters_are_named_with_the_fix(kwargs: dict, words: str, tally) -> None:
    with pytest.raises(SchemaError) as caught:
        course.start("ab12", **kwargs)
    assert words in str(caught.value)
    assert session.current_or_none() is None or session.current_or_none().learner_id != "ab12"
    tally("bad input")


@pytest.mark.parametrize("learner_id", [None, 12, "", "   ", ["ab12"]])
def test_a_learner_id_that_is_not_text_is_named(learner_id: object, tally) -> None:
    for start in (course.start, simulate):
        with pytest.raises(SchemaError, match="learner_id must be"):
            start(learner_id)  # type: ignore[arg-type]  # bad input, on purpose
        tally("bad input")


def test_a_data_dir_that_is_a_file_is_named(tmp_path: Path, tally) -> None:
    path = write(tmp_path / "store.csv", "a,b\n")
    with pytest.raises(SchemaError, match="no such folder"):
        course.start("ab12", data_dir=path)
    tally("bad input")


@pytest.mark.parametrize("argv, words", [
    (["--start", "2025-05-01", "--end", "2025-01-01"], "is after end"),
    (["--start", "2020-01-01", "--end", "2029-01-01"], "the most is 1098 days"),
    (["--start", "2025-02-30"], "is not a date"),
    (["--sector", "toys"], "invalid choice: 'toys'"),
])
def test_course_simulate_refuses_a_bad_period_or_sector(argv: list[str], words: str, tmp_path: Path, tally) -> None:
    refused(course_cmd("simulate", "ab12", "--out", tmp_path / "s", *argv), words)
    assert not (tmp_path / "s").exists()
    tally("bad input")


# --- store exports: StoreData.from_csv ----------------------------------------------------------------

@pytest.fixture(scope="module")
def small_export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A valid export cut down to a few hundred rows a table, so that each load takes milliseconds."""
    data = simulate("bad-input", **PERIOD)
    sales = data.transactions.head(150)
    cut = dataclasses.replace(
        data, transactions=sales,
        transaction_lines=data.transaction_lines[
            data.transaction_lines["transaction_id"].isin(sales["transaction_id"])],
        customers=data.customers[data.customers["customer_id"].isin(sales["customer_id"])],
        footfall=data.footfall.head(200))
    folder = tmp_path_factory.mktemp("export") / "store"
    cut.to_csv(folder)
    StoreData.from_csv(folder, today=datetime.date(2026, 1, 1))  # valid as it is
    return folder


def copy_of(export: Path, tmp_path: Path) -> Path:
    target = tmp_path / "store"
    shutil.copytree(export, target)
    return target


def set_cell(folder: Path, table: str, column: str, value: str, row: int = 0) -> None:
    path = folder / f"{table}.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert column in frame.columns, f"{table}.csv has no column {column!r}"
    frame.loc[row, column] = value
    frame.to_csv(path, index=False, lineterminator="\n")


def refuses(folder: Path, *words: str) -> str:
    with pytest.raises(SchemaError) as caught:
        StoreData.from_csv(folder, today=datetime.date(2026, 1, 1))
    message = str(caught.value)
    assert all(word in message for word in words), message
    return message


@pytest.mark.parametrize("table", [t.name for t in TABLES])
def test_a_missing_table_is_named_with_what_it_holds(table: str, small_export: Path, tmp_path: Path, tally) -> None:
    folder = copy_of(small_export, tmp_path)
    (folder / f"{table}.csv").unlink()
    refuses(folder, f"{table}.csv: missing table file; the export needs {table}.csv")
    tally("bad input")


WRONG_CELLS = [  # (table, column, value, words)
    ("footfall", "visitors", "lots", "column 'visitors': cannot read 'lots' on line 2 as a whole number"),
    ("footfall", "visitors", "12.5", "cannot read '12.5' on line 2 as a whole number"),
    ("footfall", "visitors", "inf", "cannot read 'inf' on line 2 as a whole number"),
    ("footfall", "visitors", "1e400", "as a whole number"),
    ("footfall", "visitors", "-3", "value -3 is below the minimum 0"),
    ("footfall", "queue_minutes", "-inf", "cannot read '-inf' on line 2 as a finite number"),
    ("footfall", "queue_minutes", "-0.5", "below the minimum 0"),
    ("footfall", "queue_minutes", "", "empty value on line 2"),
    ("footfall", "weather", "snow", "unknown value(s) ['snow']; allowed: dry, rain, storm"),
    ("footfall", "timestamp", "31/01/2025 10:00", "cannot read '31/01/2025 10:00' on line 2 as a date-time"),
    ("footfall", "timestamp", "2025-01-01T09:00:00+05:00", "no time zone"),
    ("footfall", "timestamp", "0001-01-01 09:00:00", "years 1900-2200"),
    ("footfall", "timestamp", "2099-01-01 09:00:00", "on line 2 is in the future"),
    ("transaction_lines", "qty", "-2", "column 'qty': value -2 is below the minimum 1"),
    ("transaction_lines", "qty", "0", "column 'qty': value 0 is below the minimum 1"),
    ("transaction_lines", "net_value", "-0.01", "column 'net_value': value -0.01 is below the minimum 0"),
    ("transactions", "promotion", "maybe", "cannot read 'maybe' on line 2 as True/False"),
    ("customers", "join_date", "9999-12-31", "column 'join_date': cannot read '9999-12-31'"),
    ("staff", "role", "ceo", "unknown value(s) ['ceo']"),
]


@pytest.mark.parametrize("table, column, value, words", WRONG_CELLS,
                         ids=[f"{t}.{c}={v!r}" for t, c, v, _ in WRONG_CELLS])
def test_a_wrong_cell_is_named_with_file_column_line_and_fix(table: str, column: str, value: str, words: str,
                                                             small_export: Path, tmp_path: Path, tally) -> None:
    folder = copy_of(small_export, tmp_path)
    set_cell(folder, table, column, value)
    refuses(folder, f"{table}.csv", words)
    tally("bad input")


@pytest.mark.parametrize("table", [t.name for t in TABLES if t.key])
def test_a_duplicate_key_is_named_with_its_line(table: str, small_export: Path, tmp_path: Path, tally) -> None:
    folder = copy_of(small_export, tmp_path)
    path = folder / f"{table}.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([*lines, lines[1]]) + "\n", encoding="utf-8")
    refuses(folder, f"{table}.csv: duplicate key", f"on line {len(lines) + 1}; each must be unique")
    tally("bad input")


STORE_FILE_PROBLEMS = {  # name: (change to the folder, words)
    "store.json is a list": (lambda f: write(f / "store.json", "[1, 2]"), "must be a JSON object"),
    "store.json is null": (lambda f: write(f / "store.json", "null"), "must be a JSON object"),
    "store.json is not JSON": (lambda f: write(f / "store.json", "{sector: apparel"), "not valid JSON"),
    "store.json is a folder": (lambda f: ((f / "store.json").unlink(), (f / "store.json").mkdir()), "cannot be read"),
    "unknown sector": (lambda f: write(f / "store.json", '{"sector": "toys"}'), "unknown sector 'toys'"),
    "start is a number": (lambda f: write(f / "store.json", '{"sector": "apparel", "start": 5}'),
                          "fields 'start' and 'end' must be dates"),
    "period swapped": (lambda f: write(f / "store.json", '{"sector": "apparel", "start": "2025-03-01", '
                                                          '"end": "2025-01-01"}'), "is after end"),
    "table is a folder": (lambda f: ((f / "staff.csv").unlink(), (f / "staff.csv").mkdir()),
                          "staff.csv: cannot be read"),
    "table is empty": (lambda f: write(f / "staff.csv", ""), "staff.csv: cannot read it as CSV"),
    "table is UTF-16": (lambda f: write(f / "staff.csv", (f / "staff.csv").read_text().encode("utf-16")),
                        "staff.csv: is not UTF-8 text"),
    "ragged row": (lambda f: write(f / "staff.csv", (f / "staff.csv").read_text() + "a,b,c,d,e,f,g,h\n"),
                   "staff.csv: cannot read it as CSV"),
    "missing column": (lambda f: write(f / "staff.csv", (f / "staff.csv").read_text().replace("role", "job", 1)),
                       "staff.csv: missing column(s) role"),
    "unknown id": (lambda f: set_cell(f, "transactions", "staff_id", "S999"), "'S999' is not in staff.csv"),
}


@pytest.mark.parametrize("case", STORE_FILE_PROBLEMS)
def test_a_broken_export_file_is_named(case: str, small_export: Path, tmp_path: Path, tally) -> None:
    change, words = STORE_FILE_PROBLEMS[case]
    folder = copy_of(small_export, tmp_path)
    change(folder)
    refuses(folder, words)
    tally("bad input")


@pytest.mark.parametrize("directory", [None, 5, ["store"]])
def test_from_csv_names_a_folder_that_is_not_a_path(directory: object, tally) -> None:
    with pytest.raises(SchemaError, match="not a folder path"):
        StoreData.from_csv(directory)  # type: ignore[arg-type]  # bad input, on purpose
    tally("bad input")


ODD_CELL = st.one_of(st.text(max_size=30), st.sampled_from(
    ["inf", "-inf", "nan", "1e400", "-0", "0x1A", "1_000", "९", "2025-01-01T00:00:00Z", "0001-01-01", "9999-12-31",
     "2262-04-12", "NaT", "None", "true", "=1+1", "\x00", "1,5", " 5 ", "¼"]))


@settings(FUZZ, max_examples=15)  # each example loads a whole (small) export
@given(table=st.sampled_from([t for t in TABLES if t.name in ("footfall", "staff", "events", "promotions")]),
       column=st.integers(min_value=0, max_value=10), value=ODD_CELL, row=st.integers(min_value=0, max_value=2))
def test_fuzzed_cells_give_a_store_or_a_schema_error(small_export: Path, tmp_path_factory, table, column: int,
                                                     value: str, row: int, tally) -> None:
    folder = tmp_path_factory.mktemp("fuzz") / "store"
    shutil.copytree(small_export, folder)
    set_cell(folder, table.name, table.column_names[column % len(table.columns)], value, row)
    try:
        data = StoreData.from_csv(folder, today=datetime.date(2026, 1, 1))
    except SchemaError as err:
        assert str(err).startswith(str(folder)), err
    else:
        frame = data.tables()[table.name]
        numbers = frame.select_dtypes("number")
        assert np.isfinite(numbers.to_numpy(dtype=float)).all()
    finally:
        shutil.rmtree(folder)
    tally("bad input")


@FUZZ
@given(cells=st.lists(st.lists(ODD_CELL, min_size=4, max_size=4), min_size=1, max_size=6))
def test_fuzzed_rows_of_a_table_parse_or_name_the_column(cells: list[list[str]], tally) -> None:
    footfall = next(t for t in TABLES if t.name == "footfall")
    raw = pd.DataFrame(cells, columns=footfall.column_names, dtype=str)
    try:
        frame = coerce_table(footfall, raw, source="footfall.csv")
    except SchemaError as err:
        assert str(err).startswith("footfall.csv: column '"), err
    else:
        assert frame["timestamp"].dtype == "datetime64[ns]" and frame["visitors"].dtype == "int64"
        assert np.isfinite(frame["queue_minutes"]).all() and (frame["visitors"] >= 0).all()
    tally("bad input")


# --- question banks: `course check-bank` ---------------------------------------------------------------

def _bank(text: str) -> str:
    return SAMPLER.read_text(encoding="utf-8").replace("bank: sampler", "bank: {stem}") if text == "GOOD" else text


def _billion_laughs(levels: int) -> str:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, levels):
        lines.append(f"{chr(97 + i)}: &{chr(97 + i)} [" + ", ".join([f"*{chr(96 + i)}"] * 9) + "]")
    return "\n".join([*lines, "bank: {stem}", "title: t", f"questions: [*{chr(96 + levels)}]"]) + "\n"


GOOD = _bank("GOOD")
BROKEN_BANKS = {  # name: (file content, words of the message)
    "tab indentation": (GOOD.replace("  - id: smp-kpis", "\t- id: smp-kpis"), "line 24: the YAML could not be read"),
    "unclosed quote": (GOOD.replace('marking_point: "000:MP1"', 'marking_point: "000:MP1'),
                       "the YAML could not be read"),
    "duplicate key": (GOOD.replace("title: Sampler", "title: A\ntitle: Sampler"), "the key 'title' appears twice"),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00", "is not UTF-8 text"),
    "utf-16": (GOOD.encode("utf-16"), "is not UTF-8 text"),
    "empty": ("", "must be a mapping with bank, title and questions (found nothing)"),
    "a list": ("- a\n- b\n", "(found list)"),
    "a scalar": ("hello\n", "(found str)"),
    "nested 5000 deep": ("q: " + "[" * 5000 + "]" * 5000 + "\n", "nested too deeply"),
    "billion laughs": (_billion_laughs(9), "aliases (*name) are not allowed"),
    "python object tag": ("!!python/object/apply:os.system ['echo hi']\n", "could not determine a constructor"),
    "questions not a list": ("bank: {stem}\ntitle: t\nquestions: nope\n", "field 'questions': should be a list"),
    "question of wrong types": ("bank: {stem}\ntitle: t\nquestions: [{id: 1, type: [], prompt: {}}]\n",
                                "question #1"),
    "unhashable key": ("bank: {stem}\ntitle: t\n? [a, b]\n: c\nquestions: []\n", "line 3"),
    "infinite answer": (GOOD.replace("answer: 45", "answer: 1e999"), "field 'answer': must be a finite number"),
    "nan tolerance": (GOOD.replace("tolerance: 0.5", "tolerance: .nan"), "field 'tolerance': is nan"),
    "wrong bank name": (GOOD.replace("bank: {stem}", "bank: other"), "does not match the file name"),
    "unknown type": (GOOD.replace("type: single", "type: essay", 1), "unknown type 'essay'"),
}


@pytest.mark.parametrize("case", BROKEN_BANKS)
def test_check_bank_names_the_file_and_the_problem(case: str, tmp_path: Path, tally) -> None:
    content, words = BROKEN_BANKS[case]
    path = tmp_path / "broken-bank.yaml"
    write(path, content.replace("{stem}", path.stem) if isinstance(content, str) else content)
    err = refused(course_cmd("check-bank", path), "broken-bank.yaml", words)
    assert len(err) < 5000, "the message should be short enough to read"
    tally("bad input")


def test_check_bank_names_a_missing_file_and_a_folder(tmp_path: Path, tally) -> None:
    refused(course_cmd("check-bank", tmp_path / "nope.yaml"), "nope.yaml: no such file")
    refused(course_cmd("check-bank", tmp_path), "could not be read")
    tally("bad input", 2)


YAML_PIECES = st.sampled_from(["bank: b", "title: t", "questions:", "  - ", "id: x", "type: single", "&a", "*a",
                               "[", "]", "{", "}", ": ", "- ", "\t", "'", '"', "#", "!!str", "!!binary", "? ",
                               "|", ">", "\n", "    ", "yes", "1e9", "~", "%YAML 1.1", "---", "..."])


@FUZZ
@given(text=st.one_of(st.lists(YAML_PIECES, max_size=40).map("".join), st.text(max_size=200)))
def test_any_text_gives_a_bank_or_a_bank_error(text: str, tally) -> None:
    try:
        validate_bank_data(parse_yaml(text, "fuzz.yaml"), file="fuzz.yaml", stem="fuzz")
    except BankError as err:
        assert str(err).startswith("fuzz.yaml"), err
    tally("bad input")


ODD_VALUE = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=8),
                      st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=3), st.integers(),
                                                                           max_size=2))


@FUZZ
@given(question=st.integers(min_value=0, max_value=6), field=st.sampled_from(
    ["id", "type", "prompt", "options", "answer", "tolerance", "explanation", "marking_point", "covers", "items",
     "pairs", "concept", "accept", "nonsense"]), value=ODD_VALUE)
def test_a_bank_with_any_field_of_any_type_gives_a_bank_error(question: int, field: str, value: object,
                                                              tally) -> None:
    data = parse_yaml(SAMPLER.read_text(encoding="utf-8"), "sampler.yaml")
    data["questions"][question][field] = value
    try:
        validate_bank_data(data, file="sampler.yaml", stem="sampler")
    except BankError as err:
        assert str(err).startswith("sampler.yaml"), err
    tally("bad input")


# --- learner answers: course.check --------------------------------------------------------------------

class BrokenRepr:
    def __repr__(self) -> str:
        raise RuntimeError("repr is broken")

    __str__ = __repr__


class BrokenLength(list):
    def __len__(self) -> int:
        raise RuntimeError("len is broken")


class BrokenFloat:
    def __float__(self) -> float:
        raise RuntimeError("float is broken")


ODD_ANSWERS = {
    "NaN": float("nan"), "inf": float("inf"), "-inf": -float("inf"), "empty text": "", "spaces": "   ",
    "percent text": "12%", "pounds text": "£3.40", "thousands text": "£1,234.56", "exponent text": "1e5",
    "minus sign text": "−12", "brackets text": "(12)", "two dots": "12.5.3", "NUL text": "\x00",
    "long text": "x" * 100_000, "markup text": "<script>alert(1)</script>", "lone surrogate": "\ud800",
    "empty list": [], "one-item list": [1], "list": [1, 2], "tuple": (1, 2), "set": {1, 2}, "empty dict": {},
    "dict": {"a": 1}, "dict of broken repr": {"a": BrokenRepr()}, "empty table": pd.DataFrame(),
    "table": pd.DataFrame({"a": [1, 2]}), "table of broken repr": pd.DataFrame({"owner": [BrokenRepr()] * 3}),
    "table with doubled columns": pd.DataFrame([[1, 2, 3, 4]] * 3, columns=["owner", "owner", "timing", "if"]),
    "table with two header rows": pd.DataFrame([[1, 2]] * 3, columns=pd.MultiIndex.from_tuples([("a", "b"),
                                                                                                ("c", "d")])),
    "empty series": pd.Series([], dtype=float), "one-value series": pd.Series([1.0]),
    "text series": pd.Series(["a", "b"]), "index": pd.Index([1, 2]), "numpy float": np.float64(3.2),
    "numpy int": np.int64(3), "numpy nan": np.float32("nan"), "numpy bool": np.bool_(True),
    "0-d array": np.array(5.0), "2-d array": np.array([[1, 2], [3, 4]]), "masked": np.ma.masked,
    "True": True, "False": False, "huge int": 10**400, "huge negative int": -(10**5000),
    "complex": complex(1, 2), "Decimal NaN": decimal.Decimal("NaN"), "Decimal": decimal.Decimal("1.5"),
    "Fraction": fractions.Fraction(1, 3), "bytes": b"12", "pd.NA": pd.NA, "pd.NaT": pd.NaT,
    "date": datetime.date(2025, 1, 1), "timestamp": pd.Timestamp("2025-01-01"), "function": print,
    "class": int, "range": range(3), "generator": (x for x in [1]), "broken repr": BrokenRepr(),
    "broken len": BrokenLength([1]), "broken float": BrokenFloat(), "object": object(),
}
EXERCISES = ["kpi-conversion", "kpi-atv", "plan-peak-day", "rec-sar-deadline", "plan-smart-objective",
             "plan-service-plan", "rec-portfolio-extract", "rev-action-log"]  # numbers, labels, texts, tables


@pytest.fixture(scope="module")
def odd_answers_store(tmp_path_factory: pytest.TempPathFactory) -> session.Session:
    active = course.start("odd-answers", progress_path=tmp_path_factory.mktemp("log") / "log.jsonl", **PERIOD)
    session.end()
    return active


@pytest.fixture
def learner(odd_answers_store: session.Session) -> Iterator[session.Session]:
    """The learner's session, made once per module and made current for each test (others end theirs)."""
    session._current = odd_answers_store
    yield odd_answers_store
    session.end()


def shown_cleanly(result: object) -> CheckResult:
    assert isinstance(result, CheckResult)
    assert result.status in STATUS_WORDS and result.status != "no_session"
    assert result.message and len(result.message) < 2000 and "Traceback" not in result.message
    assert str(result) and repr(result) and result._repr_html_()
    return result


@pytest.mark.parametrize("exercise", EXERCISES)
def test_every_odd_answer_gets_a_message_never_a_traceback(exercise: str, learner: session.Session, tally) -> None:
    for name, answer in ODD_ANSWERS.items():
        result = shown_cleanly(course.check(exercise, answer))
        assert result.status != "correct", f"{name} was marked correct for {exercise}"
        if result.status == "invalid":
            assert any(w in result.message for w in ("answer", "table", "text", "number")), (name, result.message)
        tally("bad input")


@pytest.mark.parametrize("answer, words", [
    (float("nan"), "NaN or infinity"), (np.array(5.0), "is not what your data gives"),
    (np.ma.masked, "missing value"), (pd.NA, "missing value"), (10**400, "too large"),
    (np.array([[1, 2], [3, 4]]), "holds 4 values"), (BrokenLength([1]), "could not be read"),
])
def test_odd_numbers_are_explained(answer: object, words: str, learner: session.Session, tally) -> None:
    assert words in shown_cleanly(course.check("kpi-upt", answer)).message
    tally("bad input")


@pytest.mark.parametrize("make, words", [
    (lambda: pd.DataFrame([[1, 2, 3, 4]] * 3, columns=["owner", "owner", "timing", "if"]),
     "more than one column called 'owner'"),
    (lambda: pd.DataFrame([[1, 2]] * 3, columns=pd.MultiIndex.from_tuples([("a", "b"), ("c", "d")])),
     "more than one level"),
    (lambda: {"objective": BrokenRepr()}, "could not be read"),
])
def test_odd_tables_and_texts_are_explained(make: Callable[[], object], words: str, learner: session.Session,
                                            tally) -> None:
    for exercise in ("plan-service-plan", "plan-smart-objective"):
        answer = make()  # each exercise cell makes its own answer (one object checked twice would be stale)
        result = shown_cleanly(course.check(exercise, answer))
        if isinstance(answer, pd.DataFrame) or exercise == "plan-smart-objective":
            assert result.status == "invalid" and words in result.message, result.message
        tally("bad input")


@pytest.mark.parametrize("exercise_id", [None, 12, ["kpi-atv"], {"id": 1}, BrokenRepr(), "", "kpi_atv", "x" * 300])
def test_an_odd_exercise_id_is_explained(exercise_id: object, learner: session.Session, tally) -> None:
    result = shown_cleanly(course.check(exercise_id, 1))  # type: ignore[arg-type]  # bad input, on purpose
    assert result.status == "invalid"
    assert "not text" in result.message or "did you mean" in result.message
    tally("bad input")


def test_a_progress_log_that_is_a_folder_costs_the_log_not_the_result(tmp_path: Path, tally) -> None:
    course.start("odd-log", progress_path=tmp_path, **PERIOD)  # the folder itself, not a file in it
    try:
        result = shown_cleanly(course.check("kpi-atv", 12.0))
    finally:
        session.end()
    assert result.status == "incorrect" and "could not be saved in your progress log" in result.message
    tally("bad input")


ANSWERS = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20), st.binary(max_size=5),
              st.complex_numbers(), st.decimals(), st.fractions(), st.dates(),
              st.sampled_from([np.float64(2.5), np.int64(-3), np.bool_(False), np.array(1.5), pd.NA, pd.NaT])),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.tuples(inner, inner),
                            st.dictionaries(st.text(max_size=5), inner, max_size=3),
                            st.lists(st.floats(), max_size=3).map(pd.Series),
                            st.lists(st.integers(), max_size=3).map(np.array)),
    max_leaves=6)


@FUZZ
@given(answer=ANSWERS)
def test_as_number_gives_a_finite_float_or_an_answer_problem(answer: object, tally) -> None:
    try:
        value = as_number(answer)
    except AnswerProblem as problem:
        assert str(problem).startswith("your answer")
    else:
        assert isinstance(value, float) and math.isfinite(value)
    try:
        label = as_label(answer)
    except AnswerProblem as problem:
        assert str(problem).startswith("your answer")
    else:
        assert isinstance(label, str) and label == label.strip()
    tally("bad input")


NUMBER_TEXT = st.lists(st.sampled_from([*"£$€%0123456789.,- e", "per cent"]), max_size=12).map("".join)


@FUZZ
@given(text=NUMBER_TEXT)
def test_answer_text_parses_to_a_finite_float_or_an_answer_problem(text: str, tally) -> None:
    try:
        value = as_number(text)
    except AnswerProblem as problem:
        assert repr(text[:40]) in str(problem) or "not a number" in str(problem)
    else:
        assert math.isfinite(value)
    tally("bad input")


@FUZZ
@given(value=st.decimals(min_value=-10**9, max_value=10**9, places=2, allow_nan=False))
def test_money_and_percent_texts_read_as_their_number(value: decimal.Decimal, tally) -> None:
    assert as_number(f"£{value:,.2f}") == pytest.approx(float(value))
    assert as_number(f"{value:.2f}%") == pytest.approx(float(value))
    tally("bad input")


@FUZZ
@given(answer=ANSWERS, exercise=st.sampled_from(EXERCISES))
def test_course_check_never_raises(answer: object, exercise: str, learner: session.Session, tally) -> None:
    shown_cleanly(course.check(exercise, answer))
    tally("bad input")


# --- KPI inputs and service-log fields ------------------------------------------------------------------

KPI_FUNCTIONS = {name: getattr(kpi, name) for name in kpi.__all__
                 if inspect.isfunction(getattr(kpi, name))}
KPI_VALUES = st.one_of(ANSWERS, st.sampled_from([[10**400], [float("inf")], [True, 1], [None, 1], ["3", 4],
                                                 pd.Series([1, 2], index=["a", "a"]), {"a": 1, "b": -1},
                                                 pd.Series(dtype=object), np.array([[1, 2], [3, 4]]),
                                                 [BrokenRepr()], BrokenRepr()]))


def _positional(func: Callable[..., object]) -> int:
    return sum(p.default is inspect.Parameter.empty and p.kind is not p.KEYWORD_ONLY
               for p in inspect.signature(func).parameters.values())


@FUZZ
@given(name=st.sampled_from(sorted(KPI_FUNCTIONS)), slot=st.integers(min_value=0, max_value=2), value=KPI_VALUES)
def test_a_kpi_gives_a_finite_number_or_a_kpi_error(name: str, slot: int, value: object, tally) -> None:
    func = KPI_FUNCTIONS[name]
    args: list[object] = [50] * _positional(func)
    args[slot % len(args)] = value
    try:
        result = func(*args)
    except kpi.KPIError as err:
        assert str(err)
    else:
        figures = list(dataclasses.asdict(result).values()) if dataclasses.is_dataclass(result) else [result]
        assert all(math.isfinite(f) for f in figures), result
    tally("bad input")


@pytest.mark.parametrize("call", [lambda: kpi.nps(np.array(9)), lambda: kpi.attach_rate([np.array(1.5)], 5)],
                         ids=["as a column", "in a column"])
def test_a_kpi_given_a_0d_array_gets_a_kpi_error(call: Callable[[], float], tally) -> None:
    tally("bad input")
    with pytest.raises(kpi.KPIError):
        call()


@FUZZ
@given(value=st.one_of(ANSWERS, st.just(BrokenRepr()), st.integers(min_value=10**300)))
def test_service_log_fields_give_a_value_or_a_record_error(value: object, tally) -> None:
    now = datetime.datetime(2025, 3, 31, 18, 0)
    for check in (lambda v: checks.text("reason", v), lambda v: checks.optional_id("customer_id", v),
                  lambda v: checks.choice("channel", v, ("phone", "email")), lambda v: checks.free_text("notes", v),
                  lambda v: checks.moment("timestamp", v, now), lambda v: checks.flag("resolved", v),
                  lambda v: checks.number("handle_minutes", v, low=0, high=600, unit="minutes",
                                          high_inclusive=False)):
        try:
            check(value)
        except checks.RecordError as err:
            assert str(err).startswith("field '"), err
        tally("bad input")


# --- roster parsing: any bytes in any encoding --------------------------------------------------------

@FUZZ
@given(rows=st.lists(st.lists(st.text(max_size=10), min_size=1, max_size=4), max_size=5),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16"]),
       separator=st.sampled_from([",", ";", "\t"]))
def test_any_roster_gives_safe_learners_or_a_roster_error(tmp_path_factory, rows: list[list[str]], encoding: str,
                                                          separator: str, tally) -> None:
    text = "\n".join(separator.join(row) for row in [["learner_id", "name", "sector"], *rows]) + "\n"
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8")
    path = tmp_path_factory.mktemp("roster") / "roster.csv"
    path.write_bytes(data)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RosterEncodingWarning)
        try:
            learners = read_roster(path)
        except RosterError as err:
            assert str(err).startswith(str(path))
            learners = []
    for one in learners:
        assert learner_id_problem(one.learner_id) is None and one.sector in SECTORS
        assert one.name and not [c for c in one.name if unicodedata.category(c) == "Cc"]
    tally("bad input")


# --- the command line: verbs, flags, values and paths ---------------------------------------------------

def _cli_cases(tmp: Path) -> list[tuple[list[str | Path], str]]:
    roster = write(tmp / "roster.csv", HEADER + "ab12,Jo,grocery\n")
    subs = tmp / "subs"
    subs.mkdir(exist_ok=True)
    a_file = write(tmp / "a-file.txt", "not a folder\n")
    not_a_db = write(tmp / "bad-run" / "gradebook.sqlite", b"this is not a database" * 50)
    run = ["run", "--roster", roster, "--submissions", subs]
    return [
        ([], "the following arguments are required: VERB"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
        (["Run"], "invalid choice: 'Run'"),
        (["run"], "the following arguments are required: --roster, --submissions, --out"),
        (["run", "--roster", roster], "--submissions, --out"),
        ([*run, "--out", tmp / "r", "--jobs", "abc"], "invalid int value: 'abc'"),
        ([*run, "--out", tmp / "r", "--jobs", "0"], "--jobs must be a whole number of at least 1"),
        ([*run, "--out", tmp / "r", "--jobs", "-4"], "--jobs must be a whole number of at least 1"),
        ([*run, "--out", tmp / "r", "--timeout", "0"], "--timeout must be a positive number"),
        ([*run, "--out", tmp / "r", "--timeout", "-5"], "--timeout must be a positive number"),
        ([*run, "--out", tmp / "r", "--timeout", "nan"], "--timeout must be a positive number"),
        ([*run, "--out", tmp / "r", "--timeout", "inf"], "--timeout must be a positive number"),
        ([*run, "--out", tmp / "r", "--timeout", "soon"], "invalid float value: 'soon'"),
        ([*run, "--out", tmp / "r", "--executor", "slurm"], "invalid choice: 'slurm'"),
        ([*run, "--out", tmp / "r", "--scheduler", "tcp://x:1"], "--scheduler is only used with --executor dask"),
        ([*run, "--out", tmp / "r", "--notebooks", tmp / "no-notebooks"], "no notebooks found"),
        ([*run, "--out", a_file], "is a file"),
        ([*run, "--out", subs / "run"], "is inside --submissions"),
        (["run", "--roster", roster, "--submissions", tmp / "nope", "--out", tmp / "r"], "no such folder"),
        (["run", "--roster", tmp / "nope.csv", "--submissions", subs, "--out", tmp / "r"], "no such file"),
        (["assign", "--roster", roster], "the following arguments are required: --out"),
        (["assign", "--roster", roster, "--out", a_file], "is a file"),
        (["assign", "--roster", roster, "--out", tmp / "a", "--notebooks", tmp / "nope"], "no notebooks found"),
        (["report"], "the following arguments are required: --run"),
        (["report", "--run", tmp / "nope"], "no gradebook here"),
        (["report", "--run", not_a_db.parent], "cannot read table"),
        (["report", "--run", tmp, "--pseudonymize"], "unrecognized arguments: --pseudonymize"),
        (["simulate"], "the following arguments are required: learner_id, --out"),
        (["simulate", "ab12", "--out", a_file / "x", "--start", "2025-01-01", "--end", "2025-02-25"],
         "Not a directory; part of the path is a file"),
        (["simulate", "ab12", "--out", tmp / "s", "--start"], "expected one argument"),
        (["build", "--edition", "teacher", "--out", tmp / "b"], "invalid choice: 'teacher'"),
        (["build", "--edition", "learner", "--out", tmp / "b", "--src", tmp / "nope"], "no notebooks found"),
        (["syllabus"], "say what to do: --check, --table or --markdown FILE"),
        (["check-bank"], "the following arguments are required: file"),
        (["seal-banks", "--src", tmp / "nope", "--out", tmp / "sealed"], "no *.yaml source banks"),
        (["dataset", "--out", a_file], "Not a directory"),
        (["demo", "--out", a_file], "Not a directory"),
    ]


def test_every_bad_flag_value_or_path_is_one_clear_line(tmp_path: Path, tally) -> None:
    for argv, words in _cli_cases(tmp_path):
        ran = course_cmd(*argv)
        refused(ran, words)
        assert ran.status in (1, 2), (argv, ran.status)
        tally("bad input")
    assert not (tmp_path / "r").exists() and not (tmp_path / "s").exists()


def test_the_real_command_prints_no_traceback(tmp_path: Path, tally) -> None:
    """The same through `python -m course` in a subprocess: what a tutor's terminal shows."""
    roster = write(tmp_path / "roster.csv", HEADER + "../up,Jo,\n")
    cases = [(["frobnicate"], "invalid choice: 'frobnicate'"),
             (["run", "--roster", roster, "--submissions", tmp_path, "--out", tmp_path / "r", "--timeout", "nan"],
              "--timeout must be a positive number"),
             (["assign", "--roster", roster, "--out", tmp_path / "a"], "line 2: learner_id '../up' contains a path")]
    processes = [(subprocess.Popen([sys.executable, "-m", "course", *map(str, argv)], cwd=ROOT, text=True,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE), words) for argv, words in cases]
    for process, words in processes:
        out, err = process.communicate(timeout=120)
        refused(Ran(process.returncode, out, err), words)
        tally("bad input")
