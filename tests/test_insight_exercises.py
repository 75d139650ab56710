"""The 4.3 exercises (surveys by segment, loyalty) and 4.4's (SWOT, PESTLE, recommendation) for several learners.

For each learner: the notebooks' own solutions pass, every misconception's wrong answer gets that
misconception's feedback, and odd answers get a clear message instead of a traceback.
"""

from __future__ import annotations

import math
from pathlib import Path

import matplotlib
import pandas as pd
import pytest

import course
from course import exercises, session
from course.exercises import nb_4_3_insight as ie
from course.exercises.nb_4_4_reviews import sources_cited
from course.notebooks import read, with_solutions

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "notebooks" / "4-data-analysis"
NOTEBOOKS = {"4.3": (FOLDER / "4.3-customer-insight.ipynb", 6),   # each notebook and how many checks it has
             "4.4": (FOLDER / "4.4-evidence-to-recommendation.ipynb", 3)}
LEARNERS = [("ins-ada", "apparel"), ("ins-bo", "grocery"), ("ins-cy", "electronics"), ("ins-di", "homeware")]
NUMBERS = ["insight-segment-nps", "insight-segment-margin", "insight-churn", "insight-member-clv"]


# Stores come from conftest.py's `start_learner`, so each learner's store is simulated once per session.
@pytest.fixture(params=LEARNERS, ids=[sector for _, sector in LEARNERS])
def active(request, start_learner):
    return start_learner(*request.param)


@pytest.fixture
def apparel(start_learner):
    return start_learner(*LEARNERS[0])


# --- Numbers and labels --------------------------------------------------------------------------

@pytest.mark.parametrize("exercise_id", [*NUMBERS, "insight-trusted-segment"])
def test_expected_answer_is_correct_and_each_misconception_is_named(active, exercise_id: str) -> None:
    exercise = exercises.get(exercise_id)
    expected = exercise.expected(active.data)
    assert course.check(exercise_id, expected).status == "correct"
    wrongs = [(mis, mis.wrong(active.data)) for mis in exercise.misconceptions]
    for mis, wrong in wrongs:
        if _same(wrong, expected, exercise.tolerance):
            continue  # this store happens to give the same value, so the mistake cannot be seen here
        result = course.check(exercise_id, wrong)
        first = next(m for m, w in wrongs if _same(w, wrong, exercise.tolerance))  # who gives this value first
        assert result.status == "incorrect" and result.misconception == first.id
        assert exercise.kind == "label" or mis.name in result.message


def _same(a, b, tolerance: float) -> bool:
    return a == b if isinstance(a, str) else math.isclose(a, b, abs_tol=tolerance + 1e-9)


def test_each_numeric_misconception_is_seen_in_at_least_one_store(start_learner) -> None:
    seen: set[tuple[str, str]] = set()
    for learner_id, sector in LEARNERS:
        data = start_learner(learner_id, sector).data
        for exercise_id in NUMBERS:
            exercise = exercises.get(exercise_id)
            for mis in exercise.misconceptions:
                if course.check(exercise_id, mis.wrong(data)).misconception == mis.id:
                    seen.add((exercise_id, mis.name))
        session.end()
    every = {(e, m.name) for e in NUMBERS for m in exercises.get(e).misconceptions}
    assert every - seen == set()


def test_the_trusted_segment_rule(apparel, monkeypatch) -> None:
    d = apparel.data
    answers = ie.segment_answers(d, "csat")
    assert set(answers["segment"]) <= {"regular", "occasional", "business", "new"}
    chosen = ie.lowest_trusted_csat(d)
    scores = answers.loc[answers["segment"] == chosen, "csat"]
    assert len(scores) >= ie.MIN_ANSWERS and course.kpi.margin_of_error(course.kpi.csat(scores), len(scores)) <= 10
    small = ie.lowest_trusted_csat(d, any_size=True)
    if small != chosen:
        assert course.check("insight-trusted-segment", small).misconception == "small-sample-overread"
    assert course.check("insight-trusted-segment", chosen.upper() + ".").status == "correct"
    monkeypatch.setattr(ie, "MIN_ANSWERS", 10 ** 6)
    assert course.check("insight-trusted-segment", "none").status == "correct"


def test_churn_and_retention_add_up_and_clv_follows_the_formula(active) -> None:
    d = active.data
    start, end = ie.half_buyers(d)
    retention = course.kpi.retention_rate(len(start), len(end), len(end - start))
    assert ie.churn(d) + retention == pytest.approx(100)
    assert ie.member_clv(d) == pytest.approx(ie.member_clv(d, years=1) * 3)


@pytest.mark.parametrize("bad, words", [
    (pd.DataFrame({"a": [1, 2]}), "whole table"),
    ([1.0, 2.0], "2 values"),
    ("about forty", "give a number"),
    (True, "True/False"),
    (float("nan"), "not a number"),
])
def test_odd_numeric_answers_get_a_clear_message(apparel, bad, words: str) -> None:
    result = course.check("insight-segment-nps", bad)
    assert result.status == "invalid" and words in result.message


