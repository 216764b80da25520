"""A date typed into the Start box is taken whole, as typed: "15 Jan 2027" on 30 Nov 2026 was saved as 30 Jan 2027
(the day checked against today with the month still November), and "2027-01-15" or "15.01.2027" were ignored."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from tests.ui.test_typed_numbers import TODAY, _bar, _from_menu, _type

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
    assert edited == []


def test_enter_on_the_start_date_as_it_is_asks_for_nothing(qtbot) -> None:
    """QDateEdit says its date again at every Enter: the bar asked the window for the start it had, to be saved and
    re-planned. Enter still finishes the date, and a new one is asked for once."""
    bar, edited = _bar(qtbot, start=dt.date(2027, 3, 1))
    finished: list[bool] = []
    bar.start.editingFinished.connect(lambda: finished.append(True))
    bar.start.setFocus()
    qtbot.keyClick(bar.start, Qt.Key.Key_Return)
    qtbot.keyClick(bar.start, Qt.Key.Key_Enter)  # the keypad's
    _type(qtbot, bar.start, "2027-03-01")  # the same date, typed in another form
    assert edited == [] and len(finished) == 3
    _type(qtbot, bar.start, "2 Mar 2027")
    qtbot.keyClick(bar.start, Qt.Key.Key_Return)
    assert edited == [{"start": dt.date(2027, 3, 2)}] and len(finished) == 5


def test_the_arrows_step_from_a_date_typed(qtbot) -> None:
    bar, edited = _bar(qtbot)
    bar.start.setFocus()
    bar.start.selectAll()
    qtbot.keyClicks(bar.start, "2027-02-03")
    qtbot.keyClick(bar.start, Qt.Key.Key_Up)
    assert edited[0] == {"start": dt.date(2027, 2, 3)}
    assert bar.start.date() > QDate(2027, 2, 3)


@pytest.mark.parametrize(("typed", "day"), [
    ("Jan 5 2028", dt.date(2028, 1, 5)), ("5 January 2028", dt.date(2028, 1, 5)),
    ("January 5, 2028", dt.date(2028, 1, 5)), ("3/15/2027", dt.date(2027, 3, 15)),
    ("15/3/2027", dt.date(2027, 3, 15)), ("2027/3/15", dt.date(2027, 3, 15)), ("3/3/2027", dt.date(2027, 3, 3))])
def test_a_start_date_in_another_common_form_is_taken(qtbot, typed: str, day: dt.date) -> None:
    """A date with slashes is read where its day and month cannot be mixed up: 15 is no month."""
    bar, edited = _bar(qtbot, start=dt.date(2027, 3, 1))
    bar.start.setFocus()
    bar.start.selectAll()
    qtbot.keyClicks(bar.start, typed)
    assert bar.start.text() == typed  # no key swallowed on the way ("/" was)
    qtbot.keyClick(bar.start, Qt.Key.Key_Return)
    assert edited == [{"start": day}]
    assert bar.start.note is None  # nothing to say


FORMS = "Type a date like 1 Mar 2027, 2027-03-01 or 1.3.2027."


def _keys(qtbot, box: QWidget, text: str) -> None:
    """``text`` typed key by key, "ä" too (QTest only knows the keys of ASCII characters)."""
    for char in text:
        if char.isascii():
            qtbot.keyClick(box, char)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(box, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char))


@pytest.mark.parametrize(("typed", "why"), [
    ("3/4/2027", "“3/4/2027” is not taken: it could be 3 Apr 2027 or 4 Mar 2027"),
    ("30 Feb 2028", "“30 Feb 2028” is not taken: February 2028 has 29 days"),
    ("15 Mär 2028", "“15 Mär 2028” is not taken: “Mär” is not an English month"),
    ("next Monday", "“next Monday” is not taken"),
    ("1 Jan 2040", "“1 Jan 2040” is not taken: the latest date here is 30 Nov 2036")])
def test_a_start_date_not_taken_is_said_under_the_box(qtbot, typed: str, why: str) -> None:
    """The box went back to the date before with no word, so a person could believe the date typed was set."""
    bar, edited = _bar(qtbot, start=dt.date(2027, 3, 1))
    bar.start.setFocus()
    bar.start.selectAll()
    _keys(qtbot, bar.start, typed)
    assert bar.start.text() == typed  # "ä" and "/" stay in sight as typed
    qtbot.keyClick(bar.start, Qt.Key.Key_Return)

    assert bar.start.text() == "1 Mar 2027"
    assert edited == []
    note = bar.start.note
    assert note is not None and note.isVisible()
    assert note.text() == f"⚠ Start date: {why} (kept: 1 Mar 2027). {FORMS}"

    qtbot.keyClicks(bar.start, "x")  # typing again: the note goes
    assert not note.isVisible()


def test_a_start_date_not_taken_is_said_on_leaving_the_box_too(qtbot) -> None:
    bar, edited = _bar(qtbot, start=dt.date(2027, 3, 1))
    bar.activateWindow()
    qtbot.wait_until(bar.isActiveWindow)  # for the focus to go out of the box
    bar.start.setFocus()
    bar.start.selectAll()
    qtbot.keyClicks(bar.start, "30 Feb 2028")
    bar.max_hours.setFocus()
    assert bar.start.text() == "1 Mar 2027" and edited == []
    assert bar.start.note.isVisible() and "“30 Feb 2028” is not taken" in bar.start.note.text()


def test_a_past_start_date_that_becomes_today_says_so(qtbot) -> None:
    bar, edited = _bar(qtbot, start=dt.date(2027, 3, 1))
    _type(qtbot, bar.start, "1 Jan 2026")
    assert edited == [{"start": TODAY}]
    assert bar.start.note.isVisible()
    assert bar.start.note.text() == "⚠ Start date: “1 Jan 2026” is past, so it is today, 30 Nov 2026."


def test_escape_puts_the_date_back_without_a_note(qtbot) -> None:
    bar, edited = _bar(qtbot, start=dt.date(2027, 3, 1))
    bar.start.setFocus()
    bar.start.selectAll()
    qtbot.keyClicks(bar.start, "3/4/2027")
    qtbot.keyClick(bar.start, Qt.Key.Key_Escape)
    assert bar.start.text() == "1 Mar 2027" and edited == []
    assert bar.start.note is None


def test_a_date_pasted_is_read_as_one_typed(qtbot) -> None:
    bar, edited = _bar(qtbot, start=dt.date(2027, 3, 1))
    bar.start.setFocus()
    bar.start.selectAll()
    QApplication.clipboard().setText("3/15/2027")
    qtbot.keyClick(bar.start, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert bar.start.text() == "3/15/2027"
    qtbot.keyClick(bar.start, Qt.Key.Key_Return)
    assert edited == [{"start": dt.date(2027, 3, 15)}]

    bar.start.selectAll()
    QApplication.clipboard().setText("Start: 3/15/2027\nEnd: 4/15/2027")  # two lines: no date
    qtbot.keyClick(bar.start, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert bar.start.text() == "15 Mar 2027" and bar.start.note.isVisible()
    assert bar.start.note.text() == ("⚠ Start date: “Start: 3/15/2027 End: 4/15/2027” is not taken. Type a date like "
                                     "15 Mar 2027, 2027-03-15 or 15.3.2027.")


def test_a_date_pasted_from_the_right_click_menu_is_read_as_one_typed(qtbot) -> None:
    """The menu's Paste went past the box's reading: a date pasted was replaced by the old one at once, and a paste
    that is no date was dropped, both without a word."""
    bar, edited = _bar(qtbot, start=dt.date(2027, 3, 1))
    _shown, text, _selected = _from_menu(qtbot, bar.start, "3/15/2027")
    assert text == "3/15/2027"
    qtbot.keyClick(bar.start, Qt.Key.Key_Return)
    # (offscreen, the popup's closing has left the box already, which took the date: Enter has nothing new to say)
    assert bar.start.text() == "15 Mar 2027" and edited == [{"start": dt.date(2027, 3, 15)}]

    _shown, text, _selected = _from_menu(qtbot, bar.start, "Start: 3/15/2027\nEnd: 4/15/2027")
    assert text == bar.start.text() == "15 Mar 2027" and bar.start.note.isVisible()
    assert bar.start.note.text() == ("⚠ Start date: “Start: 3/15/2027 End: 4/15/2027” is not taken. Type a date like "
                                     "15 Mar 2027, 2027-03-15 or 15.3.2027.")
