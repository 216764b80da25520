"""The keyboard in the plan's, the profile panel's and the catalog browser's tables: their context menus, Tab
(real key and menu events)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication, QMenu, QPushButton, QTableView

from careerpath.ui import operations as ops
from careerpath.ui.main_window import MainWindow
from careerpath.ui.models import StepRole
from careerpath.ui.profile_models import IdRole
from tests.ui.conftest import PLAN_TIMEOUT


def make_active(qtbot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.wait_until(window.isActiveWindow)


def choose_in_next_menu(qtbot, text: str, seen: list[str]) -> None:
    """Once the next popup menu is open, note its title (accessible name) and trigger its action ``text``."""

    tries = iter(range(250))  # 5 s, then give up: a menu that never opened must not be chosen in a later test

    def choose() -> None:
        menu = QApplication.activePopupWidget()
        if not isinstance(menu, QMenu):
            if next(tries, None) is not None:
                QTimer.singleShot(20, choose)
            return
        seen.append(menu.accessibleName())
        action = next((a for a in menu.actions() if a.text() == text), None)
        menu.close()  # also where the action is missing: an open menu would block the test for ever
        if action is not None:
            action.trigger()

    QTimer.singleShot(0, choose)


def menu_key(view: QTableView) -> None:
    """The Menu key, as Qt delivers it: a keyboard context menu event to the focused view, at the centre of what
    the view reports as its cursor rectangle (its current cell, in viewport coordinates)."""
    pos = view.inputMethodQuery(Qt.InputMethodQuery.ImCursorRectangle).center()
    event = QContextMenuEvent(QContextMenuEvent.Reason.Keyboard, pos, view.mapToGlobal(pos))
    QApplication.sendEvent(view, event)


def test_the_menu_key_acts_on_the_selected_step(qtbot, window_with_plan, settings):
    """It acted on the step below the selected one: "Mark completed today" marked another credential."""
    window = window_with_plan
    settings.ask_where_applied = False
    make_active(qtbot, window)
    table, model = window.plan_view.table, window.plan_view.steps_model
    assert model.rowCount() >= 2
    first, second = (model.index(r, 0).data(StepRole) for r in (0, 1))
    table.setFocus()
    table.setCurrentIndex(model.index(0, 1))
    seen: list[str] = []
    choose_in_next_menu(qtbot, "✓ Mark completed today", seen)
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        menu_key(table)
    assert seen == [f"Actions for {first.name}"]
    progress = window.session.store.get_profile("Ana").progress
    assert progress[first.credential].status == "completed"
    assert second.credential not in progress


def test_shift_f10_opens_the_menu_of_the_selected_step(qtbot, window_with_plan):
    window = window_with_plan
    make_active(qtbot, window)
    table, model = window.plan_view.table, window.plan_view.steps_model
    step = model.index(1, 0).data(StepRole)
    table.setFocus()
    table.setCurrentIndex(model.index(1, 1))
    seen: list[str] = []
    choose_in_next_menu(qtbot, "Exclude and re-plan", seen)
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        qtbot.keyClick(table, Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)
    assert seen == [f"Actions for {step.name}"]
    assert window.session.store.get_profile("Ana").excluded == {step.credential}


def test_the_menu_key_acts_on_the_selected_credential_in_the_profile_panel(qtbot, window_with_plan):
    """It changed the credential on the row below: "Mark in progress" cleared another's completion date (that item
    now asks for the hours; "Mark planned" clears a completion the same way)."""
    window = window_with_plan
    make_active(qtbot, window)
    for cid in ("stats-fast", "stats-101"):
        with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
            ops.set_progress(session=window.session, credential_id=cid, status="completed", date="2026-01-05")
    panel = window.profile_panel
    panel.setCurrentIndex(1)
    view, model = panel.progress, panel.progress_model
    assert model.rowCount() == 2
    first, second = (model.index(r, 0).data(IdRole) for r in (0, 1))
    view.setFocus()
    view.setCurrentIndex(model.index(0, 0))
    choose_in_next_menu(qtbot, "○ Mark planned", [])
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        menu_key(view)
    progress = window.session.store.get_profile("Ana").progress
    assert progress[first].status == "planned"
    assert progress[second].status == "completed" and progress[second].date == "2026-01-05"
    # and Shift+F10 on the other (the rows are in order of status: it may have moved)
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data(IdRole) == second)
    view.setCurrentIndex(model.index(row, 0))
    choose_in_next_menu(qtbot, "Remove from my credentials", [])
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        qtbot.keyClick(view, Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)
    progress = window.session.store.get_profile("Ana").progress
    assert second not in progress and progress[first].status == "planned"


def test_no_menu_without_a_current_row(qtbot, window_with_plan):
    window = window_with_plan
    table = window.plan_view.table
    table.setCurrentIndex(window.plan_view.steps_model.index(-1, -1))
    opened: list[QPoint] = []
    table.customContextMenuRequested.connect(opened.append)
    menu_key(table)
    qtbot.keyClick(table, Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)
    assert opened == []


def test_tab_and_shift_tab_leave_the_tables(qtbot, window_with_plan):
    """Tab moved from cell to cell and wrapped: focus never left the plan steps (nor the profile panel's tables)."""
    window = window_with_plan
    make_active(qtbot, window)
    panel = window.profile_panel
    panel.setCurrentIndex(1)
    pv = window.plan_view
    for view, page in ((pv.table, pv.table), (pv.missing, pv.missing), (pv.next_up.table, pv.next_up),
                       (panel.progress, None)):
        if page is not None:
            pv.side_tabs.setCurrentWidget(page)
        for key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            view.setFocus()
            qtbot.wait_until(view.hasFocus)
            if view.model().rowCount():
                view.setCurrentIndex(view.model().index(0, 1))
            qtbot.keyClick(view, key)
            assert not view.hasFocus(), (view.accessibleName(), key)
    # within a table the arrows move
    table = pv.table
    pv.side_tabs.setCurrentWidget(table)
    table.setFocus()
    table.setCurrentIndex(table.model().index(0, 1))
    qtbot.keyClick(table, Qt.Key.Key_Down)
    assert table.hasFocus() and table.currentIndex().row() == 1


def test_tab_leaves_the_catalog_browsers_tables(qtbot, window_with_plan):
    """In the catalog browser Tab went round the cells of the list for ever: its Close button and detail pane
    could not be reached by Tab, nor by Shift+Tab."""
    window = window_with_plan
    window.open_catalog("", "")
    browser = window._browser
    qtbot.add_widget(browser)
    browser.activateWindow()
    qtbot.wait_until(browser.isActiveWindow)
    close = next(b for b in browser.findChildren(QPushButton) if b.text() == "Close")
    for kind, view in browser.views.items():
        browser.tabs.setCurrentWidget(view)
        for key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            view.setFocus()
            qtbot.wait_until(view.hasFocus)
            view.setCurrentIndex(view.model().index(0, 1))
            qtbot.keyClick(view, key)
            assert not view.hasFocus(), (kind, key)
    # on from the list, Tab reaches the detail pane, then (past the pane's links) Close
    view = browser.views["role"]
    browser.tabs.setCurrentWidget(view)
    view.setFocus()
    reached = []
    for _ in range(60):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        reached.append(QApplication.focusWidget())
        if reached[-1] is close:
            break
    assert browser.details in reached and reached[-1] is close
    # within a table the arrows move
    view.setFocus()
    view.setCurrentIndex(view.model().index(0, 1))
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert view.hasFocus() and view.currentIndex().row() == 1


def test_a_new_profile_puts_the_keyboard_on_its_plan_steps(qtbot, open_window):
    """The welcome page went away under the focus, which fell to the chart's tab bar."""
    window = open_window()
    make_active(qtbot, window)
    welcome = window.welcome
    welcome.form.name.setFocus()
    qtbot.keyClicks(welcome.form.name, "Bo")
    welcome.form.target.picked.emit("data-analyst")
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        qtbot.keyClick(welcome.create, Qt.Key.Key_Space)
    assert QApplication.focusWidget() is window.plan_view.table
    # and the demo profile, opened from the welcome page too
    ops.delete_profile(session=window.session, name="Bo")
    qtbot.wait_until(welcome.isVisible)
    welcome.demo.setFocus()
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        qtbot.keyClick(welcome.demo, Qt.Key.Key_Space)
    assert QApplication.focusWidget() is window.plan_view.table


def test_no_list_in_the_apps_windows_traps_tab(qtbot, window_with_plan):
    """Compare roles, Where can I go? and the badge review kept Tab going round their cells (a keyboard user could
    not reach Close); like the plan's tables and the catalog browser's, their lists now let Tab leave. Only the
    catalog editor's levels grid, whose cells are edited, keeps Tab within it, as a spreadsheet does."""
    from PySide6.QtWidgets import QAbstractItemView

    from careerpath.ui.badge_review import BadgeReviewDialog
    from careerpath.ui.compare_dialog import CompareDialog

    window = window_with_plan
    window.open_compare()
    window.open_discover()
    window.open_catalog("", "")
    review = BadgeReviewDialog([], window.catalog, "Ana", window)
    qtbot.add_widget(review)
    compare = next(w for w in QApplication.topLevelWidgets() if isinstance(w, CompareDialog) and w.isVisible())
    qtbot.add_widget(compare)
    lists = [v for w in (window, compare, window._discover, window._browser, review)
             for v in w.findChildren(QAbstractItemView) if v.objectName() != "qt_calendar_calendarview"]
    assert len(lists) >= 8  # the plan's, the panel's, compare's two, discover's, the browser's three, the review's
    assert [v.accessibleName() or type(v).__name__ for v in lists if v.tabKeyNavigation()] == []
