"""The welcome page by keyboard alone: where the cursor starts, the Tab order, and Enter creating the profile."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.test_search_fields import press, type_in


def _active(qtbot, window) -> None:
    window.activateWindow()
    qtbot.wait_until(window.isActiveWindow)


def test_the_cursor_starts_in_name_and_tab_goes_through_the_form_then_the_buttons(qtbot, open_window):
    window = open_window()
    _active(qtbot, window)
    page, form = window.welcome, window.welcome.form
    qtbot.keyClicks(QApplication.focusWidget(), "Maya")  # typing at once, as the user does
    assert form.name.text() == "Maya"
    order = [QApplication.focusWidget()]
    for _ in range(4):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        order.append(QApplication.focusWidget())
    assert order == [form.name, form.role, form.target, page.demo, page.create]
    # with a current role picked, its skills come between it and the target
    form.role.setFocus()
    type_in(qtbot, form.role, "nurse")
    press(qtbot, form.role, Qt.Key.Key_Return)
    qtbot.keyClick(form.role, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is form.skills
    qtbot.keyClick(form.skills, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is form.target
