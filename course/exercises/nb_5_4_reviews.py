"""Written-work check of the 5.4 exercise `team-performance-review`: a constructive one-to-one review, with an
achievement and a development area backed by evidence, a SMART goal and the support the manager will give."""

from __future__ import annotations

import re
from typing import Any

from course.exercises.registry import Problem
from course.exercises.structured import NUMBER, as_fields, review_smart
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


def _has_evidence(text: str) -> bool:
    return bool(NUMBER.search(text)) or any(w in text.casefold() for w in _SOURCE_WORDS)


def review_performance(data: StoreData, answer: Any) -> list[Problem]:
    """Return what a constructive performance review lacks (004:MP3, 004:CM3)."""
    given = as_fields(answer, REVIEW_KEYS, "{'colleague': 'S05', 'achievement': '...', ...}")
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
