"""Scenarios for the 5.3 exercises built from the learner's own team: a Tuckman diary entry and a quoted
exchange that shows a communication style, with the misconceptions that mistaking them reveals.

Placeholders in the texts ({a}, {b}, {c} for colleagues' first names; {topic}, {action}, {blame} from
a complaint topic) are filled in with str.format. Different stores get different scenarios.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable

from course.exercises.registry import Misconception as M
from course.store import StoreData

STAGES = ("forming", "storming", "norming", "performing", "adjourning")
STYLES = ("assertive", "passive", "aggressive")

# Tuckman stage: a diary entry that shows it.
TUCKMAN_DIARY: dict[str, str] = {
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


# Complaint category: (what the customer says, the topic, an assertive action, a blaming reply).
COMPLAINT_TOPICS: dict[str, tuple[str, str, str, str]] = {
    "queue or wait time": ("I've been queuing for twenty minutes and there's only one till open!", "the tills",
                           "I'm opening this till for you right now", "It's Saturday. What did you expect"),
    "staff attitude": ("Nobody on the floor would help me find anything.", "the floor team",
                       "I'll come with you now and find it myself",
                       "We're busy. You can't expect us to drop everything"),
    "product quality": ("This fell apart after two weeks.", "faulty items",
                        "I'll sort a refund or a replacement for you now", "You must have misused it"),
    "refund or return": ("I've waited a week for my refund.", "refunds",
                         "I'll check the refund on the system now", "Refunds take as long as they take"),
    "pricing or promotion": ("The shelf says it's on offer but the till charged full price.", "prices",
                             "I'll check the shelf label now and refund the difference if our sign is wrong",
                             "The till is right. You've misread the sign"),
    "availability": ("It's out of stock again!", "stock",
                     "I'll check our other stores now and reserve one for you",
                     "If you wanted one you should have come earlier"),
}


# Communication style: how a colleague replies to the customer ({topic}, {action}, {blame} from the topic).
CUSTOMER_REPLIES: dict[str, str] = {
    "assertive": "(steady eye contact, calm voice) \"I can see why you're annoyed, and I'm sorry. "
                 "{action}. If that doesn't put it right, I'll take your number and call you by 5pm today.\"",
    "passive": "(looks at the floor, voice trailing off) \"Oh... sorry. I don't really know about "
               "{topic}, it's not really my area. Maybe try the website? Sorry.\"",
    "aggressive": "(arms folded, voice raised) \"{blame}. There's nothing wrong with how we do it here.\"",
}


# Communication style: an exchange between two colleagues ({a}, {b}).
COLLEAGUE_EXCHANGES: dict[str, str] = {
    "assertive": "{a}, the team leader, takes {b} aside before the shift (calm, face to face, away from "
                 "customers): \"On Saturday the queue built up while the second till stayed shut. I need it "
                 "opened as soon as three people are waiting. What would make that easier for you?\"",
    "passive": "{b} has covered {a}'s till after break for the third time this week. {a}: \"Sorry, lost "
               "track of time!\" {b} (sighs, looks away): \"Oh, it's fine, honestly, don't worry about "
               "it...\" and says nothing to the team leader.",
    "aggressive": "{a}, on the shop floor in front of customers (loud, pointing): \"{b}, you're late back "
                  "from break AGAIN. Sort yourself out or I'm going straight to the manager.\"",
}


def _names(data: StoreData) -> list[str]:
    names = [str(n).split()[0] for n in data.staff["name"]]
    return [*names, "Sam", "Alex", "Jo"][:max(3, len(names))]


def _pick(data: StoreData, salt: str, n: int) -> int:
    return zlib.crc32((salt + "|" + "|".join(map(str, data.staff["name"]))).encode()) % n


def tuckman_stage(data: StoreData) -> str:
    """Return the stage this store's diary scenario shows (the exercise's answer)."""
    return STAGES[_pick(data, "tuckman", len(STAGES))]


def tuckman_scenario(data: StoreData) -> str:
    """Return a diary-style scenario about the learner's team, showing one of Tuckman's stages."""
    a, b, c = _names(data)[-3:]
    return TUCKMAN_DIARY[tuckman_stage(data)].format(a=a, b=b, c=c)


def communication_style(data: StoreData) -> str:
    """Return the style this store's quoted exchange shows (the exercise's answer)."""
    return STYLES[_pick(data, "style", 6) % 3]


def style_scenario(data: StoreData) -> str:
    """Return a short quoted exchange (with a customer or a colleague) showing one communication style."""
    style, with_customer = communication_style(data), _pick(data, "style", 6) < 3
    a, b, _ = _names(data)[-3:]
    if with_customer:
        counts = data.complaints["category"].value_counts()
        category = str(counts.index[0]) if len(counts) and counts.index[0] in COMPLAINT_TOPICS else "queue or wait time"
        said, topic, action, blame = COMPLAINT_TOPICS[category]
        reply = CUSTOMER_REPLIES[style].format(topic=topic, action=action, blame=blame)
        return f"A customer says: \"{said}\"\n{a} replies: {reply}"
    return COLLEAGUE_EXCHANGES[style].format(a=a, b=b)


def _if_answer(answer_of: Callable[[StoreData], str], true: str, wrong: str) -> Callable[[StoreData], str]:
    """A misconception's wrong label: `wrong` when the right answer is `true`, else the right answer (skipped)."""
    return lambda d: wrong if answer_of(d) == true else answer_of(d)


