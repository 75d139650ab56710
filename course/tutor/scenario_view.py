"""Read-only views of the conversation scenarios in a run's gradebook, for the learner report and class summary.

A scenario's result row holds its status (correct: a finished play ended good with no misconception shown),
the ``outcome`` of the counted play (good, mixed or poor), and ``misconceptions``: every misconception the
learner's plays showed, as a JSON list. Names and fixes come from the shipped (sealed) scenario.
"""

from __future__ import annotations

import json
from typing import Any

import pandas as pd

from course.tutor import gradebook_view as gv

OUTCOME_LABELS = {"good": "A good outcome", "mixed": "A mixed outcome", "poor": "A poor outcome"}
SCENARIO = "scenario"  # as course.tutor.plan.SCENARIO


def _scenario(item_id: str) -> Any | None:
    from course.scenario import ids, load

    return load(item_id) if item_id in ids() else None


def scenario_title(item_id: str) -> str:
    """Return a scenario's title ("Conversation: ..."), or its id when the package does not ship it."""
    found = _scenario(item_id)
    return f"Conversation: {found.title}" if found is not None else str(item_id)


def scenario_misconception(misconception_id: str, item_id: str) -> tuple[str, str] | None:
    """Return (name, fix) of a misconception as the scenario ``item_id`` defines it, or None."""
    found = _scenario(item_id)
    entry = found.misconceptions.get(misconception_id) if found is not None else None
    return (entry.name[:1].upper() + entry.name[1:], entry.fix) if entry is not None else None


def _shown(value: Any) -> list[str]:
    try:
        found = json.loads(value) if isinstance(value, str) else []
    except json.JSONDecodeError:
        return []
    return [str(m) for m in found] if isinstance(found, list) else []


def scenario_results(gb: gv.Gradebook, learner_id: str | None = None) -> pd.DataFrame:
    """Return one row per (learner, scenario): title, notebook, result, outcome, misconceptions shown, plays."""
    o = gv.outcomes(gb, learner_id)
    o = o[o["kind"] == SCENARIO]
    rows = []
    for r in o.to_dict("records"):
        item_id, status = str(r["item_id"]), str(r["status"])
        shown = _shown(r["misconceptions"])
        names = [gv.misconception_info(m, item_id)[0] for m in shown]
        rows.append({"learner_id": r["learner_id"], "item_id": item_id, "title": scenario_title(item_id),
                     "notebook": r["notebook"], "status": status, "result": gv.STATUS_LABELS.get(status, status),
                     "outcome": OUTCOME_LABELS.get(str(r["outcome"]), "Not finished"),
                     "misconceptions": shown, "shown": "; ".join(names) or "none",
                     "plays": gv._count(r["attempts"])})
    return pd.DataFrame(rows, columns=["learner_id", "item_id", "title", "notebook", "status", "result", "outcome",
                                       "misconceptions", "shown", "plays"])


def wrong_moves(gb: gv.Gradebook) -> pd.DataFrame:
    """Return the misconceptions the class showed in scenarios, most learners first: name, fix, where, learners."""
    rows = [{"misconception": m, "learner_id": r["learner_id"], "title": r["title"], "item_id": r["item_id"]}
            for r in scenario_results(gb).to_dict("records") for m in r["misconceptions"]]
    if not rows:
        return pd.DataFrame(columns=["misconception", "name", "fix", "seen", "learners"])
    frame = pd.DataFrame(rows)
    grouped = (frame.groupby("misconception", sort=False)
               .agg(learners=("learner_id", "nunique"), seen=("title", lambda t: ", ".join(dict.fromkeys(t))),
                    item_id=("item_id", "first"))
               .reset_index())
    info = [gv.misconception_info(m, i) for m, i in zip(grouped["misconception"], grouped["item_id"])]
    grouped["name"] = [name for name, _fix in info]
    grouped["fix"] = [fix for _name, fix in info]
    grouped = grouped.sort_values(["learners", "misconception"], ascending=[False, True]).reset_index(drop=True)
    return grouped[["misconception", "name", "fix", "seen", "learners"]]
