"""How many of each notebook's exercises run on a learner's own import: the closing table of
docs/importing-your-data.md, computed with the real per-exercise rule (course.store.partial.Sources).

    python -m course.exercises.own_data        # prints the table as markdown

An import of a till export has the till sales (transactions, basket lines and products), with no loyalty-card
ids on the sales unless the export has a customer column; a customer column adds the customers table, as
`course import` derives it (nobody assumed to have agreed to marketing); a footfall export adds footfall, one
count a day, as `course import` writes it (so the exercises that need hourly counts still use the practice
store). Each column counts what its export adds to the ones before it. The counted sales are a simulated
store's, so they meet the other requirements (costs, a December, four full weeks); a real export may not, and
then fewer run on it. An exercise that reads none of the store's tables (a written answer) is left out of the
counts: it uses the learner's own words whatever data they bring.
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
CUSTOMERS = (*SALES, "customers")
FOOTFALL = (*CUSTOMERS, "footfall")
ROOT = Path(__file__).resolve().parents[2] / "notebooks"
HEADER = ("| Notebook | Exercises that read store data | On your till sales alone | More with a customer column "
          "| More with footfall added |\n|---|---|---|---|---|")


@dataclass(frozen=True)
class Coverage:
    """One notebook's exercises that read store data, and how many of them run on the learner's own data."""
    notebook: str
    reading: int
    sales_only: int
    with_customers: int
    with_footfall: int


def own_count(notebook: str, own: tuple[str, ...], practice: StoreData) -> int:
    """How many of a notebook's data-reading exercises run on own data when the import has the tables `own`, as
    `course import` writes them (`imported`)."""
    sources = Sources(imported(practice, own), lambda: practice)
    return sum(1 for i in ids(notebook) if needs(i, practice) and sources.source(i) == "own")


def imported(data: StoreData, own: tuple[str, ...]) -> StoreData:
    """The store as an import of the tables `own` holds it: without a customers table the sales have no card ids
    (the export had no customer column); its customers have no marketing consent (an export never says who
    agreed); its footfall is counted per day at 00:00."""
    absent = frozenset(t.name for t in TABLES if t.name not in own)
    sales = data.transactions if "customers" in own else data.transactions.assign(customer_id=None)
    day = data.footfall["timestamp"].dt.normalize()
    footfall = data.footfall.groupby(day, as_index=False).agg(visitors=("visitors", "sum"))
    footfall = footfall.assign(queue_minutes=0.0, weather="dry")[list(data.footfall.columns)]
    return replace(data, transactions=sales, customers=data.customers.assign(marketing_consent=False),
                   footfall=footfall, absent=absent)


def coverage(root: Path = ROOT, practice: StoreData | None = None) -> list[Coverage]:
    """Return each notebook's counts, in workbook order."""
    store = practice if practice is not None else simulate("table-needs", sector="grocery")
    rows = []
    for path in workbook(root):
        name = path.relative_to(root).as_posix()
        reading = sum(1 for i in ids(name) if needs(i, store))
        counts = [own_count(name, tables, store) for tables in (SALES, CUSTOMERS, FOOTFALL)]
        rows.append(Coverage(name, reading, counts[0], counts[1] - counts[0], counts[2] - counts[1]))
    return rows


def markdown(rows: list[Coverage]) -> str:
    """The table as markdown, a total row last."""
    fields = ("reading", "sales_only", "with_customers", "with_footfall")
    lines = [HEADER] + ["| " + " | ".join([Path(r.notebook).stem, *(str(getattr(r, f)) for f in fields)]) + " |"
                        for r in rows]
    totals = [str(sum(getattr(r, f) for r in rows)) for f in fields]
    return "\n".join([*lines, "| **All notebooks** | " + " | ".join(totals) + " |"])


if __name__ == "__main__":
    print(markdown(coverage()))
