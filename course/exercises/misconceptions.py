"""The misconceptions that more than one exercise can reveal, each declared once: id, name and fix.

An exercise that reveals one attaches the wrong answer it gives there:
`MISCONCEPTIONS["nps-as-mean"].producing(lambda d: ...)`. Progress logs and the gradebook refer to
misconceptions by id, so an id keeps its meaning in every exercise that uses it. Misconceptions that
only one exercise reveals are declared in that exercise's notebook module.
"""

from __future__ import annotations

from course.exercises.registry import Misconception


def _catalogue(*entries: tuple[str, str, str]) -> dict[str, Misconception]:
    return {mid: Misconception(mid, name, fix) for mid, name, fix in entries}


MISCONCEPTIONS: dict[str, Misconception] = _catalogue(
    # Rates and averages
    ("complaint-count-not-rate", "A count of complaints, not a rate",
     "A count grows with trade: divide by the transactions in the same dates and multiply by 1,000."),
    ("whole-period-average", "The figure for the whole period",
     ("Filter to the dates that matter first (the shortage, or before the improvement): the whole "
      "period's figure hides the change.")),
    ("growth-wrong-base", "Dividing by this year instead of last year",
     "Growth is measured against where you started: divide by last year's figure."),
    # Customer measures
    ("nps-as-mean", "The mean score (or the mean times ten)",
     "NPS is not an average: count promoters and detractors."),
    ("nps-passives-excluded", "Leaving the passives out of the total",
     "Passives (7–8) count in the total even though they are neither promoters nor detractors."),
    ("csat-as-mean", "The mean score (or the mean as a percentage of 5)",
     "CSAT counts the satisfied (scores of 4 or 5); it is not the mean."),
    ("fcr-first-contacts-only", "Leaving repeat contacts out of the total",
     "Repeat contacts are contacts too: the course's FCR divides by every contact, repeats included."),
    ("fcr-unresolved", "The share NOT resolved", "FCR is the share resolved at the first contact."),
    ("margin-members-not-answers", "Counting the segment's members as n, not the people who answered",
     ("The margin of error depends on how many people answered the survey, not on how many are in the "
      "loyalty scheme.")),
    ("mystery-unweighted", "Counting items passed, ignoring their weights",
     "Each checklist item is worth its weight in points: use the weighted visit scores."),
    ("output-vs-outcome", "Output data taken for outcome data",
     ("Output counts what the team did (e.g. complaints handled); outcome shows what changed for "
      "customers (e.g. satisfaction afterwards).")),
    # Promotions and staffing
    ("baseline-whole-period", "A baseline from the whole period, promotion included",
     ("The whole period includes the promotion's own extra sales and other seasons: use the 28 days just "
      "before the promotion.")),
    ("splh-rostered-hours", "Counting absent shifts as hours worked",
     "Leave out shifts marked absent: nobody worked them."),
    # Written work
    ("smart-vague", "A vague objective or goal",
     "Say what will change, by how much, by when, and which measure will show it."),
    ("smart-no-deadline", "No deadline", "Add a date or a time span: say by when."),
)
