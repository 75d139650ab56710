"""Teamwork exercises (5.2): per-staff KPIs from the rota, constructive reviews and feedback-driven change.

Per-staff figures use who rang up each sale (transactions.staff_id) and who handled each contact
(interactions.handled_by). The two scenario exercises (a Tuckman stage, a communication style) are
built from the learner's own team, so different stores get different scenarios.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable
from typing import Any

import pandas as pd

from course import kpi
from course.exercises.answers import AnswerProblem
from course.exercises.registry import Exercise, Problem, register
from course.exercises.registry import Misconception as M
from course.exercises.structured import _DEADLINE, _NUMBER, METRIC_WORDS, review_smart
from course.store import StoreData

STAGES = ("forming", "storming", "norming", "performing", "adjourning")
STYLES = ("assertive", "passive", "aggressive")


# --- Per-staff KPIs --------------------------------------------------------------------------------

def staff_splh(data: StoreData, *, include_absent: bool = False) -> pd.Series:
    """Return each colleague's sales per labour hour (£): sales they rang up ÷ hours they worked."""
    shifts = data.rota if include_absent else data.rota[~data.rota["absent"]]
    hours = shifts.groupby("staff_id")["hours"].sum()
    hours = hours[hours > 0]
    sales = data.transactions.groupby("staff_id")["net_value"].sum().reindex(hours.index, fill_value=0.0)
    return (sales / hours).rename("sales per labour hour")


def _top(values: pd.Series) -> str:
    if values.empty:
        raise ValueError("no colleague has any hours worked in the rota, so nobody can be ranked")
    return str(values.idxmax())


def review_colleague(data: StoreData) -> str:
    """Return the staff_id of the colleague who handled the most contacts (lowest id on a tie)."""
    handled = data.interactions.groupby("handled_by").size()
    if handled.empty:
        raise ValueError("interactions.csv has no contacts, so no colleague's FCR can be worked out")
    return str(handled.idxmax())


def _colleague_contacts(data: StoreData) -> pd.DataFrame:
    return data.interactions[data.interactions["handled_by"] == review_colleague(data)]


def absence_rate(data: StoreData) -> float:
    """Return hours lost to absence ÷ hours rostered × 100."""
    rota = data.rota
    return float(rota.loc[rota["absent"], "hours"].sum() / rota["hours"].sum() * 100)


# --- Scenarios built from the learner's team -------------------------------------------------------

def _names(data: StoreData) -> list[str]:
    names = [str(n).split()[0] for n in data.staff["name"]]
    return (names + ["Sam", "Alex", "Jo"])[:max(3, len(names))]


def _pick(data: StoreData, salt: str, n: int) -> int:
    return zlib.crc32((salt + "|" + "|".join(map(str, data.staff["name"]))).encode()) % n


_TUCKMAN = {
    "forming": "Diary, week 1 of the Christmas team. Five seasonal colleagues started on Monday alongside {a} and "
               "{b}. Everyone is polite and keen, and nobody has disagreed with anything. Most questions still "
               "come straight to me: where stock goes, who covers the tills, what 'good' looks like here.",
    "storming": "Diary, week 3. {a} and {b} had words in the stockroom about who always gets the Saturday till, "
                "and {c} asked me privately why some people get the better shifts. Handover notes are being "
                "skipped, and two people did the same job yesterday while the returns were left undone.",
    "norming": "Diary, week 5. At Monday's huddle the team agreed its own rules: breaks in turn outside the "
               "12 to 2 peak, whoever opens the second till tells the team leader, handover notes done before "
               "leaving. {a} is showing {b} the returns process. I still lead the huddles and check the rota.",
    "performing": "Diary, week 8. Saturday ran itself. {a} saw the queue building and opened a till before "
                  "anyone asked, {b} covered the floor and {c} cleared the returns. I spent the day with "
                  "customers instead of directing the team, the targets were beaten and nobody needed chasing.",
    "adjourning": "Diary, week 12. The January sale is over and the seasonal contracts end on Saturday. {a} and "
                  "{b} are handing their notes to the permanent team, and we are planning a thank-you breakfast "
                  "and a short 'what worked, what didn't' session before everyone goes.",
}


