"""What the notebooks teach: no internal codes in what a learner reads, one service standard for
acknowledging a customer, current law (domain-facts.md, checked December 2026), and one subject access
request in 2.2 (issue 14, parts 3 and 5). These read the committed notebooks and banks; nothing is run."""

from __future__ import annotations

import ast
import functools
import re
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
import yaml

from course.exercises.nb_2_2_data_protection import busiest_customer
from course.notebooks import read, workbook
from course.store import simulate

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = workbook(ROOT / "notebooks")
LAST_CHECKED = "December 2026"  # when the law in the notebooks was last checked; change every table's line together


@functools.cache
def banks() -> dict[str, dict]:
    """The source banks by name, read when a test first asks (not while every worker collects the suite)."""
    return {p.stem: yaml.load(p.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)  # libyaml: same result, faster
            for p in sorted((ROOT / "solutions" / "quiz").glob("*.yaml"))}



def _name(path: Path) -> str:
    return path.relative_to(ROOT / "notebooks").as_posix()


def _markdown(path: Path) -> list[tuple[int, str]]:
    return [(i, c.source) for i, c in enumerate(read(path).cells) if c.cell_type == "markdown"]


def _by_name(fragment: str) -> Path:
    return next(p for p in NOTEBOOKS if fragment in p.name)


def _quiz_texts() -> Iterator[tuple[str, str]]:
    """Yield (question id, all its learner-facing text) for every bank question."""
    for bank in banks().values():
        for q in bank["questions"]:
            texts = [q.get("prompt", ""), q.get("explanation", ""), *q.get("items", []), *q.get("answers", [])]
            texts += [t for o in q.get("options", []) for t in (o["text"], o.get("feedback") or "")]
            texts += [f"{p['term']} {p['definition']}" for p in q.get("pairs", [])]
            yield q["id"], "\n".join(str(t) for t in texts if t)


# --- no internal codes in what a learner reads ---------------------------------------------------------

HOOK = re.compile(r"\((?:Syllabus|syllabus) \d{3}:|\bseed \d{3}\b")  # the before-stop hook's own pattern
INTERNAL_CODE = re.compile(r"\(\s*syllabus\s+\d{3}|\bseed\s*\d{3}\b|\b\d{3}:(?:KC|ET|CM|MP)\d+\b", re.IGNORECASE)


def internal_codes(markdown: str) -> list[str]:
    """Return the internal codes (syllabus item codes, "seed 000") in a Markdown text."""
    return [m.group(0) for pattern in (HOOK, INTERNAL_CODE) for m in pattern.finditer(markdown)]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_name)
def test_notebook_markdown_carries_no_internal_codes(path: Path) -> None:
    found = {i: internal_codes(text) for i, text in _markdown(path) if internal_codes(text)}
    assert found == {}, ("note syllabus codes in the cell's metadata, \"syllabus\": [\"002:CM1\"], not in its "
                         f"text ('syllabus file 002' is fine): cells {found}")


def test_the_code_finder_catches_codes_and_leaves_syllabus_files() -> None:
    assert internal_codes("a returns procedure that works.\n> *(Syllabus 002:CM1.)*")
    assert internal_codes("*(Syllabus\n> 000:KC5, corrected.)*")
    assert internal_codes("Seed 000 names a BRC code.") and internal_codes("as seed 004 says")
    assert internal_codes("It meets 004:ET3.")
    assert internal_codes("Syllabus file 004 calls it Take ownership (syllabus file 000).") == []


def test_the_codes_moved_out_of_the_text_are_kept_in_cell_metadata() -> None:
    from course import syllabus

    noted = syllabus.cell_codes(ROOT / "notebooks")
    assert "002:CM1" in noted["1-planning/1.1-service-standards-and-plans.ipynb"]
    assert "000:KC5" in noted["5-promotion-teamwork/5.2-promotions.ipynb"]
    assert sum(len(codes) for codes in noted.values()) >= 90
    assert set().union(*noted.values()) <= set(syllabus.items())


# --- one service standard for acknowledging a customer ---------------------------------------------------

ACKNOWLEDGE = re.compile(r"\b(?:greet|acknowledg)\w*[^.|]{0,80}?\bwithin[\s-]+(\d+|an?|one)[\s-]+(second|minute)s?\b",
                         re.IGNORECASE)


def acknowledgement_standards(text: str) -> set[int]:
    """Return every time limit, in seconds, that a text sets for greeting or acknowledging a customer."""
    return {(1 if n.casefold() in ("a", "an", "one") else int(n)) * (60 if unit.casefold() == "minute" else 1)
            for n, unit in ACKNOWLEDGE.findall(text)}


