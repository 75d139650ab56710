"""The store manager's diary: dated notes that point learners at the stories, and monthly team meeting
notes (qualitative review evidence to set beside the numbers)."""

from __future__ import annotations

from typing import Any, TypeAlias

import numpy as np
import pandas as pd

from course.store.market import COMPETITOR
from course.store.profile import Stories

_MEETING_NOTES = {
    "before": "Team meeting: customers praise help on the shop floor. Reminder to log every contact in the "
              "CRM straight away, not at the end of the shift.",
    "shortage": "Team meeting: long queues at the tills while we were short-staffed. Agreed to review "
                "the rota for peak hours and cross-train two colleagues on the tills.",
    "review": "Team meeting (PDCA Check): reviewed the complaint log, survey comments and mystery shop. "
              "Most complaints are about refunds and waiting. Agreed a new process (Act).",
    "after": "Team meeting: complaints are down since the new process. Keep the 24-hour call-back standard; "
             "thanks to the returns point team for positive comments.",
}


# (date, kind, note): the date is a datetime.date, a Timestamp or a pandas scalar from a date column;
# diary() turns them all into normalised Timestamps.
Note: TypeAlias = tuple[Any, str, str]


def diary(stories: Stories, days: pd.DataFrame, promotions: pd.DataFrame, products: pd.DataFrame,
          absent_at_peak: int) -> pd.DataFrame:
    """Return the dated notes of the period, in date order."""
    names = products.set_index("product_id")["name"]
    notes: list[Note] = [
        (stories.shortage_start, "staffing", f"Staff sickness: {absent_at_peak} "
                                              f"{'colleague' if absent_at_peak == 1 else 'colleagues'} off "
                                              "this week; peak shifts left uncovered."),
        (stories.shortage_end, "staffing", "Team back to full strength."),
        (stories.improvement, "process change", "Launched the new service process after the review: a returns "
         "and enquiries point, CRM refresher training for everyone, and a 24-hour call-back standard for complaints."),
        (stories.competitor_open, "competitor", f"{COMPETITOR.split(' (')[0]} opened a new store about "
                                                 "0.4 miles away."),
    ]
    for promo in promotions.itertuples():
        offer = f"{promo.discount_pct:g}% off" if promo.mechanic == "percentage off" else "3 for 2"
        notes.append((promo.start, "promotion", f"Promotion {promo.promo_id} starts: {offer} "
                                                f"{names[str(promo.product_id)]} ({promo.product_id})."))
        notes.append((promo.end, "promotion", f"Promotion {promo.promo_id} ends today."))
    day, is_open, holiday = days["day"], days["open"].to_numpy(), days["bank_holiday"].to_numpy()
    for when in day[(days["weather"] == "storm").to_numpy()]:
        notes.append((when, "weather", "Storm warning: heavy rain and high winds; footfall well down."))
    for when, open_ in zip(day[holiday], is_open[holiday]):
        notes.append((when, "holiday", "Bank holiday." if open_ else "Bank holiday: store closed."))
    for when in day[~is_open & ~holiday]:
        notes.append((when, "holiday", "Store closed (Easter Sunday)."))
    notes += _meetings(stories, days)
    frame = pd.DataFrame(notes, columns=["date", "kind", "note"])
    frame["date"] = pd.to_datetime(frame["date"]).dt.normalize()
    return frame.sort_values(["date", "kind", "note"], kind="stable").reset_index(drop=True)


def _meetings(stories: Stories, days: pd.DataFrame) -> list[Note]:
    """Return a team meeting note on the first Monday the store is open in each month."""
    mondays = days.loc[((days["dow"] == 0) & days["open"]).to_numpy(), "day"]  # in date order
    month = (mondays.dt.year * 12 + mondays.dt.month).to_numpy()
    firsts = mondays[np.diff(month, prepend=-1) != 0]  # the first of each month
    out: list[Note] = []
    for day in firsts:
        d = day.date()
        if d < stories.shortage_start:
            phase = "before"
        elif d < stories.improvement:  # the first meeting after the shortage talks about it; later ones review
            phase = "review" if any(note == _MEETING_NOTES["shortage"] for _, _, note in out) else "shortage"
        else:
            phase = "after"
        out.append((day, "team meeting", _MEETING_NOTES[phase]))
    return out
