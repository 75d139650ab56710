"""Exercises of 5.4 (team performance): sales per labour hour for the store and per colleague, one colleague's
first contact resolution, the absence rate and a constructive performance review.

Per-staff figures use who rang up each sale (transactions.staff_id) and who handled each contact
(interactions.handled_by). The review's written-work check is in nb_5_4_reviews.py.
"""

from __future__ import annotations

import pandas as pd

from course import kpi
from course.exercises.helpers import MONEY, worked_hours
from course.exercises.misconceptions import MISCONCEPTIONS
from course.exercises.nb_5_4_reviews import review_performance
from course.exercises.registry import Exercise, register
from course.exercises.registry import Misconception as M
from course.store import StoreData

NOTEBOOK = "5-promotion-teamwork/5.4-team-performance.ipynb"


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


def _first_contacts(contacts: pd.DataFrame) -> pd.DataFrame:
    """Return the contacts that are not a repeat of an earlier one."""
    return contacts[contacts["repeat_of"].isna()]


def _absence_over_worked(data: StoreData) -> float:
    """Return hours lost to absence ÷ hours worked × 100 (a mistake: the base is hours rostered)."""
    rota = data.rota
    return rota.loc[rota["absent"], "hours"].sum() / rota.loc[~rota["absent"], "hours"].sum() * 100


def _sales_by_colleague(data: StoreData) -> pd.Series:
    """Return each colleague's total net sales (£), whatever their hours."""
    return data.transactions.groupby("staff_id")["net_value"].sum()


# --- Registration ---------------------------------------------------------------------------------