def tuckman_stage(data: StoreData) -> str:
    """Return the stage this store's diary scenario shows (the exercise's answer)."""
    return STAGES[_pick(data, "tuckman", len(STAGES))]


def tuckman_scenario(data: StoreData) -> str:
    """Return a diary-style scenario about the learner's team, showing one of Tuckman's stages."""
    a, b, c = _names(data)[-3:]
    return _TUCKMAN[tuckman_stage(data)].format(a=a, b=b, c=c)


_TOPICS = {  # complaint category: (what the customer says, the topic, an assertive action, a blaming reply)
    "queue or wait time": ("I've been queuing for twenty minutes and there's only one till open!", "the tills",
                           "I'm opening this till for you right now", "It's Saturday. What did you expect"),
    "staff attitude": ("Nobody on the floor would help me find anything.", "the floor team",
                       "I'll come with you now and find it myself", "We're busy. You can't expect us to drop everything"),
    "product quality": ("This fell apart after two weeks.", "faulty items",
                        "I'll sort a refund or a replacement for you now", "You must have misused it"),
    "refund or return": ("I've waited a week for my refund.", "refunds",
                         "I'll check the refund on the system now", "Refunds take as long as they take"),
    "pricing or promotion": ("The shelf says it's on offer but the till charged full price.", "prices",
                             "I'll check the shelf label now and refund the difference if our sign is wrong",
                             "The till is right. You've misread the sign"),
    "availability": ("It's out of stock again!", "stock",
                     "I'll check our other stores now and reserve one for you", "If you wanted one you should have come earlier"),
}


def communication_style(data: StoreData) -> str:
    """Return the style this store's quoted exchange shows (the exercise's answer)."""
    return STYLES[_pick(data, "style", 6) % 3]


def style_scenario(data: StoreData) -> str:
    """Return a short quoted exchange (with a customer or a colleague) showing one communication style."""
    style, with_customer = communication_style(data), _pick(data, "style", 6) < 3
    a, b, _ = _names(data)[-3:]
    if with_customer:
        counts = data.complaints["category"].value_counts()
        category = str(counts.index[0]) if len(counts) and counts.index[0] in _TOPICS else "queue or wait time"
        said, topic, action, blame = _TOPICS[category]
        reply = {"assertive": f"(steady eye contact, calm voice) \"I can see why you're annoyed, and I'm sorry. "
                              f"{action}. If that doesn't put it right, I'll take your number and call you by 5pm today.\"",
                 "passive": f"(looks at the floor, voice trailing off) \"Oh... sorry. I don't really know about "
                            f"{topic}, it's not really my area. Maybe try the website? Sorry.\"",
                 "aggressive": f"(arms folded, voice raised) \"{blame}. There's nothing wrong with how we do it here.\""}
        return f"A customer says: \"{said}\"\n{a} replies: {reply[style]}"
    text = {"assertive": f"{a}, the team leader, takes {b} aside before the shift (calm, face to face, away from "
                         f"customers): \"On Saturday the queue built up while the second till stayed shut. I need it "
                         f"opened as soon as three people are waiting. What would make that easier for you?\"",
            "passive": f"{b} has covered {a}'s till after break for the third time this week. {a}: \"Sorry, lost "
                       f"track of time!\" {b} (sighs, looks away): \"Oh, it's fine, honestly, don't worry about "
                       f"it...\" and says nothing to the team leader.",
            "aggressive": f"{a}, on the shop floor in front of customers (loud, pointing): \"{b}, you're late back "
                          f"from break AGAIN. Sort yourself out or I'm going straight to the manager.\""}
    return text[style]