def _everything_a_learner_or_tutor_reads() -> Iterator[tuple[str, str]]:
    for path in NOTEBOOKS:
        for i, cell in enumerate(read(path).cells):
            yield f"{_name(path)} cell {i}", cell.source
    for qid, text in _quiz_texts():
        yield f"quiz {qid}", text
    for folder, pattern in (("course", "**/*.py"), ("course", "**/*.md"), ("solutions/exercises", "*.py"),
                            ("docs", "*.md"), (".", "README.md")):
        for path in sorted((ROOT / folder).glob(pattern)):
            yield path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8")


def test_one_standard_for_acknowledging_a_customer_everywhere() -> None:
    found: dict[int, list[str]] = {}
    for where, text in _everything_a_learner_or_tutor_reads():
        for seconds in acknowledgement_standards(text):
            found.setdefault(seconds, []).append(where)
    assert list(found) == [30], f"one acknowledgement standard (30 seconds) everywhere: {found}"
    assert any(w.startswith("course/store/") for w in found[30]), "the mystery-shop checklist sets the standard"


def test_the_standard_finder_reads_minutes_seconds_and_words() -> None:
    assert acknowledgement_standards("every customer on the shop floor is acknowledged within 1 minute;") == {60}
    assert acknowledgement_standards("Trial a greet-within-a-minute standard") == {60}
    assert acknowledgement_standards('("Greeted within 30 seconds", 15)') == {30}
    assert acknowledgement_standards("Acknowledge such a complaint within 30 days") == set()


# --- the Consumer Rights Act: a choice in the first 30 days, and the 6-month presumption -----------------

def _cra_texts() -> Iterator[tuple[str, str]]:
    for path in NOTEBOOKS:
        for i, text in _markdown(path):
            yield f"{_name(path)} cell {i}", text
    yield from ((f"quiz {qid}", text) for qid, text in _quiz_texts())


def cra_problems(text: str) -> list[str]:
    """Return what a text gets wrong about the Consumer Rights Act's remedies for faulty goods."""
    flat = " ".join(text.split())
    problems = []
    if re.search(r"short-term right to reject|reject[^.]{0,40}\b30 days|\b30 days[^.]{0,40}\breject", flat, re.I) \
            and re.search(r"\brepair\b|\breplacement\b", flat, re.I) \
            and not re.search(r"\b(?:choose|chooses|chose|choice|instead|rather)\b", flat, re.I):
        problems.append("sets out the 30-day right to reject and repair or replacement without saying the "
                        "customer may choose between them")
    if re.search(r"right to reject lasts 30 days; after that", flat, re.I) or \
            (re.search(r"\breject", flat, re.I) and re.search(r"\bin order\b|from first to last", flat, re.I)):
        problems.append("teaches the remedies as a strict sequence")
    if re.search(r"final right to reject", flat, re.I) and not re.search(r"\b(?:6|six) months\b", flat, re.I):
        problems.append("sets out the remedies without the 6-month presumption")
    return problems


def test_no_text_teaches_the_cra_remedies_as_a_strict_sequence() -> None:
    found = {where: cra_problems(text) for where, text in _cra_texts() if cra_problems(text)}
    assert found == {}, f"see domain-facts.md, Consumer Rights Act 2015: {found}"


def test_no_quiz_question_orders_the_cra_remedies() -> None:
    ordering = [q["id"] for bank in banks().values() for q in bank["questions"]
                if q["type"] == "ordering" and re.search(r"reject|Consumer Rights", str(q), re.I)]
    assert ordering == [], "the remedies are the customer's choice in the first 30 days, not an order"


def test_the_cra_check_catches_the_old_wording() -> None:
    old = ("For faulty goods the short-term right to reject lasts 30 days; after that the customer is entitled "
           "to a repair or replacement; after one failed repair or replacement they may ask for a price "
           "reduction or use the final right to reject.")
    assert len(cra_problems(old)) == 3
    assert cra_problems("Put the remedies for faulty goods in order, from first to last: reject, repair ...")
    assert cra_problems("Within 30 days the customer chooses: a refund, or a repair or replacement instead. "
                        "A fault within 6 months is presumed; then the final right to reject.") == []


# --- every law table says when it was last checked ----------------------------------------------------

LAW_HEADER = {"law", "rule", "lawful basis", "principle"}
NAMES_A_LAW = re.compile(r"\b(?:Act|Regulations) \d{4}\b|\bCode\b|\bGuidance\b")


