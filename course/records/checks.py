"""Input checks for the service log: each bad value raises RecordError naming the field and the fix.

Free text is checked for personal data (email addresses, UK phone numbers, postcodes): UK GDPR's
data minimisation principle says a record holds only what it needs, and contact details already
live in the customer record.
"""

from __future__ import annotations

import calendar
import difflib
import math
import re
from collections.abc import Sequence
from datetime import date, datetime, time
from numbers import Real

import numpy as np

NOTES_LIMIT = 500
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# 0 or +44 (optionally "(0)"), then three groups of digits with optional spaces, hyphens or brackets.
_PHONE = re.compile(r"(?<![\w+])(\+44[\s-]?(?:\(0\)[\s-]?)?|\(?0)(\d{2,4})\)?[\s-]?\d{3,4}[\s-]?\d{3,4}(?!\d)")
# Outward code (SW1A, M1, B33) then inward code: a digit and two letters (never C, I, K, M, O or V).
_POSTCODE = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{1,2}\d[A-Za-z\d]? ?\d([ABD-HJLNP-UW-Z]{2})(?![A-Za-z0-9])",
                       re.IGNORECASE)
_ORDINALS = {"st", "nd", "rd", "th"}  # "B1 1st" is an aisle, not a postcode; "B33 8TH" is a postcode


class RecordError(ValueError):
    """A record was refused. The message names the field, what is wrong and how to fix it."""


def shown(value: object, limit: int = 60) -> str:
    """Return a short repr of `value` for a message; its type when it cannot be shown (a broken __repr__)."""
    try:
        text = repr(value)
    except Exception:  # noqa: BLE001 - any __repr__ can fail in any way; the message must still be made
        return f"a {type(value).__name__}"
    return text if len(text) <= limit else text[:limit - 3] + "..."


