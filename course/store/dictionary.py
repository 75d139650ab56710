"""Writes DATA_DICTIONARY.md from the schema and the simulation settings, so the docs match the code."""

from __future__ import annotations

from course.store.profile import MAX_DAYS, MIN_DAYS, PROFILES
from course.store.schema import TABLES, Column

STORIES = """\
## How the stories appear in the data

Every learner's store has the same four stories; when they happen and how big they are vary with the
learner id. The store diary (`events.csv`) dates each one, as a manager's diary would.

| story | where to see it |
|---|---|
| Staff shortage (9–14 days, in the first third of the period) | `rota.absent` rises to about a third of shifts; `footfall.queue_minutes` rises; conversion dips a little; complaints (mostly "queue or wait time") about double and late CRM entries (`interactions.entered_late`) about treble; first contact resolution drops about 10 points and survey CSAT about 10–20; mystery-shop passes drop. In a small store a fortnight holds few surveys and complaints, so those can move either way by chance |
| Promotion PR01 with real uplift and cannibalisation | `promotions`; units of the promoted product jump while its `neighbour_id` (same category) sells less; `transaction_lines.discount` > 0 |
| Service improvement (a PDCA cycle, around the middle of the period) | after the diary's "process change" note: complaint rate falls, first contact resolution and complaint resolution times improve, scores rise |
| Competitor opening (late in the period) | diary "competitor" note; footfall about 8% lower afterwards; the competitor appears in `benchmarks` and `competitor_prices` |

More shapes are there to be found. Some products bring a partner from another category into the
basket (a phone and a case, jeans and a T-shirt), so the partner's attach rate to that product is well
above the partner's basket penetration: cross-selling you can measure in `transaction_lines`. The
chain's stores differ in size, in how fast their sales grow and in how well they convert visitors (up
to about an eighth better or worse than ours), so benchmarking against the chain shows real gaps; our
own sales grew or shrank by 3–9% on last year. Loyalty members fill bigger baskets than other
shoppers, regular members agree to marketing more often, and business members are the hardest to
please. Part-time colleagues work shorter shifts over the midday peak, long shifts are missed more
often, and one colleague sells clearly more per hour than the rest but had a long spell off sick.
Stores do well on different mystery-shop items, first contact resolution differs by channel, and a
customer buying several of an item sometimes has them scanned one by one (two lines).

Other shapes follow UK published patterns: January lowest and December (first two weeks) highest,
a sharp drop after Christmas, Saturday the busiest day (Sunday's six hours are the busiest per hour),
weekdays peaking at lunchtime and weekends in the early afternoon, about 85% of visitors between 9am
and 6pm (grocery, open 7am–10pm, a little less), rain and storms cutting footfall (every store has at least
one storm day) and a dry bank holiday lifting it. The store is closed on Christmas Day and Easter Sunday and opens 10am–4pm on Sundays.
"""

BYO = f"""\
## Bringing your own data

`StoreData.from_csv(folder)` (or `data_dir=` in a notebook's parameters cell) reads a folder holding
one CSV per table above plus `store.json` (`{{"sector": ..., "start": "YYYY-MM-DD", "end": "YYYY-MM-DD"}}`).
Every file is checked: missing files or columns, values that cannot be read as their type, values
outside the allowed list or range, duplicate keys, ids that point at nothing (a sale by an unknown
member of staff) and dates in the future. The error names the file, the column, the line and the fix.
Extra columns are ignored. A simulated period must be {MIN_DAYS} days to {MAX_DAYS} days long.
Column names of common teaching data sets (UCI Online Retail, Rossmann, Superstore) map onto these
tables; rename the columns and keep your data pseudonymised.
"""


def data_dictionary() -> str:
    """Return the whole DATA_DICTIONARY.md text."""
    parts = ["# Data dictionary\n",
             "Every table of a learner's store, with each column's type, unit and meaning. Generated from "
             "`course/store/schema.py` by `course dataset`; do not edit by hand.\n",
             "All money is in pounds **excluding VAT**. Times are local shop time. Names, emails and phone "
             "numbers are synthetic (example.com addresses and Ofcom's drama range 07700 900xxx).\n"]
    for table in TABLES:
        parts.append(f"## `{table.name}.csv`\n\n{table.purpose}"
                     + (f" Key: {', '.join(table.key)}." if table.key else "") + "\n")
        parts.append("| column | type | unit | meaning |\n|---|---|---|---|")
        parts += [f"| `{c.name}` | {_type(c)} | {c.unit} | {c.meaning}{_allowed(c)} |" for c in table.columns]
        parts.append("")
    parts.append(STORIES)
    parts.append(_settings())
    parts.append(BYO)
    return "\n".join(parts)


def _type(column: Column) -> str:
    kind = {"str": "text", "category": "text (category)"}.get(column.kind, column.kind)
    return kind + (", may be empty" if column.nullable else "")


def _allowed(column: Column) -> str:
    if column.allowed:
        return " One of: " + ", ".join(f"`{a}`" for a in column.allowed) + "."
    return ""


def _settings() -> str:
    lines = ["## Simulation settings by sector (sim choices, not facts to teach)\n",
             "| sector | visitors on an ordinary day | conversion | lines per basket | items per line | "
             "opening (Mon–Sat) | staff | loyalty card share | member purchases a year |",
             "|---|---|---|---|---|---|---|---|---|"]
    for p in PROFILES.values():
        lines.append(f"| {p.sector} | {p.daily_footfall:g} | {p.conversion:.0%} | {p.lines_per_basket:g} | "
                     f"{p.qty_per_line:g} | {p.open_hour}:00–{p.close_hour}:00 | {p.staff} | "
                     f"{p.loyalty_share:.0%} | {p.member_visits:g} |")
    lines.append("\nBasket values follow from the product catalogue (`course/store/catalogue.yaml`): about "
                 "£40 apparel, £19 grocery (published UK spend per visit is about £18–26), £150 electronics "
                 "and £30 homeware, all ex VAT.\n")
    return "\n".join(lines)