POLITENESS_AS_NORMING = M(
    "tuckman-politeness-as-norming", "Polite calm taken for agreed norms",
    "New people being polite and asking the leader everything is forming. Norming comes later, after the "
    "team has worked through its disagreements and agreed its own ways of working.")
CONFLICT_MISSED = M(
    "tuckman-conflict-missed", "Conflict over roles not seen as storming",
    "Arguments about roles, shifts and fairness are the sign of storming: a normal stage, not a failure. "
    "The leader brings it into the open, clarifies roles and agrees fair rules.")
NORMING_VS_PERFORMING = M(
    "tuckman-norming-vs-performing", "Norming and performing mixed up",
    "Norming is when the team has agreed its own rules and helps each other, but the leader still leads and "
    "checks. Performing is when the team acts on its own initiative and beats targets with little direction.")
ADJOURNING_MISSED = M(
    "tuckman-adjourning-missed", "The fifth stage forgotten",
    "A team finishing its task and breaking up is adjourning, the stage added with Jensen in 1977: recognise "
    "what the team achieved and capture the lessons before it disbands.")
STAGE_CONFUSION = M(
    "tuckman-stage-confusion", "The wrong stage for the clues",
    "Look for the clue: new and polite (forming), conflict (storming), agreed rules (norming), "
    "running itself (performing), breaking up (adjourning).")
STYLE_CONFUSION = M("style-confusion", "Passive and aggressive mixed up",
                    "Passive gives way and avoids the problem; aggressive blames or threatens.")

# (the true stage, the stages mistaken for it, the misconception)
_STAGE_MISTAKES = (
    ("forming", ("norming", "performing"), POLITENESS_AS_NORMING),
    ("storming", ("forming", "norming", "performing"), CONFLICT_MISSED),
    ("norming", ("performing",), NORMING_VS_PERFORMING),
    ("performing", ("norming",), NORMING_VS_PERFORMING),
    ("adjourning", ("performing", "forming", "norming"), ADJOURNING_MISSED),
)
# (the true style, the style mistaken for it, the misconception): each declared once
_STYLE_MISTAKES = (
    ("passive", "assertive", M("passive-as-polite", "Passive taken for polite",
                               "Apologising and giving way without solving anything is passive, however polite it "
                               "sounds.")),
    ("aggressive", "assertive", M("aggressive-as-firm", "Aggressive taken for firm",
                                  "Blame, a raised voice or a threat is aggressive. Assertive is clear about what is "
                                  "needed and respects the other person.")),
    ("assertive", "aggressive", M("assertive-as-aggressive", "Clear and firm taken for aggressive",
                                  "Saying plainly what will happen, calmly and with respect, is assertive. "
                                  "Aggressive puts the other person down.")),
    ("assertive", "passive", M("assertive-as-passive", "Calm taken for passive",
                               "Calm is not passive: this reply deals with the problem and says what happens next. "
                               "Passive avoids it.")),
)


def stage_misconceptions() -> tuple[M, ...]:
    """Return the Tuckman exercise's misconceptions, each giving its wrong stage only for its true stage."""
    found = [mis.producing(_if_answer(tuckman_stage, true, wrong))
             for true, wrongs, mis in _STAGE_MISTAKES for wrong in wrongs]
    named = {(t, w) for t, ws, _ in _STAGE_MISTAKES for w in ws}
    found += [STAGE_CONFUSION.producing(_if_answer(tuckman_stage, t, w))
              for t in STAGES for w in STAGES if t != w and (t, w) not in named]
    return tuple(found)


def style_misconceptions() -> tuple[M, ...]:
    """Return the communication-style exercise's misconceptions (as stage_misconceptions)."""
    found = [mis.producing(_if_answer(communication_style, true, wrong)) for true, wrong, mis in _STYLE_MISTAKES]
    return (*found, STYLE_CONFUSION.producing(_if_answer(communication_style, "passive", "aggressive")),
            STYLE_CONFUSION.producing(_if_answer(communication_style, "aggressive", "passive")))