register(
    NOTEBOOK,
    Exercise(id="kpi-splh", kind="number", marking_point="004:MP3",
             title="Sales per labour hour (£)",
             expected=lambda d: kpi.sales_per_labour_hour(d.transactions["net_value"].sum(), worked_hours(d)),
             unit="£", tolerance=MONEY, hint="Net sales ÷ hours actually worked (leave out absences).",
             hints=(
                 "Which hours actually produced the sales: the hours planned, or the hours worked?",
                 "Sales per labour hour is net sales divided by the staff hours worked. Leave out the shifts marked "
                 "absent.",
                 "First, add up the net_value column of the transactions table. Next, add up the hours column of the "
                 "rota for the shifts where absent is False. Then divide the sales by the hours and give pounds, to "
                 "the penny."),
             misconceptions=(
                 MISCONCEPTIONS["splh-rostered-hours"].producing(
                   lambda d: d.transactions["net_value"].sum() / d.rota["hours"].sum()),
             )),
    Exercise(id="team-top-splh", kind="label", marking_point="004:MP3",
             title="The colleague with the highest sales per labour hour "
             "(staff_id)",
             expected=lambda d: _top(staff_splh(d)), covers=("004:KC4", "004:CM3"),
             hint="For each staff_id: sales they rang up ÷ hours they worked (absent shifts left out); "
                  "take the highest.",
             hints=(
                 "Someone on more hours rings up more sales: how do you compare colleagues fairly?",
                 "For each colleague, the sales they rang up divided by the hours they worked, with absent shifts "
                 "left out. Then take the highest.",
                 "First, add up the net_value of the transactions table for each staff_id. Next, add up the rota "
                 "hours of each staff_id, leaving out the absent shifts. Then divide each colleague's sales by their "
                 "hours and give the staff_id with the highest figure, in quotes."),
             misconceptions=(
                 M("splh-ranked-by-total-sales", "Ranking by total sales, ignoring hours",
                   "Someone on more hours rings up more sales: divide each person's sales by their hours.",
                   lambda d: _top(_sales_by_colleague(d))),
                 M("splh-ranked-by-transactions", "Ranking by the number of sales",
                   "Count pounds per hour worked, not sales rung up.",
                   lambda d: _top(d.transactions.groupby("staff_id").size())),
                 MISCONCEPTIONS["splh-rostered-hours"].producing(
                   lambda d: _top(staff_splh(d, include_absent=True))),
                 M("splh-lowest", "The lowest instead of the highest",
                   "Sort from highest to lowest, or use .idxmax().", lambda d: str(staff_splh(d).idxmin())))),
    Exercise(id="team-staff-fcr", kind="number", marking_point="004:MP3",
             title="First contact resolution of the colleague who handled "
             "the most contacts",
             unit="%", tolerance=0.06, covers=("004:KC4",),
             expected=lambda d: kpi.fcr(_colleague_contacts(d)["resolved_first_contact"]),
             hint="Keep the contacts whose handled_by is that colleague, then resolved at first contact "
                  "÷ all × 100.",
             hints=(
                 "Which contacts did this colleague handle, repeat contacts included?",
                 "First contact resolution for one colleague is their contacts resolved at the first contact divided "
                 "by all the contacts they handled, times 100.",
                 "First, keep the rows of the interactions table whose handled_by is the colleague the notebook "
                 "names, the one who handled the most contacts. Next, count how many of them have "
                 "resolved_first_contact True. Then divide by the number of their contacts and multiply by 100."),
             misconceptions=(
                 M("fcr-store-not-person", "The whole store's FCR",
                   "Filter to the contacts this colleague handled first.",
                   lambda d: kpi.fcr(d.interactions["resolved_first_contact"])),
                 MISCONCEPTIONS["fcr-unresolved"].producing(
                   lambda d: 100 - kpi.fcr(_colleague_contacts(d)["resolved_first_contact"])),
                 MISCONCEPTIONS["fcr-first-contacts-only"].producing(
                   lambda d: kpi.fcr(_first_contacts(_colleague_contacts(d))["resolved_first_contact"])),
                 M("fcr-count-not-rate", "A count of resolved contacts, not a rate",
                   "Divide by all the contacts they handled and multiply by 100.",
                   lambda d: int(_colleague_contacts(d)["resolved_first_contact"].sum())))),
    Exercise(id="team-absence-rate", kind="number", marking_point="004:MP3",
             title="The store's absence rate (% of rostered hours)",
             expected=absence_rate, unit="%", tolerance=0.06, covers=("002:KC5",),
             hint="Hours of shifts marked absent ÷ all rostered hours × 100.",
             hints=(
                 "Should a short Sunday shift count the same as a long Saturday one?",
                 "The absence rate is the hours of shifts marked absent divided by all rostered hours, times 100. Use"
                 " hours, not shifts.",
                 "First, add up the hours column of the rota for the shifts where absent is True. Next, add up the "
                 "hours of all the shifts in the rota. Then divide the first total by the second and multiply by 100."),
             misconceptions=(
                 M("absence-over-worked", "Dividing by hours worked instead of hours rostered",
                   "The base is every hour that was planned: rostered hours, absent ones included.",
                   _absence_over_worked),
                 M("absence-attendance", "The attendance rate (hours worked)",
                   "That is the share worked; absence is the share lost.", lambda d: 100 - absence_rate(d)),
                 M("absence-by-shifts", "Counting shifts instead of hours",
                   "Shifts differ in length (Sunday shifts are shorter): weight by hours.",
                   lambda d: d.rota["absent"].mean() * 100),
                 M("absence-count-not-rate", "A count of absent shifts, not a rate",
                   "Divide by the rostered total and multiply by 100.", lambda d: int(d.rota["absent"].sum())))),
    Exercise(id="team-performance-review", kind="structured", marking_point="004:MP3",
             title="A constructive performance review",
             review=review_performance, covers=("004:CM3", "000:KC4", "002:KC5", "004:ET3"),
             hints=(
                 "Would this colleague leave the meeting knowing what they do well, what to work on and how you will "
                 "help?",
                 "The assessor looks for the colleague's staff id; an achievement and an area to develop, each a "
                 "sentence with evidence; a SMART goal with a measure, a number and a deadline; the support you will "
                 "give; and no wording that threatens or labels the person.",
                 "First, give the colleague's staff id. Next, write one thing they do well with the figure that shows"
                 " it, and one thing to develop with its figure, saying honestly how strong it is. Then write a SMART"
                 " goal for that area and the coaching, training or shadowing you will give."),
             misconceptions=(
                 M("review-punitive", "Monitoring used to punish, not to develop",
                   "Keep to the work, the evidence and the support; threats and labels shut people down."),
                 M("review-no-achievement", "Only the gaps, no achievement recognised",
                   "Start with what went well, with evidence."),
                 M("review-no-development", "Only praise, no area to develop", "Name one gap and how to close it."),
                 M("review-no-evidence", "Judgements without evidence", "Quote a figure or an observation."),
                 M("review-no-support", "A target with no support", "Say what coaching or training you will give."),
                 MISCONCEPTIONS["smart-vague"],
                 MISCONCEPTIONS["smart-no-deadline"])),
)
