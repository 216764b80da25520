"""Reading a date as a person types it: "15 Mar 2027", "March 15, 2027", "2027-03-15", "15.3.2027" or "3/15/2027".

Month names are English, as the app writes them, full or cut to three letters or more ("Sept"), before or after the
day. A date of numbers only is read in an order where the order cannot be in doubt: the year first is
year-month-day (ISO), a dot is day.month.year (the German habit). With "/" or "-" and the year last, the day and
month could be either way round: such a date is read only where one of the two readings is no date at all
("3/15/2027" is 15 Mar, "15/3/2027" too), or where both are the same day ("3/3/2027"). "3/4/2027" is 3 Apr in
most of the world and 4 Mar in the US: it is not guessed at, and the reason says both.

Kept apart from the box (careerpath/ui/boxes.py) so the rules read on their own; no Qt here.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from careerpath.graph.formatting import MONTH_NAMES, format_date

_ORDINAL = r"(?:st|nd|rd|th)?"
_YEAR_FIRST = re.compile(r"(?P<y>\d{4})(?P<sep>[-/])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})")
_DOTTED = re.compile(r"(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})")
_YEAR_LAST = re.compile(r"(?P<a>\d{1,2})(?P<sep>[-/])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4})")
_NAME = r"(?P<name>[^\W\d_]+)"  # letters of any script: "Mär" is read as a name, and said to be no English month
_DAY_NAMED = re.compile(rf"(?P<d>\d{{1,2}}){_ORDINAL}[ -]{_NAME}\.?,?[ -](?P<y>\d{{4}})", re.IGNORECASE)
_NAMED_DAY = re.compile(rf"{_NAME}\.?[ -](?P<d>\d{{1,2}}){_ORDINAL},?[ -](?P<y>\d{{4}})", re.IGNORECASE)


@dataclass(frozen=True)
class Reading:
    """What a typed text says: ``day``, or None with ``why`` not, in words ("" where it is no date form at all)."""

    day: dt.date | None
    why: str = ""


def month_number(name: str) -> int | None:
    """The month an English name stands for, written whole or cut to three letters or more; None if none."""
    if len(name) < 3:
        return None
    found = [number for number, month in enumerate(MONTH_NAMES, 1) if month.lower().startswith(name.lower())]
    return found[0] if len(found) == 1 else None


def _dated(year: int, month: int, day: int) -> Reading:
    if not 1 <= month <= 12:
        return Reading(None, f"there is no month {month}")
    if not 1 <= year <= 9999:
        return Reading(None, f"there is no year {year}")
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        return Reading(None, f"{MONTH_NAMES[month - 1]} {year} has {days} days")
    return Reading(dt.date(year, month, day))


def _either_way(first: int, second: int, year: int) -> Reading:
    """``first``/``second``/``year``, where the day and the month could be either way round."""
    as_day_month, as_month_day = _dated(year, second, first), _dated(year, first, second)
    if as_day_month.day is not None and as_month_day.day is not None and as_day_month.day != as_month_day.day:
        return Reading(None, f"it could be {format_date(as_day_month.day)} or {format_date(as_month_day.day)}")
    if as_day_month.day is not None:
        return as_day_month
    if as_month_day.day is not None:
        return as_month_day
    return Reading(None, f"{first} is not a month" if first == second else f"neither {first} nor {second} is a month")


def read_date(text: str) -> Reading:
    """The date ``text`` writes (see the module's words), or why it is none."""
    plain = re.sub(r"\s+", " ", text.strip())
    if match := _YEAR_FIRST.fullmatch(plain) or _DOTTED.fullmatch(plain):
        return _dated(int(match["y"]), int(match["m"]), int(match["d"]))
    if match := _YEAR_LAST.fullmatch(plain):
        return _either_way(int(match["a"]), int(match["b"]), int(match["y"]))
    if match := _DAY_NAMED.fullmatch(plain) or _NAMED_DAY.fullmatch(plain):
        month = month_number(match["name"])
        if month is None:
            return Reading(None, f"“{match['name']}” is not an English month")
        return _dated(int(match["y"]), month, int(match["d"]))
    return Reading(None)