def text(field: str, value: object) -> str:
    """Return `value` stripped; refuse a missing, empty or non-text value."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise RecordError(f"field '{field}' is required: give it a value (it cannot be empty)")
    if not isinstance(value, str):
        raise RecordError(f"field '{field}' must be text, not {type(value).__name__} ({shown(value)})")
    return value.strip()


def optional_id(field: str, value: object) -> str | None:
    """Return an id or None; refuse an empty string (None means 'not known')."""
    if value is None:
        return None
    if isinstance(value, str) and not value.strip():
        raise RecordError(f"field '{field}' is empty; leave it as None if there is no {field}")
    return text(field, value)


def choice(field: str, value: object, allowed: Sequence[str]) -> str:
    """Return `value` if it is one of `allowed`; otherwise say what is allowed (and the closest match)."""
    given = text(field, value)
    if given not in allowed:
        close = difflib.get_close_matches(given.lower(), allowed, n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        raise RecordError(f"field '{field}': {given!r} is not an allowed value.{hint} "
                          f"Use one of: {', '.join(allowed)}")
    return given


def free_text(field: str, value: object, *, required: bool = False) -> str:
    """Return short free text; refuse personal contact details and text over NOTES_LIMIT characters."""
    if value is None or (isinstance(value, str) and not value):
        if required:
            raise RecordError(f"field '{field}' is required: describe what happened in a sentence or two")
        return ""
    if not isinstance(value, str):
        raise RecordError(f"field '{field}' must be text, not {type(value).__name__}")
    if len(value) > NOTES_LIMIT:
        raise RecordError(f"field '{field}' is {len(value)} characters; the limit is {NOTES_LIMIT}. "
                          "Keep it short and factual: what happened and what was agreed")
    found = personal_data(value)
    if found:
        raise RecordError(f"field '{field}' looks like it contains {found}. Do not copy contact details into "
                          "free text: they are already in the customer record, and UK GDPR data minimisation "
                          "means a record holds only what it needs. Remove it and try again")
    return value.strip()


def personal_data(value: str) -> str | None:
    """Return what kind of personal contact detail `value` seems to hold ('an email address', ...), or None."""
    if _EMAIL.search(value):
        return "an email address"
    if any(_is_uk_phone(m) for m in _PHONE.finditer(value)):
        return "a UK phone number"
    for match in _POSTCODE.finditer(value):
        inward = match.group(1)
        if not (inward.islower() and inward in _ORDINALS):
            return "a postcode"
    return None


def _is_uk_phone(match: re.Match[str]) -> bool:
    digits = re.sub(r"\D", "", match.group(0))
    national = digits[2:] if match.group(1).startswith("+") else digits
    return len(national.removeprefix("0")) in (9, 10)


def moment(field: str, value: object, now: datetime, *, default: datetime | None = None) -> datetime:
    """Return `value` (datetime, date or ISO text) as a datetime to the second; refuse the future."""
    if value is None and default is not None:
        value = default
    stamp = parse_moment(field, value)
    if stamp > now:
        raise RecordError(f"field '{field}': {stamp:%Y-%m-%d %H:%M} is in the future (the log's clock says it "
                          f"is {now:%Y-%m-%d %H:%M}); a record describes something that has happened")
    return stamp


def parse_moment(field: str, value: object) -> datetime:
    """Return `value` as a naive datetime to the second, or raise RecordError saying how to write it."""
    if value is None or (isinstance(value, datetime) and value != value):  # None or NaT
        raise RecordError(f"field '{field}' is required: give a date-time like 2025-03-31 14:30")
    if isinstance(value, datetime):
        stamp = value
    elif isinstance(value, date):
        stamp = datetime.combine(value, time())
    elif isinstance(value, str):
        try:
            stamp = datetime.fromisoformat(value.strip())
        except ValueError:
            raise RecordError(f"field '{field}': cannot read {value!r} as a date-time; "
                              "write it like 2025-03-31 14:30 (year-month-day)") from None
    else:
        raise RecordError(f"field '{field}' must be a date-time (or text like 2025-03-31 14:30), "
                          f"not {type(value).__name__}")
    if stamp.tzinfo is not None:
        raise RecordError(f"field '{field}': give local shop time without a time zone")
    return stamp.replace(microsecond=0)


def is_day_only(value: object) -> bool:
    """Return True for a date without a time (a date object or text like '2025-03-31')."""
    if isinstance(value, str):
        return len(value.strip()) == 10
    return isinstance(value, date) and not isinstance(value, datetime)


def day(field: str, value: object) -> date:
    """Return `value` (a date, datetime or 'YYYY-MM-DD') as a date."""
    return parse_moment(field, value).date()


def number(field: str, value: object, *, low: float, high: float, unit: str, high_inclusive: bool) -> float:
    """Return `value` as a float in [low, high] (or [low, high)); refuse text, True/False and NaN."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, Real) or not _finite(value):
        raise RecordError(f"field '{field}' must be a number of {unit}, like {min(low + 5, high):g}; "
                          f"got {shown(value)}")
    result = float(value)
    too_high = result > high if high_inclusive else result >= high
    if result < low or too_high:
        top = f"{high:g}" if high_inclusive else f"under {high:g}"
        raise RecordError(f"field '{field}': {result:g} is out of range; give {low:g} to {top} {unit}")
    return result


def _finite(value: Real) -> bool:
    try:
        return math.isfinite(float(value))
    except OverflowError:  # an int too large for a float
        return False


def flag(field: str, value: object) -> bool:
    """Return `value` if it is True or False; refuse 'yes', 1 and other stand-ins."""
    if not isinstance(value, (bool, np.bool_)):
        raise RecordError(f"field '{field}' must be True or False, not {shown(value)}")
    return bool(value)


def add_months(start: date, months: int) -> date:
    """Return the same day `months` calendar months later, or that month's last day if it is shorter.

    31 January + 1 month is 28 February (29 in a leap year), as the ICO counts a subject access deadline.
    """
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))
