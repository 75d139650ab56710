"""Read numbers and dates out of an export's text, saying what was assumed and refusing what is ambiguous.

Numbers may carry a currency symbol (£12.50, 12,50 €), a thousands separator (1,234.50 or 1.234,50) or
accounting brackets for a minus: they are read, and a note says so. "1,234" alone could be 1234 or 1.234,
so it is refused with the fix. Dates are tried in the common families (year-month-day, day/month/year,
month/day/year, ...); a column that mixes two families is refused, and day/month/year is taken when both
it and month/day/year fit (a UK export), with a note saying how to choose the other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from course.importer.errors import ImportProblem

CURRENCY_SYMBOLS = {"£": "GBP", "€": "EUR", "$": "USD", "GBP": "GBP", "EUR": "EUR", "USD": "USD"}
_NUMBER = re.compile(r"^\(?\s*(-)?\s*(£|€|\$|GBP|EUR|USD)?\s*(-)?\s*([\d.,\s]*\d)\s*(£|€|\$|GBP|EUR|USD)?\s*\)?$",
                     re.IGNORECASE)
_COMMA_THOUSANDS = re.compile(r"^(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")
_DOT_THOUSANDS = re.compile(r"^(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$")
DATE_FAMILIES: dict[str, tuple[str, ...]] = {
    "year-month-day": ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d",
                       "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y/%m/%d"),
    "day/month/year": ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y", "%d-%m-%Y %H:%M", "%d-%m-%Y",
                       "%d.%m.%Y %H:%M", "%d.%m.%Y", "%d/%m/%y %H:%M", "%d/%m/%y"),
    "month/day/year": ("%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M", "%m/%d/%Y", "%m/%d/%y %H:%M", "%m/%d/%y"),
    "day month-name year": ("%d %b %Y %H:%M", "%d %b %Y", "%d %B %Y", "%d-%b-%Y", "%d-%b-%y"),
}
_FAMILY_HINT = {"year-month-day": "%Y-%m-%d", "day/month/year": "%d/%m/%Y", "month/day/year": "%m/%d/%Y",
                "day month-name year": "%d %b %Y"}


@dataclass
class Parsed:
    """A parsed column: its values (NaN/NaT where a value could not be read), notes and currencies seen."""
    values: pd.Series
    notes: list[str]
    currencies: set[str]


def parse_numbers(file: str, column: str, text: pd.Series, lines: pd.Series, *, whole: bool = False) -> Parsed:
    """Read a column of numbers; refuse (naming the line) a value that is not one or is ambiguous."""
    present = text != ""
    plain = pd.to_numeric(text[present], errors="coerce")
    if plain.notna().all() and np.isfinite(plain.to_numpy(dtype="float64")).all():  # nothing to interpret
        values = pd.Series(float("nan"), index=text.index, dtype="float64")
        values[present] = plain.astype("float64")
        _refuse_fractions(file, column, text, lines, values, whole)
        return Parsed(values, [], set())
    parts = text[present].str.extract(_NUMBER)
    unreadable = parts[3].isna()
    if unreadable.any():
        row = unreadable[unreadable].index[0]
        raise ImportProblem(file, f"cannot read {text[row]!r} as a number", "correct that cell (a number like "
                            "12.50, with no words) or map another column with --columns",
                            line=int(lines[row]), column=column)
    digits = parts[3].str.replace(r"\s", "", regex=True)
    style = _separator_style(file, column, digits, lines)
    pattern, thousands, decimal = (_DOT_THOUSANDS, ".", ",") if style == "comma decimal" else (
        _COMMA_THOUSANDS, ",", ".")
    bad = ~digits.str.match(pattern)
    if bad.any():
        row = bad[bad].index[0]
        raise ImportProblem(file, f"cannot read {text[row]!r} as a number (the column's other values use "
                            f"{'commas' if decimal == ',' else 'points'} for decimals)",
                            "correct that cell", line=int(lines[row]), column=column)
    number = pd.to_numeric(digits.str.replace(thousands, "", regex=False).str.replace(decimal, ".", regex=False))
    negative = parts[0].notna() | parts[2].notna() | text[present].str.startswith("(")
    values = pd.Series(float("nan"), index=text.index, dtype="float64")
    values[present] = number.where(~negative, -number).astype("float64")
    _refuse_fractions(file, column, text, lines, values, whole)
    symbols = pd.concat([parts[1], parts[4]]).dropna().str.upper()
    currencies = {CURRENCY_SYMBOLS[s] for s in symbols}
    return Parsed(values, _number_notes(column, text[present], digits, style, currencies), currencies)


def _refuse_fractions(file: str, column: str, text: pd.Series, lines: pd.Series, values: pd.Series,
                      whole: bool) -> None:
    if whole and ((values % 1).fillna(0) != 0).any():
        row = values[(values % 1).fillna(0) != 0].index[0]
        raise ImportProblem(file, f"{text[row]!r} is not a whole number", "counts of items or people must be "
                            "whole numbers: check the column is the right one", line=int(lines[row]), column=column)


def _separator_style(file: str, column: str, digits: pd.Series, lines: pd.Series) -> str:
    """Return 'comma decimal' or 'point decimal'; refuse a column that mixes them or is ambiguous."""
    both = digits[digits.str.contains(",") & digits.str.contains(r"\.")]
    last_comma = both.str.rfind(",") > both.str.rfind(".")
    comma_decimal = set(both.index[last_comma]) | set(digits.index[digits.str.match(r"^\d+,(\d{1,2}|\d{4,})$")])
    point_decimal = set(both.index[~last_comma]) | set(digits.index[digits.str.match(r"^\d*\.(\d{1,2}|\d{4,})$")])
    point_decimal |= set(digits.index[digits.str.count(",") > 1])
    comma_decimal |= set(digits.index[digits.str.count(r"\.") > 1])
    if comma_decimal and point_decimal:
        row = sorted(comma_decimal)[0] if min(point_decimal) < min(comma_decimal) else sorted(point_decimal)[0]
        raise ImportProblem(file, f"{digits[row]!r} uses a different decimal mark from the column's other values",
                            "write every value in this column the same way (e.g. 1234.50)",
                            line=int(lines[row]), column=column)
    if comma_decimal:
        return "comma decimal"
    lone = digits[digits.str.match(r"^\d{1,3},\d{3}$")]
    if not point_decimal and len(lone):
        row = lone.index[0]
        raise ImportProblem(file, f"{digits[row]!r} could be {digits[row].replace(',', '')} or "
                            f"{digits[row].replace(',', '.')}", "save the column as plain numbers with no "
                            "thousands separator (e.g. 1234 or 1.234) and export again",
                            line=int(lines[row]), column=column)
    return "point decimal"


def _number_notes(column: str, text: pd.Series, digits: pd.Series, style: str, currencies: set[str]) -> list[str]:
    notes = []
    if currencies:
        notes.append(f"'{column}': currency symbols ({', '.join(sorted(currencies))}) were removed")
    grouped = digits.str.contains(r"\." if style == "comma decimal" else ",")
    if style == "comma decimal" and grouped.any():
        notes.append(f"'{column}': read with a comma for decimals and points between thousands")
    elif style == "comma decimal":
        notes.append(f"'{column}': read with a comma for decimals")
    elif grouped.any():
        notes.append(f"'{column}': commas between thousands were removed")
    if text.str.startswith("(").any():
        notes.append(f"'{column}': values in brackets were read as negative")
    return notes


def parse_dates(file: str, column: str, text: pd.Series, lines: pd.Series, date_format: str | None) -> Parsed:
    """Read a column of dates or date-times; unreadable values become NaT (dropped, and counted, later).

    Each distinct value is parsed once (a till export repeats its times on every line of a sale).
    """
    uniq = pd.Series(text.unique())
    if date_format:
        parsed = _to_datetime(uniq, (date_format,))
        if parsed.isna().all():
            raise ImportProblem(file, f"no value matches --date-format {date_format} (e.g. {text.iloc[0]!r})",
                                "give the format the column uses, e.g. --date-format %d/%m/%Y %H:%M",
                                line=int(lines.iloc[0]), column=column)
        return Parsed(_back(text, uniq, parsed), [f"'{column}': dates read with --date-format {date_format}"], set())
    best, parsed = _best_family(uniq)
    if best is None:
        raise ImportProblem(file, f"no value is a date I can read (e.g. {text.iloc[0]!r})",
                            "map the date column with --columns timestamp=COLUMN, or give its format with "
                            "--date-format", line=int(lines.iloc[0]), column=column)
    _refuse_two_families(file, column, text, lines, uniq[parsed.isna()], best)
    notes = [f"'{column}': dates read as {best}"]
    if best == "day/month/year" and not (parsed.dt.day > 12).any():  # then every one reads as month/day too
        notes[0] += " (a UK export; if yours are month/day/year, import again with --date-format %m/%d/%Y)"
    return Parsed(_back(text, uniq, parsed), notes, set())


def _back(text: pd.Series, uniq: pd.Series, parsed: pd.Series) -> pd.Series:
    """Return the parsed distinct values spread back over the column's rows."""
    lookup = pd.Series(parsed.to_numpy(), index=uniq.to_numpy())
    return pd.Series(lookup.reindex(text.to_numpy()).to_numpy(), index=text.index, dtype="datetime64[ns]")


