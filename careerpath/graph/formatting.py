"""How hours and money read, in the exported images and in the app alike; no matplotlib, so the window can use it
before the chart stack is imported."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from careerpath.graph.plan_types import Plan, Step, costs_by_currency

_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹", "CAD": "CA$", "AUD": "A$"}


#: The words for each objective, one set for the app, its exports and the command line ("Least hours" in a menu).
OBJECTIVE_WORDS = {"hours": "least hours", "cost": "least cost", "count": "fewest credentials"}


#: The months as every date is written, whatever the system locale: strftime's %b follows LC_TIME, which Qt sets
#: from LANG when the app starts, so the app and its exports wrote "1 Mär 2027" or "1  3月 2027" where the chart
#: process and the command line wrote "1 Mar 2027". The whole names are what a typed date is read in
#: (careerpath/ui/date_reading.py).
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
               "November", "December")
MONTHS = tuple(name[:3] for name in MONTH_NAMES)


def format_date(day: dt.date, *, year: bool = True) -> str:
    """"10 Feb 2027" ("10 Feb" without the year): how the app, its exports and its on-track line write a day."""
    month = MONTHS[day.month - 1]
    return f"{day.day} {month} {day.year}" if year else f"{day.day} {month}"


def end_words(plan: Plan) -> str:
    """What ``plan``'s last date is, for the app, its exports and the command line alike: "finish", or for a
    partial plan "partial plan ends", as its last date is not when the role is reached."""
    return "finish" if plan.complete else "partial plan ends"


def format_number(value: float, decimals: int = 2) -> str:
    """12 -> "12", 12.5 -> "12.5", 1234 -> "1,234"; at most ``decimals`` places, trailing zeros dropped."""
    if abs(value - round(value)) < 1e-9:
        return f"{round(value):,}"
    return f"{value:,.{decimals}f}".rstrip("0").rstrip(".")


def format_hours(hours: float) -> str:
    return f"{format_number(hours)} h"


def currency_affixes(currency: str | None) -> tuple[str, str]:
    """The prefix and suffix an amount in ``currency`` is written with: ("$", "") or ("", " CHF")."""
    code = (currency or "").upper()
    if code in _SYMBOLS:
        return _SYMBOLS[code], ""
    return "", f" {code}" if code else ""


def amount_text(amount: float) -> str:
    """An amount of money without its currency: "1,200", "1,234.50" (cents only where there are some). The app,
    its exports and the command line write amounts alike; only the currency around them differs."""
    return format_number(amount) if abs(amount - round(amount)) < 1e-9 else f"{amount:,.2f}"


def format_money(amount: float, currency: str | None) -> str:
    """An amount with its currency: "$49", "€1,200", "120 CHF"; zero is "free"."""
    if amount == 0:
        return "free"
    text = amount_text(amount)
    prefix, suffix = currency_affixes(currency)
    return f"{prefix}{text}{suffix}"


def format_total_cost(steps: Iterable[Step], currency: str | None = None) -> str:
    """The cost of several steps; mixed currencies are summed apart ("€120 + $49")."""
    totals = costs_by_currency(steps, currency)
    if not totals:
        return "free"
    return " + ".join(format_money(v, k) for k, v in sorted(totals.items(), key=lambda kv: kv[0] or ""))
