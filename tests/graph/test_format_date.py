"""Dates are written "1 Mar 2027" by the app, its exports and the command line alike, whatever the system locale:
Qt sets LC_TIME from LANG when the app starts, and strftime's %b follows it ("1 Mär 2027", "1  3月 2027")."""

from __future__ import annotations

import datetime as dt

from careerpath.graph.formatting import format_date

ENGLISH = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


class _LocaleDate(dt.date):
    """A date that writes its month as strftime would under some other LC_TIME: format_date must not ask it."""

    def __format__(self, spec: str) -> str:
        return "Mär"

    def strftime(self, spec: str) -> str:
        return "Mär"


def test_every_month_is_written_in_english() -> None:
    assert [format_date(dt.date(2027, m, 1)) for m in range(1, 13)] == [f"1 {name} 2027" for name in ENGLISH]
    assert format_date(dt.date(2027, 12, 31), year=False) == "31 Dec"


def test_the_month_does_not_come_from_strftime() -> None:
    """The words are the app's own, not the C library's: no locale is needed to see it."""
    assert format_date(_LocaleDate(2027, 3, 1)) == "1 Mar 2027"
    assert format_date(_LocaleDate(2027, 5, 21), year=False) == "21 May"


def test_a_german_or_japanese_lc_time_changes_nothing(lc_time: str) -> None:
    assert f"{dt.date(2027, 3, 1):%b}" != "Mar"  # the locale is really in force
    assert format_date(dt.date(2027, 3, 1)) == "1 Mar 2027"
    assert format_date(dt.date(2027, 5, 21), year=False) == "21 May"
    assert format_date(dt.date(2026, 12, 1)) == "1 Dec 2026"