def _best_family(uniq: pd.Series) -> tuple[str | None, pd.Series]:
    """Return the family that reads the most distinct values (the first listed among equals) and its dates.

    A sample ranks the families; only a family that reads something the leader cannot is tried on them all.
    """
    sample = uniq.iloc[:: max(1, len(uniq) // 500)]
    ranked = sorted(DATE_FAMILIES, key=lambda f: -int(_to_datetime(sample, DATE_FAMILIES[f]).notna().sum()))
    best, parsed = ranked[0], _to_datetime(uniq, DATE_FAMILIES[ranked[0]])
    for family in ranked[1:]:
        unread = parsed.isna()
        if unread.any() and _to_datetime(uniq[unread], DATE_FAMILIES[family]).notna().any():
            theirs = _to_datetime(uniq, DATE_FAMILIES[family])
            if theirs.notna().sum() > parsed.notna().sum():
                best, parsed = family, theirs
    return (best, parsed) if parsed.notna().any() else (None, parsed)


def _to_datetime(text: pd.Series, formats: tuple[str, ...]) -> pd.Series:
    """Parse with the first of `formats` that reads each value; those that read the first values go first
    (a value a format cannot read is slow to refuse, so most values should meet the right format first)."""
    out = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    head = text.iloc[:50]
    ranked = sorted(formats, key=lambda f: -int(pd.to_datetime(head, format=f, errors="coerce").notna().sum()))
    for fmt in ranked:
        missing = out.isna()
        if not missing.any():
            break
        out[missing] = pd.to_datetime(text[missing], format=fmt, errors="coerce").astype("datetime64[ns]")
    return out


def _refuse_two_families(file: str, column: str, text: pd.Series, lines: pd.Series, unread: pd.Series,
                         best: str) -> None:
    """Refuse a column whose dates are in two formats: a value the best family cannot read but another can."""
    for family, formats in DATE_FAMILIES.items():
        other = unread[_to_datetime(unread, formats).notna()] if family != best and len(unread) else unread[:0]
        if len(other):
            row = text.index[text.isin(set(other))][0]
            raise ImportProblem(file, f"dates in two formats: {text[row]!r} is {family}, but most are {best}",
                                f"write every date one way, or give the format with --date-format "
                                f"{_FAMILY_HINT[best]} (rows in another format are then dropped and counted)",
                                line=int(lines[row]), column=column)
