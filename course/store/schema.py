"""The store data schema: every table, column, type, unit and meaning, and validation against it.

One definition serves three jobs: `validate_tables` checks a directory a tutor brings ("bring your
own data"), `coerce_table` parses CSV text into the right dtypes, and DATA_DICTIONARY.md is written
from it, so the documentation cannot drift from the code.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

SECTORS: tuple[str, ...] = ("apparel", "grocery", "electronics", "homeware")
FIRST_DAY, LAST_DAY = pd.Timestamp("1900-01-01"), pd.Timestamp("2200-12-31 23:59:59")  # dates a store file may hold


class SchemaError(ValueError):
    """A store table breaks the schema. The message names the file, the column and the fix."""


@dataclass(frozen=True)
class Column:
    """A column of a store table: its kind, unit, meaning and allowed values."""
    name: str
    kind: str  # "str" | "int" | "float" | "bool" | "datetime" | "date" | "category"
    unit: str
    meaning: str
    nullable: bool = False
    allowed: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None


@dataclass(frozen=True)
class Table:
    """A store table: its purpose, columns and key."""
    name: str
    purpose: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    required: bool = True
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"


def _c(name: str, kind: str, unit: str, meaning: str, *, nullable: bool = False, allowed: tuple[str, ...] = (),
       minimum: float | None = None, maximum: float | None = None) -> Column:
    return Column(name, kind, unit, meaning, nullable, allowed, minimum, maximum)


CHANNELS = ("in store", "phone", "email", "web chat", "social media")
REASONS = ("product query", "stock check", "order status", "return or refund", "complaint", "loyalty account")
COMPLAINT_CATEGORIES = ("queue or wait time", "staff attitude", "product quality", "refund or return",
                        "pricing or promotion", "availability")
SEVERITIES = ("low", "medium", "high")
OUTCOMES = ("refund", "replacement", "repair", "apology", "voucher", "no further action", "open")
SURVEY_SOURCES = ("receipt survey", "email survey", "online review", "social media")
SEGMENTS = ("regular", "occasional", "new", "business")
ROLES = ("store manager", "assistant manager", "team leader", "sales advisor", "customer service advisor")
WEATHER = ("dry", "rain", "storm")
MECHANICS = ("percentage off", "multi-buy")
EVENT_KINDS = ("staffing", "process change", "competitor", "weather", "promotion", "holiday", "team meeting")
BENCHMARK_KINDS = ("own store", "our chain", "competitor")

TABLES: tuple[Table, ...] = (
    Table("footfall", "Hourly door counter while the store is open, with the queue system's average wait.", (
        _c("timestamp", "datetime", "hour start", "Start of the hour (local time)."),
        _c("visitors", "int", "people", "Visitors counted in through the door in that hour.", minimum=0),
        _c("queue_minutes", "float", "minutes", "Average wait at the tills in that hour.", minimum=0),
        _c("weather", "category", "", "That day's weather.", allowed=WEATHER),
    ), key=("timestamp",)),
    Table("transactions", "One row per sale (basket) at the tills.", (
        _c("transaction_id", "str", "", "Unique sale id."),
        _c("timestamp", "datetime", "", "Time of the sale."),
        _c("staff_id", "str", "", "Who served the customer (see staff)."),
        _c("customer_id", "str", "", "Loyalty customer, if they scanned a card (see customers).", nullable=True),
        _c("units", "int", "items", "Items sold in the basket.", minimum=1),
        _c("net_value", "float", "£ ex VAT", "Basket value after discounts, excluding VAT.", minimum=0),
        _c("promotion", "bool", "", "True if any line was on promotion."),
    ), key=("transaction_id",)),
    Table("transaction_lines", "One row per product line in a basket.", (
        _c("transaction_id", "str", "", "The sale (see transactions)."),
        _c("line_no", "int", "", "Line number within the sale, from 1.", minimum=1),
        _c("product_id", "str", "", "Product sold (see products)."),
        _c("qty", "int", "items", "Quantity.", minimum=1),
        _c("unit_price", "float", "£ ex VAT", "Shelf price per item before any discount.", minimum=0),
        _c("discount", "float", "£", "Promotion discount on the whole line.", minimum=0),
        _c("net_value", "float", "£ ex VAT", "qty × unit_price − discount.", minimum=0),
    ), key=("transaction_id", "line_no")),
    Table("products", "The range: price, cost, features and the matching customer benefits.", (
        _c("product_id", "str", "", "Product id."),
        _c("name", "str", "", "Product name."),
        _c("category", "str", "", "Range category."),
        _c("price", "float", "£ ex VAT", "Shelf price.", minimum=0),
        _c("cost", "float", "£ ex VAT", "Unit cost of goods.", minimum=0),
        _c("hfss", "bool", "", "Food high in fat, sugar or salt (England restricts volume-price promotions)."),
        _c("neighbour_id", "str", "", "Closest substitute in the same category.", nullable=True),
        _c("feature_1", "str", "", "A feature: what the product has or does."),
        _c("benefit_1", "str", "", "What feature_1 means for the customer."),
        _c("feature_2", "str", "", "Second feature."),
        _c("benefit_2", "str", "", "What feature_2 means for the customer."),
        _c("feature_3", "str", "", "Third feature, if any.", nullable=True),
        _c("benefit_3", "str", "", "What feature_3 means for the customer.", nullable=True),
    ), key=("product_id",)),
    Table("customers", "Loyalty-scheme members. Names and contact details are synthetic.", (
        _c("customer_id", "str", "", "Pseudonymous customer id."),
        _c("join_date", "date", "", "Date they joined the loyalty scheme."),
        _c("segment", "category", "", "Customer type used for planning.", allowed=SEGMENTS),
        _c("name", "str", "", "Synthetic name (not a real person)."),
        _c("email", "str", "", "Synthetic email (example.com, never deliverable)."),
        _c("phone", "str", "", "Synthetic phone (Ofcom's range reserved for drama)."),
        _c("marketing_consent", "bool", "", "Opted in to marketing (consent is their lawful basis)."),
        _c("synthetic", "bool", "", "Always True here: this person does not exist."),
    ), key=("customer_id",)),
    Table("interactions", "CRM / service log: every customer contact.", (
        _c("interaction_id", "str", "", "Contact id."),
        _c("timestamp", "datetime", "", "When the contact started."),
        _c("customer_id", "str", "", "Loyalty customer, if known.", nullable=True),
        _c("channel", "category", "", "How they contacted us.", allowed=CHANNELS),
        _c("reason", "category", "", "Why they contacted us.", allowed=REASONS),
        _c("handled_by", "str", "", "Staff member (see staff)."),
        _c("handle_minutes", "float", "minutes", "Handling time.", minimum=0),
        _c("resolved_first_contact", "bool", "",
           "Resolved at the first contact: False if a repeat contact about the same issue came within 7 days."),
        _c("repeat_of", "str", "", "The earlier contact this one repeats, if any.", nullable=True),
        _c("entered_late", "bool", "", "The record was typed up after the end of the shift (late entry)."),
    ), key=("interaction_id",)),
    Table("complaints", "Complaints log with outcome and satisfaction after recovery.", (
        _c("complaint_id", "str", "", "Complaint id."),
        _c("interaction_id", "str", "", "The contact that raised it (see interactions)."),
        _c("customer_id", "str", "", "Loyalty customer, if known.", nullable=True),
        _c("received", "datetime", "", "When the complaint was received."),
        _c("resolved", "datetime", "", "When it was closed (empty if still open).", nullable=True),
        _c("category", "category", "", "What it was about.", allowed=COMPLAINT_CATEGORIES),
        _c("severity", "category", "", "How serious.", allowed=SEVERITIES),
        _c("outcome", "category", "", "How it was put right.", allowed=OUTCOMES),
        _c("satisfaction_after", "float", "1-5", "Follow-up satisfaction score (empty if no reply).",
           nullable=True, minimum=1, maximum=5),
    ), key=("complaint_id",)),
    Table("surveys", "Survey answers (solicited) and reviews/social posts (unsolicited).", (
        _c("response_id", "str", "", "Response id."),
        _c("timestamp", "datetime", "", "When it was given."),
        _c("customer_id", "str", "", "Loyalty customer, if known.", nullable=True),
        _c("source", "category", "", "Where it came from.", allowed=SURVEY_SOURCES),
        _c("solicited", "bool", "", "True for surveys we asked for; False for reviews and social posts."),
        _c("nps", "float", "0-10", "'How likely are you to recommend us?' (surveys only).",
           nullable=True, minimum=0, maximum=10),
        _c("csat", "float", "1-5", "Satisfaction with today's visit (star rating for reviews).",
           nullable=True, minimum=1, maximum=5),
        _c("ces", "float", "1-7", "'The store made it easy to handle my request' (7 = strongly agree).",
           nullable=True, minimum=1, maximum=7),
        _c("comment", "str", "", "Short free-text comment (templated).", nullable=True),
    ), key=("response_id",)),
    Table("staff", "The team. Names are synthetic.", (
        _c("staff_id", "str", "", "Staff id."),
        _c("name", "str", "", "Synthetic first name."),
        _c("role", "category", "", "Job role.", allowed=ROLES),
        _c("contracted_hours", "float", "hours/week", "Contracted weekly hours.", minimum=0, maximum=48),
        _c("start_date", "date", "", "When they joined the store."),
    ), key=("staff_id",)),
    Table("rota", "Planned shifts, and whether each was worked.", (
        _c("shift_id", "str", "", "Shift id."),
        _c("date", "date", "", "Day of the shift."),
        _c("staff_id", "str", "", "Who was rostered (see staff)."),
        _c("start", "datetime", "", "Shift start."),
        _c("end", "datetime", "", "Shift end."),
        _c("hours", "float", "hours", "Paid hours of the shift.", minimum=0, maximum=14),
        _c("absent", "bool", "", "True if the shift was not worked (sickness or other absence)."),
    ), key=("shift_id",)),
    Table("promotions", "Promotions that ran.", (
        _c("promo_id", "str", "", "Promotion id."),
        _c("product_id", "str", "", "Product on promotion (see products)."),
        _c("start", "date", "", "First day."),
        _c("end", "date", "", "Last day (inclusive)."),
        _c("mechanic", "category", "", "Type of offer.", allowed=MECHANICS),
        _c("discount_pct", "float", "%", "Discount on the shelf price.", minimum=0, maximum=90),
    ), key=("promo_id",)),
    Table("mystery_shops", "Mystery shopper visits: weighted yes/no checklist items, for our store and others "
          "in the chain.", (
        _c("visit_id", "str", "", "Visit id."),
        _c("date", "date", "", "Visit date."),
        _c("store", "str", "", "Store visited ('Our store' or a chain store)."),
        _c("item", "str", "", "Checklist item."),
        _c("weight", "int", "points", "Points the item is worth.", minimum=1),
        _c("passed", "bool", "", "Whether the shopper saw it done."),
    ), key=("visit_id", "item")),
    Table("benchmarks", "Weekly figures for our store, other stores in our chain and a competitor, for the year "
          "before the period and the period itself (year-on-year and like-for-like).", (
        _c("week_start", "date", "", "Monday of the week."),
        _c("store", "str", "", "Store name."),
        _c("kind", "category", "", "Whose store it is.", allowed=BENCHMARK_KINDS),
        _c("net_sales", "float", "£ ex VAT", "Weekly sales (estimated for the competitor).", minimum=0),
        _c("footfall", "int", "people", "Weekly visitors.", minimum=0),
        _c("conversion", "float", "%", "Transactions ÷ footfall × 100.", minimum=0, maximum=100),
    ), key=("week_start", "store")),
    Table("competitor_prices", "Public shelf prices of matching products, checked weekly in the competitor's store.", (
        _c("week_start", "date", "", "Monday of the week of the check."),
        _c("competitor", "str", "", "Competitor store."),
        _c("product_id", "str", "", "Our matching product (see products)."),
        _c("price", "float", "£ ex VAT", "Their price for the matching product.", minimum=0),
    ), key=("week_start", "competitor", "product_id")),
    Table("events", "The store diary: what the manager noted, in date order.", (
        _c("date", "date", "", "Date of the note."),
        _c("kind", "category", "", "What sort of event.", allowed=EVENT_KINDS),
        _c("note", "str", "", "The manager's note."),
    ), key=("date", "kind", "note")),
)

TABLES_BY_NAME: dict[str, Table] = {t.name: t for t in TABLES}


def table(name: str) -> Table:
    """Return the schema of one table, or raise SchemaError listing the known tables."""
    try:
        return TABLES_BY_NAME[name]
    except KeyError:
        raise SchemaError(f"unknown table {name!r}; the tables are: {', '.join(TABLES_BY_NAME)}") from None


_CANONICAL = {"str": "str", "category": "str", "int": "int64", "float": "float64", "bool": "bool",
              "datetime": "datetime64[ns]", "date": "datetime64[ns]"}


def conform(tbl: Table, frame: pd.DataFrame) -> pd.DataFrame:
    """Return the table's columns in schema order with canonical dtypes (one shape for every source)."""
    out = {}
    for col in tbl.columns:
        values = frame[col.name]
        target = _CANONICAL[col.kind]
        if values.dtype == target:
            out[col.name] = values
            continue
        if col.kind in ("str", "category"):
            values = values.astype(object).where(values.notna(), None)
        out[col.name] = values.astype(pd.api.types.pandas_dtype(target))
    return pd.DataFrame(out).reset_index(drop=True)


