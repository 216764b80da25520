"""The date box ("Mark completed on…", "Record a renewal"): keys on the calendar, and the days it refuses."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QCalendarWidget, QDialog, QTableView, QWidget

from careerpath.ui import operations as ops
from careerpath.ui.dialogs import ask_date
from careerpath.ui.models import StepRole
from tests.ui.conftest import PLAN_TIMEOUT


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


def _mark_completed_on(qtbot, window, cid: str, seen: list[QDate]) -> None:
    """"✓ Mark completed on…" on the step of ``cid``: note the day the box opens on, take the day before it."""
    model = window.plan_view.steps_model
    step = next(s for s in (model.index(r, 0).data(StepRole) for r in range(model.rowCount())) if s.credential == cid)

    def keys(_dialog: QDialog, calendar: QCalendarWidget) -> None:
        seen.append(calendar.selectedDate())
        grid = calendar.findChild(QTableView)
        qtbot.keyClick(grid, Qt.Key.Key_Left)
        qtbot.keyClick(grid, Qt.Key.Key_Return)

    menu = window.plan_view.step_menu(step)
    _with_the_box(qtbot, keys)
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        next(a for a in menu.actions() if a.text() == "✓ Mark completed on…").trigger()


def test_correcting_a_completion_date_starts_on_it_and_asks_nothing_more(qtbot, window_with_plan) -> None:
    """"Where will you apply this?" is for a credential just completed, not for a completion re-dated."""
    window = window_with_plan
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        window.run_op(lambda: ops.set_progress(session=window.session, credential_id="tableau-desktop",
                                               status="completed", date="2025-03-01"))
    seen: list[QDate] = []
    _mark_completed_on(qtbot, window, "tableau-desktop", seen)
    assert seen == [QDate(2025, 3, 1)]  # the date recorded, not today
    assert window.session.store.get_profile("Ana").progress["tableau-desktop"].date == "2025-02-28"
    qtbot.wait(700)  # past the 400 ms the question waits for the re-plan
    assert getattr(window, "_where_applied", None) is None
    # a step completed now is still asked about
    _mark_completed_on(qtbot, window, "stats-fast", seen)
    assert seen[1] == QDate.currentDate()
    qtbot.wait_until(lambda: getattr(window, "_where_applied", None) is not None, timeout=5_000)
    window._where_applied.not_now.click()