def test_odd_label_answers_get_a_clear_message(apparel) -> None:
    assert "wants a word" in course.check("insight-trusted-segment", ["regular"]).message
    assert course.check("insight-trusted-segment", "the best one").status == "incorrect"
    assert course.check("insight-segment-margin", "11.5 points").status == "invalid"


# --- SWOT ----------------------------------------------------------------------------------------

def _swot() -> pd.DataFrame:
    return pd.DataFrame([
        {"quadrant": "S", "factor": "Colleagues greet customers quickly",
         "evidence": "Passed on 92% of visits (mystery shops)",
         "impact": "Customers feel welcome from the moment they arrive"},
        {"quadrant": "W", "factor": "Long queues at the tills on Saturday afternoons",
         "evidence": "Average wait 6.2 minutes, Saturdays 12:00–16:00 (footfall)",
         "impact": "Customers give up and leave without buying"},
        {"quadrant": "O", "factor": "More customers want to contact the store online",
         "evidence": "36% of contacts by web chat, email or social media (interactions)",
         "impact": "Quick online answers could win customers who do not want to phone"},
        {"quadrant": "T", "factor": "A rival store opened nearby",
         "evidence": "Diary, 25 Oct 2025: opened 0.4 miles away",
         "impact": "Customers can now walk next door when the service is poor"},
    ])


def test_a_complete_swot_passes(apparel) -> None:
    assert course.check("insight-swot", _swot()).status == "correct"
    assert course.check("insight-swot", _swot().to_dict("records")).status == "correct"


@pytest.mark.parametrize("change, misconception", [
    ({"row": 3, "quadrant": "W"}, "swot-internal-external"),   # the competitor under weaknesses
    ({"row": 1, "quadrant": "T"}, "swot-internal-external"),   # the store's own queues under threats
    ({"row": 0, "evidence": "Everyone says so"}, "swot-no-evidence"),
    ({"row": 0, "evidence": "92%"}, "swot-no-evidence"),       # a figure with no source
    ({"row": 2, "impact": ""}, "swot-no-service-link"),
    ({"row": 2, "quadrant": "S"}, "swot-incomplete"),          # no opportunity left
])
def test_swot_mistakes_are_named(apparel, change: dict, misconception: str) -> None:
    table = _swot()
    row = change.pop("row")
    for column, value in change.items():
        table.loc[row, column] = value
    result = course.check("insight-swot", table)
    assert result.status == "incorrect" and result.misconception == misconception, result.message


def test_swot_keeps_mixed_factors_and_explains_bad_shapes(apparel) -> None:
    mixed = _swot()
    mixed.loc[1, "factor"] = "Our prices are higher than the competitor's"
    assert course.check("insight-swot", mixed).status == "correct"
    assert "Use the columns" in course.check("insight-swot", _swot().drop(columns="impact")).message
    assert course.check("insight-swot", "S: great staff").status == "invalid"
    assert course.check("insight-swot", pd.DataFrame()).status == "invalid"


# --- PESTLE --------------------------------------------------------------------------------------

def _pestle() -> pd.DataFrame:
    return pd.DataFrame([
        {"heading": "Technological", "factor": "More customers expect to contact a store online",
         "evidence": "36% of contacts by web chat, email or social media (interactions)",
         "impact": "Online questions need quick and complete answers"},
        {"heading": "Environmental", "factor": "Storms keep shoppers at home",
         "evidence": "-40% visitors per hour on storm days (footfall)",
         "impact": "Plan the rota for the rush afterwards"},
        {"heading": "Social", "factor": "Customers post reviews in public",
         "evidence": "77 reviews and social posts (surveys, unsolicited)",
         "impact": "One poor visit can reach many people quickly"},
        {"heading": "Legal", "factor": "The Consumer Rights Act 2015 gives 30 days to reject faulty goods",
         "evidence": "11.9 return contacts per 1,000 transactions (interactions)",
         "impact": "Returns must be handled correctly the first time"},
    ])


def test_a_complete_pestle_passes(apparel) -> None:
    assert course.check("insight-pestle", _pestle()).status == "correct"


@pytest.mark.parametrize("change, misconception", [
    ({"row": 0, "factor": "Our staff are short of training on the tills"}, "pestle-internal-factor"),
    ({"row": 1, "heading": "Technological"}, "pestle-incomplete"),
    ({"row": 1, "heading": "E"}, "pestle-incomplete"),
    ({"row": 2, "evidence": "lots of them"}, "pestle-no-evidence"),
    ({"row": 3, "impact": "bad"}, "pestle-no-service-link"),
])
def test_pestle_mistakes_are_named(apparel, change: dict, misconception: str) -> None:
    table = _pestle()
    row = change.pop("row")
    for column, value in change.items():
        table.loc[row, column] = value
    result = course.check("insight-pestle", table)
    assert result.status == "incorrect" and result.misconception == misconception, result.message