def law_tables(markdown: str) -> list[str]:
    """Return the header row of every table in a Markdown text that sets out laws or legal rules."""
    lines = markdown.splitlines()
    found = []
    for j, line in enumerate(lines):
        if not line.startswith("|") or (j and lines[j - 1].startswith("|")):
            continue
        header = {cell.strip(" *").casefold() for cell in line.strip("|").split("|")}
        body = [row for row in lines[j + 2:] if row.startswith("|")]
        first_cells = [row.strip("|").split("|")[0] for row in body]
        if header & LAW_HEADER or sum(bool(NAMES_A_LAW.search(c)) for c in first_cells) >= 2:
            found.append(line)
    return found


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_name)
def test_every_law_table_says_when_it_was_last_checked(path: Path) -> None:
    for i, text in _markdown(path):
        if law_tables(text):
            assert f"last checked: {LAST_CHECKED}".casefold() in text.replace("*", "").casefold(), \
                f"cell {i}: add 'Last checked: {LAST_CHECKED}.' under its law table"


def test_the_workbook_has_law_tables_and_the_finder_sees_them() -> None:
    assert sum(bool(law_tables(text)) for path in NOTEBOOKS for _, text in _markdown(path)) >= 4
    assert law_tables("| law | what it says |\n|---|---|\n| **Equality Act 2010** | ... |")
    assert law_tables("| heading | what it covers |\n|---|---|\n| Legal | the Consumer Rights Act 2015 |") == []


# --- current law taught where it belongs ------------------------------------------------------------------

def _prose(fragment: str) -> str:
    """Return a notebook's Markdown as one line of plain words (no emphasis markers)."""
    return " ".join(" ".join(text for _, text in _markdown(_by_name(fragment))).replace("*", "").split())


def test_the_recording_notebooks_teach_the_2025_act_on_subject_access_and_data_complaints() -> None:
    text = _prose("2.2-")
    assert re.search(r"clock stops", text) and "Data (Use and Access) Act 2025" in text
    assert "reasonable and proportionate search" in text
    assert re.search(r"19 June 2026(?:[^.]*\.){0,3}[^.]*within 30 days", text), \
        "the data-complaints duty and its 30 days"
    assert "19 June 2026" in _prose("2.1-"), "2.1 points to the new duty where it teaches recording complaints"


def test_hfss_location_rules_are_taught_beside_the_volume_price_rule() -> None:
    for fragment in ("5.2-",):
        text = _prose(fragment)
        assert re.search(r"checkouts?, aisle ends? (?:and|or) (?:store )?entrances?", text)
        assert "1 October 2022" in text and "1 October 2025" in text


def test_notebooks_teaching_pricing_law_name_the_cmas_direct_enforcement() -> None:
    teaching = [p for p in NOTEBOOKS if "CTSI" in _prose(p.name) and "Competition and Consumers Act" in _prose(p.name)]
    assert len(teaching) >= 2
    for path in teaching:
        assert re.search(r"\bCMA\b[^.]*\b(?:directly|fin(?:e|es|ing))\b", _prose(path.name)), _name(path)


# --- 0-start-here and 2.2 say what the code does -----------------------------------------------------------

def test_start_here_says_the_demonstration_is_not_logged() -> None:
    cells = read(_by_name("0-start-here")).cells
    demos = [i for i, c in enumerate(cells) if c.cell_type == "code" and "record=False" in c.source]
    assert demos
    for i in demos:
        after = next(c.source for c in cells[i + 1:] if c.cell_type == "markdown")
        assert re.search(r"not (?:noted|logged|recorded)", after), f"cell {i + 1} must say it is not logged"


def test_the_sar_text_names_one_member_who_has_complained() -> None:
    for i, text in _markdown(_by_name("2.2-")):
        flat = " ".join(text.split())
        for found in re.finditer(r"busiest (?:loyalty )?member", flat):
            assert re.match(r"\s*who has made a complaint", flat[found.end():]), \
                f"cell {i}: {flat[found.start():][:80]}"


def _requester_code() -> str:
    """Return the lines of 2.2's worked subject access request that choose the member, up to `requester =`."""
    cell = next(c for c in read(_by_name("2.2-")).cells
                if c.cell_type == "code" and "subject_access_request(" in c.source)
    lines = cell.source.splitlines()
    end = next(i for i, line in enumerate(lines) if line.startswith("requester ="))
    code = "\n".join(lines[:end + 1])
    ast.parse(code)
    return code


@pytest.mark.parametrize("learner_id, sector", [("nb-amara", "apparel"), ("nb-ben", "grocery"),
                                                ("nb-chen", "electronics"), ("bench-002", "electronics")])
def test_the_worked_sar_is_for_the_exercises_member_who_has_complaints(learner_id: str, sector: str) -> None:
    data = simulate(learner_id, sector=sector)
    scope: dict[str, object] = {"data": data, "pd": pd}
    exec(_requester_code(), scope)  # the notebook's own committed code, on a simulated store
    assert scope["requester"] == busiest_customer(data)
    assert (data.complaints["customer_id"] == scope["requester"]).sum() >= 1, "'their complaints are in the pack'"
