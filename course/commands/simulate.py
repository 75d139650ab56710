"""`course simulate`: write one learner's simulated store as CSV files and print its KPI dashboard."""

from __future__ import annotations

from pathlib import Path


def main(*, learner_id: str, out: Path, sector: str = "apparel", start: str | None = None,
         end: str | None = None) -> int:
    """Simulate the store of `learner_id` into `out`; print the dashboard and the folder. Return 0."""
    from course.dashboard import format_dashboard
    from course.store import simulate

    data = simulate(learner_id, sector=sector, start=start, end=end)
    folder = data.to_csv(out)
    print(format_dashboard(data))
    print(f"\nStore data for {learner_id!r} written to {folder}/ ({len(data.tables())} tables + store.json)")
    return 0