def _if_answer(answer_of: Callable[[StoreData], str], true: str, wrong: str) -> Callable[[StoreData], str]:
    """A misconception's wrong label: `wrong` when the right answer is `true`, else the right answer (skipped)."""
    return lambda d: wrong if answer_of(d) == true else answer_of(d)


_STAGE_MISTAKES = (
    ("forming", ("norming", "performing"), "tuckman-politeness-as-norming", "Polite calm taken for agreed norms",
     ("New people being polite and asking the leader everything is forming. Norming comes later, after the "
     "team has worked through its disagreements and agreed its own ways of working.")),
    ("storming", ("forming", "norming", "performing"), "tuckman-conflict-missed", "Conflict over roles not seen as storming",
     ("Arguments about roles, shifts and fairness are the sign of storming: a normal stage, not a failure. "
     "The leader brings it into the open, clarifies roles and agrees fair rules.")),
    ("norming", ("performing",), "tuckman-norming-vs-performing", "Norming and performing mixed up",
     ("The team has agreed its own rules and helps each other, but the leader still leads and checks: that is "
     "norming. Performing is when the team runs itself with little direction.")),
    ("performing", ("norming",), "tuckman-norming-vs-performing", "Norming and performing mixed up",
     ("A team that acts on its own initiative and beats targets with little direction is performing. "
     "Norming is the earlier stage of agreeing the rules.")),
    ("adjourning", ("performing", "forming", "norming"), "tuckman-adjourning-missed", "The fifth stage forgotten",
     ("A team finishing its task and breaking up is adjourning, the stage added with Jensen in 1977: recognise "
     "what the team achieved and capture the lessons before it disbands.")),
)
_STYLE_MISTAKES = (
    ("passive", "assertive", "passive-as-polite", "Passive taken for polite",
     "Apologising and giving way without solving anything is passive, however polite it sounds."),
    ("aggressive", "assertive", "aggressive-as-firm", "Aggressive taken for firm",
     "Blame, a raised voice or a threat is aggressive. Assertive is clear about what is needed and respects the other person."),
    ("assertive", "aggressive", "assertive-as-aggressive", "Clear and firm taken for aggressive",
     "Saying plainly what will happen, calmly and with respect, is assertive. Aggressive puts the other person down."),
    ("assertive", "passive", "assertive-as-passive", "Calm taken for passive",
     "Calm is not passive: this reply deals with the problem and says what happens next. Passive avoids it."),
)


def _stage_misconceptions() -> tuple[M, ...]:
    found = [M(mid, name, fix, _if_answer(tuckman_stage, true, wrong))
             for true, wrongs, mid, name, fix in _STAGE_MISTAKES for wrong in wrongs]
    named = {(t, w) for t, ws, *_ in _STAGE_MISTAKES for w in ws}
    found += [M("tuckman-stage-confusion", "The wrong stage for the clues",
                "Look for the clue: new and polite (forming), conflict (storming), agreed rules (norming), "
                "running itself (performing), breaking up (adjourning).", _if_answer(tuckman_stage, t, w))
              for t in STAGES for w in STAGES if t != w and (t, w) not in named]
    return tuple(found)


def _style_misconceptions() -> tuple[M, ...]:
    found = [M(mid, name, fix, _if_answer(communication_style, true, wrong)) for true, wrong, mid, name, fix in _STYLE_MISTAKES]
    return tuple(found) + (
        M("style-confusion", "Passive and aggressive mixed up", "Passive gives way and avoids the problem; "
          "aggressive blames or threatens.", _if_answer(communication_style, "passive", "aggressive")),
        M("style-confusion", "Passive and aggressive mixed up", "Passive gives way and avoids the problem; "
          "aggressive blames or threatens.", _if_answer(communication_style, "aggressive", "passive")))


