"""Exercises of 3.3 (complaints and service recovery): a HEAT response to a complaint in the learner's log
(checked here), the CSAT of the complaints that were recovered well, and a reflection with Gibbs' cycle on the
complaint-heat scenario (checked in reflection.py)."""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from course import kpi
from course.exercises.answers import AnswerProblem
from course.exercises.misconceptions import MISCONCEPTIONS
from course.exercises.reflection import MISCONCEPTIONS as REFLECTION_MISCONCEPTIONS
from course.exercises.reflection import review_reflection
from course.exercises.registry import Exercise, Misconception, Problem, register
from course.store import StoreData

NOTEBOOK = "3-reviewing/3.3-complaints-and-service-recovery.ipynb"
RECOVERY_HOURS = 48
HEAT_STEPS = ("hear", "empathise", "apologise", "take_action")
_TIMEFRAME = re.compile(r"\d|today|tomorrow|by |within|hour|day|week", re.IGNORECASE)


def review_heat(_data: Any, answer: Any) -> list[Problem]:
    """Return what a HEAT response lacks: each step written out, and a specific, timed action."""
    if not isinstance(answer, dict):
        raise AnswerProblem(f"your answer is a {type(answer).__name__}; give a dict with the keys "
                            "'hear', 'empathise', 'apologise' and 'take_action'")
    given = {str(k).strip().casefold().replace(" ", "_"): str(v) for k, v in answer.items()}
    problems = [Problem(f"Write what you would say or do for '{step}'.", "heat-step-missing")
                for step in HEAT_STEPS if len(given.get(step, "").split()) < 4]
    action = given.get("take_action", "")
    if action and not _TIMEFRAME.search(action):
        problems.append(Problem("Make 'take action' specific: what you will do and by when.", "heat-vague-action"))
    if "sorry" not in given.get("apologise", "").casefold() and "apolog" not in given.get("apologise", "").casefold():
        problems.append(Problem("The apology should say sorry plainly.", "heat-step-missing"))
    return problems


def recovered_well(data: StoreData) -> pd.DataFrame:
    """Return complaints resolved within 48 hours with a real remedy, that the customer rated afterwards."""
    c = data.complaints
    hours = (c["resolved"] - c["received"]).dt.total_seconds() / 3600
    mask = (hours <= RECOVERY_HOURS) & (c["outcome"] != "no further action") & c["satisfaction_after"].notna()
    return c[mask]


register(
    NOTEBOOK,
    Exercise(
        id="rev-heat-response", title="A HEAT response to a complaint in your log", kind="structured",
        marking_point="002:MP7", review=review_heat, covers=("002:KC2", "004:KC2", "002:ET6"),
        hints=(
            "If you were this customer, what would you want to hear at each step, and what would you want to happen "
            "next?",
            "The assessor looks for four entries, hear, empathise, apologise and take_action, each at least a full "
            "sentence. The apology says sorry plainly, and the action says exactly what you will do and by when.",
            "First, write what you would say to show you have heard the whole complaint. Next, write a sentence that "
            "shows you understand how the customer feels, then a plain apology with the word sorry in it. Then write "
            "the action: exactly what you will do, and a time such as today or within 24 hours."),
        misconceptions=(Misconception("heat-step-missing", "A HEAT step left out",
                                      "Hear, Empathise, Apologise, Take action: write each one."),
                        Misconception("heat-vague-action", "A vague 'take action'",
                                      "Say exactly what you will do and by when."))),
    Exercise(
        id="rev-recovered-csat", title="CSAT (% scoring 4–5) of complaints recovered well", kind="number",
        marking_point="002:MP7", expected=lambda d: kpi.csat(recovered_well(d)["satisfaction_after"]), unit="%",
        tolerance=0.06, covers=("003:KC3", "002:KC2"),
        hint=f"Resolved within {RECOVERY_HOURS} hours, not 'no further action', with a reply: % scoring 4 or 5.",
        hints=(
            "Which complaints were really put right: quickly, with a real remedy, and with a customer who told us how "
            "they felt?",
            "Keep the complaints resolved within 48 hours, whose outcome is not no further action, and that have a "
            "satisfaction_after score. Their CSAT is the share of those scores that are 4 or 5, times 100, not the "
            "average.",
            "First, work out the hours from received to resolved in the complaints table. Next, keep the rows with 48 "
            "hours or less, an outcome other than no further action, and a satisfaction_after score. Then count the "
            "scores of 4 or 5, divide by the number of rows kept and multiply by 100."),
        misconceptions=(MISCONCEPTIONS["csat-as-mean"].producing(
                            lambda d: float(recovered_well(d)["satisfaction_after"].mean())),
                        Misconception("recovery-all-complaints", "All complaints, not only the well-recovered ones",
                                      "Keep only the complaints resolved within 48 hours with a real remedy (not "
                                      "'no further action') before counting the satisfied.",
                                      lambda d: kpi.csat(d.complaints["satisfaction_after"].dropna())))),
    Exercise(
        id="rev-reflection-heat", title="A reflection with Gibbs' cycle on your complaint-heat conversation",
        kind="structured", marking_point="002:MP8", review=review_reflection, covers=("002:ET8", "002:MP7", "004:KC2"),
        hints=(
            "Think of the moment in the conversation you would most like to replay: what happened, and why did it "
            "go that way?",
            "The assessor looks for all six stages of Gibbs' cycle in your own words: description, feelings, "
            "evaluation, analysis, conclusion and action plan. The evaluation names something that went well and "
            "something that did not, the analysis names an idea from the course, and the action plan has a figure "
            "and a date.",
            "First, describe what the customer said and which replies you chose, then how you felt. Next, say one "
            "thing that went well and one that did not, and explain why with a course idea such as HEAT or taking "
            "ownership. Then say what you learned, and plan one change with a number to reach and a date."),
        misconceptions=REFLECTION_MISCONCEPTIONS),
)
