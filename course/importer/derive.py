"""Derive the workbook's tables that an export can honestly give, and nothing else.

Sales exports give transactions, and (line-level shapes) transaction lines and products; a customer column
gives customers, pseudonymised with a keyed hash (HMAC-SHA256) so the output never holds the employer's ids.
Daily counts of people give footfall, one row per day. A column the workbook's layout needs but no export
has (a product's features, a customer's name) is filled with a placeholder that `PLACEHOLDERS` names, so the
import report and store.json can say exactly which values are not the learner's data.
"""

from __future__ import annotations

import hashlib
import hmac

import pandas as pd

from course.importer.errors import ImportProblem
from course.importer.normalise import Rows
from course.store.schema import TABLES_BY_NAME

NOT_IN_EXPORT = "not in your export"
WITHHELD = "withheld"
_BUSINESS = {"corporate", "home office", "business", "b2b", "trade", "wholesale"}
PLACEHOLDERS: dict[str, dict[str, str]] = {
    "transactions": {"staff_id": "'unknown': the export does not say who served",
                     "promotion": "True only where a line had a discount; False when the export has no discounts"},
    "products": {"hfss": "False: the export does not say", "feature_1": NOT_IN_EXPORT, "benefit_1": NOT_IN_EXPORT,
                 "feature_2": NOT_IN_EXPORT, "benefit_2": NOT_IN_EXPORT},
    "customers": {"join_date": "the date of their first purchase in the export, not when they joined",
                  "segment": "from the export's segment (business) or how often they bought: 4 or more sales "
                             "regular, 2-3 occasional, 1 new",
                  "name": f"'{WITHHELD}': never copied", "email": f"'{WITHHELD}': never copied",
                  "phone": f"'{WITHHELD}': never copied",
                  "marketing_consent": "False: the export does not say, so nobody is assumed to have agreed",
                  "synthetic": "False: these are real customers, pseudonymised"},
    "footfall": {"timestamp": "the day (at 00:00): the export counts people per day, not per hour",
                 "queue_minutes": "0: the export has no queue times", "weather": "'dry': the export has no weather"},
}


def pseudonym(key: bytes, customer: str) -> str:
    """Return the customer's pseudonym: 'C-' and 12 hex characters of an HMAC-SHA256 keyed with `key`."""
    return "C-" + hmac.new(key, customer.encode("utf-8"), hashlib.sha256).hexdigest()[:12]


def derive(rows: list[Rows], key: bytes) -> tuple[dict[str, pd.DataFrame], dict[str, dict[str, str]]]:
    """Return the derived tables by name (schema columns) and, per table, the columns holding placeholders."""
    tables: dict[str, pd.DataFrame] = {}
    sales = [r for r in rows if r.shape.kind != "daily totals"]
    kinds = {("lines" if r.shape.kind in ("line items", "order lines") else "sales") for r in sales}
    if len(kinds) > 1:
        raise ImportProblem(", ".join(r.file for r in sales), "mixes a file of product lines with a file of whole "
                            "sales", "import one kind of sales export at a time (a footfall file may go with either)")
    if sales:
        frame = pd.concat([r.frame.assign(file=r.file) for r in sales], ignore_index=True)
        frame = _with_ids(frame)
        if "lines" in kinds:
            tables["transaction_lines"] = _lines(frame)
            tables["transactions"] = _transactions_from_lines(frame)
            if frame["product_id"].notna().all() if "product_id" in frame else False:
                tables["products"] = _products(frame)
        else:
            tables["transactions"] = _transactions(frame)
        if "customer_id" in frame and frame["customer_id"].notna().any():
            tables["customers"] = _customers(frame, tables["transactions"], key)
        tables["transactions"]["customer_id"] = tables["transactions"]["customer_id"].map(
            lambda c: None if c is None or pd.isna(c) else pseudonym(key, str(c)))
    days = [r for r in rows if r.shape.kind == "daily totals"]
    if days:
        tables["footfall"] = _footfall(days)
    placeholders = {name: dict(PLACEHOLDERS.get(name, {})) for name in tables}
    if sales and frame.attrs.get("made_ids"):
        placeholders["transactions"]["transaction_id"] = "made by the import (T000001, ...): the export has no " \
            "receipt ids, so each row is one sale"
    if sales and (frame["timestamp"] == frame["timestamp"].dt.normalize()).all():
        placeholders["transactions"]["timestamp"] = "the day only (00:00): the export has no times of day, so " \
            "nothing by hour of the day can be worked out"
    if "products" in tables and "unit_cost" not in frame:
        placeholders["products"]["cost"] = "the price: the export has no cost or profit, so no margin can be worked out"
    return {name: tables[name] for name in TABLES_BY_NAME if name in tables}, placeholders


def _with_ids(frame: pd.DataFrame) -> pd.DataFrame:
    """Make a transaction id for every row of an export that has none: one row, one sale."""
    if "transaction_id" not in frame or frame["transaction_id"].isna().all():
        frame["transaction_id"] = [f"T{n:06d}" for n in range(1, len(frame) + 1)]
        frame.attrs["made_ids"] = True
    elif frame["transaction_id"].isna().any():
        row = frame.index[frame["transaction_id"].isna()][0]
        raise ImportProblem(frame.loc[row, "file"], "a row has no receipt id", "fill it in, or map another "
                            "column with --columns transaction_id=COLUMN", line=int(frame.loc[row, "line"]))
    return frame


