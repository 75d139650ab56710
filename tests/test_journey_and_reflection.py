"""The learner's own customer journey map (1.1, `plan-own-journey-map`) and the two reflections with Gibbs'
cycle (3.3 `rev-reflection-heat`, 4.4 `insight-reflection-data`), for several learners: the solutions pass,
each named misconception is detected, figures must match the learner's own data (rounded sensibly), and
placeholder or template text is refused with a message that names what to fix."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest

import course
from course.exercises import nb_1_1_journey as journey
from course.exercises import reflection, scaffold

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = ROOT / "solutions" / "exercises"
JOURNEY = "plan-own-journey-map"
REFLECTIONS = ("rev-reflection-heat", "insight-reflection-data")


def _solve(exercise_id: str, data: Any, **names: Any) -> Any:
    """Run a solution file as the solution edition does, with the notebook's earlier names in scope."""
    namespace = {"data": data, "course": course, **names}
    exec((SOLUTIONS / f"{exercise_id}.py").read_text(encoding="utf-8"), namespace)
    return namespace["answer"]


def _map(data: Any) -> dict[str, Any]:
    complaints = data.per("complaints", by="category", how="count")  # as the cell before the exercise makes it
    return _solve(JOURNEY, data, complaints=complaints)


def _reflection(exercise_id: str) -> dict[str, str]:
    return _solve(exercise_id, None, pain_stage="3. Pay")


def _wrong(result: Any, misconception: str) -> None:
    assert result.status == "incorrect" and result.misconception == misconception, result
    assert result.misconception_name


# --- The journey map ----------------------------------------------------------------------------

def test_the_journey_solution_passes(learner) -> None:
    assert course.check(JOURNEY, _map(learner.data)).status == "correct"


def _pain(answer: dict[str, Any], **change: Any) -> dict[str, Any]:
    changed = copy.deepcopy(answer)
    changed["pain_points"][0].update(change)
    return changed


def _touch(answer: dict[str, Any], row: int, **change: Any) -> dict[str, Any]:
    changed = copy.deepcopy(answer)
    changed["touchpoints"][row].update(change)
    return changed


JOURNEY_MISTAKES = {
    "journey-touchpoints-only": lambda a, d: {"touchpoints": a["touchpoints"]},
    "journey-pain-no-evidence": lambda a, d: _pain(a, category=None, figure=None),
    "journey-not-your-data": lambda a, d: _pain(a, category="long queues"),
    "journey-stage-missing": lambda a, d: {**a, "touchpoints": a["touchpoints"][:3]},
    "journey-no-moment-of-truth": lambda a, d: {**a, "touchpoints": [dict(t, moment_of_truth=False)
                                                                    for t in a["touchpoints"]]},
    "journey-no-improvement": lambda a, d: _pain(a, improvement="Fix it"),
}


@pytest.mark.parametrize("misconception", JOURNEY_MISTAKES)
def test_each_journey_misconception_is_named(learner, misconception: str) -> None:
    answer = JOURNEY_MISTAKES[misconception](_map(learner.data), learner.data)
    _wrong(course.check(JOURNEY, answer), misconception)


def _queue_complaints(data: Any) -> int:
    return int((data.complaints["category"] == "queue or wait time").sum())


def test_a_figure_must_match_the_learners_own_data_rounded_sensibly(learner) -> None:
    data, answer = learner.data, _map(learner.data)
    n, sales = _queue_complaints(data), len(data.transactions)
    rate, share = n / sales * 1000, n / len(data.complaints) * 100
    for figure in (n, f"{n} complaints", round(rate, 2), f"{rate:.1f} per 1,000 transactions", round(share, 1)):
        assert course.check(JOURNEY, _pain(answer, figure=figure)).status == "correct", figure
    wrong_figures = (n + 1, n - 1, round(rate * 2, 2), round(share + 1.5, 1))
    # none of them is right by chance (a count or a rate rounded to a whole number, or a rate to one place)
    assert all(abs(w - right) > (0.6 if right >= 10 else 0.06) for w in wrong_figures for right in (n, rate, share))
    for figure in wrong_figures:
        result = course.check(JOURNEY, _pain(answer, figure=figure))
        _wrong(result, "journey-not-your-data")
        assert "queue or wait time" in result.message
    for figure in (0, "", "lots"):
        _wrong(course.check(JOURNEY, _pain(answer, figure=figure)), "journey-pain-no-evidence")


def test_a_contact_reason_is_evidence_too(learner) -> None:
    data = learner.data
    chases = int((data.interactions["reason"] == "order status").sum())
    answer = _pain(_map(data), stage="After the visit", category="Order status", figure=chases)
    assert course.check(JOURNEY, answer).status == "correct"


