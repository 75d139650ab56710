"""Turn one recognised export into rows in the workbook's terms, dropping (and counting) what is not a sale.

Each file becomes a frame with the file's `line` and the roles it has, parsed: line-level shapes give product
lines (qty, unit_price, discount in money, net_value, and the unit cost when the export has profit), the
transactions shape gives sales, daily totals give days. Rows that are not a sale are dropped, each counted
under the first reason that applies, with the first few lines, for the import report.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from course.importer.errors import ImportProblem
from course.importer.read import RawTable
from course.importer.shapes import Shape
from course.importer.values import parse_dates, parse_numbers

_WHOLE = ("qty", "units", "visitors")
_NUMBERS = ("unit_price", "net_value", "discount", "profit")
_TEXT = ("transaction_id", "customer_id", "product_id", "product_name", "category", "segment", "store")
_TRUE = {"1", "true", "yes", "y", "open"}


@dataclass
class Drop:
    """Rows of one file dropped for one reason."""
    file: str
    reason: str
    lines: list[int]


@dataclass
class Rows:
    """One file's rows in the workbook's terms, with what was dropped and what reading it assumed."""
    file: str
    shape: Shape
    frame: pd.DataFrame
    headers: list[str] = field(default_factory=list)
    drops: list[Drop] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    currencies: set[str] = field(default_factory=set)


def normalise(raw: RawTable, shape: Shape, date_format: str | None) -> Rows:
    """Parse the roles of one file and drop the rows that are not sales (or not open days)."""
    src, roles = raw.frame, shape.roles
    lines = pd.Series([raw.line(i) for i in src.index], index=src.index)
    rows = Rows(raw.name, shape, pd.DataFrame({"line": lines}), headers=list(src.columns), notes=list(raw.notes))
    when = src[roles["timestamp"]]
    if "time" in roles:
        when = (when + " " + src[roles["time"]]).str.strip()
    dates = parse_dates(raw.name, roles["timestamp"], when, lines, date_format)
    rows.frame["timestamp"], rows.notes = dates.values, rows.notes + dates.notes
    for role in _WHOLE + _NUMBERS:
        if role in roles:
            text = src[roles[role]]
            if role == "discount" and text.str.endswith("%").any():
                text = text.str.rstrip("%").str.strip()
                rows.notes.append(f"'{roles[role]}': % signs removed")
            parsed = parse_numbers(raw.name, roles[role], text, lines, whole=role in _WHOLE)
            rows.frame[role] = parsed.values
            rows.notes += parsed.notes
            rows.currencies |= parsed.currencies
    for role in _TEXT:
        if role in roles:
            rows.frame[role] = src[roles[role]].where(src[roles[role]] != "", None)
    if "open" in roles:
        rows.frame["open"] = src[roles["open"]].str.lower().isin(_TRUE)
    if roles.get("visitors", "").strip().lower() == "customers":
        rows.notes.append(f"'{roles['visitors']}': taken as the number of people in the store that day; if it "
                          "counts sales (receipts) rather than people through the door, it is not footfall and "
                          "conversion worked out from it will be wrong")
    _drop(rows)
    if shape.kind in ("line items", "order lines"):
        _line_values(rows)
    return rows


def _reasons(frame: pd.DataFrame, kind: str) -> list[tuple[str, pd.Series]]:
    """Return (reason, rows it drops) in the order a row is counted: the first reason that applies."""
    no = pd.Series(False, index=frame.index)
    count: pd.Series = frame[next(c for c in ("qty", "units", "visitors") if c in frame)]
    has_value = "net_value" in frame and kind != "daily totals"
    value: pd.Series = frame["net_value"] if "net_value" in frame else pd.Series(0.0, index=frame.index)
    ids = frame["transaction_id"].fillna("") if "transaction_id" in frame else pd.Series("", index=frame.index)
    price: pd.Series = frame["unit_price"] if "unit_price" in frame else pd.Series(0.0, index=frame.index)
    cancelled = ids.str.upper().str.startswith("C") & ids.str[1:2].str.isdigit()
    out = [("cancellations (the receipt id starts with C)", cancelled if kind != "daily totals" else no),
           ("store closed that day", ~frame["open"] if "open" in frame else no),
           ("returns or refunds (a negative quantity or value)", (count < 0) | (value < 0)),
           ("zero quantities" if kind != "daily totals" else "nobody counted", count == 0),
           ("negative prices (an adjustment, not a sale)", price < 0),
           ("no quantity, price or value", count.isna() | (value.isna() if has_value else no) | price.isna()),
           ("no product code", frame["product_id"].isna() if "product_id" in frame else no),
           ("unreadable or missing dates", frame["timestamp"].isna()),
           ("dates in the future (a typing mistake?)", frame["timestamp"] >= pd.Timestamp.today().normalize()
            + pd.Timedelta(days=1))]
    return [(reason, mask.fillna(False).astype(bool)) for reason, mask in out]


def _drop(rows: Rows) -> None:
    frame = rows.frame
    dropped = pd.Series(False, index=frame.index)
    for reason, mask in _reasons(frame, rows.shape.kind):
        new = mask & ~dropped
        if new.any():
            rows.drops.append(Drop(rows.file, reason, [int(x) for x in frame.loc[new, "line"]]))
        dropped |= new
    rows.frame = frame.loc[~dropped].copy()
    if rows.frame.empty:
        raise ImportProblem(rows.file, "no rows are left once cancellations, returns and unreadable rows are "
                            "dropped", "check the file holds sales (or counts) and that the columns are the "
                            "right ones; the first dropped line is " + str(rows.drops[0].lines[0]))


def _line_values(rows: Rows) -> None:
    """Give every product line its unit price, discount in money and net value (and unit cost, from profit)."""
    f = rows.frame
    if rows.shape.kind == "line items":
        f["discount"] = 0.0
        f["net_value"] = (f["qty"] * f["unit_price"]).round(2)
        return
    rate = f["discount"].fillna(0.0) if "discount" in f else pd.Series(0.0, index=f.index)
    if (rate > 1).any():  # written as a percentage (20 for 20%)
        rate = rate / 100
        rows.notes.append(f"'{rows.shape.roles['discount']}': read as a percentage (20 means 20% off)")
    if ((rate < 0) | (rate >= 1)).any():
        row = rate[(rate < 0) | (rate >= 1)].index[0]
        raise ImportProblem(rows.file, f"discount {rate[row]:g} is not between 0 and 1",
                            "give the discount as a fraction of the price (0.2 for 20% off)",
                            line=int(f.loc[row, "line"]), column=rows.shape.roles["discount"])
    gross = f["net_value"] / (1 - rate)
    f["unit_price"] = (gross / f["qty"]).round(4)
    f["discount"] = (gross - f["net_value"]).round(2)
    f["net_value"] = f["net_value"].round(2)
    if "profit" in f:
        f["unit_cost"] = ((f["net_value"] - f["profit"]) / f["qty"]).clip(lower=0).round(4)
    f.replace([np.inf, -np.inf], np.nan, inplace=True)
