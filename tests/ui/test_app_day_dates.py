"""What the user does is dated by the app's day (Session.today), not the system's clock: a tick, "Mark completed
today", the date box's last day, "Where will you apply this?", the badge import. The app's day is a test's Clock,
a day long gone by the system's clock; real widgets over a real SQLite file, the real planner."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from PySide6.QtCore import QDate, QTimer
from PySide6.QtWidgets import QApplication, QCalendarWidget, QFileDialog

from careerpath.ui import operations as ops
from careerpath.ui.main_window import MainWindow
from careerpath.ui.models import StepRole
from careerpath.ui.profile_models import IdRole
from tests.ui.conftest import PLAN_TIMEOUT, Clock

DAY = dt.date(2025, 6, 10)  # the app's day; the system's clock is well past it


def _ana(qtbot, open_window, **kwargs) -> MainWindow:
    window = open_window(today=Clock(DAY), **kwargs)
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        ops.create_profile(session=window.session, name="Ana", target="data-analyst")
    return window


def _step(window: MainWindow, index: int = 0):
    return window.plan_view.steps_model.index(index, 0).data(StepRole)


def _completed_on(window: MainWindow, cid: str) -> str | None:
    entry = window.session.store.get_profile("Ana").progress[cid]
    assert entry.status == "completed"
    return entry.date


def test_a_tick_is_dated_by_the_apps_day_and_takes_the_plan_made_ahead(qtbot, open_window) -> None:
    window = _ana(qtbot, open_window, charts=True)
    first = _step(window).credential
    # the plan made ahead for that tick is of the same day, so the tick is on screen at once
    qtbot.wait_until(lambda: bool(window.prefetch.guesses) and window.prefetch.guesses[0].done, timeout=30_000)
    model = window.plan_view.steps_model
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        model.setData(model.index(0, model.STATUS_COLUMN), 2, 10)  # 2: Checked, 10: CheckStateRole
    assert _completed_on(window, first) == DAY.isoformat()
    assert window.prefetch.hits == 1
    assert window.last_plan.job.person.done_on[first] == DAY


def test_mark_completed_today_in_the_plan_and_the_profile_panel_is_the_apps_day(qtbot, open_window) -> None:
    window = _ana(qtbot, open_window)
    step = _step(window)
    qtbot.wait(700)  # the question after the first tick, out of the way of the next
    menu = window.plan_view.step_menu(step)
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        next(a for a in menu.actions() if a.text() == "✓ Mark completed today").trigger()
    assert _completed_on(window, step.credential) == DAY.isoformat()

    panel = window.profile_panel
    panel.add_as.setCurrentIndex(panel.add_as.findData("completed"))
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        panel.on_credential_picked("tableau-desktop")
    assert _completed_on(window, "tableau-desktop") == DAY.isoformat()

    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        window.run_op(lambda: ops.set_progress(session=window.session, credential_id="pl-300", status="planned"))
    model = panel.progress_model
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data(IdRole) == "pl-300")
    panel.progress.setCurrentIndex(model.index(row, 0))
    shown: list = []
    # the context menu is modal: note its actions and close it, then trigger the one wanted
    QTimer.singleShot(0, lambda: (shown.extend(QApplication.activePopupWidget().actions()),
                                  QApplication.activePopupWidget().close()))
    panel.on_progress_menu(panel.progress.visualRect(model.index(row, 0)).center())
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        next(a for a in shown if a.text() == "✓ Mark completed today").trigger()
    assert _completed_on(window, "pl-300") == DAY.isoformat()


def test_the_date_box_ends_on_the_apps_day_and_the_question_after_a_tick_counts_from_it(qtbot,
                                                                                      open_window) -> None:
    window = _ana(qtbot, open_window)
    step = _step(window)
    seen: dict[str, QDate] = {}

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        calendar = dialog.findChild(QCalendarWidget)
        seen["selected"], seen["max"] = calendar.selectedDate(), calendar.maximumDate()
        dialog.accept()

    QTimer.singleShot(0, look)
    menu = window.plan_view.step_menu(step)
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        next(a for a in menu.actions() if a.text() == "✓ Mark completed on…").trigger()
    assert seen == {"selected": QDate(2025, 6, 10), "max": QDate(2025, 6, 10)}
    assert _completed_on(window, step.credential) == DAY.isoformat()

    qtbot.wait_until(lambda: getattr(window, "_where_applied", None) is not None, timeout=5_000)
    by_when = window._where_applied.by_when
    assert by_when.edit.date() == QDate(2025, 7, 10)  # a month from the app's day
    window._where_applied.not_now.click()


def test_the_demo_profile_is_dated_by_the_apps_day(qtbot, open_window) -> None:
    window = open_window(today=Clock(DAY))
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        window.run_op(lambda: ops.open_demo_profile(session=window.session))
    progress = window.session.profile().progress
    dates = {e.date for e in progress.values() if e.status == "completed"}
    assert dates == {DAY.isoformat()}


def test_badges_are_matched_as_of_the_apps_day(qtbot, open_window, tmp_path: Path, monkeypatch) -> None:
    """A badge that expires after the app's day (but before the system's) still counts."""
    window = _ana(qtbot, open_window)
    badge = {"@context": "https://w3id.org/openbadges/v2", "type": "Assertion", "id": "urn:uuid:1",
             "recipient": {"type": "email", "hashed": False, "identity": "a@example.org"},
             "issuedOn": "2024-03-05T10:00:00Z", "expires": "2025-12-01T12:00:00Z",
             "badge": {"type": "BadgeClass", "id": "https://example.com/badges/sql", "name": "SQL Basics",
                       "issuer": {"type": "Profile", "name": "Example Academy"}},
             "verification": {"type": "hosted"}}
    path = tmp_path / "sql.json"
    path.write_text(json.dumps(badge))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *_a, **_k: ([str(path)], ""))
    window.actions.import_badges.trigger()
    qtbot.wait_until(lambda: window.importer.review is not None and window.importer.review.isVisible(),
                     timeout=PLAN_TIMEOUT)
    review = window.importer.review
    assert review.table.item(0, 3).text() == "✓ will be imported"
    review.reject()
