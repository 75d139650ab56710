"""Written-work checks of the 5.4 exercises (teamwork): a constructive performance review, and customer feedback
turned into a measurable change to how the team works."""

from __future__ import annotations

import re
from typing import Any

from course.exercises.answers import AnswerProblem
from course.exercises.registry import Problem
from course.exercises.structured import DEADLINE, METRIC_WORDS, NUMBER, review_smart
from course.store import StoreData

REVIEW_KEYS = ("colleague", "achievement", "achievement_evidence", "development_area", "development_evidence",
               "smart_goal", "support")
_PUNITIVE = re.compile(r"\b(?:(?:formal|written|verbal|final) warning|disciplinary|discipline|punish\w*|sack\w*|"
                       r"dismiss\w*|name and shame|league table|lazy|useless|pathetic|or else|last chance|"
                       r"weakest|worst performer|not good enough|your fault)\b", re.IGNORECASE)
_SUPPORT = re.compile(r"coach|train|shadow|observ|buddy|pair|practi[cs]e|role.?play|mentor|support|show|"
                      r"demonstrat|one.to.one|1.to.1|help", re.IGNORECASE)
_SOURCE_WORDS = ("evidence", "data", "kpi", "survey", "mystery", "complaint", "rota", "transactions",
                 "interactions", "observ", "comment", "review")


def _fields(answer: Any, keys: tuple[str, ...], example: str) -> dict[str, str]:
    if not isinstance(answer, dict):
        raise AnswerProblem(f"your answer is a {type(answer).__name__}; give a dict with the keys "
                            f"{', '.join(repr(k) for k in keys)}, e.g. {example}")
    return {str(k).strip().casefold().replace(" ", "_"): "" if v is None else str(v).strip() for k, v in answer.items()}


def _has_evidence(text: str) -> bool:
    return bool(NUMBER.search(text)) or any(w in text.casefold() for w in _SOURCE_WORDS)


def review_performance(data: StoreData, answer: Any) -> list[Problem]:
    """Return what a constructive performance review lacks (004:MP3, 004:CM3)."""
    given = _fields(answer, REVIEW_KEYS, "{'colleague': 'S05', 'achievement': '...', ...}")
    problems = [Problem(f"'{found.group(0)}' in '{key}' reads as a threat or a judgement of the person. Keep it "
                        "about the work, the evidence and the support.", "review-punitive")
                for key in REVIEW_KEYS if (found := _PUNITIVE.search(given.get(key, "")))]
    known = {s.casefold() for s in data.staff["staff_id"].astype(str)} | {
        str(n).casefold() for n in data.staff["name"]}
    if given.get("colleague", "").casefold() not in known:
        problems.append(Problem("Say whose review this is: a staff_id from data.staff, e.g. 'S05'."))
    for key, mid, what in (("achievement", "review-no-achievement", "an achievement to recognise"),
                           ("development_area", "review-no-development", "one area to develop")):
        if len(given.get(key, "").split()) < 4:
            problems.append(Problem(f"Write {what} ('{key}') in a sentence.", mid))
        if not _has_evidence(given.get(f"{key.split('_')[0]}_evidence", "")):
            problems.append(Problem(f"Back '{key}' with evidence ('{key.split('_')[0]}_evidence'): a figure "
                                    "from the data, or an observation.", "review-no-evidence"))
    problems += [Problem(f"SMART goal: {p.message}", p.misconception)
                 for p in review_smart(data, given.get("smart_goal", ""))]
    if len(given.get("support", "").split()) < 4 or not _SUPPORT.search(given.get("support", "")):
        problems.append(Problem("Say what support you will give ('support'): coaching, training, "
                                "shadowing or time to practise.", "review-no-support"))
    return problems


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
    given = _fields(answer, FEEDBACK_KEYS, "{'source': 'unsolicited', 'feedback': '...', ...}")
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
