"""Exercises of 5.3 (teamwork): Tuckman's stages and communication styles in scenarios built from the
learner's own team (nb_5_3_scenarios.py), and customer feedback turned into a measurable change to how the
team works, with its written-work check.
"""

from __future__ import annotations

import re
from typing import Any

from course.exercises.misconceptions import MISCONCEPTIONS
from course.exercises.nb_5_3_scenarios import (
    communication_style,
    stage_misconceptions,
    style_misconceptions,
    tuckman_stage,
)
from course.exercises.registry import Exercise, Problem, register
from course.exercises.registry import Misconception as M
from course.exercises.structured import DEADLINE, METRIC_WORDS, NUMBER, as_fields
from course.store import StoreData

NOTEBOOK = "5-promotion-teamwork/5.3-teamwork.ipynb"


# --- Feedback that drives a measurable change (written work) ------------------------------------

FEEDBACK_KEYS = ("source", "feedback", "change", "measure", "baseline", "target", "by_when")
_VAGUE = re.compile(r"look into|keep an eye|monitor|reply|respond|thank|file |note the|think about|consider|"
                    r"try to|try harder|another survey|more survey|discuss|remind", re.IGNORECASE)
_CONCRETE = re.compile(r"introduc|add|open|move|train|roster|start|change|install|set up|launch|create|assign|"
                       r"schedule|rewrite|replace|check|give|put|zone|brief|authoris|cross-train", re.IGNORECASE)
_UNSOLICITED_WORDS = ("review", "social", "post", "complain", "tweet", "comment card")
_SOLICITED_WORDS = ("survey", "questionnaire", "receipt")


def _number_in(value: str) -> float | None:
    match = re.search(r"-?\d[\d,]*\.?\d*", value)
    return float(match.group(0).replace(",", "")) if match else None


def review_feedback_change(_data: StoreData, answer: Any) -> list[Problem]:
    """Return what a feedback → process change plan lacks (004:MP1, 004:CM1)."""
    given = as_fields(answer, FEEDBACK_KEYS, "{'source': 'unsolicited', 'feedback': '...', ...}")
    problems: list[Problem] = []
    source, feedback = given.get("source", "").casefold(), given.get("feedback", "").casefold()
    if source not in ("solicited", "unsolicited"):
        problems.append(Problem("Give 'source' as 'solicited' (asked for, e.g. a survey) or 'unsolicited' "
                                "(reviews, social posts, complaints).", "solicited-unsolicited-confusion"))
    elif (source == "solicited" and any(w in feedback for w in _UNSOLICITED_WORDS)
          and not any(w in feedback for w in _SOLICITED_WORDS)) or (
            source == "unsolicited" and any(w in feedback for w in _SOLICITED_WORDS)
            and not any(w in feedback for w in _UNSOLICITED_WORDS)):
        problems.append(Problem("Check 'source': surveys are solicited; reviews, social posts and complaints "
                                "are unsolicited.", "solicited-unsolicited-confusion"))
    if len(feedback.split()) < 4 or not NUMBER.search(feedback):
        problems.append(Problem("Say what the feedback said and how often ('feedback'), e.g. '12 reviews mention ...'.",
                                "feedback-not-measurable"))
    change = given.get("change", "")
    if len(change.split()) < 6 or (_VAGUE.search(change) and not _CONCRETE.search(change)):
        problems.append(Problem("Make 'change' a specific change to how the team works (who does what "
                                "differently), not replying, noting or monitoring.", "feedback-end-in-itself"))
    if not any(w in given.get("measure", "").casefold() for w in (*METRIC_WORDS, "comment", "review", "mention", "%")):
        problems.append(Problem("Name the 'measure' that will show whether it worked, e.g. the % of comments "
                                "about it, or a complaint rate.", "feedback-not-measurable"))
    baseline, target = _number_in(given.get("baseline", "")), _number_in(given.get("target", ""))
    if baseline is None or target is None:
        problems.append(Problem("Give the 'baseline' (where the measure is now, from your data) and the "
                                "'target' as numbers.", "feedback-not-measurable"))
    elif baseline == target:
        problems.append(Problem("The 'target' should differ from the 'baseline': say how much better.",
                                "feedback-not-measurable"))
    if not DEADLINE.search(given.get("by_when", "")):
        problems.append(Problem("Say by when ('by_when'), e.g. 'within 12 weeks' or '2026-03-31'.",
                                "smart-no-deadline"))
    return problems


# --- Registration ---------------------------------------------------------------------------------

register(
    NOTEBOOK,
    Exercise(id="team-tuckman-stage", kind="label", marking_point="004:MP3",
             title="The Tuckman stage in the diary scenario",
             expected=tuckman_stage, covers=("004:ET3", "002:KC5"),
             hint="Give one stage name: forming, storming, norming, performing or adjourning.",
             hints=(
                 "How do the people in the entry behave with each other, and how much does the leader have to direct "
                 "them?",
                 "Give one stage: forming, storming, norming, performing or adjourning. Match the signs in the diary "
                 "entry to what marks each stage.",
                 "First, know the signs: polite and unsure of their roles is forming; clashes and challenges is "
                 "storming; agreed ways of working is norming; getting on with the job with little direction is "
                 "performing; a team breaking up is adjourning. Next, see which signs the entry shows most clearly. "
                 "Then give that stage's name as text."),
             misconceptions=stage_misconceptions()),
    Exercise(id="team-communication-style", kind="label", marking_point="002:MP3",
             hints=(
                 "Leave the words aside for a moment: what do the tone and body language say about how the speaker "
                 "sees the other person?",
                 "Give one word: assertive, passive or aggressive. Use both the words and the non-verbal signs in "
                 "brackets.",
                 "First, read the words: are they clear and respectful, giving way, or blaming and demanding? Next, "
                 "read the signs in brackets: calm tone and steady eye contact, looking away and a quiet voice, or a "
                 "raised voice and pointing. Then choose assertive for clear and respectful, passive for giving way "
                 "and aggressive for blaming."),
             title="The communication style in the exchange",
             expected=communication_style, covers=("004:KC3", "002:ET3"),
             hint="Give one word: assertive, passive or aggressive.", misconceptions=style_misconceptions()),
    Exercise(id="team-feedback-change", kind="structured", marking_point="004:MP1",
             title="Feedback that drives a measurable process change",
             review=review_feedback_change, covers=("004:CM1", "004:KC4", "002:MP2"),
             hints=(
                 "What will the team do differently on the shop floor, and how will you know it worked?",
                 "The assessor looks for the source as solicited or unsolicited; what customers said and how many; a "
                 "specific change to how the team works, not just replying or monitoring; a measure; a baseline and a"
                 " different target, as numbers; and a deadline.",
                 "First, pick a different problem from the comment themes or a complaint category, and say whether it"
                 " came from surveys (solicited) or from reviews, social posts and complaints (unsolicited). Next, "
                 "write what customers said with a count, and the change: who does what differently. Then name the "
                 "measure, its value now from your data, the number to reach and by when."),
             misconceptions=(
                 M("feedback-end-in-itself", "Feedback treated as an end in itself",
                   "Change how the team works, then measure the effect."),
                 M("solicited-unsolicited-confusion", "Solicited and unsolicited mixed up",
                   "Surveys are solicited; reviews, social posts and complaints are unsolicited."),
                 M("feedback-not-measurable", "A change that cannot be measured",
                   "Name the measure, its baseline and a target."),
                 MISCONCEPTIONS["smart-no-deadline"])),
)