def test_pestle_heading_messages(apparel) -> None:
    table = _pestle()
    table.loc[1, "heading"] = "E"
    assert "write Political, Economic" in course.check("insight-pestle", table).message
    assert "at least four" in course.check("insight-pestle", _pestle().head(3)).message


# --- Recommendation ------------------------------------------------------------------------------

def _plan(data) -> dict:
    return {"recommendation": "Add a second till colleague from 12:00 to 16:00 every Saturday from January",
            "evidence": ["0.9 queue complaints per 1,000 transactions (complaints log)",
                         "'Waited under 5 minutes' missed on 40% of visits (mystery shops)"],
            "service_impact": "Shorter waits at the busiest time, so fewer customers walk out",
            "kpi": "Queue complaints per 1,000 transactions", "baseline": 0.9, "target": 0.6,
            "by": pd.Timestamp(data.end) + pd.Timedelta(weeks=12), "owner": "Store manager",
            "check": "Weekly at the Monday huddle"}


def test_a_complete_recommendation_passes(active) -> None:
    assert course.check("insight-recommendation", _plan(active.data)).status == "correct"
    as_text = dict(_plan(active.data), by="31 March 2099", baseline="0.9 (last 12 weeks)")
    assert course.check("insight-recommendation", as_text).status == "correct"


@pytest.mark.parametrize("change, misconception", [
    ({"kpi": "how customers feel"}, "rec-no-kpi"),
    ({"target": "lower"}, "rec-no-kpi"),
    ({"target": 0.9}, "rec-no-kpi"),
    ({"baseline": "where it is now"}, "rec-no-baseline"),
    ({"by": "soon"}, "rec-no-date"),
    ({"by": "2020-01-31"}, "rec-no-date"),
    ({"owner": "everyone"}, "rec-no-owner"),
    ({"check": "we will keep an eye on it"}, "rec-no-monitoring"),
    ({"evidence": "0.9 complaints per 1,000 transactions (complaints log)"}, "rec-single-source"),
    ({"service_impact": ""}, "rec-no-service-impact"),
    ({"recommendation": "Improve the tills"}, "rec-vague"),
])
def test_recommendation_mistakes_are_named(apparel, change: dict, misconception: str) -> None:
    result = course.check("insight-recommendation", dict(_plan(apparel.data), **change))
    assert result.status == "incorrect" and result.misconception == misconception, result.message


def test_recommendation_odd_shapes(apparel) -> None:
    result = course.check("insight-recommendation", ["add a till"])
    assert result.status == "invalid" and "'recommendation'" in result.message
    renamed = {k.replace("_", " ").title(): v for k, v in _plan(apparel.data).items()}
    assert course.check("insight-recommendation", renamed).status == "correct"


def test_sources_are_told_apart() -> None:
    assert sources_cited("0.9 complaints per 1,000 transactions (complaints log)") == ["complaints"]
    assert set(sources_cited("CSAT 81% (surveys); 40% of points missed (mystery shops)")) == {"surveys",
                                                                                              "mystery shops"}


# --- The notebook's own solutions ----------------------------------------------------------------

def _run_solution_edition(notebook: Path, learner_id: str, sector: str, tmp_path: Path) -> dict[str, str]:
    """Execute the solution edition's code in-process; return each check's status."""
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    nb = with_solutions(read(notebook), notebook, ROOT / "solutions" / "exercises")
    namespace: dict = {}
    statuses: dict[str, str] = {}
    overrides = f"learner_id, sector, progress_path = {learner_id!r}, {sector!r}, {str(tmp_path / 'p.jsonl')!r}"
    for cell in (c for c in nb.cells if c.cell_type == "code"):
        source = cell.source.strip()
        if source.startswith(("course.quiz(", "course.results(")):
            continue
        if source.startswith("course.check("):
            result = eval(source, namespace)  # our own notebook
            statuses[result.exercise_id] = result.status
            continue
        exec(source, namespace)
        if "parameters" in cell.metadata.get("tags", []):
            exec(overrides, namespace)
        plt.close("all")
    session.end()
    return statuses


@pytest.mark.parametrize("notebook", NOTEBOOKS)
@pytest.mark.parametrize("learner_id, sector", LEARNERS[3:], ids=["homeware"])   # the CI harness runs the others
def test_every_solution_in_the_notebook_is_correct(notebook: str, learner_id: str, sector: str, tmp_path: Path,
                                                   monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    path, checks = NOTEBOOKS[notebook]
    statuses = _run_solution_edition(path, learner_id, sector, tmp_path)
    assert len(statuses) >= checks
    assert {i: s for i, s in statuses.items() if s != "correct"} == {}