def coerce_table(tbl: Table, raw: pd.DataFrame, *, source: str) -> pd.DataFrame:
    """Return `raw` with the schema's columns, in order, parsed to their dtypes.

    Raises SchemaError naming `source` and the column when a column is missing or a value cannot be
    parsed. Extra columns are dropped.
    """
    missing = [c for c in tbl.column_names if c not in raw.columns]
    if missing:
        raise SchemaError(f"{source}: missing column(s) {', '.join(missing)}; "
                          f"expected columns: {', '.join(tbl.column_names)}")
    parsed = pd.DataFrame({col.name: _parse_column(col, raw[col.name], source) for col in tbl.columns})
    return conform(tbl, parsed)


def _parse_column(col: Column, values: pd.Series, source: str) -> pd.Series:
    where = f"{source}: column '{col.name}'"
    parsed, present = _parse_and_present(col.kind, values)
    if not col.nullable and not present.all():
        row = int(np.flatnonzero(~present)[0]) + 2  # +1 header, +1 one-based
        raise SchemaError(f"{where}: empty value on line {row}; every row needs a {col.kind} here")
    bad = present & parsed.isna().to_numpy()
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raise SchemaError(f"{where}: cannot read {values.iloc[row]!r} on line {row + 2} as {_KIND_WORDS[col.kind]}")
    _check_range(col, parsed, where)
    if col.kind in _NUMPY_DTYPES and not col.nullable:
        parsed = parsed.astype(pd.api.types.pandas_dtype(_NUMPY_DTYPES[col.kind]))
    return parsed


