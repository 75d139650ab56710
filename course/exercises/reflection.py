"""The written-work check of a reflection with Gibbs' reflective cycle, which 3.3 (the complaint-heat scenario)
and 4.4 (the data task) both ask for: six stages in the learner's own words, an evaluation with both sides, an
analysis tied to a course concept and a SMART action plan; placeholder and template text is refused.

3.3 teaches the cycle with the worked example below (WORKED_EXAMPLE, the same sentences as the notebook's
table): copying it, or the skeleton's prompts (PROMPTS, the same words as its comments), is refused too.
It checks what an assessor looks for first, not style.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from course.exercises.registry import Misconception, Problem
from course.exercises.structured import DEADLINE, as_fields

STAGES = ("description", "feelings", "evaluation", "analysis", "conclusion", "action_plan")
STAGE_NAMES = {"description": "description", "feelings": "feelings", "evaluation": "evaluation",
               "analysis": "analysis", "conclusion": "conclusion", "action_plan": "action plan"}
MIN_WORDS = 8  # a stage shorter than this is not yet in the learner's own words
# The questions each stage answers, as the skeletons' comments put them.
PROMPTS = {
    "description": "what happened? the facts: who, what, when",
    "feelings": "what were you thinking and feeling at the time?",
    "evaluation": "what went well, and what did not? name one of each",
    "analysis": "why did it go that way? link it to an idea from the course",
    "conclusion": "what have you learned, and what else could you have done?",
    "action_plan": "what will you do next time? specific, with a figure to reach and a date",
}
# 3.3's worked example (a colleague's click-and-collect complaint), word for word as in the notebook.
WORKED_EXAMPLE = {
    "description": "On Saturday a customer came to collect an order that was not on the shelf. I checked the "
                   "system, found it had been sent to another store and offered to have it brought over.",
    "feelings": "I felt embarrassed and rushed, because the queue was growing and the customer was raising "
                "her voice.",
    "evaluation": "It went well that I listened without interrupting and apologised plainly. It did not go "
                  "well that I promised a time I could not check, and she rang back twice to chase it.",
    "analysis": "I heard and empathised, but my take action step was vague. A collection is a moment of truth, "
                "so an unclear promise cost more trust than the missing order itself.",
    "conclusion": "A specific promise I can keep matters more than a fast one. I could have phoned the other "
                  "store first and then given her a real time.",
    "action_plan": "For my next 10 collection problems, I will confirm the time with the other store before I "
                   "promise it, and log each call-back, by the end of next month.",
}
# Ideas the course teaches, for an analysis to link to (a word or phrase each, matched whole).
CONCEPTS = (
    r"heat", r"take (?:action|ownership)", r"ownership",
    r"moments? of truth", r"touchpoints?", r"customer journey", r"journey map", r"pain points?",
    r"service recovery", r"recovery paradox", r"csat", r"nps", r"net promoter", r"fcr", r"first contact resolution",
    r"conversion(?: rate)?", r"atv", r"average transaction value", r"upt", r"complaint rate", r"smart", r"sla",
    r"service level", r"pdca", r"plan,? do,? check", r"triangulat\w*", r"baseline", r"moving average",
    r"season\w*", r"year-on-year", r"like-for-like", r"benchmark\w*", r"swot", r"pestle", r"unsolicited",
    r"solicited", r"sample size", r"small sample", r"margin of error", r"outcome data", r"output data",
    r"proactive", r"reactive", r"consumer rights act", r"right to reject", r"assertive\w*", r"passive",
    r"aggressive", r"active listening", r"open questions?", r"closed questions?", r"features? (?:and|as) benefits?",
    r"tuckman", r"grow model", r"kpis?", r"churn", r"retention", r"clv", r"lifetime value", r"footfall",
    r"mystery shop\w*", r"consultative", r"objection\w*", r"reasonable adjustments?", r"gdpr",
)
_CONCEPT = re.compile(r"\b(?:" + "|".join(CONCEPTS) + r")\b", re.IGNORECASE)
_PLACEHOLDER = re.compile(r"\b(?:lorem|ipsum|tbc|tbd|todo|n/a|xxx+|blah|write (?:here|your|two|one|a sentence)|"
                          r"your (?:words|answer|text) here|placeholder)\b|^\W*$|^\(", re.IGNORECASE)
_WENT_WELL = re.compile(r"went well|went right|worked|\bgood\b|\bwell\b|pleased|proud|success|helped|useful|"
                        r"strength|\bclear(?:ly)?\b|\bcalm(?:ly)?\b|managed to|\bright\b|positive|effective",
                        re.IGNORECASE)
_NEGATED_WELL = re.compile(r"(?:\bnot|n't)\s+(?:go\s+|going\s+|went\s+|very\s+|so\s+)*(?:well|good|right)",
                           re.IGNORECASE)
_NOT_WELL = re.compile(r"did not|didn'?t|not go well|went wrong|less well|badly|\bpoor|could have|should have|"
                       r"\bweak|missed|forgot|struggl|mistake|\bwrong|failed|\bslow|too (?:long|late|quick|fast)|"
                       r"\bhard\b|difficult|\blimit|\bnot\b|\bbut\b|however|\bvague", re.IGNORECASE)
_SOURCE = re.compile(r"complaints? log|complaints?|surveys?|mystery shop\w*|crm|contacts?|reviews?|comments?|"
                     r"footfall|transactions?|sales data|interactions|rota|benchmarks?", re.IGNORECASE)
# Numbers that only say when, not how much: dates, periods and years.
_WHEN = re.compile(r"\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}(?:/\d{2,4})?|\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|"
                   r"may|jun|jul|aug|sep|oct|nov|dec)\w*|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*\s+"
                   r"\d{1,2}\b|\b\d+\s*(?:days?|weeks?|months?|years?)\b|\b(?:19|20)\d{2}\b|\bq[1-4]\b",
                   re.IGNORECASE)
_FIGURE = re.compile(r"\d|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|half|"
                     r"double|every)\b", re.IGNORECASE)

MISCONCEPTIONS = (
    Misconception("reflection-template-text", "Placeholder or template text",
                  "Write every stage in your own words about what you did; not the prompt, the example or a note "
                  "to finish later."),
    Misconception("reflection-stage-missing", "A stage of the cycle left out",
                  "Write all six stages: description, feelings, evaluation, analysis, conclusion and action plan."),
    Misconception("reflection-description-only", "Description only, no evaluation",
                  "Retelling what happened is the first stage only: judge it, explain it and plan what you will "
                  "do next."),
    Misconception("reflection-one-sided", "An evaluation that is all good or all bad",
                  "Name something that went well and something that did not."),
    Misconception("reflection-no-concept", "Analysis without a concept",
                  "Explain why it went that way with an idea from the course, such as HEAT, a moment of truth or "
                  "triangulation."),
    Misconception("reflection-action-not-smart", "Action not SMART",
                  "Make the action plan specific, with a figure to reach and a date or time span."),
)
DATA_SOURCE_MISCONCEPTION = Misconception(
    "reflection-no-data-source", "A data reflection that names no source",
    "Say which source of data helped most and what limited it, e.g. the complaints log or the mystery shops.")


def review_reflection(_data: Any, answer: Any) -> list[Problem]:
    """Return what a reflection with Gibbs' cycle lacks (002:MP8): each stage, both sides, a concept, SMART."""
    given = _stages(answer)
    problems, unusable = _template_problems(given)
    filled = set(STAGES) - unusable
    if "description" in filled and not {"evaluation", "analysis", "conclusion"} & filled:
        problems.insert(0, Problem("You have described what happened; now judge it ('evaluation'), explain it "
                                   "('analysis') and say what you learned ('conclusion').",
                                   "reflection-description-only"))
    if "evaluation" in filled:
        text = given["evaluation"]
        if not (_WENT_WELL.search(_NEGATED_WELL.sub(" ", text)) and _NOT_WELL.search(text)):
            problems.append(Problem("In 'evaluation', name something that went well and something that did not, "
                                    "e.g. 'X went well, but Y did not'.", "reflection-one-sided"))
    if "analysis" in filled and not _CONCEPT.search(given["analysis"]):
        problems.append(Problem("In 'analysis', explain why with an idea from the course: for example HEAT, a "
                                "moment of truth, CSAT, first contact resolution or triangulation.",
                                "reflection-no-concept"))
    if "action_plan" in filled:
        problems += smart_action_problems(given["action_plan"])
    return problems


