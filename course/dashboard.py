"""The KPI dashboard of a store: every KPI exercise's reference value, in one table.

It reuses the exercises' own reference computations, so the dashboard, the checks and the quizzes
can never disagree about a number.
"""

from __future__ import annotations

import pandas as pd

from course import exercises
from course.exercises.needs import needs
from course.money import money, relabel
from course.store import StoreData


def kpi_dashboard(data: StoreData) -> pd.DataFrame:
    """Return one row per KPI: measure, value (rounded for reading) and unit (only the KPIs that the store's own
    tables give: an import without footfall has no conversion rate)."""
    rows = []
    for exercise_id in exercises.ids():
        exercise = exercises.get(exercise_id)
        if exercise_id.startswith("kpi-") and exercise.kind == "number" and \
                not (data.absent and needs(exercise_id, data) & data.absent):
            value = exercises.reference_value(exercise_id, data)
            rows.append({"measure": relabel(exercise.title, data.currency, data.vat), "value": round(value, 2),
                         "unit": exercise.unit or "", "exercise": exercise_id})
    return pd.DataFrame(rows)


def format_dashboard(data: StoreData) -> str:
    """Return the dashboard as aligned plain text with a heading naming the store."""
    table = kpi_dashboard(data)
    shown = table.assign(value=[_show(v, u, data.currency) for v, u in zip(table["value"], table["unit"])])
    heading = (f"KPI dashboard: learner {data.learner_id!r}, {data.sector} store, {data.start} to {data.end} "
               f"({len(data.transactions):,} sales)")
    return heading + "\n" + shown[["measure", "value"]].to_string(index=False)


def _show(value: float, unit: str, currency: str = "GBP") -> str:
    if unit == "£":
        return money(value, currency)
    return f"{value:,.2f}{'%' if unit == '%' else ''}"