def _parse_and_present(kind: str, values: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """Return (the values parsed as `kind`, NA where blank; which values are present: not missing, not blank).

    Blank means empty or only whitespace (`str.strip`). Text is stripped once, for both. A number, flag or date
    that parses is not blank, so for those kinds only the values that do not parse are looked at (an export's
    millions of cells, stripped one by one, took about a third of the time a load took)."""
    if kind in ("str", "category"):
        return _text_and_present(values)
    notna = values.notna().to_numpy()
    parsed = _PARSERS[kind](values)
    present = notna & parsed.notna().to_numpy()
    unread = np.flatnonzero(notna & ~present)
    if len(unread):
        present[unread] = (values.iloc[unread].astype("string").str.strip() != "").to_numpy(dtype=bool)
    return parsed.where(present), present


def _text_and_present(values: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """Return (the text stripped, None where blank; which values are present), as `_parse_and_present` says.

    A column of plain `str` values (every column a CSV file gives) is stripped in one pass of `str.strip`;
    anything else (missing values, numbers) goes through pandas' string dtype, which gives the same text."""
    cells = values.to_numpy(dtype=object)
    if len(cells) and pd.api.types.infer_dtype(cells, skipna=False) == "string":
        stripped = np.array([cell.strip() for cell in cells], dtype=object)
        present = stripped.astype(bool)
        stripped[~present] = None
        return pd.Series(stripped, index=values.index, name=values.name, dtype=object), present
    notna = values.notna().to_numpy()
    text = values.astype("string").str.strip()
    present = notna & (text != "").fillna(False).to_numpy(dtype=bool)
    return text.astype(object).where(present, None), present


def _check_range(col: Column, parsed: pd.Series, where: str) -> None:
    if col.allowed:
        unknown = sorted(set(parsed.dropna().astype(str)) - set(col.allowed))
        if unknown:
            raise SchemaError(f"{where}: unknown value(s) {unknown[:5]}; allowed: {', '.join(col.allowed)}")
    numeric = parsed.dropna()
    if col.minimum is not None and (numeric < col.minimum).any():
        raise SchemaError(f"{where}: value {numeric[numeric < col.minimum].iloc[0]} is below the minimum "
                          f"{col.minimum:g}")
    if col.maximum is not None and (numeric > col.maximum).any():
        raise SchemaError(f"{where}: value {numeric[numeric > col.maximum].iloc[0]} is above the maximum "
                          f"{col.maximum:g}")


def _parse_int(s: pd.Series) -> pd.Series:
    """Whole numbers; a fraction, an infinity or anything beyond 2**53 becomes NA (reported as unreadable)."""
    digits = _plain_digits(s)
    if digits is not None:
        return pd.Series(digits, index=s.index, name=s.name).astype("Int64")
    x = pd.to_numeric(s, errors="coerce").astype("float64")
    return x.where(np.isfinite(x) & (x == x.round()) & (x.abs() < 2**53)).astype("Int64")


def _plain_digits(s: pd.Series) -> np.ndarray | None:
    """Return the values as int64 when every one is 1 to 15 ASCII digits (so below 2**53, and read exactly as
    `pd.to_numeric` reads it), else None: a sign, a space, a blank or a fraction takes `_parse_int`'s full path."""
    cells = s.to_numpy(dtype=object)
    if not len(cells) or pd.api.types.infer_dtype(cells, skipna=False) != "string":
        return None
    lengths = np.fromiter(map(len, cells), dtype=np.int64, count=len(cells))
    joined = "".join(cells)
    if lengths.min() < 1 or lengths.max() > 15 or not (joined.isascii() and joined.isdigit()):
        return None
    return np.fromiter(map(int, cells), dtype=np.int64, count=len(cells))


def _parse_datetime(s: pd.Series) -> pd.Series:
    """Local date-times; one with a time zone or outside FIRST_DAY..LAST_DAY becomes NaT (reported as unreadable)."""
    try:
        parsed = pd.to_datetime(s, errors="coerce", format="ISO8601")
    except (ValueError, OverflowError):  # time zones that differ between rows
        parsed = pd.to_datetime(s.map(_naive_or_none), errors="coerce", format="ISO8601")
    if isinstance(parsed.dtype, pd.DatetimeTZDtype):
        return pd.Series(pd.NaT, index=s.index, dtype="datetime64[ns]")
    return parsed.where((parsed >= FIRST_DAY) & (parsed <= LAST_DAY)).astype("datetime64[ns]")


def _naive_or_none(value: object) -> pd.Timestamp | None:
    try:
        stamp = pd.Timestamp(str(value))
    except (ValueError, OverflowError):
        return None
    return stamp if stamp.tzinfo is None and FIRST_DAY <= stamp <= LAST_DAY else None


_FLAGS = {"true": True, "false": False, "1": True, "0": False, "yes": True, "no": False}


def _parse_bool(s: pd.Series) -> pd.Series:
    """True/False (also 1/0 and yes/no, any case, spaces around ignored); anything else becomes NA."""
    cells = s.to_numpy(dtype=object)
    if len(cells) and pd.api.types.infer_dtype(cells, skipna=False) == "string":  # plain text: one pass
        return pd.Series([_FLAGS.get(cell.strip().lower()) for cell in cells], index=s.index, name=s.name,
                         dtype="boolean")
    return s.astype("string").str.strip().str.lower().map(_FLAGS).astype("boolean")


_PARSERS: dict[str, Callable[[pd.Series], pd.Series]] = {  # text ("str", "category") is _parse_and_present's
    "int": _parse_int,
    "float": lambda s: pd.to_numeric(s, errors="coerce").astype("float64").pipe(lambda x: x.where(np.isfinite(x))),
    "bool": _parse_bool,
    "datetime": _parse_datetime,
    "date": lambda s: _parse_datetime(s).dt.normalize(),
}
_NUMPY_DTYPES = {"int": "int64", "bool": "bool"}
_KIND_WORDS = {"str": "text", "category": "text", "int": "a whole number", "float": "a finite number",
               "bool": "True/False",
               "datetime": "a date-time like 2025-03-01 14:30:00 (local time, no time zone, years 1900-2200)",
               "date": "a date like 2025-03-01 (years 1900-2200)"}
