"""Write import-report.md: what was read, how, what was dropped and why, and what the learner must check.

The report holds no customer ids, names or absolute paths, and no date or time of the run, so the same
export imported twice gives the same report (the example exports in datasets/imports/ are compared with it).
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from course.importer.normalise import Rows
from course.importer.shapes import PERSONAL, ROLES, SHAPES
from course.store.schema import TABLES

_SHOWN_LINES = 8
_WHAT = {"transactions": "one row per sale", "transaction_lines": "one row per product line of a sale",
         "products": "one row per product sold", "customers": "one row per customer, by pseudonym",
         "footfall": "one row per day, with the people counted"}


def report_text(rows: list[Rows], tables: dict[str, pd.DataFrame], placeholders: dict[str, dict[str, str]],
                meta: dict[str, object], key_name: str, *, told: dict[str, str]) -> str:
    """Return the import report as Markdown."""
    parts = ["# Import report", "",
             f"Made by `course import` from {', '.join(f'`{r.file}`' for r in rows)}. Read it before you use the "
             "data: check the figures at the end against your till's own report for the same period.", ""]
    parts += _files(rows, told) + _dropped(rows) + _period(meta) + _tables(tables, placeholders)
    parts += _money(meta, rows) + _figures(tables, rows, meta) + _personal(rows, tables, key_name)
    return "\n".join(parts).rstrip() + "\n"


def _files(rows: list[Rows], told: dict[str, str]) -> list[str]:
    out = ["## Your files and the columns used", ""]
    for r in rows:
        kept = len(r.frame)
        read = kept + sum(len(d.lines) for d in r.drops)
        out += [f"### {r.file}", "", f"- Shape: {r.shape.kind}, {SHAPES[r.shape.kind]}.",
                f"- Rows read: {read:,}; rows used: {kept:,}."]
        out += [f"- {note[0].upper() + note[1:]}." for note in r.notes]
        out += ["", "| their column | used as | what it is |", "|---|---|---|"]
        for role, column in r.shape.roles.items():
            how = " (you said so with --columns)" if told.get(role) == column else ""
            out.append(f"| {column} | `{role}` | {ROLES[role][0]}{how} |")
        used = set(r.shape.roles.values())
        unused = [c for c in r.headers if c not in used]
        if unused:
            out += ["", "Not used: " + ", ".join(unused) + "."]
        out.append("")
    return out


def _dropped(rows: list[Rows]) -> list[str]:
    drops = [d for r in rows for d in r.drops]
    out = ["## Rows dropped, and why", ""]
    if not drops:
        return [*out, "None: every row was used.", ""]
    out += ["| file | why | rows | lines |", "|---|---|---|---|"]
    for d in drops:
        shown = ", ".join(str(n) for n in d.lines[:_SHOWN_LINES]) + (", ..." if len(d.lines) > _SHOWN_LINES else "")
        out.append(f"| {d.file} | {d.reason} | {len(d.lines):,} | {shown} |")
    total = sum(len(d.lines) for d in drops)
    out += ["", f"{total:,} row{'s' if total != 1 else ''} dropped in all."]
    if any(d.reason.startswith(("cancellations", "returns")) for d in drops):
        out[-1] += (" Cancelled and returned sales are not sales, so they are left out of every figure; if your "
                    "till's report counts them, its totals will differ from those below by these rows.")
    return [*out, ""]


def _period(meta: dict[str, object]) -> list[str]:
    start, end = date.fromisoformat(str(meta["start"])), date.fromisoformat(str(meta["end"]))
    days = (end - start).days + 1
    span = f"{days:,} day{'s' * (days != 1)}"
    sector = f"{meta['sector']}, as you stated it" if meta.get("sector") else \
        "not stated (say it with --sector, or your notebook's sector is used)"
    return ["## The period", "", f"From {start.day} {start:%B %Y} to {end.day} {end:%B %Y} ({span}), the first and "
            f"last day in your data. Sector: {sector}.", ""]


def _tables(tables: dict[str, pd.DataFrame], placeholders: dict[str, dict[str, str]]) -> list[str]:
    out = ["## Workbook tables present and absent", "", "Present (made from your data):", ""]
    out += [f"- `{name}`: {len(frame):,} rows: {_WHAT[name]}." for name, frame in tables.items()]
    absent = [t.name for t in TABLES if t.name not in tables]
    out += ["", "Absent: " + ", ".join(f"`{n}`" for n in absent) + ". Your export does not hold them, so nothing "
            "was made up: exercises that need them use your practice store, and say so.", ""]
    filled = [(t, c, why) for t, cols in placeholders.items() for c, why in cols.items()]
    if filled:
        out += ["Columns the workbook's layout has but your export does not: they hold a stand-in value, not "
                "your data, and store.json lists them under `placeholders`.", ""]
        out += [f"- `{t}.{c}`: {why}." for t, c, why in filled]
        out.append("")
    return out


def _money(meta: dict[str, object], rows: list[Rows]) -> list[str]:
    currency, vat = meta["currency"], meta["vat"]
    seen = sorted({c for r in rows for c in r.currencies})
    said = f"{currency}" if currency != "unknown" else "not stated (say it with --currency, e.g. --currency GBP)"
    if currency != "unknown" and not seen:
        said += ", as you stated it"
    elif seen:
        said += f" (the values carry {', '.join(seen)} symbols)"
        if "USD" in seen and currency == "unknown":
            said += "; $ is used by several currencies, so say which with --currency"
    vat_words = {"included": "values include VAT, as you stated it",
                 "excluded": "values exclude VAT, as you stated it",
                 "unknown": "not stated (say --vat included or --vat excluded); the workbook's own data excludes "
                            "VAT, so compare with care"}
    return ["## Currency and VAT", "", f"- Currency: {said}.", f"- VAT: {vat_words[str(vat)]}.", ""]


def _figures(tables: dict[str, pd.DataFrame], rows: list[Rows], meta: dict[str, object]) -> list[str]:
    unit = "" if meta["currency"] == "unknown" else f" {meta['currency']}"
    out = ["## Figures to check against your till", ""]
    if "transactions" in tables:
        t = tables["transactions"]
        out += [f"- Sales (transactions): {len(t):,}", f"- Items sold: {int(t['units'].sum()):,}",
                f"- Sales value:{unit} {t['net_value'].sum():,.2f}"]
        if "customers" in tables:
            known = int(t["customer_id"].notna().sum())
            out.append(f"- Customers: {len(tables['customers']):,} (on {known:,} of the {len(t):,} sales)")
    if "footfall" in tables:
        out.append(f"- People counted: {int(tables['footfall']['visitors'].sum()):,} over "
                   f"{len(tables['footfall']):,} days")
    for r in rows:
        if r.shape.kind == "daily totals" and "net_value" in r.frame:
            out.append(f"- Daily sales in {r.file}:{unit} {r.frame['net_value'].sum():,.2f} over {len(r.frame):,} "
                       "days (one total a day is not a table of sales, so the workbook does not use it)")
    return [*out, ""]


def _personal(rows: list[Rows], tables: dict[str, pd.DataFrame], key_name: str) -> list[str]:
    personal = sorted({c for r in rows for c in r.headers if PERSONAL.search(c)
                       and c not in r.shape.roles.values()})
    found = f" Your export has columns that look personal ({', '.join(personal)}): they were not copied." \
        if personal else ""
    out = ["## Personal data", "",
           "Names, email addresses, phone numbers and postal addresses are never copied into this folder." + found,
           ""]
    if "customers" in tables:
        out += ["Customer ids are replaced by pseudonyms (C- and twelve characters) made with a secret key. "
                "Pseudonymised data is still personal data under UK GDPR: whoever holds the key, or enough of the "
                "employer's records, can link a pseudonym back to a person.", ""]
    out += ["Before you use this data, check with your employer (your manager or data protection lead):", "",
            "- that you have their permission to use the export for your course, and for what;",
            "- that the export holds only what the work needs (data minimisation): ask for it without names, "
            "contact details or card numbers in the first place;",
            "- where you may keep it, who may see it (your tutor?) and when you must delete it.", ""]
    if "customers" in tables:
        out += [f"The key is in `{key_name}`, outside this folder. Keep it private and never hand it in with your "
                "work. Importing a new export with the same key gives each customer the same pseudonym; delete the "
                "key when the course ends and the pseudonyms can no longer be linked to anyone.", ""]
    return out
