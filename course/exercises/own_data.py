"""How many of each notebook's exercises run on a learner's own import: the closing table of
docs/importing-your-data.md, computed with the real per-exercise rule (course.store.partial.Sources).

    python -m course.exercises.own_data        # prints the table as markdown

An import of a till export has the till sales (transactions, basket lines, products); a footfall export adds
footfall, one count a day, as `course import` writes it (so the exercises that need hourly counts still use the
practice store). The counted sales are a simulated store's, so they meet the other requirements (costs,
customer ids, a December, four full weeks); a real export may not, and then fewer run on it. An exercise that
reads none of the store's tables (a written answer) is left out of the counts: it uses the learner's own words
whatever data they bring.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from course.exercises.needs import needs
from course.exercises.registry import ids
from course.notebooks import workbook
from course.store import TABLES, StoreData, simulate
from course.store.partial import Sources

SALES = ("transactions", "transaction_lines", "products")
ROOT = Path(__file__).resolve().parents[2] / "notebooks"
HEADER = ("| Notebook | Exercises that read store data | On your till sales alone | More with footfall added |\n"
          "|---|---|---|---|")


@dataclass(frozen=True)
class Coverage:
    """One notebook's exercises that read store data, and how many of them run on the learner's own data."""
    notebook: str
    reading: int
    sales_only: int
    with_footfall: int


def own_count(notebook: str, own: tuple[str, ...], practice: StoreData) -> int:
    """How many of a notebook's data-reading exercises run on own data when the import has the tables `own`
    (its footfall daily, as an import's is)."""
    absent = frozenset(t.name for t in TABLES if t.name not in own)
    sources = Sources(replace(_daily(practice), absent=absent), lambda: practice)
    return sum(1 for i in ids(notebook) if needs(i, practice) and sources.source(i) == "own")


def _daily(data: StoreData) -> StoreData:
    """The store with its footfall counted per day at 00:00, as `course import` writes a footfall export."""
    day = data.footfall["timestamp"].dt.normalize()
    footfall = data.footfall.groupby(day, as_index=False).agg(visitors=("visitors", "sum"))
    footfall = footfall.assign(queue_minutes=0.0, weather="dry")
    return replace(data, footfall=footfall[list(data.footfall.columns)])


def coverage(root: Path = ROOT, practice: StoreData | None = None) -> list[Coverage]:
    """Return each notebook's counts, in workbook order."""
    store = practice if practice is not None else simulate("table-needs", sector="grocery")
    rows = []
    for path in workbook(root):
        name = path.relative_to(root).as_posix()
        reading = sum(1 for i in ids(name) if needs(i, store))
        sales = own_count(name, SALES, store)
        rows.append(Coverage(name, reading, sales, own_count(name, (*SALES, "footfall"), store) - sales))
    return rows


def markdown(rows: list[Coverage]) -> str:
    """The table as markdown, a total row last."""
    lines = [HEADER] + [f"| {Path(r.notebook).stem} | {r.reading} | {r.sales_only} | {r.with_footfall} |"
                        for r in rows]
    totals = [sum(getattr(r, f) for r in rows) for f in ("reading", "sales_only", "with_footfall")]
    return "\n".join([*lines, f"| **All notebooks** | {totals[0]} | {totals[1]} | {totals[2]} |"])


if __name__ == "__main__":
    print(markdown(coverage()))
