"""The date box ("Mark completed on…", "Record a renewal"): keys on the calendar, and the days it refuses."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QCalendarWidget, QDialog, QTableView, QWidget

from careerpath.ui.dialogs import ask_date


def _with_the_box(qtbot, act: Callable[[QDialog, QCalendarWidget], None]) -> None:
    """Run ``act`` on the date box once it is up; the box is closed after it if ``act`` left it open."""

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        try:
            assert isinstance(dialog, QDialog)
            act(dialog, dialog.findChild(QCalendarWidget))
        finally:
            if dialog is not None and dialog.isVisible():
                dialog.reject()

    QTimer.singleShot(0, answer)


def test_enter_on_the_calendar_takes_the_day_moved_to(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)

    def keys(_dialog: QDialog, calendar: QCalendarWidget) -> None:
        grid = calendar.findChild(QTableView)  # the days: it has the keyboard while the arrows move the day
        qtbot.keyClick(grid, Qt.Key.Key_Left)
        qtbot.keyClick(grid, Qt.Key.Key_Return)

    _with_the_box(qtbot, keys)
    assert ask_date(parent, "Completed", "When did you complete it?", default=dt.date(2025, 4, 15)) == dt.date(
        2025, 4, 14)


def test_the_days_after_today_are_drawn_as_unavailable(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    seen: dict[str, object] = {}

    def look(_dialog: QDialog, calendar: QCalendarWidget) -> None:
        today = QDate.currentDate()
        grey = calendar.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        seen["max"] = calendar.maximumDate()
        # every later day the grid can show (up to six weeks on) is greyed; today and before are not
        seen["later"] = {calendar.dateTextFormat(today.addDays(n)).foreground().color() == grey
                         for n in range(1, 43)}
        seen["today"] = calendar.dateTextFormat(today).foreground().color() == grey

    _with_the_box(qtbot, look)
    assert ask_date(parent, "Completed", "When did you complete it?") is None
    assert seen == {"max": QDate.currentDate(), "later": {True}, "today": False}
