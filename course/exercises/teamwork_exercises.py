"""Teamwork exercises (5.2): per-staff KPIs from the rota, constructive reviews and feedback-driven change.

Per-staff figures use who rang up each sale (transactions.staff_id) and who handled each contact
(interactions.handled_by). The two scenario exercises (a Tuckman stage, a communication style) are
built from the learner's own team (texts in teamwork_scenarios.py), so different stores get different
scenarios. The review and feedback-change checks live in structured_team.py.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable

import pandas as pd

from course import kpi
from course.exercises.registry import Exercise, register
from course.exercises.registry import Misconception as M
from course.exercises.structured_team import review_feedback_change, review_performance
from course.exercises.teamwork_scenarios import (
    COLLEAGUE_EXCHANGES,
    COMPLAINT_TOPICS,
    CUSTOMER_REPLIES,
    TUCKMAN_DIARY,
)
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
