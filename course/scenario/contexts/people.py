"""Scenario contexts about the team: a rota conflict, a coaching conversation and an appraisal.

Each public function takes one learner's StoreData and returns the facts its scenario's YAML uses
(solutions/scenarios/comms-colleague-conflict, coaching-grow, appraisal-one-to-one): names, roles and
figures from that learner's own staff, rota, tills and contact log, formatted for display, plus the
True/False facts the scenario branches on. Figures follow course.kpi and the fair comparisons notebook
5.4 teaches (per hour worked, the store on the same days, the margin of error of a small count).
Deterministic: a choice that is not forced by the data uses a generator seeded from the learner id.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from course import kpi
from course.exercises.nb_5_4_teamwork import review_colleague
from course.store import StoreData, learner_seed
from course.store.people import shift_length
from course.store.profile import stream

Facts = dict[str, str | int | float | bool]
MANAGERS = ("store manager", "assistant manager")
WEEK = pd.Timedelta(weeks=1)
MIN_CONTACTS = (30, 20, 10)  # contacts in each 13 weeks for a colleague's FCR to count: fewer only if need be
_BAND_NAMES = {8: "colleagues on full-length shifts", 6: "colleagues on 6-hour shifts",
               4: "colleagues on 4-hour shifts"}


def _rng(data: StoreData, name: str) -> np.random.Generator:
    return stream(learner_seed(data.learner_id or data.sector), f"scenario/{name}")


def _staff(data: StoreData) -> pd.DataFrame:
    return data.staff.set_index("staff_id")


def _team(data: StoreData) -> list[str]:
    """Staff ids of everyone except the store manager and assistant manager, in id order."""
    staff = _staff(data)
    return sorted(staff.index[~staff["role"].isin(MANAGERS)])


def _hours(data: StoreData, staff_id: str) -> str:
    hours: float = _staff(data)["contracted_hours"].astype(float)[staff_id]
    return f"{hours:g} hours a week"


def _joined(data: StoreData, staff_id: str) -> pd.Timestamp:
    joined: pd.Timestamp = pd.to_datetime(_staff(data)["start_date"])[staff_id]
    return joined


def _who(data: StoreData, staff_id: str, prefix: str) -> Facts:
    staff = _staff(data)
    return {f"{prefix}_name": str(staff.at[staff_id, "name"]), f"{prefix}_role": str(staff.at[staff_id, "role"]),
            f"{prefix}_hours": _hours(data, staff_id)}


def _end(data: StoreData) -> pd.Timestamp:
    return pd.Timestamp(data.end) + pd.Timedelta(days=1)  # the first moment after the data


def _pct(value: float, places: int = 1) -> str:
    return f"{value:.{places}f}%"


# --- comms-colleague-conflict ------------------------------------------------------------------------

def colleague_conflict(data: StoreData) -> Facts:
    """A colleague who says they are always on Saturdays, and what the last 12 weeks of the rota say.

    Picks (seeded by the learner id) one colleague below manager level who was rostered on at least half
    of the Saturdays the store opened in the last 12 weeks, and compares their Saturdays with colleagues on
    the same shift length (fair: a 4-hour part-timer is not compared with a full-timer).
    `more_saturdays_than_peers` is True when they had at least one Saturday more than those peers' average.
    """
    rota = data.rota[data.rota["date"] >= _end(data) - 12 * WEEK]
    saturdays = rota[rota["date"].dt.day_of_week == 5]
    open_saturdays = int(saturdays["date"].nunique())
    counts = saturdays.groupby("staff_id")["date"].nunique().reindex(_team(data), fill_value=0)
    candidates = sorted(counts.index[counts * 2 >= open_saturdays]) or sorted(counts.index)
    colleague = str(candidates[int(_rng(data, "colleague-conflict").integers(len(candidates)))])
    band = shift_length(_staff(data)["contracted_hours"].to_numpy())
    band_of = pd.Series(band, index=_staff(data).index)
    peers = [s for s in counts.index if s != colleague and band_of[s] == band_of[colleague]]
    group = _BAND_NAMES.get(int(band_of[colleague]), "colleagues on the same shift length")
    if not peers:
        peers, group = [s for s in counts.index if s != colleague], "the rest of the team"
    average = float(counts[peers].mean())
    return {
        **_who(data, colleague, "colleague"),
        "saturdays": int(counts[colleague]),
        "saturdays_open": open_saturdays,
        "peer_group": group,
        "peer_count": len(peers),
        "peer_average": f"{average:.1f}",
        "more_saturdays_than_peers": bool(counts[colleague] >= average + 1),
    }


# --- coaching-grow -------------------------------------------------------------------------------------

def _windows(contacts: pd.DataFrame, end: pd.Timestamp) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The contacts of the last 13 weeks, and of the 13 weeks before them."""
    cut = end - 13 * WEEK
    stamp = contacts["timestamp"]
    return contacts[stamp >= cut], contacts[(stamp < cut) & (stamp >= cut - 13 * WEEK)]