def review_data_reflection(data: Any, answer: Any) -> list[Problem]:
    """Return what a reflection on a data task lacks: as review_reflection, and a source of data named (003:ET1)."""
    problems = review_reflection(data, answer)
    given = _stages(answer)
    if not _SOURCE.search(" ".join(given.get(s, "") for s in ("evaluation", "analysis", "conclusion"))):
        problems.append(Problem("Name the sources of data you used in 'evaluation' or 'analysis': which helped "
                                "most, and what limited it (e.g. the complaints log, surveys, mystery shops).",
                                DATA_SOURCE_MISCONCEPTION.id))
    return problems


def smart_action_problems(text: str) -> list[Problem]:
    """Return what keeps an action plan from being SMART: something specific to do, a figure and a time."""
    problems = []
    if len(text.split()) < 12:
        problems.append(Problem("Make 'action plan' specific: what exactly you will do, and how you will know "
                                "(at least a full sentence).", "reflection-action-not-smart"))
    if not _FIGURE.search(_WHEN.sub(" ", text)):
        problems.append(Problem("Make 'action plan' measurable: a figure to reach, e.g. 'my next 5 complaints' "
                                "or 'a CSAT of 85%'.", "reflection-action-not-smart"))
    if not DEADLINE.search(text):
        problems.append(Problem("Make 'action plan' time-bound: say by when, e.g. 'by 31 March' or 'within 4 "
                                "weeks'.", "reflection-action-not-smart"))
    return problems