# --- Structured answers: a constructive review, and feedback that drives change ---------------------

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
    return bool(_NUMBER.search(text)) or any(w in text.casefold() for w in _SOURCE_WORDS)


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
    problems += [Problem(f"SMART goal: {p.message}", p.misconception) for p in review_smart(data, given.get("smart_goal", ""))]
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
    if len(feedback.split()) < 4 or not _NUMBER.search(feedback):
        problems.append(Problem("Say what the feedback said and how often ('feedback'), e.g. '12 reviews mention ...'.",
                                "feedback-not-measurable"))
    change = given.get("change", "")
    if len(change.split()) < 6 or (_VAGUE.search(change) and not _CONCRETE.search(change)):
        problems.append(Problem("Make 'change' a specific change to how the team works (who does what "
                                "differently), not replying, noting or monitoring.", "feedback-end-in-itself"))
    if not any(w in given.get("measure", "").casefold() for w in METRIC_WORDS + ("comment", "review", "mention", "%")):
        problems.append(Problem("Name the 'measure' that will show whether it worked, e.g. the % of comments "
                                "about it, or a complaint rate.", "feedback-not-measurable"))
    baseline, target = _number_in(given.get("baseline", "")), _number_in(given.get("target", ""))
    if baseline is None or target is None:
        problems.append(Problem("Give the 'baseline' (where the measure is now, from your data) and the "
                                "'target' as numbers.", "feedback-not-measurable"))
    elif baseline == target:
        problems.append(Problem("The 'target' should differ from the 'baseline': say how much better.",
                                "feedback-not-measurable"))
    if not _DEADLINE.search(given.get("by_when", "")):
        problems.append(Problem("Say by when ('by_when'), e.g. 'within 12 weeks' or '2026-03-31'.", "smart-no-deadline"))
    return problems


# --- Registration ---------------------------------------------------------------------------------