def _fcr_by(contacts: pd.DataFrame) -> pd.DataFrame:
    grouped = contacts.groupby("handled_by")["resolved_first_contact"]
    return pd.DataFrame({"contacts": grouped.size(), "fcr": grouped.mean() * 100})


FELL = "fell this quarter, against the 13 weeks before"
BELOW = "is below the whole store's this quarter"


def _dipped(data: StoreData, recent: pd.DataFrame, before: pd.DataFrame) -> tuple[str, str]:
    """The colleague (below manager level, not 5.4's review colleague) whose FCR fell most, and how it dipped.

    Only colleagues with at least 30 contacts in each 13 weeks count; if none of them fell, 20, then 10. In
    the rare store where nobody's fell, the colleague furthest below the store over the last 13 weeks.
    """
    now, then = _fcr_by(recent), _fcr_by(before)
    team = [s for s in _team(data) if s != review_colleague(data)]
    table = now.join(then.add_suffix("_before")).reindex(team).dropna()
    for least in MIN_CONTACTS:
        enough = table[(table["contacts"] >= least) & (table["contacts_before"] >= least)]
        dip = (enough["fcr_before"] - enough["fcr"]).sort_index()
        if (dip > 0).any():
            return str(dip[dip > 0].idxmax()), FELL
    store = kpi.fcr(recent["resolved_first_contact"])
    enough = table[(table["contacts"] >= MIN_CONTACTS[-1]) & (table["contacts_before"] >= MIN_CONTACTS[-1])]
    below = (store - enough["fcr"]).sort_index()
    if not (below > 0).any():
        raise ValueError(f"no colleague's first contact resolution fell over the last 13 weeks or is below the "
                         f"store's (with at least {MIN_CONTACTS[-1]} contacts in each 13 weeks), so this coaching "
                         "scenario has nobody to coach")
    return str(below.idxmax()), BELOW


def _repeats_from_others(contacts: pd.DataFrame, all_contacts: pd.DataFrame) -> pd.Series:
    """True for each contact that repeats an earlier contact a different colleague handled."""
    first = contacts["repeat_of"].map(all_contacts.set_index("interaction_id")["handled_by"])
    return first.notna() & (first != contacts["handled_by"])


def coaching_dip(data: StoreData) -> Facts:
    """The colleague whose first contact resolution (FCR) fell most, with the fair reading of the fall.

    FCR over the last 13 weeks against the 13 weeks before, among colleagues with at least 30 contacts in
    each (20 or 10 where nobody with 30 fell; 5.4's review colleague is left out: their FCR is an exercise
    answer); in the rare store where nobody's fell, the colleague furthest below the store (`dip_text` says
    which). The fair reading compares
    them with the whole store over the same 13 weeks: `gap_beyond_chance` is True when they are below the
    store by more than the margin of error of a figure on their number of contacts (course.kpi).
    """
    log = data.interactions
    recent, before = _windows(log, _end(data))
    colleague, how = _dipped(data, recent, before)
    mine, mine_before = recent[recent["handled_by"] == colleague], before[before["handled_by"] == colleague]
    fcr_now = kpi.fcr(mine["resolved_first_contact"])
    store_now = kpi.fcr(recent["resolved_first_contact"])
    margin = kpi.margin_of_error(store_now, len(mine))
    gap = store_now - fcr_now
    firsts, store_firsts = mine[mine["repeat_of"].isna()], recent[recent["repeat_of"].isna()]
    return {
        **_who(data, colleague, "colleague"),
        "dip_text": how,
        "fcr_before": _pct(kpi.fcr(mine_before["resolved_first_contact"])),
        "fcr_recent": _pct(fcr_now),
        "recent_contacts": len(mine),
        "store_fcr_recent": _pct(store_now),
        "margin": f"{margin:.0f} points",
        "gap_text": f"{abs(gap):.1f} points {'below' if gap >= 0 else 'above'}",
        "gap_beyond_chance": bool(gap > margin),
        "first_fcr": _pct(kpi.fcr(firsts["resolved_first_contact"])),
        "store_first_fcr": _pct(kpi.fcr(store_firsts["resolved_first_contact"])),
        "repeats_share": _pct(_repeats_from_others(mine, log).mean() * 100, 0),
        "store_repeats_share": _pct(_repeats_from_others(recent, log).mean() * 100, 0),
        "six_week_contacts": round(len(mine) * 6 / 13),
        **_top_seller(data, colleague),
        **_buddy(data, colleague),
    }


