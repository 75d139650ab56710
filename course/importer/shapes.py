"""Recognise which of the four common export shapes a table is, and which of its columns play which role.

A role is a column of the workbook's own layout (`timestamp`, `net_value`, `qty`, ...). Each role is found by
the export's header (case, spaces and punctuation ignored) or given with `--columns role=THEIR_COLUMN`.
The shapes:
- line items (like UCI Online Retail): one row per product line, with quantity and unit price;
- order lines (like Tableau Superstore): one row per line with its sales value and a segment, discount or profit;
- transactions: one row per sale, with a value (and units);
- daily totals (like Rossmann): one row per day, with counts of people (and sales).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from course.importer.errors import ImportProblem

ROLES: dict[str, tuple[str, tuple[str, ...]]] = {  # role -> (what it is, headers it is recognised by)
    "transaction_id": ("the sale's receipt, invoice or order id", (
        "transactionid", "transaction", "invoiceno", "invoice", "invoicenumber", "orderid", "order", "orderno",
        "receiptid", "receiptno", "receipt", "receiptnumber", "basketid", "ticketno")),
    "timestamp": ("the date (and time) of the sale or day", (
        "timestamp", "datetime", "invoicedate", "orderdate", "saledate", "transactiondate", "date", "day")),
    "time": ("the time of the sale, when the export has it in a column of its own", (
        "time", "saletime", "transactiontime", "timeofsale")),
    "customer_id": ("the loyalty customer's id (pseudonymised)", (
        "customerid", "customer", "customerno", "customernumber", "loyaltyid", "loyaltycard", "cardnumber")),
    "product_id": ("the product's code", (
        "productid", "stockcode", "sku", "itemcode", "productcode", "barcode", "ean", "plu", "articleno")),
    "product_name": ("the product's name", ("productname", "description", "itemname", "itemdescription",
                                            "product")),
    "category": ("the product's category", ("category", "department", "productcategory", "range")),
    "qty": ("items on the line", ("qty", "quantity", "quantitysold")),
    "unit_price": ("the price of one item", ("unitprice", "price", "priceeach", "itemprice", "sellingprice")),
    "units": ("items in the sale", ("units", "items", "itemcount", "unitssold", "numberofitems")),
    "net_value": ("the value of the sale or line", (
        "netvalue", "sales", "value", "total", "amount", "net", "netsales", "revenue", "totalvalue",
        "salesvalue", "saleamount")),
    "discount": ("the discount as a fraction of the price (0.2 = 20%)", ("discount", "discountrate")),
    "profit": ("the line's profit (gives the cost)", ("profit", "margin", "grossprofit")),
    "segment": ("the customer's segment", ("segment", "customersegment", "customertype")),
    "visitors": ("people counted on the day", ("visitors", "footfall", "customers", "doorcount", "peoplein",
                                               "visits", "entries")),
    "store": ("the store", ("store", "storeid", "storeno", "branch", "shop", "site")),
    "open": ("whether the store was open (1/0)", ("open", "isopen", "storeopen")),
}
SHAPES = {"line items": "one row per product line (like UCI Online Retail)",
          "order lines": "one row per order line with segment, discount or profit (like Tableau Superstore)",
          "transactions": "one row per sale",
          "daily totals": "one row per day with counts of people (like Rossmann)"}
_NEEDS = {"line items": ("timestamp", "product_id", "qty", "unit_price"),
          "order lines": ("timestamp", "net_value", "qty"),
          "transactions": ("timestamp", "net_value", "units"),
          "daily totals": ("timestamp", "visitors")}
PERSONAL = re.compile(r"name|e-?mail|phone|mobile|tel|address|postcode|zip|street|town|city|birth|dob", re.I)


@dataclass(frozen=True)
class Shape:
    """A table's shape and the export column playing each role."""
    kind: str
    roles: dict[str, str]


def parse_columns(pairs: list[str] | None) -> dict[str, str]:
    """Return `--columns role=THEIR_COLUMN ...` as {role: column}; refuse an unknown role or a bad pair."""
    out: dict[str, str] = {}
    for pair in pairs or []:
        role, sep, column = pair.partition("=")
        role, column = role.strip(), column.strip()
        if not sep or not column:
            raise ImportProblem("--columns", f"{pair!r} is not name=THEIR_COLUMN",
                                "write it like --columns timestamp=\"Sale Date\" net_value=Total")
        if role not in ROLES:
            raise ImportProblem("--columns", f"{role!r} is not a column of the workbook's layout",
                                f"use one of: {', '.join(ROLES)}")
        out[role] = column
    return out


def _key(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", header.lower())


def recognise(file: str, headers: list[str], told: dict[str, str]) -> Shape:
    """Return the file's shape and roles: `told` (from --columns) first, then the headers by name."""
    roles = {role: col for role, col in told.items() if col in headers}
    for role, (_, names) in ROLES.items():
        if role in roles:
            continue
        taken = set(roles.values())
        found = [h for name in names for h in headers if _key(h) == name and h not in taken]
        if found:
            roles[role] = found[0]
    if "units" not in roles and "qty" in roles and "unit_price" not in roles and "product_id" not in roles \
            and "net_value" in roles and not {"profit", "segment", "discount"} & set(roles):
        roles["units"] = roles.pop("qty")  # one row per sale: its quantity is the sale's units
    kind = _kind(roles)
    if kind is None:
        raise ImportProblem(file, f"is not one of the shapes I know (found columns: {', '.join(headers)})",
                            "name the columns with --columns, e.g. --columns timestamp=\"Sale Date\" "
                            "net_value=Total units=Items (see docs/importing-your-data.md); if the column "
                            "names are not on the first line, delete the lines above them")
    missing = [r for r in _NEEDS[kind] if r not in roles]
    if missing:
        raise ImportProblem(file, f"looks like {SHAPES[kind]} but has no column for "
                            f"{', '.join(f'{r} ({ROLES[r][0]})' for r in missing)}",
                            f"name it with --columns {missing[0]}=THEIR_COLUMN")
    return Shape(kind, roles)


def _kind(roles: dict[str, str]) -> str | None:
    if "visitors" in roles or {"store", "open"} <= set(roles):
        return "daily totals"
    if {"net_value", "qty"} <= set(roles) and {"profit", "segment", "discount"} & set(roles):
        return "order lines"
    if {"qty", "unit_price"} <= set(roles):
        return "line items"
    if {"net_value", "timestamp"} <= set(roles):
        return "transactions"
    return None


def unknown_told_columns(told: dict[str, str], files: dict[str, list[str]]) -> None:
    """Refuse a --columns column that is in none of the files, listing the columns they have."""
    every = {h for headers in files.values() for h in headers}
    for role, column in told.items():
        if column not in every:
            have = "; ".join(f"{name}: {', '.join(headers)}" for name, headers in files.items())
            raise ImportProblem("--columns", f"{role}={column}: no file has a column {column!r}",
                                f"use a column name exactly as the file's header writes it ({have})")