def _register_all() -> None:
    sales = lambda d: d.transactions.groupby("staff_id")["net_value"].sum()
    for exercise in (
        Exercise("team-top-splh", "promotion-teamwork", "The colleague with the highest sales per labour hour "
                 "(staff_id)", "label", "004:MP3", expected=lambda d: _top(staff_splh(d)), covers=("004:KC4", "004:CM3"),
                 hint="For each staff_id: sales they rang up ÷ hours they worked (absent shifts left out); take the highest.",
                 misconceptions=(
                     M("splh-ranked-by-total-sales", "Ranking by total sales, ignoring hours",
                       "Someone on more hours rings up more sales: divide each person's sales by their hours.",
                       lambda d: _top(sales(d))),
                     M("splh-ranked-by-transactions", "Ranking by the number of sales",
                       "Count pounds per hour worked, not sales rung up.",
                       lambda d: _top(d.transactions.groupby("staff_id").size())),
                     M("splh-rostered-hours", "Counting absent shifts as hours worked",
                       "Leave out shifts marked absent: nobody worked them.",
                       lambda d: _top(staff_splh(d, include_absent=True))),
                     M("splh-lowest", "The lowest instead of the highest",
                       "Sort from highest to lowest, or use .idxmax().", lambda d: str(staff_splh(d).idxmin())))),
        Exercise("team-staff-fcr", "promotion-teamwork", "First contact resolution of the colleague who handled "
                 "the most contacts", "number", "004:MP3", unit="%", tolerance=0.06, covers=("004:KC4",),
                 expected=lambda d: kpi.fcr(_colleague_contacts(d)["resolved_first_contact"]),
                 hint="Keep the contacts whose handled_by is that colleague, then resolved at first contact ÷ all × 100.",
                 misconceptions=(
                     M("fcr-store-not-person", "The whole store's FCR", "Filter to the contacts this colleague handled first.",
                       lambda d: kpi.fcr(d.interactions["resolved_first_contact"])),
                     M("fcr-unresolved", "The share NOT resolved", "FCR is the share resolved at the first contact.",
                       lambda d: 100 - kpi.fcr(_colleague_contacts(d)["resolved_first_contact"])),
                     M("fcr-first-contacts-only", "Leaving out the repeat contacts they handled",
                       "The course's FCR divides by every contact handled, repeats included; say so if you also show the other view.",
                       lambda d: kpi.fcr(_colleague_contacts(d).loc[lambda t: t["repeat_of"].isna(), "resolved_first_contact"])),
                     M("fcr-count-not-rate", "A count of resolved contacts, not a rate",
                       "Divide by all the contacts they handled and multiply by 100.",
                       lambda d: int(_colleague_contacts(d)["resolved_first_contact"].sum())))),
        Exercise("team-absence-rate", "promotion-teamwork", "The store's absence rate (% of rostered hours)", "number",
                 "004:MP3", expected=absence_rate, unit="%", tolerance=0.06, covers=("002:KC5",),
                 hint="Hours of shifts marked absent ÷ all rostered hours × 100.",
                 misconceptions=(
                     M("absence-over-worked", "Dividing by hours worked instead of hours rostered",
                       "The base is every hour that was planned: rostered hours, absent ones included.",
                       lambda d: d.rota.loc[d.rota["absent"], "hours"].sum() / d.rota.loc[~d.rota["absent"], "hours"].sum() * 100),
                     M("absence-attendance", "The attendance rate (hours worked)",
                       "That is the share worked; absence is the share lost.", lambda d: 100 - absence_rate(d)),
                     M("absence-by-shifts", "Counting shifts instead of hours",
                       "Shifts differ in length (Sunday shifts are shorter): weight by hours.",
                       lambda d: d.rota["absent"].mean() * 100),
                     M("absence-count-not-rate", "A count of absent shifts, not a rate",
                       "Divide by the rostered total and multiply by 100.", lambda d: int(d.rota["absent"].sum())))),
        Exercise("team-tuckman-stage", "promotion-teamwork", "The Tuckman stage in the diary scenario", "label",
                 "004:MP3", expected=tuckman_stage, covers=("004:ET3", "002:KC5"),
                 hint="Give one stage name: forming, storming, norming, performing or adjourning.",
                 misconceptions=_stage_misconceptions()),
        Exercise("team-communication-style", "promotion-teamwork", "The communication style in the exchange", "label",
                 "002:MP3", expected=communication_style, covers=("004:KC3", "002:ET3"),
                 hint="Give one word: assertive, passive or aggressive.", misconceptions=_style_misconceptions()),
        Exercise("team-performance-review", "promotion-teamwork", "A constructive performance review", "structured",
                 "004:MP3", review=review_performance, covers=("004:CM3", "000:KC4", "002:KC5", "004:ET3"),
                 misconceptions=(
                     M("review-punitive", "Monitoring used to punish, not to develop",
                       "Keep to the work, the evidence and the support; threats and labels shut people down."),
                     M("review-no-achievement", "Only the gaps, no achievement recognised",
                       "Start with what went well, with evidence."),
                     M("review-no-development", "Only praise, no area to develop", "Name one gap and how to close it."),
                     M("review-no-evidence", "Judgements without evidence", "Quote a figure or an observation."),
                     M("review-no-support", "A target with no support", "Say what coaching or training you will give."),
                     M("smart-vague", "A vague goal", "Give a measure, a number and a deadline."),
                     M("smart-no-deadline", "A goal with no deadline", "Say by when."))),
        Exercise("team-feedback-change", "promotion-teamwork", "Feedback that drives a measurable process change",
                 "structured", "004:MP1", review=review_feedback_change, covers=("004:CM1", "004:KC4", "002:MP2"),
                 misconceptions=(
                     M("feedback-end-in-itself", "Feedback treated as an end in itself",
                       "Change how the team works, then measure the effect."),
                     M("solicited-unsolicited-confusion", "Solicited and unsolicited mixed up",
                       "Surveys are solicited; reviews, social posts and complaints are unsolicited."),
                     M("feedback-not-measurable", "A change that cannot be measured",
                       "Name the measure, its baseline and a target."),
                     M("smart-no-deadline", "No deadline", "Say by when."))),
    ):
        register(exercise)


_register_all()