def _lines(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame[["transaction_id", "product_id", "qty", "unit_price", "discount", "net_value"]].copy()
    if out["product_id"].isna().all():
        out["product_id"] = "unknown"
    out["line_no"] = out.groupby("transaction_id", sort=False).cumcount() + 1
    out["qty"] = out["qty"].astype("int64")
    cols = TABLES_BY_NAME["transaction_lines"].column_names
    return out[cols].sort_values(["transaction_id", "line_no"], kind="stable").reset_index(drop=True)


def _transactions_from_lines(frame: pd.DataFrame) -> pd.DataFrame:
    grouped = frame.groupby("transaction_id", sort=False)
    out = pd.DataFrame({
        "timestamp": grouped["timestamp"].min(),
        "customer_id": grouped["customer_id"].first() if "customer_id" in frame else None,
        "units": grouped["qty"].sum().astype("int64"),
        "net_value": grouped["net_value"].sum().round(2),
        "promotion": grouped["discount"].max() > 0,
    }).reset_index()
    return _finish_transactions(out)


def _transactions(frame: pd.DataFrame) -> pd.DataFrame:
    dup = frame["transaction_id"].duplicated()
    if dup.any():
        row = frame.index[dup][0]
        first = frame.loc[frame["transaction_id"] == frame.loc[row, "transaction_id"], "line"].iloc[0]
        raise ImportProblem(frame.loc[row, "file"], f"receipt {frame.loc[row, 'transaction_id']!r} is also on "
                            f"line {first}, but this shape has one row per sale", "if each row is a product line, "
                            "map its columns with --columns qty=COLUMN unit_price=COLUMN",
                            line=int(frame.loc[row, "line"]))
    out = frame[["transaction_id", "timestamp", "units", "net_value"]].copy()
    out["customer_id"] = frame.get("customer_id", None)
    out["units"] = out["units"].astype("int64")
    out["net_value"] = out["net_value"].round(2)
    out["promotion"] = False
    return _finish_transactions(out)


def _finish_transactions(out: pd.DataFrame) -> pd.DataFrame:
    out["staff_id"] = "unknown"
    out["customer_id"] = out["customer_id"].astype(object).where(out["customer_id"].notna(), None)
    cols = TABLES_BY_NAME["transactions"].column_names
    return out[cols].sort_values(["timestamp", "transaction_id"], kind="stable").reset_index(drop=True)


def _commonest(frame: pd.DataFrame, key: str, column: str) -> pd.Series:
    """Return, per `key`, the commonest value of `column` (the first seen among equals); a key without one is NaN."""
    pairs = frame[[key, column]].dropna()
    counts = pairs.groupby([key, column], sort=False).size().reset_index(name="n")
    top = counts.sort_values("n", ascending=False, kind="stable").drop_duplicates(key)
    return top.set_index(key)[column].reindex(frame[key].drop_duplicates())


def _products(frame: pd.DataFrame) -> pd.DataFrame:
    grouped = frame.groupby("product_id", sort=True)
    out = pd.DataFrame({"price": grouped["unit_price"].median().round(2)})
    out["name"] = _commonest(frame, "product_id", "product_name") if "product_name" in frame else None
    out["name"] = out["name"].where(out["name"].notna(), out.index.to_series())
    out["category"] = _commonest(frame, "product_id", "category") if "category" in frame else None
    out["category"] = out["category"].fillna("not recorded")
    out["cost"] = grouped["unit_cost"].median().round(2) if "unit_cost" in frame else out["price"]
    out["hfss"] = False
    out["neighbour_id"] = None
    for n in (1, 2):
        out[f"feature_{n}"] = NOT_IN_EXPORT
        out[f"benefit_{n}"] = NOT_IN_EXPORT
    out["feature_3"] = out["benefit_3"] = None
    out = out.rename_axis("product_id").reset_index()
    return out[TABLES_BY_NAME["products"].column_names]


def _customers(frame: pd.DataFrame, transactions: pd.DataFrame, key: bytes) -> pd.DataFrame:
    known = frame[frame["customer_id"].notna()]
    grouped = known.groupby("customer_id", sort=False)
    sales = grouped["transaction_id"].nunique()
    segment = sales.map(lambda n: "regular" if n >= 4 else "occasional" if n >= 2 else "new")
    if "segment" in known:
        theirs = _commonest(known, "customer_id", "segment").fillna("").str.lower()
        segment = segment.where(~theirs.isin(_BUSINESS), "business")
    out = pd.DataFrame({"join_date": grouped["timestamp"].min().dt.normalize(), "segment": segment})
    out.index = [pseudonym(key, str(c)) for c in out.index]
    out = out.rename_axis("customer_id").reset_index()
    out["name"] = out["email"] = out["phone"] = WITHHELD
    out["marketing_consent"] = False
    out["synthetic"] = False
    return out[TABLES_BY_NAME["customers"].column_names].sort_values("customer_id").reset_index(drop=True)


def _footfall(days: list[Rows]) -> pd.DataFrame:
    frame = pd.concat([r.frame.assign(file=r.file) for r in days], ignore_index=True)
    if "store" in frame and frame["store"].nunique() > 1:
        stores = sorted(frame["store"].dropna().unique())
        raise ImportProblem(frame["file"].iloc[0], f"holds {len(stores)} stores ({', '.join(stores[:5])})",
                            "keep only your store's rows (filter the store column in a spreadsheet), save, and "
                            "import again")
    day = frame["timestamp"].dt.normalize()
    if day.duplicated().any():
        row = day.index[day.duplicated()][0]
        raise ImportProblem(frame.loc[row, "file"], f"the day {day[row].date()} appears twice",
                            "each day once: remove the repeated row", line=int(frame.loc[row, "line"]))
    out = pd.DataFrame({"timestamp": day, "visitors": frame["visitors"].astype("int64"),
                        "queue_minutes": 0.0, "weather": "dry"})
    return out.sort_values("timestamp").reset_index(drop=True)