def test_a_classmates_figure_does_not_pass(start_learner, store_of) -> None:
    mine, theirs = store_of("amara", sector="apparel"), store_of("ben", sector="grocery")
    assert _queue_complaints(mine) != _queue_complaints(theirs)
    start_learner("amara", "apparel")
    _wrong(course.check(JOURNEY, _pain(_map(mine), figure=_queue_complaints(theirs))), "journey-not-your-data")


def test_every_gap_is_listed_and_the_moment_of_truth_must_be_marked(start_learner) -> None:
    data = start_learner("dylan", "homeware").data
    answer = _touch(_pain(_map(data), stage="Somewhere", pain_point="x"), 0, moment_of_truth="maybe", stage="?")
    message = course.check(JOURNEY, answer).message
    for words in ("Touchpoint 1: give its 'stage'", "Touchpoint 1: mark 'moment_of_truth' True or False",
                  "missing: Find out", "Pain point 1: give its 'stage'", "Pain point 1: say what goes wrong"):
        assert words in message
    good = _map(data)
    yes_and_no = {**good, "touchpoints": [dict(t, moment_of_truth=m) for t, m in
                                          zip(good["touchpoints"], ("no", "Yes", "yes", "No"))]}
    assert course.check(JOURNEY, yes_and_no).status == "correct"


@pytest.mark.parametrize("bad, words", [
    (["Find out", "Pay"], "give a dict with 'touchpoints' and 'pain_points'"),
    ({"touchpoints": "Pay at the till", "pain_points": []}, "list of rows"),
])
def test_odd_journey_answers_get_a_clear_message(start_learner, bad: Any, words: str) -> None:
    start_learner("chen", "electronics")
    result = course.check(JOURNEY, bad)
    assert result.status == "invalid" and words in result.message


def test_the_portfolio_table_chart_and_description(start_learner) -> None:
    import matplotlib.pyplot as plt

    data = start_learner("ben", "grocery").data
    answer = _map(data)
    table = journey.journey_table(answer)
    assert table is not None and list(table["stage"]) == ["Find out", "Arrive and choose", "Pay", "Pay",
                                                          "After the visit"]
    assert f"queue or wait time: {_queue_complaints(data)}" in set(table["evidence"])
    text = journey.describe_map(table)
    assert all(f"- {stage}:" in text for stage in journey.JOURNEY_STAGES)
    assert "Pain points: none" in text and "Customers wait too long at the till" in text
    figure = journey.journey_chart(table)
    ax = figure.axes[0]
    assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel() == "Touchpoints (count)"
    assert any("Pain point: queue or" in t.get_text() and "wait time" in t.get_text() for t in ax.texts)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Moments of truth", "Other touchpoints"]
    plt.close(figure)
    assert journey.journey_table({"touchpoints": course.___, "pain_points": []}) is None
    assert journey.journey_table(["not", "a", "map"]) is None


# --- Reflections with Gibbs' cycle --------------------------------------------------------------

@pytest.mark.parametrize("exercise_id", REFLECTIONS)
def test_the_reflection_solutions_pass(learner, exercise_id: str) -> None:
    assert course.check(exercise_id, _reflection(exercise_id)).status == "correct"


def _with(answer: dict[str, str], **change: str) -> dict[str, str]:
    return {**answer, **change}


REFLECTION_MISTAKES = {
    "reflection-description-only": lambda a: {"description": a["description"], "feelings": a["feelings"]},
    "reflection-stage-missing": lambda a: {k: v for k, v in a.items() if k != "conclusion"},
    "reflection-one-sided": lambda a: _with(a, evaluation="Everything went well: I stayed calm and friendly and "
                                                          "the customer was pleased with the refund."),
    "reflection-no-concept": lambda a: _with(a, analysis="I think it went like that because I was tired after a "
                                                         "long shift and it was a very busy afternoon."),
    "reflection-action-not-smart": lambda a: _with(a, action_plan="I will try to be better at listening to "
                                                                  "customers in future, as much as I can manage."),
    "reflection-template-text": lambda a: _with(a, feelings="TBC"),
}


@pytest.mark.parametrize("exercise_id", REFLECTIONS)
@pytest.mark.parametrize("misconception", REFLECTION_MISTAKES)
def test_each_reflection_misconception_is_named(learner, exercise_id: str, misconception: str) -> None:
    answer = REFLECTION_MISTAKES[misconception](_reflection(exercise_id))
    _wrong(course.check(exercise_id, answer), misconception)


