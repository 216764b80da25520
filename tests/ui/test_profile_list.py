"""The list of clients: what a switch or a rename reads of the others, and who is shown after a delete."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from careerpath.storage import open_store
from careerpath.ui import operations as ops
from careerpath.ui.main_window import MainWindow
from tests.ui.conftest import PLAN_TIMEOUT, open_on

CLIENTS = ["Ana", "Bo", "Cy", "Dee", "Eli", "Fay"]


def _notes_read(statements: list[str]) -> set[int]:
    """The profiles whose notes the statements read."""
    return {int(pid) for s in statements
            for pid in re.findall(r"FROM profile_notes WHERE profile_id = (\d+)", s)}


def test_a_switch_or_a_rename_reads_no_other_clients_notes(qtbot, db_path: Path,
                                                          open_window: Callable[..., MainWindow]) -> None:
    """Audit (practice D4): listing the names read every client in full, a year of notes included: 127 ms a
    switch, 339 ms a rename, for 200 clients."""
    with open_store(db_path) as store:
        for name in CLIENTS:
            store.create_profile(name)
            store.add_note(name, f"Session notes of {name}")
        ids = {p.name: p.id for p in store.list_profiles()}
    window = open_window()
    statements: list[str] = []
    window.session.store.db.conn.set_trace_callback(statements.append)
    box = window.profile_box
    box.setCurrentIndex(box.findText("Cy"))
    box.activated.emit(box.currentIndex())
    assert window.session.current == "Cy"
    assert _notes_read(statements) <= {ids["Cy"]}
    statements.clear()
    ops.rename_profile(session=window.session, old="Cy", new="Cyd")
    assert [box.itemText(i) for i in range(box.count())] == ["Ana", "Bo", "Cyd", "Dee", "Eli", "Fay"]
    assert _notes_read(statements) <= {ids["Cy"]}


@pytest.fixture
def clients(db_path: Path) -> Path:
    with open_store(db_path) as store:
        for name in CLIENTS:
            store.create_profile(name)
            store.add_target(name, "data-analyst")
    return db_path


def _delete_shown(qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    """File > Delete profile > Yes, and the plan of the client shown next."""
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        window.actions.delete_profile.trigger()


def test_a_delete_shows_the_next_client_of_the_list_and_says_so(
        qtbot, clients: Path, open_window: Callable[..., MainWindow], settings,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Audit (practice D12): deleting Maria Wang, in the middle of 200 clients, showed Aisha Garcia, the first, and
    the status bar said only "Planned in 8 ms": a coach who went on working worked on another client."""
    window = open_on(qtbot, open_window, settings, "Cy")
    status = window.statusBar()

    _delete_shown(qtbot, window, monkeypatch)

    assert window.session.current == "Dee" and window.profile_box.currentText() == "Dee"
    assert status.currentMessage().startswith("Deleted “Cy” (Ctrl+Z undoes); showing “Dee” · Planned in")
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        window.actions.undo.trigger()
    assert window.session.current == "Cy"
    assert status.currentMessage().startswith("Undone for Cy (switched from Dee): Delete profile “Cy”")

    window.session.set_current("Fay")  # the last: the one above it is next
    _delete_shown(qtbot, window, monkeypatch)
    assert window.session.current == "Eli"
    assert status.currentMessage().startswith("Deleted “Fay” (Ctrl+Z undoes); showing “Eli” · ")


def test_deleting_the_last_client_says_none_is_left(qtbot, window_with_plan: MainWindow,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    window = window_with_plan
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window.actions.delete_profile.trigger()
    assert window.session.current is None
    assert window.statusBar().currentMessage() == "Deleted “Ana” (Ctrl+Z undoes); no profile left"
