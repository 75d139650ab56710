"""The real banks' content: every question is used by a notebook, learner-facing text carries no internal
codes, and the answers keyed for the questions fixed in issue 14 agree with domain-facts.md and the notebooks."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from course import kpi
from course.quiz import banks, load, quiz
from course.quiz.grading import grade
from course.tutor.plan import plan_workbook

ROOT = Path(__file__).resolve().parents[1]


@functools.cache
def sources() -> dict[str, dict]:
    """The source banks by name, read when a test first asks (not while every worker collects the suite)."""
    return {p.stem: yaml.load(p.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)  # libyaml: same result, faster
            for p in sorted((ROOT / "solutions" / "quiz").glob("*.yaml"))}


def _source(question_id: str) -> dict:
    return next(q for bank in sources().values() for q in bank["questions"] if q["id"] == question_id)


# --- every question is used ------------------------------------------------------------------------

def used_question_ids(notebooks: Path) -> set[str]:
    """Return the ids of the questions that the workbook's `course.quiz(...)` cells show.

    The tutor's own reader of quiz cells (course/tutor/plan.py) is used, so a call by `ids=`, by
    `concept=` or of a whole bank counts exactly as it does when a tutor marks the workbook.
    """
    return {qid for nb in plan_workbook(notebooks) for qid in nb.quiz_ids}


def unused_questions(bank_questions: dict[str, list[str]], used: set[str]) -> list[str]:
    """Return "<bank>: <id>" for every bank question that no notebook shows."""
    return [f"{bank}: {qid}" for bank, ids in sorted(bank_questions.items()) for qid in ids if qid not in used]


def _shipped() -> dict[str, list[str]]:
    return {name: [q.id for q in load(name).questions] for name in banks()}


def test_every_bank_question_is_used_by_some_notebook() -> None:
    unused = unused_questions(_shipped(), used_question_ids(ROOT / "notebooks"))
    assert unused == [], ("questions no notebook shows; add each to a notebook's course.quiz(...) call "
                          f"or delete it: {unused}")


def test_the_usage_check_fails_for_a_question_no_notebook_shows() -> None:
    questions = _shipped()
    questions["planning"] = [*questions["planning"], "plan-made-up-unused"]
    assert unused_questions(questions, used_question_ids(ROOT / "notebooks")) == ["planning: plan-made-up-unused"]


def test_the_usage_check_reads_ids_concepts_and_whole_banks(tmp_path: Path) -> None:
    import nbformat

    folder = tmp_path / "1-planning"
    folder.mkdir()
    for name, source in (("a", 'course.quiz("planning", ids=["plan-smart-which"])'),
                         ("b", "course.quiz('reviewing', concept='CSAT')"), ("c", 'course.quiz("recording")')):
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])
        nbformat.write(nb, folder / f"{name}.ipynb")
    used = used_question_ids(tmp_path)
    csat = {q.id for q in quiz("reviewing", concept="CSAT").questions}
    assert used == {"plan-smart-which", *csat, *(q.id for q in load("recording").questions)}


# --- no internal codes in what a learner reads -------------------------------------------------------

INTERNAL_CODE = re.compile(r"\bseed\s*\d{3}\b|\(\s*syllabus\s+\d{3}|\b\d{3}:(?:KC|ET|CM|MP)\d+\b", re.IGNORECASE)


def _learner_texts(question: dict) -> Iterator[tuple[str, str]]:
    for field in ("prompt", "explanation"):
        yield field, question.get(field, "")
    for option in question.get("options", []):
        yield "option", option["text"]
        yield "feedback", option.get("feedback") or ""
    for field in ("answers", "items"):
        for text in question.get(field, []):
            yield field, text
    for pair in question.get("pairs", []):
        yield "pairs", f"{pair['term']} {pair['definition']}"


def internal_codes(question: dict) -> list[str]:
    """Return the learner-facing fields of a source question that hold an internal code."""
    return [f"{field}: {found.group(0)!r}" for field, text in _learner_texts(question)
            for found in [INTERNAL_CODE.search(str(text))] if found]


def test_learner_facing_quiz_text_has_no_internal_codes() -> None:
    found = {q["id"]: internal_codes(q) for bank in sources().values() for q in bank["questions"]}
    assert {qid: codes for qid, codes in found.items() if codes} == {}, \
        "write 'the syllabus' (or 'syllabus file 004' where it helps); codes belong in marking_point/covers"


def test_the_internal_code_finder_catches_seeds_and_syllabus_codes() -> None:
    assert internal_codes({"explanation": "Seed 000 warns about it."})
    assert internal_codes({"options": [{"text": "x", "feedback": "as seed 004 says"}]})
    assert internal_codes({"prompt": "Say why. (Syllabus 002:CM1.)"})
    assert internal_codes({"explanation": "It meets 004:ET3."})
    assert internal_codes({"explanation": "Syllabus file 004 writes it as Take ownership."}) == []


# --- the answers fixed in issue 14 ---------------------------------------------------------------------

def _right_choice(question_id: str) -> str:
    return next(o["text"] for o in _source(question_id)["options"] if o.get("correct"))


def _graded(bank: str, question_id: str, response: object) -> str:
    sealed = load(bank)
    return grade(sealed.question(question_id), response, salt=sealed.salt).status


def test_hfss_is_accepted_as_legal_or_political() -> None:
    question = _source("data-swot-pestle-sort")
    hfss = next(p for p in question["pairs"] if "less-healthy food" in p["term"])
    assert {"legal", "political"} <= set(re.findall(r"[a-z]+", hfss["definition"].casefold()))
    assert not any("political" in p["definition"].casefold() for p in question["pairs"] if p is not hfss), \
        "a separate Political heading would make Political wrong for HFSS"
    answer = {p["term"]: p["definition"] for p in question["pairs"]}
    assert _graded("data-analysis", "data-swot-pestle-sort", answer) == "correct"


def test_small_sample_nps_swing_is_200_over_n() -> None:
    question = _source("data-small-sample")
    n = int(re.search(r"Only (\d+) customers", question["prompt"]).group(1))
    right = _right_choice("data-small-sample")
    assert "detractor" in right and "promoter" in right and f"{200 // n} points" in right
    # worked through with the course's own NPS: one detractor of n becoming a promoter
    before = [0] * 3 + [9] * 4 + [7] * (n - 7)
    after = [9, *before[1:]]
    assert kpi.nps(after) - kpi.nps(before) == pytest.approx(200 / n)
    assert f"{100 // n} and {200 // n} points" in question["explanation"]


def _retention_figures(question_id: str) -> tuple[int, ...]:
    return tuple(int(x.replace(",", "")) for x in re.findall(r"\d[\d,]*", _source(question_id)["prompt"]))


@pytest.mark.parametrize("question_id", ["rev-retention-worked", "data-retention-rate"])
def test_retention_questions_are_keyed_to_their_own_figures(question_id: str) -> None:
    start, end, new = _retention_figures(question_id)
    assert _source(question_id)["answer"] == pytest.approx(kpi.retention_rate(start, end, new))


def test_the_two_retention_questions_use_different_figures() -> None:
    assert _retention_figures("rev-retention-worked") != _retention_figures("data-retention-rate")
    assert _source("rev-retention-worked")["answer"] != _source("data-retention-rate")["answer"]


def test_sales_process_order_follows_domain_facts() -> None:
    items = [i.casefold() for i in _source("plan-sales-process-order")["items"]]
    stages = [("prospect",), ("rapport",), ("question", "needs"), ("present", "benefit"),
              ("objection", "negotiat"), ("close",), ("follow",)]
    assert len(items) == len(stages)
    for item, words in zip(items, stages, strict=True):
        assert all(w in item for w in words), (item, words)
    assert _graded("planning", "plan-sales-process-order", _source("plan-sales-process-order")["items"]) \
        == "correct"


def test_shift_conversion_and_splh_are_not_judged_as_one_persons_skill() -> None:
    """5.4: conversion on a shift describes the shift team; small SPLH gaps say nothing about selling skill."""
    match = _source("promo-kpi-match")["explanation"].casefold()
    assert "shift team" in match and "selling skill" in match
    assert not re.search(r"conversion on shift (?:show|measure)s?[^.]*skill", match)
    monitoring = _source("promo-monitoring-constructive")
    assert "conversion" not in monitoring["prompt"].casefold()
    assert "conversion" not in _right_choice("promo-monitoring-constructive").casefold()
    shift = next(o for o in monitoring["options"] if "conversion" in o["text"].casefold())
    assert not shift.get("correct") and "shift team" in shift["feedback"]
