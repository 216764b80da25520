"""A date typed into the Start box is taken whole, as typed: "15 Jan 2027" on 30 Nov 2026 was saved as 30 Jan 2027
(the day checked against today with the month still November), and "2027-01-15" or "15.01.2027" were ignored."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt

from tests.ui.test_typed_numbers import TODAY, _bar, _type

# TODAY (30 Nov 2026) is late in a month: the 15th of it is before today, the 15th of January is not.


@pytest.mark.parametrize("typed", ["15 Jan 2027", "2027-01-15", "15.01.2027", "15 january 2027"])
def test_a_start_date_is_taken_as_typed(qtbot, typed: str) -> None:
    bar, edited = _bar(qtbot)
    _type(qtbot, bar.start, typed)
    assert bar.start.text() == "15 Jan 2027"
    assert edited == [{"start": dt.date(2027, 1, 15)}]


def test_a_start_date_typed_over_the_day_alone_is_taken_whole(qtbot) -> None:
    """Tab into the box selects its day: the date typed there is read, not " Nov 2026" left behind it."""
    bar, edited = _bar(qtbot)
    bar.start.setFocus()
    bar.start.setSelectedSection(bar.start.Section.DaySection)
    qtbot.keyClicks(bar.start, "15 Jan 2027")
    qtbot.keyClick(bar.start, Qt.Key.Key_Return)
    assert edited == [{"start": dt.date(2027, 1, 15)}]


def test_a_start_date_before_today_is_today(qtbot) -> None:
    """A start already past means "started": plans start today. The calendar offers no earlier day."""
    bar, edited = _bar(qtbot, start=dt.date(2027, 3, 1))
    assert bar.start.calendarWidget().minimumDate() == QDate(2026, 11, 30)
    _type(qtbot, bar.start, "1 Jan 2026")
    assert bar.start.text() == "30 Nov 2026"
    assert edited == [{"start": TODAY}]


def test_an_unfinished_start_date_leaves_the_date_as_it_was(qtbot) -> None:
    bar, edited = _bar(qtbot, start=dt.date(2027, 3, 1))
    _type(qtbot, bar.start, "15 Jan")
    assert bar.start.text() == "1 Mar 2027"
    assert all(change == {"start": dt.date(2027, 3, 1)} for change in edited)  # Enter may say so; no other date


def test_the_arrows_step_from_a_date_typed(qtbot) -> None:
    bar, edited = _bar(qtbot)
    bar.start.setFocus()
    bar.start.selectAll()
    qtbot.keyClicks(bar.start, "2027-02-03")
    qtbot.keyClick(bar.start, Qt.Key.Key_Up)
    assert edited[0] == {"start": dt.date(2027, 2, 3)}
    assert bar.start.date() > QDate(2027, 2, 3)
