"""The profile dock's credential menu: "Mark in progress…" asks for the hours, as the plan table's does."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QDoubleSpinBox, QLabel, QMenu

from careerpath.ui import operations as ops
from careerpath.ui.profile_models import IdRole
from tests.ui.conftest import PLAN_TIMEOUT


def test_mark_in_progress_in_the_dock_asks_for_the_hours(qtbot, window_with_plan) -> None:
    """It set 0 h without asking, and on a completed credential dropped its completion date without a word."""
    window = window_with_plan
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        window.run_op(lambda: ops.set_progress(session=window.session, credential_id="tableau-desktop",
                                               status="completed", date="2025-03-01"))
    panel = window.profile_panel
    window.dock.show()
    panel.setCurrentWidget(panel.progress.parentWidget())
    model = panel.progress.model()
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data(IdRole) == "tableau-desktop")
    panel.progress.setCurrentIndex(model.index(row, 0))
    asked: list[tuple] = []
    answer: list[str | None] = ["12"]  # typed into the hours box, or None for Cancel

    def answer_the_box() -> None:
        dialog = QApplication.activeModalWidget()
        try:
            assert isinstance(dialog, QDialog)
            box = dialog.findChild(QDoubleSpinBox)
            asked.append((dialog.windowTitle(), dialog.findChild(QLabel).text(), box.value(), box.minimum(),
                          box.maximum()))
            if answer[0] is None:
                dialog.reject()
                return
            box.selectAll()
            qtbot.keyClicks(box, answer[0])
            dialog.accept()
        finally:
            if dialog is not None and dialog.isVisible():
                dialog.reject()

    def mark_in_progress() -> None:
        menu = QApplication.activePopupWidget()
        try:
            assert isinstance(menu, QMenu)
            action = next(a for a in menu.actions() if a.text().startswith("◐ Mark in progress"))
            assert action.isEnabled()
            QTimer.singleShot(0, answer_the_box)
            action.trigger()
        finally:
            if menu is not None:
                menu.close()

    def open_menu() -> None:
        QTimer.singleShot(0, mark_in_progress)
        panel.on_progress_menu(panel.progress.visualRect(model.index(row, 0)).center())

    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        open_menu()
    title, prompt, value, low, high = asked[0]
    cred = window.catalog.credentials["tableau-desktop"]
    assert (title, value, low, high) == ("In progress", 0.0, 0.0, cred.hours)  # completed: no hours recorded
    assert prompt.startswith(f"Hours already spent on “{cred.name}” (of ")
    entry = window.session.store.get_profile("Ana").progress["tableau-desktop"]
    assert (entry.status, entry.hours_done, entry.date) == ("in-progress", 12.0, None)
    # again on the credential in progress: it starts on the hours recorded; Cancel changes nothing
    answer[0] = None
    open_menu()
    qtbot.wait(200)
    assert asked[1][2] == 12.0
    assert window.session.store.get_profile("Ana").progress["tableau-desktop"].hours_done == 12.0