def _top_seller(data: StoreData, colleague: str) -> Facts:
    """Who else rang up the most sales in the last 13 weeks (in total: the unfair comparison)."""
    tx = data.transactions[data.transactions["timestamp"] >= _end(data) - 13 * WEEK]
    totals = tx.groupby("staff_id")["net_value"].sum().drop(colleague, errors="ignore").sort_index()
    top = str(totals.idxmax())
    return {"top_total_name": str(_staff(data).loc[top, "name"]),
            "top_total_hours": _hours(data, top)}


def _buddy(data: StoreData, colleague: str) -> Facts:
    """The longest-serving colleague below manager level (other than `colleague`), to shadow."""
    staff = _staff(data).loc[[s for s in _team(data) if s != colleague]]
    buddy = str(staff.sort_values(["start_date"], kind="stable").index[0])
    years = int((_end(data) - _joined(data, buddy)).days // 365.25)
    return {"buddy_name": str(staff.loc[buddy, "name"]), "buddy_years": f"{years} year{'s' * (years != 1)}"}


# --- appraisal-one-to-one ------------------------------------------------------------------------------

def splh_index(data: StoreData) -> pd.Series:
    """Each colleague's sales ÷ what the store's SPLH on the days they worked would give × 100 (5.4)."""
    worked = data.rota[~data.rota["absent"]]
    tx = data.transactions
    daily = tx.groupby(tx["timestamp"].dt.normalize())["net_value"].sum() / worked.groupby("date")["hours"].sum()
    at_store_rate = (worked["hours"] * worked["date"].map(daily).fillna(0)).groupby(worked["staff_id"]).sum()
    at_store_rate = at_store_rate[at_store_rate > 0]
    sales = tx.groupby("staff_id")["net_value"].sum().reindex(at_store_rate.index, fill_value=0.0)
    return sales / at_store_rate * 100


def appraisal(data: StoreData) -> Facts:
    """The year's appraisal of the colleague with the highest SPLH index (the store on the same days).

    Among colleagues below manager level with at least 200 hours worked. Recognition uses the index;
    `long_absence` is True when they lost 10% or more of their rostered hours to absence (sickness is kept
    out of the performance judgement); `late_above_store` is True when a larger share of the contacts they
    handled was typed up after the shift than the store's, which makes prompt CRM entries the development area.
    """
    index = splh_index(data)
    worked = data.rota[~data.rota["absent"]].groupby("staff_id")["hours"].sum()
    team = [s for s in _team(data) if s in index.index and worked.get(s, 0) >= 200] or list(index.index)
    ranked = index[team].sort_index().sort_values(ascending=False, kind="stable")
    who = str(ranked.index[0])
    rota = data.rota[data.rota["staff_id"] == who]
    lost = rota.loc[rota["absent"], "hours"].sum() / rota["hours"].sum() * 100
    log = data.interactions
    mine = log[log["handled_by"] == who]
    late, store_late = mine["entered_late"].mean() * 100, log["entered_late"].mean() * 100
    return {
        **_who(data, who, "appraisee"),
        "splh_index": f"{ranked.iloc[0]:.0f}",
        "index_above": _pct(ranked.iloc[0] - 100, 0),
        "next_index": f"{ranked.iloc[1]:.0f}" if len(ranked) > 1 else "none",
        "absence_pct": _pct(lost, 0),
        "long_absence": bool(lost >= 10),
        "contacts": len(mine),
        "late_count": int(mine["entered_late"].sum()),
        "late_pct": _pct(late),
        "store_late_pct": _pct(store_late),
        "late_above_store": bool(late > store_late),
        "target_late_pct": _pct(max(np.floor(store_late) - 1, 1), 0),
        **_newest(data, who),
    }


def _newest(data: StoreData, appraisee: str) -> Facts:
    """The colleague below manager level who joined most recently, for the appraisee to buddy."""
    staff = _staff(data).loc[[s for s in _team(data) if s != appraisee]]
    newest = str(staff.sort_values(["start_date"], kind="stable").index[-1])
    return {"newest_name": str(staff.loc[newest, "name"]),
            "newest_joined": f"{_joined(data, newest):%B %Y}"}