def _stages(answer: Any) -> dict[str, str]:
    given = as_fields(answer, STAGES, "{'description': '...', 'feelings': '...', ...}")
    return {key.replace("-", "_"): value for key, value in given.items()}


def _template_problems(given: dict[str, str]) -> tuple[list[Problem], set[str]]:
    """Return a problem for each stage that is missing, a placeholder, a copy, a repeat or too short, and
    the stages that cannot be read further."""
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for stage in STAGES:
        text, name = given.get(stage, ""), STAGE_NAMES[stage]
        words = _norm(text)
        problem = None
        if not text:
            problem = Problem(f"'{stage}' is missing: write the {name} stage in your own words.",
                              "reflection-stage-missing")
        elif _PLACEHOLDER.search(text):
            problem = Problem(f"'{stage}' is still a placeholder: replace it with your {name}, in your own words.",
                              "reflection-template-text")
        elif _like(words, _norm(PROMPTS[stage])) or _like(words, _norm(WORKED_EXAMPLE[stage])):
            problem = Problem(f"'{stage}' copies the prompt or the worked example: write your own {name}.",
                              "reflection-template-text")
        elif (first := next((s for s, other in seen.items() if _like(words, other)), None)) is not None:
            problem = Problem(f"'{stage}' repeats '{first}': each stage answers its own question.",
                              "reflection-template-text")
        elif len(words.split()) < MIN_WORDS:
            problem = Problem(f"'{stage}' is too short: write at least {MIN_WORDS} words of your {name}.",
                              "reflection-template-text")
        if problem is not None:
            problems.append(problem)
        if text:
            seen[stage] = words
    unusable = {s for s in STAGES if any(p.message.startswith(f"'{s}' ") for p in problems)}
    return problems, unusable


def _norm(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9']+", text.casefold()))


def _like(a: str, b: str) -> bool:
    """True when two texts are the same or nearly (a copy with a word or two changed)."""
    return bool(a) and bool(b) and (a == b or difflib.SequenceMatcher(None, a, b).ratio() >= 0.8)