def test_a_data_reflection_must_name_a_source_of_data(start_learner) -> None:
    start_learner("amara", "apparel")
    answer = _reflection("insight-reflection-data")
    no_source = _with(answer, evaluation="Working step by step went well, but I did not leave myself enough time "
                                         "to read the results properly.",
                      analysis="Triangulation matters because one view alone can mislead, so I should have "
                               "compared the findings before I wrote anything.",
                      conclusion="I learned to slow down and check a finding twice before I present it to the "
                                 "team at the meeting.")
    _wrong(course.check("insight-reflection-data", no_source), "reflection-no-data-source")
    assert course.check("rev-reflection-heat", _with(_reflection("rev-reflection-heat"), **{
        k: no_source[k] for k in ("evaluation", "analysis", "conclusion")})).status == "correct"


@pytest.mark.parametrize("stage, text, words", [
    ("description", "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod.", "still a placeholder"),
    ("feelings", "(Write one or two sentences about how you felt at the time of the complaint.)",
     "still a placeholder"),
    ("conclusion", "To be done: TBD once I have had time to think about it properly.", "still a placeholder"),
    ("analysis", "I was busy.", "too short"),
    ("conclusion", None, "repeats 'evaluation'"),
    ("action_plan", None, "copies the prompt or the worked example"),
    ("evaluation", "", "'evaluation' is missing"),
])
def test_placeholder_and_template_text_is_refused_with_what_to_fix(start_learner, stage: str, text: str | None,
                                                                   words: str) -> None:
    start_learner("chen", "electronics")
    answer = _reflection("rev-reflection-heat")
    if text is None:
        text = answer["evaluation"] if stage == "conclusion" else reflection.WORKED_EXAMPLE[stage]
    result = course.check("rev-reflection-heat", _with(answer, **{stage: text}))
    assert result.status == "incorrect" and words in result.message and f"'{stage}'" in result.message, result


def _skeleton_prompts(exercise_id: str) -> dict[str, str]:
    steps = scaffold.skeleton(exercise_id) or ""
    return dict(re.findall(r'"(\w+)": ___,\s+# (.+)', steps))


@pytest.mark.parametrize("exercise_id", REFLECTIONS)
def test_copying_a_skeleton_prompt_or_the_worked_example_is_refused(start_learner, exercise_id: str) -> None:
    start_learner("dylan", "homeware")
    prompts = _skeleton_prompts(exercise_id)
    assert set(prompts) == set(reflection.STAGES) and prompts == reflection.PROMPTS  # the check knows the prompts
    for stage in reflection.STAGES:
        for copied in (prompts[stage], prompts[stage].upper() + " ok", reflection.WORKED_EXAMPLE[stage]):
            result = course.check(exercise_id, _with(_reflection(exercise_id), **{stage: copied}))
            _wrong(result, "reflection-template-text")
    result = course.check(exercise_id, reflection.WORKED_EXAMPLE)
    assert result.message.count("copies the prompt or the worked example") == 6


def test_the_worked_example_is_the_one_3_3_teaches() -> None:
    path = ROOT / "notebooks" / "3-reviewing" / "3.3-complaints-and-service-recovery.ipynb"
    markdown = "\n".join("".join(c["source"]) for c in json.loads(path.read_text(encoding="utf-8"))["cells"]
                         if c["cell_type"] == "markdown")
    assert all(f"| {text} |" in markdown for text in reflection.WORKED_EXAMPLE.values())
    for name in ("Description", "Feelings", "Evaluation", "Analysis", "Conclusion", "Action plan", "Kolb"):
        assert name in markdown


@pytest.mark.parametrize("plan, ok", [
    ("For my next 5 complaints I will summarise the problem back first, by the end of March.", True),
    ("Within 4 weeks I will get my complaint CSAT to 85% by checking in with every customer I serve.", True),
    ("I will summarise every complaint back to the customer before I apologise, by 31 March 2026.", True),
    ("By 31 March 2026 I will summarise complaints back to the customer before I apologise to them.", False),
    ("I will summarise complaints back to the customer before I apologise and check with my manager.", False),
    ("My next 5 complaints, within 4 weeks.", False),
])
def test_a_smart_action_plan_needs_a_figure_a_time_and_specifics(plan: str, ok: bool) -> None:
    assert (reflection.smart_action_problems(plan) == []) is ok


def test_the_worked_example_meets_everything_the_check_asks_for(monkeypatch) -> None:
    """The example models a good reflection: it is refused only because it is the example."""
    example = dict(reflection.WORKED_EXAMPLE)
    assert reflection.review_reflection(None, example) != []
    monkeypatch.setattr(reflection, "WORKED_EXAMPLE", dict.fromkeys(reflection.STAGES, ""))
    assert reflection.review_reflection(None, example) == []
