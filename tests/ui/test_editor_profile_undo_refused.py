"""Ctrl+Z in the catalog editor reaches the profile and evidence steps too (it shares the main window's undo
stack): one the database refuses is said in the editor, where it was pressed, not only in the main window
behind it. A real window and editor over a real SQLite file; the outside change or the lock come through
connections of their own."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from careerpath.ui.main_window import MainWindow
from tests.ui.conftest import PLAN_TIMEOUT, evidence_deleted
from tests.ui.test_catalog_undo_refused import editor_of
from tests.ui.test_undo_refused_seen import CAUSES, refused_by


@pytest.mark.parametrize("cause", CAUSES)
def test_a_profile_undo_refused_from_the_catalog_editor_is_said_in_the_editor(
        qtbot, window_with_plan: MainWindow, db_path: Path, cause: str) -> None:
    window = window_with_plan
    s = window.session
    text = evidence_deleted(window)
    window._evidence.close()
    editor = editor_of(qtbot, window)
    editor.list.setFocus()
    assert s.undo_stack.undoText() == text

    with refused_by(cause, window, db_path):
        if cause == "changed outside":
            with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
                qtbot.keyClick(editor.list, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        else:
            qtbot.keyClick(editor.list, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.wait(50)

    assert s.store.list_evidence("Ana") == []  # nothing was undone
    assert editor.message.isVisible()
    said = editor.message.text()
    assert said.startswith("⚠ ")
    assert ("“Ana” was changed outside the app" in said if cause == "changed outside"
            else said.startswith(f"⚠ Cannot undo “{text}”") and "locked" in said)
    assert window.message_bar.isVisible()  # the main window still says it too
